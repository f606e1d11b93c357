//! Command-line interface: argument parsing and printing. It decides nothing; the library does.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use std::path::Path;

use crate::diag::{self, Format};
use crate::emit;
use crate::load;
use crate::model::Registry;
use crate::pipeline::{self, FatalError};
use crate::query::{self, EngineTables, ReportFormat, explain};

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
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
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
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
        /// Root the artifact paths (generated/...) are relative to [default: the folder holding the registry folder]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Compare instead of writing: fail when a committed file differs from what would be written.
        #[arg(long)]
        check: bool,
    },
    /// Split a policy's rules between a family's platforms and the fallback services.
    ///
    /// Each enabled rule goes to every connected platform that enforces its category natively,
    /// otherwise once to its fallback service; disabled and unroutable rules are listed, never dropped.
    /// Answers from the registry folder as it is now, before any regeneration.
    Route {
        /// A connected platform id (repeat for a family with several).
        #[arg(long = "platform", required = true, value_name = "ID")]
        platforms: Vec<String>,
        /// Policy file: `{"rules": [...]}` or a bare array of `{"category", "enabled", "config"}` rules.
        #[arg(long, value_name = "FILE")]
        policy: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
    },
    /// Which laws a family's platforms (plus the fallback services) cover, and the gaps.
    Compliance {
        /// A connected platform id (repeat for a family with several).
        #[arg(long = "platform", required = true, value_name = "ID")]
        platforms: Vec<String>,
        /// Show one law category by category (id or former id).
        #[arg(long, value_name = "ID")]
        law: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
    },
    /// Everything the registry knows about a category, law, platform, capability, service or domain.
    Explain {
        /// The id to explain.
        id: String,
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Rewrite every registry file in canonical form (members in schema order, two-space indent, LF,
    /// final newline) without changing any value.
    ///
    /// Exit status: 0 when formatted (or, with --check, already canonical); 1 when a file would change
    /// or cannot be formatted; 2 on usage or I/O errors.
    Fmt {
        /// Change nothing: list the files that are not in canonical form.
        #[arg(long)]
        check: bool,
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
    },
    /// Compare two registries: every change under a stable rule id with the version bump it needs.
    ///
    /// Exit status: 0, or 1 with --check-version when the `version` bump is smaller than a change
    /// requires; 2 on usage or I/O errors.
    Diff {
        /// The older registry: a folder holding ocss-rules.json, or a git revision (`origin/main`).
        #[arg(long, value_name = "DIR|REV")]
        from: String,
        /// The newer registry [default: the working tree's]
        #[arg(long, value_name = "DIR|REV")]
        to: Option<String>,
        /// Fail when the newer registry's `version` bump is smaller than the changes require.
        #[arg(long)]
        check_version: bool,
        /// Severities per rule [default: `ocss-diff.json` beside the registry folder, if any]
        #[arg(long, value_name = "FILE")]
        severities: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
        format: DiffFormat,
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
    },
    /// Start a new law, platform or standard file with every required field, then run `ocss validate`:
    /// it explains each placeholder left to fill in.
    New {
        /// What to start.
        #[arg(value_enum)]
        kind: crate::scaffold::NewKind,
        /// Its id, which is also the file name (a law's names its jurisdiction: `us-ca-sb-976`).
        id: String,
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
    },
    /// Rewrite a policy written for an older taxonomy version for the current one, reporting every
    /// change. Exit status: 0 when every rule migrated; 1 when one could not (it is reported, not
    /// dropped silently); 2 on usage or I/O errors.
    Migrate {
        /// The taxonomy version the policy was written for (`1.0`).
        #[arg(long, value_name = "VERSION")]
        from_version: String,
        /// The policy: `{"rules": [...]}` or an array of rules.
        policy: PathBuf,
        /// Where to write the migrated policy [default: standard output]
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
    },
    /// The main job: validate the registry, check that generated files are fresh, print a summary.
    ///
    /// Exit status: 0 when valid and fresh, 1 otherwise, 2 on usage or I/O errors.
    Check {
        /// Folder holding ocss-rules.json [default: found from the current folder upwards]
        #[arg(long, value_name = "DIR")]
        registry: Option<PathBuf>,
        /// Root the artifact paths (generated/...) are relative to [default: the folder holding the registry folder]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// Aligned columns.
    Table,
    /// A CHANGELOG section.
    Md,
    /// Stable JSON (`spec/diff.schema.json`).
    Json,
    /// GitHub Actions annotations.
    Github,
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
        Command::Validate { registry, format } => match locate(registry, err) {
            Ok(root) => validate(&root, format, out, err).map_or_else(|code| code, |_| EXIT_OK),
            Err(code) => code,
        },
        Command::Generate { registry, out: root, check } => match locate(registry, err) {
            Ok(reg) => {
                let root = root.unwrap_or_else(|| default_out(&reg));
                generate(&reg, &root, check, out, err)
            }
            Err(code) => code,
        },
        Command::Route { platforms, policy, format, registry } => {
            with_registry(registry, err, |reg, err| route(reg, &platforms, &policy, format, out, err))
        }
        Command::Compliance { platforms, law, format, registry } => {
            with_registry(registry, err, |reg, err| compliance(reg, &platforms, law.as_deref(), format, out, err))
        }
        Command::Explain { id, registry, json } => {
            with_registry(registry, err, |reg, err| match explain::find(reg, &id) {
                Ok(subject) if json => {
                    let v = explain::json(reg, &subject);
                    let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                    EXIT_OK
                }
                Ok(subject) => {
                    let _ = write!(out, "{}", explain::human(reg, &subject));
                    EXIT_OK
                }
                Err(unknown) => usage(err, &unknown.to_string()),
            })
        }
        Command::Diff { from, to, check_version, severities, format, registry } => match locate(registry, err) {
            Ok(reg) => diff(
                &DiffArgs { reg: &reg, from: &from, to: to.as_deref(), check_version, severities, format },
                out,
                err,
            ),
            Err(code) => code,
        },
        Command::New { kind, id, registry } => match locate(registry, err) {
            Ok(reg) => match crate::scaffold::create(&reg, kind, &id) {
                Ok(path) => {
                    let _ =
                        writeln!(out, "wrote {}; now run `ocss validate` and fill in what it asks for", path.display());
                    EXIT_OK
                }
                Err(e) => usage(err, &e),
            },
            Err(code) => code,
        },
        Command::Migrate { from_version, policy, output, registry } => match locate(registry, err) {
            Ok(root) => match load_valid(&root, err) {
                Ok(reg) => migrate(&reg, &root, &from_version, &policy, output.as_deref(), out, err),
                Err(code) => code,
            },
            Err(code) => code,
        },
        Command::Fmt { check, registry } => match locate(registry, err) {
            Ok(root) => fmt(&root, check, out, err),
            Err(code) => code,
        },
        Command::Check { registry, out: root } => {
            let reg = match locate(registry, err) {
                Ok(r) => r,
                Err(code) => return code,
            };
            // One load serves both steps: the registry validate returns is the one generated from.
            let registry = match validate(&reg, Format::Human, out, err) {
                Ok(registry) => registry,
                Err(code) => return code,
            };
            let root = root.unwrap_or_else(|| default_out(&reg));
            generate_from(&registry, &root, true, out, err)
        }
    }
}

/// The registry folder: the one given, or the one found from the current folder upwards.
fn locate(given: Option<PathBuf>, err: &mut dyn Write) -> Result<PathBuf, u8> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let here = std::env::current_dir().map_err(|e| usage(err, &format!("cannot read the current folder: {e}")))?;
    // Shown relative to the current folder when it is below it, as cargo shows paths.
    let relative = |dir: PathBuf| match dir.strip_prefix(&here) {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => dir,
    };
    load::find_registry(&here).map(relative).ok_or_else(|| {
        usage(
            err,
            "no registry found: neither this folder nor any above it holds `ocss-rules.json` or `registry/ocss-rules.json`; run inside an OCSS checkout or pass `--registry DIR`",
        )
    })
}

/// Where generated files go by default: beside the registry folder (`registry/` → `.`).
fn default_out(registry: &Path) -> PathBuf {
    match registry.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Locates and loads a valid registry, then runs `query` on it.
fn with_registry(
    registry: Option<PathBuf>,
    err: &mut dyn Write,
    query: impl FnOnce(&Registry, &mut dyn Write) -> u8,
) -> u8 {
    let root = match locate(registry, err) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match load_valid(&root, err) {
        Ok(reg) => query(&reg, err),
        Err(code) => code,
    }
}

/// The engine tables of `reg` and the family `platforms` names, handed to `query`; an unknown
/// platform is a usage error.
fn with_family(
    reg: &Registry,
    platforms: &[String],
    err: &mut dyn Write,
    query: impl FnOnce(&EngineTables<'_>, &[&query::PlatformView<'_>], &mut dyn Write) -> u8,
) -> u8 {
    let tables = EngineTables::new(reg);
    match tables.family(platforms) {
        Ok(family) => query(&tables, &family, err),
        Err(e) => usage(err, &e.to_string()),
    }
}

fn route(
    reg: &Registry,
    platforms: &[String],
    policy: &Path,
    format: ReportFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    with_family(reg, platforms, err, |tables, family, err| match query::policy::read(policy, reg) {
        Ok(rules) => {
            let _ = write!(out, "{}", query::route::report(tables, family, &rules, format));
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            let _ = writeln!(
                err,
                "error: the policy is invalid ({} problem{})",
                e.problems.len(),
                if e.problems.len() == 1 { "" } else { "s" }
            );
            EXIT_INVALID
        }
    })
}

fn compliance(
    reg: &Registry,
    platforms: &[String],
    law: Option<&str>,
    format: ReportFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    with_family(reg, platforms, err, |tables, family, err| {
        let text = match law {
            Some(id) => match tables.law(id) {
                Ok(l) => query::compliance::law_report(tables, family, l, format),
                Err(e) => return usage(err, &e.to_string()),
            },
            None => query::compliance::report(tables, family, format),
        };
        let _ = write!(out, "{text}");
        EXIT_OK
    })
}

struct DiffArgs<'a> {
    reg: &'a Path,
    from: &'a str,
    to: Option<&'a str>,
    check_version: bool,
    severities: Option<PathBuf>,
    format: DiffFormat,
}

/// Which side of a diff a registry is on: the proposed one must be valid; the one it is compared
/// with was written under the rules of its day, so it only has to be readable.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Base,
    Proposed,
}

/// Loads the registry `spec` names (a folder or a git revision, materialised into `scratch`).
fn diff_side(
    spec: Option<&str>,
    side: Side,
    reg: &Path,
    scratch: &Path,
    err: &mut dyn Write,
) -> Result<(String, Registry), u8> {
    let (label, folder) = match spec {
        None => (reg.display().to_string(), reg.to_path_buf()),
        Some(spec) => {
            let source = query::revision::resolve(spec, reg).map_err(|e| usage(err, &e))?;
            (source.label(), source.materialise(scratch).map_err(|e| usage(err, &e))?)
        }
    };
    if side == Side::Proposed {
        return load_valid(&folder, err).map(|r| (label, r));
    }
    let outcome = pipeline::validate(&folder).map_err(|FatalError(msg)| usage(err, &msg))?;
    match (outcome.registry, outcome.as_read) {
        (Some(reg), _) => Ok((label, reg)),
        (None, Some(reg)) => {
            let _ = writeln!(
                err,
                "warning: {label} does not pass today's checks ({} problems; `ocss validate` on it lists them); \
                 it is compared as read",
                outcome.diagnostics.len()
            );
            Ok((label, reg))
        }
        (None, None) => {
            let _ = write!(err, "{}", diag::render(&outcome.diagnostics, &outcome.sources, Format::Human));
            let _ = writeln!(err, "error: {label} cannot be read as a registry, so there is nothing to compare");
            Err(EXIT_INVALID)
        }
    }
}

fn severities(given: Option<PathBuf>, reg: &Path, err: &mut dyn Write) -> Result<query::diff::SeverityConfig, u8> {
    let path = given.or_else(|| Some(default_out(reg).join("ocss-diff.json")).filter(|p| p.is_file()));
    let Some(path) = path else { return Ok(query::diff::SeverityConfig::default()) };
    let text =
        std::fs::read_to_string(&path).map_err(|e| usage(err, &format!("cannot read {}: {e}", path.display())))?;
    let config: query::diff::SeverityConfig =
        serde_json::from_str(&text).map_err(|e| usage(err, &format!("{}: {e}", path.display())))?;
    if let Some(rule) = config.unknown_rules().first() {
        return Err(usage(err, &format!("{}: unknown rule `{rule}`", path.display())));
    }
    Ok(config)
}

fn diff(args: &DiffArgs<'_>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let scratch = std::env::temp_dir().join(format!("ocss-diff-{}", std::process::id()));
    let result = (|| {
        let config = severities(args.severities.clone(), args.reg, err)?;
        let from = diff_side(Some(args.from), Side::Base, args.reg, &scratch, err)?;
        let to = diff_side(args.to, Side::Proposed, args.reg, &scratch, err)?;
        Ok::<_, u8>(query::diff::Report::new((&from.0, &from.1), (&to.0, &to.1), &config))
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    let report = match result {
        Ok(r) => r,
        Err(code) => return code,
    };
    let text = match args.format {
        DiffFormat::Table => report.table(),
        DiffFormat::Md => report.markdown(),
        DiffFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        DiffFormat::Github => report.github(args.check_version),
    };
    let _ = write!(out, "{text}");
    if args.check_version && !report.version_ok {
        let _ = writeln!(
            err,
            "error: version {} → {} is a {} bump, but the changes require a {} bump",
            report.from.version,
            report.to.version,
            report.version_bump.map_or("no", query::diff::Bump::as_str),
            report.required_bump.map_or("no", query::diff::Bump::as_str)
        );
        return EXIT_INVALID;
    }
    EXIT_OK
}

fn migrate(
    reg: &Registry,
    root: &Path,
    from_version: &str,
    policy: &Path,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let folder = root.join("history/migrations");
    let found = std::fs::read_dir(&folder).ok().into_iter().flatten().filter_map(Result::ok).find_map(|e| {
        let text = std::fs::read_to_string(e.path()).ok()?;
        let m: query::migrate::Migration = serde_json::from_str(&text).ok()?;
        (m.from == from_version).then_some(m)
    });
    let Some(migration) = found else {
        return usage(err, &format!("no migration from version `{from_version}` in {}", folder.display()));
    };
    let text = match std::fs::read_to_string(policy) {
        Ok(t) => t,
        Err(e) => return usage(err, &format!("cannot read {}: {e}", policy.display())),
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return usage(err, &format!("{}:{}:{}: {e}", policy.display(), e.line(), e.column())),
    };
    let outcome = query::migrate::migrate(&value, &migration, reg);
    let json = serde_json::to_string_pretty(&outcome.policy).unwrap_or_default() + "\n";
    for r in &outcome.rules {
        for c in &r.changes {
            let _ = writeln!(err, "rule {} ({}): {}", r.index, r.category, crate::table::escape_controls(c));
        }
        if let Some(e) = &r.error {
            let _ = writeln!(
                err,
                "error: rule {} ({}) was not migrated: {}",
                r.index,
                r.category,
                crate::table::escape_controls(e)
            );
        }
    }
    match output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &json) {
                return usage(err, &format!("cannot write {}: {e}", path.display()));
            }
        }
        None => {
            let _ = write!(out, "{json}");
        }
    }
    let failed = outcome.rules.iter().filter(|r| r.error.is_some()).count();
    let changed: usize = outcome.rules.iter().map(|r| r.changes.len()).sum();
    let _ = writeln!(
        err,
        "migrated {} of {} rules from {from_version}, {changed} change(s)",
        outcome.rules.len() - failed,
        outcome.rules.len()
    );
    if failed > 0 { EXIT_INVALID } else { EXIT_OK }
}

fn fmt(root: &Path, check: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let outcome = match crate::fmt::format_registry(root, check) {
        Ok(o) => o,
        Err(FatalError(msg)) => return usage(err, &msg),
    };
    let _ = write!(err, "{}", diag::render(&outcome.diagnostics, &outcome.sources, Format::Human));
    for path in &outcome.changed {
        if check {
            let _ = writeln!(err, "not canonical: {path}");
        } else {
            let _ = writeln!(out, "formatted {path}");
        }
    }
    if !outcome.diagnostics.is_empty() {
        let _ =
            writeln!(err, "error: {} file(s) could not be formatted; run `ocss validate`", outcome.diagnostics.len());
        return EXIT_INVALID;
    }
    if check && !outcome.changed.is_empty() {
        let _ = writeln!(
            err,
            "error: {} of {} files are not in canonical form; run `ocss fmt`",
            outcome.changed.len(),
            outcome.files
        );
        return EXIT_INVALID;
    }
    let _ = writeln!(
        out,
        "ok: {} files in canonical form{}",
        outcome.files,
        if check { "" } else { " (values unchanged)" }
    );
    EXIT_OK
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
    match load_valid(registry, err) {
        Ok(reg) => generate_from(&reg, root, check, out, err),
        Err(code) => code,
    }
}

/// Writes, or with `check` compares, every artifact of the loaded registry `reg` under `root`.
fn generate_from(reg: &Registry, root: &std::path::Path, check: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let artifacts = match emit::all(reg) {
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

fn validate(root: &std::path::Path, format: Format, out: &mut dyn Write, err: &mut dyn Write) -> Result<Registry, u8> {
    let outcome = match pipeline::validate(root) {
        Ok(o) => o,
        Err(FatalError(msg)) => {
            let _ = writeln!(err, "error: {msg}");
            return Err(EXIT_USAGE);
        }
    };
    let rendered = diag::render(&outcome.diagnostics, &outcome.sources, format);
    match (outcome.registry, format) {
        (Some(reg), Format::Human) => {
            let _ = writeln!(out, "{}", summary(&reg));
            Ok(reg)
        }
        (Some(reg), _) => {
            let _ = write!(out, "{rendered}");
            Ok(reg)
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
            Err(EXIT_INVALID)
        }
        (None, _) => {
            let _ = write!(out, "{rendered}");
            Err(EXIT_INVALID)
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
