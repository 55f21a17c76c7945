// The report page's figures (report.html), from the xAPI statements cyberdrill sends: a pure
// function of the statements and the time, with no DOM and no network, so that a test can
// hold it to figures worked out by hand (tests/browser/report.test.mjs). It reads only what
// src/xapi.rs writes, and what any conformant LRS gives back of it:
//
// - a learner is the statement's `actor.account` (its `homePage` and `name`);
// - a drill is an activity whose statements say `initialized` or `completed`; a question is
//   an `answered` statement's object, its drill the `parent` in its context;
// - a drill's topic is the `topic` of the grouping activity (`…/content/?topic=phishing`);
// - months and quarters are UTC calendar ones, which are also the NHS financial year's
//   quarters (April, July, October and January start them).

const VERB = 'http://adlnet.gov/expapi/verbs/';
export const COMPLETED = `${VERB}completed`;
export const ANSWERED = `${VERB}answered`;
const INITIALIZED = `${VERB}initialized`;

/// How many of the questions answered wrongly most often the report lists.
export const WRONG_LISTED = 10;

const DAY_MS = 24 * 60 * 60 * 1000;

/// The first millisecond of the UTC month of `ms`, and of its quarter.
export function periods(ms) {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return {
    month: Date.UTC(year, month, 1),
    quarter: Date.UTC(year, month - (month % 3), 1),
  };
}

/// The Monday (UTC) that starts the week of `ms`, as Unix ms.
export function weekStart(ms) {
  const day = Math.floor(ms / DAY_MS);
  // 1 January 1970, day 0, was a Thursday: Monday is 3 days before it.
  return (day - ((((day + 3) % 7) + 7) % 7)) * DAY_MS;
}

const learnerOf = (s) => {
  const account = s.actor?.account;
  return account && typeof account.name === 'string' ? `${account.homePage ?? ''}\u0000${account.name}` : null;
};

const nameOf = (activity) => {
  const names = activity?.definition?.name ?? {};
  return names['en-GB'] ?? Object.values(names)[0] ?? activity?.id ?? '';
};

function topicOf(statement) {
  for (const group of statement.context?.contextActivities?.grouping ?? []) {
    try {
      const topic = new URL(group.id).searchParams.get('topic');
      if (topic) return topic;
    } catch {
      // Not a URL: not ours.
    }
  }
  return 'other';
}

/// The report's figures from `statements` (any order, any duplicates) at time `now` (Unix ms):
///
/// - `staff`: learners with at least one drill completed this month and this quarter;
/// - `weeks`: for each week (by its Monday) from the one the quarter starts in to this one,
///   the drills completed, by topic and in all;
/// - `topics`: each topic with drills completed this quarter, most first;
/// - `wrong`: the questions answered wrongly most often this quarter (at most WRONG_LISTED,
///   most first), each with its drill and how often it was answered;
/// - `statements`: how many statements of this quarter the figures stand on.
///
/// A statement without a learner, a time or an object is not counted; nor is one dated after
/// `now` (a wrong clock on some computer), so the figures never run ahead of the page.
export function tally(statements, now) {
  const { month, quarter } = periods(now);
  const seen = new Set();
  const drillNames = new Map();
  const monthStaff = new Set();
  const quarterStaff = new Set();
  const weeks = new Map();
  const topics = new Map();
  const questions = new Map();
  let counted = 0;
  for (let w = weekStart(quarter); w <= now; w += 7 * DAY_MS) weeks.set(w, new Map());
  for (const s of statements) {
    const time = Date.parse(s?.timestamp ?? '');
    const learner = s && learnerOf(s);
    const object = s?.object;
    if (!learner || !object?.id || Number.isNaN(time) || time < quarter || time > now) continue;
    if (s.id) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
    }
    counted += 1;
    const verb = s.verb?.id;
    if (verb === INITIALIZED || verb === COMPLETED) drillNames.set(object.id, nameOf(object));
    if (verb === COMPLETED) {
      quarterStaff.add(learner);
      if (time >= month) monthStaff.add(learner);
      const topic = topicOf(s);
      topics.set(topic, (topics.get(topic) ?? 0) + 1);
      const week = weeks.get(weekStart(time));
      week.set(topic, (week.get(topic) ?? 0) + 1);
    } else if (verb === ANSWERED && typeof s.result?.success === 'boolean') {
      const drill = s.context?.contextActivities?.parent?.[0]?.id ?? '';
      const question = questions.get(object.id) ?? { id: object.id, name: nameOf(object), drill, answered: 0, wrong: 0 };
      question.answered += 1;
      if (!s.result.success) question.wrong += 1;
      questions.set(object.id, question);
    }
  }
  const byCount = (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return {
    statements: counted,
    staff: { month: monthStaff.size, quarter: quarterStaff.size },
    periods: { month, quarter },
    weeks: [...weeks].map(([start, byTopic]) => ({
      start,
      total: [...byTopic.values()].reduce((sum, n) => sum + n, 0),
      byTopic: Object.fromEntries([...byTopic].sort(byCount)),
    })),
    topics: [...topics].sort(byCount).map(([topic, completed]) => ({ topic, completed })),
    wrong: [...questions.values()]
      .filter((q) => q.wrong > 0)
      .sort((a, b) => b.wrong - a.wrong || b.wrong / b.answered - a.wrong / a.answered || (a.id < b.id ? -1 : 1))
      .slice(0, WRONG_LISTED)
      .map((q) => ({ ...q, drillName: drillNames.get(q.drill) ?? q.drill })),
  };
}

/// `rows` (arrays of cells) as CSV text, every cell quoted as RFC 4180 has it, and cells that
/// a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, tab or return) written
/// with a leading `'`, since drill and question names come from many hands.
export function csv(rows) {
  const cell = (value) => {
    let text = String(value ?? '');
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return `"${text.replaceAll('"', '""')}"`;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
