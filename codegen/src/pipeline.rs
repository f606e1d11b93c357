//! The validation pipeline: find the registry files, load them, check them against their schemas,
//! build the model, run the semantic checks, and hand back everything found in one [`Outcome`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::check;
use crate::diag::{self, Code, Diagnostic};
use crate::load::{self, Document};
use crate::model::{Model, Registry};
use crate::schema::{FileKind, SpecSchemas};
use crate::source::{FileId, SourceMap};

/// What one validation run produced.
pub struct Outcome {
    /// Every file read.
    pub sources: SourceMap,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The validated registry, present exactly when there are no diagnostics.
    pub registry: Option<Registry>,
}

/// Loaded documents by file, for checks that point into them.
pub struct Documents {
    docs: BTreeMap<FileId, Document>,
}

impl Documents {
    /// The document loaded from `file`.
    pub fn get(&self, file: FileId) -> Option<&Document> {
        self.docs.get(&file)
    }
}

/// Registry subfolders and the kind of file each holds.
const FOLDERS: [(&str, FileKind); 3] =
    [("laws", FileKind::Law), ("platforms", FileKind::Platform), ("standards", FileKind::Standard)];

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

/// Lists the files of one registry folder, sorted by name; a missing folder is an empty one.
fn list_folder(dir: &Path) -> Result<Vec<PathBuf>, FatalError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| FatalError(format!("cannot read folder {}: {e}", display(dir))))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| FatalError(format!("cannot read folder {}: {e}", display(dir))))?;
        paths.push(entry.path());
    }
    paths.sort();
    Ok(paths)
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
    let rules_path = root.join("ocss-rules.json");
    if !root.is_dir() {
        return Err(FatalError(format!("registry folder {} does not exist", display(root))));
    }
    if !rules_path.is_file() {
        return Err(FatalError(format!(
            "{} is missing: a registry folder holds ocss-rules.json",
            display(&rules_path)
        )));
    }

    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let mut docs = BTreeMap::new();
    let mut files: Vec<(FileKind, PathBuf)> = vec![(FileKind::Rules, rules_path)];
    for (folder, kind) in FOLDERS {
        for path in list_folder(&root.join(folder))? {
            if path.is_file() && path.extension().is_some_and(|e| e == "json") {
                files.push((kind, path));
            } else {
                let file = sources.add(shown(&path), String::new());
                diags.push(
                    Diagnostic::new(
                        Code::UnexpectedFile,
                        format!("unexpected entry in `{folder}/`: only `.json` files belong here"),
                    )
                    .in_file(file)
                    .help("move notes and drafts out of the registry folders, or give the file a `.json` name"),
                );
            }
        }
    }

    let mut model = Model::default();
    for (kind, path) in &files {
        let doc = match load::load_file(path, shown(path), &mut sources) {
            Ok(doc) => doc,
            Err(mut d) => {
                diags.append(&mut d);
                model.unloaded += 1;
                continue;
            }
        };
        diags.extend(schemas.validate(*kind, &doc));
        check_schema_ref(*kind, &doc, &mut diags);
        let file = doc.file;
        match kind {
            FileKind::Rules => {
                model.rules = deserialize(&doc, &mut model.unloaded).map(|mut r: crate::model::Rules| {
                    r.file = Some(file);
                    r
                })
            }
            FileKind::Law => {
                model.laws.extend(deserialize(&doc, &mut model.unloaded).map(|mut l: crate::model::Law| {
                    l.file = Some(file);
                    l
                }))
            }
            FileKind::Platform => {
                model.platforms.extend(deserialize(&doc, &mut model.unloaded).map(|mut p: crate::model::Platform| {
                    p.file = Some(file);
                    p
                }))
            }
            FileKind::Standard => {
                model.standards.extend(deserialize(&doc, &mut model.unloaded).map(|mut s: crate::model::Standard| {
                    s.file = Some(file);
                    s
                }))
            }
        }
        docs.insert(file, doc);
    }

    let documents = Documents { docs };
    check::run(&model, &documents, &sources, &mut diags);
    diag::sort(&mut diags, &sources);
    diags.dedup();

    let registry = match (diags.is_empty(), model.rules) {
        (true, Some(rules)) => {
            let mut laws = model.laws;
            laws.sort_by(|a, b| a.id.cmp(&b.id));
            let mut platforms = model.platforms;
            platforms.sort_by(|a, b| a.id.cmp(&b.id));
            let mut standards = model.standards;
            standards.sort_by(|a, b| a.id.cmp(&b.id));
            Some(Registry { rules, laws, platforms, standards })
        }
        _ => None,
    };
    Ok(Outcome { sources, diagnostics: diags, registry })
}

/// The model of a document, or `None` (counted in `unloaded`) when the schema layer already
/// reported why it does not fit.
fn deserialize<T: DeserializeOwned>(doc: &Document, unloaded: &mut usize) -> Option<T> {
    let item = serde_json::from_value(doc.value.clone()).ok();
    if item.is_none() {
        *unloaded += 1;
    }
    item
}

fn check_schema_ref(kind: FileKind, doc: &Document, diags: &mut Vec<Diagnostic>) {
    if let Some(found) = doc.value.get("$schema").and_then(|v| v.as_str())
        && found != kind.schema_ref()
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
