//! Mutation runs over a valid registry, as an attacker or a careless contributor would edit it:
//! byte edits, JSON-aware swaps of types and values, numbers in every spelling, unicode hazards and
//! file-system shapes. Whatever the edit, the toolchain must: finish without panicking; exit 0 with
//! no diagnostics or 1 with at least one diagnostic placed in a file; never load fewer entries than
//! the files it accepted; print no raw control character; and, when the registry still validates,
//! generate Rust that parses, the same bytes twice.
//!
//! `cargo test` runs a quick set; `OCSS_MUTATIONS=100000 cargo test --release --test mutation --
//! --nocapture` runs a large one (`OCSS_MUTATION_SEED` picks another sequence). A failure names the
//! case and seed, so it can be replayed alone.

use std::path::{Path, PathBuf};

use ocss_codegen::diag::{self, Format};
use ocss_codegen::{emit, pipeline};
use ocss_workspace_tests::registry_with_overlay;
use serde_json::Value;

const FILES: [&str; 4] =
    ["ocss-rules.json", "laws/us-ut-test-act.json", "platforms/testdns.json", "standards/test-pack.json"];
const FAMILIES: [&str; 5] = ["bytes", "json", "numbers", "unicode", "files"];

/// xorshift64*: small, deterministic, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn bytes(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let snippets: [&[u8]; 14] =
        [b"{", b"}", b"[", b"]", b",", b":", b"\"", b"\\", b"\xef\xbb\xbf", b"\r\n", b"\0", b"\xff", b"1e999", b"null"];
    let at = rng.below(data.len() + 1);
    match rng.below(3) {
        0 if !data.is_empty() => {
            let i = at.min(data.len() - 1);
            data[i] = rng.next() as u8;
            format!("flip byte {i}")
        }
        1 => {
            data.truncate(at);
            format!("cut at {at}")
        }
        _ => {
            let s = rng.pick(&snippets);
            data.splice(at..at, s.iter().copied());
            format!("insert {s:?} at {at}")
        }
    }
}

/// Every node of `v` by JSON pointer.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                pointers(child, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn json(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let Ok(mut doc) = serde_json::from_slice::<Value>(data) else { return "unparsable, left".into() };
    let mut all = Vec::new();
    pointers(&doc, String::new(), &mut all);
    let target = rng.pick(&all).clone();
    let replacement = match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => serde_json::json!(rng.next() as i64 % 1000),
        3 => serde_json::json!(""),
        4 => serde_json::json!("time_daily_limit"),
        5 => serde_json::json!([]),
        6 => serde_json::json!({}),
        7 => serde_json::json!(u64::MAX),
        _ => serde_json::json!("x".repeat(5000)),
    };
    let what = if rng.below(4) == 0 && target.rfind('/').is_some() {
        // Remove the member or item.
        let (parent, last) = target.rsplit_once('/').unwrap_or_default();
        match doc.pointer_mut(parent) {
            Some(Value::Object(m)) => {
                m.remove(&last.replace("~1", "/").replace("~0", "~"));
            }
            Some(Value::Array(a)) => {
                if let Ok(i) = last.parse::<usize>()
                    && i < a.len()
                {
                    a.remove(i);
                }
            }
            _ => {}
        }
        format!("remove {target}")
    } else {
        if let Some(slot) = doc.pointer_mut(&target) {
            *slot = replacement.clone();
        }
        format!("set {target} to {}", &replacement.to_string()[..replacement.to_string().len().min(40)])
    };
    *data = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    what
}

fn numbers(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let text = String::from_utf8_lossy(data).into_owned();
    let spots: Vec<(usize, usize)> = {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        let mut in_string = false;
        while i < b.len() {
            match b[i] {
                b'"' if i == 0 || b[i - 1] != b'\\' => in_string = !in_string,
                c if !in_string && (c.is_ascii_digit() || c == b'-') => {
                    let start = i;
                    while i < b.len() && (b[i].is_ascii_digit() || matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E')) {
                        i += 1;
                    }
                    out.push((start, i));
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        out
    };
    if spots.is_empty() {
        return "no number".into();
    }
    let (a, b) = *rng.pick(&spots);
    let n = &text[a..b];
    let spelling = match rng.below(10) {
        0 => format!("{n}.0"),
        1 => format!("{n}e0"),
        2 => format!("{n}E+0"),
        3 => "-0".to_owned(),
        4 => format!("{n}.5"),
        5 => format!("-{n}"),
        6 => "1e400".to_owned(),
        7 => "123456789012345678901234567890".to_owned(),
        8 => format!("{n}0"),
        _ => "0.1e1".to_owned(),
    };
    let mut out = text[..a].to_owned();
    out.push_str(&spelling);
    out.push_str(&text[b..]);
    *data = out.into_bytes();
    format!("number {n} -> {spelling}")
}

fn unicode(rng: &mut Rng, data: &mut Vec<u8>) -> String {
    let hazards: [&[u8]; 12] = [
        "\u{feff}".as_bytes(),
        "\u{200b}".as_bytes(),
        "\u{202e}".as_bytes(),
        "\u{2028}".as_bytes(),
        "\u{a0}".as_bytes(),
        "\u{3000}".as_bytes(),
        b"\x0b",
        b"\x1b[31m",
        b"\\ud800",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        "é".as_bytes(),
    ];
    let h = rng.pick(&hazards);
    let at = rng.below(data.len() + 1);
    data.splice(at..at, h.iter().copied());
    format!("unicode {h:?} at {at}")
}

/// File-system shapes: files removed, copied, emptied, misnamed; stray entries; a symlink out.
fn files(rng: &mut Rng, dir: &Path) -> String {
    let law = dir.join("laws/us-ut-test-act.json");
    match rng.below(8) {
        0 => {
            let _ = std::fs::remove_file(dir.join(FILES[1 + rng.below(3)]));
            "remove a file".into()
        }
        1 => {
            let _ = std::fs::write(dir.join("laws/notes.txt"), "draft");
            "stray non-json file".into()
        }
        2 => {
            let _ = std::fs::create_dir_all(dir.join("standards/folder.json"));
            "folder named .json".into()
        }
        3 => {
            let _ = std::fs::copy(&law, dir.join("laws/us-ut-copy.json"));
            "copy of a law under another name".into()
        }
        4 => {
            let _ = std::fs::write(dir.join("platforms/empty.json"), "");
            "empty file".into()
        }
        5 => {
            let _ = std::fs::create_dir_all(dir.join("Laws"));
            "misspelt folder".into()
        }
        #[cfg(unix)]
        6 => {
            let _ = std::os::unix::fs::symlink("/etc/hostname", dir.join("laws/outside.json"));
            "symlink outside".into()
        }
        _ => {
            let _ = std::fs::remove_dir_all(dir.join("standards"));
            "remove a folder".into()
        }
    }
}

fn entries_in(dir: &Path, folder: &str) -> usize {
    std::fs::read_dir(dir.join(folder)).map(|d| d.filter_map(Result::ok).count()).unwrap_or(0)
}

fn check_case(dir: &Path, what: &str) -> Result<(), String> {
    let outcome = match pipeline::validate_as(dir, Path::new("registry")) {
        Ok(o) => o,
        Err(fatal) => return Err(format!("{what}: I/O-level refusal of a usable registry folder: {fatal}")),
    };
    for format in [Format::Human, Format::Json, Format::Github] {
        let text = diag::render(&outcome.diagnostics, &outcome.sources, format);
        let mut chars = text.chars().peekable();
        let mut raw = None;
        while let Some(c) = chars.next() {
            let line_end = c == '\r' && chars.peek() == Some(&'\n');
            if c.is_control() && !matches!(c, '\n' | '\t') && !line_end {
                raw = Some(c);
            }
        }
        if let Some(c) = raw {
            return Err(format!("{what}: {format:?} output holds the raw control character {c:?}"));
        }
        if matches!(format, Format::Json) && serde_json::from_str::<Value>(&text).is_err() {
            return Err(format!("{what}: the JSON output is not JSON"));
        }
    }
    match &outcome.registry {
        Some(reg) => {
            if !outcome.diagnostics.is_empty() {
                return Err(format!("{what}: a registry with diagnostics"));
            }
            for (folder, loaded) in
                [("laws", reg.laws.len()), ("platforms", reg.platforms.len()), ("standards", reg.standards.len())]
            {
                if entries_in(dir, folder) != loaded {
                    return Err(format!(
                        "{what}: {loaded} {folder} loaded from {} entries, silently",
                        entries_in(dir, folder)
                    ));
                }
            }
            if let Ok(first) = emit::all(reg) {
                let second = emit::all(reg).map_err(|e| format!("{what}: second generation failed: {e}"))?;
                if first != second {
                    return Err(format!("{what}: generation is not deterministic"));
                }
                for a in first.iter().filter(|a| a.path.ends_with(".rs")) {
                    syn::parse_file(&a.contents).map_err(|e| format!("{what}: {} does not parse: {e}", a.path))?;
                }
            }
        }
        None => {
            if outcome.diagnostics.is_empty() {
                return Err(format!("{what}: invalid with no diagnostic"));
            }
            if !outcome.diagnostics.iter().any(|d| d.file.is_some()) {
                return Err(format!("{what}: no diagnostic is placed in a file"));
            }
        }
    }
    Ok(())
}

#[test]
fn mutated_registries_are_reported_never_dropped() {
    let cases: usize = std::env::var("OCSS_MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(250);
    let seed: u64 = std::env::var("OCSS_MUTATION_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x0C55);
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mutation");
    let mut per_family = [0usize; FAMILIES.len()];
    let mut failures = Vec::new();
    for case in 0..cases {
        let mut rng = Rng(seed ^ (case as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let family = rng.below(FAMILIES.len());
        per_family[family] += 1;
        // One folder per process: a quick run and a large one may share the target folder.
        let dir = registry_with_overlay(workspace, &scratch, &format!("case-{}", std::process::id()), None);
        let file = dir.join(FILES[rng.below(FILES.len())]);
        let what = if FAMILIES[family] == "files" {
            files(&mut rng, &dir)
        } else {
            let mut data = std::fs::read(&file).expect("fixture");
            let what = match FAMILIES[family] {
                "bytes" => bytes(&mut rng, &mut data),
                "json" => json(&mut rng, &mut data),
                "numbers" => numbers(&mut rng, &mut data),
                _ => unicode(&mut rng, &mut data),
            };
            std::fs::write(&file, &data).expect("write");
            what
        };
        if let Err(e) = check_case(&dir, &format!("case {case} (seed {seed}, {}: {what})", FAMILIES[family])) {
            failures.push(e);
        }
    }
    let counts: Vec<String> = FAMILIES.iter().zip(per_family).map(|(f, n)| format!("{f} {n}")).collect();
    println!("{cases} mutated registries: {}", counts.join(", "));
    assert!(failures.is_empty(), "{} of {cases} cases broke an invariant:\n{}", failures.len(), failures.join("\n"));
}

/// The policy path: mutated copies of a real policy are either routed or refused with placed
/// problems by `ocss route`'s reader, never a panic; and the `ocss` crate's typed `Policy` accepts
/// exactly the policies that reader accepts (one verdict, two implementations).
#[test]
fn mutated_policies_get_the_same_verdict_from_the_cli_and_the_crate() {
    let cases: usize = std::env::var("OCSS_MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(250);
    let seed: u64 = std::env::var("OCSS_MUTATION_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x0C55);
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let outcome = pipeline::validate(&workspace.join("registry")).expect("no I/O error");
    let reg = outcome.registry.expect("the registry is valid");
    let mut rules = ocss::defaults_for(12, ocss::Strictness::Recommended);
    rules.truncate(25);
    let original = serde_json::to_vec_pretty(&serde_json::json!({ "rules": rules })).expect("JSON");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mutation");
    std::fs::create_dir_all(&scratch).expect("scratch");
    let path = scratch.join(format!("policy-{}.json", std::process::id()));
    let mut failures = Vec::new();
    let mut accepted = 0;
    for case in 0..cases {
        let mut rng = Rng(seed ^ (case as u64 + 7).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut data = original.clone();
        let what = match rng.below(4) {
            0 => bytes(&mut rng, &mut data),
            1 => json(&mut rng, &mut data),
            2 => numbers(&mut rng, &mut data),
            _ => unicode(&mut rng, &mut data),
        };
        std::fs::write(&path, &data).expect("write");
        let cli = ocss_codegen::query::policy::read(&path, &reg);
        let crate_verdict = std::str::from_utf8(&data).ok().map(serde_json::from_str::<ocss::Policy>);
        let crate_ok = matches!(crate_verdict, Some(Ok(_)));
        match &cli {
            Ok(_) => accepted += 1,
            Err(e) if e.problems.is_empty() => failures.push(format!("case {case} ({what}): refused with no problem")),
            Err(e) => {
                if let Some(p) = e.problems.iter().find(|p| !p.contains(".json")) {
                    failures.push(format!("case {case} ({what}): unplaced problem {p}"));
                }
            }
        }
        if cli.is_ok() != crate_ok {
            failures.push(format!(
                "case {case} ({what}): the CLI {} it, the crate {}",
                if cli.is_ok() { "accepts" } else { "refuses" },
                if crate_ok { "accepts" } else { "refuses" }
            ));
        }
    }
    println!("{cases} mutated policies, {accepted} still accepted");
    assert!(failures.is_empty(), "{} of {cases} cases broke an invariant:\n{}", failures.len(), failures.join("\n"));
}
