//! Age-default policy checks, beyond schema validity: bands line up with the age signals platforms
//! receive, a platform's legal duty does not bend to a parent's strictness, and no default is weaker
//! than what a law citing the category demands of it.

use serde_json::Value;

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{Category, DefaultBand, Law, Obligation, Setting, Strictness};
use crate::schema::compile_config_schema;

/// First ages of the OS and app-store age signals (under_13, 13_15, 16_17): a category whose
/// defaults vary by age must not put both sides of one of these in a single band.
const SIGNAL_STARTS: [u8; 2] = [13, 16];

/// The taxonomy major version from which defaults follow the age signals; older releases kept in
/// `registry/history/` stay readable for `ocss diff`.
const SIGNAL_BANDS_SINCE_MAJOR: u64 = 4;

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let Some(rules) = &ctx.model.rules else { return };
    let major = rules.version.split('.').next().and_then(|m| m.parse::<u64>().ok()).unwrap_or(0);
    for (i, c) in rules.categories.iter().enumerate() {
        let base = format!("/categories/{i}");
        if major >= SIGNAL_BANDS_SINCE_MAJOR {
            bands_follow_signals(ctx, c, &base);
        }
        if c.obligation == Obligation::PlatformDuty {
            duty_ignores_strictness(ctx, c, &base);
        }
        for law in ctx.model.laws.iter() {
            if let Some(duty) = law.duty(&c.id)
                && let Some(requires) = &duty.requires
            {
                meets_law(ctx, c, &base, law, requires);
            }
        }
    }
}

fn bands_follow_signals(ctx: &mut Ctx<'_>, c: &Category, base: &str) {
    if c.defaults.len() < 2 {
        return;
    }
    for (j, band) in c.defaults.iter().enumerate() {
        let Some(start) = SIGNAL_STARTS.iter().find(|&&s| band.min_age < s && s <= band.max_age) else { continue };
        at_band(
            ctx,
            base,
            j,
            Diagnostic::new(
                Code::DefaultCoverage,
                format!(
                    "band {}-{} of `{}` spans ages {} and {start}, which the age signals keep apart",
                    band.min_age,
                    band.max_age,
                    c.id,
                    start - 1
                ),
            )
            .help("split it at 13 and 16 (under 13, 13-15, 16-17), so a 16-year-old is not capped like a 13-year-old"),
        );
    }
}

/// Reports `d` at age band `j` of the category at `base` in `ocss-rules.json`.
fn at_band(ctx: &mut Ctx<'_>, base: &str, j: usize, d: Diagnostic) {
    let file = ctx.rules_file();
    ctx.at(file, &format!("{base}/defaults/{j}"), d);
}

/// The strictnesses (as "`light`", …) whose setting in `band` satisfies `pred`.
fn strictnesses_where(band: &DefaultBand, pred: impl Fn(&Setting) -> bool) -> Vec<String> {
    band.settings().filter(|(_, s)| pred(s)).map(|(k, _)| format!("`{k}`")).collect()
}

fn duty_ignores_strictness(ctx: &mut Ctx<'_>, c: &Category, base: &str) {
    for (j, band) in c.defaults.iter().enumerate() {
        let reference = band.setting(Strictness::Recommended);
        let differ = strictnesses_where(band, |s| s != reference);
        if differ.is_empty() {
            continue;
        }
        at_band(
            ctx,
            base,
            j,
            Diagnostic::new(
                Code::DutyDefaultVaries,
                format!(
                    "`{}` is a platform duty, but for ages {}-{} its {} {} from `recommended`",
                    c.id,
                    band.min_age,
                    band.max_age,
                    differ.join(" and "),
                    if differ.len() == 1 { "setting differs" } else { "settings differ" }
                ),
            )
            .help("a legal duty does not depend on the parent's strictness: give every strictness the same setting"),
        );
    }
}

/// Every enabled default for an age the law protects satisfies the law's `requires` schema.
fn meets_law(ctx: &mut Ctx<'_>, c: &Category, base: &str, law: &Law, requires: &serde_json::Map<String, Value>) {
    let pointer = law.categories.iter().position(|d| d.id == c.id).map(|k| format!("/categories/{k}/requires"));
    let schema = Value::Object(requires.clone());
    let validator = match compile_config_schema(&schema) {
        Ok(v) => v,
        Err((inner, msg)) => {
            let at = format!("{}{inner}", pointer.unwrap_or_default());
            ctx.at(
                law.file,
                &at,
                Diagnostic::new(
                    Code::DefaultBelowLaw,
                    format!("`requires` of `{}` is not a usable JSON Schema: {msg}", c.id),
                )
                .help("write what the law demands as JSON Schema over the category's config"),
            );
            return;
        }
    };
    let from = law.age_threshold.from.unwrap_or(0);
    for (j, band) in c.defaults.iter().enumerate() {
        if band.max_age < from || band.min_age >= law.age_threshold.under {
            continue;
        }
        let weaker = strictnesses_where(band, |s| s.enabled && !validator.is_valid(&Value::Object(s.config.clone())));
        if weaker.is_empty() {
            continue;
        }
        at_band(
            ctx,
            base,
            j,
            Diagnostic::new(
                Code::DefaultBelowLaw,
                format!(
                    "the {} {} of `{}` for ages {}-{} {} weaker than `{}` requires",
                    weaker.join(" and "),
                    if weaker.len() == 1 { "default" } else { "defaults" },
                    c.id,
                    band.min_age,
                    band.max_age,
                    if weaker.len() == 1 { "is" } else { "are" },
                    law.id
                ),
            )
            .help(format!("`{}` requires {}: tighten the default, or correct the law's `requires`", law.id, schema)),
        );
    }
}
