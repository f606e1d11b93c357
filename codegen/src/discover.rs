//! Finding the registry's files, as strictly as reading them: only regular files inside the
//! registry folder are read. A symlink that leaves the folder, a dangling one, a named pipe, a device
//! or a folder where a file belongs is reported for what it is and never opened; entries that do not
//! belong (a misspelt folder, a stray file, a missing folder) are reported, never skipped silently;
//! and the number and total size of files are bounded before anything is read.

use std::fs::Metadata;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::source::SourceMap;
use crate::suggest::did_you_mean;

/// Most files a registry may hold (about 150 today).
pub const MAX_FILES: usize = 10_000;
/// Largest total size of a registry's files (about 2 MiB today).
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// The rule registry's file name.
pub const RULES_FILE: &str = "ocss-rules.json";
/// The folder of past registries (`history/<name>/`, each in the same layout), which `ocss diff`
/// compares against; it is not part of the registry itself.
pub const HISTORY: &str = "history";

/// What was found: the files to read, in order, and the entries refused.
#[derive(Debug, Default)]
pub struct Found {
    /// `ocss-rules.json`, when it can be read.
    pub rules: Option<PathBuf>,
    /// Per folder (in the order asked), its `.json` files sorted by name.
    pub folders: Vec<(&'static str, Vec<PathBuf>)>,
    /// Entries refused, and limits passed.
    pub diagnostics: Vec<Diagnostic>,
}

/// A problem that stops the run (exit code 2): the registry folder itself cannot be used.
#[derive(Debug)]
pub struct Unusable(pub String);

/// What an entry is, without following it blindly.
enum Entry {
    File(Metadata),
    Folder,
    Refused(String),
}

fn shown_name(path: &Path) -> String {
    crate::table::escape_controls(&path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
}

/// Classifies `path`; a symlink is followed only when its target is inside `root` (canonical).
fn classify(path: &Path, root: &Path) -> Entry {
    let name = shown_name(path);
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Entry::Refused(format!("`{name}` cannot be inspected"));
    };
    let meta = if meta.file_type().is_symlink() {
        match path.canonicalize() {
            Err(_) => return Entry::Refused(format!("`{name}` is a symlink to nothing (dangling or looping)")),
            Ok(target) if !target.starts_with(root) => {
                return Entry::Refused(format!("`{name}` is a symlink to a path outside the registry"));
            }
            Ok(target) => match std::fs::metadata(&target) {
                Ok(m) => m,
                Err(_) => return Entry::Refused(format!("`{name}` is a symlink whose target cannot be inspected")),
            },
        }
    } else {
        meta
    };
    let kind = meta.file_type();
    if kind.is_file() {
        Entry::File(meta)
    } else if kind.is_dir() {
        Entry::Folder
    } else {
        Entry::Refused(format!("`{name}` is {}, not a regular file", special_kind(&meta)))
    }
}

#[cfg(unix)]
fn special_kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &Metadata) -> &'static str {
    "a special file"
}

struct Walk<'a> {
    /// The registry folder as given (paths are shown relative to it).
    root: PathBuf,
    /// Its canonical path, which every symlink target must stay inside.
    canonical: PathBuf,
    shown: &'a dyn Fn(&Path) -> String,
    sources: &'a mut SourceMap,
    found: Found,
    files: usize,
    bytes: u64,
}

impl Walk<'_> {
    fn refuse(&mut self, path: &Path, code: Code, message: String, help: &str) {
        let file = self.sources.add((self.shown)(path), String::new());
        self.found.diagnostics.push(Diagnostic::new(code, message).in_file(file).help(help));
    }

    /// Whether `meta`'s file still fits the limits; reports the first one passed.
    fn budget(&mut self, path: &Path, meta: &Metadata) -> bool {
        // A file over the per-file limit counts as that limit: the loader reports it (E0001) without
        // reading it, so it must not also exhaust the registry's total.
        let len = meta.len().min(crate::load::MAX_FILE_BYTES);
        self.files += 1;
        self.bytes = self.bytes.saturating_add(len);
        if self.files > MAX_FILES || self.bytes > MAX_TOTAL_BYTES {
            if self.files == MAX_FILES + 1 || (self.bytes > MAX_TOTAL_BYTES && self.bytes - len <= MAX_TOTAL_BYTES) {
                self.refuse(
                    path,
                    Code::RegistryTooLarge,
                    format!(
                        "the registry is larger than {MAX_FILES} files or {} MiB; this file and the ones after it were not read",
                        MAX_TOTAL_BYTES / 1024 / 1024
                    ),
                    "a registry holds one small file per law, platform and standard; check for generated or copied files",
                );
            }
            return false;
        }
        true
    }

    fn folder(&mut self, name: &'static str) {
        let dir = self.root.join(name);
        let mut files = Vec::new();
        let listing = match classify(&dir, &self.canonical) {
            Entry::Folder => std::fs::read_dir(&dir).ok(),
            Entry::Refused(why) => {
                self.refuse(&dir, Code::NotARegularFile, why, "registry folders are plain folders inside the registry");
                None
            }
            Entry::File(_) => {
                self.refuse(
                    &dir,
                    Code::NotARegularFile,
                    format!("`{name}` is a file, not a folder"),
                    "make it a folder of `.json` files",
                );
                None
            }
        };
        if listing.is_none() && !dir.exists() && std::fs::symlink_metadata(&dir).is_err() {
            self.refuse(
                &dir,
                Code::MissingFolder,
                format!("the registry has no `{name}/` folder"),
                "every registry holds `laws/`, `platforms/` and `standards/`, even when one is empty",
            );
        }
        let mut paths: Vec<PathBuf> = listing.into_iter().flatten().filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            // Git keeps no empty folder; `.gitkeep` is the convention that keeps one, and nothing else.
            if path.file_name().is_some_and(|n| n == ".gitkeep") {
                continue;
            }
            let is_json = path.extension().is_some_and(|e| e == "json");
            match classify(&path, &self.canonical) {
                Entry::File(meta) if is_json => {
                    if self.budget(&path, &meta) {
                        files.push(path);
                    }
                }
                Entry::File(_) => self.refuse(
                    &path,
                    Code::UnexpectedFile,
                    format!("unexpected entry in `{name}/`: only `.json` files belong here"),
                    "move notes and drafts out of the registry folders, or give the file a `.json` name",
                ),
                Entry::Folder => self.refuse(
                    &path,
                    Code::NotARegularFile,
                    format!("`{}` is a folder; `{name}/` holds only `.json` files", shown_name(&path)),
                    "move its files up into the folder, or out of the registry",
                ),
                Entry::Refused(why) => self.refuse(
                    &path,
                    Code::NotARegularFile,
                    why,
                    "registry files are regular files inside the registry folder",
                ),
            }
        }
        self.found.folders.push((name, files));
    }

    /// Entries at the root other than the rule file and the known folders.
    fn root_entries(&mut self, folders: &[&'static str]) {
        let Ok(listing) = std::fs::read_dir(&self.root) else { return };
        let mut paths: Vec<PathBuf> = listing.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name == RULES_FILE || folders.contains(&name.as_str()) || name == HISTORY || name.starts_with('.') {
                continue;
            }
            let hint = did_you_mean(&name.to_lowercase(), folders.iter().copied())
                .map(|f| format!("; did you mean `{f}/`?"))
                .unwrap_or_default();
            self.refuse(
                &path,
                Code::UnexpectedFile,
                format!("unexpected entry `{}` at the registry root{hint}", crate::table::escape_controls(&name)),
                "the registry root holds `ocss-rules.json`, `laws/`, `platforms/`, `standards/` and `history/` only",
            );
        }
    }
}

/// Finds the files of the registry at `root`, with `folders` (e.g. `laws`) in that order.
pub fn discover(
    root: &Path,
    folders: &[&'static str],
    shown: &dyn Fn(&Path) -> String,
    sources: &mut SourceMap,
) -> Result<Found, Unusable> {
    let canonical = root
        .canonicalize()
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| Unusable(format!("registry folder {} does not exist", root.display())))?;
    let rules = root.join(RULES_FILE);
    if std::fs::symlink_metadata(&rules).is_err() {
        return Err(Unusable(format!("{} is missing: a registry folder holds {RULES_FILE}", rules.display())));
    }
    let mut walk =
        Walk { root: root.to_path_buf(), canonical, shown, sources, found: Found::default(), files: 0, bytes: 0 };
    match classify(&rules, &walk.canonical) {
        Entry::File(meta) => {
            if walk.budget(&rules, &meta) {
                walk.found.rules = Some(rules);
            }
        }
        Entry::Folder => {
            walk.refuse(&rules, Code::NotARegularFile, format!("`{RULES_FILE}` is a folder"), "it must be a JSON file")
        }
        Entry::Refused(why) => walk.refuse(
            &rules,
            Code::NotARegularFile,
            why,
            "registry files are regular files inside the registry folder",
        ),
    }
    walk.root_entries(folders);
    for name in folders {
        walk.folder(name);
    }
    Ok(walk.found)
}
