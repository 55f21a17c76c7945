//! The message catalogues: each Welsh file (the widget's, the studio's) has every message and
//! nothing else, the parser reports each kind of problem without failing, CLDR plural
//! categories, Welsh counts and dates; what shows before any words are read is the catalogues'.

use cyberdrill::date::{DAY_MS, Date};
use cyberdrill::plural::{self, Category};
use cyberdrill::progress::Refused;
use cyberdrill::score::Score;
use cyberdrill::studio::words::Key as StudioKey;
use cyberdrill::words::{self, Key, Lang, Message, Words};
use cyberdrill::{overview, wording};
use proptest::prelude::*;

/// The Welsh file as the build ships it.
fn welsh_file() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/public/cyberdrill.cy.txt");
    std::fs::read_to_string(path).expect("public/cyberdrill.cy.txt")
}

fn welsh() -> Words {
    let (words, problems) = words::parse::<Key>(Lang::Cy, &welsh_file());
    assert_eq!(problems, [], "public/cyberdrill.cy.txt");
    words
}

#[test]
fn every_message_is_in_english_and_in_welsh_with_its_placeholders_and_plural_forms() {
    let cy = welsh();
    assert_eq!(cy.lang(), Lang::Cy);
    holds_every_message::<Key>(&cy);
}

#[test]
fn a_translation_files_problems_are_reported_and_never_panic() {
    let cases: &[(&str, &[(usize, &str)])] = &[
        (
            "# a comment\n\nStart\nDechrau\nNo such message\nDim\n",
            &[(
                5,
                "no message reads `No such message` in English: it changed or is gone",
            )],
        ),
        ("Start\n", &[(1, "`Start` has no translation after it")]),
        (
            "Start\nDechrau\nStart\nCychwyn\n",
            &[(3, "`Start` is translated twice")],
        ),
        (
            "About {n} minute|About {n} minutes\nTua {n} munud|Tua {n} munud\n",
            &[(
                2,
                "`About {n} minute|About {n} minutes` is counted: give 6 forms separated by `|`, not 2",
            )],
        ),
        (
            "Start\nDechrau|Cychwyn\n",
            &[(2, "`Start` is not counted: give one form")],
        ),
    ];
    for (text, expected) in cases {
        let (words, problems) = words::parse::<Key>(Lang::Cy, text);
        let found: Vec<(usize, &str)> = problems
            .iter()
            .filter(|p| p.line > 0)
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(&found, expected, "{text}");
        // Every message not given is missing, said for the file as a whole, and left in English.
        let missing = problems.iter().filter(|p| p.line == 0).count();
        let given = usize::from(text.contains("Dechrau\n"));
        assert_eq!(missing, Key::ALL.len() - given, "{text}");
        assert_eq!(words.text(Key::Check), "Check");
    }
    assert_eq!(
        words::parse::<Key>(Lang::Cy, "").1.len(),
        Key::ALL.len(),
        "an empty file lacks everything"
    );
}

proptest! {
    /// Any text at all: a result and its problems, never a panic; each line a problem names
    /// is in the file.
    #[test]
    fn parsing_any_text_never_panics(text in "(\\PC{0,20}[\\n|{}]?){0,30}") {
        let (_, problems) = words::parse::<Key>(Lang::Cy, &text);
        let lines = text.lines().count();
        for problem in problems {
            prop_assert!(problem.line <= lines, "{:?}", problem);
        }
    }
}

#[test]
fn welsh_plural_categories_follow_cldr() {
    let cases = [
        (0, Category::Zero),
        (1, Category::One),
        (2, Category::Two),
        (3, Category::Few),
        (4, Category::Other),
        (5, Category::Other),
        (6, Category::Many),
        (7, Category::Other),
        (10, Category::Other),
        (11, Category::Other),
        (12, Category::Other),
        (13, Category::Other),
        (16, Category::Other),
        (20, Category::Other),
        (100, Category::Other),
        (1_000_000, Category::Other),
    ];
    for (n, category) in cases {
        assert_eq!(plural::category(Lang::Cy, n), category, "{n}");
    }
    let english = [
        (0, Category::Other),
        (1, Category::One),
        (2, Category::Other),
        (6, Category::Other),
    ];
    for (n, category) in english {
        assert_eq!(plural::category(Lang::EnGb, n), category, "{n}");
    }
    // Each language's categories, in the order its counted messages give their forms.
    assert_eq!(
        plural::categories(Lang::EnGb),
        [Category::One, Category::Other]
    );
    assert_eq!(plural::categories(Lang::Cy).len(), 6);
    for n in 0..50 {
        for lang in [Lang::EnGb, Lang::Cy] {
            let form = plural::form(lang, n);
            assert_eq!(plural::categories(lang)[form], plural::category(lang, n));
        }
    }
}

#[test]
fn welsh_counts_mutate_the_noun_after_the_numeral() {
    let cy = welsh();
    let days = |n| cy.count(Key::DueIn, n, &[]);
    assert_eq!(days(2), "I'w wneud eto ymhen 2 ddiwrnod");
    assert_eq!(days(3), "I'w wneud eto ymhen 3 diwrnod");
    assert_eq!(days(9), "I'w wneud eto ymhen 9 diwrnod");
    let score = |correct, questions| {
        wording::score(
            &cy,
            &Score {
                correct,
                questions,
                points: correct,
                out_of: questions,
            },
        )
    };
    assert_eq!(score(1, 2), "Cawsoch chi 1 o 2 gwestiwn yn gywir.");
    assert_eq!(score(3, 3), "Cawsoch chi 3 o 3 chwestiwn yn gywir.");
    assert_eq!(score(4, 4), "Cawsoch chi 4 o 4 cwestiwn yn gywir.");
    assert_eq!(score(5, 6), "Cawsoch chi 5 o 6 chwestiwn yn gywir.");
    assert_eq!(wording::minutes(&cy, 2), "Tua 2 funud");
    assert_eq!(wording::minutes(&cy, 5), "Tua 5 munud");
    assert_eq!(
        overview::imported(&cy, 3),
        "Wedi mewngludo: ychwanegwyd 3 chanlyniad at y cyfrifiadur hwn."
    );
    assert_eq!(
        overview::not_imported(&cy, &Refused::TooLarge),
        "Dim wedi'i fewngludo: mae'r ffeil hon dros 1 MB, yn fwy nag unrhyw ffeil cynnydd."
    );
    assert_eq!(wording::topic_label(&cy, "data-handling"), "Trin data");
    assert_eq!(wording::topic_label(&cy, "new-topic"), "New topic");
}

#[test]
fn welsh_dates_name_the_day_and_month_in_welsh() {
    let cy = welsh();
    let noon =
        |date: &str| i64::from(Date::parse(date).expect("a date").days()) * DAY_MS + DAY_MS / 2;
    let cases = [
        ("2026-12-04", "dydd Gwener 4 Rhagfyr"),
        ("2026-03-03", "dydd Mawrth 3 Mawrth"),
        ("2027-05-01", "dydd Sadwrn 1 Mai"),
        ("1970-01-01", "dydd Iau 1 Ionawr"),
    ];
    for (date, words) in cases {
        assert_eq!(wording::long_date(&cy, noon(date)), words, "{date}");
    }
    let at = noon("2026-12-01");
    assert_eq!(
        wording::comes_back(&cy, Some(at + 3 * DAY_MS), at),
        "Bydd y dril hwn yn dod yn ôl ymhen 3 diwrnod, sef dydd Gwener 4 Rhagfyr."
    );
    assert_eq!(
        wording::comes_back(&cy, Some(at + 2 * DAY_MS), at),
        "Bydd y dril hwn yn dod yn ôl ymhen 2 ddiwrnod, sef dydd Iau 3 Rhagfyr."
    );
}

#[test]
fn the_language_is_welsh_for_cy_and_english_otherwise() {
    let cases = [
        (Some("cy"), Lang::Cy),
        (Some("cy-GB"), Lang::Cy),
        (Some("CY-gb"), Lang::Cy),
        (Some("cy_GB"), Lang::Cy),
        (Some("en-GB"), Lang::EnGb),
        (Some("en"), Lang::EnGb),
        (Some("cym"), Lang::EnGb),
        (Some(""), Lang::EnGb),
        (None, Lang::EnGb),
    ];
    for (tag, lang) in cases {
        assert_eq!(Lang::from_tag(tag), lang, "{tag:?}");
    }
    assert_eq!(Lang::Cy.tag(), "cy");
    assert_eq!(Lang::EnGb.tag(), "en-GB");
}

#[test]
fn placeholders_are_filled_by_name_and_others_left_alone() {
    let cases = [
        ("{a} and {b}", "1 and 2"),
        ("{c}", "{c}"),
        ("{a", "{a"),
        ("}{a}{", "}1{"),
        ("", ""),
    ];
    for (text, filled) in cases {
        assert_eq!(
            words::fill(text, &[("a", "1"), ("b", "2")]),
            filled,
            "{text}"
        );
    }
}

/// The studio's Welsh file as the build ships it.
fn studio_welsh() -> Words {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/public/studio.cy.txt");
    let text = std::fs::read_to_string(path).expect("public/studio.cy.txt");
    let (words, problems) = words::parse::<StudioKey>(Lang::Cy, &text);
    assert_eq!(problems, [], "public/studio.cy.txt");
    words
}

/// `{name}`s in `text`, sorted, once each.
fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every message of a catalogue in English and in `welsh`: a counted one in English's two
/// forms and Welsh's six, each Welsh form with the English's placeholders, no two messages with
/// the same English (the key in a translation file).
fn holds_every_message<K: Message + std::fmt::Debug>(welsh: &Words) {
    for key in K::ALL {
        let english = key.english();
        assert!(!english.trim().is_empty(), "{key:?} has no English");
        let translated = welsh.text(*key);
        assert!(!translated.trim().is_empty(), "{key:?} has no Welsh");
        let counted = english.contains('|');
        assert_eq!(
            english.split('|').count(),
            if counted { 2 } else { 1 },
            "{key:?}"
        );
        assert_eq!(
            translated.split('|').count(),
            if counted { 6 } else { 1 },
            "{key:?}"
        );
        let names = placeholders(english.split('|').next_back().unwrap_or_default());
        for form in translated.split('|') {
            assert_eq!(placeholders(form), names, "{key:?}: {form}");
        }
    }
    for (i, a) in K::ALL.iter().enumerate() {
        for b in &K::ALL[i + 1..] {
            assert_ne!(a.english(), b.english(), "{a:?} and {b:?}");
        }
    }
}

#[test]
fn the_studios_welsh_file_has_every_message_with_its_placeholders_and_plural_forms() {
    let cy = studio_welsh();
    assert_eq!(cy.lang(), Lang::Cy);
    holds_every_message::<StudioKey>(&cy);
    // The same machinery as the widget's: counted messages take the Welsh form for the number.
    assert_eq!(cy.count(StudioKey::Opened, 2, &[]), "Agorwyd 2 ddril.");
    assert_eq!(cy.count(StudioKey::Opened, 3, &[]), "Agorwyd 3 dril.");
    assert_eq!(cy.count(StudioKey::Errors, 2, &[]), "2 wall");
    assert_eq!(cy.count(StudioKey::Warnings, 2, &[]), "2 rybudd");
    assert_eq!(cy.count(StudioKey::Warnings, 6, &[]), "6 rhybudd");
    // A file of the widget's words is not the studio's: every line is a problem.
    let (_, problems) = words::parse::<StudioKey>(Lang::Cy, &welsh_file());
    assert!(problems.len() > StudioKey::ALL.len(), "{problems:?}");
}

#[test]
fn what_shows_before_any_words_are_read_is_the_catalogues() {
    let read = |file: &str| {
        std::fs::read_to_string(format!("{}/public/{file}", env!("CARGO_MANIFEST_DIR")))
            .expect(file)
    };
    // The loader's start-failure message is the widget's `Failed`, in English and in Welsh.
    let loader = read("cyberdrill.js");
    for text in [Key::Failed.english(), welsh().text(Key::Failed)] {
        assert!(loader.contains(text), "cyberdrill.js lacks {text}");
    }
    // studio.js says these before the studio's words are read, studio.html before it runs.
    let (script, page, cy) = (read("studio.js"), read("studio.html"), studio_welsh());
    for key in [StudioKey::Loading, StudioKey::CouldNotStart] {
        for text in [key.english(), cy.text(key)] {
            assert!(script.contains(text), "studio.js lacks {text}");
        }
    }
    for key in [
        StudioKey::Studio,
        StudioKey::PageTitle,
        StudioKey::Intro,
        StudioKey::Loading,
    ] {
        assert!(
            page.contains(key.english()),
            "studio.html lacks {}",
            key.english()
        );
    }
}
