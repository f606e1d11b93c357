//! `ocss route`: a policy split between a family's platforms and the fallback services, with each
//! platform's enforcement accounting, as an 80-column table, Markdown or stable JSON.

use std::fmt::Write as _;

use ocss_engine::enforcement::{EnforcementResult, Job, enforce, render_step};
use ocss_engine::routing::{Route, Router, route_family};
use serde_json::{Value, json};

use super::policy::PolicyRule;
use super::{EngineTables, PlatformView, ReportFormat};
use crate::table::{escape_controls, render, wrap};

fn ids<'r>(rules: &[&PolicyRule<'r>]) -> Vec<&'r str> {
    rules.iter().map(|r| r.category).collect()
}

/// The enforcement plan of `rules` on each platform of the family.
pub fn plan<'r>(
    tables: &'r EngineTables<'r>,
    family: &[&'r PlatformView<'r>],
    rules: &[PolicyRule<'r>],
) -> Vec<EnforcementResult<'r, &'r str>> {
    let categories = &tables.registry.rules.categories;
    let step = |r: &PolicyRule<'r>| render_step(&categories[r.index].manual_step, &r.config);
    let job =
        Job { fallback: &tables.fallback, service_ids: &tables.service_ids, manual_step: &step, failed: &|_| false };
    family.iter().map(|p| enforce(&job, *p, rules)).collect()
}

/// The routing report.
pub fn report<'r>(
    tables: &'r EngineTables<'r>,
    family: &[&'r PlatformView<'r>],
    rules: &[PolicyRule<'r>],
    format: ReportFormat,
) -> String {
    let routing = route_family(&tables.fallback, family, rules);
    let router = Router::for_platforms(&tables.fallback, family.iter().copied());
    let results = plan(tables, family, rules);
    match format {
        ReportFormat::Json => {
            let v = json!({
                "platforms": family.iter().map(|p| p.platform.id.as_str()).collect::<Vec<_>>(),
                "native": routing.platforms.iter().map(|(p, rs)| json!({ "platform": p.platform.id, "categories": ids(rs) })).collect::<Vec<_>>(),
                "services": routing.services.iter().map(|(s, rs)| json!({ "service": tables.service_ids[*s], "categories": ids(rs) })).collect::<Vec<_>>(),
                "disabled": ids(&routing.disabled),
                "unroutable": ids(&routing.unroutable),
                "enforcement": serde_json::to_value(&results).unwrap_or(Value::Null),
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ReportFormat::Md | ReportFormat::Table => {
            let mut ordered: Vec<&PolicyRule<'r>> = rules.iter().collect();
            ordered.sort_by_key(|r| r.index);
            let rows: Vec<Vec<String>> = ordered
                .iter()
                .map(|rule| {
                    let to = match router.route(*rule) {
                        Route::Disabled => "skipped (disabled)".to_owned(),
                        Route::Native => {
                            let on: Vec<&str> = family
                                .iter()
                                .filter(|p| p.covers.contains(rule.index))
                                .map(|p| p.platform.id.as_str())
                                .collect();
                            format!("native: {}", on.join(", "))
                        }
                        Route::Service(s) => format!("service: {}", tables.service_ids[s]),
                        Route::Unroutable => "unroutable".to_owned(),
                    };
                    vec![rule.category.to_owned(), if rule.enabled { "yes".into() } else { "no".into() }, to]
                })
                .collect();
            if format == ReportFormat::Md {
                let mut out = String::from("| Category | Enabled | Routed to |\n|---|---|---|\n");
                for r in &rows {
                    let _ = writeln!(out, "| `{}` | {} | {} |", r[0], r[1], r[2]);
                }
                return out;
            }
            table(family, rules.len(), &rows, &results)
        }
    }
}

fn table(
    family: &[&PlatformView<'_>],
    count: usize,
    rows: &[Vec<String>],
    results: &[EnforcementResult<'_, &str>],
) -> String {
    let names: Vec<String> = family
        .iter()
        .map(|p| format!("{} ({})", escape_controls(&p.platform.name), p.platform.enforcement_mode))
        .collect();
    let mut out = wrap(&format!("{count} rules for {}", names.join(", ")), "");
    out.push('\n');
    out.push_str(&render(&["category", "enabled", "routed to"], rows));
    for r in results {
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
                out.push_str(wrap(&escape_controls(&format!("- {step}")), "  ").trim_end());
            }
        }
        out.push('\n');
    }
    out
}
