//! The widget's modules stand in layers, and each imports only from the layers below its own:
//! the screens read the state and use the kit, the root chooses among the screens, and
//! nothing imports back up. So there is no import loop in `src/web`, a screen can be read
//! (and changed) without the others, and the state cannot reach into a view.
//!
//! Read from the source: every path through `super::` or `crate::web::` in `src/web/*.rs`,
//! outside comments, strings and inline modules (a `mod tests`' `super` is its own file).

use std::collections::BTreeSet;

use crate::prelude::*;

/// The layers of `src/web`, top first: each module may import from the layers after its own,
/// never from its own or one before it. `mod` is `mod.rs`, whose items a module would reach as
/// `super::item`. A new file must be given its place here.
const LAYERS: &[(&str, &[&str])] = &[
    ("the entry (mount)", &["mod"]),
    ("the root component", &["app"]),
    (
        "the screens",
        &["card", "scenario", "question", "summary", "overview"],
    ),
    ("drill content", &["mockup"]),
    ("the kit", &["kit"]),
    ("the state", &["state"]),
    ("fetching", &["content"]),
    ("the leaves", &["config", "storage", "markup"]),
];

fn layer(module: &str) -> Option<(usize, &'static str)> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
        .map(|i| (i, LAYERS[i].0))
}

/// `source` as code alone: comments dropped, string and character literals emptied, so that
/// neither a comment nor a string can make or hide an import.
fn code(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |end| end + 2);
        } else if let Some(hashes) = raw_string(rest) {
            let close = format!("\"{}", "#".repeat(hashes));
            let body = 2 + hashes;
            i += body
                + rest[body..]
                    .find(&close)
                    .map_or(rest.len() - body, |end| end + close.len());
            out.push_str("\"\"");
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            i += j + 1;
            out.push_str("\"\"");
        } else if let Some(len) = char_literal(rest) {
            i += len;
            out.push_str("' '");
        } else {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The number of `#`s if `text` starts a raw string (`r"`, `r#"`, `br"`, …).
fn raw_string(text: &str) -> Option<usize> {
    let text = text.strip_prefix('b').unwrap_or(text).strip_prefix('r')?;
    let hashes = text.len() - text.trim_start_matches('#').len();
    text[hashes..].starts_with('"').then_some(hashes)
}

/// The length of the character literal `text` starts with, if it does (not a lifetime).
fn char_literal(text: &str) -> Option<usize> {
    let body = text.strip_prefix('\'')?;
    let len = if let Some(escape) = body.strip_prefix('\\') {
        let first = escape.chars().next()?.len_utf8();
        1 + first + escape[first..].find('\'')?
    } else {
        body.chars().next()?.len_utf8()
    };
    body[len..].starts_with('\'').then_some(len + 2)
}

/// `code` without its inline modules (`mod name { … }`), whose `super` is the file itself.
fn without_inline_modules(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = find_inline_module(rest) {
        out.push_str(&rest[..at]);
        let open = at + rest[at..].find('{').expect("an inline module has a body");
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn find_inline_module(code: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = code[from..].find("mod ") {
        let at = from + found;
        let starts_word = at == 0 || !is_ident(code[..at].chars().next_back().unwrap_or(' '));
        let after = code[at + 4..].trim_start();
        let name_len = after.len() - after.trim_start_matches(is_ident).len();
        if starts_word && name_len > 0 && after[name_len..].trim_start().starts_with('{') {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every module of `src/web` that `source` (a file of it) imports from, by name: a sibling
/// module, or `mod` for an item of `mod.rs`.
fn imports(source: &str, siblings: &[String]) -> BTreeSet<String> {
    let code = without_inline_modules(&code(source));
    let mut found = BTreeSet::new();
    for prefix in ["super::", "crate::web::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(prefix) {
            let start = from + at;
            from = start + prefix.len();
            let before = code[..start].chars().next_back().unwrap_or(' ');
            if is_ident(before) || before == ':' {
                continue;
            }
            for name in first_segments(&code[from..]) {
                found.insert(if siblings.contains(&name) {
                    name
                } else {
                    "mod".to_owned()
                });
            }
        }
    }
    found
}

/// The first segment of each path at the start of `path`: `app::X` gives `app`, and a group,
/// `{app::X, kit, *}`, each of its members' (`*` and `self` are `mod`).
fn first_segments(path: &str) -> Vec<String> {
    let path = path.trim_start();
    if let Some(group) = path.strip_prefix('{') {
        let mut depth = 0;
        let mut member_start = 0;
        let mut names = Vec::new();
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    names.extend(first_segments(&group[member_start..i]));
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    names.extend(first_segments(&group[member_start..i]));
                    member_start = i + 1;
                }
                _ => {}
            }
        }
        return names;
    }
    let name: String = path
        .chars()
        .take_while(|&c| is_ident(c) || c == '*')
        .collect();
    match name.as_str() {
        "" => Vec::new(),
        "*" | "self" => vec!["mod".to_owned()],
        _ => vec![name],
    }
}

/// Each import that goes across or up the layers, in words.
fn crossings(files: &[(String, String)]) -> Vec<String> {
    let siblings: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    let mut wrong = Vec::new();
    for (name, source) in files {
        let Some((own, own_layer)) = layer(name) else {
            wrong.push(format!(
                "src/web/{name}.rs has no layer: give it one in LAYERS"
            ));
            continue;
        };
        for import in imports(source, &siblings) {
            match layer(&import) {
                Some((theirs, _)) if theirs > own => {}
                Some((_, their_layer)) => wrong.push(format!(
                    "src/web/{name}.rs ({own_layer}) imports from `{import}` ({their_layer}), which is not below it"
                )),
                None => wrong.push(format!("src/web/{name}.rs imports from `{import}`, which has no layer")),
            }
        }
    }
    wrong
}

/// Every `.rs` file directly in `src/web`, by module name, with its text.
fn web_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(root().join("src/web"))
        .expect("src/web is readable")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a name")
                .to_owned();
            (name, std::fs::read_to_string(&path).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_widgets_modules_import_only_from_the_layers_below_them() {
    let files = web_files();
    for (_, modules) in LAYERS {
        for module in *modules {
            assert!(
                files.iter().any(|(name, _)| name == module),
                "LAYERS names src/web/{module}.rs, which does not exist"
            );
        }
    }
    let wrong = crossings(&files);
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn imports_are_found_wherever_code_names_a_module_and_nowhere_else() {
    let siblings: Vec<String> = ["app", "kit", "state", "card"].map(str::to_owned).to_vec();
    let cases: [(&str, &[&str]); 13] = [
        ("use super::app::App;", &["app"]),
        (
            "use super::{kit::{Title, press}, state::Ctx};",
            &["kit", "state"],
        ),
        ("use super::{Config, next_task};", &["mod"]),
        ("use super::*;", &["mod"]),
        ("use crate::web::card::Card;", &["card"]),
        ("fn f() { super::state::now() }", &["state"]),
        (
            "use super::\n    state::{\n        Ctx,\n    };",
            &["state"],
        ),
        (
            "// use super::app::App;\n/* super::card */ let s = \"super::kit\";",
            &[],
        ),
        (
            "let s = r#\"super::app \"quoted\"\"#; let c = '\"'; let d: &'static str = \"\";",
            &[],
        ),
        (
            "let q = '\\''; let u = '\\u{7d}'; use super::kit::press;",
            &["kit"],
        ),
        (
            "#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::card::x;\n}",
            &[],
        ),
        (
            "mod tests { fn f() { let _ = \"}\"; } }\nuse super::kit::press;",
            &["kit"],
        ),
        (
            "use crate::lesson::Drill; use self::inner::x; crate::super_thing();",
            &[],
        ),
    ];
    for (source, expected) in cases {
        let found: Vec<String> = imports(source, &siblings).into_iter().collect();
        assert_eq!(found, expected, "{source}");
    }
}

#[test]
fn an_import_up_or_across_the_layers_is_named() {
    let file = |name: &str, source: &str| (name.to_owned(), source.to_owned());
    let files = [
        file("app", "use super::card::Card; use super::state::Ctx;"),
        file(
            "card",
            "use super::app::App; use super::kit::press; use super::summary::S;",
        ),
        file("summary", "use super::state::Ctx;"),
        file("kit", "use super::state::Ctx; use super::card::Card;"),
        file("state", "use super::kit::press; use super::now;"),
        file("extra", ""),
    ];
    assert_eq!(
        crossings(&files),
        [
            "src/web/card.rs (the screens) imports from `app` (the root component), which is not below it",
            "src/web/card.rs (the screens) imports from `summary` (the screens), which is not below it",
            "src/web/kit.rs (the kit) imports from `card` (the screens), which is not below it",
            "src/web/state.rs (the state) imports from `kit` (the kit), which is not below it",
            "src/web/state.rs (the state) imports from `mod` (the entry (mount)), which is not below it",
            "src/web/extra.rs has no layer: give it one in LAYERS",
        ]
    );
}
