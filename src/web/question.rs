//! One question: the prompt, its content, the choices or the message to search for red flags,
//! Check, then feedback that teaches.

use std::sync::Arc;

use leptos::prelude::*;

use super::kit::{press, take_focus};
use super::markup::{Markup, markup};
use super::mockup::{Blocks, Picking};
use super::state::{Ctx, now};
use crate::lesson::{Kind, Question};
use crate::offer;
use crate::progress::Session;
use crate::score::{self, Answer};
use crate::verdict::{self, Verdict};
use crate::wording;
use crate::words::Key;

/// The question at `index` of the drill on offer.
#[component]
pub fn QuestionView(ctx: Ctx, index: usize) -> impl IntoView {
    let Some(offer) = ctx.offer.get_untracked() else {
        return ().into_any();
    };
    let Some(question) = offer.drill.questions.get(index).cloned() else {
        return ().into_any();
    };
    let total = offer.drill.questions.len();
    let minutes = offer.entry.minutes;
    let kind = question.kind();
    let id = question.id.clone();
    // The learner's checked answer, and whether there is one: signals that change only when
    // they do, so a session saved for another reason (a tab syncing, say) draws nothing again.
    // (As `Memo`s would; an effect and two signals the widget has anyway cost its download
    // less than Leptos's memo machinery, used nowhere else.)
    let answer_now =
        move |session: &Option<Session>| session.as_ref().and_then(|s| s.answer_to(&id).cloned());
    let answer = RwSignal::new(ctx.session.with_untracked(&answer_now));
    let checked = RwSignal::new(answer.with_untracked(Option::is_some));
    Effect::new(move |_| {
        let now = ctx.session.with(&answer_now);
        if checked.get_untracked() != now.is_some() {
            checked.set(now.is_some());
        }
        if answer.with_untracked(|a| *a != now) {
            answer.set(now);
        }
    });
    let initial = match answer.get_untracked() {
        Some(Answer::Choices(picked) | Answer::Parts(picked)) => picked,
        None => Vec::new(),
    };
    let selected = RwSignal::new(initial);
    let seed = ctx
        .session
        .with_untracked(|s| s.as_ref().map_or(0, Session::seed));

    let check = move || ctx.check(index, selected.get_untracked());
    let hint = wording::hint(&ctx.words(), kind).to_owned();
    let picking = (kind == Kind::RedFlags).then_some(Picking { selected, checked });
    let prompt_id = format!("prompt-{index}");
    let labelled_by = prompt_id.clone();
    let q = question.clone();
    let last = index + 1 == total;
    let base = offer.base.clone();

    view! {
        <div class="question">
            <h2 class="eyebrow" lang=ctx.content_lang()>{offer.entry.title.clone()}</h2>
            <div class="progress">
                <p>{ctx.words().say(Key::QuestionOf, &[("n", &(index + 1).to_string()), ("total", &total.to_string())])}</p>
                <Clock ctx minutes/>
            </div>
            <fieldset aria-labelledby=labelled_by>
                <legend>
                    <h3 id=prompt_id tabindex="-1" use:take_focus=ctx use:markup=Markup { html: question.prompt_html.clone(), base: base.clone() }></h3>
                    <span class="hint">{hint}</span>
                </legend>
                <Blocks blocks=question.body.clone() base=base.clone() picking words=ctx.words()/>
                <Choices ctx question=question.clone() seed base=base.clone() selected checked/>
            </fieldset>
            {move || (!checked.get()).then(|| view! {
                <div class="actions">
                    <button type="button" class="primary" on:click=press(check)>{ctx.say(Key::Check)}</button>
                </div>
            }.into_any())}
            {move || answer.get().map(|answer| view! {
                <Feedback ctx question=q.clone() base=base.clone() answer/>
                <div class="actions">
                    <button type="button" class="primary" on:click=press(move || ctx.next(index))>
                        {ctx.say(if last { Key::SeeResults } else { Key::NextQuestion })}
                    </button>
                </div>
            }.into_any())}
        </div>
    }
    .into_any()
}

/// The radio buttons or checkboxes of a question (nothing for a red-flags question).
#[component]
fn Choices(
    ctx: Ctx,
    question: Question,
    seed: u32,
    base: Arc<str>,
    selected: RwSignal<Vec<u16>>,
    checked: RwSignal<bool>,
) -> impl IntoView {
    let kind = question.kind();
    if kind == Kind::RedFlags {
        return ().into_any();
    }
    let input = if kind == Kind::PickOne {
        "radio"
    } else {
        "checkbox"
    };
    let name = format!("choice-{}", question.id);
    offer::order(&question, seed)
        .into_iter()
        .filter_map(|i| Some((i, question.choices.get(i)?.clone())))
        .map(|(i, choice)| {
            let i = i as u16;
            let picked = move || selected.with(|s| s.contains(&i));
            let change = move |_| {
                selected.update(|s| {
                    if kind == Kind::PickOne {
                        *s = vec![i];
                    } else if let Some(at) = s.iter().position(|&p| p == i) {
                        s.remove(at);
                    } else {
                        s.push(i);
                    }
                });
            };
            let correct = choice.correct;
            let status = move || {
                checked.get().then(|| match (correct, picked()) {
                    (true, true) => ("right", Some(Key::YourAnswerRight)),
                    (true, false) => ("right", Some(Key::RightAnswer)),
                    (false, true) => ("wrong", Some(Key::YourAnswerWrong)),
                    (false, false) => ("", None),
                })
            };
            view! {
                <label class=move || format!("choice {}", status().map_or("", |s| s.0))>
                    <input type=input name=name.clone() prop:checked=picked disabled=move || checked.get() on:change=change/>
                    <span class="label" use:markup=Markup { html: choice.label.clone(), base: base.clone() }></span>
                    {move || status().and_then(|s| s.1).map(|key| view! { <span class="badge">{ctx.say(key)}</span> }.into_any())}
                </label>
            }
            .into_any()
        })
        .collect_view()
        .into_any()
}

/// What the learner's answer earned, why, and what to remember.
#[component]
fn Feedback(ctx: Ctx, question: Question, base: Arc<str>, answer: Answer) -> impl IntoView {
    let mark = score::mark(&question, &answer);
    let verdict = Verdict::of(&mark);
    let (class, icon) = match verdict {
        Verdict::Correct => ("feedback right", "✓"),
        Verdict::Partly => ("feedback partly", "◐"),
        Verdict::Wrong => ("feedback wrong", "✗"),
    };
    let detail = verdict::detail(&ctx.words(), &question, &answer, &mark);
    let words = verdict.words(&ctx.words()).to_owned();
    let choice_feedback = question
        .choices
        .iter()
        .enumerate()
        .filter(|(i, _)| answer.has(*i))
        .filter_map(|(_, c)| c.feedback.clone().map(|f| (c.label.clone(), f)))
        .map(|(label, feedback)| {
            view! {
                <div class="choice-feedback">
                    <p class="chosen">{ctx.say(Key::YouChose)}" " <span use:markup=Markup { html: label, base: base.clone() }></span></p>
                    <div use:markup=Markup { html: feedback, base: base.clone() }></div>
                </div>
            }
            .into_any()
        })
        .collect_view();
    let flags = question
        .selectable_parts()
        .enumerate()
        .filter_map(|(i, p)| p.reason.clone().map(|r| (answer.has(i), p.text.clone(), r)))
        .map(|(found, text, reason)| {
            view! {
                <li class=if found { "spotted" } else { "overlooked" }>
                    <strong>{ctx.say(if found { Key::SpottedFlag } else { Key::MissedFlag })}" "</strong>
                    {format!("“{text}”: {reason}")}
                </li>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    view! {
        <section class=class aria-labelledby="feedback-heading">
            <h4 id="feedback-heading" tabindex="-1" use:take_focus=ctx>
                <span aria-hidden="true">{icon}" "</span>{words}
            </h4>
            {detail.map(|d| view! { <p>{d}</p> }.into_any())}
            {choice_feedback}
            {(!flags.is_empty()).then(|| view! { <ul class="flags">{flags}</ul> }.into_any())}
            <div class="explanation" use:markup=Markup { html: question.explanation.clone(), base }></div>
        </section>
    }
}

/// A soft sense of the two minutes passing; there is no time limit.
#[component]
fn Clock(ctx: Ctx, minutes: u32) -> impl IntoView {
    let started = ctx.started();
    let budget = i64::from(minutes) * 60;
    // Every 5 s the clock reads the time again: a signal flipped to say so, whose value nobody
    // reads (a `bool`, whose signal code the widget has anyway; a `Trigger` would add its own).
    let tick = RwSignal::new(false);
    if let Ok(handle) = set_interval_with_handle(
        move || tick.update(|t| *t = !*t),
        std::time::Duration::from_secs(5),
    ) {
        on_cleanup(move || handle.clear());
    }
    let elapsed = move || {
        tick.track();
        ((now() - started) / 1000).clamp(0, budget)
    };
    let text = move || wording::time_left(&ctx.words(), minutes, budget - elapsed());
    view! {
        <p class="clock">
            <progress aria-hidden="true" max=budget.to_string() value=move || elapsed().to_string()></progress>
            <span>{text}</span>
        </p>
    }
}
