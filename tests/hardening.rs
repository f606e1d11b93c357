//! Registry pull requests come from strangers. One test per hole found by trying the toolchain as an
//! attacker would; each fails if its protection is removed.

use std::path::{Path, PathBuf};

use ocss_workspace_tests::{ocss, registry_with_overlay};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn mini(name: &str) -> PathBuf {
    registry_with_overlay(workspace(), &Path::new(env!("CARGO_TARGET_TMPDIR")).join("hardening"), name, None)
}

fn utf8(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Runs `validate` in every format and returns (exit code, everything printed).
fn validate_all_formats(dir: &Path) -> (u8, String) {
    let mut printed = String::new();
    let mut code = 0;
    for format in ["human", "json", "github"] {
        let run = ocss(&["validate", "--registry", utf8(dir), "--format", format]);
        code = run.code;
        printed.push_str(&run.stdout);
        printed.push_str(&run.stderr);
    }
    (code, printed)
}

// 1. Symlinks out of the registry are refused without reading their target.
#[cfg(unix)]
#[test]
fn symlinks_out_of_the_registry_are_refused_and_never_echoed() {
    let secret_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hardening-secret");
    std::fs::create_dir_all(&secret_dir).expect("mkdir");
    let secret = secret_dir.join("token.json");
    std::fs::write(&secret, "CI_TOKEN=very-secret-value\n").expect("write secret");
    for (name, target) in [
        ("secret", secret.clone()),
        ("environ", PathBuf::from("/proc/self/environ")),
        ("passwd", PathBuf::from("/etc/passwd")),
    ] {
        let dir = mini(&format!("symlink-{name}"));
        std::os::unix::fs::symlink(&target, dir.join(format!("laws/{name}.json"))).expect("symlink");
        let (code, printed) = validate_all_formats(&dir);
        assert_eq!(code, 1, "{name}");
        assert!(printed.contains(&format!("`{name}.json` is a symlink to a path outside the registry")), "{printed}");
        assert!(printed.contains("E0010"), "{printed}");
        for leak in ["very-secret-value", "root:x:0", "PATH=", "CARGO"] {
            assert!(!printed.contains(leak), "{name}: printed {leak:?}:\n{printed}");
        }
    }
    // A valid file reached through a symlink that leaves the registry is not accepted either.
    let dir = mini("symlink-valid-outside");
    let outside = secret_dir.join("us-ut-test-act.json");
    std::fs::rename(dir.join("laws/us-ut-test-act.json"), &outside).expect("move out");
    std::os::unix::fs::symlink(&outside, dir.join("laws/us-ut-test-act.json")).expect("symlink");
    assert_eq!(validate_all_formats(&dir).0, 1);
}

// 1 and 7. Pipes, folders and dangling links are named for what they are, never opened.
#[cfg(unix)]
#[test]
fn special_files_are_named_for_what_they_are() {
    let dir = mini("special");
    let fifo = dir.join("laws/pipe.json");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    std::fs::create_dir(dir.join("platforms/folder.json")).expect("mkdir");
    std::os::unix::fs::symlink(dir.join("nowhere.json"), dir.join("standards/dangling.json")).expect("symlink");
    let (code, printed) = validate_all_formats(&dir);
    assert_eq!(code, 1);
    for want in [
        "`pipe.json` is a named pipe, not a regular file",
        "`folder.json` is a folder",
        "`dangling.json` is a symlink to nothing",
    ] {
        assert!(printed.contains(want), "missing {want:?}:\n{printed}");
    }
}

// 7. Misspelt folders, stray files and missing folders are reported.
#[test]
fn files_that_would_be_ignored_are_reported() {
    let dir = mini("ignored");
    std::fs::create_dir(dir.join("law")).expect("mkdir");
    std::fs::write(dir.join("law/us-ut-other.json"), "{}").expect("write");
    std::fs::write(dir.join("stray.json"), "{}").expect("write");
    std::fs::remove_dir_all(dir.join("platforms")).expect("rm");
    let (code, printed) = validate_all_formats(&dir);
    assert_eq!(code, 1);
    for want in [
        "unexpected entry `law` at the registry root; did you mean `laws/`?",
        "unexpected entry `stray.json` at the registry root",
        "the registry has no `platforms/` folder",
        "E0009",
    ] {
        assert!(printed.contains(want), "missing {want:?}:\n{printed}");
    }
}

// 2. Whole numbers written as floats never silently drop a file or a constraint.
#[test]
fn whole_numbers_written_as_floats_are_refused_everywhere() {
    let spellings = ["20.0", "5.0", "1e0", "10E-1", "-0", "1.0e1"];
    // (file, text to replace, replacement template with `N`)
    let places = [
        ("laws/us-ut-test-act.json", "\"under\": 18", "\"under\": N"),
        ("ocss-rules.json", "\"maximum\": 1440", "\"maximum\": N"),
        ("standards/test-pack.json", "\"min_age\": ", "\"min_age\": N, \"x_min_age\": "),
    ];
    for (file, from, to) in places {
        for n in spellings {
            let dir = mini("floats");
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path).expect("read");
            assert!(text.contains(from), "{file} holds {from}");
            std::fs::write(&path, text.replacen(from, &to.replace('N', n), 1)).expect("write");
            let run = ocss(&["validate", "--registry", utf8(&dir), "--format", "json"]);
            assert_eq!(run.code, 1, "{file} with {n}: {}", run.stdout);
            assert!(run.stdout.contains("\"E0008\""), "{file} with {n}:\n{}", run.stdout);
            assert!(run.stdout.contains("is a whole number written as a float"), "{}", run.stdout);
        }
    }
}

// 3. Strict JSON: no exotic whitespace, no raw control characters in strings.
#[test]
fn only_json_whitespace_and_escaped_controls_are_accepted() {
    for (what, bad) in [
        ("vertical tab", "\u{b}"),
        ("form feed", "\u{c}"),
        ("no-break space", "\u{a0}"),
        ("line separator", "\u{2028}"),
        ("ideographic space", "\u{3000}"),
    ] {
        let dir = mini("whitespace");
        let path = dir.join("laws/us-ut-test-act.json");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replacen("{\n", &format!("{{{bad}\n"), 1)).expect("write");
        let run = ocss(&["validate", "--registry", utf8(&dir), "--format", "json"]);
        assert_eq!(run.code, 1, "{what}");
        assert!(run.stdout.contains("is not JSON whitespace"), "{what}: {}", run.stdout);
        assert!(run.stdout.contains("\"line\": 1"), "{what} is placed: {}", run.stdout);
    }
    for raw in ["\n", "\u{0}", "\u{1b}"] {
        let dir = mini("raw-controls");
        let path = dir.join("laws/us-ut-test-act.json");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replacen("Test Act", &format!("Test{raw}Act"), 1)).expect("write");
        let run = ocss(&["validate", "--registry", utf8(&dir)]);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains("raw control character"), "{}", run.stderr);
        assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{0}'), "a raw control reached the terminal");
    }
}

// 4. Bounded work: an overlong unknown id gets no suggestion search; ids are capped by the schemas;
// the registry's file count is capped.
#[test]
fn work_is_bounded() {
    let dir = mini("long-id");
    let path = dir.join("laws/us-ut-test-act.json");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replacen("\"web_safesearch\"", &format!("\"{}\"", "w".repeat(1 << 20)), 1))
        .expect("write");
    let run = ocss(&["validate", "--registry", utf8(&dir), "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("\"E0104\""),
        "the schema caps id length: {}",
        &run.stdout[..run.stdout.len().min(2000)]
    );

    let dir = mini("many-files");
    for i in 0..=ocss_codegen::discover::MAX_FILES {
        std::fs::write(dir.join(format!("standards/s{i}.json")), "{}").expect("write");
    }
    let run = ocss(&["validate", "--registry", utf8(&dir), "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("\"E0011\""), "file count is capped");
}

// 5. Laws, platforms and standards take ids no other kind uses; `explain KIND:ID` reaches all.
#[test]
fn ids_do_not_collide_across_kinds() {
    let dir = mini("collide");
    let path = dir.join("laws/us-ut-test-act.json");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replacen("\"categories\"", "\"aliases\": [\"time\"],\n  \"categories\"", 1))
        .expect("write");
    let run = ocss(&["validate", "--registry", utf8(&dir)]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("law id `time` is already a domain id"), "{}", run.stderr);

    let ambiguous = ocss(&["explain", "content_rating"]);
    assert_eq!(ambiguous.code, 2);
    assert!(
        ambiguous.stderr.contains("`category:content_rating` or `capability:content_rating`"),
        "{}",
        ambiguous.stderr
    );
    for query in ["capability:content_rating", "category:content_rating", "standard:four-norms", "domain:time"] {
        let run = ocss(&["explain", query]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
        let kind = query.split(':').next().expect("kind");
        assert!(run.stdout.starts_with(kind), "{query}: {}", run.stdout);
    }
}

// 6. Terminal escapes in registry text are shown escaped; URLs and ids are printable ASCII.
#[test]
fn terminal_escapes_never_reach_the_terminal() {
    let dir = mini("escapes");
    let path = dir.join("laws/us-ut-test-act.json");
    let text = std::fs::read_to_string(&path).expect("read");
    let hostile = "\\u001b[2J\\u001b]0;pwned\\u0007\\u202e";
    std::fs::write(&path, text.replacen("A fixture law for tests.", &format!("A fixture {hostile} law."), 1))
        .expect("write");
    let run = ocss(&["explain", "us-ut-test-act", "--registry", utf8(&dir)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!run.stdout.contains(raw), "{raw:?} printed raw:\n{}", run.stdout);
    }
    assert!(run.stdout.contains("\\u{1b}[2J"), "{}", run.stdout);

    let dir = mini("escape-url");
    let path = dir.join("laws/us-ut-test-act.json");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replacen("https://le.utah.gov/", "https://le.utah.gov/\\u001b[31m", 1)).expect("write");
    let run = ocss(&["validate", "--registry", utf8(&dir)]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E0104"), "URLs are printable ASCII: {}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
}

// 8. Policies lose no data: duplicate keys and conflicting rules are errors in the crate.
#[test]
fn policies_refuse_duplicate_keys_and_conflicting_rules() {
    use ocss::{Policy, PolicyRule};
    let map = |a: &str, b: &str| {
        format!(
            r#"{{"category": "time_per_app_limit", "enabled": true, "config": {{"limits": {{"{a}": 60, "{b}": 90}}}}}}"#
        )
    };
    assert!(serde_json::from_str::<PolicyRule>(&map("com.a", "com.b")).is_ok(), "two apps");
    let err = serde_json::from_str::<PolicyRule>(&map("com.a", "com.a")).expect_err("one app twice");
    assert!(err.to_string().contains("key `com.a` appears twice"), "{err}");
    let two_rules = r#"[{"category": "web_safesearch", "enabled": true, "config": {}},
                        {"category": "web_safesearch", "enabled": false, "config": {}}]"#;
    let err = serde_json::from_str::<Policy>(two_rules).expect_err("two rules for one category");
    assert!(err.to_string().contains("rules 0 and 1 are both for `web_safesearch`"), "{err}");
    let one =
        serde_json::from_str::<Policy>(r#"{"rules": [{"category": "web_safesearch", "enabled": true, "config": {}}]}"#)
            .expect("a policy");
    assert_eq!(one.rules().len(), 1);
}
