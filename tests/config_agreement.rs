//! Typed ⇔ schema agreement: for every rule category, random valid and near-valid configs, built by
//! walking the category's `config_schema`, are accepted by `ocss::RuleConfig::deserialize_for`
//! exactly when the compiled JSON Schema accepts them.
//!
//! Each schema node yields two strategies: `valid` (values the schema should accept) and `near`
//! (values with exactly one defect at this node or below: out-of-range or fractional numbers, wrong
//! JSON types including `null`, missing required or unknown fields, strings one edit away from an
//! enum value or a pattern, lists one item too short or too long or with a repeat, map keys that
//! break their pattern). Neither strategy decides the verdict: the JSON Schema validator is the
//! oracle and the typed side must agree with it on every case.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ocss::{RuleCategory, RuleConfig};
use ocss_codegen::model::Registry;
use ocss_codegen::pipeline;
use ocss_codegen::schema::compile_config_schema;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::{BoxedStrategy, Union};
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::{Map, Value, json};

/// Cases per category: 117 categories × 256 = 29,952 cases per run (about 8 s in a debug build).
const CASES_PER_CATEGORY: u32 = 256;

/// Known-valid strings seen in the registry's examples and defaults, by schema path.
type Pools = BTreeMap<String, BTreeSet<String>>;

/// Characters for free text and for one-character edits: ASCII that patterns care about, a space,
/// a newline (`$` must not match before it), and multi-byte characters (lengths count characters).
const CHARS: [char; 22] =
    ['0', '1', '2', '3', '5', '9', 'a', 'z', 'A', 'Z', '_', '-', '.', ':', '/', '+', ' ', '\n', 'é', '😀', '@', '"'];

/// The two strategies of one schema node.
#[derive(Clone)]
struct Gen {
    valid: BoxedStrategy<Value>,
    near: BoxedStrategy<Value>,
}

fn registry() -> Registry {
    let outcome = pipeline::validate(Path::new("registry")).expect("registry folder readable");
    assert!(outcome.diagnostics.is_empty(), "registry has {} problems", outcome.diagnostics.len());
    outcome.registry.expect("valid registry")
}

fn one_of(alternatives: Vec<(u32, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    assert!(!alternatives.is_empty(), "a union needs an alternative");
    Union::new_weighted(alternatives).boxed()
}

/// Values of every JSON type, some of which a given node accepts and most of which it does not.
fn junk() -> BoxedStrategy<Value> {
    select(vec![
        Value::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(7),
        json!(-1),
        json!(1.5),
        json!(7.0),
        json!(""),
        json!("7"),
        json!("true"),
        json!("null"),
        json!([]),
        json!([7]),
        json!({}),
        json!({ "a": 1 }),
    ])
    .boxed()
}

/// An integer as JSON: a plain number when it fits `i64`/`u64`, else a float.
fn int_value(v: i128) -> Value {
    if let Ok(i) = i64::try_from(v) {
        json!(i)
    } else if let Ok(u) = u64::try_from(v) {
        json!(u)
    } else {
        json!(v as f64)
    }
}

/// The same value with every integer written as a float (`5` → `5.0`): equal for JSON Schema.
fn float_twin(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => n.as_f64().map_or(Value::Null, |f| json!(f)),
        Value::Array(items) => Value::Array(items.iter().map(float_twin).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), float_twin(v))).collect()),
        other => other.clone(),
    }
}

/// Equality as JSON Schema's `uniqueItems` sees it (numbers by value).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn dedupe(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for v in items {
        if !out.iter().any(|o| json_eq(o, &v)) {
            out.push(v);
        }
    }
    out
}

/// One edit of `s`: `kind` picks drop / insert / replace a character, or a change at either end,
/// a case change, doubling, or emptying.
fn mutate(s: &str, kind: u8, at: Index, c: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = chars.clone();
    match kind % 10 {
        0 if !chars.is_empty() => {
            out.remove(at.index(chars.len()));
        }
        1 => out.insert(at.index(chars.len() + 1), c),
        2 if !chars.is_empty() => out[at.index(chars.len())] = c,
        3 => out.push('\n'),
        4 => out.insert(0, c),
        5 => out.push(c),
        6 => return s.to_uppercase(),
        7 => return s.to_lowercase(),
        8 => return format!("{s}{s}"),
        _ => return String::new(),
    }
    out.into_iter().collect()
}

fn mutated(base: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    (base, 0u8..10, any::<Index>(), select(CHARS.to_vec()))
        .prop_map(|(s, kind, at, c)| Value::String(mutate(&s, kind, at, c)))
        .boxed()
}

fn text(min: usize, max: usize) -> BoxedStrategy<String> {
    vec(select(CHARS.to_vec()), min..=max).prop_map(|cs| cs.into_iter().collect()).boxed()
}

fn uint(schema: &Value, key: &str) -> Option<usize> {
    schema.get(key).and_then(Value::as_u64).and_then(|v| usize::try_from(v).ok())
}

/// Strings matching an anchored pattern `^…$`, generated from its body (proptest has no anchors).
fn regex_strings(pattern: &str) -> Option<BoxedStrategy<String>> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    if body.ends_with('\\') {
        return None;
    }
    proptest::string::string_regex(body).ok().map(Strategy::boxed)
}

/// Valid strings for a string node: known-valid ones from the registry, strings generated from the
/// pattern, or free text within the length bounds.
fn string_source(schema: &Value, ptr: &str, pools: &Pools) -> BoxedStrategy<String> {
    let pattern = schema.get("pattern").and_then(Value::as_str);
    let min = uint(schema, "minLength").unwrap_or(0);
    let max = uint(schema, "maxLength").unwrap_or(usize::MAX);
    let mut alternatives: Vec<(u32, BoxedStrategy<String>)> = Vec::new();
    if let Some(pool) = pools.get(ptr).filter(|p| !p.is_empty()) {
        alternatives.push((3, select(pool.iter().cloned().collect::<Vec<_>>()).boxed()));
    }
    match pattern {
        Some(p) => {
            if let Some(s) = regex_strings(p) {
                alternatives.push((2, s));
            }
        }
        None => alternatives.push((3, text(min, max.min(min + 12)))),
    }
    if alternatives.is_empty() {
        alternatives.push((1, Just(String::new()).boxed()));
    }
    Union::new_weighted(alternatives).boxed()
}

fn gen_node(schema: &Value, ptr: &str, pools: &Pools) -> Gen {
    match schema.get("type").and_then(Value::as_str) {
        Some("boolean") => Gen { valid: any::<bool>().prop_map(Value::Bool).boxed(), near: one_of(vec![(1, junk())]) },
        Some("integer") => integer(schema),
        Some("string") => string(schema, ptr, pools),
        Some("array") => array(schema, ptr, pools),
        Some("object") if schema.get("additionalProperties").is_some_and(Value::is_object) => map(schema, ptr, pools),
        Some("object") => structure(schema, ptr, pools),
        other => panic!("{ptr}: schema type {other:?} is outside the subset this test knows"),
    }
}

fn integer(schema: &Value) -> Gen {
    let allowed: Vec<i128> = schema
        .get("enum")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).map(i128::from).collect())
        .unwrap_or_default();
    let bound = |key: &str| schema.get(key).and_then(Value::as_i64).map(i128::from);
    let min = bound("minimum").or_else(|| allowed.iter().min().copied()).unwrap_or(i128::from(i64::MIN));
    let max = bound("maximum").or_else(|| allowed.iter().max().copied()).unwrap_or(i128::from(i64::MAX));
    let m = bound("multipleOf").unwrap_or(1).max(1);
    let (lo, hi) = (-(-min).div_euclid(m) * m, max.div_euclid(m) * m);
    let ints: BoxedStrategy<i128> = if allowed.is_empty() {
        Union::new_weighted(vec![
            (1, Just(lo).boxed()),
            (1, Just(hi).boxed()),
            (4, (lo / m..=hi / m).prop_map(move |k| k * m).boxed()),
        ])
        .boxed()
    } else {
        select(allowed.clone()).boxed()
    };
    let floats = |v: i128| v as f64;
    let valid = one_of(vec![
        (4, ints.clone().prop_map(int_value).boxed()),
        (1, ints.clone().prop_map(move |v| json!(floats(v))).boxed()),
    ]);
    let mut probes: Vec<Value> =
        [min - 1, max + 1, min - m, max + m, lo + 1, hi - 1, lo + m / 2, -1, 0].into_iter().map(int_value).collect();
    probes.extend([
        json!(floats(max + 1)),
        json!(floats(min - 1)),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1e20),
        json!(-1e20),
        json!(1e300),
        json!(-0.0),
    ]);
    for a in &allowed {
        probes.extend([int_value(a - 1), int_value(a + 1), json!(floats(*a) + 0.5)]);
    }
    let near = one_of(vec![
        (4, select(probes).boxed()),
        (2, ints.clone().prop_map(move |v| json!(floats(v) + 0.5)).boxed()),
        (1, ints.prop_map(|v| Value::String(v.to_string())).boxed()),
        (1, junk()),
    ]);
    Gen { valid, near }
}

fn string(schema: &Value, ptr: &str, pools: &Pools) -> Gen {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        let pick = select(values).boxed();
        let valid = pick.clone().prop_map(Value::String).boxed();
        let near = one_of(vec![
            (6, mutated(pick.clone())),
            // serde reads a one-key object as an externally tagged enum; JSON Schema wants a string.
            (1, pick.clone().prop_map(|v| json!({ v: null })).boxed()),
            (1, pick.prop_map(|v| json!([v])).boxed()),
            (1, junk()),
        ]);
        return Gen { valid, near };
    }
    let source = string_source(schema, ptr, pools);
    let valid = source.clone().prop_map(Value::String).boxed();
    let min = uint(schema, "minLength").unwrap_or(0);
    let max = uint(schema, "maxLength");
    let mut near = vec![(6, mutated(source)), (1, junk())];
    if min > 0 {
        near.push((1, Just(Value::String("a".repeat(min - 1))).boxed()));
    }
    if let Some(max) = max.filter(|m| *m < 100_000) {
        near.push((1, Just(Value::String("a".repeat(max + 1))).boxed()));
        // `max` characters of several bytes each: too long in bytes, not in characters.
        near.push((1, Just(Value::String("é".repeat(max))).boxed()));
        near.push((1, Just(Value::String("😀".repeat(max + 1))).boxed()));
    }
    Gen { valid, near: one_of(near) }
}

fn array(schema: &Value, ptr: &str, pools: &Pools) -> Gen {
    let item = gen_node(&schema["items"], &format!("{ptr}/items"), pools);
    let min = uint(schema, "minItems").unwrap_or(0);
    let max = uint(schema, "maxItems");
    let unique = schema.get("uniqueItems").and_then(Value::as_bool).unwrap_or(false);
    let hi = max.unwrap_or(usize::MAX).min(min + 5).max(min);
    let valid =
        vec(item.valid.clone(), min..=hi).prop_map(move |v| Value::Array(if unique { dedupe(v) } else { v })).boxed();
    let non_empty =
        vec(item.valid.clone(), min.max(1)..=hi.max(1)).prop_map(move |v| if unique { dedupe(v) } else { v });
    let mut near = vec![
        (
            4,
            (non_empty.clone(), item.near, any::<Index>())
                .prop_map(|(mut v, bad, at)| {
                    let i = at.index(v.len());
                    v[i] = bad;
                    Value::Array(v)
                })
                .boxed(),
        ),
        (1, junk()),
    ];
    if min > 0 {
        near.push((1, vec(item.valid.clone(), min - 1).prop_map(Value::Array).boxed()));
    }
    if let Some(max) = max.filter(|m| *m < 5_000) {
        near.push((1, vec(item.valid.clone(), max + 1).prop_map(Value::Array).boxed()));
    }
    if unique {
        near.push((
            2,
            (non_empty, any::<Index>(), any::<bool>())
                .prop_map(|(mut v, at, as_float)| {
                    let copy = &v[at.index(v.len())];
                    // `5.0` repeats `5` as far as JSON Schema is concerned.
                    let copy = if as_float { float_twin(copy) } else { copy.clone() };
                    v.push(copy);
                    Value::Array(v)
                })
                .boxed(),
        ));
    }
    Gen { valid, near: one_of(near) }
}

fn map(schema: &Value, ptr: &str, pools: &Pools) -> Gen {
    let value = gen_node(&schema["additionalProperties"], &format!("{ptr}/additionalProperties"), pools);
    let names = schema.get("propertyNames").cloned().unwrap_or_else(|| json!({ "type": "string" }));
    let keys = string_source(&names, &format!("{ptr}/propertyNames"), pools);
    let min = uint(schema, "minProperties").unwrap_or(0);
    let max = uint(schema, "maxProperties");
    let hi = max.unwrap_or(usize::MAX).min(min + 4).max(min);
    let entries = vec((keys.clone(), value.valid.clone()), min..=hi);
    let valid = entries.clone().prop_map(|e| Value::Object(e.into_iter().collect())).boxed();
    let with = |extra: BoxedStrategy<(String, Value)>| {
        (entries.clone(), extra)
            .prop_map(|(e, (k, v))| {
                let mut m: Map<String, Value> = e.into_iter().collect();
                m.insert(k, v);
                Value::Object(m)
            })
            .boxed()
    };
    let bad_key = (mutated(keys.clone()), value.valid.clone())
        .prop_map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), v))
        .boxed();
    let mut near = vec![
        (3, with(bad_key)),
        (3, with((keys.clone(), value.near).boxed())),
        (1, junk()),
        (1, entries.clone().prop_map(|e| Value::Array(e.into_iter().map(|(k, v)| json!([k, v])).collect())).boxed()),
    ];
    if let Some(max) = max.filter(|m| *m < 5_000) {
        near.push((
            1,
            (keys, value.valid)
                .prop_map(move |(k, v)| Value::Object((0..=max).map(|i| (format!("{k}{i}"), v.clone())).collect()))
                .boxed(),
        ));
    }
    Gen { valid, near: one_of(near) }
}

fn structure(schema: &Value, ptr: &str, pools: &Pools) -> Gen {
    let required: BTreeSet<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    let props: Vec<(String, Gen, bool)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .map(|(k, s)| (k.clone(), gen_node(s, &format!("{ptr}/properties/{k}"), pools), required.contains(k)))
                .collect()
        })
        .unwrap_or_default();
    type Field = BoxedStrategy<Option<(String, Value)>>;
    let field = |name: &str, s: &BoxedStrategy<Value>, always: bool| -> Field {
        let name = name.to_owned();
        let present = s.clone().prop_map(move |v| Some((name.clone(), v)));
        if always { present.boxed() } else { prop_oneof![Just(None), present].boxed() }
    };
    let build = |fields: Vec<Field>| -> BoxedStrategy<Value> {
        fields.prop_map(|fs| Value::Object(fs.into_iter().flatten().collect())).boxed()
    };
    let valid_fields: Vec<Field> = props.iter().map(|(k, g, req)| field(k, &g.valid, *req)).collect();
    let valid = build(valid_fields.clone());

    let mut near: Vec<(u32, BoxedStrategy<Value>)> = vec![(1, junk())];
    // One field near-valid, the others valid.
    for (i, (k, g, _)) in props.iter().enumerate() {
        let mut fields = valid_fields.clone();
        fields[i] = field(k, &g.near, true);
        near.push((2, build(fields)));
    }
    let edit = |names: Vec<String>, f: fn(&mut Map<String, Value>, String, Value)| {
        (valid.clone(), select(names), junk())
            .prop_map(move |(v, name, extra)| {
                let mut m = v.as_object().cloned().unwrap_or_default();
                f(&mut m, name, extra);
                Value::Object(m)
            })
            .boxed()
    };
    if !required.is_empty() {
        near.push((2, edit(required.iter().cloned().collect(), |m, name, _| drop(m.remove(&name)))));
    }
    let optional: Vec<String> = props.iter().filter(|(_, _, req)| !req).map(|(k, _, _)| k.clone()).collect();
    if !optional.is_empty() {
        near.push((1, edit(optional, |m, name, _| drop(m.insert(name, Value::Null)))));
    }
    let mut unknown: Vec<String> = vec!["extra".into(), String::new(), "$schema".into()];
    for (k, _, _) in &props {
        let mut shorter = k.clone();
        shorter.pop();
        unknown.extend([k.to_uppercase(), format!("{k}s"), format!("{k} "), shorter]);
    }
    unknown.retain(|u| !props.iter().any(|(k, _, _)| k == u));
    near.push((2, edit(unknown, |m, name, extra| drop(m.insert(name, extra)))));
    // serde reads a struct from a sequence of its fields in order; JSON Schema wants an object.
    let all_fields: Vec<BoxedStrategy<Value>> = props.iter().map(|(_, g, _)| g.valid.clone()).collect();
    near.push((1, all_fields.prop_map(Value::Array).boxed()));
    Gen { valid, near: one_of(near) }
}

/// Gathers every string (and map key) of `value` into `pools` under its schema path.
fn collect(schema: &Value, value: &Value, ptr: &str, pools: &mut Pools) {
    match value {
        Value::String(s) => {
            pools.entry(ptr.to_owned()).or_default().insert(s.clone());
        }
        Value::Array(items) => {
            for it in items {
                collect(&schema["items"], it, &format!("{ptr}/items"), pools);
            }
        }
        Value::Object(m) => {
            for (k, v) in m {
                if let Some(child) = schema.get("properties").and_then(|p| p.get(k)) {
                    collect(child, v, &format!("{ptr}/properties/{k}"), pools);
                } else if let Some(values) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                    pools.entry(format!("{ptr}/propertyNames")).or_default().insert(k.clone());
                    collect(values, v, &format!("{ptr}/additionalProperties"), pools);
                }
            }
        }
        _ => {}
    }
}

#[derive(Default)]
struct Tally {
    cases: Cell<usize>,
    valid: Cell<usize>,
}

#[test]
fn typed_deserialisation_agrees_with_the_config_schema() {
    let reg = registry();
    assert_eq!(reg.rules.categories.len(), RuleCategory::ALL.len(), "one typed category per registry category");
    let (mut total, mut total_valid) = (0usize, 0usize);
    let mut failures: Vec<String> = Vec::new();
    let mut lopsided: Vec<String> = Vec::new();
    let mut shares: Vec<(usize, usize, &str)> = Vec::new();
    for c in &reg.rules.categories {
        let category: RuleCategory = c.id.parse().expect("registry category is a RuleCategory");
        let validator = compile_config_schema(&c.config_schema).expect("config schema compiles");
        let mut pools = Pools::new();
        let seeds = c.examples.iter().cloned().chain(
            c.defaults.iter().flat_map(|b| b.settings().map(|(_, s)| s)).map(|s| Value::Object(s.config.clone())),
        );
        for seed in seeds {
            collect(&c.config_schema, &seed, "", &mut pools);
        }
        let node = gen_node(&c.config_schema, "", &pools);
        let strategy = one_of(vec![(1, node.valid), (1, node.near)]);

        let tally = Tally::default();
        let config = Config { failure_persistence: None, ..Config::with_cases(CASES_PER_CATEGORY) };
        let mut runner = TestRunner::new(config);
        let result = runner.run(&strategy, |value| {
            let typed = RuleConfig::deserialize_for(category, &value);
            let schema = validator.is_valid(&value);
            tally.cases.set(tally.cases.get() + 1);
            tally.valid.set(tally.valid.get() + usize::from(schema));
            if typed.is_ok() == schema {
                return Ok(());
            }
            let typed = match typed {
                Ok(_) => "accepts".to_owned(),
                Err(e) => format!("rejects ({e})"),
            };
            let schema = if schema { "accepts" } else { "rejects" };
            Err(TestCaseError::fail(format!("typed {typed}, JSON Schema {schema}")))
        });
        match result {
            Ok(()) => {}
            Err(TestError::Fail(why, value)) => {
                failures.push(format!("category `{}`: {why}\n    config: {value}", c.id))
            }
            Err(TestError::Abort(why)) => failures.push(format!("category `{}`: aborted: {why}", c.id)),
        }
        let (cases, valid) = (tally.cases.get(), tally.valid.get());
        if valid * 10 < cases || (cases - valid) * 10 < cases {
            lopsided.push(format!("{}: {valid} valid of {cases}", c.id));
        }
        shares.push((valid, cases, &c.id));
        total += cases;
        total_valid += valid;
    }
    let invalid = total - total_valid;
    println!("{total} cases over {} categories: {total_valid} valid, {invalid} invalid", reg.rules.categories.len());
    let fewest_valid = shares.iter().min_by_key(|(v, n, _)| v * 1000 / n.max(&1));
    let fewest_invalid = shares.iter().min_by_key(|(v, n, _)| (n - v) * 1000 / n.max(&1));
    if let (Some((v, n, a)), Some((w, m, b))) = (fewest_valid, fewest_invalid) {
        println!("fewest valid: {a} ({v} of {n}); fewest invalid: {b} ({} of {m})", m - w);
    }
    assert!(failures.is_empty(), "{} categories disagree:\n{}", failures.len(), failures.join("\n"));
    assert!(total >= 10_000, "only {total} cases ran");
    assert!(lopsided.is_empty(), "categories with under 10% valid or invalid cases:\n{}", lopsided.join("\n"));
    assert!(total_valid * 10 >= total * 3, "only {total_valid} of {total} cases were valid");
    assert!(invalid * 10 >= total * 3, "only {invalid} of {total} cases were invalid");
}

/// The disagreements this test found, pinned: serde's derives read a struct from a sequence of its
/// field values and a unit enum variant from a one-key object; the schema rejects both.
#[test]
fn found_disagreements_stay_fixed() {
    let reg = registry();
    let c = reg.rules.categories.iter().find(|c| c.id == "content_rating").expect("content_rating");
    let validator = compile_config_schema(&c.config_schema).expect("config schema compiles");
    for (config, valid) in [
        (json!({ "max_ratings": { "mpaa": "G" } }), true),
        (json!([{}]), false),
        (json!({ "max_ratings": [] }), false),
        (json!({ "max_ratings": ["G"] }), false),
        (json!({ "max_ratings": { "mpaa": { "G": null } } }), false),
        (json!({ "max_ratings": { "mpaa": null } }), false),
    ] {
        let typed = RuleConfig::deserialize_for(RuleCategory::ContentRating, &config).is_ok();
        assert_eq!(validator.is_valid(&config), valid, "JSON Schema on {config}");
        assert_eq!(typed, valid, "typed deserialisation on {config}");
    }
}
