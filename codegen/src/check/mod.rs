//! Semantic checks: small functions over the model, one concern per module, each with its error
//! codes. They never stop at the first problem and never print; they only push diagnostics.

mod configs;
mod defaults;
mod duties;
mod evidence;
mod ids;
mod laws;
mod lifecycle;
mod review;
mod routing;

use crate::diag::Diagnostic;
use crate::load::Documents;
use crate::model::Model;
use crate::source::{FileId, SourceMap};

/// Where checks send what they find, with the documents to place it.
pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    pub sources: &'a SourceMap,
    docs: &'a Documents,
    out: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// Reports `d` at the value `pointer` of `file`.
    pub fn at(&mut self, file: Option<FileId>, pointer: &str, d: Diagnostic) {
        self.push(file, pointer, false, d);
    }

    /// Reports `d` at the key of the member `pointer` of `file`.
    pub fn at_key(&mut self, file: Option<FileId>, pointer: &str, d: Diagnostic) {
        self.push(file, pointer, true, d);
    }

    fn push(&mut self, file: Option<FileId>, pointer: &str, key: bool, d: Diagnostic) {
        let placed = match file.and_then(|f| self.docs.get(f)) {
            Some(doc) => {
                let span = if key { doc.key_span(pointer) } else { doc.span(pointer) };
                d.at(doc.file, span)
            }
            None => d,
        };
        self.out.push(placed);
    }

    /// The file of `ocss-rules.json`, when it loaded.
    pub fn rules_file(&self) -> Option<FileId> {
        self.model.rules.as_ref().and_then(|r| r.file)
    }

    /// Whether `pointer` names a value in `file`.
    pub fn resolves(&self, file: Option<FileId>, pointer: &str) -> bool {
        file.and_then(|f| self.docs.get(f)).is_some_and(|d| d.value.pointer(pointer).is_some())
    }

    /// Forwards diagnostics that are already placed.
    pub fn extend(&mut self, diags: Vec<Diagnostic>) {
        self.out.extend(diags);
    }
}

/// Runs every check.
pub fn run(model: &Model, docs: &Documents, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let mut ctx = Ctx { model, sources, docs, out };
    ids::check(&mut ctx);
    routing::check(&mut ctx);
    configs::check(&mut ctx);
    defaults::check(&mut ctx);
    laws::check(&mut ctx);
    duties::check(&mut ctx);
    evidence::check(&mut ctx);
    review::check(&mut ctx);
    lifecycle::check(&mut ctx);
}
