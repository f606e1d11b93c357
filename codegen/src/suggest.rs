//! Did-you-mean suggestions for misspelt ids and field names.

/// The candidate closest to `input`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(input, candidates, 1).into_iter().next()
}

/// Inputs longer than this get no suggestion: no id is this long, and comparing costs time in the
/// product of the lengths.
pub const MAX_COMPARED: usize = 128;

/// Up to `n` candidates close to `input`, best first (ties broken by name, so output is stable).
/// Work is bounded: overlong inputs are not compared, and neither are candidates whose length
/// differs from the input's by more than half (they could not score as close anyway).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let len = input.chars().count();
    if len > MAX_COMPARED {
        return Vec::new();
    }
    let near_in_length = |c: &str| c.len().abs_diff(len) <= len.max(c.len()) / 2 + 2;
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter(|c| *c != input && near_in_length(c))
        .map(|c| (strsim::jaro_winkler(input, c).max(strsim::normalized_levenshtein(input, c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["time_daily_limit", "time_downtime", "web_safesearch"];
        assert_eq!(did_you_mean("time_daly_limit", ids), Some("time_daily_limit"));
        assert_eq!(did_you_mean("web_safe_search", ids), Some("web_safesearch"));
        assert_eq!(did_you_mean("purchase_approval", ids), None);
        // Overlong input is never compared (a 1 MB id once took seconds).
        assert_eq!(did_you_mean(&"time_daily_limit".repeat(100), ids), None);
    }
}
