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
    /// Bucket of an enabled rule, per category index: 0 native, 1 + service index, or unroutable.
    buckets: [u8; 128],
}

impl Router {
    /// A router for a family whose connected platforms are `platforms`.
    pub fn new<'a>(platforms: impl IntoIterator<Item = &'a Platform>) -> Self {
        let covers = platforms.into_iter().fold(CategorySet::EMPTY, |acc, p| acc.union(p.covers));
        // Start from every category's fallback, then mark the covered ones native.
        let mut buckets = *fallback_buckets();
        let mut bits = covers.bits();
        while bits != 0 {
            buckets[bits.trailing_zeros() as usize] = 0;
            bits &= bits - 1;
        }
        Router { covers, buckets }
    }

    /// Categories enforced natively by at least one platform.
    pub fn covers(&self) -> CategorySet {
        self.covers
    }

    /// Where `rule` goes.
    pub fn route(&self, rule: &PolicyRule) -> Route {
        if !rule.enabled {
            return Route::Disabled;
        }
        match usize::from(self.buckets[rule.category().index()]) {
            0 => Route::Native,
            b if b < DISABLED => Service::ALL.get(b - 1).map_or(Route::Unroutable, |s| Route::Service(*s)),
            _ => Route::Unroutable,
        }
    }
}

/// Number of buckets: native, one per service, disabled, unroutable.
const BUCKETS: usize = Service::ALL.len() + 3;
const DISABLED: usize = Service::ALL.len() + 1;
const UNROUTABLE: usize = Service::ALL.len() + 2;

/// A policy split for one platform (or one family's combined cover). Every rule is in exactly one
/// bucket; each bucket lists its rules in registry order of their category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routing<'a> {
    /// All rules, grouped by bucket: native, services in registry order, disabled, unroutable.
    order: Vec<&'a PolicyRule>,
    /// `order[bounds[b]..bounds[b + 1]]` is bucket `b`.
    bounds: [usize; BUCKETS + 1],
}

impl<'a> Routing<'a> {
    fn bucket(&self, b: usize) -> &[&'a PolicyRule] {
        &self.order[self.bounds[b]..self.bounds[b + 1]]
    }

    /// Rules enforced natively.
    pub fn native(&self) -> &[&'a PolicyRule] {
        self.bucket(0)
    }

    /// The rules sent to `service`.
    pub fn service(&self, service: Service) -> &[&'a PolicyRule] {
        self.bucket(1 + service.index())
    }

    /// Each fallback service with rules, in registry order, with its rules.
    pub fn services(&self) -> impl Iterator<Item = (Service, &[&'a PolicyRule])> + '_ {
        Service::ALL.into_iter().map(|s| (s, self.service(s))).filter(|(_, r)| !r.is_empty())
    }

    /// Disabled rules, skipped.
    pub fn disabled(&self) -> &[&'a PolicyRule] {
        self.bucket(DISABLED)
    }

    /// Enabled rules nothing can enforce.
    pub fn unroutable(&self) -> &[&'a PolicyRule] {
        self.bucket(UNROUTABLE)
    }

    /// How many rules were routed (always the number given).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no rule was routed.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// Per category index, the bucket of an enabled rule that no platform covers: 1 + its service's
/// index, or unroutable. Built once from the generated service table.
fn fallback_buckets() -> &'static [u8; 128] {
    static TABLE: std::sync::OnceLock<[u8; 128]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [UNROUTABLE as u8; 128];
        for (b, svc) in t.iter_mut().zip(crate::taxonomy::CATEGORY_SERVICE_INDEX) {
            if usize::from(svc) < Service::ALL.len() {
                *b = 1 + svc;
            }
        }
        t
    })
}

/// Policies up to this many rules keep their sort keys on the stack.
const STACK_KEYS: usize = 256;

/// Stable counting sort of `items` into buckets (O(n), no comparisons): one pass computes every key
/// once (on the stack for ordinary policies), a second places each reference. Also says whether
/// `items` were in registry order, which is what makes each bucket come out in registry order.
fn bucket_sort<'a>(
    router: &Router,
    items: impl ExactSizeIterator<Item = &'a PolicyRule> + Clone,
) -> (Routing<'a>, bool) {
    let n = items.len();
    let mut stack = [0u8; STACK_KEYS];
    let mut heap = Vec::new();
    let keys: &mut [u8] = if n <= STACK_KEYS {
        &mut stack[..n]
    } else {
        heap.resize(n, 0);
        &mut heap
    };
    let mut next = [0usize; BUCKETS];
    let mut previous = 0;
    let mut in_order = true;
    for (k, r) in keys.iter_mut().zip(items.clone()) {
        let c = r.category().index();
        in_order &= previous <= c;
        previous = c;
        *k = if r.enabled { router.buckets[c] } else { DISABLED as u8 };
        next[usize::from(*k)] += 1;
    }
    let mut bounds = [0usize; BUCKETS + 1];
    for b in 0..BUCKETS {
        bounds[b + 1] = bounds[b] + next[b];
        next[b] = bounds[b];
    }
    // Start from a copy (every slot a valid reference) and overwrite each slot once.
    let mut order: Vec<&'a PolicyRule> = items.clone().collect();
    for (k, r) in keys.iter().zip(items) {
        let slot = &mut next[usize::from(*k)];
        order[*slot] = r;
        *slot += 1;
    }
    (Routing { order, bounds }, in_order)
}

fn split<'a>(router: &Router, rules: &'a [PolicyRule]) -> Routing<'a> {
    // Stored policies are usually in registry order already; otherwise a stable sort by category
    // comes first (equal categories keep their input order) and the buckets are filled again.
    let (routing, in_order) = bucket_sort(router, rules.iter());
    if in_order {
        return routing;
    }
    let mut by_category: Vec<&'a PolicyRule> = rules.iter().collect();
    by_category.sort_by_key(|r| r.category().index());
    bucket_sort(router, by_category.into_iter()).0
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
        .map(|p| (*p, family.native().iter().copied().filter(|r| p.covers.contains(r.category())).collect()))
        .collect();
    FamilyRouting {
        platforms: per_platform,
        services: family.services().map(|(s, r)| (s, r.to_vec())).collect(),
        disabled: family.disabled().to_vec(),
        unroutable: family.unroutable().to_vec(),
    }
}

/// The plain category list of a bucket, for reports and tests.
pub fn categories(rules: &[&PolicyRule]) -> Vec<RuleCategory> {
    rules.iter().map(|r| r.category()).collect()
}
