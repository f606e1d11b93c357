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
        &["fmt", "--help"],
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
    assert_eq!(first["column"], 13);
    let gh = ocss(&["validate", "--registry", reg, "--format", "github"]);
    assert_eq!(gh.code, 1);
    let line = gh.stdout.lines().next().expect("one annotation");
    assert!(line.starts_with("::error file="), "{line}");
    assert!(line.contains("line=36,col=13"), "{line}");
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

/// Queries answer from the registry folder named, as it is now: a platform deleted from that folder
/// is gone for `route` and `compliance` at once, before anything is regenerated.
#[test]
fn queries_answer_from_the_registry_given() {
    let dir = registry_with_overlay(workspace(), &scratch(), "queries", None);
    let reg = dir.to_str().expect("utf-8 path");
    let policy = scratch().join("queries-policy.json");
    std::fs::write(
        &policy,
        r#"{"rules": [{"category": "web_safesearch", "enabled": true, "config": {}},
                      {"category": "time_daily_limit", "enabled": true, "config": {"daily_minutes": 120.0}}]}"#,
    )
    .expect("write policy");
    let policy = policy.to_str().expect("utf-8 path");
    let run = ocss(&["route", "--registry", reg, "--platform", "testdns", "--policy", policy, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(v["native"][0]["categories"], serde_json::json!(["web_safesearch"]));
    // `120.0` is the integer 120 in a policy, as JSON Schema and the `ocss` crate read it.
    assert_eq!(v["unroutable"], serde_json::json!(["time_daily_limit"]));
    let compliance = ocss(&["compliance", "--registry", reg, "--platform", "testdns", "--format", "json"]);
    assert_eq!(compliance.code, 0, "{}", compliance.stderr);

    std::fs::remove_file(dir.join("platforms/testdns.json")).expect("delete platform");
    for args in [
        vec!["route", "--registry", reg, "--platform", "testdns", "--policy", policy],
        vec!["compliance", "--registry", reg, "--platform", "testdns"],
    ] {
        let run = ocss(&args);
        assert_eq!(run.code, 2, "{}: {}", args[0], run.stdout);
        assert!(run.stderr.contains("unknown platform `testdns`"), "{}", run.stderr);
    }
}

/// A policy is checked against the registry: unknown categories, invalid configs and two rules for
/// one category are errors with their position, never silently routed.
#[test]
fn policies_are_checked_against_the_registry() {
    let dir = registry_with_overlay(workspace(), &scratch(), "bad-policy", None);
    let policy = scratch().join("policy.json");
    std::fs::write(
        &policy,
        "[\n{\"category\": \"web_safesearch\", \"enabled\": true, \"config\": {}},\n{\"category\": \"web_safesearch\", \"enabled\": false, \"config\": {}},\n{\"category\": \"time_daly_limit\", \"enabled\": true, \"config\": {}},\n{\"category\": \"time_daily_limit\", \"enabled\": true, \"config\": {\"daily_minutes\": 5000}}\n]",
    )
    .expect("write policy");
    let run = ocss(&[
        "route",
        "--registry",
        dir.to_str().expect("utf-8 path"),
        "--platform",
        "testdns",
        "--policy",
        policy.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for want in [
        "policy.json:3:14: a second rule for `web_safesearch`",
        "policy.json:4:14: unknown category `time_daly_limit`; did you mean `time_daily_limit`?",
        "policy.json:5:79: config of `time_daily_limit`: 5000 is greater than the maximum of 1440",
    ] {
        assert!(run.stderr.contains(want), "missing {want:?} in:\n{}", run.stderr);
    }
}

/// `ocss new law` writes a skeleton that `ocss validate` explains placeholder by placeholder.
#[test]
fn a_new_law_is_explained_by_validate() {
    let dir = registry_with_overlay(workspace(), &scratch(), "new-law", None);
    let reg = dir.to_str().expect("utf-8 path");
    let run = ocss(&["new", "law", "us-ca-ab-9999", "--registry", reg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = ocss(&["new", "law", "us-ca-ab-9999", "--registry", reg]);
    assert_eq!(again.code, 2, "never overwrites");
    let law: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("laws/us-ca-ab-9999.json")).expect("written"))
            .expect("JSON");
    assert_eq!((law["country"].as_str(), law["subdivision"].as_str()), (Some("US"), Some("US-CA")));
    let validate = ocss(&["validate", "--registry", reg, "--format", "json"]);
    assert_eq!(validate.code, 1);
    let diags: Vec<serde_json::Value> = serde_json::from_str(&validate.stdout).expect("JSON");
    let said: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d["line"],
                d["column"],
                d["code"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    insta::assert_snapshot!("new-law-explained", said.join("\n"));
    for field in ["short_name", "enactment_status", "url", "provisions", "`id`", "`provision`", "verified"] {
        assert!(said.iter().any(|s| s.contains(field)), "{field} is explained: {said:?}");
    }
    let bad = ocss(&["new", "platform", "../escape", "--registry", reg]);
    assert_eq!(bad.code, 2, "ids cannot leave the registry");
}

/// A duty a court has blocked is not currently enforceable: `ocss compliance` reports it apart,
/// never as covered and never as a gap, so the law's verdict is over what can be enforced today;
/// `ocss explain` shows each duty's provision and the mark.
#[test]
fn enjoined_duties_are_neither_covered_nor_gaps() {
    let dir = registry_with_overlay(workspace(), &scratch(), "enjoined", None);
    let reg = dir.to_str().expect("utf-8 path");
    let report = |dir: &Path| -> serde_json::Value {
        let run = ocss(&[
            "compliance",
            "--registry",
            dir.to_str().expect("utf-8"),
            "--platform",
            "testdns",
            "--format",
            "json",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str::<serde_json::Value>(&run.stdout).expect("JSON")["laws"][0].clone()
    };
    // The mini registry: safe search is native on testdns, the daily limit has no route at all.
    let before = report(&dir);
    assert_eq!(before["verdict"], "gaps");
    assert_eq!(before["gaps"], serde_json::json!(["time_daily_limit"]));
    assert_eq!(before["enjoined"], serde_json::json!([]));

    let path = dir.join("laws/us-ut-test-act.json");
    let law = std::fs::read_to_string(&path).expect("read law");
    let law = law
        .replace(r#""enforcement_status": "in_force""#, r#""enforcement_status": "partially_enjoined""#)
        .replace(
            r#""effective": [{ "date": "2025-05-07" }]"#,
            r#""effective": [{ "date": "2025-05-07" }],
    "events": [{ "date": "2025-06-02", "kind": "partial_injunction", "note": "The daily cap was blocked.",
                 "court": "U.S. District Court for the District of Utah", "case": "NetChoice v. Test",
                 "reaches": ["time_daily_limit"], "source": "https://example.org/order" }]"#,
        )
        .replace(r#""provision": "§ 2(a)" }"#, r#""provision": "§ 2(a)", "enjoined": true }"#);
    std::fs::write(&path, law).expect("write law");
    assert_eq!(ocss(&["validate", "--registry", reg]).code, 0, "the overlay is a valid registry");

    let after = report(&dir);
    assert_eq!(after["verdict"], "covered", "the only gap is a blocked duty: {after}");
    assert_eq!(after["gaps"], serde_json::json!([]));
    assert_eq!(after["native"], serde_json::json!(["web_safesearch"]));
    assert_eq!(after["enjoined"], serde_json::json!(["time_daily_limit"]));

    let one = ocss(&[
        "compliance",
        "--registry",
        reg,
        "--platform",
        "testdns",
        "--law",
        "us-ut-test-act",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&one.stdout).expect("JSON");
    assert_eq!(v["categories"][0]["status"], "enjoined", "{v}");

    let explain = ocss(&["explain", "us-ut-test-act", "--registry", reg]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(explain.stdout.contains("§ 2(a) (enjoined)"), "{}", explain.stdout);
    assert!(explain.stdout.contains("§ 2(b)"), "{}", explain.stdout);
}
