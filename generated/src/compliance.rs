//! The compliance graph over the generated tables: laws → categories ← capabilities. For a family's
//! platforms it says, per law, which required categories are enforced natively, which only through
//! fallback services, and which are gaps; in reverse, which laws a set of capabilities covers
//! entirely. The set logic is `ocss_engine::compliance`.

use ocss_engine::compliance::{Coverage, satisfied_by};

use crate::tables::{LAWS, Law, Platform};
use crate::{Capability, CategorySet, RuleCategory, SERVICE_CATEGORIES};

pub use ocss_engine::compliance::Verdict;

/// Categories some fallback service is responsible for.
pub fn service_covered() -> CategorySet {
    SERVICE_CATEGORIES.iter().fold(CategorySet::EMPTY, |acc, s| acc.union(*s))
}

/// One law against a family's platforms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LawCoverage {
    /// The law.
    pub law: &'static Law,
    /// Required categories a connected platform enforces natively.
    pub native: CategorySet,
    /// Required categories only a fallback service enforces.
    pub fallback: CategorySet,
    /// Required categories nothing enforces.
    pub gaps: CategorySet,
    /// Required categories whose duty a court has blocked: not currently enforceable, so neither
    /// covered nor a gap.
    pub enjoined: CategorySet,
}

impl LawCoverage {
    /// The verdict, over the duties that are currently enforceable.
    pub fn verdict(&self) -> Verdict {
        Coverage {
            native: self.native.bits(),
            fallback: self.fallback.bits(),
            gaps: self.gaps.bits(),
            enjoined: self.enjoined.bits(),
        }
        .verdict()
    }
}

/// Categories the given platforms enforce natively.
pub fn platform_cover(platforms: &[&Platform]) -> CategorySet {
    platforms.iter().fold(CategorySet::EMPTY, |acc, p| acc.union(p.covers))
}

/// `law` against the categories `native` (a family's platform cover) and `services`.
pub fn law_coverage(law: &'static Law, native: CategorySet, services: CategorySet) -> LawCoverage {
    let c = Coverage::of(law.categories.bits(), law.enjoined.bits(), native.bits(), services.bits());
    LawCoverage {
        law,
        native: c.native.into(),
        fallback: c.fallback.into(),
        gaps: c.gaps.into(),
        enjoined: c.enjoined.into(),
    }
}

/// Every law (registry order) against a family's `platforms`.
pub fn family_compliance(platforms: &[&Platform]) -> Vec<LawCoverage> {
    let native = platform_cover(platforms);
    let services = service_covered();
    LAWS.iter().map(|l| law_coverage(l, native, services)).collect()
}

/// For a law, per required category: the given platforms that enforce it natively, and its service.
pub fn law_detail(
    law: &Law,
    platforms: &[&'static Platform],
) -> Vec<(RuleCategory, Vec<&'static Platform>, Option<crate::Service>)> {
    law.categories
        .iter()
        .map(|c| (c, platforms.iter().copied().filter(|p| p.covers.contains(c)).collect(), c.service()))
        .collect()
}

/// Laws whose every currently enforceable duty is covered by `capabilities` alone (no services).
pub fn laws_covered_by(capabilities: &[Capability]) -> Vec<&'static Law> {
    let cover = capabilities.iter().fold(CategorySet::EMPTY, |acc, c| acc.union(c.categories()));
    LAWS.iter().filter(|l| satisfied_by(l.categories.bits(), l.enjoined.bits(), cover.bits())).collect()
}
