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
///
/// Leading columns hold short ids and are cut with `…` when they must shrink. The last column
/// holds the answer (gaps, routes, names) and is never cut: it wraps at spaces onto continuation
/// lines aligned under it, and a single word longer than the column runs past the edge.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let n = header.len();
    if n == 0 {
        return String::new();
    }
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let gaps = 2 * n.saturating_sub(1);
    // The last column gives way first (it wraps), down to a third of the line; then the widest.
    while widths.iter().sum::<usize>() + gaps > WIDTH {
        let last = n - 1;
        let i = if widths[last] > WIDTH / 3 {
            last
        } else {
            match widths.iter().copied().enumerate().max_by_key(|(_, w)| *w) {
                Some((i, w)) if w > 8 => i,
                _ => break,
            }
        };
        widths[i] -= 1;
    }
    let indent = " ".repeat(widths[..n - 1].iter().sum::<usize>() + gaps);
    let line = |cells: &[String]| -> String {
        let lead: Vec<String> = cells.iter().take(n - 1).zip(&widths).map(|(c, w)| cut(c, *w)).collect();
        let last = cells.get(n - 1).map_or("", String::as_str);
        let mut out = String::new();
        for (k, part) in wrap_words(last, widths[n - 1]).iter().enumerate() {
            let head = if k == 0 { lead.iter().map(|c| format!("{c}  ")).collect() } else { indent.clone() };
            out.push_str(format!("{head}{part}").trim_end());
            out.push('\n');
        }
        out
    };
    let mut out = line(&header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    out.push_str(&line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>()));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// `text` split at whitespace into lines of at most `w` characters (a longer word stands alone);
/// always at least one line, so an empty cell still gives its row.
fn wrap_words(text: &str, w: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let current = lines.last_mut().expect("never empty");
        if current.is_empty() {
            current.push_str(word);
        } else if width(current) + 1 + width(word) <= w {
            current.push(' ');
            current.push_str(word);
        } else {
            lines.push(word.to_owned());
        }
    }
    lines
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
    fn rows_fit_80_columns_and_the_last_column_wraps_whole() {
        let answer = "gap_one, gap_two, ".repeat(8);
        let rows = vec![vec!["x".repeat(100), "short".into(), answer.clone()]];
        let t = render(&["a", "b", "c"], &rows);
        assert!(t.lines().all(|l| l.chars().count() <= WIDTH), "{t}");
        assert!(t.lines().nth(2).is_some_and(|l| l.contains('…')), "a leading column is cut:\n{t}");
        let row = t.lines().nth(2).expect("row");
        let start = row[..row.find("gap_one").expect("answer on the row")].chars().count();
        let continued: Vec<String> = t.lines().skip(2).map(|l| l.chars().skip(start).collect()).collect();
        let lead = |l: &str| l.chars().take(start).collect::<String>();
        assert!(t.lines().skip(3).all(|l| lead(l).trim().is_empty()), "continuations align:\n{t}");
        assert_eq!(
            continued.join(" ").split_whitespace().collect::<Vec<_>>(),
            answer.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_long_word_in_the_last_column_is_kept_whole() {
        let t = render(&["id", "config"], &[vec!["a".into(), format!("{{{}}}", "k".repeat(120))]]);
        assert!(t.contains(&format!("{{{}}}", "k".repeat(120))), "{t}");
    }

    #[test]
    fn wrap_keeps_width() {
        let w = wrap(&"word ".repeat(60), "  ");
        assert!(w.lines().all(|l| l.chars().count() <= WIDTH && l.starts_with("  ")));
    }
}
