//! Routing ("split-brain enforcement"): each enabled rule goes to a connected platform that enforces
//! its category natively, otherwise to the one fallback service responsible for it. Every input rule
//! lands in exactly one bucket (native, a service, disabled or unroutable): nothing is dropped.
//! Buckets list rules in registry order of their category, so the result depends neither on the
//! order rules were given in nor on any hash-map iteration.

use crate::{CategoryBits, Platform, Rule};

/// How many fallback services a registry may have (bucket numbers fit one byte).
pub const MAX_SERVICES: usize = 61;

/// Bucket of a native rule.
const NATIVE: u8 = 0;
/// Bucket of a disabled rule (after the largest possible service bucket).
const DISABLED: u8 = MAX_SERVICES as u8 + 1;
/// Bucket of an enabled rule nothing can enforce.
const UNROUTABLE: u8 = DISABLED + 1;
/// Number of buckets: native, one per possible service, disabled, unroutable.
const BUCKETS: usize = UNROUTABLE as usize + 1;

/// Where an enabled rule goes when no connected platform covers its category: per category index,
/// its fallback service's bucket or "unroutable". Built once from the services' category sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fallback<const W: usize> {
    /// Bucket per category index, 64 to a row (`[u8; 64 * W]` written so stable Rust accepts it).
    buckets: [[u8; 64]; W],
    services: usize,
}

impl<const W: usize> Fallback<W> {
    /// How many fallback services a registry may have; the toolchain refuses more.
    pub const MAX_SERVICES: usize = MAX_SERVICES;

    /// The table for services whose responsibilities are `service_sets` (index = service index).
    /// A category claimed by two services goes to the first (the validator forbids that); services
    /// past [`Self::MAX_SERVICES`] are ignored (the toolchain refuses such registries).
    pub const fn new(service_sets: &[CategoryBits<W>]) -> Self {
        let mut buckets = [[UNROUTABLE; 64]; W];
        let services = if service_sets.len() < MAX_SERVICES { service_sets.len() } else { MAX_SERVICES };
        let mut s = services;
        // Backwards, so the first service claiming a category wins.
        while s > 0 {
            s -= 1;
            let mut c = 0;
            while c < CategoryBits::<W>::CAPACITY {
                if service_sets[s].contains(c) {
                    buckets[c / 64][c % 64] = 1 + s as u8;
                }
                c += 1;
            }
        }
        Fallback { buckets, services }
    }

    /// The fallback service (index) responsible for the category at `index`, if any.
    pub fn service_of(&self, index: usize) -> Option<usize> {
        match self.buckets.get(index / 64).map(|row| row[index % 64]) {
            Some(b) if b != NATIVE && b < DISABLED => Some(usize::from(b) - 1),
            _ => None,
        }
    }

    /// Categories some fallback service is responsible for.
    pub fn covered(&self) -> CategoryBits<W> {
        (0..CategoryBits::<W>::CAPACITY).filter(|&c| self.service_of(c).is_some()).collect()
    }

    /// Number of services in the table.
    pub fn services(&self) -> usize {
        self.services
    }
}

/// Where one rule went; `S` names a service (its index, or a caller's typed service).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route<S = usize> {
    /// Enforced natively by the connected platform(s).
    Native,
    /// Enforced by this fallback service.
    Service(S),
    /// The rule is disabled: skipped.
    Disabled,
    /// Enabled, but neither a connected platform nor a service can enforce it.
    Unroutable,
}

impl Route<usize> {
    /// The same route with the service index replaced by `f(index)`.
    pub fn map_service<T>(self, f: impl FnOnce(usize) -> T) -> Route<T> {
        match self {
            Route::Native => Route::Native,
            Route::Service(s) => Route::Service(f(s)),
            Route::Disabled => Route::Disabled,
            Route::Unroutable => Route::Unroutable,
        }
    }
}

/// The route of each category for one family's connected platforms, decided once and reused for
/// every rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Router<const W: usize> {
    covers: CategoryBits<W>,
    services: usize,
    /// Bucket of an enabled rule, per category index, 64 to a row.
    buckets: [[u8; 64]; W],
}

impl<const W: usize> Router<W> {
    /// A router for a family whose connected platforms cover `covers` natively.
    pub fn new(fallback: &Fallback<W>, covers: CategoryBits<W>) -> Self {
        let mut buckets = fallback.buckets;
        for c in covers {
            buckets[c / 64][c % 64] = NATIVE;
        }
        Router { covers, services: fallback.services, buckets }
    }

    /// A router for the family `platforms`.
    pub fn for_platforms<'p, P: Platform<W> + 'p>(
        fallback: &Fallback<W>,
        platforms: impl IntoIterator<Item = &'p P>,
    ) -> Self {
        Self::new(fallback, platforms.into_iter().fold(CategoryBits::EMPTY, |acc, p| acc.union(p.covers())))
    }

    /// Categories enforced natively by at least one connected platform.
    pub fn covers(&self) -> CategoryBits<W> {
        self.covers
    }

    fn bucket<R: Rule>(&self, rule: &R) -> u8 {
        if !rule.enabled() {
            return DISABLED;
        }
        let i = rule.category_index();
        self.buckets.get(i / 64).map_or(UNROUTABLE, |row| row[i % 64])
    }

    /// Where `rule` goes.
    pub fn route<R: Rule>(&self, rule: &R) -> Route {
        match self.bucket(rule) {
            NATIVE => Route::Native,
            DISABLED => Route::Disabled,
            UNROUTABLE => Route::Unroutable,
            b => Route::Service(usize::from(b) - 1),
        }
    }
}

/// A policy split for one platform or one family's combined cover. Every rule is in exactly one
/// bucket; each bucket lists its rules in registry order of their category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routing<'a, R> {
    /// All rules, grouped by bucket.
    order: Vec<&'a R>,
    /// `order[bounds[b]..bounds[b + 1]]` is bucket `b`.
    bounds: [usize; BUCKETS + 1],
    services: usize,
}

impl<'a, R> Routing<'a, R> {
    fn bucket(&self, b: usize) -> &[&'a R] {
        &self.order[self.bounds[b]..self.bounds[b + 1]]
    }

    /// Rules enforced natively.
    pub fn native(&self) -> &[&'a R] {
        self.bucket(usize::from(NATIVE))
    }

    /// The rules sent to the service with index `service` (empty for an unknown index).
    pub fn service(&self, service: usize) -> &[&'a R] {
        if service < self.services { self.bucket(1 + service) } else { &[] }
    }

    /// Each fallback service (index) with rules, in registry order, with its rules.
    pub fn services(&self) -> impl Iterator<Item = (usize, &[&'a R])> + '_ {
        (0..self.services).map(|s| (s, self.service(s))).filter(|(_, r)| !r.is_empty())
    }

    /// Disabled rules, skipped.
    pub fn disabled(&self) -> &[&'a R] {
        self.bucket(usize::from(DISABLED))
    }

    /// Enabled rules nothing can enforce.
    pub fn unroutable(&self) -> &[&'a R] {
        self.bucket(usize::from(UNROUTABLE))
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

/// Policies up to this many rules keep their sort keys on the stack.
const STACK_KEYS: usize = 256;

/// Stable counting sort of `items` into buckets (O(n), no comparisons): one pass computes every key
/// once (on the stack for ordinary policies), a second places each reference. Also says whether
/// `items` were in registry order, which is what makes each bucket come out in registry order.
fn bucket_sort<'a, R: Rule, const W: usize>(
    router: &Router<W>,
    items: impl ExactSizeIterator<Item = &'a R> + Clone,
) -> (Routing<'a, R>, bool) {
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
        let c = r.category_index();
        in_order &= previous <= c;
        previous = c;
        *k = router.bucket(r);
        next[usize::from(*k)] += 1;
    }
    let mut bounds = [0usize; BUCKETS + 1];
    for b in 0..BUCKETS {
        bounds[b + 1] = bounds[b] + next[b];
        next[b] = bounds[b];
    }
    // Start from a copy (every slot a valid reference) and overwrite each slot once.
    let mut order: Vec<&'a R> = items.clone().collect();
    for (k, r) in keys.iter().zip(items) {
        let slot = &mut next[usize::from(*k)];
        order[*slot] = r;
        *slot += 1;
    }
    (Routing { order, bounds, services: router.services }, in_order)
}

/// Splits `rules` with `router`.
pub fn split<'a, R: Rule, const W: usize>(router: &Router<W>, rules: &'a [R]) -> Routing<'a, R> {
    // Stored policies are usually in registry order already; otherwise a stable sort by category
    // comes first (equal categories keep their input order) and the buckets are filled again.
    let (routing, in_order) = bucket_sort(router, rules.iter());
    if in_order {
        return routing;
    }
    let mut by_category: Vec<&'a R> = rules.iter().collect();
    by_category.sort_by_key(|r| r.category_index());
    bucket_sort(router, by_category.into_iter()).0
}

/// A policy split for a family with several connected platforms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FamilyRouting<'a, 'p, P, R, S = usize> {
    /// Per platform (in the order given), the rules it enforces natively. A rule several platforms
    /// cover is enforced by each of them.
    pub platforms: Vec<(&'p P, Vec<&'a R>)>,
    /// Rules no connected platform covers, per fallback service, each rule sent exactly once.
    pub services: Vec<(S, Vec<&'a R>)>,
    /// Disabled rules, skipped.
    pub disabled: Vec<&'a R>,
    /// Enabled rules nothing can enforce.
    pub unroutable: Vec<&'a R>,
}

impl<'a, 'p, P, R> FamilyRouting<'a, 'p, P, R> {
    /// The same routing with each service index replaced by `f(index)`.
    pub fn map_services<T>(self, f: impl Fn(usize) -> T) -> FamilyRouting<'a, 'p, P, R, T> {
        FamilyRouting {
            platforms: self.platforms,
            services: self.services.into_iter().map(|(s, r)| (f(s), r)).collect(),
            disabled: self.disabled,
            unroutable: self.unroutable,
        }
    }
}

/// Splits `rules` across a family's connected `platforms`.
pub fn route_family<'a, 'p, P: Platform<W>, R: Rule, const W: usize>(
    fallback: &Fallback<W>,
    platforms: &[&'p P],
    rules: &'a [R],
) -> FamilyRouting<'a, 'p, P, R> {
    let family = split(&Router::for_platforms(fallback, platforms.iter().copied()), rules);
    let per_platform = platforms
        .iter()
        .map(|p| {
            let covers = p.covers();
            (*p, family.native().iter().copied().filter(|r| covers.contains(r.category_index())).collect())
        })
        .collect();
    FamilyRouting {
        platforms: per_platform,
        services: family.services().map(|(s, r)| (s, r.to_vec())).collect(),
        disabled: family.disabled().to_vec(),
        unroutable: family.unroutable().to_vec(),
    }
}
