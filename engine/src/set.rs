//! `CategoryBits`: a set of category indices as one `u128`, so coverage questions are bit operations.

/// A set of category indices (bit `i` = the category at index `i` in registry order).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CategoryBits(u128);

impl CategoryBits {
    /// How many categories a set can hold; a registry with more is refused by the toolchain.
    pub const CAPACITY: usize = 128;
    /// The empty set.
    pub const EMPTY: CategoryBits = CategoryBits(0);

    /// The set of `indices`; indices at or above [`Self::CAPACITY`] are ignored.
    pub const fn of(indices: &[usize]) -> Self {
        let mut bits = 0u128;
        let mut i = 0;
        while i < indices.len() {
            if indices[i] < Self::CAPACITY {
                bits |= 1u128 << indices[i];
            }
            i += 1;
        }
        CategoryBits(bits)
    }

    /// Whether `index` is in the set.
    pub const fn contains(self, index: usize) -> bool {
        index < Self::CAPACITY && self.0 & (1u128 << index) != 0
    }

    /// The set with `index` added (ignored at or above [`Self::CAPACITY`]).
    #[must_use]
    pub const fn with(self, index: usize) -> Self {
        if index < Self::CAPACITY { CategoryBits(self.0 | (1u128 << index)) } else { self }
    }

    /// Union.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        CategoryBits(self.0 | other.0)
    }

    /// Intersection.
    #[must_use]
    pub const fn intersection(self, other: Self) -> Self {
        CategoryBits(self.0 & other.0)
    }

    /// Members of `self` not in `other`.
    #[must_use]
    pub const fn difference(self, other: Self) -> Self {
        CategoryBits(self.0 & !other.0)
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

    /// Member indices, lowest first.
    pub fn iter(self) -> Indices {
        Indices(self.0)
    }
}

impl std::fmt::Debug for CategoryBits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<usize> for CategoryBits {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        iter.into_iter().fold(CategoryBits::EMPTY, CategoryBits::with)
    }
}

impl IntoIterator for CategoryBits {
    type Item = usize;
    type IntoIter = Indices;
    fn into_iter(self) -> Indices {
        self.iter()
    }
}

/// Iterator over the indices of a [`CategoryBits`], lowest first.
#[derive(Clone, Debug)]
pub struct Indices(u128);

impl Iterator for Indices {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let i = self.0.trailing_zeros() as usize;
        self.0 &= self.0 - 1;
        Some(i)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.0.count_ones() as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Indices {}

#[cfg(test)]
mod tests {
    use super::CategoryBits;

    #[test]
    fn set_operations_agree_with_their_definitions() {
        let a = CategoryBits::of(&[0, 3, 127]);
        let b = CategoryBits::of(&[3, 4]);
        assert_eq!(a.union(b).iter().collect::<Vec<_>>(), [0, 3, 4, 127]);
        assert_eq!(a.intersection(b).iter().collect::<Vec<_>>(), [3]);
        assert_eq!(a.difference(b).iter().collect::<Vec<_>>(), [0, 127]);
        assert!(CategoryBits::of(&[3]).is_subset(b));
        assert!(!a.contains(128) && a.with(128) == a);
        assert_eq!(format!("{a:?}"), "{0, 3, 127}");
    }
}
