//! `--from` / `--to` of `ocss diff`: a registry folder, or a git revision whose registry folder is
//! written out (with `git show`, never a checkout) into a scratch folder to be loaded like any other.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where a registry to compare comes from.
pub enum Source {
    /// A folder holding `ocss-rules.json`.
    Folder(PathBuf),
    /// A git revision of the repository holding `registry`, with the registry's path inside it.
    Revision {
        /// What the user wrote (`origin/main`, `v4.0.0`, a hash).
        rev: String,
        /// The repository's top folder.
        top: PathBuf,
        /// The registry folder, relative to `top`.
        path: String,
    },
}

fn git(top: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git").arg("-C").arg(top).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// Reads `spec`: an existing folder is a folder; anything else is a git revision of the repository
/// that holds `registry` (the working tree's registry folder).
pub fn resolve(spec: &str, registry: &Path) -> Result<Source, String> {
    let folder = Path::new(spec);
    if folder.join("ocss-rules.json").is_file() {
        return Ok(Source::Folder(folder.to_path_buf()));
    }
    if folder.is_dir() {
        return Err(format!("{spec} holds no ocss-rules.json"));
    }
    let abs = registry.canonicalize().map_err(|e| format!("{}: {e}", registry.display()))?;
    let top = String::from_utf8_lossy(&git(&abs, &["rev-parse", "--show-toplevel"])?).trim().to_owned();
    let top = PathBuf::from(top);
    let path = abs.strip_prefix(&top).map_err(|_| "the registry is outside its git repository".to_owned())?;
    let path = path.to_string_lossy().replace('\\', "/");
    git(&top, &["rev-parse", "--verify", "--quiet", &format!("{spec}^{{commit}}")])
        .map_err(|_| format!("`{spec}` is neither a registry folder nor a git revision"))?;
    Ok(Source::Revision { rev: spec.to_owned(), top, path })
}

impl Source {
    /// A folder holding the registry: the folder itself, or the revision written into `scratch`.
    pub fn materialise(&self, scratch: &Path) -> Result<PathBuf, String> {
        match self {
            Source::Folder(p) => Ok(p.clone()),
            Source::Revision { rev, top, path } => {
                let listing = git(top, &["ls-tree", "-r", "--name-only", rev, "--", path])?;
                let dest = scratch.join(rev.replace(['/', ':', '~', '^'], "_"));
                if dest.exists() {
                    std::fs::remove_dir_all(&dest).map_err(|e| format!("{}: {e}", dest.display()))?;
                }
                for file in String::from_utf8_lossy(&listing).lines() {
                    let Some(rel) = file.strip_prefix(path.as_str()).map(|r| r.trim_start_matches('/')) else {
                        continue;
                    };
                    // Only the registry itself, not its history of past versions.
                    if rel.starts_with("history/") {
                        continue;
                    }
                    let bytes = git(top, &["show", &format!("{rev}:{file}")])?;
                    let target = dest.join(rel);
                    if let Some(parent) = target.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
                    }
                    std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))?;
                }
                for folder in crate::pipeline::FOLDER_NAMES {
                    std::fs::create_dir_all(dest.join(folder)).map_err(|e| format!("{folder}: {e}"))?;
                }
                Ok(dest)
            }
        }
    }

    /// How to name it in reports.
    pub fn label(&self) -> String {
        match self {
            Source::Folder(p) => p.display().to_string(),
            Source::Revision { rev, .. } => rev.clone(),
        }
    }
}
