// A learner's five years of daily drills, for the benchmark's stored-progress section: the
// history a widget on a busy learner's computer reads at start and rewrites when a drill ends.
//
// Written in the current schema (3, `src/progress.rs`), exactly as `progress::to_json` writes a
// `History`: {"schema":3,"attempts":[{"drill","at","score","answers","hash"[,"variant"]},…],
// "summaries":[]}, oldest first, answers as [question id, {"c":[…]} or {"p":[…]}] in question
// order, an attempt at a drill with variants naming the variant taken. Nothing is folded into
// summaries: at some 400 KB it is over the 64 KB budget (`BUDGET`), so the widget compacts it
// and writes it back on the first load that reads it, as it would the history of a learner
// whose widget was upgraded to compaction.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const HISTORY_KEY = 'cyberdrill:v1:device:history';
export const LEARNER_PREFIX = 'cyberdrill:v1:device:';
export const DAYS = 1826; // five years, one of them a leap year
const DAY_MS = 86_400_000;

// A small seeded generator (mulberry32), so every run stores the same history.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// `mockup::is_wordlike`: a part worth selecting has an ASCII letter or digit, or a character
// outside ASCII other than those of the space-and-punctuation blocks.
const wordlike = (c) =>
  /[A-Za-z0-9]/.test(c) ||
  !(c.codePointAt(0) < 0x80 || /[\u00a0-\u00bf\u2000-\u206f\u3000-\u303f]/.test(c));

/// The file of a catalog entry, relative to the catalog: its `file`, or `<id>.json` where a
/// catalog leaves it out (`catalog::default_file`, filled in by `Catalog::parse`).
export const drillFile = (entry) => entry.file || `${entry.id}.json`;

/// The compiled drill of catalog `entry` in `contentDir`, read as the widget reads it: a
/// compiled drill (`{"format":2,"drill":…}`), not Markdown.
export function compiledDrill(contentDir, entry) {
  const file = drillFile(entry);
  if (!file.endsWith('.json')) throw new Error(`bench: ${entry.id} is ${file} in ${contentDir}, not a compiled drill`);
  return JSON.parse(readFileSync(resolve(contentDir, file), 'utf8'));
}

/// The versions of a compiled drill a learner can take, each `{ variant, questions }`: the
/// drill itself (`variant` empty), or each of its variants (`lesson::Drill::variant`).
export function versionsOf(compiled) {
  const { questions, variants = [] } = compiled.drill;
  if (!variants.length) return [{ variant: '', questions: questionsOf(questions) }];
  return variants.map((v) => ({ variant: v.id, questions: questionsOf(v.questions) }));
}

/// What a choice's label reads as on screen, as a regular expression's source for its text
/// with whitespace collapsed: the label's HTML without its tags and with its character
/// references decoded, each `{{name}}` (which the widget fills from the catalog's settings)
/// matching anything. The widget shows a turn's choices shuffled (`offer::order`), so the
/// benchmark finds a right choice by its words, never by its place.
export function labelPattern(html) {
  const named = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: ' ' };
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, dec, hex, name) =>
      dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : (named[name] ?? whole),
    )
    .replace(/\s+/g, ' ')
    .trim();
  const escape = (part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^${text.split(/\{\{\s*[a-z0-9_]+\s*\}\}/).map(escape).join('.*')}$`;
}

/// Questions as the marking sees them: kind, and which indices are right (choices, or
/// selectable mock-up parts for a red-flags question; `lesson::Question::kind`: a question with
/// choices is pick-one unless declared `select_all`; `selectable_parts`); for choices, `right`,
/// the right choices' `labelPattern`s.
export function questionsOf(questions) {
  return questions.map((q) => {
    if (q.choices.length) {
      const truth = q.choices.map((c) => c.correct);
      const right = q.choices.flatMap((c) => (c.correct ? [labelPattern(c.label)] : []));
      return { id: q.id, kind: q.select_all ? 'select-all' : 'pick-one', truth, right };
    }
    const parts = q.body
      .filter((block) => block.mockup)
      .flatMap(({ mockup }) => [...mockup.headers.flatMap((h) => h.parts), ...mockup.body.flat()])
      .filter((p) => p.reason != null || [...p.text].some(wordlike));
    return { id: q.id, kind: 'red-flags', truth: parts.map((p) => p.reason != null) };
  });
}

/// `score::mark` for picked indices.
function mark(truth, picked) {
  const outOf = truth.filter(Boolean).length;
  const right = picked.filter((i) => truth[i]).length;
  const wrong = picked.length - right;
  return { correct: right === outOf && wrong === 0, points: Math.max(0, right - wrong), outOf };
}

// What a learner picks: everything right, or a plausible slip of the question's kind.
function answer(question, right, rand) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const yes = question.truth.flatMap((t, i) => (t ? [i] : []));
  const no = question.truth.flatMap((t, i) => (t ? [] : [i]));
  let picked = yes;
  if (!right) {
    if (question.kind === 'pick-one') picked = [pick(no)];
    else {
      const missed = yes.length > 1 ? pick(yes) : null;
      picked = yes.filter((i) => i !== missed);
      if (missed == null || rand() < 0.5) if (no.length) picked = [...picked, pick(no)];
      if (!picked.length) picked = [pick(no.length ? no : yes)];
    }
  }
  return [...new Set(picked)].sort((a, b) => a - b);
}

/// The stored text of a five-year history over the drills of `contentDir`'s catalog, its last
/// attempt the day before `now`: one drill a day at a working hour, never the same drill two
/// days running, answered right more often as the years go by (60 % of questions the first
/// day, 90 % the last). Also returns what it holds.
export function fiveYearHistory(contentDir, now, seed = 2026) {
  const catalog = JSON.parse(readFileSync(resolve(contentDir, 'catalog.json'), 'utf8'));
  const drills = catalog.drills.map((entry) => ({ entry, versions: versionsOf(compiledDrill(contentDir, entry)) }));
  const rand = generator(seed);
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const attempts = [];
  let previous = null;
  for (let d = DAYS; d >= 1; d--) {
    let drill;
    do drill = drills[Math.floor(rand() * drills.length)];
    while (drill.entry.id === previous && drills.length > 1);
    previous = drill.entry.id;
    const skill = 0.6 + (0.3 * (DAYS - d)) / (DAYS - 1);
    const at = today - d * DAY_MS + Math.floor((7.5 + rand() * 10) * 3_600_000) + Math.floor(rand() * 1000);
    const { variant, questions } = drill.versions.length > 1 ? drill.versions[Math.floor(rand() * drill.versions.length)] : drill.versions[0];
    const answers = questions.map((q) => [q.id, answer(q, rand() < skill, rand)]);
    const marks = questions.map((q, i) => mark(q.truth, answers[i][1]));
    attempts.push({
      drill: drill.entry.id,
      at,
      score: {
        correct: marks.filter((m) => m.correct).length,
        questions: marks.length,
        points: marks.reduce((s, m) => s + m.points, 0),
        out_of: marks.reduce((s, m) => s + m.outOf, 0),
      },
      answers: answers.map(([id, picked], i) => [id, questions[i].kind === 'red-flags' ? { p: picked } : { c: picked }]),
      hash: drill.entry.source,
      ...(variant ? { variant } : {}),
    });
  }
  attempts.sort((a, b) => a.at - b.at || (a.drill < b.drill ? -1 : a.drill > b.drill ? 1 : 0));
  const text = JSON.stringify({ schema: 3, attempts, summaries: [] });
  return {
    text,
    attempts: attempts.length,
    drills: new Set(attempts.map((a) => a.drill)).size,
    first: attempts[0].at,
    last: attempts.at(-1).at,
    rightShare: attempts.reduce((s, a) => s + a.score.correct, 0) / attempts.reduce((s, a) => s + a.score.questions, 0),
  };
}
