//! Plain-text tables that fit an 80-column terminal: columns shrink (widest first) and cut their
//! text with `…` rather than wrap, so every row stays on one line.

/// Terminal width the tables aim for.
pub const WIDTH: usize = 80;

fn width(s: &str) -> usize {
    s.chars().count()
}

fn cut(s: &str, w: usize) -> String {
    if width(s) <= w {
        format!("{s:<w$}")
    } else if w == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(w - 1).collect();
        out.push('…');
        out
    }
}

/// Renders `rows` under `header`, two spaces between columns, within [`WIDTH`].
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let gaps = 2 * n.saturating_sub(1);
    while widths.iter().sum::<usize>() + gaps > WIDTH {
        let Some((i, w)) = widths.iter().copied().enumerate().max_by_key(|(_, w)| *w) else { break };
        if w <= 8 {
            break;
        }
        widths[i] = w - 1;
    }
    let line = |cells: Vec<String>| -> String {
        let parts: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| cut(c, *w)).collect();
        parts.join("  ").trim_end().to_owned()
    };
    let mut out = String::new();
    out.push_str(&line(header.iter().map(|h| (*h).to_owned()).collect()));
    out.push('\n');
    out.push_str(&line(widths.iter().map(|w| "-".repeat(*w)).collect()));
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.clone()));
        out.push('\n');
    }
    out
}

/// Wraps `text` to [`WIDTH`] columns with `indent` before every line.
pub fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        if width(&line) + 1 + width(word) > WIDTH && width(&line) > width(indent) {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
        }
        if width(&line) > width(indent) {
            line.push(' ');
        }
        line.push_str(word);
    }
    if width(&line) > width(indent) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `s` with every control character (C0, DEL, C1) and bidi control written as a visible `\u{…}`
/// escape, so text a stranger wrote cannot move the cursor, recolour the terminal or reorder a line.
pub fn escape_controls(s: &str) -> String {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return s.to_owned();
    }
    s.chars().map(|c| if unsafe_char(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

/// Like [`escape_controls`], line by line: line breaks stay, every other control is escaped.
pub fn escape_controls_keep_lines(s: &str) -> String {
    let mut out: String = s.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n");
    if s.ends_with('\n') && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fit_80_columns() {
        let rows = vec![vec!["x".repeat(100), "short".into(), "y".repeat(60)]];
        let t = render(&["a", "b", "c"], &rows);
        assert!(t.lines().all(|l| l.chars().count() <= WIDTH), "{t}");
        assert!(t.contains('…'));
    }

    #[test]
    fn wrap_keeps_width() {
        let w = wrap(&"word ".repeat(60), "  ");
        assert!(w.lines().all(|l| l.chars().count() <= WIDTH && l.starts_with("  ")));
    }
}
