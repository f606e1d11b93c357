//! The broken-registry corpus: each `tests/corpus/<code>-<name>/` holds files laid over the mini
//! fixture registry. Every case is its own test (run one by name: `cargo test --test
//! validate_corpus E0202`): it must fail with its code, and its human and JSON diagnostics are
//! pinned by insta snapshots. The README's table of error codes and the corpus must agree.

use std::path::Path;

use libtest_mimic::{Arguments, Failed, Trial};
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

/// Codes with no corpus case, and where each is tested instead.
const ELSEWHERE: [(&str, &str); 5] = [
    ("E0001", "a sparse 100 MB file in tests/cli.rs (too large to commit)"),
    ("E0009", "tests/hardening.rs: a folder removed from a copy (an overlay can only add files)"),
    ("E0010", "tests/hardening.rs: symlinks, pipes and folders made at run time (git cannot carry them safely)"),
    ("E0011", "tests/hardening.rs: 10,001 files made at run time"),
    ("E0105", "the fallback for schema keywords without a dedicated message; no keyword of today's schemas reaches it"),
];

fn check_case(case: &str) -> Result<(), Failed> {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let overlay = workspace().join("tests/corpus").join(case);
    let dir = registry_with_overlay(workspace(), &scratch, case, Some(&overlay));
    let outcome = pipeline::validate_as(&dir, Path::new("registry")).map_err(|e| format!("I/O error: {e}"))?;
    let code = &case[..5];
    if outcome.registry.is_some() {
        return Err(format!("{case}: registry should be invalid").into());
    }
    if !outcome.diagnostics.iter().any(|d| d.code.as_str() == code) {
        let got: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code.as_str()).collect();
        return Err(format!("{case}: expected a {code} diagnostic, got {got:?}").into());
    }
    let human = diag::render(&outcome.diagnostics, &outcome.sources, Format::Human);
    let json = diag::render(&outcome.diagnostics, &outcome.sources, Format::Json);
    insta::assert_snapshot!(format!("{case}.human"), human);
    insta::assert_snapshot!(format!("{case}.json"), json);
    let run = ocss(&["validate", "--registry", dir.to_str().ok_or("utf-8 path")?]);
    if run.code != 1 {
        return Err(format!("{case}: exit code {}", run.code).into());
    }
    Ok(())
}

fn readme_codes() -> Vec<String> {
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README");
    readme
        .lines()
        .filter_map(|l| l.strip_prefix("| E"))
        .filter_map(|rest| rest.get(..4).map(|digits| format!("E{digits}")))
        .collect()
}

fn readme_and_corpus_agree() -> Result<(), Failed> {
    let readme = readme_codes();
    let corpus: Vec<String> = cases().iter().map(|c| c[..5].to_owned()).collect();
    let mut problems = Vec::new();
    for code in &readme {
        let elsewhere = ELSEWHERE.iter().any(|(c, _)| c == code);
        if !corpus.contains(code) && !elsewhere {
            problems.push(format!("{code} is in the README's table but has no case in tests/corpus/"));
        }
    }
    for code in &corpus {
        if !readme.contains(code) {
            problems.push(format!("{code} has a corpus case but no row in the README's table"));
        }
    }
    if readme.len() < 40 {
        problems.push(format!("only {} codes read from the README's table", readme.len()));
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n").into()) }
}

fn main() {
    let args = Arguments::from_args();
    let mut trials: Vec<Trial> =
        cases().into_iter().map(|case| Trial::test(format!("corpus::{case}"), move || check_case(&case))).collect();
    trials.push(Trial::test("readme_error_codes_and_corpus_agree", readme_and_corpus_agree));
    trials.push(Trial::test("the_mini_fixture_is_valid", || {
        let run = ocss(&["validate", "--registry", "tests/fixtures/mini"]);
        if run.code == 0 { Ok(()) } else { Err(run.stderr.into()) }
    }));
    libtest_mimic::run(&args, trials).exit();
}
