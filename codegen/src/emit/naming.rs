//! Names: the one function that turns registry ids and enum values into Rust identifiers.
//!
//! `snake_case` ids become `UpperCamel` (`time_daily_limit` → `TimeDailyLimit`). Enum values may hold
//! any characters: `-`, `_`, spaces and `.` separate words, `+` becomes `Plus`, other symbols are
//! dropped, and a name that would start with a digit gets an `N` prefix (`"12"` → `N12`,
//! `"E10+"` → `E10Plus`). A result that is a Rust keyword or empty is refused, and two inputs that map
//! to the same name are reported by the caller naming both; nothing is ever suffixed by position.

/// Rust keywords and reserved words that can never be identifiers, in UpperCamel or snake form.
const RESERVED: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super",
    "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

/// Why a value has no Rust name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// Nothing usable was left.
    Empty(String),
    /// The name is a keyword.
    Keyword(String),
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameError::Empty(v) => write!(f, "`{v}` has no letters or digits to build a Rust name from"),
            NameError::Keyword(v) => write!(f, "`{v}` would become the Rust keyword `{v}`"),
        }
    }
}

/// `UpperCamel` name for an id or enum value.
pub fn upper_camel(value: &str) -> Result<String, NameError> {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(&chars.as_str().to_lowercase());
        }
        word.clear();
    };
    for ch in value.chars() {
        match ch {
            '+' => {
                flush(&mut word, &mut out);
                out.push_str("Plus");
            }
            c if c.is_ascii_alphanumeric() => {
                // A digit-letter boundary inside a word keeps its case: `e10` stays one word.
                word.push(c);
            }
            _ => flush(&mut word, &mut out),
        }
    }
    flush(&mut word, &mut out);
    if out.is_empty() {
        return Err(NameError::Empty(value.to_owned()));
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    if RESERVED.contains(&out.as_str()) {
        return Err(NameError::Keyword(out));
    }
    Ok(out)
}

/// `snake_case` field name for a config property; keywords get a raw identifier (`r#type`).
pub fn field_ident(name: &str) -> Result<(String, bool), NameError> {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.is_empty() {
        return Err(NameError::Empty(name.to_owned()));
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok((format!("n{out}"), false));
    }
    let raw = RESERVED.contains(&out.as_str());
    Ok((out, raw))
}

/// `SCREAMING_SNAKE` name for a constant.
pub fn screaming(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_values() {
        assert_eq!(upper_camel("time_daily_limit").as_deref(), Ok("TimeDailyLimit"));
        assert_eq!(upper_camel("PG-13").as_deref(), Ok("Pg13"));
        assert_eq!(upper_camel("TV-Y7").as_deref(), Ok("TvY7"));
        assert_eq!(upper_camel("E10+").as_deref(), Ok("E10Plus"));
        assert_eq!(upper_camel("12").as_deref(), Ok("N12"));
        assert_eq!(upper_camel("2+").as_deref(), Ok("N2Plus"));
        assert_eq!(upper_camel("under_13").as_deref(), Ok("Under13"));
        assert_eq!(upper_camel("13_15").as_deref(), Ok("N1315"));
        assert_eq!(upper_camel("friends only").as_deref(), Ok("FriendsOnly"));
        assert_eq!(upper_camel("héllo wörld").as_deref(), Ok("HLloWRld"));
    }

    #[test]
    fn refuses_keywords_and_empty_names() {
        assert_eq!(upper_camel("self"), Err(NameError::Keyword("Self".into())));
        assert_eq!(upper_camel("--"), Err(NameError::Empty("--".into())));
        assert_eq!(field_ident("type"), Ok(("type".into(), true)));
        assert_eq!(field_ident("max-ratings"), Ok(("max_ratings".into(), false)));
        assert_eq!(field_ident("3d"), Ok(("n3d".into(), false)));
    }

    #[test]
    fn distinct_values_can_collide_and_the_caller_must_see_it() {
        assert_eq!(upper_camel("13_15"), upper_camel("13-15"));
    }
}
