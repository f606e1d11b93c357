//! A typed model of the part of OpenAPI 3.1 the generator writes. Documents are built as these
//! structs and serialised, never assembled as text: every field has one spelling and one place.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// An OpenAPI 3.1 document.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// The OpenAPI version.
    pub openapi: &'static str,
    /// Title, version and description.
    pub info: Info,
    /// The JSON Schema dialect of every schema in the document.
    pub json_schema_dialect: &'static str,
    /// Example servers.
    pub servers: Vec<Server>,
    /// Credentials every operation needs unless it says otherwise.
    pub security: Vec<BTreeMap<String, Vec<String>>>,
    /// Operation groups.
    pub tags: Vec<Tag>,
    /// Operations by path.
    pub paths: BTreeMap<String, PathItem>,
    /// Shared schemas, responses and security schemes.
    pub components: Components,
}

/// `info`.
#[derive(Clone, Debug, Serialize)]
pub struct Info {
    /// Title.
    pub title: String,
    /// The registry version the document was generated from.
    pub version: String,
    /// What the API is.
    pub description: String,
    /// Licence of the document.
    pub license: License,
}

/// `info.license`.
#[derive(Clone, Debug, Serialize)]
pub struct License {
    /// Name.
    pub name: &'static str,
    /// SPDX identifier.
    pub identifier: &'static str,
}

/// A server.
#[derive(Clone, Debug, Serialize)]
pub struct Server {
    /// Base URL.
    pub url: String,
    /// What it is.
    pub description: String,
}

/// A tag.
#[derive(Clone, Debug, Serialize)]
pub struct Tag {
    /// Name.
    pub name: String,
    /// What its operations do.
    pub description: String,
}

/// The operations of one path, by method.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PathItem {
    /// `GET`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    /// `POST`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
    /// `PUT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub put: Option<Operation>,
    /// `DELETE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<Operation>,
}

/// An operation.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Unique id, also the method name of generated clients.
    pub operation_id: String,
    /// Its group.
    pub tags: Vec<String>,
    /// One line.
    pub summary: String,
    /// What it does.
    pub description: String,
    /// Path and query parameters.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// The body, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// Responses by status.
    pub responses: BTreeMap<String, Response>,
    /// Overrides the document's credentials (`[]`: none needed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<BTreeMap<String, Vec<String>>>>,
}

/// A parameter.
#[derive(Clone, Debug, Serialize)]
pub struct Parameter {
    /// Name.
    pub name: String,
    /// `path` or `query`.
    #[serde(rename = "in")]
    pub location: String,
    /// What it is.
    pub description: String,
    /// Whether it must be given (always for path parameters).
    pub required: bool,
    /// Its schema.
    pub schema: Value,
    /// Named examples.
    pub examples: BTreeMap<String, Example>,
}

/// A request body.
#[derive(Clone, Debug, Serialize)]
pub struct RequestBody {
    /// Whether a body must be sent.
    pub required: bool,
    /// By media type.
    pub content: BTreeMap<String, MediaType>,
}

/// A body in one media type.
#[derive(Clone, Debug, Serialize)]
pub struct MediaType {
    /// Its schema.
    pub schema: Value,
    /// Named examples.
    pub examples: BTreeMap<String, Example>,
}

/// An example.
#[derive(Clone, Debug, Serialize)]
pub struct Example {
    /// One line.
    pub summary: String,
    /// The value.
    pub value: Value,
}

/// A response, inline or shared.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Response {
    /// A shared response under `components/responses`.
    Ref {
        /// `#/components/responses/…`.
        #[serde(rename = "$ref")]
        reference: String,
    },
    /// A response written here.
    Inline {
        /// What it means.
        description: String,
        /// The body, by media type (none for 204).
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        content: BTreeMap<String, MediaType>,
    },
}

/// `components`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    /// Schemas by name.
    pub schemas: BTreeMap<String, Value>,
    /// Shared responses by name.
    pub responses: BTreeMap<String, Response>,
    /// Credentials by name.
    pub security_schemes: BTreeMap<String, SecurityScheme>,
}

/// A security scheme.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type")]
pub enum SecurityScheme {
    /// `Authorization: Bearer …`.
    #[serde(rename = "http", rename_all = "camelCase")]
    Http {
        /// `bearer`.
        scheme: &'static str,
        /// What the token is.
        bearer_format: &'static str,
        /// How to get one.
        description: String,
    },
    /// A key in a header.
    #[serde(rename = "apiKey")]
    ApiKey {
        /// `header`.
        #[serde(rename = "in")]
        location: &'static str,
        /// The header's name.
        name: &'static str,
        /// How to get one.
        description: String,
    },
}
