//! `ocss compliance`: which laws a family's platforms (plus the fallback services) cover, and the
//! gaps; or one law category by category. Duties a court has blocked are reported as not currently
//! enforceable, never as covered or as gaps.

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

/// A required category's state for a family.
fn state(enjoined: bool, on: &[&str], service: Option<&str>) -> &'static str {
    match (enjoined, on.is_empty(), service) {
        (true, _, _) => "enjoined",
        (false, false, _) => "native",
        (false, true, Some(_)) => "fallback",
        (false, true, None) => "gap",
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
    tables
        .registry
        .laws
        .iter()
        .map(|l| (l, Coverage::of(tables.law_set(l), tables.enjoined_set(l), native, services)))
        .collect()
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
                c.enjoined.len().to_string(),
                tables.ids(c.gaps).join(", "),
                tables.ids(c.enjoined).join(", "),
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
                    "enjoined": tables.ids(c.enjoined),
                })).collect::<Vec<_>>(),
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ReportFormat::Md => {
            let mut out = String::from(
                "| Law | Verdict | Native | Fallback | Gaps | Enjoined (not enforceable now) |\n|---|---|---|---|---|---|\n",
            );
            for r in &rows {
                let _ = writeln!(out, "| `{}` | {} | {} | {} | {} | {} |", r[0], r[1], r[2], r[3], r[5], r[6]);
            }
            out
        }
        ReportFormat::Table => {
            let mut out = wrap(
                &format!(
                    "{} laws for {}: {} covered, {} covered with fallback services, {} with gaps; {} duties \
                     of {} laws not currently enforceable (enjoined), counted apart",
                    all.len(),
                    ids.join(", "),
                    count(Verdict::Covered),
                    count(Verdict::CoveredWithFallback),
                    count(Verdict::Gaps),
                    all.iter().map(|(_, c)| c.enjoined.len()).sum::<usize>(),
                    all.iter().filter(|(_, c)| !c.enjoined.is_empty()).count(),
                ),
                "",
            );
            out.push('\n');
            // Gaps stay the one wrapped column; enjoined duties are counted here and listed by `--law`.
            let table: Vec<Vec<String>> = rows.iter().map(|r| r[..6].to_vec()).collect();
            out.push_str(&render(&["law", "verdict", "native", "fallback", "enjoined", "gaps"], &table));
            out
        }
    }
}

/// The report for one law, category by category.
pub fn law_report(tables: &EngineTables<'_>, family: &[&PlatformView<'_>], law: &Law, format: ReportFormat) -> String {
    let ids: Vec<&str> = family.iter().map(|p| p.platform.id.as_str()).collect();
    // Per required category: the family's platforms that enforce it, and its fallback service.
    let enjoined = tables.enjoined_set(law);
    let detail: Vec<(&str, bool, Vec<&str>, Option<&str>)> = tables
        .law_set(law)
        .iter()
        .map(|c| {
            let on = family.iter().filter(|p| p.covers.contains(c)).map(|p| p.platform.id.as_str()).collect();
            (
                tables.registry.rules.categories[c].id.as_str(),
                enjoined.contains(c),
                on,
                tables.fallback.service_of(c).map(|s| tables.service_ids[s]),
            )
        })
        .collect();
    let rows: Vec<Vec<String>> = detail
        .iter()
        .map(|(id, blocked, on, service)| {
            vec![
                (*id).to_owned(),
                state(*blocked, on, *service).to_owned(),
                on.join(", "),
                service.unwrap_or_default().to_owned(),
            ]
        })
        .collect();
    match format {
        ReportFormat::Json => {
            let v = json!({
                "law": law.id, "platforms": ids,
                "categories": detail.iter().map(|(id, blocked, on, service)| json!({
                    "category": id, "status": state(*blocked, on, *service), "platforms": on, "service": service,
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
