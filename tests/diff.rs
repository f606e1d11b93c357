//! `ocss diff`: one synthetic change per rule id, each reported under its id with the bump it
//! requires; the version check; the PCSS 1.0 → OCSS 4.0 diff on real data.

use std::path::Path;

use ocss_codegen::model::{Deprecation, Registry};
use ocss_codegen::pipeline;
use ocss_codegen::query::diff::{Bump, RULES, Report, SeverityConfig};
use ocss_workspace_tests::{ocss, registry_with_overlay};
use serde_json::json;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn mini() -> Registry {
    pipeline::validate(&workspace().join("tests/fixtures/mini")).expect("readable").registry.expect("valid")
}

fn category<'a>(r: &'a mut Registry, id: &str) -> &'a mut ocss_codegen::model::Category {
    r.rules.categories.iter_mut().find(|c| c.id == id).expect("category")
}

/// (rule id, the edit that must trigger it) for every rule.
#[allow(clippy::type_complexity, reason = "a table of edits")]
fn edits() -> Vec<(&'static str, Box<dyn Fn(&mut Registry, &mut Registry)>)> {
    vec![
        (
            "category-added",
            Box::new(|_, to| {
                let mut c = to.rules.categories[0].clone();
                c.id = "time_bonus".into();
                to.rules.categories.push(c);
            }),
        ),
        ("category-removed", Box::new(|_, to| to.rules.categories.retain(|c| c.id != "time_downtime"))),
        (
            "category-removed-before-sunset",
            Box::new(|from, to| {
                category(from, "time_downtime").deprecated =
                    Some(Deprecation { date: "2026-01-15".into(), replaced_by: vec![], reason: "merged".into() });
                to.rules.released = Some("2026-12-01".into());
                to.rules.categories.retain(|c| c.id != "time_downtime");
            }),
        ),
        (
            "category-renamed",
            Box::new(|_, to| {
                let c = category(to, "time_downtime");
                c.id = "time_quiet_hours".into();
                c.aliases = vec!["time_downtime".into()];
            }),
        ),
        (
            "category-deprecated",
            Box::new(|_, to| {
                category(to, "time_downtime").deprecated = Some(Deprecation {
                    date: "2026-11-01".into(),
                    replaced_by: vec!["time_daily_limit".into()],
                    reason: "merged".into(),
                });
            }),
        ),
        (
            "deprecation-notice-too-short",
            Box::new(|_, to| {
                category(to, "time_downtime").deprecated =
                    Some(Deprecation { date: "2026-11-20".into(), replaced_by: vec![], reason: "merged".into() });
                to.rules.released = Some("2026-12-01".into());
            }),
        ),
        ("category-moved-domain", Box::new(|_, to| category(to, "time_downtime").domain = "web".into())),
        (
            "capability-added",
            Box::new(|_, to| {
                let mut k = to.rules.capabilities[0].clone();
                k.id = "bonus_time".into();
                to.rules.capabilities.push(k);
            }),
        ),
        ("capability-removed", Box::new(|_, to| to.rules.capabilities.retain(|k| k.id != "safe_search"))),
        (
            "capability-coverage-changed",
            Box::new(|_, to| to.rules.capabilities[0].categories.push("time_downtime".into())),
        ),
        (
            "service-added",
            Box::new(|_, to| {
                let mut s = to.rules.services[0].clone();
                s.id = "time_guard".into();
                s.categories = vec![];
                to.rules.services.push(s);
            }),
        ),
        ("service-removed", Box::new(|_, to| to.rules.services.clear())),
        (
            "service-ownership-changed",
            Box::new(|_, to| to.rules.services[0].categories = vec!["time_daily_limit".into()]),
        ),
        (
            "domain-added",
            Box::new(|_, to| {
                let mut d = to.rules.domains[0].clone();
                d.id = "social".into();
                to.rules.domains.push(d);
            }),
        ),
        ("domain-removed", Box::new(|_, to| to.rules.domains.retain(|d| d.id != "web"))),
        (
            "field-added-optional",
            Box::new(|_, to| {
                category(to, "time_daily_limit").config_schema["properties"]["grace_minutes"] =
                    json!({ "type": "integer", "minimum": 0, "maximum": 60 });
            }),
        ),
        (
            "field-added-required",
            Box::new(|_, to| {
                let s = &mut category(to, "time_daily_limit").config_schema;
                s["properties"]["weekend_minutes"] = json!({ "type": "integer", "minimum": 0, "maximum": 1440 });
                s["required"] = json!(["daily_minutes", "weekend_minutes"]);
            }),
        ),
        (
            "field-removed",
            Box::new(|_, to| {
                let s = &mut category(to, "time_downtime").config_schema;
                s["properties"].as_object_mut().expect("properties").remove("end_hour");
                s["required"] = json!(["start_hour"]);
            }),
        ),
        (
            "field-became-required",
            Box::new(|from, to| {
                category(from, "time_daily_limit").config_schema["required"] = json!([]);
                let _ = to;
            }),
        ),
        (
            "field-became-optional",
            Box::new(|_, to| category(to, "time_daily_limit").config_schema["required"] = json!([])),
        ),
        (
            "type-changed",
            Box::new(|_, to| {
                category(to, "time_daily_limit").config_schema["properties"]["daily_minutes"] =
                    json!({ "type": "string" });
            }),
        ),
        (
            "range-narrowed",
            Box::new(|_, to| {
                category(to, "time_daily_limit").config_schema["properties"]["daily_minutes"]["maximum"] = json!(720)
            }),
        ),
        (
            "range-widened",
            Box::new(|_, to| {
                category(to, "time_daily_limit").config_schema["properties"]["daily_minutes"]["maximum"] = json!(2880)
            }),
        ),
        (
            "enum-value-removed",
            Box::new(|from, to| {
                category(from, "time_daily_limit").config_schema["properties"]["mode"] =
                    json!({ "type": "string", "enum": ["hard", "soft"] });
                category(to, "time_daily_limit").config_schema["properties"]["mode"] =
                    json!({ "type": "string", "enum": ["hard"] });
            }),
        ),
        (
            "enum-value-added",
            Box::new(|from, to| {
                category(from, "time_daily_limit").config_schema["properties"]["mode"] =
                    json!({ "type": "string", "enum": ["hard"] });
                category(to, "time_daily_limit").config_schema["properties"]["mode"] =
                    json!({ "type": "string", "enum": ["hard", "soft"] });
            }),
        ),
        (
            "pattern-changed",
            Box::new(|from, to| {
                category(from, "time_daily_limit").config_schema["properties"]["label"] =
                    json!({ "type": "string", "pattern": "^[a-z]+$" });
                category(to, "time_daily_limit").config_schema["properties"]["label"] =
                    json!({ "type": "string", "pattern": "^[a-z0-9]+$" });
            }),
        ),
        ("text-changed", Box::new(|_, to| category(to, "time_daily_limit").description.push_str(" Reworded."))),
        (
            "law-added",
            Box::new(|_, to| {
                let mut l = to.laws[0].clone();
                l.id = "us-ut-other-act".into();
                to.laws.push(l);
            }),
        ),
        ("law-removed", Box::new(|_, to| to.laws.clear())),
        (
            "law-status-changed",
            Box::new(|_, to| to.laws[0].enforcement_status = ocss_codegen::model::EnforcementStatus::Enjoined),
        ),
        ("law-dates-changed", Box::new(|_, to| to.laws[0].dates.enacted = Some("2025-03-26".into()))),
        (
            "law-status-changed",
            // A court blocking one duty changes what can be enforced, as a status change does.
            Box::new(|_, to| to.laws[0].categories[0].enjoined = true),
        ),
        (
            "law-categories-changed",
            Box::new(|_, to| {
                let mut duty = to.laws[0].categories[0].clone();
                duty.id = "time_downtime".into();
                to.laws[0].categories.push(duty);
            }),
        ),
        (
            "platform-added",
            Box::new(|_, to| {
                let mut p = to.platforms[0].clone();
                p.id = "otherdns".into();
                to.platforms.push(p);
            }),
        ),
        ("platform-removed", Box::new(|_, to| to.platforms.clear())),
        (
            "platform-capabilities-changed",
            Box::new(|_, to| {
                to.platforms[0].capabilities.push("time_limit".into());
                to.platforms[0].enforcement_mode = ocss_codegen::vocab::EnforcementMode::Device;
            }),
        ),
        (
            "standard-added",
            Box::new(|_, to| {
                let mut s = to.standards[0].clone();
                s.id = "other-pack".into();
                to.standards.push(s);
            }),
        ),
        ("standard-removed", Box::new(|_, to| to.standards.clear())),
        (
            "standard-rules-changed",
            Box::new(|_, to| to.standards[0].rules[0].enabled = !to.standards[0].rules[0].enabled),
        ),
    ]
}

#[test]
fn every_rule_fires_on_its_change_with_its_bump() {
    let edits = edits();
    let covered: Vec<&str> = edits.iter().map(|(r, _)| *r).collect();
    let missing: Vec<&str> = RULES.iter().map(|(r, _, _)| *r).filter(|r| !covered.contains(r)).collect();
    assert!(missing.is_empty(), "rules without a synthetic change: {missing:?}");
    let mut lines = Vec::new();
    for (rule, edit) in &edits {
        let (mut from, mut to) = (mini(), mini());
        edit(&mut from, &mut to);
        let report = Report::new(("from", &from), ("to", &to), &SeverityConfig::default());
        let hit = report
            .changes
            .iter()
            .find(|c| c.rule == *rule)
            .unwrap_or_else(|| panic!("{rule} did not fire: {:?}", report.changes));
        let default = RULES.iter().find(|(r, _, _)| r == rule).map(|(_, b, _)| *b).expect("rule");
        assert_eq!(hit.bump, default, "{rule}");
        assert_eq!(report.required_bump.map(|b| b >= default), Some(true));
        lines.push(format!("{rule:32} {:5} {} {}: {}", hit.bump.as_str(), hit.subject, hit.at, hit.message));
    }
    insta::assert_snapshot!("diff-rules", lines.join("\n"));
    // The same registry twice: nothing.
    let same = Report::new(("a", &mini()), ("b", &mini()), &SeverityConfig::default());
    assert!(same.changes.is_empty() && same.required_bump.is_none());
}

#[test]
fn severities_can_be_configured_and_unknown_rules_are_refused() {
    let config: SeverityConfig =
        serde_json::from_value(json!({ "severities": { "category-removed": "minor", "text-changed": "off" } }))
            .expect("config");
    let (from, mut to) = (mini(), mini());
    to.rules.categories.retain(|c| c.id != "time_downtime");
    category(&mut to, "time_daily_limit").description.push_str(" Reworded.");
    let report = Report::new(("a", &from), ("b", &to), &config);
    assert!(report.changes.iter().any(|c| c.rule == "category-removed" && c.bump == Bump::Minor));
    assert!(!report.changes.iter().any(|c| c.rule == "text-changed"));
    let bad: SeverityConfig =
        serde_json::from_value(json!({ "severities": { "category-vanished": "major" } })).expect("config");
    assert_eq!(bad.unknown_rules(), ["category-vanished"]);
}

#[test]
fn check_version_fails_a_breaking_change_under_a_minor_bump() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff");
    let from = registry_with_overlay(workspace(), &scratch, "from", None);
    let to = registry_with_overlay(workspace(), &scratch, "to", None);
    let rules_path = to.join("ocss-rules.json");
    let mut rules: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&rules_path).expect("read")).expect("JSON");
    rules["version"] = json!("4.1.0");
    rules["categories"][0]["config_schema"]["properties"]["daily_minutes"]["maximum"] = json!(720);
    std::fs::write(&rules_path, serde_json::to_string_pretty(&rules).expect("JSON")).expect("write");
    let (f, t) = (from.to_str().expect("utf-8"), to.to_str().expect("utf-8"));
    let run = ocss(&["diff", "--registry", t, "--from", f, "--to", t, "--check-version"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("is a minor bump, but the changes require a major bump"), "{}", run.stderr);
    assert!(run.stdout.contains("needs a major bump: range-narrowed category:time_daily_limit"), "{}", run.stdout);
    let gh = ocss(&["diff", "--registry", t, "--from", f, "--to", t, "--check-version", "--format", "github"]);
    assert!(gh.stdout.starts_with("::error title=range-narrowed::"), "{}", gh.stdout);
    rules["version"] = json!("5.0.0");
    std::fs::write(&rules_path, serde_json::to_string_pretty(&rules).expect("JSON")).expect("write");
    let ok = ocss(&["diff", "--registry", t, "--from", f, "--to", t, "--check-version", "--format", "json"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let v: serde_json::Value = serde_json::from_str(&ok.stdout).expect("JSON");
    assert_eq!(v["required_bump"], "major");
    assert_eq!(v["version_ok"], true);
}

#[test]
fn pcss_1_0_to_ocss_4_0_on_real_data() {
    let run = ocss(&["diff", "--from", "registry/history/pcss-1.0", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    // The output keeps its published shape.
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join("spec/diff.schema.json")).expect("read"))
            .expect("JSON");
    let validator = jsonschema::options().with_draft(jsonschema::Draft::Draft202012).build(&schema).expect("schema");
    let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).take(5).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for c in report["changes"].as_array().expect("changes") {
        *counts
            .entry(format!("{} {}", c["bump"].as_str().expect("bump"), c["rule"].as_str().expect("rule")))
            .or_default() += 1;
    }
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    insta::assert_snapshot!(
        "pcss-1.0-to-4.0",
        format!("required {} version {}\n{}", report["required_bump"], report["version_bump"], summary.join("\n"))
    );
    assert_eq!(report["version_ok"], true, "4.0.0 is a major bump over 1.0.0");
    // The terminal table names every change in full: nothing a maintainer acts on is cut.
    let table = ocss(&["diff", "--from", "registry/history/pcss-1.0"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let n = report["changes"].as_array().map_or(0, Vec::len);
    let head = format!("registry/history/pcss-1.0 (1.0.0) → registry (4.0.0): {n} changes");
    assert!(table.stdout.starts_with(&head), "{}", table.stdout);
    let lines: Vec<&str> = table.stdout.lines().collect();
    let mut from = 1;
    for c in report["changes"].as_array().expect("changes") {
        let (bump, rule, subject) =
            (c["bump"].as_str().unwrap(), c["rule"].as_str().unwrap(), c["subject"].as_str().unwrap());
        let at = c["at"].as_str().map(|at| format!(" {at}")).unwrap_or_default();
        let head = format!("{bump:<5}  {rule}  {subject}{at}");
        let i = from + lines[from..].iter().position(|l| *l == head).unwrap_or_else(|| panic!("no line for {head}"));
        from = i + 1;
        let message: Vec<&str> =
            lines[i + 1..].iter().take_while(|l| l.starts_with("       ")).flat_map(|l| l.split_whitespace()).collect();
        let expected: Vec<&str> = c["message"].as_str().unwrap().split_whitespace().collect();
        assert_eq!(message, expected, "{head}: {message:?} != {expected:?}");
    }
    // The CHANGELOG's 1.0 → 4.0 section is exactly what `ocss diff --format md` prints.
    let md = ocss(&["diff", "--from", "registry/history/pcss-1.0", "--format", "md"]);
    let changelog = std::fs::read_to_string(workspace().join("CHANGELOG.md")).expect("CHANGELOG.md");
    assert!(
        changelog.contains(&md.stdout),
        "CHANGELOG.md lacks the current `ocss diff --from registry/history/pcss-1.0 --format md` section"
    );
}

#[test]
fn the_output_schema_lists_every_rule() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join("spec/diff.schema.json")).expect("read"))
            .expect("JSON");
    let listed: Vec<&str> = schema
        .pointer("/$defs/change/properties/rule/enum")
        .and_then(|v| v.as_array())
        .expect("enum")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let rules: Vec<&str> = RULES.iter().map(|(r, _, _)| *r).collect();
    assert_eq!(listed, rules, "spec/diff.schema.json and the diff rules drifted apart");
}

/// A registry without a `released` day is a draft of its version: changes against it join the
/// draft and need no bump. Once the base is released, the same change under the same version fails.
#[test]
fn changes_join_an_unreleased_draft_but_not_a_release() {
    let narrowed = |r: &mut Registry| {
        let c = category(r, "time_daily_limit");
        c.config_schema["properties"]["daily_minutes"]["maximum"] = json!(720);
    };
    let (from, mut to) = (mini(), mini());
    narrowed(&mut to);
    assert!(from.rules.released.is_none(), "the mini registry is a draft");
    let draft = Report::new(("a", &from), ("b", &to), &SeverityConfig::default());
    assert_eq!(draft.required_bump, Some(Bump::Major));
    assert!(draft.draft && draft.version_ok, "a draft takes the change without a bump");
    assert_eq!(draft.too_big().count(), 0);
    assert!(draft.table().contains("it is a draft"), "{}", draft.table());

    let mut released = mini();
    released.rules.released = Some("2026-11-01".into());
    let report = Report::new(("a", &released), ("b", &to), &SeverityConfig::default());
    assert!(!report.draft && !report.version_ok, "a released version needs the bump");
    assert_eq!(report.too_big().count(), 1);
}
