//! Queries over a loaded, valid registry: `route`, `compliance` and `explain`. They read the model of
//! the registry the user names (never tables compiled into the binary), and hand the reference
//! engine (`ocss-engine`) tables built from it, so a contributor sees the effect of an edit before
//! regenerating anything.

pub mod compliance;
pub mod diff;
pub mod explain;
pub mod migrate;
pub mod policy;
pub mod revision;
pub mod route;
mod tables;

pub use tables::{CategoryBits, EngineTables, PlatformView};

/// 64-bit words in the toolchain's category sets: it reads registries of up to
/// [`MAX_CATEGORIES`] categories (the generated crate sizes its own sets to its registry).
pub const TOOL_WORDS: usize = 16;
/// The most categories a registry may hold for the toolchain.
pub const MAX_CATEGORIES: usize = 64 * TOOL_WORDS;

/// Output formats of `route` and `compliance`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns for an 80-column terminal.
    Table,
    /// Stable JSON.
    Json,
    /// A Markdown table.
    Md,
}

/// A query that cannot be answered as asked (exit code 2): an unknown id, with the closest ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownId {
    /// What kind of id.
    pub kind: &'static str,
    /// What was given.
    pub input: String,
    /// The closest ids that exist.
    pub near: Vec<String>,
}

impl UnknownId {
    /// `input` names no `kind` among `known`.
    pub fn new<'a>(kind: &'static str, input: &str, known: impl Iterator<Item = &'a str>) -> Self {
        let near = crate::suggest::closest(input, known, 3).into_iter().map(str::to_owned).collect();
        UnknownId { kind, input: input.to_owned(), near }
    }
}

impl std::fmt::Display for UnknownId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} `{}`", self.kind, crate::table::escape_controls(&self.input))?;
        if !self.near.is_empty() {
            let names: Vec<String> = self.near.iter().map(|n| format!("`{n}`")).collect();
            write!(f, "; did you mean {}?", names.join(" or "))?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownId {}
