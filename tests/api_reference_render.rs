//! The API reference pages as a person sees them: `redocly build-docs` turns each generated OpenAPI
//! document into one self-contained HTML page (the Redoc bundle inlined, nothing fetched), and
//! headless Chromium renders it. The DOM after load holds every operation, and the screenshot is a
//! page, not a blank.
//!
//! `.ci/run` builds `target/api/<surface>.html` and renders `target/api/<surface>.png` and
//! `target/api/<surface>-dom.html` before the tests; under `CI=true` they must exist. Locally the test
//! builds and renders them itself when `tools/node_modules` (`npm ci --prefix tools`) and
//! `/usr/bin/chromium` exist, and is skipped with a note otherwise.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use ocss_workspace_tests::{CHROMIUM, headless_chromium as chromium};
use serde_json::Value;

const SURFACES: [&str; 2] = ["consumer", "developer"];

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Vec<u8> {
    let output = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(output.status.success(), "{cmd:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

/// Builds and renders the page of `surface` into `dir`, as `.ci/run` does.
fn render_here(surface: &str, dir: &Path) {
    let redocly = workspace().join("tools/node_modules/.bin/redocly");
    let page = dir.join(format!("{surface}.html"));
    run(Command::new(&redocly)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_NOTIFICATIONS", "true")
        .args(["build-docs", "--inlineBundle", "-o"])
        .arg(&page)
        .arg(workspace().join(format!("generated/openapi/{surface}.json"))));
    let png = dir.join(format!("{surface}.png"));
    chromium(&[&format!("--screenshot={}", png.display())], &page, &dir.join("profile-screenshot"));
    let dom = chromium(&["--dump-dom"], &page, &dir.join("profile-dom"));
    std::fs::write(dir.join(format!("{surface}-dom.html")), dom).expect("write DOM");
}

/// The folder holding the renders: CI's, a fresh local one, or `None` when neither is possible.
fn renders() -> Option<PathBuf> {
    let ci_dir = workspace().join("target/api");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let complete = |dir: &Path| {
        SURFACES.iter().all(|s| dir.join(format!("{s}.png")).exists() && dir.join(format!("{s}-dom.html")).exists())
    };
    if ci {
        assert!(
            complete(&ci_dir),
            "CI=true but {} lacks the renders: .ci/run makes them before the tests",
            ci_dir.display()
        );
        return Some(ci_dir);
    }
    if !workspace().join("tools/node_modules/.bin/redocly").exists() || !Path::new(CHROMIUM).exists() {
        eprintln!("note: api_reference_render skipped: needs `npm ci --prefix tools` and {CHROMIUM}");
        return None;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("api_reference_render");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clean");
    }
    std::fs::create_dir_all(&dir).expect("create");
    for s in SURFACES {
        render_here(s, &dir);
    }
    Some(dir)
}

/// Decoded RGB pixels of a PNG.
fn pixels(png: &[u8]) -> Vec<[u8; 3]> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("fits")];
    let info = reader.next_frame(&mut buf).expect("one frame");
    let samples = info.color_type.samples();
    buf[..info.buffer_size()].chunks_exact(samples).map(|p| [p[0], p[1], p[2]]).collect()
}

#[test]
fn the_api_reference_pages_show_every_operation_and_are_not_blank() {
    let Some(dir) = renders() else { return };
    for surface in SURFACES {
        let doc: Value = serde_json::from_str(
            &std::fs::read_to_string(workspace().join(format!("generated/openapi/{surface}.json"))).expect("read"),
        )
        .expect("JSON");
        let dom = std::fs::read_to_string(dir.join(format!("{surface}-dom.html"))).expect("DOM");
        let title = doc["info"]["title"].as_str().expect("title");
        assert!(dom.contains(title), "{surface}: the page shows its title");
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            assert!(dom.contains(path.as_str()), "{surface}: {path} is not listed");
            for op in item.as_object().expect("item").values() {
                let id = op["operationId"].as_str().expect("operationId");
                let summary = op["summary"].as_str().expect("summary");
                assert!(dom.contains(id), "{surface}: {id} is not on the page");
                assert!(dom.contains(summary), "{surface}: the summary of {id} is not shown");
                operations += 1;
            }
        }
        assert_eq!(operations, 25, "{surface}: operations");
        let px = pixels(&std::fs::read(dir.join(format!("{surface}.png"))).expect("screenshot"));
        let non_white = px.iter().filter(|p| p.iter().any(|c| *c < 245)).count();
        let distinct: HashSet<[u8; 3]> = px.iter().copied().collect();
        // A text page is mostly white; a blank one has next to nothing else (under 1%).
        assert!(non_white * 100 > px.len(), "{surface}: only {non_white} of {} pixels are not white", px.len());
        assert!(distinct.len() > 20, "{surface}: only {} colours: a blank page?", distinct.len());
    }
}
