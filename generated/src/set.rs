//! `CategorySet`: a set of rule categories as one `u128` (bit `i` = the category with index `i`), so
//! coverage questions ("which categories does this platform enforce?") are bit operations.

use crate::RuleCategory;

/// A set of rule categories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(u128);

impl CategorySet {
    /// The empty set.
    pub const EMPTY: CategorySet = CategorySet(0);

    /// A set from raw bits (bit `i` is the category with [`RuleCategory::index`] `i`).
    pub const fn from_bits(bits: u128) -> Self {
        CategorySet(bits)
    }

    /// The raw bits.
    pub const fn bits(self) -> u128 {
        self.0
    }

    /// Whether `c` is in the set.
    pub const fn contains(self, c: RuleCategory) -> bool {
        self.0 & (1u128 << c as u32) != 0
    }

    /// The set with `c` added.
    pub const fn with(self, c: RuleCategory) -> Self {
        CategorySet(self.0 | (1u128 << c as u32))
    }

    /// Union.
    pub const fn union(self, other: Self) -> Self {
        CategorySet(self.0 | other.0)
    }

    /// Intersection.
    pub const fn intersection(self, other: Self) -> Self {
        CategorySet(self.0 & other.0)
    }

    /// Members of `self` not in `other`.
    pub const fn difference(self, other: Self) -> Self {
        CategorySet(self.0 & !other.0)
    }

    /// Whether every member of `self` is in `other`.
    pub const fn is_subset(self, other: Self) -> bool {
        self.0 & !other.0 == 0
    }

    /// Number of members.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Members in registry order.
    pub fn iter(self) -> CategorySetIter {
        CategorySetIter(self.0)
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

/// Iterator over a [`CategorySet`], lowest index first.
#[derive(Clone, Debug)]
pub struct CategorySetIter(u128);

impl Iterator for CategorySetIter {
    type Item = RuleCategory;
    fn next(&mut self) -> Option<RuleCategory> {
        while self.0 != 0 {
            let i = self.0.trailing_zeros() as usize;
            self.0 &= self.0 - 1;
            if let Some(c) = RuleCategory::ALL.get(i) {
                return Some(*c);
            }
        }
        None
    }
}
