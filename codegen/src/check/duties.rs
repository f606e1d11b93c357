//! Duty checks: every law → category edge names the provision that creates it, court events reach
//! only categories the law requires, and each duty's `enjoined` mark is what its court events leave
//! standing today. Compliance views trust the mark, so it must never drift from the events.

use std::collections::BTreeMap;

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{EnforcementStatus, Law, RulingEffect};

pub(super) fn check(ctx: &mut Ctx<'_>) {
    for law in &ctx.model.laws {
        provisions(ctx, law);
        enjoined(ctx, law);
        status(ctx, law);
    }
}

/// The law's enforcement status agrees with how many of its duties are enjoined.
fn status(ctx: &mut Ctx<'_>, law: &Law) {
    let (all, blocked) = (law.categories.len(), law.categories.iter().filter(|d| d.enjoined).count());
    let fits = match law.enforcement_status {
        EnforcementStatus::Enjoined | EnforcementStatus::Stayed => blocked == all,
        EnforcementStatus::PartiallyEnjoined => blocked > 0 && blocked < all,
        EnforcementStatus::NotApplicable
        | EnforcementStatus::NotYetEffective
        | EnforcementStatus::InForce
        | EnforcementStatus::PartiallyInForce
        | EnforcementStatus::Postponed => blocked == 0,
    };
    if !fits {
        ctx.at(
            law.file,
            "/enforcement_status",
            Diagnostic::new(
                Code::StatusContradiction,
                format!("`{}` is `{}`, but {blocked} of its {all} duties are marked `enjoined`", law.id, law.enforcement_status),
            )
            .help("`enjoined` and `stayed` laws have every duty enjoined, `partially_enjoined` ones some; record each court event with the categories it `reaches`"),
        );
    }
}

/// Whether `provision` only repeats the bill's number (`LB 504` for "LB 504 (109th Legislature)"):
/// that names the law, not the place in it that creates the duty.
fn names_only_the_bill(provision: &str, bill: &str) -> bool {
    let provision = provision.trim();
    bill.strip_prefix(provision).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', '(']))
}

fn provisions(ctx: &mut Ctx<'_>, law: &Law) {
    for (i, duty) in law.categories.iter().enumerate() {
        let (message, help) = match (&duty.provision, &duty.reason) {
            (Some(p), None) if names_only_the_bill(p, &law.citation.bill) => (
                format!("the provision of `{}` is `{p}`, the bill itself", duty.id),
                "name the section or article that creates the duty; when it is not known, say so in `reason` instead",
            ),
            (Some(_), None) | (None, Some(_)) => continue,
            (None, None) => (
                format!("`{}` names no provision of `{}`", duty.id, law.id),
                "add `provision` with the section or article that creates the duty (e.g. `§ 509.052(2)(B)`, `Art. 8(1)`), or `reason` saying why none can be named",
            ),
            (Some(_), Some(_)) => (
                format!("`{}` has both a `provision` and a `reason`", duty.id),
                "keep `provision`; `reason` is only for a duty no single provision creates",
            ),
        };
        ctx.at(law.file, &format!("/categories/{i}"), Diagnostic::new(Code::MissingProvision, message).help(help));
    }
}

/// Per category the law requires: the last court event that blocked or unblocked it (index, and
/// whether it blocks), in date order. Events of one day apply in file order.
fn standing(law: &Law) -> BTreeMap<&str, (usize, bool)> {
    let mut order: Vec<usize> = (0..law.dates.events.len()).collect();
    order.sort_by(|&a, &b| law.dates.events[a].date.cmp(&law.dates.events[b].date));
    let mut state = BTreeMap::new();
    for i in order {
        let event = &law.dates.events[i];
        let blocks = match event.effect() {
            RulingEffect::Blocks => true,
            RulingEffect::Unblocks => false,
            RulingEffect::None => continue,
        };
        for category in &event.reaches {
            state.insert(category.as_str(), (i, blocks));
        }
    }
    state
}

fn enjoined(ctx: &mut Ctx<'_>, law: &Law) {
    for (i, event) in law.dates.events.iter().enumerate() {
        for (j, category) in event.reaches.iter().enumerate() {
            if law.duty(category).is_none() {
                ctx.at(
                    law.file,
                    &format!("/dates/events/{i}/reaches/{j}"),
                    Diagnostic::new(
                        Code::EnjoinedMismatch,
                        format!(
                            "the {} of {} reaches `{category}`, which `{}` does not require",
                            event.kind, event.date, law.id
                        ),
                    )
                    .help("list only categories of this law in `reaches`"),
                );
            }
        }
    }
    let state = standing(law);
    for (i, duty) in law.categories.iter().enumerate() {
        let last = state.get(duty.id.as_str()).copied();
        let blocked = last.is_some_and(|(_, blocks)| blocks);
        if blocked == duty.enjoined {
            continue;
        }
        let message = match last {
            Some((e, _)) => {
                let event = &law.dates.events[e];
                format!(
                    "`{}` {} by the {} of {}{}, but its duty is {}marked `enjoined`",
                    duty.id,
                    if blocked { "is blocked" } else { "was unblocked" },
                    event.kind,
                    event.date,
                    event.case.as_ref().map(|c| format!(" ({c})")).unwrap_or_default(),
                    if blocked { "not " } else { "" }
                )
            }
            None => format!("`{}` is marked `enjoined`, but no court event reaches it", duty.id),
        };
        let help = if blocked {
            "add `\"enjoined\": true` to the duty, so compliance views report it as not currently enforceable"
        } else {
            "remove `enjoined`, or add the court event that blocks the duty with the category in its `reaches`"
        };
        ctx.at(law.file, &format!("/categories/{i}"), Diagnostic::new(Code::EnjoinedMismatch, message).help(help));
    }
}

#[cfg(test)]
mod tests {
    use super::names_only_the_bill;

    #[test]
    fn a_bare_bill_number_is_not_a_provision() {
        assert!(names_only_the_bill("LB 504", "LB 504 (109th Legislature, First Session)"));
        assert!(names_only_the_bill("SB 1546", "SB 1546"));
        assert!(!names_only_the_bill("LB 504 § 3", "LB 504 (109th Legislature, First Session)"));
        assert!(!names_only_the_bill("SB 15", "SB 1546 (2026 regular session)"));
        assert!(!names_only_the_bill("§ 509.053", "HB 18 (88th Legislature)"));
    }
}
