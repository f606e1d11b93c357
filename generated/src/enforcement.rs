//! Enforcement accounting, as the seeds define `EnforcementResult`: what a platform applied, skipped
//! and failed, and the manual steps a parent must take. A `manual_attested` platform never counts a
//! rule as applied: its native rules become human-readable steps, and the parent is the actor.

use serde::Serialize;
use serde_json::Value;

use crate::routing::{Route, Router};
use crate::tables::Platform;
use crate::{EnforcementMode, PolicyRule, RuleCategory};

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
pub enum RoutedTo {
    /// The platform's own API, DNS or device management.
    Platform(&'static str),
    /// A parent, following a manual step on the platform.
    Parent(&'static str),
    /// A fallback service.
    Service(&'static str),
    /// Nowhere: disabled.
    Skipped,
    /// Nowhere: nothing can enforce it.
    Unroutable,
}

/// What happened to one rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct RuleDetail {
    /// The rule's category.
    pub category: RuleCategory,
    /// Where it went.
    pub routed_to: RoutedTo,
    /// Whether the platform write failed.
    pub failed: bool,
}

/// The per-platform result of an enforcement job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnforcementResult {
    /// The platform.
    pub platform_id: &'static str,
    /// Overall status.
    pub status: JobStatus,
    /// Rules written by the platform (dns, device and api_write modes only).
    pub rules_applied: usize,
    /// Rules the platform does not support or that are disabled.
    pub rules_skipped: usize,
    /// Rules whose write failed.
    pub rules_failed: usize,
    /// Steps for a parent; non-empty means the platform was guided, not programmed.
    pub manual_steps: Vec<String>,
    /// One entry per input rule, in registry order.
    pub details: Vec<RuleDetail>,
}

/// Accounts for enforcing `rules` on `platform`. `failed` says which native writes failed (pass
/// `|_| false` to plan a job before it runs).
pub fn enforce(
    platform: &'static Platform,
    rules: &[PolicyRule],
    failed: impl Fn(&PolicyRule) -> bool,
) -> EnforcementResult {
    let router = Router::new([platform]);
    let manual = platform.enforcement_mode == EnforcementMode::ManualAttested;
    let mut ordered: Vec<&PolicyRule> = rules.iter().collect();
    ordered.sort_by_key(|r| r.category().index());
    let mut result = EnforcementResult {
        platform_id: platform.id,
        status: JobStatus::Completed,
        rules_applied: 0,
        rules_skipped: 0,
        rules_failed: 0,
        manual_steps: Vec::new(),
        details: Vec::with_capacity(rules.len()),
    };
    for rule in ordered {
        let (routed_to, fail) = match router.route(rule) {
            Route::Native if manual => {
                result.manual_steps.push(manual_step(rule));
                (RoutedTo::Parent(platform.id), false)
            }
            Route::Native if platform.enforcement_mode == EnforcementMode::ComingSoon => {
                result.rules_skipped += 1;
                (RoutedTo::Unroutable, false)
            }
            Route::Native => {
                let f = failed(rule);
                if f {
                    result.rules_failed += 1;
                } else {
                    result.rules_applied += 1;
                }
                (RoutedTo::Platform(platform.id), f)
            }
            Route::Service(s) => {
                result.rules_skipped += 1;
                (RoutedTo::Service(s.as_str()), false)
            }
            Route::Disabled => {
                result.rules_skipped += 1;
                (RoutedTo::Skipped, false)
            }
            Route::Unroutable => {
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

/// The human-readable step for `rule`: its category's template with `{field}` placeholders replaced
/// by the config's values.
pub fn manual_step(rule: &PolicyRule) -> String {
    let template = rule.category().manual_step_template();
    let config = serde_json::to_value(rule.config()).unwrap_or(Value::Null);
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
