//! `ocss migrate`: a PCSS 1.0 policy (the article's `{"minutes": 120}` among its rules) becomes an
//! OCSS 4.0 policy the typed crate reads, every change reported; a rule that cannot be migrated is
//! reported with exit 1, never dropped silently.

use std::path::Path;

use ocss_workspace_tests::ocss;
use serde_json::Value;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_1_0_policy_migrates_and_the_typed_crate_reads_it() {
    let run = ocss(&["migrate", "--from-version", "1.0", "tests/fixtures/policies/pcss-1.0.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let policy: ocss::Policy = serde_json::from_str(&run.stdout).expect("the crate reads the migrated policy");
    assert_eq!(policy.rules().len(), 8);
    insta::assert_snapshot!("migrate-pcss-1.0-report", run.stderr);
    insta::assert_snapshot!("migrate-pcss-1.0-policy", run.stdout);
}

#[test]
fn a_rule_that_cannot_be_migrated_is_reported_not_dropped() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("migrate");
    std::fs::create_dir_all(&scratch).expect("scratch");
    let path = scratch.join("policy.json");
    let policy = serde_json::json!({ "rules": [
        { "category": "time_daily_limit", "enabled": true, "config": { "minutes": 120 } },
        { "category": "legacy_mystery", "enabled": true, "config": {} },
        { "category": "time_downtime", "enabled": true, "config": { "start": "9pm", "end": "07:00" } }
    ]});
    std::fs::write(&path, policy.to_string()).expect("write");
    let run = ocss(&["migrate", "--from-version", "1.0", path.to_str().expect("utf-8")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("rule 1 (legacy_mystery) was not migrated: `legacy_mystery` has no counterpart"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("rule 2 (time_downtime) was not migrated: `start` = \"9pm\" is not an HH:MM time"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("migrated 1 of 3 rules"), "{}", run.stderr);
    let out: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(out["rules"].as_array().map(Vec::len), Some(1));
    let unknown = ocss(&["migrate", "--from-version", "2.0", path.to_str().expect("utf-8")]);
    assert_eq!(unknown.code, 2);
}

#[test]
fn the_migration_file_follows_its_schema() {
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(workspace().join(p)).expect("read")).expect("JSON")
    };
    let schema = read("spec/migration.schema.json");
    let validator = jsonschema::options().with_draft(jsonschema::Draft::Draft202012).build(&schema).expect("schema");
    let file = read("registry/history/migrations/pcss-1.0.json");
    let errors: Vec<String> = validator.iter_errors(&file).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // Every category a step names exists in the 1.0 registry.
    let old = read("registry/history/pcss-1.0/ocss-rules.json");
    let ids: Vec<&str> =
        old["categories"].as_array().expect("categories").iter().filter_map(|c| c["id"].as_str()).collect();
    for name in file["categories"].as_object().expect("categories").keys() {
        assert!(ids.contains(&name.as_str()), "{name} is not a 1.0 category");
    }
}
