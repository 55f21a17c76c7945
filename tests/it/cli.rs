//! The author's command-line tool, run as a process: output, files written and exit status.

use crate::prelude::*;

#[test]
fn check_prints_every_problem_and_exits_1_on_errors() {
    let (code, stdout, stderr) = cli(
        &root(),
        &[
            "check",
            "--today",
            TODAY,
            "tests/fixtures/check/no-choices.md",
            "tests/fixtures/check/unknown-key.md",
        ],
    );
    assert_eq!((code, stderr.as_str()), (1, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn carets_stay_under_their_span_after_wide_characters() {
    // CJK and an emoji (two columns each) before the span: the caret is placed by display
    // column, the headline's column counts characters.
    let (code, stdout, stderr) = cli(
        &root(),
        &[
            "check",
            "--today",
            TODAY,
            "tests/fixtures/wide-characters.md",
        ],
    );
    assert_eq!((code, stderr.as_str()), (1, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn help_and_version_exit_0() {
    for args in [
        &[][..],
        &["help"],
        &["--help"],
        &["-h"],
        &["check", "--help"],
    ] {
        let (code, stdout, stderr) = cli(&root(), args);
        assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
        assert!(
            stdout.starts_with("cyberdrill: write and check"),
            "{args:?}: {stdout}"
        );
    }
    let (code, stdout, _) = cli(&root(), &["--version"]);
    assert_eq!(
        (code, stdout),
        (0, format!("cyberdrill {}\n", env!("CARGO_PKG_VERSION")))
    );
}

#[test]
fn check_exits_0_when_only_warnings() {
    let (code, stdout, _) = cli(
        &root(),
        &[
            "check",
            "--today",
            TODAY,
            "tests/fixtures/check/unknown-topic.md",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.ends_with("checked 1 drill: 0 errors and 1 warning in 1 file\n"),
        "{stdout}"
    );
}

#[test]
fn check_defaults_to_content_and_passes_it() {
    let (code, stdout, _) = cli(&root(), &["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("drills: no problems") || stdout.contains("0 errors"),
        "{stdout}"
    );
}

#[test]
fn the_tool_itself_failing_exits_2_with_one_line() {
    for (args, message) in [
        (
            &["check", "no/such/place"][..],
            "cyberdrill: cannot read no/such/place: no such file or directory\n",
        ),
        (
            &["check", "--today", "tomorrow"],
            "cyberdrill: `--today tomorrow` is not a date like 2027-01-31\n",
        ),
        (
            &["check", "--colour", "never"],
            "cyberdrill: unknown option `--colour`; try `cyberdrill help`\n",
        ),
        (
            &["lint"],
            "cyberdrill: unknown command `lint`; try `cyberdrill help`\n",
        ),
        (
            &["new", "Bad Id"],
            "cyberdrill: `Bad Id` is not a drill id: use lowercase letters, digits, `-` and `/`\n",
        ),
        (
            &["check", "--today"],
            "cyberdrill: `--today` needs a value\n",
        ),
        (
            &["check", "-x"],
            "cyberdrill: unknown option `-x`; try `cyberdrill help`\n",
        ),
        (
            &["catalog", "--markdown=yes", "--out", "dist"],
            "cyberdrill: `--markdown` takes no value\n",
        ),
        (
            &["catalog", "content"],
            "cyberdrill: `catalog` needs `--out DIR`\n",
        ),
        (
            &["catalog", "content", "tests", "--out", "dist"],
            "cyberdrill: `catalog` takes one folder of drills, such as `cyberdrill catalog content --out dist`\n",
        ),
        (
            &["--today", "2027-01-31"],
            "cyberdrill: unknown option `--today`; try `cyberdrill help`\n",
        ),
    ] {
        let (code, stdout, stderr) = cli(&root(), args);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (2, "", message),
            "{args:?}"
        );
    }
}

#[test]
fn new_writes_a_starter_that_checks_clean_and_never_overwrites() {
    let dir = scratch("cli-new");
    let (code, stdout, _) = cli(&dir, &["new", "passwords/shared-login"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "wrote content/passwords/shared-login.md: fill it in, then run `cyberdrill check content/passwords/shared-login.md`\n"
    );
    let written = std::fs::read_to_string(dir.join("content/passwords/shared-login.md"))
        .expect("file written");
    assert!(written.contains("id: passwords/shared-login\n"));
    assert_eq!(cli(&dir, &["check"]).0, 0);
    let (code, _, stderr) = cli(&dir, &["new", "passwords/shared-login"]);
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "cyberdrill: content/passwords/shared-login.md already exists; choose another id\n"
        )
    );
}

#[test]
fn ids_writes_the_suggested_id_into_each_heading_without_one_and_nothing_else() {
    let dir = scratch("cli-ids");
    let fixture = root().join("tests/fixtures/check/missing-question-id.md");
    let before = std::fs::read_to_string(&fixture).expect("fixture");
    std::fs::create_dir_all(dir.join("content/phishing")).expect("folder");
    std::fs::write(dir.join("content/phishing/a.md"), &before).expect("written");
    std::fs::write(dir.join("content/phishing/b.md"), [b'#', 0xff, b'\n']).expect("written");

    let (code, stdout, stderr) = cli(&dir, &["ids"]);
    assert_eq!(code, 1, "the unreadable file is a problem found: {stderr}");
    assert_eq!(stdout, "content/phishing/a.md: added 1 question id\n");
    assert!(
        stderr.starts_with("cyberdrill: content/phishing/b.md: left as it is:"),
        "{stderr}"
    );
    let after = std::fs::read_to_string(dir.join("content/phishing/a.md")).expect("read");
    assert_eq!(
        after,
        before.replace(
            "## What should you do first?\n",
            "## What should you do first? {#what-should-you-do-first}\n"
        )
    );

    std::fs::remove_file(dir.join("content/phishing/b.md")).expect("removed");
    assert_eq!(cli(&dir, &["check"]).0, 0, "the check is clean now");
    let (code, stdout, _) = cli(&dir, &["ids"]);
    assert_eq!((code, stdout.as_str()), (0, "every question has an id\n"));
}

#[test]
fn catalog_lists_clean_drills_and_leaves_broken_ones_out() {
    let dir = scratch("cli-catalog");
    std::fs::create_dir_all(dir.join("content/a")).expect("folder");
    std::fs::write(
        dir.join("content/a/good.md"),
        cyberdrill::lesson::starter(
            "a/good",
            cyberdrill::date::Date::parse(TODAY).expect("date"),
        ),
    )
    .expect("write");
    std::fs::copy(
        root().join("tests/fixtures/check/no-choices.md"),
        dir.join("content/broken.md"),
    )
    .expect("copy");
    let (code, _, stderr) = cli(&dir, &["catalog", "content", "--out", "dist"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains(
            "cyberdrill: content/broken.md: left out of the catalog until its errors are fixed"
        ),
        "{stderr}"
    );
    let json = std::fs::read_to_string(dir.join("dist/catalog.json")).expect("catalog written");
    let catalog = cyberdrill::catalog::Catalog::parse(&json).expect("valid catalog");
    let files: Vec<_> = catalog
        .drills
        .iter()
        .map(|d| (d.id.as_str(), d.file.as_str()))
        .collect();
    assert_eq!(files, [("a/good", "a/good.json")]);
    let compiled = std::fs::read_to_string(dir.join("dist/a/good.json")).expect("drill compiled");
    assert_eq!(
        catalog.drills[0].hash,
        cyberdrill::catalog::catalog_hash(compiled.as_bytes())
    );
    let drill = cyberdrill::lesson::Drill::from_json(&compiled).expect("the widget can read it");
    assert_eq!(drill.id, "a/good");
    assert!(!dir.join("dist/broken.json").exists());
}

#[test]
fn catalog_leaves_out_drills_whose_path_the_widget_would_refuse() {
    let dir = scratch("cli-catalog-paths");
    std::fs::create_dir_all(dir.join("content/a")).expect("folder");
    let today = cyberdrill::date::Date::parse(TODAY).expect("date");
    for (file, id) in [("a/good.md", "a/good"), ("a/Odd Name.md", "a/odd")] {
        std::fs::write(
            dir.join("content").join(file),
            cyberdrill::lesson::starter(id, today),
        )
        .expect("write");
    }
    let (code, _, stderr) = cli(&dir, &["catalog", "content", "--out", "dist"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("cyberdrill: content/a/Odd Name.md: left out of the catalog: name its file and folders with lowercase letters, digits and single hyphens"),
        "{stderr}"
    );
    let json = std::fs::read_to_string(dir.join("dist/catalog.json")).expect("catalog written");
    let catalog = cyberdrill::catalog::Catalog::parse(&json).expect("valid catalog");
    let files: Vec<_> = catalog.drills.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, ["a/good.json"]);
    assert!(!dir.join("dist/a/Odd Name.json").exists());
}

#[test]
fn check_as_json_is_each_files_report_on_one_line() {
    let (code, stdout, stderr) = cli(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "--today",
            TODAY,
            "tests/fixtures/check/no-choices.md",
            "tests/fixtures/check/unknown-topic.md",
        ],
    );
    assert_eq!((code, stderr.as_str()), (1, ""));
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    // The human report's first lines are the JSON's headlines, in the same order.
    let (_, human, _) = cli(
        &root(),
        &[
            "check",
            "--today",
            TODAY,
            "--color",
            "never",
            "tests/fixtures/check/no-choices.md",
            "tests/fixtures/check/unknown-topic.md",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let headlines: Vec<&str> = value
        .as_array()
        .expect("a list of files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().expect("diagnostics"))
        .map(|d| d["headline"].as_str().expect("headline"))
        .collect();
    let firsts: Vec<&str> = human.lines().filter(|l| l.starts_with("tests/")).collect();
    assert_eq!(headlines, firsts);
    insta::assert_snapshot!(stdout);
}

#[test]
fn catalog_of_markdown_points_at_copies_of_the_markdown() {
    let dir = scratch("cli-catalog-markdown");
    std::fs::create_dir_all(dir.join("content/a")).expect("folder");
    let text = cyberdrill::lesson::starter(
        "a/good",
        cyberdrill::date::Date::parse(TODAY).expect("date"),
    );
    std::fs::write(dir.join("content/a/good.md"), &text).expect("write");
    let (code, _, stderr) = cli(&dir, &["catalog", "content", "--out", "dist", "--markdown"]);
    assert_eq!(code, 0, "{stderr}");
    let json = std::fs::read_to_string(dir.join("dist/catalog.json")).expect("catalog written");
    let catalog = cyberdrill::catalog::Catalog::parse(&json).expect("valid catalog");
    assert_eq!(catalog.drills[0].file, "a/good.md");
    let copied = std::fs::read_to_string(dir.join("dist/a/good.md")).expect("markdown copied");
    assert_eq!(copied, text);
    assert_eq!(
        (&catalog.drills[0].hash, &catalog.drills[0].source),
        (
            &cyberdrill::catalog::catalog_hash(text.as_bytes()),
            &cyberdrill::catalog::catalog_source(text.as_bytes())
        )
    );
    assert!(!dir.join("dist/a/good.json").exists());
}

#[test]
fn a_file_over_the_widgets_limit_is_refused_unread() {
    let dir = scratch("cli-over-limit");
    std::fs::create_dir_all(&dir).expect("folder");
    let big = "x".repeat(cyberdrill::catalog::MAX_BYTES + 1);
    std::fs::write(dir.join("big.md"), big).expect("write");
    let (code, stdout, _) = cli(&dir, &["check", "--color", "never", "big.md"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("big.md:1:1: error[over-limit]: file is 262145 bytes, over the limit of 262144 the widget accepts\n"),
        "{stdout}"
    );
}

#[test]
fn translations_lists_where_each_drill_stands_in_a_language() {
    let (code, stdout, stderr) = cli(
        &root(),
        &[
            "translations",
            "--lang",
            "cy",
            "tests/fixtures/check/unreviewed-translation",
            "tests/fixtures/check/translation-mismatch",
            "tests/fixtures/check/guessable.md",
        ],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn catalog_refuses_settings_with_errors_writing_nothing_as_the_module_and_studio_do() {
    let dir = scratch("cli-catalog-bad-settings");
    std::fs::create_dir_all(dir.join("content")).expect("folder");
    std::fs::copy(
        root().join("tests/fixtures/check/unreviewed-translation/source.md"),
        dir.join("content/source.md"),
    )
    .expect("copy");
    let settings = "trust Northgate\n";
    std::fs::write(dir.join("content/settings.yml"), settings).expect("write");
    let (code, _, stderr) = cli(&dir, &["catalog", "content", "--out", "dist"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("content/settings.yml:1:1: error[front-matter-syntax]"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            "cyberdrill: content/settings.yml: fix the settings before building the catalog\n"
        ),
        "{stderr}"
    );
    assert!(!dir.join("dist").exists(), "nothing written");
    // A drill's `{{names}}` then meet no settings: the help says so ("the settings are :"
    // before).
    std::fs::copy(
        root().join("content/devices/usb-in-car-park.md"),
        dir.join("content/usb-in-car-park.md"),
    )
    .expect("copy");
    let (_, stdout, _) = cli(&dir, &["check", "content"]);
    assert!(
        stdout.contains(
            "= help: content/settings.yml has no settings yet: add `service_desk: …` there"
        ),
        "{stdout}"
    );
    // The same refusal, from the code the Markdown module's `catalog` and the studio's
    // Publish build with: no catalog, no drills, the settings file and its errors' headlines.
    let sources = vec![
        cyberdrill::check::Source {
            path: "source.md".to_owned(),
            bytes: std::fs::read(dir.join("content/source.md")).expect("read"),
        },
        cyberdrill::check::Source {
            path: "settings.yml".to_owned(),
            bytes: settings.as_bytes().to_vec(),
        },
    ];
    let today = cyberdrill::date::Date::parse(TODAY).expect("TODAY is a date");
    let (reports, settings, report) = cyberdrill::check::library(sources, today);
    let build = cyberdrill::report::Build::of(
        &reports,
        (&settings, report.as_ref()),
        &[],
        cyberdrill::report::Form::Compiled,
        str::to_owned,
    );
    assert_eq!(
        (
            build.catalog.as_str(),
            build.drills.len(),
            build.left_out.len()
        ),
        ("", 0, 0)
    );
    let refused = build.refused.expect("refused");
    assert_eq!(
        (refused.path.as_str(), refused.reason.as_str()),
        (
            "settings.yml",
            "fix the settings before building the catalog"
        )
    );
    assert_eq!(
        refused.errors,
        ["settings.yml:1:1: error[front-matter-syntax]: expected `key: value`"]
    );
}

#[test]
fn catalog_writes_the_trusts_settings_and_each_language_its_own_catalog() {
    let dir = scratch("cli-catalog-settings");
    std::fs::create_dir_all(dir.join("content")).expect("folder");
    for file in ["source.md", "source.cy.md"] {
        std::fs::copy(
            root()
                .join("tests/fixtures/check/unreviewed-translation")
                .join(file),
            dir.join("content").join(file),
        )
        .expect("copy");
    }
    std::fs::write(
        dir.join("content/settings.yml"),
        "# unused by these drills\ntrust: Northgate Hospitals NHS Trust\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("content/settings.cy.yml"),
        "trust: Ymddiriedolaeth GIG Ysbytai Northgate\n",
    )
    .expect("write");
    let (code, _, stderr) = cli(&dir, &["catalog", "content", "--out", "dist"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("compiled 2 drills into"), "{stderr}");
    let json = std::fs::read_to_string(dir.join("dist/catalog.json")).expect("catalog written");
    let catalog = cyberdrill::catalog::Catalog::parse(&json).expect("valid catalog");
    assert_eq!(catalog.drills.len(), 1, "the source alone");
    assert_eq!(
        catalog.settings.get("trust"),
        Some("Northgate Hospitals NHS Trust")
    );
    assert!(!json.contains("\"reviewed\""), "{json}");
    // The translation: compiled beside its source, listed in the Welsh catalog under the
    // source's id and source hash, unreviewed.
    let welsh = std::fs::read_to_string(dir.join("dist/catalog.cy.json")).expect("Welsh catalog");
    let welsh = cyberdrill::catalog::Catalog::parse(&welsh).expect("valid catalog");
    let [entry] = &welsh.drills[..] else {
        panic!("one translation: {welsh:?}");
    };
    assert_eq!(entry.id, catalog.drills[0].id);
    assert_eq!(entry.source, catalog.drills[0].source);
    assert_eq!(entry.file, "source.cy.json");
    assert!(!entry.reviewed);
    // Filled with the Welsh settings, settings.cy.yml, not read as a drill.
    assert_eq!(
        welsh.settings.get("trust"),
        Some("Ymddiriedolaeth GIG Ysbytai Northgate")
    );
    let drill = std::fs::read_to_string(dir.join("dist/source.cy.json")).expect("compiled");
    assert_eq!(
        cyberdrill::lesson::Drill::from_json(&drill)
            .expect("a drill")
            .lang,
        "cy"
    );
}
