//! Generated artifacts: pinned for the mini registry, fresh for the repo's registry, deterministic,
//! stamped with their header, and correct for any registry text (hostile strings compile and
//! round-trip; enum values that would collide as Rust names are refused).

use std::path::{Path, PathBuf};
use std::process::Command;

use ocss_codegen::diag::{self, Format};
use ocss_codegen::emit::{self, Artifact, REGENERATE};
use ocss_codegen::model::Registry;
use ocss_codegen::pipeline;
use ocss_workspace_tests::{copy_tree, ocss, registry_with_overlay};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated_artifacts").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clean scratch dir");
    }
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The registry in `dir`, which must be valid.
fn load(dir: &Path) -> Registry {
    let outcome = pipeline::validate(dir).expect("registry folder readable");
    match outcome.registry {
        Some(reg) => reg,
        None => panic!(
            "{} is invalid:\n{}",
            dir.display(),
            diag::render(&outcome.diagnostics, &outcome.sources, Format::Human)
        ),
    }
}

fn generate(reg: &Registry) -> Vec<Artifact> {
    emit::all(reg).unwrap_or_else(|e| panic!("cannot generate: {e}"))
}

/// `generated/src/gen/taxonomy.rs` → `generated-src-gen-taxonomy.rs`.
fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}-{}", path.replace('/', "-"))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON")
}

fn write_json(path: &Path, value: &Value) {
    let text = serde_json::to_string_pretty(value).expect("serialise") + "\n";
    std::fs::write(path, text).expect("write");
}

// ---------------------------------------------------------------------------------------------
// Snapshots.

#[test]
fn mini_registry_artifacts_are_pinned() {
    let artifacts = generate(&load(&workspace().join("tests/fixtures/mini")));
    assert_eq!(artifacts.len(), 11, "{:?}", artifacts.iter().map(|a| &a.path).collect::<Vec<_>>());
    for a in &artifacts {
        insta::assert_snapshot!(snapshot_name("mini", &a.path), a.contents);
    }
}

/// The real registry's artifacts are committed and checked by the freshness test; their snapshots
/// only pin the shape: path, size in lines and the header (hash left out, so a wording fix in the
/// registry changes no snapshot).
#[test]
fn repo_registry_artifacts_keep_their_shape() {
    for a in &generate(&load(Path::new("registry"))) {
        let header = a.contents.lines().find(|l| l.contains("@generated")).expect("header line");
        let summary = format!(
            "path: {}\nlines: {}\nheader: {}\n",
            a.path,
            a.contents.lines().count(),
            redact_hash(header.trim())
        );
        insta::assert_snapshot!(snapshot_name("registry", &a.path), summary);
    }
}

fn redact_hash(line: &str) -> String {
    match line.find("sha256:") {
        Some(at) => {
            let end = at + "sha256:".len() + 16;
            format!("{}sha256:[hash]{}", &line[..at], line.get(end..).unwrap_or(""))
        }
        None => line.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Freshness.

/// Plain `cargo test` fails when someone edits the registry and forgets to regenerate.
#[test]
fn committed_artifacts_are_fresh() {
    let run = ocss(&["generate", "--check"]);
    assert_eq!(
        run.code, 0,
        "generated files are stale: run `{REGENERATE}` and commit the result\n{}{}",
        run.stdout, run.stderr
    );
}

#[test]
fn a_stale_or_missing_file_fails_the_check_naming_the_command() {
    let out = scratch("stale");
    let mini = workspace().join("tests/fixtures/mini");
    let args = ["generate", "--registry", utf8(&mini), "--out", utf8(&out)];
    let run = ocss(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = [&args[..], &["--check"]].concat();
    assert_eq!(ocss(&check).code, 0);

    // A checkout with CRLF line endings (git autocrlf) is still fresh.
    let taxonomy = out.join("generated/src/gen/taxonomy.rs");
    let crlf = std::fs::read_to_string(&taxonomy).expect("read").replace('\n', "\r\n");
    std::fs::write(&taxonomy, crlf).expect("write");
    assert_eq!(ocss(&check).code, 0, "CRLF copy counts as fresh");

    let csv = out.join("generated/matrix/matrix.csv");
    let edited = std::fs::read_to_string(&csv).expect("read") + "hand,edit\n";
    std::fs::write(&csv, edited).expect("write");
    std::fs::remove_file(out.join("generated/schema/ocss-configs.schema.json")).expect("remove");
    let run = ocss(&check);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("stale: generated/matrix/matrix.csv"), "{}", run.stderr);
    assert!(run.stderr.contains("missing: generated/schema/ocss-configs.schema.json"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("run `{REGENERATE}`")), "the failure names the command:\n{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Determinism and headers.

fn assert_same(expected: &[Artifact], actual: &[Artifact], what: &str) {
    let paths = |a: &[Artifact]| a.iter().map(|x| x.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(expected), paths(actual), "{what}: artifact paths differ");
    for (e, a) in expected.iter().zip(actual) {
        // Compare without printing megabytes of text on failure.
        assert!(e.contents == a.contents, "{what}: {} differs", e.path);
    }
}

/// Copies `from` into `to` one file at a time, in reverse name order, so the copy's folder entries
/// are created in the opposite order to the original's.
fn copy_reversed(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    let mut entries: Vec<_> = std::fs::read_dir(from).expect("list").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for entry in entries.iter().rev() {
        let target = to.join(entry.file_name().expect("file name"));
        if entry.is_dir() {
            copy_reversed(entry, &target);
        } else {
            std::fs::copy(entry, &target).expect("copy");
        }
    }
}

#[test]
fn generation_is_deterministic_and_ignores_file_creation_order() {
    let reg = load(Path::new("registry"));
    let first = generate(&reg);
    assert_same(&first, &generate(&reg), "second run");
    assert_same(&first, &generate(&load(Path::new("registry"))), "second load");

    let reversed = scratch("reversed").join("registry");
    copy_reversed(&workspace().join("registry"), &reversed);
    assert_same(&first, &generate(&load(&reversed)), "registry copied in reverse order");
}

/// `hh:mm:ss` or an ISO date-time (`yyyy-mm-ddThh`): what a timestamp would leave behind.
fn find_timestamp(text: &str) -> Option<&str> {
    let shape_at = |s: &[u8], shape: &[u8]| {
        s.len() >= shape.len()
            && shape.iter().zip(s).all(|(want, got)| if *want == b'9' { got.is_ascii_digit() } else { want == got })
    };
    let bytes = text.as_bytes();
    (0..bytes.len())
        .find(|&i| shape_at(&bytes[i..], b"99:99:99") || shape_at(&bytes[i..], b"9999-99-99T99"))
        .map(|i| &text[i..(i + 13).min(text.len())])
}

/// Splits an artifact into its header line and the body the header's hash covers.
fn header_and_body(a: &Artifact) -> (String, String) {
    let c = &a.contents;
    if let Some(rest) = c.strip_prefix("// ") {
        let (h, body) = rest.split_once("\n\n").expect("blank line after a Rust header");
        (h.to_owned(), body.to_owned())
    } else if let Some(rest) = c.strip_prefix("<!-- ") {
        let (h, body) = rest.split_once(" -->\n").expect("HTML comment header");
        (h.to_owned(), body.to_owned())
    } else if let Some(rest) = c.strip_prefix("# ") {
        let (h, body) = rest.split_once('\n').expect("CSV header");
        (h.to_owned(), body.to_owned())
    } else if let Some(rest) =
        c.strip_prefix("{\n  \"$comment\": ").or_else(|| c.strip_prefix("{\n  \"x-generated\": "))
    {
        // JSON files carry the header as their first member (`x-generated` in OpenAPI documents,
        // whose top level admits only `x-` extensions).
        let (h, body) = rest.split_once(",\n").expect("JSON header member");
        (serde_json::from_str(h).expect("the header is a JSON string"), format!("{{\n{body}"))
    } else {
        panic!("{} does not start with a header", a.path)
    }
}

fn assert_headers_and_portability(artifacts: &[Artifact], version: &str, machine_paths: &[String]) {
    for a in artifacts {
        let (header, body) = header_and_body(a);
        for part in ["@generated", "Do not edit by hand", REGENERATE, &format!("(OCSS {version}, ")] {
            assert!(header.contains(part), "{}: header lacks `{part}`: {header}", a.path);
        }
        let digest = Sha256::digest(body.as_bytes());
        let short: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        assert!(header.contains(&format!("content sha256:{short})")), "{}: header hash is not the body's", a.path);
        assert!(!a.contents.contains('\r'), "{}: CR in output", a.path);
        assert!(a.contents.ends_with('\n'), "{}: no final newline", a.path);
        for p in machine_paths {
            assert!(!a.contents.contains(p.as_str()), "{}: contains the machine path {p}", a.path);
        }
        assert!(!a.contents.contains("file://"), "{}: contains a file URL", a.path);
        // OpenAPI examples show fixed instants on the day of the seed's enforcement example; any
        // other timestamp would come from the run.
        let mut contents = a.contents.clone();
        if a.path.starts_with("generated/openapi/") {
            while let Some(at) = contents.find("2026-06-28T") {
                // `2026-06-28T12:00:00Z`: the day, `T`, and `HH:MM:SSZ`.
                contents.replace_range(at..(at + 20).min(contents.len()), "an example instant");
            }
        }
        if let Some(t) = find_timestamp(&contents) {
            panic!("{}: contains what looks like a timestamp: {t}", a.path);
        }
    }
}

#[test]
fn every_artifact_has_the_header_and_nothing_machine_specific() {
    // The mini registry is read from an absolute scratch path, which must leak nowhere.
    let mini = scratch("portable").join("mini");
    copy_tree(&workspace().join("tests/fixtures/mini"), &mini).expect("copy");
    let cwd = std::env::current_dir().expect("cwd");
    let mut machine_paths = vec![
        utf8(workspace()).to_owned(),
        env!("CARGO_TARGET_TMPDIR").to_owned(),
        utf8(&mini).to_owned(),
        utf8(&cwd).to_owned(),
    ];
    machine_paths.extend(std::env::var("HOME").ok().filter(|h| h.len() > 1));
    for dir in [workspace().join("registry"), mini] {
        let reg = load(&dir);
        assert_headers_and_portability(&generate(&reg), &reg.rules.version, &machine_paths);
    }
}

#[test]
fn timestamp_finder_finds_timestamps() {
    assert_eq!(find_timestamp("built 2025-03-25T10:00 ok"), Some("2025-03-25T10"));
    assert_eq!(find_timestamp("at 12:34:56"), Some("12:34:56"));
    assert_eq!(find_timestamp("effective 2025-03-25, from {start_hour}:00"), None);
}

// ---------------------------------------------------------------------------------------------
// Hostile registry text.

/// Everything that could break a Rust string literal, a doc comment, a raw string, a template, an
/// HTML page or a Markdown table, plus text outside ASCII. A bare CR and a bidi override are in
/// here because rustc rejects both inside doc comments.
const HOSTILE: &str = "Quotes \" ' `ticks`; comment end */ and start /* and //; raw-string ends \"# \"## and starts r#\" #\"; \
backslashes \\ \\\\ \\n \\\" \\u{41} \\x00;\na real newline,\n\nan empty line, a tab\there, a CRLF\r\nand a bare CR\r in the middle; \
braces { } {{ }} {daily_minutes} {nope}; HTML </script><script>alert(1)</script> <!-- x --> &amp; <b>bold</b>; \
Markdown | pipe | and ``` fence; emoji 👪🧒🏽‍💻; Grüße, ñ, 日本語, مرحبا, zero\u{200B}width, bidi \u{202E}override\u{202C}.";

/// At most 60 characters (law short names).
const HOSTILE_SHORT: &str = "Act \"#\" */ \\ {x} </script> | 👪 ü\nsecond line";

/// At most 120 characters (titles and names).
const HOSTILE_TITLE: &str =
    "Title \"q\" ' */ /* \"# r#\" #\" \\ \\n {braces} </script> | 👪 Grüße 日本 \u{202E}rtl\u{202C}\nline two";

/// Manual steps may only use `{field}` placeholders that name config fields; stray braces that
/// never close are text.
const HOSTILE_STEP: &str =
    "Set \"{daily_minutes}\" */ \"# #\" \\ \\n </script> | 👪 Grüße\nthen press } and leave { open";

/// Enum values: each keeps a distinct Rust name once punctuation is dropped.
const HOSTILE_VALUES: [&str; 9] = [
    "quote \" value",
    "*/ comment close",
    "\"# raw end",
    "r#\" raw start",
    "back\\slash",
    "line\nbreak",
    "</script>",
    "emoji 👪 family",
    "grüße {x}",
];

/// The mini registry with hostile text in every free-text field the generators emit.
fn hostile_registry(dir: &Path) {
    let rules_path = dir.join("ocss-rules.json");
    let mut rules = read_json(&rules_path);
    for list in ["domains", "capabilities", "services"] {
        rules[list][0]["title"] = json!(HOSTILE_TITLE);
        rules[list][0]["description"] = json!(HOSTILE);
    }
    let cat = &mut rules["categories"][0];
    assert_eq!(cat["id"], "time_daily_limit");
    cat["title"] = json!(HOSTILE_TITLE);
    cat["description"] = json!(HOSTILE);
    cat["manual_step"] = json!(HOSTILE_STEP);
    cat["config_schema"]["properties"]["daily_minutes"]["description"] = json!(HOSTILE);
    cat["config_schema"]["properties"]["rating"] =
        json!({ "type": "string", "enum": HOSTILE_VALUES, "description": HOSTILE });
    cat["examples"] = json!([{ "daily_minutes": 120 }, { "daily_minutes": 60, "rating": HOSTILE_VALUES[5] }]);
    cat["defaults"][0]["strict"]["config"]["rating"] = json!(HOSTILE_VALUES[6]);
    write_json(&rules_path, &rules);

    let law_path = dir.join("laws/us-ut-test-act.json");
    let mut law = read_json(&law_path);
    law["short_name"] = json!(HOSTILE_SHORT);
    law["full_name"] = json!(HOSTILE_TITLE);
    law["summary"] = json!(HOSTILE);
    law["provisions"] = json!([HOSTILE]);
    law["citation"]["bill"] = json!(HOSTILE_TITLE);
    law["penalty"]["summary"] = json!(HOSTILE);
    write_json(&law_path, &law);

    let platform_path = dir.join("platforms/testdns.json");
    let mut platform = read_json(&platform_path);
    platform["name"] = json!(HOSTILE_TITLE);
    platform["description"] = json!(HOSTILE);
    write_json(&platform_path, &platform);

    let pack_path = dir.join("standards/test-pack.json");
    let mut pack = read_json(&pack_path);
    pack["name"] = json!(HOSTILE_TITLE);
    pack["publisher"] = json!(HOSTILE_TITLE);
    pack["description"] = json!(HOSTILE);
    pack["rules"][0]["config"]["rating"] = json!(HOSTILE_VALUES[2]);
    write_json(&pack_path, &pack);
}

/// What a generated doc comment holds for `text`: doc comments hold lines, so line breaks of any
/// kind become `\n`; trailing spaces (which prettyplease trims) are not kept; and the bidi controls
/// rustc refuses in comments are spelled as escapes.
fn as_doc(text: &str) -> String {
    let lines = text.replace("\r\n", "\n").replace('\r', "\n");
    let escaped: String = lines
        .chars()
        .map(|c| match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect();
    escaped.split('\n').map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// String literals and doc blocks (consecutive `///` lines joined, one leading space dropped) of a
/// Rust source file, in source order.
#[derive(Default)]
struct RustStrings {
    literals: Vec<String>,
    docs: Vec<String>,
}

impl RustStrings {
    fn of(source: &str) -> Self {
        let tokens: proc_macro2::TokenStream = source.parse().expect("tokenises");
        let mut out = RustStrings::default();
        let mut block: Vec<String> = Vec::new();
        out.walk(tokens, &mut block);
        out.flush(&mut block);
        out
    }

    fn flush(&mut self, block: &mut Vec<String>) {
        if !block.is_empty() {
            let lines: Vec<&str> = block.iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
            self.docs.push(lines.join("\n"));
            block.clear();
        }
    }

    fn walk(&mut self, tokens: proc_macro2::TokenStream, block: &mut Vec<String>) {
        use proc_macro2::{Delimiter, TokenTree};
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            // `# [doc = "…"]`: one line of the current doc block.
            if let (TokenTree::Punct(p), Some(TokenTree::Group(g))) = (&trees[i], trees.get(i + 1))
                && p.as_char() == '#'
                && g.delimiter() == Delimiter::Bracket
            {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                if let [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(lit)] = &inner[..]
                    && name == "doc"
                    && eq.as_char() == '='
                {
                    block.push(string_value(&lit.to_string()).expect("doc attribute holds a string"));
                    i += 2;
                    continue;
                }
            }
            self.flush(block);
            match &trees[i] {
                TokenTree::Group(g) => self.walk(g.stream(), block),
                TokenTree::Literal(lit) => self.literals.extend(string_value(&lit.to_string())),
                _ => {}
            }
            i += 1;
        }
        self.flush(block);
    }
}

fn string_value(literal: &str) -> Option<String> {
    syn::parse_str::<syn::LitStr>(literal).ok().map(|l| l.value())
}

#[test]
fn hostile_strings_parse_and_round_trip_through_rust_literals_and_docs() {
    let root = scratch("hostile-syn");
    let dir = registry_with_overlay(workspace(), &root, "registry", None);
    hostile_registry(&dir);
    let reg = load(&dir);
    let artifacts = generate(&reg);
    let rust = |name: &str| -> RustStrings {
        let a = artifacts.iter().find(|a| a.path == format!("generated/src/gen/{name}")).expect("artifact");
        if let Err(e) = syn::parse_file(&a.contents) {
            panic!("{name} does not parse: {e}");
        }
        RustStrings::of(&a.contents)
    };
    let (taxonomy, configs, tables) = (rust("taxonomy.rs"), rust("configs.rs"), rust("tables.rs"));

    let has_lit = |s: &RustStrings, file: &str, want: &str| {
        assert!(s.literals.iter().any(|l| l == want), "{file}: no string literal equal to {want:?}");
    };
    let has_doc = |s: &RustStrings, file: &str, want: &str| {
        let want = as_doc(want);
        assert!(s.docs.contains(&want), "{file}: no doc equal to {want:?}\ndocs: {:#?}", s.docs);
    };

    // Vocabulary docs are `title: description`; titles and category metadata are constants.
    has_doc(&taxonomy, "taxonomy.rs", &format!("{HOSTILE_TITLE}: {HOSTILE}"));
    for want in [HOSTILE_TITLE, HOSTILE, HOSTILE_STEP] {
        has_lit(&taxonomy, "taxonomy.rs", want);
    }
    // Config fields and enum types carry the schema descriptions; enum values stay exact on the wire.
    has_doc(&configs, "configs.rs", HOSTILE);
    // The root config's doc opens with this paragraph; an example and its JSON Schema follow.
    let head = as_doc(&format!("Config of the `time_daily_limit` rule category ({HOSTILE_TITLE})."));
    assert!(
        configs.docs.iter().any(|d| d.starts_with(&format!("{head}\n\n# Example"))),
        "configs.rs: no root doc starting {head:?}"
    );
    for v in HOSTILE_VALUES {
        has_lit(&configs, "configs.rs", v);
        has_doc(&configs, "configs.rs", &format!("`{v}`"));
    }
    // Laws, platforms, packs and default configs are constants.
    for want in [HOSTILE, HOSTILE_SHORT, HOSTILE_TITLE] {
        has_lit(&tables, "tables.rs", want);
    }
    // Default and pack configs are typed values built by the generator (their hostile enum values
    // round-trip in the compile test below), not JSON text parsed when the crate runs.
    let tables_rs = &artifacts.iter().find(|a| a.path == "generated/src/gen/tables.rs").expect("artifact").contents;
    for want in ["TimeDailyLimitDailyMinutes(90u16)", "TimeDailyLimitDailyMinutes(60u16)"] {
        assert!(tables_rs.contains(want), "tables.rs: no typed default {want}");
    }
    assert!(!tables_rs.contains("daily_minutes\\\":"), "tables.rs still holds config JSON");

    // The pages escape the text instead of running or breaking on it.
    let text = |path: &str| &artifacts.iter().find(|a| a.path == path).expect("artifact").contents;
    let html = text("generated/matrix/matrix.html");
    assert!(!html.contains("<script"), "registry text became markup in matrix.html");
    assert!(html.contains("&lt;&#x2F;script&gt;") || html.contains("&lt;/script&gt;"), "escaped text is shown");
    let md = text("generated/matrix/matrix.md");
    assert!(!md.contains("<script"), "registry text became markup in matrix.md");
    // Every row of a Markdown table has as many cell separators as its header.
    let mut header_cells = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_cells = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        let want = *header_cells.get_or_insert(cells);
        assert_eq!(cells, want, "a Markdown table row has the wrong number of cells: {line}");
    }
    for a in &artifacts {
        if a.path.ends_with(".json") {
            serde_json::from_str::<Value>(&a.contents).unwrap_or_else(|e| panic!("{}: {e}", a.path));
        }
    }
}

/// `generated/Cargo.toml` with every `workspace = true` replaced by the workspace's value, its own
/// `[workspace]` table, and no path dependencies but the hand-written engine crate (pointed at this
/// checkout), so it builds on its own.
fn standalone_manifest(root_manifest: &str, member_manifest: &str) -> String {
    let section = |name: &str| -> Vec<(String, String)> {
        let header = format!("[{name}]");
        root_manifest
            .lines()
            .skip_while(|l| l.trim() != header)
            .skip(1)
            .take_while(|l| !l.starts_with('['))
            .filter_map(|l| l.split_once(" = ").map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())))
            .collect()
    };
    let lookup = |table: &[(String, String)], key: &str| -> String {
        match table.iter().find(|(k, _)| k == key) {
            Some((_, v)) => v.clone(),
            None => panic!("`{key}` is not in the workspace manifest"),
        }
    };
    let (package, deps) = (section("workspace.package"), section("workspace.dependencies"));
    let mut out = String::new();
    let mut in_lints = false;
    for line in member_manifest.lines() {
        if line.starts_with('[') {
            in_lints = line.trim() == "[lints]";
        }
        if in_lints {
            continue;
        }
        assert!(!line.contains("path ="), "generated/Cargo.toml has a path dependency: {line}");
        if let Some(key) = line.strip_suffix(".workspace = true") {
            out.push_str(&format!("{key} = {}\n", lookup(&package, key.trim())));
        } else if let Some((name, value)) = line.split_once(" = ")
            && value.contains("workspace = true")
        {
            assert_eq!(value.trim(), "{ workspace = true }", "unsupported inherited dependency: {line}");
            let value = lookup(&deps, name.trim());
            // The hand-written crates beside it are the only path dependencies, pointed at this checkout.
            let sibling = ["ocss-engine", "ocss-macros"].contains(&name.trim());
            assert!(!value.contains("path =") || sibling, "path dependency: {line}");
            let mut value = value;
            for folder in ["engine", "macros"] {
                let path = workspace().join(folder);
                value = value.replace(&format!("path = \"{folder}\""), &format!("path = {:?}", path.to_string_lossy()));
            }
            out.push_str(&format!("{name} = {value}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    for table in ["rust", "clippy"] {
        out.push_str(&format!("\n[lints.{table}]\n"));
        for (k, v) in section(&format!("workspace.lints.{table}")) {
            out.push_str(&format!("{k} = {v}\n"));
        }
    }
    out.push_str("\n# Its own workspace, not a member of the one it was copied from.\n[workspace]\n");
    out
}

/// Prints what the generated crate holds for the hostile fields, as JSON.
const ROUNDTRIP_EXAMPLE: &str = r#"//! Prints the hostile fields of the generated crate as JSON, for tests/generated_artifacts.rs.

use ocss::tables::{LAWS, PLATFORMS, STANDARDS};
use ocss::config::TimeDailyLimitRating;
use ocss::{Capability, Domain, RuleCategory, Service, Strictness, defaults_for};

fn main() {
    let values: Vec<String> = serde_json::from_str(&std::env::args().nth(1).expect("values")).expect("JSON");
    let ratings: Vec<&str> = values
        .iter()
        .map(|v| serde_json::from_value::<TimeDailyLimitRating>(serde_json::json!(v)).expect("known value").as_str())
        .collect();
    let category = RuleCategory::ALL[0];
    let out = serde_json::json!({
        "category_title": category.title(),
        "category_description": category.description(),
        "manual_step": category.manual_step_template(),
        "domain_title": Domain::ALL[0].title(),
        "capability_title": Capability::ALL[0].title(),
        "service_title": Service::ALL[0].title(),
        "law": [LAWS[0].short_name, LAWS[0].full_name, LAWS[0].bill, LAWS[0].summary],
        "platform": [PLATFORMS[0].name, PLATFORMS[0].description],
        "standard": [STANDARDS[0].name, STANDARDS[0].publisher, STANDARDS[0].description, serde_json::to_string(STANDARDS[0].policy_rules()[0].config()).expect("JSON")],
        "ratings": ratings,
        "strict_defaults": defaults_for(5, Strictness::Strict),
    });
    println!("{out}");
}
"#;

/// Builds the `ocss` crate from the generated modules in `out` (beside the hand-written ones of this
/// checkout) as a standalone crate under `root`, and runs `example` with `arg`; returns its output.
fn run_generated_crate(root: &Path, out: &Path, example: &str, arg: &str) -> std::process::Output {
    let krate = root.join("crate");
    let generated = workspace().join("generated");
    std::fs::create_dir_all(krate.join("src/gen")).expect("create");
    std::fs::create_dir_all(krate.join("examples")).expect("create");
    let manifest = standalone_manifest(
        &std::fs::read_to_string(workspace().join("Cargo.toml")).expect("read"),
        &std::fs::read_to_string(generated.join("Cargo.toml")).expect("read"),
    );
    // Crates share one target folder, and cargo hashes a path package by its name, version and
    // place inside its own workspace (rust-lang/cargo#12516): two probes both called `ocss` would
    // share one library there, and one test would link the other's. Each probe gets its own
    // package name; its library keeps the name `ocss`.
    let scratch = root.file_name().and_then(|n| n.to_str()).expect("name").replace('-', "_");
    let package = format!("name = \"ocss_probe_{scratch}\"");
    assert!(manifest.contains("name = \"ocss\"\n"), "generated/Cargo.toml names the package `ocss`");
    let manifest = manifest.replacen("name = \"ocss\"", &package, 1) + "\n[lib]\nname = \"ocss\"\n";
    std::fs::write(krate.join("Cargo.toml"), manifest).expect("write");
    // The workspace's lock file pins the same dependency versions, already in the local cache.
    std::fs::copy(workspace().join("Cargo.lock"), krate.join("Cargo.lock")).expect("copy");
    for entry in std::fs::read_dir(generated.join("src")).expect("list") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            std::fs::copy(&path, krate.join("src").join(path.file_name().expect("name"))).expect("copy");
        }
    }
    copy_tree(&out.join("generated/src/gen"), &krate.join("src/gen")).expect("copy generated modules");
    // `cargo run` starts the example from its unhashed path in the shared target folder: each
    // test names its example after its scratch folder so none runs another's.
    let name = format!("roundtrip_{scratch}");
    std::fs::write(krate.join(format!("examples/{name}.rs")), example).expect("write");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--offline", "--quiet", "--example", &name, "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .arg("--")
        .arg(arg)
        // One target folder for every generated crate: dependencies compile once, then stay.
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-crate-target"))
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the generated crate does not build or run:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The strongest check: the crate generated from a hostile registry compiles (under the crate's
/// `#![deny(warnings)]`) and hands every string back unchanged.
#[test]
fn hostile_strings_compile_and_round_trip_through_the_generated_crate() {
    let root = scratch("hostile-crate");
    let dir = registry_with_overlay(workspace(), &root, "registry", None);
    hostile_registry(&dir);
    let out = root.join("out");
    let run = ocss(&["generate", "--registry", utf8(&dir), "--out", utf8(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let values = serde_json::to_string(&HOSTILE_VALUES).expect("JSON");
    let output = run_generated_crate(&root, &out, ROUNDTRIP_EXAMPLE, &values);
    let got: Value = serde_json::from_slice(&output.stdout).expect("the example prints JSON");
    let expected = json!({
        "category_title": HOSTILE_TITLE,
        "category_description": HOSTILE,
        "manual_step": HOSTILE_STEP,
        "domain_title": HOSTILE_TITLE,
        "capability_title": HOSTILE_TITLE,
        "service_title": HOSTILE_TITLE,
        "law": [HOSTILE_SHORT, HOSTILE_TITLE, HOSTILE_TITLE, HOSTILE],
        "platform": [HOSTILE_TITLE, HOSTILE],
        "standard": [HOSTILE_TITLE, HOSTILE_TITLE, HOSTILE, json!({ "daily_minutes": 60, "rating": HOSTILE_VALUES[2] }).to_string()],
        "ratings": HOSTILE_VALUES,
        "strict_defaults": [
            { "category": "time_daily_limit", "enabled": true, "config": { "daily_minutes": 90, "rating": HOSTILE_VALUES[6] } },
            { "category": "time_downtime", "enabled": true, "config": { "start_hour": 21, "end_hour": 7 } },
            { "category": "web_safesearch", "enabled": true, "config": {} },
        ],
    });
    assert_eq!(got, expected);
}

#[test]
fn enum_values_with_the_same_rust_name_are_refused_naming_both() {
    let root = scratch("enum-collision");
    let dir = registry_with_overlay(workspace(), &root, "registry", None);
    let rules_path = dir.join("ocss-rules.json");
    let mut rules = read_json(&rules_path);
    rules["categories"][0]["config_schema"]["properties"]["age_band"] =
        json!({ "type": "string", "enum": ["13-15", "13_15"] });
    write_json(&rules_path, &rules);
    let out = root.join("out");

    let validate = ocss(&["validate", "--registry", utf8(&dir)]);
    assert_eq!(validate.code, 0, "the registry itself is valid: {}", validate.stderr);
    let run = ocss(&["generate", "--registry", utf8(&dir), "--out", utf8(&out)]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for part in ["time_daily_limit", "/properties/age_band", "`13-15`", "`13_15`", "N1315"] {
        assert!(run.stderr.contains(part), "the error names {part}: {}", run.stderr);
    }
    assert!(!out.exists(), "nothing is written when generation fails");
}

/// Deprecated categories and former ids reach the generated crate: a deprecated variant carries
/// `#[deprecated]` naming its successor, and a former id is in the lookup table `FromStr` and serde
/// read, pointing at the category it became.
#[test]
fn deprecations_and_former_ids_are_generated() {
    let root = scratch("deprecations");
    let dir = registry_with_overlay(workspace(), &root, "registry", None);
    let rules_path = dir.join("ocss-rules.json");
    let mut rules = read_json(&rules_path);
    let cats = rules["categories"].as_array_mut().expect("categories");
    let downtime = cats.iter_mut().find(|c| c["id"] == "time_downtime").expect("time_downtime");
    downtime["aliases"] = json!(["time_bedtime"]);
    downtime["deprecated"] =
        json!({ "date": "2026-06-01", "replaced_by": ["time_daily_limit"], "reason": "folded into daily limits" });
    write_json(&rules_path, &rules);
    let validate = ocss(&["validate", "--registry", utf8(&dir)]);
    assert_eq!(validate.code, 0, "{}", validate.stderr);
    let artifacts = generate(&load(&dir));
    let taxonomy = &artifacts.iter().find(|a| a.path.ends_with("taxonomy.rs")).expect("taxonomy").contents;
    assert!(
        taxonomy.contains("#[deprecated(\n        note = \"deprecated on 2026-06-01: folded into daily limits; use `time_daily_limit` instead\"\n    )]")
            || taxonomy.contains("#[deprecated(note = \"deprecated on 2026-06-01: folded into daily limits; use `time_daily_limit` instead\")]"),
        "no #[deprecated] on TimeDowntime"
    );
    let index = |id: &str| {
        taxonomy.find(&format!("(\"{id}\", ")).map(|at| taxonomy[at..].split(')').next().unwrap_or("").to_owned())
    };
    let (old, new) =
        (index("time_bedtime").expect("the former id is in the table"), index("time_downtime").expect("id"));
    assert_eq!(old.rsplit(", ").next(), new.rsplit(", ").next(), "the former id points at the category it became");
    assert!(
        taxonomy.contains("#[non_exhaustive]\npub enum RuleCategory"),
        "categories can be added in a minor version"
    );
}

/// Prints what a 300-category crate knows, for the growth test.
const GROWTH_EXAMPLE: &str = r#"//! Routes a rule of the last of 300 categories, for tests/generated_artifacts.rs.

use ocss::routing::Route;
use ocss::tables::platform;
use ocss::{CategorySet, PolicyRule, RuleCategory};

fn main() {
    let last = *RuleCategory::ALL.last().expect("categories");
    let rule: PolicyRule = serde_json::from_value(serde_json::json!({ "category": last.as_str(), "enabled": true, "config": {} })).expect("rule");
    let nextdns = platform("nextdns").expect("nextdns");
    let route = ocss::routing::Router::new([nextdns]).route(&rule);
    let out = serde_json::json!({
        "categories": RuleCategory::ALL.len(),
        "words": ocss::CATEGORY_WORDS,
        "last": last.as_str(),
        "covered": nextdns.covers.contains(last),
        "native": route == Route::Native,
        "set": CategorySet::of(&RuleCategory::ALL).len(),
    });
    println!("{out}");
}
"#;

/// Adding categories is a minor change: a registry of 300 categories (183 more than today) validates,
/// generates, and gives a crate whose sets are wide enough (5 words) and whose engine routes the last
/// category like the first.
#[test]
fn a_registry_of_300_categories_generates_a_working_crate() {
    let root = scratch("growth");
    let dir = root.join("registry");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clean");
    }
    copy_tree(&workspace().join("registry"), &dir).expect("copy the real registry");
    let rules_path = dir.join("ocss-rules.json");
    let mut rules = read_json(&rules_path);
    let template = rules["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["id"] == "web_safesearch")
        .cloned()
        .expect("template");
    let existing = rules["categories"].as_array().expect("categories").len();
    let mut added = Vec::new();
    for i in 0..(300 - existing) {
        let mut c = template.clone();
        let id = format!("synthetic_{i:03}");
        c["id"] = json!(id);
        c["since"] = json!("4.0");
        c["status"] = json!("provisional");
        c["evidence"] =
            json!([{ "kind": "designed_for_platforms", "note": "A synthetic category for the growth test." }]);
        c["uncited_reason"] = json!("Synthetic: no law cites it.");
        added.push(json!(id));
        rules["categories"].as_array_mut().expect("categories").push(c);
    }
    let safe_search = rules["capabilities"]
        .as_array_mut()
        .expect("capabilities")
        .iter_mut()
        .find(|k| k["id"] == "safe_search")
        .expect("safe_search");
    safe_search["categories"].as_array_mut().expect("list").extend(added);
    write_json(&rules_path, &rules);
    let validate = ocss(&["validate", "--registry", utf8(&dir)]);
    assert_eq!(validate.code, 0, "{}", validate.stderr);
    let out = root.join("out");
    let run = ocss(&["generate", "--registry", utf8(&dir), "--out", utf8(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let output = run_generated_crate(&root, &out, GROWTH_EXAMPLE, "");
    let got: Value = serde_json::from_slice(&output.stdout).expect("the example prints JSON");
    assert_eq!(
        got,
        json!({ "categories": 300, "words": 5, "last": "synthetic_182", "covered": true, "native": true, "set": 300 })
    );
}
