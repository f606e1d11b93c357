//! Schema layer: validates each document against its file kind's JSON Schema (`spec/*.schema.json`,
//! embedded in the binary, draft 2020-12, offline) and turns every error, not only the first, into a
//! diagnostic placed by the document's spans.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::Value;

use crate::diag::{Code, Diagnostic};
use crate::load::{Document, escape_token};
use crate::suggest::did_you_mean;

/// The kinds of registry file, each with its schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// `registry/ocss-rules.json`.
    Rules,
    /// `registry/laws/<id>.json`.
    Law,
    /// `registry/platforms/<id>.json`.
    Platform,
    /// `registry/standards/<id>.json`.
    Standard,
}

impl FileKind {
    /// Every kind.
    pub const ALL: [FileKind; 4] = [FileKind::Rules, FileKind::Law, FileKind::Platform, FileKind::Standard];

    /// The schema's file name in `spec/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            FileKind::Rules => "ocss-rules.schema.json",
            FileKind::Law => "law.schema.json",
            FileKind::Platform => "platform.schema.json",
            FileKind::Standard => "standard.schema.json",
        }
    }

    /// The `$schema` value a file of this kind must carry (relative to the file).
    pub fn schema_ref(self) -> &'static str {
        match self {
            FileKind::Rules => "../spec/ocss-rules.schema.json",
            FileKind::Law => "../../spec/law.schema.json",
            FileKind::Platform => "../../spec/platform.schema.json",
            FileKind::Standard => "../../spec/standard.schema.json",
        }
    }

    pub(crate) fn schema_text(self) -> &'static str {
        match self {
            FileKind::Rules => include_str!("../../spec/ocss-rules.schema.json"),
            FileKind::Law => include_str!("../../spec/law.schema.json"),
            FileKind::Platform => include_str!("../../spec/platform.schema.json"),
            FileKind::Standard => include_str!("../../spec/standard.schema.json"),
        }
    }
}

/// The four compiled spec schemas.
pub struct SpecSchemas {
    compiled: Vec<(FileKind, Value, Validator)>,
}

/// Options shared by every validator we build: draft 2020-12 and no network, ever.
fn options() -> jsonschema::ValidationOptions<'static> {
    jsonschema::options().with_draft(Draft::Draft202012).offline()
}

impl SpecSchemas {
    /// Compiles the embedded schemas. They are part of the binary, so a failure is a build bug; it is
    /// still reported as an error rather than a panic.
    pub fn compile() -> Result<Self, String> {
        let mut compiled = Vec::new();
        for kind in FileKind::ALL {
            let schema: Value = serde_json::from_str(kind.schema_text())
                .map_err(|e| format!("embedded schema {} is not JSON: {e}", kind.schema_file()))?;
            let validator = options()
                .build(&schema)
                .map_err(|e| format!("embedded schema {} does not compile: {e}", kind.schema_file()))?;
            compiled.push((kind, schema, validator));
        }
        Ok(SpecSchemas { compiled })
    }

    /// Validates `doc` as a `kind` file; one diagnostic per error.
    pub fn validate(&self, kind: FileKind, doc: &Document) -> Vec<Diagnostic> {
        let Some((_, schema, validator)) = self.compiled.iter().find(|(k, ..)| *k == kind) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for err in validator.iter_errors(&doc.value) {
            explain(&err, schema, doc, "", &mut out);
        }
        out
    }
}

/// Validates `value`, which sits at `base` in `doc`, against a compiled config schema; diagnostics
/// point into `doc`.
pub fn validate_nested(
    validator: &Validator,
    schema: &Value,
    value: &Value,
    doc: &Document,
    base: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for err in validator.iter_errors(value) {
        explain(&err, schema, doc, base, &mut out);
    }
    out
}

/// Compiles a category's config schema (which the rules schema has already restricted to the subset
/// the generator supports). On failure returns the JSON pointer, inside the schema, of the problem
/// and a message saying why the schema is unusable.
pub fn compile_config_schema(schema: &Value) -> Result<Validator, (String, String)> {
    if let Err(e) = jsonschema::meta::validate(schema) {
        return Err((e.instance_path().as_str().to_owned(), lower_first(&e.to_string())));
    }
    options().build(schema).map_err(|e| (e.instance_path().as_str().to_owned(), lower_first(&e.to_string())))
}

/// Follows `schema_path` through `root`, jumping across local `$ref`s, to the schema object whose
/// keyword failed.
fn resolve_schema<'a>(root: &'a Value, schema_path: &str) -> Option<&'a Value> {
    let mut node = root;
    let segments: Vec<&str> = schema_path.split('/').skip(1).collect();
    // The last segment is the failing keyword itself; we want the object holding it.
    let (_, parents) = segments.split_last()?;
    for seg in parents {
        if *seg == "$ref" {
            let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
            node = root.pointer(target)?;
        } else {
            let token = seg.replace("~1", "/").replace("~0", "~");
            node = match node {
                Value::Object(m) => m.get(&token)?,
                Value::Array(a) => a.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
    }
    Some(node)
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 { format!("{}…", s.chars().take(60).collect::<String>()) } else { s }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn field_name(pointer: &str) -> String {
    match pointer.rsplit('/').next() {
        Some(last) if !pointer.is_empty() => last.replace("~1", "/").replace("~0", "~"),
        _ => "the file".to_owned(),
    }
}

fn explain(err: &ValidationError<'_>, root: &Value, doc: &Document, base: &str, out: &mut Vec<Diagnostic>) {
    let ptr = format!("{base}{}", err.instance_path().as_str());
    let schema_path = err.schema_path().as_str().to_owned();
    let instance = err.instance();
    let holder = resolve_schema(root, &schema_path);
    let described = holder.and_then(|h| h.get("description")).and_then(Value::as_str);
    match err.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<&str> = holder
                .and_then(|h| h.get("properties"))
                .and_then(Value::as_object)
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            for key in unexpected {
                let child = format!("{ptr}/{}", escape_token(key));
                let mut d = Diagnostic::new(Code::UnknownField, format!("unknown field `{key}`"))
                    .at(doc.file, doc.key_span(&child))
                    .label("not defined by the schema");
                d = match did_you_mean(key, allowed.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None if !allowed.is_empty() => d.help(format!("allowed fields: {}", allowed.join(", "))),
                    None => d.help("this object accepts no fields"),
                };
                out.push(d);
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = short(property);
            let mut d = Diagnostic::new(Code::MissingField, format!("missing required field `{name}`"))
                .at(doc.file, doc.start_span(&ptr))
                .label("in this object");
            let prop_desc = holder
                .and_then(|h| h.get("properties"))
                .and_then(|p| p.get(&name))
                .and_then(|p| p.get("description"))
                .and_then(Value::as_str);
            d = d.help(match prop_desc {
                Some(desc) => format!("add `{name}`: {desc}"),
                None => format!("add `{name}`"),
            });
            out.push(d);
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => ts.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
            };
            out.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!("`{}` must be of type {expected}, found {}", field_name(&ptr), json_type(instance)),
                )
                .at(doc.file, doc.span(&ptr))
                .label(format!("expected {expected}")),
            );
        }
        ValidationErrorKind::Enum { options } => {
            let opts: Vec<String> = options.as_array().map(|a| a.iter().map(short).collect()).unwrap_or_default();
            let mut d = Diagnostic::new(
                Code::InvalidValue,
                format!("`{}` is not an allowed value for `{}`", short(instance), field_name(&ptr)),
            )
            .at(doc.file, doc.span(&ptr));
            let guess = instance.as_str().and_then(|s| did_you_mean(s, opts.iter().map(String::as_str)));
            d = match guess {
                Some(g) => d.help(format!("did you mean `{g}`?")),
                None => d.help(format!("allowed: {}", list(&opts))),
            };
            out.push(d);
        }
        ValidationErrorKind::Constant { expected_value } => out.push(
            Diagnostic::new(Code::InvalidValue, format!("`{}` must be `{}`", field_name(&ptr), short(expected_value)))
                .at(doc.file, doc.span(&ptr)),
        ),
        ValidationErrorKind::Pattern { pattern } => {
            let mut d = Diagnostic::new(
                Code::InvalidValue,
                format!(
                    "`{}` does not match the pattern `{pattern}` required for `{}`",
                    short(instance),
                    field_name(&ptr)
                ),
            )
            .at(doc.file, doc.span(&ptr));
            if let Some(desc) = described {
                d = d.help(desc.to_owned());
            }
            out.push(d);
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            // Report the branch that came closest: the one with the fewest errors.
            match context.iter().filter(|c| !c.is_empty()).min_by_key(|c| c.len()) {
                Some(best) => {
                    for e in best {
                        explain(e, root, doc, base, out);
                    }
                }
                None => out.push(generic(err, doc, &ptr)),
            }
        }
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. }
        | ValidationErrorKind::MinLength { .. }
        | ValidationErrorKind::MaxLength { .. }
        | ValidationErrorKind::MinItems { .. }
        | ValidationErrorKind::MaxItems { .. }
        | ValidationErrorKind::MinProperties { .. }
        | ValidationErrorKind::MaxProperties { .. }
        | ValidationErrorKind::UniqueItems
        | ValidationErrorKind::MultipleOf { .. } => {
            let mut d = Diagnostic::new(
                Code::InvalidValue,
                format!("`{}`: {}", field_name(&ptr), lower_first(&err.to_string())),
            )
            .at(doc.file, doc.span(&ptr));
            if let Some(desc) = described {
                d = d.help(desc.to_owned());
            }
            out.push(d);
        }
        _ => out.push(generic(err, doc, &ptr)),
    }
}

fn generic(err: &ValidationError<'_>, doc: &Document, ptr: &str) -> Diagnostic {
    Diagnostic::new(Code::SchemaViolation, format!("`{}`: {}", field_name(ptr), lower_first(&err.to_string())))
        .at(doc.file, doc.span(ptr))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn list(opts: &[String]) -> String {
    if opts.len() > 12 {
        format!(
            "{}, … ({} in all)",
            opts[..12].iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", "),
            opts.len()
        )
    } else {
        opts.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
    }
}
