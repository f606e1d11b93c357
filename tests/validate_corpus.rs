//! The broken-registry corpus: each `tests/corpus/<code>-<name>/` holds files laid over the mini
//! fixture registry. Every case must fail with its code, and its human and JSON diagnostics are
//! pinned by insta snapshots.

use std::path::Path;

use ocss_codegen::diag::{self, Format};
use ocss_codegen::pipeline;
use ocss_workspace_tests::{ocss, registry_with_overlay};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace().join("tests/corpus"))
        .expect("corpus folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn corpus_covers_at_least_twenty_error_classes() {
    let mut codes: Vec<String> = cases().iter().map(|c| c[..5].to_owned()).collect();
    codes.dedup();
    assert!(codes.len() >= 20, "only {} error classes in the corpus", codes.len());
}

#[test]
fn every_broken_case_fails_with_its_code() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    for case in cases() {
        let overlay = workspace().join("tests/corpus").join(&case);
        let dir = registry_with_overlay(workspace(), &scratch, &case, Some(&overlay));
        let outcome = pipeline::validate_as(&dir, Path::new("registry")).expect("no I/O error");
        let code = &case[..5];
        assert!(outcome.registry.is_none(), "{case}: registry should be invalid");
        assert!(
            outcome.diagnostics.iter().any(|d| d.code.as_str() == code),
            "{case}: expected a {code} diagnostic, got {:?}",
            outcome.diagnostics.iter().map(|d| d.code.as_str()).collect::<Vec<_>>()
        );
        let human = diag::render(&outcome.diagnostics, &outcome.sources, Format::Human);
        let json = diag::render(&outcome.diagnostics, &outcome.sources, Format::Json);
        insta::assert_snapshot!(format!("{case}.human"), human);
        insta::assert_snapshot!(format!("{case}.json"), json);

        let run = ocss(&["validate", "--registry", dir.to_str().expect("utf-8 path")]);
        assert_eq!(run.code, 1, "{case}: exit code");
    }
}

#[test]
fn the_mini_fixture_is_valid() {
    let run = ocss(&["validate", "--registry", "tests/fixtures/mini"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
