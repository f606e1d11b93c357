//! The generated OpenAPI 3.1 documents (`generated/openapi/`): valid against the official OpenAPI
//! 3.1 schema and its schema dialect (committed under `spec/openapi/`, read offline), every `$ref`
//! resolving, readable by a typed OpenAPI model (oas3), every example valid against its schema,
//! config schemas identical to the registry's and the bundle's, and the two surfaces alike but for
//! their prefix and credential. The mini registry's documents are pinned by insta in
//! `tests/generated_artifacts.rs`.

use std::path::Path;

use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::{Value, json};

const SURFACES: [&str; 2] = ["consumer", "developer"];

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(workspace().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn document(surface: &str) -> Value {
    read(&format!("generated/openapi/{surface}.json"))
}

/// Serves the OpenAPI dialect and vocabulary from `spec/openapi/`, and refuses every other URI:
/// nothing is fetched from the network.
struct Committed;

impl Retrieve for Committed {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let path = match uri.as_str() {
            "https://spec.openapis.org/oas/3.1/dialect/base" => "spec/openapi/dialect-base.json",
            "https://spec.openapis.org/oas/3.1/meta/base" => "spec/openapi/meta-base.json",
            other => return Err(format!("{other} is not committed under spec/openapi/").into()),
        };
        Ok(read(path))
    }
}

/// A 2020-12 validator that knows the OpenAPI dialect and vocabulary, and nothing from the network.
fn validator(schema: &Value) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_retriever(Committed)
        .build(schema)
        .expect("the schema compiles")
}

fn errors(v: &Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).take(10).collect()
}

#[test]
fn documents_validate_against_the_openapi_3_1_schema_and_dialect() {
    let oas = validator(&read("spec/openapi/schema-2022-10-07.json"));
    let dialect = validator(&read("spec/openapi/dialect-base.json"));
    for surface in SURFACES {
        let doc = document(surface);
        assert_eq!(errors(&oas, &doc), Vec::<String>::new(), "{surface} against the OpenAPI 3.1 schema");
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        for (name, schema) in schemas {
            assert_eq!(errors(&dialect, schema), Vec::<String>::new(), "{surface}: schema {name} against the dialect");
        }
        assert_eq!(doc["jsonSchemaDialect"], "https://spec.openapis.org/oas/3.1/dialect/base");
    }
}

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                match (k.as_str(), child) {
                    ("$ref", Value::String(r)) => out.push(r),
                    ("mapping", Value::Object(map)) => out.extend(map.values().filter_map(Value::as_str)),
                    _ => refs(child, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|c| refs(c, out)),
        _ => {}
    }
}

#[test]
fn a_broken_document_is_caught() {
    // The validation above can fail: a document without `info`, or with a schema the dialect refuses.
    let oas = validator(&read("spec/openapi/schema-2022-10-07.json"));
    let mut doc = document("consumer");
    doc.as_object_mut().expect("object").remove("info");
    assert!(!errors(&oas, &doc).is_empty());
    let dialect = validator(&read("spec/openapi/dialect-base.json"));
    assert!(!errors(&dialect, &json!({ "type": "integer", "minimum": "zero" })).is_empty());
}

#[test]
fn every_ref_resolves_inside_the_document() {
    for surface in SURFACES {
        let doc = document(surface);
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(found.len() > 300, "{surface}: only {} refs", found.len());
        for r in found {
            let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("{surface}: `{r}` leaves the document"));
            assert!(doc.pointer(pointer).is_some(), "{surface}: `{r}` resolves to nothing");
        }
    }
}

#[test]
fn documents_parse_as_typed_openapi_3_1() {
    for surface in SURFACES {
        let text =
            std::fs::read_to_string(workspace().join(format!("generated/openapi/{surface}.json"))).expect("read");
        let spec = oas3::from_json(&text).unwrap_or_else(|e| panic!("{surface}: {e}"));
        assert_eq!(spec.openapi, "3.1.0");
        let ops = spec.operations().count();
        assert_eq!(ops, 25, "{surface}: operations");
        assert!(spec.components.as_ref().is_some_and(|c| c.schemas.len() > 250), "{surface}: schemas");
    }
}

/// Every (where, schema, example) of a document.
fn examples(doc: &Value) -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    let mut media = |at: String, m: &Value| {
        for (name, ex) in m["examples"].as_object().into_iter().flatten() {
            out.push((format!("{at} example {name}"), m["schema"].clone(), ex["value"].clone()));
        }
    };
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            for p in op["parameters"].as_array().into_iter().flatten() {
                media(format!("{method} {path} parameter {}", p["name"]), p);
            }
            if let Some(m) = op.pointer("/requestBody/content/application~1json") {
                media(format!("{method} {path} request"), m);
            }
            for (status, r) in op["responses"].as_object().expect("responses") {
                if let Some(m) = r.pointer("/content/application~1json") {
                    media(format!("{method} {path} {status}"), m);
                }
            }
        }
    }
    for (name, r) in doc["components"]["responses"].as_object().expect("responses") {
        if let Some(m) = r.pointer("/content/application~1json") {
            media(format!("response {name}"), m);
        }
    }
    out
}

#[test]
fn every_example_validates_against_its_schema() {
    for surface in SURFACES {
        let doc = document(surface);
        let all = examples(&doc);
        assert!(all.len() >= 30, "{surface}: only {} examples", all.len());
        for (at, schema, example) in all {
            // The document is the root, so its `#/components/...` refs resolve; `$ref` picks the schema.
            let mut root = doc.clone();
            let key = "x-example-under-test";
            root[key] = schema;
            root["$ref"] = json!(format!("#/{key}"));
            let v = validator(&root);
            assert_eq!(errors(&v, &example), Vec::<String>::new(), "{surface}: {at}");
        }
    }
}

#[test]
fn a_wrong_example_is_caught() {
    // The check above can fail: a rule whose config breaks its category's schema is refused.
    let doc = document("consumer");
    let mut root = doc.clone();
    root["$ref"] = json!("#/components/schemas/PolicyRule");
    let v = validator(&root);
    assert!(
        v.is_valid(&json!({ "category": "time_daily_limit", "enabled": true, "config": { "daily_minutes": 120 } }))
    );
    for bad in [
        json!({ "category": "time_daily_limit", "enabled": true, "config": { "daily_minutes": 121 } }),
        json!({ "category": "time_daily_limit", "enabled": true, "config": { "minutes": 120 } }),
        json!({ "category": "time_daily_limit", "enabled": true, "config": {}, "extra": 1 }),
        json!({ "category": "no_such_category", "enabled": true, "config": {} }),
    ] {
        assert!(!v.is_valid(&bad), "{bad}");
    }
}

#[test]
fn config_schemas_are_the_registry_s_and_the_bundle_s() {
    let rules = read("registry/ocss-rules.json");
    let bundle = read("generated/schema/ocss-configs.schema.json");
    for surface in SURFACES {
        let doc = document(surface);
        let mapping = doc.pointer("/components/schemas/PolicyRule/discriminator/mapping").expect("mapping");
        let categories = rules["categories"].as_array().expect("categories");
        assert_eq!(mapping.as_object().expect("mapping").len(), categories.len());
        assert_eq!(
            doc.pointer("/components/schemas/RuleCategory/enum").and_then(Value::as_array).map(Vec::len),
            Some(117)
        );
        for c in categories {
            let id = c["id"].as_str().expect("id");
            let rule_ref = mapping[id].as_str().expect("a mapping for every category");
            let rule = doc.pointer(rule_ref.trim_start_matches('#')).expect("rule schema");
            let config_ref = rule["properties"]["config"]["$ref"].as_str().expect("config ref");
            let config = doc.pointer(config_ref.trim_start_matches('#')).expect("config schema");
            assert_eq!(config, &c["config_schema"], "{surface}: {id} differs from the registry");
            assert_eq!(config, &bundle["$defs"][id], "{surface}: {id} differs from the bundle");
            assert_eq!(rule["properties"]["category"]["const"], c["id"]);
        }
    }
}

#[test]
fn both_surfaces_share_every_shape_and_differ_only_in_prefix_and_credential() {
    let (consumer, developer) = (document("consumer"), document("developer"));
    assert_eq!(consumer["components"]["schemas"], developer["components"]["schemas"]);
    assert_eq!(consumer["components"]["responses"], developer["components"]["responses"]);
    let paths = |d: &Value, prefix: &str| -> Vec<(String, Value)> {
        d["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .map(|(p, v)| (p.strip_prefix(prefix).expect("prefix").to_owned(), v.clone()))
            .collect()
    };
    assert_eq!(paths(&consumer, "/api/v1/"), paths(&developer, "/api/v1/developer/"));
    assert_eq!(consumer["security"], json!([{ "bearerAuth": [] }]));
    assert_eq!(developer["security"], json!([{ "apiKeyAuth": [] }]));
    assert_eq!(consumer["info"]["version"], read("registry/ocss-rules.json")["version"]);
}

#[test]
fn every_operation_is_documented() {
    for surface in SURFACES {
        let doc = document(surface);
        let mut ids = std::collections::BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                let at = format!("{surface}: {method} {path}");
                assert!(
                    ids.insert(op["operationId"].as_str().expect("operationId").to_owned()),
                    "{at}: duplicate operationId"
                );
                for field in ["summary", "description"] {
                    assert!(op[field].as_str().is_some_and(|s| !s.is_empty()), "{at}: no {field}");
                }
                assert_eq!(op["tags"].as_array().map(Vec::len), Some(1), "{at}: tags");
                let responses = op["responses"].as_object().expect("responses");
                assert!(responses.keys().any(|s| s.starts_with('4')), "{at}: no documented error");
                for (status, r) in responses.iter().filter(|(s, _)| s.starts_with('4')) {
                    let target = r["$ref"].as_str().expect("errors are shared responses");
                    let shared = doc.pointer(target.trim_start_matches('#')).expect("shared response");
                    assert_eq!(
                        shared.pointer("/content/application~1json/schema/$ref"),
                        Some(&json!("#/components/schemas/Error")),
                        "{at} {status}"
                    );
                }
                let has_example = op["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().all(|p| p.get("examples").is_some()) && !ps.is_empty())
                    || op.pointer("/requestBody/content/application~1json/examples").is_some()
                    || responses.values().any(|r| r.pointer("/content/application~1json/examples").is_some());
                assert!(has_example, "{at}: no example");
            }
        }
        assert_eq!(ids.len(), 25);
    }
}

#[test]
fn enforcement_shapes_are_the_seed_s() {
    let doc = document("consumer");
    let result = &doc["components"]["schemas"]["EnforcementResult"];
    let fields: Vec<&str> = result["required"].as_array().expect("required").iter().filter_map(Value::as_str).collect();
    assert_eq!(
        fields,
        [
            "id",
            "enforcement_job_id",
            "platform_id",
            "status",
            "rules_applied",
            "rules_skipped",
            "rules_failed",
            "manual_steps",
            "completed_at"
        ]
    );
    let example = doc
        .pointer("/paths/~1api~1v1~1enforcement~1jobs~1{jobId}~1results/get/responses/200/content/application~1json/examples/response/value")
        .expect("results example");
    assert_eq!(example[0]["platform_id"], "nextdns");
    assert_eq!(example[0]["rules_applied"], 5);
    assert_eq!(example[1]["platform_id"], "netflix");
    assert_eq!(example[1]["manual_steps"].as_array().map(Vec::len), Some(2));
    let job = &doc["components"]["schemas"]["EnforcementJob"];
    assert_eq!(job["deprecated"], true);
    assert!(job["description"].as_str().is_some_and(|d| d.contains("BrowserEnforcementJob")), "names its successor");
    for field in ["screenshots", "deployment_model", "duration_ms"] {
        assert!(doc["components"]["schemas"]["BrowserEnforcementJob"]["properties"].get(field).is_some(), "{field}");
    }
    let accepted = doc.pointer("/paths/~1api~1v1~1children~1{childId}~1enforce/post/responses/202").expect("202");
    assert!(accepted.is_object());
}

#[test]
fn every_component_is_used_but_the_deprecated_job_shape() {
    // redocly.yaml turns `no-unused-components` off for `EnforcementJob` alone; this keeps it so.
    for surface in SURFACES {
        let doc = document(surface);
        let mut found = Vec::new();
        refs(&doc, &mut found);
        let used: std::collections::BTreeSet<&str> = found
            .iter()
            .filter_map(|r| r.strip_prefix("#/components/schemas/"))
            .map(|r| r.split('/').next().unwrap_or(r))
            .collect();
        let unused: Vec<&String> = doc["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .keys()
            .filter(|k| !used.contains(k.as_str()))
            .collect();
        assert_eq!(unused, ["EnforcementJob"], "{surface}");
    }
}
