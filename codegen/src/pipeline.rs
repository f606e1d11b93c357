//! The validation pipeline, as a short orchestration of the stages: find the registry files (load),
//! read each one (load), check it against its schema (schema), add it to the model (model), run the
//! semantic checks (check), and hand back everything found in one [`Outcome`].

use std::path::{Path, PathBuf};

use crate::check;
use crate::diag::{self, Code, Diagnostic};
use crate::discover::{self, Unusable};
use crate::load::{self, Document, Documents, LoadError};
use crate::model::{Model, Registry};
use crate::schema::{FileKind, SpecSchemas};
use crate::source::SourceMap;

/// What one validation run produced.
pub struct Outcome {
    /// Every file read.
    pub sources: SourceMap,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The validated registry, present exactly when there are no diagnostics.
    pub registry: Option<Registry>,
    /// The registry as read, when every file was read into the model but checks found problems:
    /// what `ocss diff` compares for an older revision written under earlier rules.
    pub as_read: Option<Registry>,
}

/// Registry subfolders, in the order they are read.
pub const FOLDER_NAMES: [&str; 3] = ["laws", "platforms", "standards"];
/// The kind of file each of [`FOLDER_NAMES`] holds.
pub const FOLDER_KINDS: [FileKind; 3] = [FileKind::Law, FileKind::Platform, FileKind::Standard];

/// A usage or I/O problem that stops the run before validation (exit code 2).
#[derive(Debug)]
pub struct FatalError(pub String);

impl std::fmt::Display for FatalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Validates the registry rooted at `root` (the folder holding `ocss-rules.json`); paths in
/// diagnostics are shown as given.
pub fn validate(root: &Path) -> Result<Outcome, FatalError> {
    validate_as(root, root)
}

/// Like [`validate`], but shows file paths under `shown_root` instead of `root` (tests use this to
/// get the same paths wherever their temporary copy lives).
pub fn validate_as(root: &Path, shown_root: &Path) -> Result<Outcome, FatalError> {
    let shown = |path: &Path| display(&shown_root.join(path.strip_prefix(root).unwrap_or(path)));
    let schemas = SpecSchemas::compile().map_err(FatalError)?;
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let files = registry_files(root, &shown, &mut sources, &mut diags)?;

    let mut model = Model::default();
    let mut docs = Documents::default();
    for (kind, path) in &files {
        match load::load_file(path, shown(path), &mut sources) {
            Ok(doc) => {
                read_document(*kind, &doc, &schemas, &mut model, &mut diags);
                docs.insert(doc);
            }
            Err(LoadError::Invalid(mut d)) => {
                diags.append(&mut d);
                model.skip();
            }
            Err(LoadError::Io(message)) => return Err(FatalError(message)),
        }
    }

    check::run(&model, &docs, &sources, &mut diags);
    diag::sort(&mut diags, &sources);
    diags.dedup();
    let (registry, as_read) = match model.into_registry() {
        Some(reg) if diags.is_empty() => (Some(reg), None),
        read => (None, read),
    };
    Ok(Outcome { sources, diagnostics: diags, registry, as_read })
}

/// Schema-checks one loaded document and adds it to the model. A document the schema rejects is
/// still offered to the model (checks then see what could be read); if the model cannot hold it,
/// that is reported too, unless the schema already explained why.
fn read_document(
    kind: FileKind,
    doc: &Document,
    schemas: &SpecSchemas,
    model: &mut Model,
    diags: &mut Vec<Diagnostic>,
) {
    let schema_diags = schemas.validate(kind, doc);
    let schema_ok = schema_diags.is_empty();
    diags.extend(schema_diags);
    check_schema_ref(kind, doc, diags);
    if let Err(d) = model.insert(kind, doc)
        && schema_ok
    {
        diags.push(d);
    }
}

/// Every registry file with its kind: `ocss-rules.json` first, then each folder's files sorted by
/// name. Entries that do not belong are reported (see [`discover`]), not skipped silently.
fn registry_files(
    root: &Path,
    shown: &dyn Fn(&Path) -> String,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<(FileKind, PathBuf)>, FatalError> {
    let found = discover::discover(root, &FOLDER_NAMES, shown, sources).map_err(|Unusable(why)| FatalError(why))?;
    diags.extend(found.diagnostics);
    let mut files: Vec<(FileKind, PathBuf)> = found.rules.into_iter().map(|p| (FileKind::Rules, p)).collect();
    for (kind, (_, paths)) in FOLDER_KINDS.iter().zip(found.folders) {
        files.extend(paths.into_iter().map(|p| (*kind, p)));
    }
    Ok(files)
}

/// Whether `found` names the kind's schema: `spec/<schema>` reached with at least as many `../` as
/// from the top-level registry. A registry nested deeper (`registry/history/<name>/`) needs more;
/// the path is judged by its text alone, so nothing outside the registry is ever looked at.
fn schema_ref_fits(kind: FileKind, found: &str) -> bool {
    let ups = |s: &str| (s.len() - s.trim_start_matches("../").len()) / 3;
    found.trim_start_matches("../") == format!("spec/{}", kind.schema_file()) && ups(found) >= ups(kind.schema_ref())
}

fn check_schema_ref(kind: FileKind, doc: &Document, diags: &mut Vec<Diagnostic>) {
    if let Some(found) = doc.value.get("$schema").and_then(|v| v.as_str())
        && !schema_ref_fits(kind, found)
    {
        diags.push(
            Diagnostic::new(Code::WrongSchemaRef, format!("`$schema` is `{found}`, not this file kind's schema"))
                .at(doc.file, doc.span("/$schema"))
                .help(format!(
                    "set `\"$schema\": \"{}\"` so editors check the file against the right schema",
                    kind.schema_ref()
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_refs_are_judged_by_their_text() {
        assert!(schema_ref_fits(FileKind::Law, "../../spec/law.schema.json"));
        assert!(schema_ref_fits(FileKind::Law, "../../../../spec/law.schema.json"), "a nested registry");
        assert!(schema_ref_fits(FileKind::Rules, "../../../spec/ocss-rules.schema.json"));
        assert!(!schema_ref_fits(FileKind::Law, "../spec/law.schema.json"), "too shallow");
        assert!(!schema_ref_fits(FileKind::Law, "../../spec/platform.schema.json"), "another kind");
        assert!(!schema_ref_fits(FileKind::Law, "../../other/spec/law.schema.json"));
        assert!(!schema_ref_fits(FileKind::Law, "./../../spec/law.schema.json"));
    }
}
