//! Diagnostics: the error codes, the `Diagnostic` value every stage produces, and its three renderings
//! (human with caret snippets, stable JSON, GitHub Actions annotations).

use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use serde::Serialize;

use crate::source::{FileId, SourceMap};
use crate::table::escape_controls;

/// Every error class the validator can report. Codes are stable: tools and docs refer to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // Load: bytes and syntax.
    /// The file is larger than the size limit.
    FileTooLarge,
    /// The file is not valid UTF-8.
    NotUtf8,
    /// The file starts with a byte order mark.
    ByteOrderMark,
    /// The file is not valid JSON (empty, truncated, stray characters, comments...).
    JsonSyntax,
    /// An object has the same key twice.
    DuplicateKey,
    /// Arrays or objects are nested deeper than the limit.
    TooDeep,
    /// A file in a registry folder is not a `.json` file.
    UnexpectedFile,
    /// A whole number written as a float (`20.0`, `1e0`, `-0`): registry numbers are integer tokens.
    FloatInteger,
    /// A registry folder (`laws/`, `platforms/`, `standards/`) is missing.
    MissingFolder,
    /// An entry that is not a regular file inside the registry: a symlink leaving it, a dangling
    /// symlink, a named pipe, a device, or a folder where a file belongs.
    NotARegularFile,
    /// The registry holds more files, or more bytes, than the limits.
    RegistryTooLarge,
    // Schema layer.
    /// A field that the schema does not define.
    UnknownField,
    /// A required field is missing.
    MissingField,
    /// A value has the wrong JSON type.
    WrongType,
    /// A value is outside the allowed set, range, length or pattern.
    InvalidValue,
    /// Any other schema violation.
    SchemaViolation,
    /// A category's `config_schema` is not a usable JSON Schema.
    InvalidConfigSchema,
    /// `$schema` does not point at the file kind's schema.
    WrongSchemaRef,
    /// A value the schema accepts but the toolchain's model cannot hold.
    ModelMismatch,
    // Semantic layer.
    /// Two items of one kind share an id.
    DuplicateId,
    /// A law, platform or standard file's `id` differs from its file name.
    IdFileNameMismatch,
    /// A reference to a category that does not exist.
    UnknownCategory,
    /// A reference to a domain, capability, service or law that does not exist.
    UnknownReference,
    /// A category no capability and no service covers.
    UnroutableCategory,
    /// A category claimed by two services (or two capabilities).
    AmbiguousRoute,
    /// A capability or service that covers no category.
    EmptyCapability,
    /// A domain with no category.
    EmptyDomain,
    /// An example config that its category's schema rejects.
    InvalidExample,
    /// A standard pack rule whose config its category's schema rejects.
    InvalidStandardConfig,
    /// An age default whose config its category's schema rejects.
    InvalidDefault,
    /// Age defaults that leave an age uncovered or cover it twice.
    DefaultCoverage,
    /// The registry version is not semantic versioning.
    InvalidVersion,
    /// A category no law cites, without an `uncited_reason`; or a reason where a law cites it.
    CitationMismatch,
    /// A category whose `status` disagrees with the laws that cite it.
    StatusMismatch,
    /// A law whose id, country and subdivision disagree.
    JurisdictionMismatch,
    /// Dates out of order, or statuses that contradict each other.
    InconsistentDates,
    /// An age range whose lower bound is not below its upper bound.
    InvalidAgeRange,
    /// A `manual_step` placeholder that names no config field.
    UnknownPlaceholder,
    /// A `since` newer than the registry version.
    SinceAfterVersion,
    /// A config schema that lists a required property it does not define.
    RequiredNotDefined,
    /// The same item listed twice in one list.
    DuplicateEntry,
    /// A category's `since` and its evidence disagree (PCSS 1.0 ids are exactly the `since` 1.0 ones).
    EvidenceMismatch,
    /// A law's enactment status, enforcement status and events contradict each other.
    StatusContradiction,
    /// A law or standard pack cites a deprecated category.
    DeprecatedCitation,
    /// A law's duty names no provision (and gives no reason), or both.
    MissingProvision,
    /// A duty's `enjoined` mark disagrees with the court events that reach it, or an event reaches
    /// a category the law does not require.
    EnjoinedMismatch,
    /// A law's status or dates contradict the registry's `reviewed` date.
    StaleStatus,
    /// A fact source whose pointer names nothing in the file, or names it twice.
    UnknownSourcePointer,
    /// A category's evidence disagrees with the laws that cite it.
    EvidenceCitation,
    /// A platform duty whose defaults vary with strictness.
    DutyDefaultVaries,
    /// An age default weaker than what a citing law requires, or a requirement that is not a schema.
    DefaultBelowLaw,
    /// A law's citation URL is a site's home page or a search, not the text.
    CitationUrl,
}

impl Code {
    /// The stable code, e.g. `E0202`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::FileTooLarge => "E0001",
            Code::NotUtf8 => "E0002",
            Code::ByteOrderMark => "E0003",
            Code::JsonSyntax => "E0004",
            Code::DuplicateKey => "E0005",
            Code::TooDeep => "E0006",
            Code::UnexpectedFile => "E0007",
            Code::FloatInteger => "E0008",
            Code::MissingFolder => "E0009",
            Code::NotARegularFile => "E0010",
            Code::RegistryTooLarge => "E0011",
            Code::UnknownField => "E0101",
            Code::MissingField => "E0102",
            Code::WrongType => "E0103",
            Code::InvalidValue => "E0104",
            Code::SchemaViolation => "E0105",
            Code::InvalidConfigSchema => "E0110",
            Code::WrongSchemaRef => "E0111",
            Code::ModelMismatch => "E0112",
            Code::DuplicateId => "E0200",
            Code::IdFileNameMismatch => "E0201",
            Code::UnknownCategory => "E0202",
            Code::UnknownReference => "E0203",
            Code::UnroutableCategory => "E0204",
            Code::AmbiguousRoute => "E0205",
            Code::EmptyCapability => "E0206",
            Code::EmptyDomain => "E0207",
            Code::InvalidExample => "E0208",
            Code::InvalidStandardConfig => "E0209",
            Code::InvalidDefault => "E0210",
            Code::DefaultCoverage => "E0211",
            Code::InvalidVersion => "E0212",
            Code::CitationMismatch => "E0213",
            Code::StatusMismatch => "E0214",
            Code::JurisdictionMismatch => "E0215",
            Code::InconsistentDates => "E0216",
            Code::InvalidAgeRange => "E0217",
            Code::UnknownPlaceholder => "E0218",
            Code::SinceAfterVersion => "E0219",
            Code::RequiredNotDefined => "E0220",
            Code::DuplicateEntry => "E0221",
            Code::EvidenceMismatch => "E0222",
            Code::StatusContradiction => "E0223",
            Code::DeprecatedCitation => "E0224",
            Code::MissingProvision => "E0225",
            Code::EnjoinedMismatch => "E0226",
            Code::StaleStatus => "E0227",
            Code::UnknownSourcePointer => "E0228",
            Code::EvidenceCitation => "E0229",
            Code::DutyDefaultVaries => "E0230",
            Code::DefaultBelowLaw => "E0231",
            Code::CitationUrl => "E0232",
        }
    }
}

/// One problem found in the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The error class.
    pub code: Code,
    /// What is wrong: lowercase, no final period, user input in backticks.
    pub message: String,
    /// Where, when the problem has a place in a file.
    pub file: Option<FileId>,
    /// Byte range inside the file.
    pub span: Option<Range<usize>>,
    /// Label under the caret.
    pub label: Option<String>,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no location yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic { code, message: message.into(), file: None, span: None, label: None, help: None }
    }

    /// Places the diagnostic at `span` in `file`.
    pub fn at(mut self, file: FileId, span: Range<usize>) -> Self {
        self.file = Some(file);
        self.span = Some(span);
        self
    }

    /// Places the diagnostic in `file`, without a span.
    pub fn in_file(mut self, file: FileId) -> Self {
        self.file = Some(file);
        self
    }

    /// Adds a `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a label under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// Output formats of `ocss validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Caret snippets for people.
    Human,
    /// A stable JSON array for scripts.
    Json,
    /// GitHub Actions `::error` annotations.
    Github,
}

/// Sorts diagnostics by file, position, then code, so every run prints the same order.
pub fn sort(diags: &mut [Diagnostic], sources: &SourceMap) {
    // Keys are built once per diagnostic, not once per comparison.
    diags.sort_by_cached_key(|d| {
        (d.file.map(|f| sources.get(f).path.clone()), d.span.as_ref().map(|s| s.start), d.code, d.message.clone())
    });
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    /// Escaped like every other output: a stranger's text may be printed by whoever reads the JSON.
    message: String,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    help: Option<String>,
}

/// Renders diagnostics in the chosen format.
pub fn render(diags: &[Diagnostic], sources: &SourceMap, format: Format) -> String {
    match format {
        Format::Human => render_human(diags, sources),
        Format::Json => render_json(diags, sources),
        Format::Github => render_github(diags, sources),
    }
}

/// A copy of `text` safe to print on a terminal: every control character but line breaks and tabs,
/// and every bidi control, becomes a visible character of the same UTF-8 length, so byte spans still
/// point at the same places and a registry file cannot drive the terminal through a snippet.
fn printable(text: &str) -> String {
    let mut chars = text.chars().peekable();
    let mut out = String::with_capacity(text.len());
    while let Some(c) = chars.next() {
        out.push(match c {
            // A CR that ends a CRLF line stays; a lone CR would return the cursor and hide text.
            '\r' if chars.peek() == Some(&'\n') => c,
            '\n' | '\t' => c,
            c if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') => {
                match c.len_utf8() {
                    1 => '?',
                    2 => '¿',
                    _ => '\u{FFFD}',
                }
            }
            c => c,
        });
    }
    out
}

fn render_human(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = sources.iter().map(|f| files.add(escape_controls(&f.path), printable(&f.text))).collect();
    let config = Config::default();
    let mut out = String::new();
    for d in diags {
        let message = escape_controls(&d.message);
        let mut cs = CsDiagnostic::error().with_code(d.code.as_str()).with_message(&message);
        match (d.file, &d.span) {
            (Some(f), Some(span)) => {
                let label = Label::primary(ids[f.0], span.clone());
                cs = cs.with_labels(vec![match &d.label {
                    Some(l) => label.with_message(escape_controls(l)),
                    None => label,
                }]);
            }
            (Some(f), None) => {
                cs = cs.with_notes(vec![format!("in {}", escape_controls(&sources.get(f).path))]);
            }
            _ => {}
        }
        if let Some(help) = &d.help {
            cs.notes.push(format!("help: {}", escape_controls(help)));
        }
        match term::emit_into_string(&config, &files, &cs) {
            Ok(s) => out.push_str(&s),
            // A span that no longer fits its file is a bug in a check; still say what is wrong.
            Err(_) => {
                let _ = writeln!(out, "error[{}]: {message}", d.code.as_str());
            }
        }
    }
    out
}

fn render_json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let items: Vec<JsonDiagnostic<'_>> = diags
        .iter()
        .map(|d| {
            let file = d.file.map(|f| sources.get(f));
            let start = file.zip(d.span.as_ref()).map(|(f, s)| f.line_col(s.start));
            let end = file.zip(d.span.as_ref()).map(|(f, s)| f.line_col(s.end));
            JsonDiagnostic {
                code: d.code.as_str(),
                severity: "error",
                message: escape_controls(&d.message),
                file: file.map(|f| f.path.as_str()),
                line: start.map(|p| p.0),
                column: start.map(|p| p.1),
                end_line: end.map(|p| p.0),
                end_column: end.map(|p| p.1),
                help: d.help.as_deref().map(escape_controls),
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned());
    s.push('\n');
    s
}

/// GitHub annotation values must not contain raw newlines or `%`, `:` and `,` in properties.
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn render_github(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        let mut props = Vec::new();
        if let Some(f) = d.file.map(|f| sources.get(f)) {
            props.push(format!("file={}", gh_escape(&escape_controls(&f.path), true)));
            if let Some(span) = &d.span {
                let (line, col) = f.line_col(span.start);
                let (end_line, end_col) = f.line_col(span.end);
                props.push(format!("line={line},col={col},endLine={end_line},endColumn={end_col}"));
            }
        }
        props.push(format!("title={}", gh_escape(d.code.as_str(), true)));
        let mut msg = escape_controls(&d.message);
        if let Some(help) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(&escape_controls(help));
        }
        let _ = writeln!(out, "::error {}::{}", props.join(","), gh_escape(&msg, false));
    }
    out
}
