//! The commented drill `cyberdrill new` writes for an author to fill in.

// The compiler is not in the widget: its size rules (clippy.toml) do not bind this.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

/// A complete drill for `id`, with comments that say what each part is for. It checks
/// without errors, so an author can build from a working drill rather than a blank page; its
/// one warning is that nobody has approved it yet.
pub fn starter(id: &str, today: crate::date::Date) -> String {
    let review_by = today.add_days(365);
    format!(
        r#"---
# The id is where learners' progress is kept: never change it once the drill is published.
id: {id}
title: A title that says what the drill is about
# One of: phishing, passwords, devices, data-handling, physical-security, reporting, social-engineering
topic: phishing
minutes: 2
tags: [email]
# Links to the guidance the advice follows (NCSC, NHS England, the ICO), one per line.
sources:
  - https://www.ncsc.gov.uk/guidance/phishing
# Who wrote it, and who approved it for learners (add `approved_by:` once they have).
author: your name or team
# Who it is for: everyone, or one or more of clinical, admin-and-clerical, estates-and-facilities, finance.
audience: [everyone]
reviewed: {today}
review_by: {review_by}
---

<!-- The scenario: two or three sentences that put the learner on a shift. -->
You are on a late shift on the ward when a message arrives in the shared inbox.

<!-- Choices are shown in a new order each time; end one with {{.pin}} to keep it in place. -->
## What should you do first? {{#first-step}}

<!-- One task list: [x] marks a right choice, [ ] a wrong one. Indented text is feedback for that choice. -->
- [x] Report it using the "Report phishing" button
- [ ] Open the attachment to see what it is
  > Opening an attachment is how most malware gets in. Report first; the cyber team can open it safely.
- [ ] Forward it to colleagues to warn them

<!-- The explanation: its first sentence is the lesson, shown again in the summary. -->
> Reporting is always the right first step. The cyber team can block the sender for everyone
> within minutes, and nobody is blamed for reporting.
"#
    )
}
