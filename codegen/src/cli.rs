//! Command-line interface: argument parsing and printing. It decides nothing; the library does.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diag::{self, Format};
use crate::emit;
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
    /// Write every generated artifact (the `ocss` crate's generated modules, the capability matrix,
    /// the config schema bundle) from a valid registry.
    ///
    /// Exit status: 0 when the files are written (or, with --check, fresh); 1 when the registry is
    /// invalid or, with --check, a file is stale or missing; 2 on usage or I/O errors.
    Generate {
        /// Folder holding ocss-rules.json and the laws/, platforms/ and standards/ folders.
        #[arg(long, default_value = "registry", value_name = "DIR")]
        registry: PathBuf,
        /// Root the artifact paths (generated/...) are relative to.
        #[arg(long, default_value = ".", value_name = "DIR")]
        out: PathBuf,
        /// Compare instead of writing: fail when a committed file differs from what would be written.
        #[arg(long)]
        check: bool,
    },
    /// Split a policy's rules between a family's platforms and the fallback services.
    ///
    /// Each enabled rule goes to every connected platform that enforces its category natively,
    /// otherwise once to its fallback service; disabled and unroutable rules are listed, never dropped.
    #[cfg(feature = "engine")]
    Route {
        /// A connected platform id (repeat for a family with several).
        #[arg(long = "platform", required = true, value_name = "ID")]
        platforms: Vec<String>,
        /// Policy file: `{"rules": [...]}` or a bare array of `{"category", "enabled", "config"}` rules.
        #[arg(long, value_name = "FILE")]
        policy: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::engine::ReportFormat::Table)]
        format: crate::engine::ReportFormat,
    },
    /// Which laws a family's platforms (plus the fallback services) cover, and the gaps.
    #[cfg(feature = "engine")]
    Compliance {
        /// A connected platform id (repeat for a family with several).
        #[arg(long = "platform", required = true, value_name = "ID")]
        platforms: Vec<String>,
        /// Show one law category by category (id or former id).
        #[arg(long, value_name = "ID")]
        law: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::engine::ReportFormat::Table)]
        format: crate::engine::ReportFormat,
    },
    /// Everything the registry knows about a category, law, platform, capability, service or domain.
    Explain {
        /// The id to explain.
        id: String,
        /// Folder holding ocss-rules.json and the laws/, platforms/ and standards/ folders.
        #[arg(long, default_value = "registry", value_name = "DIR")]
        registry: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The main job: validate the registry, check that generated files are fresh, print a summary.
    ///
    /// Exit status: 0 when valid and fresh, 1 otherwise, 2 on usage or I/O errors.
    Check {
        /// Folder holding ocss-rules.json and the laws/, platforms/ and standards/ folders.
        #[arg(long, default_value = "registry", value_name = "DIR")]
        registry: PathBuf,
        /// Root the artifact paths (generated/...) are relative to.
        #[arg(long, default_value = ".", value_name = "DIR")]
        out: PathBuf,
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
        Command::Generate { registry, out: root, check } => generate(&registry, &root, check, out, err),
        #[cfg(feature = "engine")]
        Command::Route { platforms, policy, format } => {
            let ps = match crate::engine::platforms(&platforms) {
                Ok(p) => p,
                Err(e) => return usage(err, &e),
            };
            match crate::engine::read_policy(&policy) {
                Ok(rules) => {
                    let _ = write!(out, "{}", crate::engine::route_report(&ps, &rules, format));
                    EXIT_OK
                }
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    EXIT_INVALID
                }
            }
        }
        #[cfg(feature = "engine")]
        Command::Compliance { platforms, law, format } => {
            let ps = match crate::engine::platforms(&platforms) {
                Ok(p) => p,
                Err(e) => return usage(err, &e),
            };
            match crate::engine::compliance_report(&ps, law.as_deref(), format) {
                Ok(text) => {
                    let _ = write!(out, "{text}");
                    EXIT_OK
                }
                Err(e) => usage(err, &e),
            }
        }
        Command::Explain { id, registry, json } => {
            let reg = match load_valid(&registry, err) {
                Ok(r) => r,
                Err(code) => return code,
            };
            match crate::explain::find(&reg, &id) {
                Ok(subject) if json => {
                    let v = crate::explain::json(&reg, &subject);
                    let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                    EXIT_OK
                }
                Ok(subject) => {
                    let _ = write!(out, "{}", crate::explain::human(&reg, &subject));
                    EXIT_OK
                }
                Err(near) if near.is_empty() => usage(err, &format!("`{id}` names nothing in the registry")),
                Err(near) => usage(
                    err,
                    &format!(
                        "`{id}` names nothing in the registry; did you mean {}?",
                        near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or ")
                    ),
                ),
            }
        }
        Command::Check { registry, out: root } => {
            let code = validate(&registry, Format::Human, out, err);
            if code != EXIT_OK {
                return code;
            }
            generate(&registry, &root, true, out, err)
        }
    }
}

fn usage(err: &mut dyn Write, msg: &str) -> u8 {
    let _ = writeln!(err, "error: {msg}");
    EXIT_USAGE
}

/// Loads a registry that must be valid, printing its problems otherwise.
fn load_valid(root: &std::path::Path, err: &mut dyn Write) -> Result<Registry, u8> {
    let outcome = pipeline::validate(root).map_err(|FatalError(msg)| {
        let _ = writeln!(err, "error: {msg}");
        EXIT_USAGE
    })?;
    match outcome.registry {
        Some(reg) => Ok(reg),
        None => {
            let _ = write!(err, "{}", diag::render(&outcome.diagnostics, &outcome.sources, Format::Human));
            let _ = writeln!(err, "error: registry is invalid; run `ocss validate` and fix it before generating");
            Err(EXIT_INVALID)
        }
    }
}

fn generate(
    registry: &std::path::Path,
    root: &std::path::Path,
    check: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let reg = match load_valid(registry, err) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let artifacts = match emit::all(&reg) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "error: cannot generate: {e}");
            return EXIT_INVALID;
        }
    };
    if check {
        let drift = emit::check(&artifacts, root);
        if drift.is_clean() {
            let _ = writeln!(out, "ok: {} generated files are up to date", artifacts.len());
            return EXIT_OK;
        }
        for p in &drift.stale {
            let _ = writeln!(err, "stale: {p}");
        }
        for p in &drift.missing {
            let _ = writeln!(err, "missing: {p}");
        }
        let _ = writeln!(
            err,
            "error: {} generated file(s) differ from the registry; run `{}` and commit the result",
            drift.stale.len() + drift.missing.len(),
            emit::REGENERATE
        );
        return EXIT_INVALID;
    }
    match emit::write(&artifacts, root) {
        Ok(written) => {
            for p in &written {
                let _ = writeln!(out, "wrote {p}");
            }
            let _ = writeln!(out, "ok: {} generated files, {} changed", artifacts.len(), written.len());
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "error: cannot write generated files: {e}");
            EXIT_USAGE
        }
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
