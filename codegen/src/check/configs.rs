//! Config checks: each category's config schema compiles and is coherent, and every config the
//! registry itself writes (examples, age defaults, standard packs) validates against it. Phosra's
//! generator emitted `"24:00"` and intervals its own docs forbid; here such a default cannot land.

use std::collections::{BTreeSet, HashMap};

use jsonschema::Validator;
use serde_json::{Map, Value};

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::schema::{compile_config_schema, validate_nested};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let Some(rules) = &ctx.model.rules else { return };
    let file = rules.file;
    let mut validators: HashMap<&str, (Validator, &Value)> = HashMap::new();
    for (i, c) in rules.categories.iter().enumerate() {
        let base = format!("/categories/{i}");
        match compile_config_schema(&c.config_schema) {
            Ok(v) => {
                validators.entry(c.id.as_str()).or_insert((v, &c.config_schema));
            }
            Err((inner, msg)) => ctx.at(
                file,
                &format!("{base}/config_schema{inner}"),
                Diagnostic::new(Code::InvalidConfigSchema, format!("config schema of `{}` is unusable: {msg}", c.id))
                    .help(
                        "config schemas are JSON Schema 2020-12 in the subset described by spec/ocss-rules.schema.json",
                    ),
            ),
        }
        required_defined(ctx, &c.config_schema, &format!("{base}/config_schema"), &c.id);
        placeholders(ctx, c, &base);
        let Some((validator, schema)) = validators.get(c.id.as_str()) else { continue };
        for (j, example) in c.examples.iter().enumerate() {
            let at = format!("{base}/examples/{j}");
            nested(ctx, validator, schema, example, &at, Code::InvalidExample, &format!("example {j} of `{}`", c.id));
        }
        let mut covered: BTreeSet<u8> = BTreeSet::new();
        for (j, band) in c.defaults.iter().enumerate() {
            let at = format!("{base}/defaults/{j}");
            if band.min_age > band.max_age {
                ctx.at(
                    file,
                    &format!("{at}/max_age"),
                    Diagnostic::new(
                        Code::InvalidAgeRange,
                        format!("age band {}-{} of `{}` is empty", band.min_age, band.max_age, c.id),
                    )
                    .help("`min_age` must not be greater than `max_age`"),
                );
            }
            for age in band.min_age..=band.max_age {
                if !covered.insert(age) {
                    ctx.at(
                        file,
                        &at,
                        Diagnostic::new(
                            Code::DefaultCoverage,
                            format!("age {age} has two default bands in `{}`", c.id),
                        )
                        .help("age bands must not overlap"),
                    );
                }
            }
            for (strictness, setting) in band.settings() {
                let name = strictness.as_str();
                let value = Value::Object(setting.config.clone());
                let what = format!("`{name}` default for ages {}-{} of `{}`", band.min_age, band.max_age, c.id);
                nested(ctx, validator, schema, &value, &format!("{at}/{name}/config"), Code::InvalidDefault, &what);
            }
        }
        let missing: Vec<String> = (0..=17u8).filter(|a| !covered.contains(a)).map(|a| a.to_string()).collect();
        if !missing.is_empty() {
            ctx.at(
                file,
                &format!("{base}/defaults"),
                Diagnostic::new(
                    Code::DefaultCoverage,
                    format!("`{}` has no default for age {}", c.id, missing.join(", ")),
                )
                .help("default bands must cover every age from 0 to 17 exactly once"),
            );
        }
    }
    for s in &ctx.model.standards {
        if s.min_age > s.max_age {
            ctx.at(
                s.file,
                "/max_age",
                Diagnostic::new(
                    Code::InvalidAgeRange,
                    format!("pack ages {}-{} are an empty range", s.min_age, s.max_age),
                )
                .help("`min_age` must not be greater than `max_age`"),
            );
        }
        for (j, rule) in s.rules.iter().enumerate() {
            let Some((validator, schema)) = validators.get(rule.category.as_str()) else { continue };
            let value = Value::Object(rule.config.clone());
            let what = format!("config of pack rule `{}`", rule.category);
            let docs = ctx.docs;
            let Some(doc) = s.file.and_then(|f| docs.get(f)) else { continue };
            let diags = validate_nested(validator, schema, &value, doc, &format!("/rules/{j}/config"));
            ctx.extend(rewrap(diags, Code::InvalidStandardConfig, &what));
        }
    }
}

fn nested(ctx: &mut Ctx<'_>, validator: &Validator, schema: &Value, value: &Value, at: &str, code: Code, what: &str) {
    let file = ctx.rules_file();
    let docs = ctx.docs;
    let Some(doc) = file.and_then(|f| docs.get(f)) else { return };
    let diags = validate_nested(validator, schema, value, doc, at);
    ctx.extend(rewrap(diags, code, what));
}

/// Re-labels schema diagnostics about a nested config with the outer check's code and subject.
fn rewrap(diags: Vec<Diagnostic>, code: Code, what: &str) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .map(|mut d| {
            d.message = format!("{what} is invalid: {}", d.message);
            d.code = code;
            d
        })
        .collect()
}

/// Every name in `required` must be a defined property, or no config could ever be valid.
fn required_defined(ctx: &mut Ctx<'_>, schema: &Value, at: &str, id: &str) {
    let Some(obj) = schema.as_object() else { return };
    let props = obj.get("properties").and_then(Value::as_object);
    if let Some(required) = obj.get("required").and_then(Value::as_array) {
        for (k, name) in required.iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            if !props.is_some_and(|p| p.contains_key(name)) {
                let file = ctx.rules_file();
                ctx.at(
                    file,
                    &format!("{at}/required/{k}"),
                    Diagnostic::new(
                        Code::RequiredNotDefined,
                        format!("config schema of `{id}` requires `{name}` but does not define it"),
                    )
                    .help(format!("add `{name}` under `properties`, or remove it from `required`")),
                );
            }
        }
    }
    for (key, child) in children(obj) {
        required_defined(ctx, child, &format!("{at}/{key}"), id);
    }
}

/// Sub-schemas of an object schema, with their pointer suffix.
fn children(obj: &Map<String, Value>) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    if let Some(props) = obj.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            out.push((format!("properties/{}", crate::load::escape_token(k)), v));
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(v) = obj.get(key).filter(|v| v.is_object()) {
            out.push((key.to_owned(), v));
        }
    }
    out
}

/// `{field}` placeholders in `manual_step` must name top-level config properties.
fn placeholders(ctx: &mut Ctx<'_>, c: &crate::model::Category, base: &str) {
    let props = c.config_schema.get("properties").and_then(Value::as_object);
    let mut rest = c.manual_step.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !props.is_some_and(|p| p.contains_key(name)) {
            let file = ctx.rules_file();
            let known: Vec<&str> = props.map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
            ctx.at(
                file,
                &format!("{base}/manual_step"),
                Diagnostic::new(
                    Code::UnknownPlaceholder,
                    format!("placeholder `{{{name}}}` in the manual step of `{}` names no config field", c.id),
                )
                .help(if known.is_empty() {
                    "this config has no fields; write the step without placeholders".to_owned()
                } else {
                    format!("use one of: {}", known.iter().map(|k| format!("`{{{k}}}`")).collect::<Vec<_>>().join(", "))
                }),
            );
        }
        rest = &after[close + 1..];
    }
}
