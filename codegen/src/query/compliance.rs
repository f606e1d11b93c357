//! `ocss compliance`: which laws a family's platforms (plus the fallback services) cover, and the
//! gaps; or one law category by category.

use std::fmt::Write as _;

use ocss_engine::compliance::{Coverage, Verdict};
use serde_json::json;

use super::{CategoryBits, EngineTables, PlatformView, ReportFormat};
use crate::model::Law;
use crate::table::{render, wrap};

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Covered => "covered",
        Verdict::CoveredWithFallback => "fallback",
        Verdict::Gaps => "gaps",
    }
}

fn family_cover(family: &[&PlatformView<'_>]) -> CategoryBits {
    family.iter().fold(CategoryBits::EMPTY, |acc, p| acc.union(p.covers))
}

/// Every law (sorted by id) against the family.
pub fn coverage<'r>(
    tables: &EngineTables<'r>,
    family: &[&PlatformView<'r>],
) -> Vec<(&'r Law, Coverage<{ super::TOOL_WORDS }>)> {
    let (native, services) = (family_cover(family), tables.fallback.covered());
    tables.registry.laws.iter().map(|l| (l, Coverage::of(tables.law_set(l), native, services))).collect()
}

/// The report for every law.
pub fn report(tables: &EngineTables<'_>, family: &[&PlatformView<'_>], format: ReportFormat) -> String {
    let ids: Vec<&str> = family.iter().map(|p| p.platform.id.as_str()).collect();
    let all = coverage(tables, family);
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|(l, c)| {
            vec![
                l.id.clone(),
                verdict(c.verdict()).to_owned(),
                c.native.len().to_string(),
                c.fallback.len().to_string(),
                tables.ids(c.gaps).join(", "),
            ]
        })
        .collect();
    let count = |v: Verdict| all.iter().filter(|(_, c)| c.verdict() == v).count();
    match format {
        ReportFormat::Json => {
            let v = json!({
                "platforms": ids,
                "laws": all.iter().map(|(l, c)| json!({
                    "law": l.id, "verdict": c.verdict(),
                    "native": tables.ids(c.native), "fallback": tables.ids(c.fallback), "gaps": tables.ids(c.gaps),
                })).collect::<Vec<_>>(),
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ReportFormat::Md => {
            let mut out = String::from("| Law | Verdict | Native | Fallback | Gaps |\n|---|---|---|---|---|\n");
            for r in &rows {
                let _ = writeln!(out, "| `{}` | {} | {} | {} | {} |", r[0], r[1], r[2], r[3], r[4]);
            }
            out
        }
        ReportFormat::Table => {
            let mut out = wrap(
                &format!(
                    "{} laws for {}: {} covered, {} covered with fallback services, {} with gaps",
                    all.len(),
                    ids.join(", "),
                    count(Verdict::Covered),
                    count(Verdict::CoveredWithFallback),
                    count(Verdict::Gaps)
                ),
                "",
            );
            out.push('\n');
            out.push_str(&render(&["law", "verdict", "native", "fallback", "gaps"], &rows));
            out
        }
    }
}

/// The report for one law, category by category.
pub fn law_report(tables: &EngineTables<'_>, family: &[&PlatformView<'_>], law: &Law, format: ReportFormat) -> String {
    let ids: Vec<&str> = family.iter().map(|p| p.platform.id.as_str()).collect();
    // Per required category: the family's platforms that enforce it, and its fallback service.
    let detail: Vec<(&str, Vec<&str>, Option<&str>)> = tables
        .law_set(law)
        .iter()
        .map(|c| {
            let on = family.iter().filter(|p| p.covers.contains(c)).map(|p| p.platform.id.as_str()).collect();
            (
                tables.registry.rules.categories[c].id.as_str(),
                on,
                tables.fallback.service_of(c).map(|s| tables.service_ids[s]),
            )
        })
        .collect();
    let state = |on: &[&str], service: Option<&str>| match (on.is_empty(), service) {
        (false, _) => "native",
        (true, Some(_)) => "fallback",
        (true, None) => "gap",
    };
    let rows: Vec<Vec<String>> = detail
        .iter()
        .map(|(id, on, service)| {
            vec![
                (*id).to_owned(),
                state(on, *service).to_owned(),
                on.join(", "),
                service.unwrap_or_default().to_owned(),
            ]
        })
        .collect();
    match format {
        ReportFormat::Json => {
            let v = json!({
                "law": law.id, "platforms": ids,
                "categories": detail.iter().map(|(id, on, service)| json!({
                    "category": id, "status": state(on, *service), "platforms": on, "service": service,
                })).collect::<Vec<_>>(),
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ReportFormat::Md => {
            let mut out = format!(
                "## {} ({})\n\n| Category | Status | Platforms | Service |\n|---|---|---|---|\n",
                law.short_name, law.id
            );
            for r in &rows {
                let _ = writeln!(out, "| `{}` | {} | {} | {} |", r[0], r[1], r[2], r[3]);
            }
            out
        }
        ReportFormat::Table => {
            let mut out = wrap(&format!("{} ({}) for {}", law.short_name, law.id, ids.join(", ")), "");
            out.push('\n');
            out.push_str(&render(&["category", "status", "native on", "service"], &rows));
            out
        }
    }
}
