//! `spec/api.json`, the hand-kept description of the HTTP surface, as typed data: checked against
//! `spec/api.schema.json` with the same loader and schema layer as the registry, then deserialised.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::emit::EmitError;

/// The embedded surface description and its schema (part of the spec, like the registry schemas).
const SURFACE: &str = include_str!("../../../../spec/api.json");
const SURFACE_SCHEMA: &str = include_str!("../../../../spec/api.schema.json");

/// The HTTP surface.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Surface {
    /// Path of the schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The API's title.
    pub title: String,
    /// What the API is.
    pub description: String,
    /// The surfaces (consumer, developer).
    pub surfaces: Vec<SurfaceDef>,
    /// Example server URL.
    pub server: String,
    /// Operation groups.
    pub tags: Vec<TagDef>,
    /// Error responses by status.
    pub errors: BTreeMap<String, ErrorDef>,
    /// Shared records as JSON Schema.
    pub records: BTreeMap<String, Value>,
    /// Operations.
    pub operations: Vec<OperationDef>,
}

/// Which surface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurfaceId {
    /// End-user apps.
    Consumer,
    /// Server integrations.
    Developer,
}

/// How a surface authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// A bearer JSON Web Token.
    BearerJwt,
    /// An API key header.
    ApiKey,
}

/// One surface.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurfaceDef {
    /// Which.
    pub id: SurfaceId,
    /// Document title.
    pub title: String,
    /// Path prefix.
    pub prefix: String,
    /// Credential.
    pub auth: Auth,
    /// Who it is for.
    pub description: String,
}

/// A tag.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagDef {
    /// Name.
    pub name: String,
    /// What its operations do.
    pub description: String,
}

/// An error response.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDef {
    /// The `code` in its example body.
    pub code: String,
    /// What it means.
    pub description: String,
}

/// HTTP methods used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

/// A body's schema: a component by name, or an array of one.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum BodySchema {
    /// `#/components/schemas/<Name>`.
    Named(String),
    /// An array of it.
    Array {
        /// The item's component name.
        array: String,
    },
}

/// A path or query parameter.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterDef {
    /// Name.
    pub name: String,
    /// `path` or `query`.
    #[serde(rename = "in")]
    pub location: String,
    /// What it is.
    pub description: String,
    /// Its schema.
    pub schema: Value,
    /// A value for it.
    pub example: Value,
}

/// A request body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDef {
    /// Its schema.
    pub schema: BodySchema,
    /// An example value, or the name of a generated one.
    pub example: Value,
    /// Whether it must be sent (default true).
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// The success response.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseDef {
    /// HTTP status.
    pub status: u16,
    /// What it means.
    pub description: String,
    /// The body's schema (none for 204).
    pub schema: Option<BodySchema>,
    /// An example value, or the name of a generated one.
    pub example: Option<Value>,
}

/// One operation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationDef {
    /// `operationId`.
    pub id: String,
    /// Method.
    pub method: Method,
    /// Path below the surface's prefix.
    pub path: String,
    /// Its group.
    pub tag: String,
    /// No credential needed.
    #[serde(default)]
    pub public: bool,
    /// One line.
    pub summary: String,
    /// What it does.
    pub description: String,
    /// Parameters.
    #[serde(default)]
    pub parameters: Vec<ParameterDef>,
    /// The body.
    pub request: Option<RequestDef>,
    /// The success response.
    pub response: ResponseDef,
    /// Error statuses it can answer with.
    pub errors: Vec<u16>,
}

/// Loads, checks and reads the embedded `spec/api.json`.
pub fn load() -> Result<Surface, EmitError> {
    let mut sources = crate::source::SourceMap::default();
    let shown = "spec/api.json".to_owned();
    let doc = crate::load::parse_bytes(SURFACE.as_bytes().to_vec(), shown, &mut sources)
        .map_err(|d| EmitError(crate::diag::render(&d, &sources, crate::diag::Format::Human)))?;
    let schema: Value =
        serde_json::from_str(SURFACE_SCHEMA).map_err(|e| EmitError(format!("spec/api.schema.json: {e}")))?;
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .map_err(|e| EmitError(format!("spec/api.schema.json: {e}")))?;
    let problems: Vec<String> = validator
        .iter_errors(&doc.value)
        .map(|e| {
            let span = doc.span(e.instance_path().as_str());
            let (line, col) = sources.get(doc.file).line_col(span.start);
            format!("spec/api.json:{line}:{col}: {e}")
        })
        .collect();
    if !problems.is_empty() {
        return Err(EmitError(problems.join("\n")));
    }
    let surface: Surface =
        serde_json::from_value(doc.value.clone()).map_err(|e| EmitError(format!("spec/api.json: {e}")))?;
    let mut ids = std::collections::BTreeSet::new();
    for op in &surface.operations {
        if !ids.insert(op.id.as_str()) {
            return Err(EmitError(format!("spec/api.json: operation id `{}` is used twice", op.id)));
        }
        if !surface.tags.iter().any(|t| t.name == op.tag) {
            return Err(EmitError(format!("spec/api.json: operation `{}` has unknown tag `{}`", op.id, op.tag)));
        }
    }
    Ok(surface)
}
