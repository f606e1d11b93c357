//! `ocss fmt`: every registry file in one canonical form, without changing any value. Members are
//! ordered as the file kind's schema lists them (members the schema does not name, such as the
//! properties of a config schema, sorted by name), two-space indentation, one member or
//! item per line, `[]` and `{}` when empty, LF line ends and a final newline. Numbers keep the exact
//! spelling they were written in; strings are re-escaped the one canonical way, which is the same
//! text. Only a file that loads cleanly (strict JSON, no duplicate keys, …) is formatted.

use crate::diag::Diagnostic;
use crate::load;
use crate::schema::FileKind;
use crate::source::SourceMap;
use jsonc_parser::ast;

/// Formats `text`, a registry file of `kind`; a file that does not load is returned as its
/// diagnostics, untouched.
pub fn format(text: &str, kind: FileKind, display: String, sources: &mut SourceMap) -> Result<String, Vec<Diagnostic>> {
    // Load first: formatting must never hide what the loader refuses (duplicate keys, floats, …).
    load::parse_bytes(text.as_bytes().to_vec(), display, sources)?;
    let parsed =
        jsonc_parser::parse_to_ast(text, &Default::default(), &load::strict_options()).map_err(|_| Vec::new())?;
    let Some(root) = parsed.value else { return Err(Vec::new()) };
    let schema = Node::parse(kind.schema_text());
    let mut out = String::with_capacity(text.len());
    Printer { schema: &schema, out: &mut out }.value(&root, Some(&schema), 0);
    out.push('\n');
    Ok(out)
}

/// A schema as written, members in file order (`serde_json::Value` sorts them, and the order is
/// what the formatter needs).
enum Node {
    Object(Vec<(String, Node)>),
    Other(Option<String>),
}

impl Node {
    fn parse(text: &str) -> Node {
        match jsonc_parser::parse_to_ast(text, &Default::default(), &load::strict_options()) {
            Ok(p) => p.value.as_ref().map_or(Node::Other(None), Node::from_ast),
            Err(_) => Node::Other(None),
        }
    }

    fn from_ast(v: &ast::Value<'_>) -> Node {
        match v {
            ast::Value::Object(o) => Node::Object(
                o.properties
                    .iter()
                    .map(|p| {
                        let key = match &p.name {
                            ast::ObjectPropName::String(s) => s.value.to_string(),
                            ast::ObjectPropName::Word(w) => w.value.to_owned(),
                        };
                        (key, Node::from_ast(&p.value))
                    })
                    .collect(),
            ),
            ast::Value::StringLit(s) => Node::Other(Some(s.value.to_string())),
            _ => Node::Other(None),
        }
    }

    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            Node::Other(_) => None,
        }
    }

    fn keys(&self) -> Vec<&str> {
        match self {
            Node::Object(members) => members.iter().map(|(k, _)| k.as_str()).collect(),
            Node::Other(_) => Vec::new(),
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Node::Other(s) => s.as_deref(),
            Node::Object(_) => None,
        }
    }
}

struct Printer<'a> {
    schema: &'a Node,
    out: &'a mut String,
}

impl<'a> Printer<'a> {
    /// `node` with every `$ref` (local to the schema, `#/a/b`) followed.
    fn resolve(&self, mut node: &'a Node) -> &'a Node {
        for _ in 0..32 {
            let Some(pointer) = node.get("$ref").and_then(Node::text).and_then(|r| r.strip_prefix("#/")) else { break };
            match pointer.split('/').try_fold(self.schema, |n, part| n.get(part)) {
                Some(target) => node = target,
                None => break,
            }
        }
        node
    }

    fn member_schema(&self, node: Option<&'a Node>, key: &str) -> Option<&'a Node> {
        let node = self.resolve(node?);
        node.get("properties")
            .and_then(|p| p.get(key))
            .or_else(|| node.get("additionalProperties").filter(|a| matches!(a, Node::Object(_))))
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn value(&mut self, v: &ast::Value<'_>, schema: Option<&'a Node>, depth: usize) {
        match v {
            ast::Value::StringLit(s) => self.out.push_str(&serde_json::to_string(s.value.as_ref()).unwrap_or_default()),
            ast::Value::NumberLit(n) => self.out.push_str(n.value),
            ast::Value::BooleanLit(b) => self.out.push_str(if b.value { "true" } else { "false" }),
            ast::Value::NullKeyword(_) => self.out.push_str("null"),
            ast::Value::Array(a) if a.elements.is_empty() => self.out.push_str("[]"),
            ast::Value::Array(a) => {
                let items = schema.map(|s| self.resolve(s)).and_then(|s| s.get("items"));
                self.out.push_str("[\n");
                for (i, e) in a.elements.iter().enumerate() {
                    self.indent(depth + 1);
                    self.value(e, items, depth + 1);
                    self.out.push_str(if i + 1 < a.elements.len() { ",\n" } else { "\n" });
                }
                self.indent(depth);
                self.out.push(']');
            }
            ast::Value::Object(o) if o.properties.is_empty() => self.out.push_str("{}"),
            ast::Value::Object(o) => self.object(o, schema, depth),
        }
    }

    fn object(&mut self, o: &ast::Object<'_>, schema: Option<&'a Node>, depth: usize) {
        let name = |p: &ast::ObjectProp<'_>| match &p.name {
            ast::ObjectPropName::String(s) => s.value.to_string(),
            ast::ObjectPropName::Word(w) => w.value.to_owned(),
        };
        // The schema's order first, then members it does not name (a config schema's properties, a
        // map's keys) sorted, so any two spellings of one document format the same.
        let listed: Vec<&str> =
            schema.map(|s| self.resolve(s)).and_then(|s| s.get("properties")).map(Node::keys).unwrap_or_default();
        let mut props: Vec<(usize, &ast::ObjectProp<'_>)> = o.properties.iter().enumerate().collect();
        props.sort_by_cached_key(|(_, p)| {
            let key = name(p);
            (listed.iter().position(|l| *l == key).unwrap_or(listed.len()), key)
        });
        self.out.push_str("{\n");
        let n = props.len();
        for (k, (_, p)) in props.into_iter().enumerate() {
            let key = name(p);
            self.indent(depth + 1);
            self.out.push_str(&serde_json::to_string(&key).unwrap_or_default());
            self.out.push_str(": ");
            let child = self.member_schema(schema, &key);
            self.value(&p.value, child, depth + 1);
            self.out.push_str(if k + 1 < n { ",\n" } else { "\n" });
        }
        self.indent(depth);
        self.out.push('}');
    }
}

/// What `ocss fmt` did to a registry.
pub struct Outcome {
    /// Files that changed (or, with `check`, would change), as shown.
    pub changed: Vec<String>,
    /// How many files were looked at.
    pub files: usize,
    /// Files that could not be formatted, and why.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read, for rendering the diagnostics.
    pub sources: SourceMap,
}

/// Formats every file of the registry at `root` in place, or with `check` only lists the files that
/// are not in canonical form. Entries the validator refuses (symlinks out, pipes, …) are reported
/// and never read or written.
pub fn format_registry(root: &std::path::Path, check: bool) -> Result<Outcome, crate::pipeline::FatalError> {
    let mut sources = SourceMap::default();
    let shown = |p: &std::path::Path| p.to_string_lossy().replace('\\', "/");
    let found = crate::discover::discover(root, &crate::pipeline::FOLDER_NAMES, &shown, &mut sources)
        .map_err(|crate::discover::Unusable(why)| crate::pipeline::FatalError(why))?;
    let mut outcome = Outcome { changed: Vec::new(), files: 0, diagnostics: found.diagnostics, sources };
    let kinds = crate::pipeline::FOLDER_KINDS;
    let files = found.rules.into_iter().map(|p| (FileKind::Rules, p)).chain(
        found.folders.into_iter().zip(kinds).flat_map(|((_, paths), kind)| paths.into_iter().map(move |p| (kind, p))),
    );
    for (kind, path) in files {
        outcome.files += 1;
        let display = shown(&path);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| crate::pipeline::FatalError(format!("cannot read {display}: {e}")))?;
        match format(&text, kind, display.clone(), &mut outcome.sources) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                if !check {
                    std::fs::write(&path, formatted)
                        .map_err(|e| crate::pipeline::FatalError(format!("cannot write {display}: {e}")))?;
                }
                outcome.changed.push(display);
            }
            Err(diags) => outcome.diagnostics.extend(diags),
        }
    }
    Ok(outcome)
}
