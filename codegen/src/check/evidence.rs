//! Evidence checks: a category's evidence agrees with the laws that cite it. A `designed_from_laws`
//! list names every citing law (no cap), and an evidence note that names a law (by id, former id or
//! short name) names one that cites the category.

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{Category, Evidence, Law};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let model = ctx.model;
    let Some(rules) = &model.rules else { return };
    if model.unloaded > 0 {
        // A law that did not load would look like a missing citation.
        return;
    }
    for (i, c) in rules.categories.iter().enumerate() {
        let citing: Vec<&Law> = model.laws.iter().filter(|l| l.duty(&c.id).is_some()).collect();
        for (j, ev) in c.evidence.iter().enumerate() {
            let at = format!("/categories/{i}/evidence/{j}");
            if let Evidence::DesignedFromLaws { laws, .. } = ev {
                complete(ctx, c, &at, laws, &citing);
            }
            if let Some(note) = note(ev) {
                named_laws_cite(ctx, c, &format!("{at}/note"), note, &model.laws);
            }
        }
    }
}

fn note(ev: &Evidence) -> Option<&str> {
    match ev {
        Evidence::Seed { note } | Evidence::Pcss10 { note } | Evidence::PublicPage { note, .. } => note.as_deref(),
        Evidence::DesignedFromLaws { note, .. } => note.as_deref(),
        Evidence::DesignedForPlatforms { note } => Some(note),
    }
}

fn complete(ctx: &mut Ctx<'_>, c: &Category, at: &str, listed: &[String], citing: &[&Law]) {
    let missing: Vec<String> =
        citing.iter().filter(|l| !listed.contains(&l.id)).map(|l| format!("`{}`", l.id)).collect();
    if missing.is_empty() {
        return;
    }
    let file = ctx.rules_file();
    ctx.at(
        file,
        &format!("{at}/laws"),
        Diagnostic::new(
            Code::EvidenceCitation,
            format!("the evidence of `{}` leaves out {} citing law(s): {}", c.id, missing.len(), missing.join(", ")),
        )
        .help("list every law that cites the category; the evidence has no cap"),
    );
}

/// Spans of whole-word occurrences of `name` in `text`.
fn occurrences(text: &str, name: &str) -> Vec<(usize, usize)> {
    let word = |ch: Option<char>| ch.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
    text.match_indices(name)
        .map(|(s, m)| (s, s + m.len()))
        .filter(|&(s, e)| !word(text[..s].chars().next_back()) && !word(text[e..].chars().next()))
        .collect()
}

fn named_laws_cite(ctx: &mut Ctx<'_>, c: &Category, at: &str, note: &str, laws: &[Law]) {
    // Every (start, end, law) mention; a mention inside a longer one ("COPPA" in "COPPA 2.0") is
    // the longer law's.
    let mut mentions: Vec<(usize, usize, &Law)> = Vec::new();
    for law in laws {
        let names = std::iter::once(&law.id).chain(&law.aliases).chain(std::iter::once(&law.short_name));
        for name in names {
            mentions.extend(occurrences(note, name).into_iter().map(|(s, e)| (s, e, law)));
        }
    }
    let outer: Vec<&Law> = mentions
        .iter()
        .filter(|(s, e, _)| !mentions.iter().any(|(s2, e2, _)| s2 <= s && e <= e2 && e2 - s2 > e - s))
        .map(|&(_, _, l)| l)
        .collect();
    for law in outer {
        if law.duty(&c.id).is_some() {
            continue;
        }
        let file = ctx.rules_file();
        ctx.at(
            file,
            at,
            Diagnostic::new(
                Code::EvidenceCitation,
                format!("an evidence note of `{}` names `{}`, which does not cite it", c.id, law.id),
            )
            .help(format!("rewrite the note, or add `{}` to the law's categories with its provision", c.id)),
        );
    }
}
