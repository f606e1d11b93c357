//! `ocss fmt`: the registry is in canonical form, formatting never changes a value, and any spelling
//! of a document (members in any order, any JSON whitespace) formats to the same bytes.

use std::path::{Path, PathBuf};

use ocss_codegen::fmt::format;
use ocss_codegen::schema::FileKind;
use ocss_codegen::source::SourceMap;
use ocss_workspace_tests::{ocss, registry_with_overlay};
use serde_json::Value;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn registry_files() -> Vec<(FileKind, PathBuf)> {
    let root = workspace().join("registry");
    let mut out = vec![(FileKind::Rules, root.join("ocss-rules.json"))];
    for (folder, kind) in
        [("laws", FileKind::Law), ("platforms", FileKind::Platform), ("standards", FileKind::Standard)]
    {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(root.join(folder)).expect("folder").map(|e| e.expect("entry").path()).collect();
        paths.sort();
        out.extend(paths.into_iter().map(|p| (kind, p)));
    }
    out
}

fn fmt(text: &str, kind: FileKind) -> String {
    format(text, kind, "t.json".into(), &mut SourceMap::default()).unwrap_or_else(|d| panic!("does not format: {d:?}"))
}

/// xorshift64*, to pick orders and whitespace.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }
}

/// `v` written with its members shuffled and random JSON whitespace: the same document.
fn respell(v: &Value, rng: &mut Rng, out: &mut String) {
    let ws = |rng: &mut Rng, out: &mut String| {
        for _ in 0..rng.below(3) {
            out.push([' ', '\n', '\t', '\r'][rng.below(4)]);
        }
    };
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            for i in (1..keys.len()).rev() {
                keys.swap(i, rng.below(i + 1));
            }
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                ws(rng, out);
                out.push_str(&serde_json::to_string(k).expect("key"));
                ws(rng, out);
                out.push(':');
                ws(rng, out);
                respell(&m[*k], rng, out);
                if i + 1 < keys.len() {
                    out.push(',');
                }
            }
            ws(rng, out);
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                ws(rng, out);
                respell(item, rng, out);
                if i + 1 < a.len() {
                    out.push(',');
                }
            }
            ws(rng, out);
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).expect("scalar")),
    }
}

#[test]
fn the_registry_is_canonical_and_formatting_keeps_every_value() {
    for (kind, path) in registry_files() {
        let text = std::fs::read_to_string(&path).expect("read");
        let formatted = fmt(&text, kind);
        assert_eq!(formatted, text, "{} is not in canonical form: run `ocss fmt`", path.display());
        let before: Value = serde_json::from_str(&text).expect("JSON");
        let after: Value = serde_json::from_str(&formatted).expect("JSON");
        assert_eq!(before, after, "{}: a value changed", path.display());
    }
}

#[test]
fn any_spelling_of_a_document_formats_to_the_same_bytes() {
    let mut rng = Rng(0x0C55_F0A7);
    let mut cases = 0;
    for (kind, path) in registry_files() {
        let text = std::fs::read_to_string(&path).expect("read");
        let value: Value = serde_json::from_str(&text).expect("JSON");
        for _ in 0..4 {
            let mut spelled = String::new();
            respell(&value, &mut rng, &mut spelled);
            assert_eq!(fmt(&spelled, kind), text, "{}: a respelling formats differently", path.display());
            cases += 1;
        }
    }
    assert!(cases > 500, "only {cases} respellings");
}

#[test]
fn fmt_check_reports_and_fmt_rewrites_only_what_loads() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fmt");
    let dir = registry_with_overlay(workspace(), &scratch, "mini", None);
    let reg = dir.to_str().expect("utf-8 path");
    let fix = ocss(&["fmt", "--registry", reg]);
    assert_eq!(fix.code, 0, "{}", fix.stderr);
    let law = dir.join("laws/us-ut-test-act.json");
    let canonical = std::fs::read_to_string(&law).expect("read");
    std::fs::write(&law, canonical.replace("\n  ", "\n    ")).expect("write");
    let check = ocss(&["fmt", "--check", "--registry", reg]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains("not canonical: ") && check.stderr.contains("us-ut-test-act.json"),
        "{}",
        check.stderr
    );
    assert_eq!(ocss(&["fmt", "--registry", reg]).code, 0);
    assert_eq!(std::fs::read_to_string(&law).expect("read"), canonical);

    // A file that does not load (a duplicate key) is reported and left exactly as it was.
    let broken = canonical.replacen("\"short_name\"", "\"id\": \"x\",\n  \"short_name\"", 1);
    std::fs::write(&law, &broken).expect("write");
    let run = ocss(&["fmt", "--registry", reg]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E0005"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&law).expect("read"), broken);
}
