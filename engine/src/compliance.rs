//! The compliance graph: laws → categories ← capabilities. For a family's native cover it says, per
//! law, which required categories are enforced natively, which only through fallback services, and
//! which are gaps; in reverse, which laws a cover satisfies entirely. A duty a court has blocked is
//! none of these: it is not currently enforceable, so it neither counts as covered nor as a gap. All
//! of it is bit operations.

use serde::Serialize;

use crate::CategoryBits;

/// How a family meets one law.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every required category is enforced natively.
    Covered,
    /// Every required category is enforced, some only by fallback services.
    CoveredWithFallback,
    /// Some required category cannot be enforced.
    Gaps,
}

/// A law's required categories split by how a family enforces them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Coverage<const W: usize> {
    /// Required categories a connected platform enforces natively.
    pub native: CategoryBits<W>,
    /// Required categories only a fallback service enforces.
    pub fallback: CategoryBits<W>,
    /// Required categories nothing enforces.
    pub gaps: CategoryBits<W>,
    /// Required categories whose duty a court has blocked: not currently enforceable.
    pub enjoined: CategoryBits<W>,
}

impl<const W: usize> Coverage<W> {
    /// Splits `required` by a family's `native` cover and the categories `services` handle; the
    /// `enjoined` duties among them are set apart before anything else.
    pub fn of(
        required: CategoryBits<W>,
        enjoined: CategoryBits<W>,
        native: CategoryBits<W>,
        services: CategoryBits<W>,
    ) -> Self {
        let enforceable = required.difference(enjoined);
        let missing = enforceable.difference(native);
        Coverage {
            native: enforceable.intersection(native),
            fallback: missing.intersection(services),
            gaps: missing.difference(services),
            enjoined: required.intersection(enjoined),
        }
    }

    /// The verdict.
    pub fn verdict(&self) -> Verdict {
        if !self.gaps.is_empty() {
            Verdict::Gaps
        } else if !self.fallback.is_empty() {
            Verdict::CoveredWithFallback
        } else {
            Verdict::Covered
        }
    }
}

/// Whether a law requiring `required`, of which `enjoined` is blocked by a court, is met by `cover`
/// alone, without any fallback service.
pub fn satisfied_by<const W: usize>(
    required: CategoryBits<W>,
    enjoined: CategoryBits<W>,
    cover: CategoryBits<W>,
) -> bool {
    required.difference(enjoined).is_subset(cover)
}
