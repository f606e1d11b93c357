//! The reference routing engine ("split-brain enforcement"): each enabled rule goes to a connected
//! platform that enforces its category natively, otherwise to the one fallback service responsible
//! for it. Every input rule lands in exactly one bucket (native, a service, disabled or unroutable):
//! nothing is dropped silently. Buckets list rules in registry order of their category, so the
//! result does not depend on the order rules were given in, nor on any hash-map iteration.

use crate::tables::Platform;
use crate::{CategorySet, PolicyRule, RuleCategory, Service};

/// Where one rule went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    /// Enforced natively by the platform(s).
    Native,
    /// Enforced by this fallback service.
    Service(Service),
    /// The rule is disabled: skipped.
    Disabled,
    /// Enabled, but neither a connected platform nor a service can enforce it.
    Unroutable,
}

/// The route of each category for a set of platforms, decided once and reused for every rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Router {
    covers: CategorySet,
}

impl Router {
    /// A router for a family whose connected platforms are `platforms`.
    pub fn new<'a>(platforms: impl IntoIterator<Item = &'a Platform>) -> Self {
        Router { covers: platforms.into_iter().fold(CategorySet::EMPTY, |acc, p| acc.union(p.covers)) }
    }

    /// Categories enforced natively by at least one platform.
    pub fn covers(&self) -> CategorySet {
        self.covers
    }

    /// Where `rule` goes.
    pub fn route(&self, rule: &PolicyRule) -> Route {
        let category = rule.category();
        if !rule.enabled {
            Route::Disabled
        } else if self.covers.contains(category) {
            Route::Native
        } else {
            match category.service() {
                Some(s) => Route::Service(s),
                None => Route::Unroutable,
            }
        }
    }
}

/// A policy split for one platform.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Routing<'a> {
    /// Rules the platform enforces natively.
    pub native: Vec<&'a PolicyRule>,
    /// Rules per fallback service, services in registry order, each listed once.
    pub services: Vec<(Service, Vec<&'a PolicyRule>)>,
    /// Disabled rules, skipped.
    pub disabled: Vec<&'a PolicyRule>,
    /// Enabled rules nothing can enforce.
    pub unroutable: Vec<&'a PolicyRule>,
}

impl<'a> Routing<'a> {
    /// How many rules went into any bucket (always the number routed).
    pub fn len(&self) -> usize {
        self.native.len()
            + self.services.iter().map(|(_, r)| r.len()).sum::<usize>()
            + self.disabled.len()
            + self.unroutable.len()
    }

    /// Whether no rule was routed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rules sent to `service`.
    pub fn service(&self, service: Service) -> &[&'a PolicyRule] {
        self.services.iter().find(|(s, _)| *s == service).map_or(&[], |(_, r)| r.as_slice())
    }
}

/// Registry order of rules; the sort is stable, so equal categories keep their input order.
fn sort(rules: &mut [&PolicyRule]) {
    rules.sort_by_key(|r| r.category().index());
}

fn split<'a>(router: &Router, rules: &'a [PolicyRule]) -> Routing<'a> {
    let mut out = Routing { native: Vec::with_capacity(rules.len()), ..Routing::default() };
    let mut per_service: [Vec<&'a PolicyRule>; Service::ALL.len()] = std::array::from_fn(|_| Vec::new());
    for rule in rules {
        match router.route(rule) {
            Route::Native => out.native.push(rule),
            Route::Service(s) => per_service[s.index()].push(rule),
            Route::Disabled => out.disabled.push(rule),
            Route::Unroutable => out.unroutable.push(rule),
        }
    }
    sort(&mut out.native);
    sort(&mut out.disabled);
    sort(&mut out.unroutable);
    for (s, mut bucket) in Service::ALL.into_iter().zip(per_service) {
        if !bucket.is_empty() {
            sort(&mut bucket);
            out.services.push((s, bucket));
        }
    }
    out
}

/// Splits `rules` for one connected `platform`.
pub fn route<'a>(platform: &Platform, rules: &'a [PolicyRule]) -> Routing<'a> {
    split(&Router::new([platform]), rules)
}

/// A policy split for a family with several connected platforms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FamilyRouting<'a> {
    /// Per platform (in the order given), the rules it enforces natively. A rule several platforms
    /// cover is enforced by each of them.
    pub platforms: Vec<(&'static Platform, Vec<&'a PolicyRule>)>,
    /// Rules no connected platform covers, per fallback service, each rule sent exactly once.
    pub services: Vec<(Service, Vec<&'a PolicyRule>)>,
    /// Disabled rules, skipped.
    pub disabled: Vec<&'a PolicyRule>,
    /// Enabled rules nothing can enforce.
    pub unroutable: Vec<&'a PolicyRule>,
}

/// Splits `rules` across a family's connected `platforms`.
pub fn route_family<'a>(platforms: &[&'static Platform], rules: &'a [PolicyRule]) -> FamilyRouting<'a> {
    let family = split(&Router::new(platforms.iter().copied()), rules);
    let per_platform = platforms
        .iter()
        .map(|p| (*p, family.native.iter().copied().filter(|r| p.covers.contains(r.category())).collect()))
        .collect();
    FamilyRouting {
        platforms: per_platform,
        services: family.services,
        disabled: family.disabled,
        unroutable: family.unroutable,
    }
}

/// The plain category list of a bucket, for reports and tests.
pub fn categories(rules: &[&PolicyRule]) -> Vec<RuleCategory> {
    rules.iter().map(|r| r.category()).collect()
}
