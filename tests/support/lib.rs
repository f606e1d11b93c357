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

/// Where the render tests look for a browser (`apt-get install chromium`).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs headless Chromium on the local `page` with a throwaway `profile` folder and returns its
/// stdout. The flags keep it offline and deterministic: no sync, no component updates, a fixed
/// 1600×1200 window, and ten seconds of virtual time for scripts to lay the page out.
pub fn headless_chromium(args: &[&str], page: &Path, profile: &Path) -> Vec<u8> {
    let output = std::process::Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1600,1200",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("run {CHROMIUM}: {e}"));
    assert!(output.status.success(), "chromium failed:\n{}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}
