//! Hostile input never panics: random byte edits of every kind of registry file (flips, cuts,
//! insertions of JSON punctuation, BOMs, CRLF, NUL) always end in diagnostics, never a crash.

use std::path::Path;

use ocss_codegen::pipeline;
use ocss_workspace_tests::registry_with_overlay;
use proptest::prelude::*;

const FILES: [&str; 4] =
    ["ocss-rules.json", "laws/us-ut-test-act.json", "platforms/testdns.json", "standards/test-pack.json"];

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, &'static [u8]),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippets: &'static [&'static [u8]] = &[
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b"\"",
        b"\\",
        b"\xef\xbb\xbf",
        b"\r\n",
        b"\0",
        b"\xff",
        b"1e999",
        b"null",
        b"[[[[[[[[",
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        any::<usize>().prop_map(Edit::Cut),
        (any::<usize>(), proptest::sample::select(snippets)).prop_map(|(i, s)| Edit::Insert(i, s)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn edited_files_give_diagnostics_not_panics(file in 0..FILES.len(), edits in proptest::collection::vec(edit(), 1..4), case in any::<u32>()) {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
        let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("robustness");
        let dir = registry_with_overlay(workspace, &scratch, &format!("case-{case}"), None);
        let path = dir.join(FILES[file]);
        let mut bytes = std::fs::read(&path).expect("fixture");
        for e in edits {
            match e {
                Edit::Flip(i, b) => { let n = bytes.len(); if n > 0 { bytes[i % n] = b; } }
                Edit::Cut(i) => { let n = bytes.len(); bytes.truncate(i % (n + 1)); }
                Edit::Insert(i, s) => { let at = i % (bytes.len() + 1); bytes.splice(at..at, s.iter().copied()); }
            }
        }
        std::fs::write(&path, &bytes).expect("write");
        let outcome = pipeline::validate_as(&dir, Path::new("registry")).expect("no I/O error");
        // Either the edit was harmless, or it is reported; rendering never panics either.
        let _ = ocss_codegen::diag::render(&outcome.diagnostics, &outcome.sources, ocss_codegen::diag::Format::Human);
        let _ = ocss_codegen::diag::render(&outcome.diagnostics, &outcome.sources, ocss_codegen::diag::Format::Json);
        prop_assert_eq!(outcome.registry.is_some(), outcome.diagnostics.is_empty());
        std::fs::remove_dir_all(&dir).expect("clean");
    }
}
