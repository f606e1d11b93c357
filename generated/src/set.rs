//! `CategorySet`: a set of rule categories over the engine's bitset, typed by [`RuleCategory`] and
//! as wide as the registry needs ([`crate::CATEGORY_WORDS`]), so coverage questions ("which
//! categories does this platform enforce?") are bit operations.

use ocss_engine::routing::Fallback;

use crate::{CATEGORY_WORDS, RuleCategory};

/// The engine's bitset at this registry's width.
pub(crate) type CategoryBits = ocss_engine::CategoryBits<CATEGORY_WORDS>;

/// A set of rule categories.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(CategoryBits);

impl CategorySet {
    /// The empty set.
    pub const EMPTY: CategorySet = CategorySet(CategoryBits::EMPTY);

    /// The set of `members`.
    pub const fn of(members: &[RuleCategory]) -> Self {
        let mut bits = CategoryBits::EMPTY;
        let mut i = 0;
        while i < members.len() {
            bits = bits.with(members[i] as usize);
            i += 1;
        }
        CategorySet(bits)
    }

    /// The engine's bitset.
    pub const fn bits(self) -> ocss_engine::CategoryBits<CATEGORY_WORDS> {
        self.0
    }

    /// Whether `c` is in the set.
    pub const fn contains(self, c: RuleCategory) -> bool {
        self.0.contains(c as usize)
    }

    /// The set with `c` added.
    #[must_use]
    pub const fn with(self, c: RuleCategory) -> Self {
        CategorySet(self.0.with(c as usize))
    }

    /// Union.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        CategorySet(self.0.union(other.0))
    }

    /// Intersection.
    #[must_use]
    pub const fn intersection(self, other: Self) -> Self {
        CategorySet(self.0.intersection(other.0))
    }

    /// Members of `self` not in `other`.
    #[must_use]
    pub const fn difference(self, other: Self) -> Self {
        CategorySet(self.0.difference(other.0))
    }

    /// Whether every member of `self` is in `other`.
    pub const fn is_subset(self, other: Self) -> bool {
        self.0.is_subset(other.0)
    }

    /// Number of members.
    pub const fn len(self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0.is_empty()
    }

    /// Members in registry order.
    pub fn iter(self) -> CategorySetIter {
        CategorySetIter(self.0.iter())
    }
}

impl From<ocss_engine::CategoryBits<CATEGORY_WORDS>> for CategorySet {
    fn from(bits: ocss_engine::CategoryBits<CATEGORY_WORDS>) -> Self {
        // Indices past the vocabulary name no category; dropping them keeps every member nameable.
        bits.iter().filter_map(|i| RuleCategory::ALL.get(i).copied()).collect()
    }
}

/// Lists the members by id: `{web_safesearch, time_daily_limit}`.
impl std::fmt::Debug for CategorySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Id(RuleCategory);
        impl std::fmt::Debug for Id {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.0.as_str())
            }
        }
        f.debug_set().entries(self.iter().map(Id)).finish()
    }
}

impl FromIterator<RuleCategory> for CategorySet {
    fn from_iter<I: IntoIterator<Item = RuleCategory>>(iter: I) -> Self {
        iter.into_iter().fold(CategorySet::EMPTY, CategorySet::with)
    }
}

impl IntoIterator for CategorySet {
    type Item = RuleCategory;
    type IntoIter = CategorySetIter;
    fn into_iter(self) -> CategorySetIter {
        self.iter()
    }
}

/// Iterator over a [`CategorySet`], in registry order.
#[derive(Clone, Debug)]
pub struct CategorySetIter(ocss_engine::Indices<CATEGORY_WORDS>);

impl Iterator for CategorySetIter {
    type Item = RuleCategory;
    fn next(&mut self) -> Option<RuleCategory> {
        self.0.by_ref().find_map(|i| RuleCategory::ALL.get(i).copied())
    }
}

/// The engine's fallback table for the services' category sets, computed at compile time.
pub(crate) const fn fallback<const N: usize>(service_sets: &[CategorySet; N]) -> Fallback<CATEGORY_WORDS> {
    let mut bits = [CategoryBits::EMPTY; N];
    let mut i = 0;
    while i < N {
        bits[i] = service_sets[i].0;
        i += 1;
    }
    Fallback::new(&bits)
}

#[cfg(test)]
mod tests {
    use super::CategorySet;
    use crate::RuleCategory;

    #[test]
    fn debug_lists_members_by_id() {
        let set = CategorySet::of(&[RuleCategory::TimeDailyLimit, RuleCategory::WebSafesearch]);
        let text = format!("{set:?}");
        assert!(text.contains("time_daily_limit") && text.contains("web_safesearch"), "{text}");
    }
}
