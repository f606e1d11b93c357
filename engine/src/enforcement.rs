//! Enforcement accounting, as the seeds define `EnforcementResult`: what a platform applied, skipped
//! and failed, and the manual steps a parent must take. A manually configured platform never counts
//! a rule as applied: its native rules become human-readable steps, and the parent is the actor.

use serde::Serialize;
use serde_json::Value;

use crate::routing::{Fallback, Route, Router};
use crate::{Delivery, Platform, Rule};

/// Overall outcome of one platform's enforcement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Everything the platform supports was applied.
    Completed,
    /// Some rules failed, or steps are left for a parent.
    Partial,
    /// Every rule the platform tried failed.
    Failed,
}

/// Where one rule was sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RoutedTo<'a> {
    /// The platform's own API, DNS or device management.
    Platform(&'a str),
    /// A parent, following a manual step on the platform.
    Parent(&'a str),
    /// A fallback service.
    Service(&'a str),
    /// Nowhere: disabled.
    Skipped,
    /// Nowhere: nothing can enforce it.
    Unroutable,
}

/// What happened to one rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RuleDetail<'a, C> {
    /// The rule's category.
    pub category: C,
    /// Where it went.
    pub routed_to: RoutedTo<'a>,
    /// Whether the platform write failed.
    pub failed: bool,
}

/// The per-platform result of an enforcement job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnforcementResult<'a, C> {
    /// The platform.
    pub platform_id: &'a str,
    /// Overall status.
    pub status: JobStatus,
    /// Rules written by the platform (programmed platforms only).
    pub rules_applied: usize,
    /// Rules the platform does not support or that are disabled.
    pub rules_skipped: usize,
    /// Rules whose write failed.
    pub rules_failed: usize,
    /// Steps for a parent; non-empty means the platform was guided, not programmed.
    pub manual_steps: Vec<String>,
    /// One entry per input rule, in registry order.
    pub details: Vec<RuleDetail<'a, C>>,
}

/// What [`enforce`] needs besides the platform and the rules; `'a` is the lifetime of the ids
/// reported in results, `'j` that of the job itself.
pub struct Job<'j, 'a, R, const W: usize> {
    /// The registry's fallback table.
    pub fallback: &'j Fallback<W>,
    /// Service ids by index, for reporting where a rule went.
    pub service_ids: &'j [&'a str],
    /// The manual step of a rule, for manually configured platforms.
    pub manual_step: &'j dyn Fn(&R) -> String,
    /// Which native writes failed (`|_| false` plans a job before it runs).
    pub failed: &'j dyn Fn(&R) -> bool,
}

/// Accounts for enforcing `rules` on `platform`.
pub fn enforce<'a, P: Platform<W>, R: Rule, const W: usize>(
    job: &Job<'_, 'a, R, W>,
    platform: &'a P,
    rules: &[R],
) -> EnforcementResult<'a, R::Category> {
    let router = Router::new(job.fallback, platform.covers());
    let delivery = platform.delivery();
    let id = platform.id();
    let mut ordered: Vec<&R> = rules.iter().collect();
    ordered.sort_by_key(|r| r.category_index());
    let mut result = EnforcementResult {
        platform_id: id,
        status: JobStatus::Completed,
        rules_applied: 0,
        rules_skipped: 0,
        rules_failed: 0,
        manual_steps: Vec::new(),
        details: Vec::with_capacity(rules.len()),
    };
    for rule in ordered {
        let (routed_to, fail) = match (router.route(rule), delivery) {
            (Route::Native, Delivery::Manual) => {
                result.manual_steps.push((job.manual_step)(rule));
                (RoutedTo::Parent(id), false)
            }
            (Route::Native, Delivery::Unavailable) => {
                result.rules_skipped += 1;
                (RoutedTo::Unroutable, false)
            }
            (Route::Native, Delivery::Programmed) => {
                let f = (job.failed)(rule);
                if f {
                    result.rules_failed += 1;
                } else {
                    result.rules_applied += 1;
                }
                (RoutedTo::Platform(id), f)
            }
            (Route::Service(s), _) => {
                result.rules_skipped += 1;
                (job.service_ids.get(s).map_or(RoutedTo::Unroutable, |sid| RoutedTo::Service(sid)), false)
            }
            (Route::Disabled, _) => {
                result.rules_skipped += 1;
                (RoutedTo::Skipped, false)
            }
            (Route::Unroutable, _) => {
                result.rules_skipped += 1;
                (RoutedTo::Unroutable, false)
            }
        };
        result.details.push(RuleDetail { category: rule.category(), routed_to, failed: fail });
    }
    let attempted = result.rules_applied + result.rules_failed;
    result.status = if attempted > 0 && result.rules_applied == 0 {
        JobStatus::Failed
    } else if result.rules_failed > 0 || !result.manual_steps.is_empty() {
        JobStatus::Partial
    } else {
        JobStatus::Completed
    };
    result
}

/// A category's manual-step `template` with each `{field}` placeholder replaced by that field of
/// `config`, in words; a field the config does not set reads "(not set)".
pub fn render_step(template: &str, config: &Value) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let field = &after[..close];
                match config.get(field) {
                    Some(v) => out.push_str(&describe(v)),
                    None => out.push_str("(not set)"),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A config value as words: strings bare, lists joined, objects as `key value` pairs.
fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) if a.is_empty() => "none".to_owned(),
        Value::Array(a) => a.iter().map(describe).collect::<Vec<_>>().join(", "),
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k} {}", describe(v))).collect::<Vec<_>>().join(", "),
        Value::Bool(true) => "on".to_owned(),
        Value::Bool(false) => "off".to_owned(),
        other => other.to_string(),
    }
}
