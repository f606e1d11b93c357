//! `ocss route` and `ocss compliance`: the generated `ocss` crate's routing engine and compliance
//! graph behind the command line, with tables for people and stable JSON for scripts.

use std::fmt::Write as _;
use std::path::Path;

use ocss::compliance::{Verdict, family_compliance, law_detail};
use ocss::enforcement::{EnforcementResult, enforce};
use ocss::routing::{Route, Router, route_family};
use ocss::tables::{Platform, law, platform};
use ocss::{PolicyRule, RuleCategory};
use serde_json::{Value, json};

use crate::table::render;

/// Output formats of `route` and `compliance`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned columns for an 80-column terminal.
    Table,
    /// Stable JSON.
    Json,
    /// A Markdown table.
    Md,
}

/// Looks up every platform id, naming the closest ids on a miss.
pub fn platforms(ids: &[String]) -> Result<Vec<&'static Platform>, String> {
    ids.iter()
        .map(|id| {
            platform(id).ok_or_else(|| {
                let near = crate::suggest::closest(id, ocss::tables::PLATFORMS.iter().map(|p| p.id), 3);
                if near.is_empty() {
                    format!("unknown platform `{id}`")
                } else {
                    format!(
                        "unknown platform `{id}`; did you mean {}?",
                        near.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or ")
                    )
                }
            })
        })
        .collect()
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    rules: Vec<PolicyRule>,
}

/// Reads a policy file: `{"rules": [...]}` or a bare array of rules. Errors carry `file:line:col`.
pub fn read_policy(path: &Path) -> Result<Vec<PolicyRule>, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let trimmed = text.trim_start();
    let parsed = if trimmed.starts_with('[') {
        serde_json::from_str::<Vec<PolicyRule>>(&text)
    } else {
        serde_json::from_str::<PolicyFile>(&text).map(|p| p.rules)
    };
    parsed.map_err(|e| format!("{shown}:{}:{}: invalid policy: {e}", e.line(), e.column()))
}

fn cats(rules: &[&PolicyRule]) -> Vec<&'static str> {
    rules.iter().map(|r| r.category().as_str()).collect()
}

/// The routing report.
pub fn route_report(platforms: &[&'static Platform], rules: &[PolicyRule], format: ReportFormat) -> String {
    let routing = route_family(platforms, rules);
    // Each rule's destination, from the same decision the engine made for the buckets.
    let router = Router::new(platforms.iter().copied());
    let mut ordered: Vec<&PolicyRule> = rules.iter().collect();
    ordered.sort_by_key(|r| r.category().index());
    let rows: Vec<Vec<String>> = ordered
        .iter()
        .map(|rule| {
            let c = rule.category();
            let to = match router.route(rule) {
                Route::Disabled => "skipped (disabled)".to_owned(),
                Route::Native => {
                    let on: Vec<&str> = platforms.iter().filter(|p| p.covers.contains(c)).map(|p| p.id).collect();
                    format!("native: {}", on.join(", "))
                }
                Route::Service(s) => format!("service: {s}"),
                Route::Unroutable => "unroutable".to_owned(),
            };
            vec![c.as_str().to_owned(), if rule.enabled { "yes".into() } else { "no".into() }, to]
        })
        .collect();
    let results: Vec<EnforcementResult> = platforms.iter().map(|p| enforce(p, rules, |_| false)).collect();
    match format {
        ReportFormat::Json => {
            let v = json!({
                "platforms": platforms.iter().map(|p| p.id).collect::<Vec<_>>(),
                "native": routing.platforms.iter().map(|(p, rs)| json!({ "platform": p.id, "categories": cats(rs) })).collect::<Vec<_>>(),
                "services": routing.services.iter().map(|(s, rs)| json!({ "service": s.as_str(), "categories": cats(rs) })).collect::<Vec<_>>(),
                "disabled": cats(&routing.disabled),
                "unroutable": cats(&routing.unroutable),
                "enforcement": serde_json::to_value(&results).unwrap_or(Value::Null),
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ReportFormat::Md => {
            let mut out = String::from("| Category | Enabled | Routed to |\n|---|---|---|\n");
            for r in &rows {
                let _ = writeln!(out, "| `{}` | {} | {} |", r[0], r[1], r[2]);
            }
            out
        }
        ReportFormat::Table => {
            let names: Vec<String> =
                platforms.iter().map(|p| format!("{} ({})", p.name, p.enforcement_mode.as_str())).collect();
            let mut out = crate::table::wrap(&format!("{} rules for {}", rules.len(), names.join(", ")), "");
            out.push('\n');
            out.push_str(&render(&["category", "enabled", "routed to"], &rows));
            for r in &results {
                let status =
                    serde_json::to_value(r.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                let _ = write!(
                    out,
                    "\n{}: {status}, applied {}, skipped {}, failed {}",
                    r.platform_id, r.rules_applied, r.rules_skipped, r.rules_failed
                );
                if !r.manual_steps.is_empty() {
                    let n = r.manual_steps.len();
                    let _ = write!(out, ", {n} manual step{} for a parent:", if n == 1 { "" } else { "s" });
                    for step in &r.manual_steps {
                        out.push('\n');
                        out.push_str(crate::table::wrap(&format!("- {step}"), "  ").trim_end());
                    }
                }
                out.push('\n');
            }
            out
        }
    }
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Covered => "covered",
        Verdict::CoveredWithFallback => "fallback",
        Verdict::Gaps => "gaps",
    }
}

/// The compliance report: every law, or one law in detail.
pub fn compliance_report(
    platforms: &[&'static Platform],
    law_id: Option<&str>,
    format: ReportFormat,
) -> Result<String, String> {
    let ids: Vec<&str> = platforms.iter().map(|p| p.id).collect();
    if let Some(id) = law_id {
        let l = law(id).ok_or_else(|| {
            let near = crate::suggest::closest(id, ocss::tables::LAWS.iter().map(|l| l.id), 3);
            format!(
                "unknown law `{id}`{}",
                if near.is_empty() { String::new() } else { format!("; did you mean `{}`?", near[0]) }
            )
        })?;
        let detail = law_detail(l, platforms);
        let rows: Vec<Vec<String>> = detail
            .iter()
            .map(|(c, ps, s)| {
                let state = if !ps.is_empty() {
                    "native"
                } else if s.is_some() {
                    "fallback"
                } else {
                    "gap"
                };
                vec![
                    c.as_str().to_owned(),
                    state.to_owned(),
                    ps.iter().map(|p| p.id).collect::<Vec<_>>().join(", "),
                    s.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                ]
            })
            .collect();
        return Ok(match format {
            ReportFormat::Json => {
                let v = json!({
                    "law": l.id, "platforms": ids,
                    "categories": detail.iter().zip(&rows).map(|((c, ps, svc), row)| json!({
                        "category": c.as_str(), "status": row[1],
                        "platforms": ps.iter().map(|p| p.id).collect::<Vec<_>>(),
                        "service": svc.map(|s| s.as_str()),
                    })).collect::<Vec<_>>(),
                });
                serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
            }
            ReportFormat::Md => {
                let mut out = format!(
                    "## {} ({})\n\n| Category | Status | Platforms | Service |\n|---|---|---|---|\n",
                    l.short_name, l.id
                );
                for r in &rows {
                    let _ = writeln!(out, "| `{}` | {} | {} | {} |", r[0], r[1], r[2], r[3]);
                }
                out
            }
            ReportFormat::Table => {
                let mut out = crate::table::wrap(&format!("{} ({}) for {}", l.short_name, l.id, ids.join(", ")), "");
                out.push('\n');
                out.push_str(&render(&["category", "status", "native on", "service"], &rows));
                out
            }
        });
    }
    let all = family_compliance(platforms);
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|c| {
            vec![
                c.law.id.to_owned(),
                verdict(c.verdict()).to_owned(),
                c.native.len().to_string(),
                c.fallback.len().to_string(),
                c.gaps.iter().map(RuleCategory::as_str).collect::<Vec<_>>().join(", "),
            ]
        })
        .collect();
    let count = |v: Verdict| all.iter().filter(|c| c.verdict() == v).count();
    Ok(match format {
        ReportFormat::Json => {
            let v = json!({
                "platforms": ids,
                "laws": all.iter().map(|c| json!({
                    "law": c.law.id, "verdict": c.verdict(),
                    "native": c.native.iter().map(RuleCategory::as_str).collect::<Vec<_>>(),
                    "fallback": c.fallback.iter().map(RuleCategory::as_str).collect::<Vec<_>>(),
                    "gaps": c.gaps.iter().map(RuleCategory::as_str).collect::<Vec<_>>(),
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
            let mut out = crate::table::wrap(
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
    })
}
