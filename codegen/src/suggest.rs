//! Did-you-mean suggestions for misspelt ids and field names.

/// The candidate closest to `input`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest(input, candidates, 1).into_iter().next()
}

/// Up to `n` candidates close to `input`, best first (ties broken by name, so output is stable).
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter(|c| *c != input)
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
    }
}
