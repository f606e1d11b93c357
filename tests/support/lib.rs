//! Shared helpers for the workspace integration tests: temporary registry copies and running the
//! CLI in-process.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Copies `from` into `to` recursively, replacing files that exist.
pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// A fresh copy of the mini fixture registry with `overlay`'s files laid over it, in `scratch/name`.
pub fn registry_with_overlay(workspace: &Path, scratch: &Path, name: &str, overlay: Option<&Path>) -> PathBuf {
    let dir = scratch.join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clean scratch dir");
    }
    copy_tree(&workspace.join("tests/fixtures/mini"), &dir).expect("copy fixture");
    if let Some(overlay) = overlay {
        copy_tree(overlay, &dir).expect("copy overlay");
    }
    dir
}

/// Output of one in-process `ocss` run.
pub struct Run {
    /// Exit code.
    pub code: u8,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `ocss` with `args` (without the program name) in-process.
pub fn ocss(args: &[&str]) -> Run {
    let argv: Vec<OsString> = std::iter::once("ocss").chain(args.iter().copied()).map(OsString::from).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ocss_codegen::cli::run(argv, &mut out, &mut err);
    Run { code, stdout: String::from_utf8_lossy(&out).into_owned(), stderr: String::from_utf8_lossy(&err).into_owned() }
}
