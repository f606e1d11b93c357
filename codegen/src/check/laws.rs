//! Law checks: jurisdiction codes agree with the id, dates are real and in order, statuses do not
//! contradict each other, and categories' `status`/`uncited_reason` agree with who cites them.

use std::collections::HashMap;

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{CategoryStatus, EnactmentStatus, EnforcementStatus, EventKind, Evidence, JurisdictionGroup, Law};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    for law in &ctx.model.laws {
        jurisdiction(ctx, law);
        dates(ctx, law);
        statuses(ctx, law);
        if let Some(from) = law.age_threshold.from
            && from >= law.age_threshold.under
        {
            ctx.at(
                law.file,
                "/age_threshold/from",
                Diagnostic::new(
                    Code::InvalidAgeRange,
                    format!("age range from {from} to under {} is empty", law.age_threshold.under),
                )
                .help("`from` must be lower than `under`"),
            );
        }
    }
    citations(ctx);
}

fn jurisdiction(ctx: &mut Ctx<'_>, law: &Law) {
    let country = law.country.to_lowercase();
    let mut prefix = country.clone();
    if let Some(sub) = &law.subdivision {
        match sub.split_once('-') {
            Some((c, region)) if c == law.country => {
                prefix = format!("{country}-{}", region.to_lowercase());
            }
            _ => ctx.at(
                law.file,
                "/subdivision",
                Diagnostic::new(
                    Code::JurisdictionMismatch,
                    format!("subdivision `{sub}` is not in country `{}`", law.country),
                )
                .help(format!("ISO 3166-2 codes start with their country code, e.g. `{}-…`", law.country)),
            ),
        }
    }
    if !(law.id == prefix || law.id.starts_with(&format!("{prefix}-"))) {
        ctx.at(
            law.file,
            "/id",
            Diagnostic::new(Code::JurisdictionMismatch, format!("law id `{}` does not start with its jurisdiction `{prefix}-`", law.id))
                .help("law ids start with the lowercase country code, then the subdivision code for sub-national laws, e.g. `us-ca-sb-976`"),
        );
    }
    let (us, gb, eu) = (law.country == "US", law.country == "GB", law.country == "EU");
    let group_ok = match law.jurisdiction_group {
        JurisdictionGroup::UsFederal => us && law.subdivision.is_none(),
        JurisdictionGroup::UsState => us && law.subdivision.is_some(),
        JurisdictionGroup::Uk => gb,
        JurisdictionGroup::Eu => !us && !gb,
        JurisdictionGroup::AsiaPacific | JurisdictionGroup::Americas | JurisdictionGroup::MiddleEastAfrica => {
            !us && !gb && !eu
        }
    };
    if !group_ok {
        ctx.at(
            law.file,
            "/jurisdiction_group",
            Diagnostic::new(
                Code::JurisdictionMismatch,
                format!(
                    "jurisdiction group `{}` does not fit country `{}`{}",
                    law.jurisdiction_group,
                    law.country,
                    law.subdivision.as_ref().map(|s| format!(" and subdivision `{s}`")).unwrap_or_default()
                ),
            )
            .help(
                "us-federal: US without subdivision; us-state: US with subdivision; uk: GB; eu: EU or a member state",
            ),
        );
    }
}

/// `Some((y, m, d))` when `s` is a real calendar date; a month-precision `YYYY-MM` gives day 0,
/// which sorts before every day of that month.
fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let mut parts = s.split('-').map(str::parse::<u32>);
    let (y, m) = (parts.next()?.ok()?, parts.next()?.ok()?);
    let d = match parts.next() {
        Some(d) => d.ok()?,
        None if (1..=12).contains(&m) => return Some((y, m, 0)),
        None => return None,
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (d >= 1 && d <= days).then_some((y, m, d))
}

/// Whether `a` is certainly before `b` (a month-precision date is not before a day in its month).
pub(super) fn before(a: &str, b: &str) -> bool {
    match (parse_date(a), parse_date(b)) {
        (Some((ya, ma, da)), Some((yb, mb, db))) if (ya, ma) == (yb, mb) => da != 0 && db != 0 && da < db,
        (Some(x), Some(y)) => x < y,
        _ => false,
    }
}

fn dates(ctx: &mut Ctx<'_>, law: &Law) {
    let d = &law.dates;
    let mut all: Vec<(String, &str)> = Vec::new();
    all.extend(d.introduced.iter().map(|v| ("/dates/introduced".to_owned(), v.as_str())));
    all.extend(d.session_ends.iter().map(|v| ("/dates/session_ends".to_owned(), v.as_str())));
    all.extend(d.enacted.iter().map(|v| ("/dates/enacted".to_owned(), v.as_str())));
    all.push(("/verified".to_owned(), law.verified.as_str()));
    all.extend(d.effective.iter().enumerate().map(|(i, e)| (format!("/dates/effective/{i}/date"), e.date.as_str())));
    all.extend(d.events.iter().enumerate().map(|(i, e)| (format!("/dates/events/{i}/date"), e.date.as_str())));
    for (ptr, value) in &all {
        if parse_date(value).is_none() {
            ctx.at(
                law.file,
                ptr,
                Diagnostic::new(Code::InconsistentDates, format!("`{value}` is not a calendar date"))
                    .help("use an existing day in `YYYY-MM-DD` form"),
            );
        }
    }
    if let (Some(intro), Some(enacted)) = (&d.introduced, &d.enacted)
        && before(enacted, intro)
    {
        ctx.at(
            law.file,
            "/dates/enacted",
            Diagnostic::new(
                Code::InconsistentDates,
                format!("enacted on `{enacted}`, before it was introduced on `{intro}`"),
            )
            .help("check both dates against the legislature's record"),
        );
    }
    if let Some(intro) = &d.introduced {
        for (i, e) in d.effective.iter().enumerate() {
            if before(&e.date, intro) {
                ctx.at(
                    law.file,
                    &format!("/dates/effective/{i}/date"),
                    Diagnostic::new(
                        Code::InconsistentDates,
                        format!("effective on `{}`, before it was introduced on `{intro}`", e.date),
                    )
                    .help("check the dates against the official text"),
                );
            }
        }
    }
}

/// Whether a law in this legislative state can have an enforcement status other than
/// `not_applicable`.
fn has_force(status: EnactmentStatus) -> bool {
    match status {
        EnactmentStatus::Enacted | EnactmentStatus::Repealed => true,
        EnactmentStatus::Proposed
        | EnactmentStatus::Introduced
        | EnactmentStatus::PassedOneChamber
        | EnactmentStatus::Passed
        | EnactmentStatus::Vetoed
        | EnactmentStatus::Expired => false,
    }
}

/// The court or legislative events that can explain an enforcement status, if it needs one.
fn explained_by(status: EnforcementStatus) -> Option<&'static [EventKind]> {
    match status {
        EnforcementStatus::Enjoined => Some(&[EventKind::Injunction]),
        EnforcementStatus::PartiallyEnjoined => Some(&[EventKind::Injunction, EventKind::PartialInjunction]),
        EnforcementStatus::Stayed => Some(&[EventKind::Stay]),
        EnforcementStatus::Postponed => Some(&[EventKind::Postponed]),
        EnforcementStatus::NotApplicable
        | EnforcementStatus::NotYetEffective
        | EnforcementStatus::InForce
        | EnforcementStatus::PartiallyInForce => None,
    }
}

fn statuses(ctx: &mut Ctx<'_>, law: &Law) {
    let (enactment, enforcement) = (law.enactment_status, law.enforcement_status);
    if !has_force(enactment) && enforcement != EnforcementStatus::NotApplicable {
        ctx.at(
            law.file,
            "/enforcement_status",
            Diagnostic::new(
                Code::StatusContradiction,
                format!("a law that is `{enactment}` cannot be `{enforcement}`"),
            )
            .help("use `not_applicable` until the law is enacted"),
        );
    }
    if enactment == EnactmentStatus::Enacted && enforcement == EnforcementStatus::NotApplicable {
        ctx.at(
            law.file,
            "/enforcement_status",
            Diagnostic::new(Code::StatusContradiction, "an enacted law needs an enforcement status")
                .help("use `not_yet_effective`, `in_force`, `enjoined`, `stayed`, … as the courts left it"),
        );
    }
    if enactment == EnactmentStatus::Enacted && law.dates.enacted.is_none() {
        ctx.at(
            law.file,
            "/dates",
            Diagnostic::new(Code::InconsistentDates, "an enacted law needs `dates.enacted`")
                .help("add the date it was signed or adopted"),
        );
    }
    if let Some(kinds) = explained_by(enforcement)
        && !law.dates.events.iter().any(|e| kinds.contains(&e.kind))
    {
        ctx.at(
            law.file,
            "/enforcement_status",
            Diagnostic::new(
                Code::StatusContradiction,
                format!("enforcement status `{enforcement}` has no matching event"),
            )
            .help(format!("add a `dates.events` entry of kind `{}` with its date and court", kinds[0])),
        );
    }
}

fn citations(ctx: &mut Ctx<'_>) {
    let model = ctx.model;
    let Some(rules) = &model.rules else { return };
    if model.unloaded > 0 {
        return;
    }
    let mut cited_by: HashMap<&str, Vec<&Law>> = HashMap::new();
    for law in &model.laws {
        for cat in law.category_ids() {
            cited_by.entry(cat).or_default().push(law);
        }
    }
    for (i, c) in rules.categories.iter().enumerate() {
        let base = format!("/categories/{i}");
        let laws = cited_by.get(c.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        let enacted: Vec<&str> =
            laws.iter().filter(|l| l.enactment_status == EnactmentStatus::Enacted).map(|l| l.id.as_str()).collect();
        match (laws.is_empty(), &c.uncited_reason) {
            (true, None) => ctx.at(
                rules.file,
                &format!("{base}/id"),
                Diagnostic::new(
                    Code::CitationMismatch,
                    format!("no law cites `{}` and it has no `uncited_reason`", c.id),
                )
                .help("add the category to the laws that require it, or say in `uncited_reason` why it exists anyway"),
            ),
            (false, Some(_)) => ctx.at_key(
                rules.file,
                &format!("{base}/uncited_reason"),
                Diagnostic::new(
                    Code::CitationMismatch,
                    format!("`{}` has an `uncited_reason` but is cited by `{}`", c.id, laws[0].id),
                )
                .help("remove the stale `uncited_reason`"),
            ),
            _ => {}
        }
        match (c.status, enacted.is_empty()) {
            (CategoryStatus::Anchored, true) => ctx.at(
                rules.file,
                &format!("{base}/status"),
                Diagnostic::new(Code::StatusMismatch, format!("`{}` is `anchored` but no enacted law cites it", c.id))
                    .help("use `provisional` until an enacted law in the registry requires it"),
            ),
            (CategoryStatus::Provisional, false) => ctx.at(
                rules.file,
                &format!("{base}/status"),
                Diagnostic::new(
                    Code::StatusMismatch,
                    format!("`{}` is `provisional` but enacted law `{}` requires it", c.id, enacted[0]),
                )
                .help("use `anchored`"),
            ),
            _ => {}
        }
        for (j, ev) in c.evidence.iter().enumerate() {
            let Evidence::DesignedFromLaws { laws: named, .. } = ev else { continue };
            for (k, law_id) in named.iter().enumerate() {
                let exists = model.laws.iter().any(|l| &l.id == law_id);
                if exists && !laws.iter().any(|l| &l.id == law_id) {
                    ctx.at(
                        rules.file,
                        &format!("{base}/evidence/{j}/laws/{k}"),
                        Diagnostic::new(
                            Code::CitationMismatch,
                            format!("`{}` names law `{law_id}` as evidence, but that law does not cite it", c.id),
                        )
                        .help(format!("add `{}` to the law's categories, or remove the law from the evidence", c.id)),
                    );
                }
            }
        }
    }
}
