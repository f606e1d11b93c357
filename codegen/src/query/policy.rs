//! Policy files for `ocss route`: `{"rules": [...]}` or a bare array of `{"category", "enabled",
//! "config"}` rules, read as strictly as registry files (UTF-8, strict JSON, no duplicate keys) and
//! checked against the loaded registry: every category must exist and every config must satisfy its
//! category's config schema. Every problem is reported with `file:line:col`, and two rules for one
//! category are a conflict, never "both applied".

use std::path::Path;

use serde_json::Value;

use crate::load::{self, Document};
use crate::model::Registry;
use crate::schema::compile_config_schema;
use crate::source::SourceMap;
use crate::suggest::did_you_mean;

/// One rule of a policy, resolved against the registry.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRule<'r> {
    /// The category id, as the registry spells it.
    pub category: &'r str,
    /// Its index in registry order.
    pub index: usize,
    /// Whether the rule is on.
    pub enabled: bool,
    /// The config, valid against the category's config schema.
    pub config: Value,
}

impl<'r> ocss_engine::Rule for PolicyRule<'r> {
    type Category = &'r str;
    fn category(&self) -> &'r str {
        self.category
    }
    fn category_index(&self) -> usize {
        self.index
    }
    fn enabled(&self) -> bool {
        self.enabled
    }
}

/// Why a policy was refused: each problem as `file:line:col: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    /// One line per problem.
    pub problems: Vec<String>,
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for PolicyError {}

/// Reads and checks the policy at `path` against `registry`.
pub fn read<'r>(path: &Path, registry: &'r Registry) -> Result<Vec<PolicyRule<'r>>, PolicyError> {
    let shown = path.to_string_lossy().replace('\\', "/");
    let mut sources = SourceMap::default();
    let doc = match load::load_file_with(path, shown.clone(), &mut sources, load::WholeFloats::AsJsonSchema) {
        Ok(doc) => doc,
        Err(load::LoadError::Io(message)) => return Err(PolicyError { problems: vec![message] }),
        Err(load::LoadError::Invalid(diags)) => {
            let problems = diags.iter().map(|d| place(&sources, d.span.clone(), &shown, &d.message)).collect();
            return Err(PolicyError { problems });
        }
    };
    let mut reader = Reader {
        doc: &doc,
        sources: &sources,
        shown: &shown,
        registry,
        validators: Default::default(),
        problems: Vec::new(),
    };
    let rules = reader.rules();
    if reader.problems.is_empty() { Ok(rules) } else { Err(PolicyError { problems: reader.problems }) }
}

fn place(sources: &SourceMap, span: Option<std::ops::Range<usize>>, shown: &str, message: &str) -> String {
    let at = match (span, sources.iter().next()) {
        (Some(span), Some(file)) => {
            let (line, col) = file.line_col(span.start);
            format!("{shown}:{line}:{col}")
        }
        _ => shown.to_owned(),
    };
    format!("{at}: {}", crate::table::escape_controls(message))
}

struct Reader<'a, 'r> {
    doc: &'a Document,
    sources: &'a SourceMap,
    shown: &'a str,
    registry: &'r Registry,
    /// Each category's compiled config schema, compiled once however many rules use it.
    validators: std::collections::HashMap<usize, Result<jsonschema::Validator, String>>,
    problems: Vec<String>,
}

impl<'r> Reader<'_, 'r> {
    fn problem(&mut self, pointer: &str, message: String) {
        let line = place(self.sources, Some(self.doc.span(pointer)), self.shown, &message);
        self.problems.push(line);
    }

    fn rules(&mut self) -> Vec<PolicyRule<'r>> {
        let doc = self.doc;
        let (list, base) = match &doc.value {
            Value::Array(items) => (items, String::new()),
            Value::Object(map) => match (map.get("rules"), map.len()) {
                (Some(Value::Array(items)), 1) => (items, "/rules".to_owned()),
                _ => {
                    self.problem("", "a policy is `{\"rules\": [...]}` or an array of rules".to_owned());
                    return Vec::new();
                }
            },
            _ => {
                self.problem("", "a policy is `{\"rules\": [...]}` or an array of rules".to_owned());
                return Vec::new();
            }
        };
        let mut rules: Vec<PolicyRule<'r>> = Vec::new();
        let mut first: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for (i, item) in list.iter().enumerate() {
            let pointer = format!("{base}/{i}");
            let Some(rule) = self.rule(&pointer, item) else { continue };
            if let Some(earlier) = first.insert(rule.index, i) {
                first.insert(rule.index, earlier);
                self.problem(
                    &format!("{pointer}/category"),
                    format!(
                        "a second rule for `{}` (the first is rule {earlier}); one category takes one rule",
                        rule.category
                    ),
                );
                continue;
            }
            rules.push(rule);
        }
        rules
    }

    fn rule(&mut self, pointer: &str, item: &Value) -> Option<PolicyRule<'r>> {
        let Value::Object(map) = item else {
            self.problem(pointer, "a rule is an object with `category`, `enabled` and `config`".to_owned());
            return None;
        };
        if let Some(extra) = map.keys().find(|k| !matches!(k.as_str(), "category" | "enabled" | "config")) {
            self.problem(
                &format!("{pointer}/{}", load::escape_token(extra)),
                format!("unknown field `{extra}` in a rule"),
            );
            return None;
        }
        let rules = &self.registry.rules;
        let (Some(Value::String(id)), Some(Value::Bool(enabled)), Some(config @ Value::Object(_))) =
            (map.get("category"), map.get("enabled"), map.get("config"))
        else {
            self.problem(
                pointer,
                "a rule needs `category` (a string), `enabled` (true or false) and `config` (an object)".to_owned(),
            );
            return None;
        };
        let Some(index) = rules.category_index(id) else {
            let hint = did_you_mean(id, rules.categories.iter().map(|c| c.id.as_str()))
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            self.problem(&format!("{pointer}/category"), format!("unknown category `{id}`{hint}"));
            return None;
        };
        let category = &rules.categories[index];
        let validator = self
            .validators
            .entry(index)
            .or_insert_with(|| compile_config_schema(&category.config_schema).map_err(|(_, message)| message));
        let found: Vec<(String, String)> = match validator {
            Ok(v) => v
                .iter_errors(config)
                .map(|e| {
                    (format!("{pointer}/config{}", e.instance_path()), format!("config of `{}`: {e}", category.id))
                })
                .collect(),
            Err(message) => {
                vec![(pointer.to_owned(), format!("config schema of `{}` does not compile: {message}", category.id))]
            }
        };
        for (at, message) in found {
            self.problem(&at, message);
        }
        Some(PolicyRule { category: &category.id, index, enabled: *enabled, config: config.clone() })
    }
}
