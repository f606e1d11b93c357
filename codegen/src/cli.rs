//! Command-line interface: argument parsing and printing. It decides nothing; the library does.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diag::{self, Format};
use crate::model::Registry;
use crate::pipeline::{self, FatalError};

/// Exit code: the registry is valid.
pub const EXIT_OK: u8 = 0;
/// Exit code: the registry has errors.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// The OCSS toolchain: validates the Open Child Safety Spec registry and generates its artifacts.
#[derive(Debug, Parser)]
#[command(name = "ocss", version, about, long_about = None, disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every registry file against its schema and the cross-reference rules.
    ///
    /// Exit status: 0 when the registry is valid, 1 when it has errors, 2 on usage or I/O errors.
    Validate {
        /// Folder holding ocss-rules.json and the laws/, platforms/ and standards/ folders.
        #[arg(long, default_value = "registry", value_name = "DIR")]
        registry: PathBuf,
        /// How to print problems: `human` (caret snippets), `json` (stable array), `github` (annotations).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Runs the command line `args` (including the program name); returns the process exit code.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = write!(err, "{text}");
                EXIT_USAGE
            } else {
                let _ = write!(out, "{text}");
                EXIT_OK
            };
        }
    };
    match cli.command {
        Command::Validate { registry, format } => validate(&registry, format, out, err),
    }
}

fn validate(root: &std::path::Path, format: Format, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let outcome = match pipeline::validate(root) {
        Ok(o) => o,
        Err(FatalError(msg)) => {
            let _ = writeln!(err, "error: {msg}");
            return EXIT_USAGE;
        }
    };
    let rendered = diag::render(&outcome.diagnostics, &outcome.sources, format);
    match (&outcome.registry, format) {
        (Some(reg), Format::Human) => {
            let _ = writeln!(out, "{}", summary(reg));
            EXIT_OK
        }
        (Some(_), _) => {
            let _ = write!(out, "{rendered}");
            EXIT_OK
        }
        (None, Format::Human) => {
            let files: std::collections::BTreeSet<_> = outcome.diagnostics.iter().filter_map(|d| d.file).collect();
            let _ = write!(err, "{rendered}");
            let n = outcome.diagnostics.len();
            let _ = writeln!(
                err,
                "error: registry is invalid: {n} problem{} in {} file{}",
                if n == 1 { "" } else { "s" },
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            );
            EXIT_INVALID
        }
        (None, _) => {
            let _ = write!(out, "{rendered}");
            EXIT_INVALID
        }
    }
}

/// The one-line summary of a valid registry.
pub fn summary(reg: &Registry) -> String {
    let r = &reg.rules;
    format!(
        "ok: OCSS registry {}: {} categories in {} domains, {} capabilities, {} services, {} laws, {} platforms, {} standards",
        r.version,
        r.categories.len(),
        r.domains.len(),
        r.capabilities.len(),
        r.services.len(),
        reg.laws.len(),
        reg.platforms.len(),
        reg.standards.len()
    )
}
