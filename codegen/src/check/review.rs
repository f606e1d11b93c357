//! Review checks: law statuses and dates against the registry's `reviewed` day (never a clock, so
//! runs are deterministic), every fact source pointing at a fact that is in the file, and the
//! citation URL naming the text itself rather than a site's home page or a search form.

use std::collections::BTreeSet;

use super::Ctx;
use super::laws::before;
use crate::diag::{Code, Diagnostic};
use crate::model::{EnactmentStatus, EnforcementStatus, Law};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let model = ctx.model;
    let Some(rules) = &model.rules else { return };
    let reviewed = rules.reviewed.as_deref();
    if reviewed.is_none() && !model.laws.is_empty() {
        ctx.at(
            rules.file,
            "",
            Diagnostic::new(Code::StaleStatus, "the registry holds laws but states no `reviewed` day")
                .help("add `\"reviewed\": \"YYYY-MM-DD\"`, the day the law registry was last reviewed as a whole"),
        );
    }
    for law in &model.laws {
        if let Some(day) = reviewed {
            against_review(ctx, law, day);
        }
        sources(ctx, law);
        if let Some(why) = not_the_text(&law.citation.url) {
            ctx.at(
                law.file,
                "/citation/url",
                Diagnostic::new(Code::CitationUrl, format!("the citation URL of `{}` is {why}", law.id)).help(
                    "link the bill, statute or regulation itself on the legislature's, gazette's or regulator's site",
                ),
            );
        }
    }
}

/// Query parameters that carry free-text search words, not the id of one document.
const SEARCH_WORDS: [&str; 5] = ["q", "query", "keyword", "keywords", "search"];

/// Why `url` cannot be the page of one text: a site's home page, or a search. A lookup by number
/// (`search_by_number.php?DocumentNumber=LB504`) names one document and is fine.
fn not_the_text(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or(rest);
    let (place, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = place.split_once('/').map_or("", |(_, p)| p).trim_end_matches('/');
    let params: Vec<&str> = query.split('&').filter_map(|kv| kv.split('=').next()).filter(|k| !k.is_empty()).collect();
    if path.is_empty() && params.is_empty() {
        return Some("a site's home page");
    }
    if params.iter().any(|k| SEARCH_WORDS.contains(&k.to_ascii_lowercase().as_str())) {
        return Some("a keyword search");
    }
    let last = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    (last.contains("search") && params.is_empty()).then_some("a search form")
}

fn stale(ctx: &mut Ctx<'_>, law: &Law, pointer: &str, message: String, help: &str) {
    ctx.at(law.file, pointer, Diagnostic::new(Code::StaleStatus, message).help(help.to_owned()));
}

fn against_review(ctx: &mut Ctx<'_>, law: &Law, reviewed: &str) {
    let d = &law.dates;
    // The earliest effective day certainly reached by the review, and the earliest of all (files
    // need not list effective dates in order). A month-only date in the review's month is neither.
    let started = d.effective.iter().map(|e| e.date.as_str()).filter(|e| *e == reviewed || before(e, reviewed)).min();
    let first = d.effective.iter().map(|e| e.date.as_str()).min().filter(|f| before(reviewed, f));
    match law.enforcement_status {
        EnforcementStatus::NotYetEffective if let Some(day) = started => stale(
            ctx,
            law,
            "/enforcement_status",
            format!("`{}` is `not_yet_effective`, but it took effect on {day} (registry reviewed {reviewed})", law.id),
            "set `in_force` (or `partially_in_force`, or the court's status), or correct the effective date",
        ),
        EnforcementStatus::InForce if let (None, Some(day)) = (started, first) => stale(
            ctx,
            law,
            "/enforcement_status",
            format!("`{}` is `in_force`, but its first effective date {day} is after the review of {reviewed}", law.id),
            "set `not_yet_effective` until that day",
        ),
        _ => {}
    }
    if let Some(end) = &d.session_ends
        && before(end, reviewed)
        && matches!(
            law.enactment_status,
            EnactmentStatus::Proposed | EnactmentStatus::Introduced | EnactmentStatus::PassedOneChamber
        )
    {
        stale(
            ctx,
            law,
            "/enactment_status",
            format!(
                "`{}` is still `{}`, but its session ended on {end} (registry reviewed {reviewed})",
                law.id, law.enactment_status
            ),
            "a bill that did not pass before its session ended is `expired`; record the outcome",
        );
    }
    let dated = d.events.iter().enumerate().map(|(i, e)| (format!("/dates/events/{i}/date"), &e.date));
    let all = dated.chain(std::iter::once(("/verified".to_owned(), &law.verified)));
    for (pointer, day) in all.collect::<Vec<_>>() {
        if before(reviewed, day) {
            stale(
                ctx,
                law,
                &pointer,
                format!("{day} is after the registry's review of {reviewed}"),
                "events and checks cannot postdate the review: move `reviewed` forward when the registry is reviewed",
            );
        }
    }
}

fn sources(ctx: &mut Ctx<'_>, law: &Law) {
    let mut seen = BTreeSet::new();
    for (i, source) in law.sources.iter().enumerate() {
        let message = if !ctx.resolves(law.file, &source.pointer) {
            format!("source {i} points at `{}`, which is not in this file", source.pointer)
        } else if !seen.insert((&source.pointer, &source.url)) {
            format!("source {i} repeats `{}` for `{}`", source.url, source.pointer)
        } else if source.url == law.citation.url {
            format!("source {i} is the official page itself; facts it shows need no source")
        } else {
            continue;
        };
        ctx.at(
            law.file,
            &format!("/sources/{i}/pointer"),
            Diagnostic::new(Code::UnknownSourcePointer, message)
                .help("each source names, by JSON pointer, one fact of this file that the official page does not show"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::not_the_text;

    #[test]
    fn home_pages_and_searches_are_not_texts() {
        assert_eq!(not_the_text("https://www.legis.ga.gov/"), Some("a site's home page"));
        assert_eq!(not_the_text("https://ndpc.gov.ng"), Some("a site's home page"));
        assert_eq!(not_the_text("https://peraturan.bpk.go.id/Search?keywords=PP+17"), Some("a keyword search"));
        assert_eq!(not_the_text("https://alison.legislature.state.al.us/bill-search"), Some("a search form"));
        for fine in [
            "https://nebraskalegislature.gov/bills/search_by_number.php?DocumentNumber=LB504",
            "https://capitol.texas.gov/BillLookup/History.aspx?LegSess=88R&Bill=HB18",
            "https://eur-lex.europa.eu/eli/reg/2022/2065/oj",
            "https://www.legislation.gov.uk/ukpga/2023/50",
            "https://assembly.state.ny.us/leg/?Text=Y&bn=S9051A&term=2025",
        ] {
            assert_eq!(not_the_text(fine), None, "{fine}");
        }
    }
}
