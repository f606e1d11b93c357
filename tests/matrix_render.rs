//! The HTML capability matrix as a person sees it: headless Chromium's DOM after load has a row for
//! every category, and its screenshot is a coloured grid, not a blank page.
//!
//! `.ci/run` renders `generated/matrix/matrix.html` into `target/matrix.png` and
//! `target/matrix-dom.html` before the tests; under `CI=true` both must exist. Locally the test
//! renders the page itself when `/usr/bin/chromium` exists (`apt-get install chromium`), and is
//! skipped with a note otherwise.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use ocss_codegen::pipeline;
use ocss_workspace_tests::{CHROMIUM, headless_chromium as chromium};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The rendered page: the DOM after load and a 1600×1200 screenshot.
struct Render {
    dom: String,
    png: Vec<u8>,
}

/// Renders the committed page into a scratch folder.
fn render_here(page: &Path) -> Render {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("matrix_render");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clean scratch dir");
    }
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    let png = dir.join("matrix.png");
    chromium(&[&format!("--screenshot={}", png.display())], page, &dir.join("profile-screenshot"));
    let dom = chromium(&["--dump-dom"], page, &dir.join("profile-dom"));
    Render { dom: String::from_utf8(dom).expect("UTF-8 DOM"), png: std::fs::read(&png).expect("screenshot written") }
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// CI's render, a fresh local one, or `None` (with a note) when neither is possible.
fn render() -> Option<Render> {
    let page = workspace().join("generated/matrix/matrix.html");
    let target = workspace().join("target");
    let (dom, png): (PathBuf, PathBuf) = (target.join("matrix-dom.html"), target.join("matrix.png"));
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    // Outside CI a render older than the page is stale: render again when possible.
    let fresh = match (modified(&dom), modified(&png), modified(&page)) {
        (Some(d), Some(p), Some(src)) => ci || (d >= src && p >= src),
        _ => false,
    };
    if fresh {
        return Some(Render {
            dom: std::fs::read_to_string(&dom).expect("read DOM dump"),
            png: std::fs::read(&png).expect("read screenshot"),
        });
    }
    assert!(
        !ci,
        "CI=true but {} and {} are missing: .ci/run renders them with chromium before the tests",
        dom.display(),
        png.display()
    );
    if Path::new(CHROMIUM).exists() {
        return Some(render_here(&page));
    }
    eprintln!("note: matrix_render skipped: no {CHROMIUM} (apt-get install chromium) and no render in target/");
    None
}

/// `#rrggbb` values of the page's CSS custom properties (`--native: #1b9e4b;`).
fn css_colour(html: &str, name: &str) -> [u8; 3] {
    let key = format!("--{name}: #");
    let at = html.find(&key).unwrap_or_else(|| panic!("the page defines no {key}…")) + key.len();
    let hex = &html[at..at + 6];
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour");
    [byte(0), byte(2), byte(4)]
}

/// Decoded RGB pixels of a PNG, with its size.
fn pixels(png: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("image fits in memory")];
    let info = reader.next_frame(&mut buf).expect("one frame");
    let samples = info.color_type.samples();
    assert!(samples >= 3, "expected a colour screenshot, got {:?}", info.color_type);
    let rgb = buf[..info.buffer_size()].chunks_exact(samples).map(|p| [p[0], p[1], p[2]]).collect();
    (info.width, info.height, rgb)
}

#[test]
fn the_rendered_matrix_has_every_category_and_is_not_blank() {
    let Some(render) = render() else { return };
    let outcome = pipeline::validate(Path::new("registry")).expect("registry readable");
    let reg = outcome.registry.expect("valid registry");

    // The DOM after load: one row per category, one heading row per domain, one cell per platform.
    let rows = render.dom.matches("<tr id=\"category-").count();
    assert_eq!(rows, reg.rules.categories.len(), "category rows in the platform matrix");
    for c in &reg.rules.categories {
        let row = format!("data-category=\"{}\"", c.id);
        assert_eq!(render.dom.matches(&row).count(), 1, "one row with {row}");
    }
    for d in &reg.rules.domains {
        assert!(
            render.dom.contains(&format!(
                "{} ({})",
                d.title,
                reg.rules.categories.iter().filter(|c| c.domain == d.id).count()
            )),
            "domain heading {}",
            d.title
        );
    }
    let cells =
        ["native", "fallback", "none"].iter().map(|k| render.dom.matches(&format!("class=\"cell {k}\"")).count());
    assert_eq!(
        cells.sum::<usize>(),
        reg.rules.categories.len() * reg.platforms.len(),
        "one cell per category and platform"
    );

    // The screenshot: mostly not white, many colours, and each cell colour of the legend visible.
    let (width, height, px) = pixels(&render.png);
    assert_eq!((width, height), (1600, 1200), "window size");
    let non_white = px.iter().filter(|p| p.iter().any(|c| *c < 245)).count();
    let distinct: HashSet<[u8; 3]> = px.iter().copied().collect();
    assert!(non_white * 100 > px.len(), "only {non_white} of {} pixels are not white", px.len());
    assert!(distinct.len() > 5, "only {} distinct colours", distinct.len());
    let page = std::fs::read_to_string(workspace().join("generated/matrix/matrix.html")).expect("read page");
    for name in ["native", "fallback", "none"] {
        let want = css_colour(&page, name);
        let close = |p: &&[u8; 3]| p.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 4);
        let count = px.iter().filter(close).count();
        // A cell is 18×18 pixels; the first screen shows dozens of each kind.
        assert!(
            count > 18 * 18 * 5,
            "the {name} colour #{:02x}{:02x}{:02x} covers only {count} pixels",
            want[0],
            want[1],
            want[2]
        );
    }
}
