//! The `ocss` command line: help text, exit codes, output formats and hostile inputs.

use std::path::Path;

use ocss_workspace_tests::{ocss, registry_with_overlay};

fn scratch() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli")
}

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn help_texts() {
    for args in [
        &["--help"][..],
        &["validate", "--help"],
        &["generate", "--help"],
        &["check", "--help"],
        &["route", "--help"],
        &["compliance", "--help"],
        &["explain", "--help"],
    ] {
        let run = ocss(args);
        assert_eq!(run.code, 0);
        insta::assert_snapshot!(format!("help-{}", args.join("-")), run.stdout);
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(ocss(&[]).code, 2);
    assert_eq!(ocss(&["frobnicate"]).code, 2);
    assert_eq!(ocss(&["validate", "--format", "xml"]).code, 2);
    let run = ocss(&["validate", "--registry", "no/such/folder"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn json_and_github_formats() {
    let dir = registry_with_overlay(
        workspace(),
        &scratch(),
        "formats",
        Some(&workspace().join("tests/corpus/E0202-unknown-category")),
    );
    let reg = dir.to_str().expect("utf-8 path");
    let json = ocss(&["validate", "--registry", reg, "--format", "json"]);
    assert_eq!(json.code, 1);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("stable JSON array");
    let first = &parsed[0];
    assert_eq!(first["code"], "E0202");
    assert_eq!(first["line"], 36);
    assert_eq!(first["column"], 5);
    let gh = ocss(&["validate", "--registry", reg, "--format", "github"]);
    assert_eq!(gh.code, 1);
    let line = gh.stdout.lines().next().expect("one annotation");
    assert!(line.starts_with("::error file="), "{line}");
    assert!(line.contains("line=36,col=5"), "{line}");
    assert!(line.contains("unknown category `time_daly_limit`%0Ahelp: did you mean"), "{line}");
}

#[test]
fn oversized_file_is_an_error_not_a_crash() {
    let dir = registry_with_overlay(workspace(), &scratch(), "huge", None);
    let big = std::fs::File::create(dir.join("laws/us-huge.json")).expect("create");
    // A sparse 100 MB file: only the part under the limit is ever read.
    big.set_len(100 * 1024 * 1024).expect("grow");
    let run = ocss(&["validate", "--registry", dir.to_str().expect("utf-8 path"), "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("\"E0001\""), "{}", run.stdout);
}

#[test]
fn the_registry_in_the_repo_validates_clean() {
    let run = ocss(&["validate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("ok: OCSS registry 4.0.0: 117 categories in 15 domains"), "{}", run.stdout);
}
