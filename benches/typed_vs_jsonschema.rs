//! Parsing and validating a 117-rule policy (one enabled rule per category, from the registry's
//! strict defaults at age 10) two ways: (a) the typed path, `serde_json` straight into
//! `ocss::PolicyRule`s, and (b) parsing to a `serde_json::Value` and validating it with `jsonschema`
//! against the generated bundle `generated/schema/ocss-configs.schema.json` (compiled once, outside
//! the timed loop). Both verdicts are checked to agree, on the valid policy and on an invalid one,
//! before anything is timed.
//!
//! `cargo bench --bench typed_vs_jsonschema -- --quick`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jsonschema::{Draft, Validator};
use ocss::{PolicyRule, RuleCategory, Strictness};
use serde::Deserialize;
use serde_json::{Value, json};

/// The policy document: the bundle schema allows `rules` and nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "read only to validate")]
struct Policy {
    rules: Vec<PolicyRule>,
}

fn policy_text() -> String {
    let rules: Vec<PolicyRule> = ocss::defaults_for(10, Strictness::Strict)
        .into_iter()
        .map(|mut r| {
            r.enabled = true;
            r
        })
        .collect();
    assert_eq!(rules.len(), RuleCategory::ALL.len(), "one default rule per category at age 10");
    serde_json::to_string(&json!({ "rules": rules })).expect("a policy serialises")
}

/// The same policy with one defect in its last rule's config (an unknown field), so that both
/// paths have to read the whole document before rejecting it.
fn invalid_text(valid: &str) -> String {
    let mut doc: Value = serde_json::from_str(valid).expect("policy is JSON");
    let last = doc["rules"].as_array_mut().and_then(|r| r.last_mut()).expect("a rule");
    last["config"]["not_a_field"] = json!(1);
    serde_json::to_string(&doc).expect("serialises")
}

fn bundle() -> Validator {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/generated/schema/ocss-configs.schema.json");
    let text = std::fs::read_to_string(path).expect("bundle schema readable");
    let schema: Value = serde_json::from_str(&text).expect("bundle schema is JSON");
    jsonschema::options().with_draft(Draft::Draft202012).build(&schema).expect("bundle schema compiles")
}

fn typed(text: &str) -> bool {
    serde_json::from_str::<Policy>(text).is_ok()
}

fn schema(validator: &Validator, text: &str) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|doc| validator.is_valid(&doc))
}

fn bench(c: &mut Criterion) {
    let valid = policy_text();
    let invalid = invalid_text(&valid);
    let validator = bundle();
    assert!(typed(&valid), "typed path rejects the valid policy");
    assert!(schema(&validator, &valid), "JSON Schema rejects the valid policy");
    assert!(!typed(&invalid), "typed path accepts the invalid policy");
    assert!(!schema(&validator, &invalid), "JSON Schema accepts the invalid policy");

    let mut group = c.benchmark_group("policy_117_rules");
    group.bench_function("typed", |b| b.iter(|| typed(black_box(&valid))));
    group.bench_function("jsonschema", |b| b.iter(|| schema(&validator, black_box(&valid))));
    // The floor the typed path must stay under: parsing to an untyped `serde_json::Value` alone.
    group.bench_function("value_only", |b| b.iter(|| serde_json::from_str::<Value>(black_box(&valid)).is_ok()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
