//! OpenAPI 3.1 documents, one per surface (consumer, developer), from the registry and the
//! hand-kept HTTP surface (`spec/api.json`). Both documents come from one model: the same records,
//! the same schemas generated from the registry, the same operations; only the path prefix and the
//! credential differ. Documents are typed structs ([`document`]) serialised with serde.

pub mod document;
mod examples;
pub mod surface;

use std::collections::BTreeMap;

use serde_json::{Value, json};

use self::document::{
    Components, Document, Example, Info, License, MediaType, Operation, Parameter, PathItem, RequestBody, Response,
    SecurityScheme, Server, Tag,
};
use self::surface::{Auth, BodySchema, Method, OperationDef, Surface, SurfaceDef};
use super::EmitError;
use super::naming::upper_camel;
use crate::model::Registry;
use crate::query::EngineTables;

/// The JSON Schema dialect OpenAPI 3.1 documents use.
pub const DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";
const JSON: &str = "application/json";

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn body_schema(s: &BodySchema) -> Value {
    match s {
        BodySchema::Named(name) => schema_ref(name),
        BodySchema::Array { array } => json!({ "type": "array", "items": schema_ref(array) }),
    }
}

/// Component names of a category's config and rule schemas.
pub fn config_name(category: &str) -> Result<String, EmitError> {
    upper_camel(category).map(|n| format!("{n}Config")).map_err(|e| EmitError(format!("category `{category}`: {e}")))
}

fn rule_name(category: &str) -> Result<String, EmitError> {
    upper_camel(category).map(|n| format!("{n}Rule")).map_err(|e| EmitError(format!("category `{category}`: {e}")))
}

/// Schemas generated from the registry: the vocabularies, one config and one rule schema per
/// category, and `PolicyRule`, a `oneOf` discriminated by `category`.
/// Whether the surface's records refer to the component `name`.
fn referenced(surface: &Surface, name: &str) -> bool {
    let needle = format!("\"#/components/schemas/{name}\"");
    surface.records.values().any(|r| r.to_string().contains(&needle))
}

fn registry_schemas(reg: &Registry, surface: &Surface) -> Result<BTreeMap<String, Value>, EmitError> {
    let r = &reg.rules;
    let mut out = BTreeMap::new();
    let ids = |items: Vec<&str>| -> Value { json!(items) };
    out.insert(
        "RuleCategory".to_owned(),
        json!({ "type": "string", "description": format!("One of the {} OCSS rule categories.", r.categories.len()),
                "enum": ids(r.categories.iter().map(|c| c.id.as_str()).collect()) }),
    );
    out.insert(
        "Capability".to_owned(),
        json!({ "type": "string", "description": "A cluster of categories a platform enforces natively.",
                "enum": ids(r.capabilities.iter().map(|c| c.id.as_str()).collect()) }),
    );
    for set in crate::vocab::all() {
        // Only the sets some record uses (no unused components).
        if referenced(surface, set.name) {
            out.insert(set.name.to_owned(), json!({ "type": "string", "enum": set.ids }));
        }
    }
    out.insert(
        "PolicyRuleFields".to_owned(),
        json!({ "type": "object", "description": "Fields every rule has besides its category and config.",
                "required": ["enabled"],
                "properties": {
                    "id": { "type": "string", "format": "uuid", "readOnly": true },
                    "policy_id": { "type": "string", "format": "uuid", "readOnly": true },
                    "enabled": { "type": "boolean", "description": "Whether the rule is enforced." },
                    "created_at": { "type": "string", "format": "date-time", "readOnly": true },
                    "updated_at": { "type": "string", "format": "date-time", "readOnly": true } } }),
    );
    let mut branches = Vec::new();
    let mut mapping = serde_json::Map::new();
    for c in &r.categories {
        let (config, rule) = (config_name(&c.id)?, rule_name(&c.id)?);
        // The registry's schema, unchanged: the document can never disagree with the typed crate.
        out.insert(config.clone(), c.config_schema.clone());
        out.insert(
            rule.clone(),
            json!({ "type": "object", "title": format!("{} rule", c.title), "description": c.description,
                    "allOf": [schema_ref("PolicyRuleFields")],
                    "required": ["category", "enabled", "config"],
                    "properties": { "category": { "const": c.id }, "config": schema_ref(&config) },
                    "unevaluatedProperties": false }),
        );
        branches.push(schema_ref(&rule));
        mapping.insert(c.id.clone(), json!(format!("#/components/schemas/{rule}")));
    }
    out.insert(
        "PolicyRule".to_owned(),
        json!({ "description": "One rule: a category, whether it is on, and a config of that category's shape.",
                "oneOf": branches, "discriminator": { "propertyName": "category", "mapping": mapping } }),
    );
    Ok(out)
}

fn error_responses(surface: &Surface) -> BTreeMap<String, Response> {
    surface
        .errors
        .iter()
        .map(|(status, e)| {
            let example =
                Example { summary: e.description.clone(), value: json!({ "code": e.code, "message": e.description }) };
            let media =
                MediaType { schema: schema_ref("Error"), examples: BTreeMap::from([(e.code.clone(), example)]) };
            (
                error_name(status),
                Response::Inline {
                    description: e.description.clone(),
                    content: BTreeMap::from([(JSON.to_owned(), media)]),
                },
            )
        })
        .collect()
}

fn error_name(status: &str) -> String {
    format!("Error{status}")
}

struct Builder<'a> {
    reg: &'a Registry,
    tables: EngineTables<'a>,
    surface: &'a Surface,
}

impl Builder<'_> {
    fn example(&self, value: &Value) -> Result<Value, EmitError> {
        match value {
            Value::String(name) => examples::named(self.reg, &self.tables, name),
            other => Ok(other.clone()),
        }
    }

    fn operation(&self, op: &OperationDef) -> Result<Operation, EmitError> {
        let parameters = op
            .parameters
            .iter()
            .map(|p| Parameter {
                name: p.name.clone(),
                location: p.location.clone(),
                description: p.description.clone(),
                required: p.location == "path",
                schema: p.schema.clone(),
                examples: BTreeMap::from([(
                    p.name.clone(),
                    Example {
                        summary: format!("A {}", p.description.trim_end_matches('.').to_lowercase()),
                        value: p.example.clone(),
                    },
                )]),
            })
            .collect();
        let request_body = match &op.request {
            Some(r) => {
                let example = Example {
                    summary: format!("A request to {}", op.summary.to_lowercase()),
                    value: self.example(&r.example)?,
                };
                let media = MediaType {
                    schema: body_schema(&r.schema),
                    examples: BTreeMap::from([("request".to_owned(), example)]),
                };
                Some(RequestBody { required: r.required, content: BTreeMap::from([(JSON.to_owned(), media)]) })
            }
            None => None,
        };
        let mut responses = BTreeMap::new();
        let content = match (&op.response.schema, &op.response.example) {
            (Some(schema), Some(example)) => {
                let example = Example { summary: op.response.description.clone(), value: self.example(example)? };
                let media = MediaType {
                    schema: body_schema(schema),
                    examples: BTreeMap::from([("response".to_owned(), example)]),
                };
                BTreeMap::from([(JSON.to_owned(), media)])
            }
            _ => BTreeMap::new(),
        };
        responses.insert(
            op.response.status.to_string(),
            Response::Inline { description: op.response.description.clone(), content },
        );
        for status in &op.errors {
            responses.insert(
                status.to_string(),
                Response::Ref { reference: format!("#/components/responses/{}", error_name(&status.to_string())) },
            );
        }
        Ok(Operation {
            operation_id: op.id.clone(),
            tags: vec![op.tag.clone()],
            summary: op.summary.clone(),
            description: op.description.clone(),
            parameters,
            request_body,
            responses,
            security: op.public.then(Vec::new),
        })
    }

    fn document(&self, def: &SurfaceDef, schemas: &BTreeMap<String, Value>) -> Result<Document, EmitError> {
        let mut paths: BTreeMap<String, PathItem> = BTreeMap::new();
        for op in &self.surface.operations {
            let item = paths.entry(format!("{}{}", def.prefix, op.path)).or_default();
            let slot = match op.method {
                Method::Get => &mut item.get,
                Method::Post => &mut item.post,
                Method::Put => &mut item.put,
                Method::Delete => &mut item.delete,
            };
            if slot.is_some() {
                return Err(EmitError(format!("spec/api.json: two operations for {:?} {}", op.method, op.path)));
            }
            *slot = Some(self.operation(op)?);
        }
        let (scheme_name, scheme) = match def.auth {
            Auth::BearerJwt => (
                "bearerAuth",
                SecurityScheme::Http {
                    scheme: "bearer",
                    bearer_format: "JWT",
                    description: "A JSON Web Token for the signed-in parent.".to_owned(),
                },
            ),
            Auth::ApiKey => (
                "apiKeyAuth",
                SecurityScheme::ApiKey {
                    location: "header",
                    name: "X-API-Key",
                    description: "The organisation's API key.".to_owned(),
                },
            ),
        };
        Ok(Document {
            openapi: "3.1.0",
            info: Info {
                title: def.title.clone(),
                version: self.reg.rules.version.clone(),
                description: format!("{}\n\n{}", self.surface.description, def.description),
                license: License { name: "Apache 2.0", identifier: "Apache-2.0" },
            },
            json_schema_dialect: DIALECT,
            servers: vec![Server {
                url: format!("{}{}", self.surface.server, ""),
                description: "Example server.".to_owned(),
            }],
            security: vec![BTreeMap::from([(scheme_name.to_owned(), Vec::new())])],
            tags: self
                .surface
                .tags
                .iter()
                .map(|t| Tag { name: t.name.clone(), description: t.description.clone() })
                .collect(),
            paths,
            components: Components {
                schemas: schemas.clone(),
                responses: error_responses(self.surface),
                security_schemes: BTreeMap::from([(scheme_name.to_owned(), scheme)]),
            },
        })
    }
}

/// Both documents, as (surface id, document).
pub fn documents(reg: &Registry) -> Result<Vec<(&'static str, Document)>, EmitError> {
    let surface = surface::load()?;
    let mut schemas = registry_schemas(reg, &surface)?;
    for (name, record) in &surface.records {
        if schemas.insert(name.clone(), record.clone()).is_some() {
            return Err(EmitError(format!(
                "spec/api.json: record `{name}` has the name of a schema generated from the registry"
            )));
        }
    }
    let builder = Builder { reg, tables: EngineTables::new(reg), surface: &surface };
    surface
        .surfaces
        .iter()
        .map(|def| {
            let id = match def.id {
                surface::SurfaceId::Consumer => "consumer",
                surface::SurfaceId::Developer => "developer",
            };
            Ok((id, builder.document(def, &schemas)?))
        })
        .collect()
}

/// The documents as pretty JSON bodies, by path.
pub fn artifacts(reg: &Registry) -> Result<Vec<(String, String)>, EmitError> {
    documents(reg)?
        .into_iter()
        .map(|(id, doc)| {
            let body = serde_json::to_string_pretty(&doc).map_err(|e| EmitError(format!("OpenAPI {id}: {e}")))?;
            Ok((format!("generated/openapi/{id}.json"), body + "\n"))
        })
        .collect()
}
