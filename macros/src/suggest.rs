//! Did-you-mean for misspelt ids, bounded like the toolchain's.

/// The candidate closest to `input`, when one is close enough to be a typo.
pub(crate) fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if input.len() > 128 {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(input, c).max(strsim::normalized_levenshtein(input, c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` or nothing.
pub(crate) fn hint<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(input, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}
