//! The reference routing engine ("split-brain enforcement") over the generated tables: each enabled
//! rule goes to a connected platform that enforces its category natively, otherwise to the one
//! fallback service responsible for it. Every input rule lands in exactly one bucket (native, a
//! service, disabled or unroutable), in registry order of its category. The algorithm is
//! `ocss_engine::routing`; this module types its results with [`Service`] and [`PolicyRule`].

use crate::tables::Platform;
use crate::taxonomy::FALLBACK;
use crate::{CategorySet, PolicyRule, RuleCategory, Service};

/// Where one rule went.
pub type Route = ocss_engine::routing::Route<Service>;

/// A policy split for a family with several connected platforms: per platform (in the order given)
/// the rules it enforces natively, then the rules each fallback service takes (each rule once),
/// the disabled rules and the enabled rules nothing can enforce.
pub type FamilyRouting<'a> = ocss_engine::routing::FamilyRouting<'a, 'static, Platform, PolicyRule, Service>;

fn service(index: usize) -> Service {
    // The engine only hands back indices of the generated service table.
    Service::ALL[index]
}

/// The route of each category for a set of platforms, decided once and reused for every rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Router(ocss_engine::routing::Router<{ crate::CATEGORY_WORDS }>);

impl Router {
    /// A router for a family whose connected platforms are `platforms`.
    pub fn new<'a>(platforms: impl IntoIterator<Item = &'a Platform>) -> Self {
        Router(ocss_engine::routing::Router::for_platforms(&FALLBACK, platforms))
    }

    /// A router for a family whose platforms cover `covers` natively (e.g. a platform adapter's
    /// declared capabilities).
    pub fn covering(covers: CategorySet) -> Self {
        Router(ocss_engine::routing::Router::new(&FALLBACK, covers.bits()))
    }

    /// Categories enforced natively by at least one platform.
    pub fn covers(&self) -> CategorySet {
        self.0.covers().into()
    }

    /// Where `rule` goes.
    pub fn route(&self, rule: &PolicyRule) -> Route {
        self.0.route(rule).map_service(service)
    }
}

/// A policy split for one platform. Every rule is in exactly one bucket; each bucket lists its
/// rules in registry order of their category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routing<'a>(ocss_engine::routing::Routing<'a, PolicyRule>);

impl<'a> Routing<'a> {
    /// Rules enforced natively.
    pub fn native(&self) -> &[&'a PolicyRule] {
        self.0.native()
    }

    /// The rules sent to `service`.
    pub fn service(&self, service: Service) -> &[&'a PolicyRule] {
        self.0.service(service.index())
    }

    /// Each fallback service with rules, in registry order, with its rules.
    pub fn services(&self) -> impl Iterator<Item = (Service, &[&'a PolicyRule])> + '_ {
        self.0.services().map(|(s, r)| (service(s), r))
    }

    /// Disabled rules, skipped.
    pub fn disabled(&self) -> &[&'a PolicyRule] {
        self.0.disabled()
    }

    /// Enabled rules nothing can enforce.
    pub fn unroutable(&self) -> &[&'a PolicyRule] {
        self.0.unroutable()
    }

    /// How many rules were routed (always the number given).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no rule was routed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Splits `rules` for one connected `platform`.
pub fn route<'a>(platform: &Platform, rules: &'a [PolicyRule]) -> Routing<'a> {
    Routing(ocss_engine::routing::split(&Router::new([platform]).0, rules))
}

/// Splits `rules` across a family's connected `platforms`.
pub fn route_family<'a>(platforms: &[&'static Platform], rules: &'a [PolicyRule]) -> FamilyRouting<'a> {
    ocss_engine::routing::route_family(&FALLBACK, platforms, rules).map_services(service)
}

/// The plain category list of a bucket, for reports and tests.
pub fn categories(rules: &[&PolicyRule]) -> Vec<RuleCategory> {
    rules.iter().map(|r| r.category()).collect()
}
