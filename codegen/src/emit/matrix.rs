//! Non-Rust artifacts: the capability matrix as Markdown, CSV, JSON and a self-contained HTML page,
//! and the JSON Schema bundle of every category config. Text comes from tera templates (autoescape
//! off for Markdown, on for HTML), JSON from serde, CSV from the `csv` crate.

use serde::Serialize;
use serde_json::{Value, json};

use super::{Artifact, Comment, EmitError, with_header};
use crate::model::Registry;

/// Where a category stands on one platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    /// The platform declares the category's capability.
    Native,
    /// The platform does not, but a fallback service enforces it.
    Fallback,
    /// Neither: the platform alone cannot enforce it.
    None,
}

impl Cell {
    fn as_str(self) -> &'static str {
        match self {
            Cell::Native => "native",
            Cell::Fallback => "fallback",
            Cell::None => "none",
        }
    }
}

#[derive(Serialize)]
struct CategoryRow<'a> {
    id: &'a str,
    title: &'a str,
    domain: &'a str,
    capability: Option<&'a str>,
    service: Option<&'a str>,
    native_count: usize,
    capability_cells: Vec<bool>,
    platform_cells: Vec<&'static str>,
}

/// The matrix as plain data: per category, the capability, the service and one cell per platform.
pub struct Matrix<'a> {
    reg: &'a Registry,
}

impl<'a> Matrix<'a> {
    /// The matrix of `reg`.
    pub fn new(reg: &'a Registry) -> Self {
        Matrix { reg }
    }

    /// The cell for `category` on `platform`.
    pub fn cell(&self, category: &str, platform: &crate::model::Platform) -> Cell {
        let rules = &self.reg.rules;
        match rules.capability_of(category) {
            Some(cap) if platform.capabilities.iter().any(|c| c == cap) => Cell::Native,
            _ if rules.service_of(category).is_some() => Cell::Fallback,
            _ => Cell::None,
        }
    }

    fn rows(&self) -> Vec<CategoryRow<'a>> {
        let r = &self.reg.rules;
        r.categories
            .iter()
            .map(|c| {
                let cap = r.capability_of(&c.id);
                let cells: Vec<Cell> = self.reg.platforms.iter().map(|p| self.cell(&c.id, p)).collect();
                CategoryRow {
                    id: &c.id,
                    title: &c.title,
                    domain: &c.domain,
                    capability: cap,
                    service: r.service_of(&c.id),
                    native_count: cells.iter().filter(|x| **x == Cell::Native).count(),
                    capability_cells: r.capabilities.iter().map(|k| Some(k.id.as_str()) == cap).collect(),
                    platform_cells: cells.iter().map(|x| x.as_str()).collect(),
                }
            })
            .collect()
    }

    fn context(&self) -> Value {
        let r = &self.reg.rules;
        let rows = self.rows();
        let domains: Vec<Value> = r
            .domains
            .iter()
            .map(|d| json!({ "id": d.id, "title": d.title, "categories": rows.iter().filter(|c| c.domain == d.id).collect::<Vec<_>>() }))
            .collect();
        let capabilities: Vec<Value> = r
            .capabilities
            .iter()
            .map(|k| {
                let platforms: Vec<&str> = self
                    .reg
                    .platforms
                    .iter()
                    .filter(|p| p.capabilities.contains(&k.id))
                    .map(|p| p.id.as_str())
                    .collect();
                json!({ "id": k.id, "title": k.title, "categories": k.categories, "platforms": platforms })
            })
            .collect();
        let platforms: Vec<Value> = self
            .reg
            .platforms
            .iter()
            .map(|p| {
                let native: Vec<&str> =
                    rows.iter().filter(|c| self.cell(c.id, p) == Cell::Native).map(|c| c.id).collect();
                json!({
                    "id": p.id, "name": p.name, "enforcement_mode": p.enforcement_mode,
                    "capabilities": p.capabilities, "native_count": native.len(), "native": native,
                })
            })
            .collect();
        let services: Vec<Value> =
            r.services.iter().map(|s| json!({ "id": s.id, "title": s.title, "categories": s.categories })).collect();
        json!({
            "version": r.version,
            "categories": rows,
            "domains": domains,
            "capabilities": capabilities,
            "services": services,
            "platforms": platforms,
        })
    }
}

/// Registry text as one Markdown table cell: `|` and line breaks would end the cell or the row, and
/// `<`, `&` and `\` would be read as markup or escapes, so they are escaped.
fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// The `md` template filter: [`md_cell`] on a string.
fn md_filter(value: &Value, _: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
    match value.as_str() {
        Some(s) => Ok(Value::String(md_cell(s))),
        None => Err(tera::Error::msg(format!("the md filter needs a string, got {value}"))),
    }
}

fn render(template: &str, context: &Value, autoescape: bool) -> Result<String, EmitError> {
    const NAME: &str = "matrix";
    let ctx = tera::Context::from_value(context.clone()).map_err(|e| EmitError(format!("template context: {e}")))?;
    let mut tera = tera::Tera::default();
    tera.autoescape_on(if autoescape { vec![NAME] } else { Vec::new() });
    tera.register_filter("md", md_filter);
    tera.add_raw_template(NAME, template).and_then(|()| tera.render(NAME, &ctx)).map_err(|e| {
        let mut msg = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            msg.push_str(&format!(": {s}"));
            source = s.source();
        }
        EmitError(format!("template: {msg}"))
    })
}

fn pretty(v: &Value) -> Result<String, EmitError> {
    serde_json::to_string_pretty(v).map(|s| s + "\n").map_err(|e| EmitError(e.to_string()))
}

fn csv(m: &Matrix<'_>) -> Result<String, EmitError> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut head = vec!["category".to_owned(), "domain".into(), "capability".into(), "service".into()];
    head.extend(m.reg.platforms.iter().map(|p| p.id.clone()));
    w.write_record(&head).map_err(|e| EmitError(e.to_string()))?;
    for row in m.rows() {
        let mut rec = vec![
            row.id.to_owned(),
            row.domain.to_owned(),
            row.capability.unwrap_or("").to_owned(),
            row.service.unwrap_or("").to_owned(),
        ];
        rec.extend(row.platform_cells.iter().map(|c| (*c).to_owned()));
        w.write_record(&rec).map_err(|e| EmitError(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| EmitError(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| EmitError(e.to_string()))
}

/// The JSON Schema bundle: one `$defs` entry per category config plus a `policy_rule` schema that
/// ties each category to its config.
pub fn schema_bundle(reg: &Registry) -> Value {
    let mut defs = serde_json::Map::new();
    let mut branches = Vec::new();
    for c in &reg.rules.categories {
        defs.insert(c.id.clone(), c.config_schema.clone());
        branches.push(json!({
            "if": { "properties": { "category": { "const": c.id } } },
            "then": { "properties": { "config": { "$ref": format!("#/$defs/{}", c.id) } } }
        }));
    }
    let ids: Vec<&str> = reg.rules.categories.iter().map(|c| c.id.as_str()).collect();
    defs.insert(
        "policy_rule".into(),
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["category", "enabled", "config"],
            "properties": {
                "category": { "enum": ids },
                "enabled": { "type": "boolean" },
                "config": { "type": "object" }
            },
            "allOf": branches
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ocss.dev/generated/ocss-configs.schema.json",
        "title": format!("OCSS {} rule configs", reg.rules.version),
        "description": "One $defs entry per rule category config, and policy_rule, which checks a rule's config against its category.",
        "$defs": defs,
        "type": "object",
        "additionalProperties": false,
        "required": ["rules"],
        "properties": { "rules": { "type": "array", "items": { "$ref": "#/$defs/policy_rule" } } }
    })
}

/// Every non-Rust artifact.
pub fn artifacts(reg: &Registry) -> Result<Vec<Artifact>, EmitError> {
    let m = Matrix::new(reg);
    let ctx = m.context();
    let v = &reg.rules.version;
    let md = render(include_str!("../../templates/matrix.md.tera"), &ctx, false)?;
    let html = render(include_str!("../../templates/matrix.html.tera"), &ctx, true)?;
    let mut json_ctx = ctx.clone();
    if let Some(obj) = json_ctx.as_object_mut() {
        obj.remove("domains");
    }
    Ok(vec![
        Artifact { path: "generated/matrix/matrix.md".into(), contents: with_header(Comment::Html, v, &md) },
        Artifact { path: "generated/matrix/matrix.html".into(), contents: with_header(Comment::Html, v, &html) },
        Artifact { path: "generated/matrix/matrix.csv".into(), contents: with_header(Comment::Hash, v, &csv(&m)?) },
        Artifact {
            path: "generated/matrix/matrix.json".into(),
            contents: with_header(Comment::Json, v, &pretty(&json_ctx)?),
        },
        Artifact {
            path: "generated/schema/ocss-configs.schema.json".into(),
            contents: with_header(Comment::Json, v, &pretty(&schema_bundle(reg))?),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::md_cell;

    #[test]
    fn markdown_cells_escape_what_would_break_the_table() {
        assert_eq!(md_cell("a|b\\c <d> & e\r\nf\ng\rh"), "a\\|b\\\\c &lt;d> &amp; e<br>f<br>g<br>h");
        assert_eq!(md_cell("Apple Screen Time (US) – ü 👪"), "Apple Screen Time (US) – ü 👪");
    }
}
