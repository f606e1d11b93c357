//! Enforcement accounting over the generated tables, as the seeds define `EnforcementResult`: what
//! a platform applied, skipped and failed, and the manual steps a parent must take. The algorithm
//! is `ocss_engine::enforcement`; a `manual_attested` platform never counts a rule as applied.

use serde_json::Value;

use crate::tables::Platform;
use crate::taxonomy::{FALLBACK, SERVICE_IDS};
use crate::{PolicyRule, RuleCategory};

pub use ocss_engine::enforcement::{JobStatus, RoutedTo};

/// What happened to one rule.
pub type RuleDetail = ocss_engine::enforcement::RuleDetail<'static, RuleCategory>;

/// The per-platform result of an enforcement job.
pub type EnforcementResult = ocss_engine::enforcement::EnforcementResult<'static, RuleCategory>;

/// Accounts for enforcing `rules` on `platform`. `failed` says which native writes failed (pass
/// `|_| false` to plan a job before it runs).
pub fn enforce(
    platform: &'static Platform,
    rules: &[PolicyRule],
    failed: impl Fn(&PolicyRule) -> bool,
) -> EnforcementResult {
    let job = ocss_engine::enforcement::Job {
        fallback: &FALLBACK,
        service_ids: &SERVICE_IDS,
        manual_step: &manual_step,
        failed: &failed,
    };
    ocss_engine::enforcement::enforce(&job, platform, rules)
}

/// The human-readable step for `rule`: its category's template with `{field}` placeholders replaced
/// by the config's values.
pub fn manual_step(rule: &PolicyRule) -> String {
    let config = serde_json::to_value(rule.config()).unwrap_or(Value::Null);
    ocss_engine::enforcement::render_step(rule.category().manual_step_template(), &config)
}
