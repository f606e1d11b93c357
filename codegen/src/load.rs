//! Load: bytes to a JSON value that remembers where every value and key came from.
//!
//! This stage knows files and bytes only: the size limit, UTF-8, the byte order mark, nesting depth,
//! strict JSON syntax and duplicate keys (which `serde_json` would silently collapse, losing what a
//! contributor wrote). Its output is a [`Document`]: the `serde_json::Value` plus a span for every
//! JSON pointer, so later stages can turn a pointer into `file:line:col`.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use jsonc_parser::ast;
use serde_json::{Map, Number, Value};

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, SourceMap};

/// Largest registry file accepted. The whole rule registry is well under 1 MiB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting of arrays and objects accepted (the registry needs about 15).
pub const MAX_DEPTH: usize = 64;

/// Where a value sits in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSpan {
    /// The value itself.
    pub value: Range<usize>,
    /// The property name, when the value is an object member.
    pub key: Option<Range<usize>>,
}

/// A parsed file with a span for every JSON pointer in it.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file it came from.
    pub file: FileId,
    /// The parsed value.
    pub value: Value,
    spans: HashMap<String, NodeSpan>,
}

impl Document {
    /// The span of the value at `pointer` (RFC 6901, `""` for the root), or of its closest
    /// existing ancestor, so a diagnostic always has a place.
    pub fn span(&self, pointer: &str) -> Range<usize> {
        self.node(pointer).value.clone()
    }

    /// The span of the key of the member at `pointer`, falling back to its value's span.
    pub fn key_span(&self, pointer: &str) -> Range<usize> {
        let node = self.node(pointer);
        node.key.clone().unwrap_or_else(|| node.value.clone())
    }

    /// The first character of the value at `pointer` (e.g. the `{` of an object missing a field).
    pub fn start_span(&self, pointer: &str) -> Range<usize> {
        let s = self.span(pointer).start;
        s..s + 1
    }

    fn node(&self, pointer: &str) -> &NodeSpan {
        let mut p = pointer;
        loop {
            if let Some(n) = self.spans.get(p) {
                return n;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return &self.spans[""],
            }
        }
    }
}

/// The registry folder for a command run in `start`: the first folder, from `start` upwards, that
/// holds `ocss-rules.json` itself or in a `registry/` subfolder (as cargo finds `Cargo.toml`).
pub fn find_registry(start: &Path) -> Option<std::path::PathBuf> {
    start.ancestors().find_map(|dir| {
        if dir.join("ocss-rules.json").is_file() {
            Some(dir.to_path_buf())
        } else {
            let nested = dir.join("registry");
            nested.join("ocss-rules.json").is_file().then_some(nested)
        }
    })
}

/// Loaded documents by file, for checks that point into them.
#[derive(Debug, Default)]
pub struct Documents {
    docs: std::collections::BTreeMap<FileId, Document>,
}

impl Documents {
    /// Keeps `doc`.
    pub fn insert(&mut self, doc: Document) {
        self.docs.insert(doc.file, doc);
    }

    /// The document loaded from `file`.
    pub fn get(&self, file: FileId) -> Option<&Document> {
        self.docs.get(&file)
    }
}

/// Escapes one reference token of a JSON pointer.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// How whole numbers written as floats (`20.0`, `1e0`, `-0`) are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WholeFloats {
    /// Refused with their position (E0008): registry files spell every number as an integer, so no
    /// later layer (JSON Schema, which calls `20.0` an integer, or serde, which does not) can
    /// disagree about them.
    Reject,
    /// Read as JSON Schema reads them: `120.0` is the integer 120. Policies take this rule, like the
    /// `ocss` crate's typed configs and the generated JSON Schema bundle.
    AsJsonSchema,
}

/// Why a file did not load.
#[derive(Debug)]
pub enum LoadError {
    /// The file is not a registry document; the diagnostics say why.
    Invalid(Vec<Diagnostic>),
    /// The file could not be read at all (an I/O error: exit code 2, not a registry problem).
    Io(String),
}

/// Reads and parses the registry file `path`. When it is not valid, the diagnostics explain why; the
/// file is still added to `sources` so they can show a snippet.
pub fn load_file(path: &Path, display: String, sources: &mut SourceMap) -> Result<Document, LoadError> {
    load_file_with(path, display, sources, WholeFloats::Reject)
}

/// Like [`load_file`], with the given rule for whole numbers written as floats.
pub fn load_file_with(
    path: &Path,
    display: String,
    sources: &mut SourceMap,
    floats: WholeFloats,
) -> Result<Document, LoadError> {
    let bytes = match read_limited(path) {
        Ok(Some(b)) => b,
        Ok(None) => {
            let file = sources.add(display, String::new());
            return Err(LoadError::Invalid(vec![
                Diagnostic::new(
                    Code::FileTooLarge,
                    format!("file is larger than the {} MiB limit", MAX_FILE_BYTES / 1024 / 1024),
                )
                .in_file(file)
                .help("registry files are small; split the content or check that the right file was committed"),
            ]));
        }
        Err(e) => return Err(LoadError::Io(format!("cannot read {display}: {e}"))),
    };
    parse_bytes_with(bytes, display, sources, floats).map_err(LoadError::Invalid)
}

fn read_limited(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let f = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit so an oversized file is detected without reading all of it.
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

/// Parses registry bytes already in memory (used by tests).
pub fn parse_bytes(bytes: Vec<u8>, display: String, sources: &mut SourceMap) -> Result<Document, Vec<Diagnostic>> {
    parse_bytes_with(bytes, display, sources, WholeFloats::Reject)
}

fn parse_bytes_with(
    bytes: Vec<u8>,
    display: String,
    sources: &mut SourceMap,
    floats: WholeFloats,
) -> Result<Document, Vec<Diagnostic>> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            // Nothing of a file refused as text is shown: only where the first invalid byte is.
            let at = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..at];
            let line = 1 + before.iter().filter(|b| **b == b'\n').count();
            let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = 1 + String::from_utf8_lossy(&before[line_start..]).chars().count();
            let file = sources.add(display, String::new());
            return Err(vec![
                Diagnostic::new(
                    Code::NotUtf8,
                    format!("file is not valid UTF-8: invalid byte at line {line}, column {column} (byte {at})"),
                )
                .in_file(file)
                .help("save the file as UTF-8"),
            ]);
        }
    };
    let file = sources.add(display, text);
    let text = &sources.get(file).text;
    if text.starts_with('\u{feff}') {
        return Err(vec![
            Diagnostic::new(Code::ByteOrderMark, "file starts with a UTF-8 byte order mark")
                .at(file, 0..3)
                .help("save the file as UTF-8 without BOM (most editors call it plain `UTF-8`)"),
        ]);
    }
    if let Some(at) = too_deep(text) {
        return Err(vec![
            Diagnostic::new(Code::TooDeep, format!("arrays and objects are nested more than {MAX_DEPTH} levels deep"))
                .at(file, at..at + 1)
                .help(
                    "registry files never need this depth; check for a runaway generator or a missing closing bracket",
                ),
        ]);
    }
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::new(Code::JsonSyntax, "file is empty")
                .at(file, 0..text.len())
                .help("a registry file holds one JSON object; see the schema named in the file kind's docs"),
        ]);
    }
    if let Some((at, c, in_string)) = not_strict_json(text) {
        let name = format!("U+{:04X}", u32::from(c));
        let (message, help) = if in_string {
            (
                format!("raw control character {name} inside a string"),
                "JSON strings spell control characters as escapes: `\\n`, `\\t` or `\\u00XX`",
            )
        } else {
            (
                format!("{name} is not JSON whitespace"),
                "between values JSON allows only space, tab, line feed and carriage return",
            )
        };
        return Err(vec![Diagnostic::new(Code::JsonSyntax, message).at(file, at..at + c.len_utf8()).help(help)]);
    }
    let options = strict_options();
    let parsed = match jsonc_parser::parse_to_ast(text, &Default::default(), &options) {
        Ok(p) => p,
        Err(e) => {
            let r = e.range();
            let span = if r.start == r.end { r.start..r.start + 1 } else { r.start..r.end };
            let kind = e.kind().to_string();
            let mut msg = kind.to_lowercase();
            if msg.ends_with('.') {
                msg.pop();
            }
            return Err(vec![
                Diagnostic::new(Code::JsonSyntax, format!("invalid JSON: {msg}"))
                    .at(file, span)
                    .help("registry files are strict JSON: no comments, no trailing commas, double-quoted strings"),
            ]);
        }
    };
    let Some(root) = parsed.value else {
        return Err(vec![Diagnostic::new(Code::JsonSyntax, "file holds no JSON value").at(file, 0..text.len())]);
    };
    let mut conv = Converter { file, floats, spans: HashMap::new(), diags: Vec::new() };
    let value = conv.convert(&root, String::new(), None);
    if !conv.diags.is_empty() {
        return Err(conv.diags);
    }
    Ok(Document { file, value, spans: conv.spans })
}

/// jsonc-parser set to strict JSON: no comments, trailing commas or any other extension.
pub(crate) fn strict_options() -> jsonc_parser::ParseOptions {
    jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// When the number `literal` has a whole value but is not spelled as a plain integer (`20.0`,
/// `1e0`, `10E-1`, `-0`), that integer's spelling. JSON Schema calls such values integers and serde
/// does not, so the toolchain decides once, here, that a registry writes whole numbers as integers.
fn float_spelled_integer(literal: &str) -> Option<String> {
    let plain = !literal.contains(['.', 'e', 'E']);
    if plain && literal != "-0" {
        return None;
    }
    if plain {
        return Some("0".to_owned());
    }
    let v: f64 = literal.parse().ok()?;
    // Integral values beyond 2^53 cannot be told apart from their neighbours; name them anyway.
    (v.is_finite() && v.fract() == 0.0).then(|| if v == 0.0 { "0".to_owned() } else { format!("{v:.0}") })
}

/// The first character RFC 8259 forbids where it stands, with its offset and whether it is inside a
/// string: whitespace other than space, tab, LF and CR between values (vertical tab, form feed,
/// U+00A0, U+2028, U+3000, … which lenient parsers skip), and raw control characters in strings.
fn not_strict_json(text: &str) -> Option<(usize, char, bool)> {
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                c if u32::from(c) < 0x20 => return Some((i, c, true)),
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            ' ' | '\t' | '\n' | '\r' => {}
            c if c.is_whitespace() || c.is_control() || c == '\u{FEFF}' => return Some((i, c, false)),
            _ => {}
        }
    }
    None
}

/// Returns the offset of the first bracket that goes past [`MAX_DEPTH`], skipping string contents.
fn too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

struct Converter {
    file: FileId,
    floats: WholeFloats,
    spans: HashMap<String, NodeSpan>,
    diags: Vec<Diagnostic>,
}

fn range(r: &jsonc_parser::common::Range) -> Range<usize> {
    r.start..r.end
}

impl Converter {
    fn convert(&mut self, v: &ast::Value<'_>, pointer: String, key: Option<Range<usize>>) -> Value {
        let (value, span) = match v {
            ast::Value::StringLit(s) => (Value::String(s.value.to_string()), range(&s.range)),
            ast::Value::NumberLit(n) => {
                // A JSON number too large for a double (`1e400`) is refused, never turned into null.
                let num = match serde_json::from_str::<Number>(n.value) {
                    Ok(num) => Value::Number(num),
                    Err(_) => {
                        self.diags.push(
                            Diagnostic::new(Code::JsonSyntax, format!("number `{}` is out of range", n.value))
                                .at(self.file, range(&n.range))
                                .help("registry numbers are small integers"),
                        );
                        Value::Null
                    }
                };
                if self.floats == WholeFloats::Reject
                    && let Some(whole) = float_spelled_integer(n.value)
                {
                    self.diags.push(
                        Diagnostic::new(
                            Code::FloatInteger,
                            format!("`{}` is a whole number written as a float", n.value),
                        )
                        .at(self.file, range(&n.range))
                        .help(format!("write `{whole}`: every number in the registry is an integer, spelled as one")),
                    );
                }
                (num, range(&n.range))
            }
            ast::Value::BooleanLit(b) => (Value::Bool(b.value), range(&b.range)),
            ast::Value::NullKeyword(n) => (Value::Null, range(&n.range)),
            ast::Value::Array(a) => {
                let items = a
                    .elements
                    .iter()
                    .enumerate()
                    .map(|(i, e)| self.convert(e, format!("{pointer}/{i}"), None))
                    .collect();
                (Value::Array(items), range(&a.range))
            }
            ast::Value::Object(o) => {
                let mut map = Map::new();
                let mut first_seen: std::collections::HashSet<&str> = Default::default();
                for prop in &o.properties {
                    let (name, key_range) = match &prop.name {
                        ast::ObjectPropName::String(s) => (s.value.as_ref(), range(&s.range)),
                        ast::ObjectPropName::Word(w) => (w.value, range(&w.range)),
                    };
                    if first_seen.contains(name) {
                        self.diags.push(
                            Diagnostic::new(
                                Code::DuplicateKey,
                                format!("key `{name}` appears twice in the same object"),
                            )
                            .at(self.file, key_range.clone())
                            .label("second occurrence")
                            .help("JSON readers keep only one of the two values; merge them into one key"),
                        );
                        continue;
                    }
                    first_seen.insert(name);
                    let child = format!("{pointer}/{}", escape_token(name));
                    let value = self.convert(&prop.value, child, Some(key_range));
                    map.insert(name.to_owned(), value);
                }
                (Value::Object(map), range(&o.range))
            }
        };
        self.spans.insert(pointer, NodeSpan { value: span, key });
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Result<Document, Vec<Diagnostic>>, SourceMap) {
        let mut sources = SourceMap::default();
        let r = parse_bytes(text.as_bytes().to_vec(), "t.json".into(), &mut sources);
        (r, sources)
    }

    #[test]
    fn spans_map_pointers_to_positions() {
        let (doc, sources) = parse("{\n  \"laws\": [\n    {\"id\": \"x\"}\n  ]\n}");
        let doc = doc.expect("valid");
        let f = sources.get(doc.file);
        assert_eq!(f.line_col(doc.span("/laws/0/id").start), (3, 12));
        assert_eq!(f.line_col(doc.key_span("/laws/0/id").start), (3, 6));
        // Unknown pointers fall back to the nearest ancestor.
        assert_eq!(doc.span("/laws/0/missing"), doc.span("/laws/0"));
    }

    #[test]
    fn rejects_duplicate_keys_bom_depth_and_empty() {
        let codes = |t: &str| parse(t).0.err().map(|d| d.iter().map(|d| d.code).collect::<Vec<_>>());
        assert_eq!(codes("{\"a\":1,\"a\":2}"), Some(vec![Code::DuplicateKey]));
        assert_eq!(codes("\u{feff}{}"), Some(vec![Code::ByteOrderMark]));
        assert_eq!(codes(&"[".repeat(100_000)), Some(vec![Code::TooDeep]));
        assert_eq!(codes("  \n"), Some(vec![Code::JsonSyntax]));
        assert_eq!(codes("{\"a\": [1, 2"), Some(vec![Code::JsonSyntax]));
        assert_eq!(codes("{\"a\": 1,}"), Some(vec![Code::JsonSyntax]));
        assert_eq!(codes("{} // c"), Some(vec![Code::JsonSyntax]));
        assert!(codes("{\r\n\"a\": \"[[[[\"\r\n}").is_none());
        for float in ["20.0", "5.0", "1e0", "10E-1", "-0", "2E+1", "-3.00"] {
            assert_eq!(codes(&format!("{{\"a\": {float}}}")), Some(vec![Code::FloatInteger]), "{float}");
        }
        for odd in ["\u{b}", "\u{c}", "\u{a0}", "\u{2028}", "\u{3000}", "\u{85}"] {
            assert_eq!(codes(&format!("{{\"a\":{odd}1}}")), Some(vec![Code::JsonSyntax]), "{odd:?} as whitespace");
        }
        for raw in ["\n", "\u{0}", "\u{1b}[31m", "\t"] {
            assert_eq!(codes(&format!("{{\"a\": \"x{raw}y\"}}")), Some(vec![Code::JsonSyntax]), "{raw:?} in a string");
        }
        assert!(
            codes("{\"a\": \"\\n \\u001b \u{2028} \u{a0}\"}").is_none(),
            "escapes and non-control characters in strings"
        );
        assert_eq!(codes("{\"a\": 1e400}"), Some(vec![Code::JsonSyntax]), "out of range, not null");
        for fine in ["20", "-3", "0", "20.5", "1e-1"] {
            assert!(codes(&format!("{{\"a\": {fine}}}")).is_none(), "{fine}");
        }
    }

    #[test]
    fn rejects_invalid_utf8_at_the_right_byte() {
        let mut sources = SourceMap::default();
        let r = parse_bytes(b"{\"a\": \"\xff\"}".to_vec(), "t.json".into(), &mut sources);
        let d = r.expect_err("invalid");
        assert_eq!(d[0].code, Code::NotUtf8);
        assert!(d[0].message.ends_with("line 1, column 8 (byte 7)"), "{}", d[0].message);
        // Nothing of a file refused as text is kept to be shown.
        assert_eq!(d[0].span, None);
        assert!(sources.get(d[0].file.expect("file")).text.is_empty());
    }
}

#[cfg(test)]
mod find_registry_tests {
    use super::find_registry;

    #[test]
    fn finds_the_registry_from_any_folder_below_the_checkout() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace");
        let registry = root.join("registry");
        assert_eq!(find_registry(root), Some(registry.clone()));
        assert_eq!(find_registry(&registry.join("laws")), Some(registry.clone()));
        assert_eq!(find_registry(&root.join("codegen/src")), Some(registry));
    }
}
