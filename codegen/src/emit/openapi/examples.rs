//! Examples computed from the registry, named in `spec/api.json` (`"example": "platforms"`): real
//! platforms with their rule support, real laws, real default rules and a compliance report from the
//! reference engine. A test validates every example against its schema.

use serde_json::{Map, Value, json};

use crate::emit::EmitError;
use crate::model::{EnforcementMode, Platform, Registry, Strictness};
use crate::query::EngineTables;

const FAMILY: &str = "0b5e8f4a-6c2d-4e1f-9a3b-7d8c9e0f1a2b";
const CHILD: &str = "1c6f9a5b-7d3e-4f2a-8b4c-8e9d0f1a2b3c";
const POLICY: &str = "2d7a0b6c-8e4f-4a3b-9c5d-9f0e1a2b3c4d";
const JOB: &str = "5d0f6c9e-2b1a-4c3e-9f47-1e8a2b3c4d5e";
const CREATED: &str = "2026-06-28T11:58:00Z";
/// How many rules a rule-list example shows (the real lists hold one per category).
const SHOWN_RULES: usize = 8;

/// A deterministic UUID for the `n`th item of an example.
fn uuid(n: usize) -> String {
    format!("7e1c{n:04x}-3b2a-4c5d-8e6f-{n:012x}")
}

/// The age defaults at `age` and `strictness`, as policy rules in registry order.
fn defaults(reg: &Registry, age: u8, strictness: Strictness) -> Vec<(String, bool, Value)> {
    reg.rules
        .categories
        .iter()
        .filter_map(|c| {
            let band = c.defaults.iter().find(|b| b.min_age <= age && age <= b.max_age)?;
            let s = band.setting(strictness);
            Some((c.id.clone(), s.enabled, Value::Object(s.config.clone())))
        })
        .collect()
}

fn rule_json(n: usize, (category, enabled, config): &(String, bool, Value)) -> Value {
    json!({ "id": uuid(n), "policy_id": POLICY, "category": category, "enabled": enabled, "config": config,
            "created_at": CREATED, "updated_at": CREATED })
}

fn policy(status: &str) -> Value {
    json!({ "id": POLICY, "child_id": CHILD, "name": "Maya's policy", "status": status, "priority": 0, "version": 3,
            "created_at": CREATED, "updated_at": CREATED })
}

fn quick_setup(reg: &Registry) -> Value {
    let rules = defaults(reg, 10, Strictness::Recommended);
    let config = |id: &str| rules.iter().find(|(c, on, _)| c == id && *on).map(|(_, _, v)| v.clone());
    let mut summary = Map::new();
    if let Some(minutes) = config("time_daily_limit").and_then(|c| c.get("daily_minutes").cloned()) {
        summary.insert("screen_time_minutes".into(), minutes);
    }
    if let Some(hour) = config("time_downtime").and_then(|c| c.get("start_hour").cloned()) {
        summary.insert("bedtime_hour".into(), hour);
    }
    if let Some(level) = config("web_filter_level").and_then(|c| c.get("level").cloned()) {
        summary.insert("web_filter_level".into(), level);
    }
    summary.insert("total_rules_enabled".into(), json!(rules.iter().filter(|(_, on, _)| *on).count()));
    json!({
        "family": { "id": FAMILY, "name": "Maya's Family", "created_at": CREATED },
        "child": { "id": CHILD, "family_id": FAMILY, "name": "Maya", "birth_date": "2015-04-12", "created_at": CREATED },
        "policy": policy("active"),
        "age_group": "10-12",
        "max_ratings": config("content_rating").and_then(|c| c.get("max_ratings").cloned()).unwrap_or(json!({})),
        "rule_summary": summary,
        "rules": rules.iter().take(SHOWN_RULES).enumerate().map(|(i, r)| rule_json(i, r)).collect::<Vec<_>>(),
    })
}

/// How `platform` handles each category, as the platforms endpoint reports it.
fn rule_support(tables: &EngineTables<'_>, platform: &Platform) -> Option<Value> {
    let view = tables.platform(&platform.id).ok()?;
    let native = match platform.enforcement_mode {
        EnforcementMode::Dns => "dns",
        EnforcementMode::Device => "device",
        EnforcementMode::ManualAttested => "guided",
        // Neither has a documented rule-support value; examples use the other modes only.
        EnforcementMode::ApiWrite | EnforcementMode::ComingSoon => return None,
    };
    let cats = &tables.registry.rules.categories;
    let map: Map<String, Value> = cats
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), json!(if view.covers.contains(i) { native } else { "unsupported" })))
        .collect();
    Some(Value::Object(map))
}

fn platform_json(tables: &EngineTables<'_>, p: &Platform) -> Option<Value> {
    let support = rule_support(tables, p)?;
    Some(
        json!({ "id": p.id, "name": p.name, "platform_category": p.platform_category, "enforcement_mode": p.enforcement_mode,
                 "auth_type": p.auth_type, "description": p.description, "capabilities": p.capabilities, "rule_support": support }),
    )
}

/// The registry's platforms that have a rule-support example: one programmed (DNS or device) and
/// one guided, when the registry has them.
fn platforms(tables: &EngineTables<'_>) -> Vec<Value> {
    let ps = &tables.registry.platforms;
    let programmed = ps.iter().find(|p| matches!(p.enforcement_mode, EnforcementMode::Dns | EnforcementMode::Device));
    let guided = ps.iter().find(|p| p.enforcement_mode == EnforcementMode::ManualAttested);
    programmed.into_iter().chain(guided).filter_map(|p| platform_json(tables, p)).collect()
}

fn law(l: &crate::model::Law) -> Value {
    let mut v = json!({ "id": l.id, "aliases": l.aliases, "short_name": l.short_name, "full_name": l.full_name,
                        "jurisdiction_group": l.jurisdiction_group, "country": l.country,
                        "enactment_status": l.enactment_status, "enforcement_status": l.enforcement_status,
                        "age_under": l.age_threshold.under, "citation_url": l.citation.url, "categories": l.category_ids().collect::<Vec<_>>() });
    if let (Some(sub), Some(obj)) = (&l.subdivision, v.as_object_mut()) {
        obj.insert("subdivision".into(), json!(sub));
    }
    let enjoined: Vec<&str> = l.categories.iter().filter(|d| d.enjoined).map(|d| d.id.as_str()).collect();
    if let (false, Some(obj)) = (enjoined.is_empty(), v.as_object_mut()) {
        obj.insert("enjoined".into(), json!(enjoined));
    }
    v
}

fn standard(reg: &Registry) -> Result<Value, EmitError> {
    let s = reg.standards.first().ok_or_else(|| EmitError("no standard for the examples".into()))?;
    Ok(json!({ "id": s.id, "name": s.name, "publisher": s.publisher, "status": s.status, "description": s.description,
               "min_age": s.min_age, "max_age": s.max_age,
               "rules": s.rules.iter().map(|r| json!({ "category": r.category, "enabled": r.enabled, "config": r.config })).collect::<Vec<_>>() }))
}

fn compliance(tables: &EngineTables<'_>) -> Result<Value, EmitError> {
    let ids: Vec<String> = tables.platforms.iter().take(2).map(|p| p.platform.id.clone()).collect();
    let family = tables.family(&ids).map_err(|e| EmitError(format!("compliance example: {e}")))?;
    let laws: Vec<Value> = crate::query::compliance::coverage(tables, &family)
        .iter()
        .take(3)
        .map(|(l, c)| {
            let verdict = serde_json::to_value(c.verdict()).unwrap_or(Value::Null);
            json!({ "law_id": l.id, "verdict": verdict, "native": tables.ids(c.native), "fallback": tables.ids(c.fallback), "gaps": tables.ids(c.gaps) })
        })
        .collect();
    Ok(json!({ "platforms": ids, "laws": laws }))
}

/// The seed's two results, as the enforcement page shows them.
fn results() -> Value {
    json!([
        { "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "enforcement_job_id": JOB, "platform_id": "nextdns", "status": "completed",
          "rules_applied": 5, "rules_skipped": 2, "rules_failed": 0, "manual_steps": [], "completed_at": "2026-06-28T12:00:00Z" },
        { "id": "8b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e", "enforcement_job_id": JOB, "platform_id": "netflix", "status": "partial",
          "rules_applied": 0, "rules_skipped": 0, "rules_failed": 0,
          "manual_steps": ["Open Netflix → Profile → Parental Controls → set maturity level to PG-13", "Enable PIN lock on adult profiles"],
          "completed_at": "2026-06-28T12:00:01Z" }
    ])
}

fn job(reg: &Registry) -> Value {
    let rules: Vec<Value> = defaults(reg, 10, Strictness::Recommended)
        .iter()
        .take(2)
        .map(|(c, on, config)| json!({ "category": c, "enabled": on, "config": config }))
        .collect();
    json!({ "id": JOB, "family_id": FAMILY, "child_id": CHILD, "child_name": "Maya", "child_age": 11, "platform_id": "nextdns",
            "rules": rules, "status": "completed", "screenshots": [], "deployment_model": "local",
            "started_at": "2026-06-28T11:59:58Z", "completed_at": "2026-06-28T12:00:00Z", "duration_ms": 2140,
            "created_at": "2026-06-28T11:59:57Z", "updated_at": "2026-06-28T12:00:00Z" })
}

/// The example named `name`.
pub fn named(reg: &Registry, tables: &EngineTables<'_>, name: &str) -> Result<Value, EmitError> {
    Ok(match name {
        "quick_setup" => quick_setup(reg),
        "policy" => policy("active"),
        "policy_draft" => policy("draft"),
        "policy_paused" => policy("paused"),
        "policies" => json!([policy("active"), policy("draft")]),
        "rules" => Value::Array(
            defaults(reg, 10, Strictness::Recommended)
                .iter()
                .take(SHOWN_RULES)
                .enumerate()
                .map(|(i, r)| rule_json(i, r))
                .collect(),
        ),
        "rule" => rule_json(0, &("time_daily_limit".to_owned(), true, json!({ "daily_minutes": 120 }))),
        "job" => job(reg),
        "jobs" => json!([job(reg)]),
        "results" => results(),
        "standard" => standard(reg)?,
        "standards" => json!([standard(reg)?]),
        "platform" => {
            platforms(tables).into_iter().next().ok_or_else(|| EmitError("no platform for the examples".into()))?
        }
        "platforms" => Value::Array(platforms(tables)),
        "law" => reg.laws.first().map(law).ok_or_else(|| EmitError("no law for the examples".into()))?,
        "laws" => Value::Array(reg.laws.iter().take(2).map(law).collect()),
        "compliance" => compliance(tables)?,
        other => return Err(EmitError(format!("spec/api.json names an unknown example `{other}`"))),
    })
}
