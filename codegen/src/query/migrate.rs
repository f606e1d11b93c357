//! `ocss migrate --from-version 1.0 policy.json`: a policy written for an older taxonomy, rewritten
//! for the current one. The steps come from a hand-kept migration file
//! (`registry/history/migrations/<registry>.json`): renamed fields, values mapped to new fields,
//! `HH:MM` times to hours, weekday/weekend windows to day lists, defaults for fields that became
//! required, and fields dropped. Every step is reported with its reason; a rule that cannot be made
//! valid for the current registry is reported too, and nothing is dropped silently.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::model::Registry;

/// A migration file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    /// Path of its schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The taxonomy version it migrates from (`1.0`).
    pub from: String,
    /// The history registry of that version (`registry/history/<name>`).
    pub registry: String,
    /// What it does.
    pub description: String,
    /// Steps per category, in order.
    pub categories: BTreeMap<String, Vec<Step>>,
}

/// One step on a config.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// A field renamed.
    Rename {
        /// Old name.
        from: String,
        /// New name.
        to: String,
    },
    /// A field's value mapped to a (new) field, by its JSON text.
    Map {
        /// Old field, removed.
        field: String,
        /// New field.
        to: String,
        /// Old value (JSON text) → new value.
        values: BTreeMap<String, Value>,
        /// Why this mapping.
        reason: String,
    },
    /// An `HH:MM` time to its hour.
    Hour {
        /// Old field.
        from: String,
        /// New field.
        to: String,
    },
    /// `{weekday: {start, end}, weekend: {start, end}}` to a list of `{days, start, end}` windows.
    Windows {
        /// The field holding them.
        field: String,
    },
    /// A field with no place in the current config, dropped and reported.
    Drop {
        /// The field.
        field: String,
        /// Why it can go.
        reason: String,
    },
    /// A value for a field the current config requires, when the policy has none.
    Default {
        /// The field.
        field: String,
        /// Its value.
        value: Value,
        /// Why this value.
        reason: String,
    },
    /// The rule is turned off when this field has this value (the old way of switching it off).
    DisableIf {
        /// The field.
        field: String,
        /// The value.
        equals: Value,
    },
}

/// What happened to one rule.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RuleReport {
    /// Position in the policy.
    pub index: usize,
    /// Its category.
    pub category: String,
    /// Every change made, in order.
    pub changes: Vec<String>,
    /// Why it could not be migrated, when it could not.
    pub error: Option<String>,
}

/// A migrated policy and what was done.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Outcome {
    /// The policy for the current taxonomy (rules that could not be migrated are left out).
    pub policy: Value,
    /// One report per input rule.
    pub rules: Vec<RuleReport>,
}

fn hour(v: &Value) -> Option<(u64, u64)> {
    let s = v.as_str()?;
    let (h, m) = s.split_once(':')?;
    Some((h.parse().ok()?, m.parse().ok()?))
}

fn windows(v: &Value) -> Option<Value> {
    let days = [("weekday", json!(["mon", "tue", "wed", "thu", "fri"])), ("weekend", json!(["sat", "sun"]))];
    let list: Vec<Value> = days
        .iter()
        .filter_map(|(k, d)| {
            let w = v.get(*k)?;
            Some(json!({ "days": d, "start": w.get("start")?, "end": w.get("end")? }))
        })
        .collect();
    (!list.is_empty()).then_some(Value::Array(list))
}

/// Applies `steps` to `config`; returns the changes made and whether the rule is switched off.
fn apply(steps: &[Step], config: &mut Map<String, Value>, changes: &mut Vec<String>) -> Result<bool, String> {
    let mut off = false;
    for step in steps {
        match step {
            Step::Rename { from, to } => {
                if let Some(v) = config.remove(from) {
                    config.insert(to.clone(), v);
                    changes.push(format!("renamed `{from}` to `{to}`"));
                }
            }
            Step::Map { field, to, values, reason } => {
                if let Some(v) = config.remove(field) {
                    let key = v.to_string();
                    let mapped =
                        values.get(&key).ok_or_else(|| format!("`{field}` = {key} has no counterpart in `{to}`"))?;
                    changes.push(format!("`{field}` = {key} became `{to}` = {mapped} ({reason})"));
                    config.insert(to.clone(), mapped.clone());
                }
            }
            Step::Hour { from, to } => {
                if let Some(v) = config.remove(from) {
                    let (h, m) = hour(&v).ok_or_else(|| format!("`{from}` = {v} is not an HH:MM time"))?;
                    let lost = if m == 0 {
                        String::new()
                    } else {
                        format!(", dropping {m} minutes (the current config counts whole hours)")
                    };
                    changes.push(format!("`{from}` = {v} became `{to}` = {h}{lost}"));
                    config.insert(to.clone(), json!(h));
                }
            }
            Step::Windows { field } => {
                if let Some(v) = config.get(field) {
                    let list = windows(v).ok_or_else(|| format!("`{field}` holds no weekday or weekend window"))?;
                    changes.push(format!("`{field}`'s weekday and weekend windows became a list of windows with days"));
                    config.insert(field.clone(), list);
                }
            }
            Step::Drop { field, reason } => {
                if let Some(v) = config.remove(field) {
                    changes.push(format!("dropped `{field}` = {v} ({reason})"));
                }
            }
            Step::Default { field, value, reason } => {
                if !config.contains_key(field) {
                    changes.push(format!("set `{field}` = {value} ({reason})"));
                    config.insert(field.clone(), value.clone());
                }
            }
            Step::DisableIf { field, equals } => {
                if config.get(field) == Some(equals) {
                    off = true;
                    changes.push(format!(
                        "turned the rule off: `{field}` = {equals} was how the old version switched it off"
                    ));
                }
            }
        }
    }
    Ok(off)
}

/// Migrates `policy` (`{"rules": [...]}` or an array) with `migration` to `current`.
pub fn migrate(policy: &Value, migration: &Migration, current: &Registry) -> Outcome {
    let rules = policy.get("rules").unwrap_or(policy).as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    let mut reports = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        let category = rule.get("category").and_then(Value::as_str).unwrap_or_default().to_owned();
        let mut report = RuleReport { index, category: category.clone(), changes: Vec::new(), error: None };
        let result = (|| -> Result<Value, String> {
            let target = current
                .rules
                .categories
                .iter()
                .find(|c| c.id == category || c.aliases.contains(&category))
                .ok_or_else(|| format!("`{category}` has no counterpart in the current taxonomy"))?;
            if target.id != category {
                report.changes.push(format!("category `{category}` is now `{}`", target.id));
            }
            let mut config =
                rule.get("config").and_then(Value::as_object).cloned().ok_or("the rule has no config object")?;
            let steps = migration.categories.get(&category).map(Vec::as_slice).unwrap_or_default();
            let off = apply(steps, &mut config, &mut report.changes)?;
            let enabled = rule.get("enabled").and_then(Value::as_bool).unwrap_or(false) && !off;
            let config = Value::Object(config);
            let validator = crate::schema::compile_config_schema(&target.config_schema).map_err(|(_, e)| e)?;
            let problems: Vec<String> =
                validator.iter_errors(&config).map(|e| format!("{} at `{}`", e, e.instance_path())).collect();
            if !problems.is_empty() {
                return Err(format!("the migrated config is not valid for `{}`: {}", target.id, problems.join("; ")));
            }
            Ok(json!({ "category": target.id, "enabled": enabled, "config": config }))
        })();
        match result {
            Ok(v) => out.push(v),
            Err(e) => report.error = Some(e),
        }
        reports.push(report);
    }
    Outcome { policy: json!({ "rules": out }), rules: reports }
}
