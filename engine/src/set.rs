//! `CategoryBits<W>`: a set of category indices as `W` 64-bit words, so coverage questions are bit
//! operations. The width comes from the caller: the generated `ocss` crate picks the fewest words
//! that hold its registry's categories, so growing the taxonomy never overflows a set.

/// A set of category indices (bit `i` = the category at index `i` in registry order).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CategoryBits<const W: usize>([u64; W]);

impl<const W: usize> Default for CategoryBits<W> {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// How many words hold `categories` indices (at least one).
pub const fn words_for(categories: usize) -> usize {
    if categories == 0 { 1 } else { categories.div_ceil(64) }
}

impl<const W: usize> CategoryBits<W> {
    /// How many categories a set can hold.
    pub const CAPACITY: usize = 64 * W;
    /// The empty set.
    pub const EMPTY: Self = CategoryBits([0; W]);

    /// The set of `indices`; indices at or above [`Self::CAPACITY`] are ignored.
    pub const fn of(indices: &[usize]) -> Self {
        let mut set = Self::EMPTY;
        let mut i = 0;
        while i < indices.len() {
            set = set.with(indices[i]);
            i += 1;
        }
        set
    }

    /// Whether `index` is in the set.
    pub const fn contains(self, index: usize) -> bool {
        index < Self::CAPACITY && self.0[index / 64] & (1u64 << (index % 64)) != 0
    }

    /// The set with `index` added (ignored at or above [`Self::CAPACITY`]).
    #[must_use]
    pub const fn with(self, index: usize) -> Self {
        let mut words = self.0;
        if index < Self::CAPACITY {
            words[index / 64] |= 1u64 << (index % 64);
        }
        CategoryBits(words)
    }

    const fn zip(self, other: Self, op: u8) -> Self {
        let mut words = self.0;
        let mut i = 0;
        while i < W {
            words[i] = match op {
                0 => words[i] | other.0[i],
                1 => words[i] & other.0[i],
                _ => words[i] & !other.0[i],
            };
            i += 1;
        }
        CategoryBits(words)
    }

    /// Union.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        self.zip(other, 0)
    }

    /// Intersection.
    #[must_use]
    pub const fn intersection(self, other: Self) -> Self {
        self.zip(other, 1)
    }

    /// Members of `self` not in `other`.
    #[must_use]
    pub const fn difference(self, other: Self) -> Self {
        self.zip(other, 2)
    }

    /// Whether every member of `self` is in `other`.
    pub const fn is_subset(self, other: Self) -> bool {
        self.difference(other).is_empty()
    }

    /// Number of members.
    pub const fn len(self) -> usize {
        let (mut n, mut i) = (0, 0);
        while i < W {
            n += self.0[i].count_ones() as usize;
            i += 1;
        }
        n
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Member indices, lowest first.
    pub fn iter(self) -> Indices<W> {
        Indices { words: self.0, word: 0 }
    }
}

impl<const W: usize> std::fmt::Debug for CategoryBits<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<const W: usize> FromIterator<usize> for CategoryBits<W> {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        iter.into_iter().fold(Self::EMPTY, Self::with)
    }
}

impl<const W: usize> IntoIterator for CategoryBits<W> {
    type Item = usize;
    type IntoIter = Indices<W>;
    fn into_iter(self) -> Indices<W> {
        self.iter()
    }
}

/// Iterator over the indices of a [`CategoryBits`], lowest first.
#[derive(Clone, Debug)]
pub struct Indices<const W: usize> {
    words: [u64; W],
    word: usize,
}

impl<const W: usize> Iterator for Indices<W> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        while self.word < W {
            let w = &mut self.words[self.word];
            if *w != 0 {
                let bit = w.trailing_zeros() as usize;
                *w &= *w - 1;
                return Some(self.word * 64 + bit);
            }
            self.word += 1;
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.words[self.word.min(W)..].iter().map(|w| w.count_ones() as usize).sum();
        (n, Some(n))
    }
}

impl<const W: usize> ExactSizeIterator for Indices<W> {}

#[cfg(test)]
mod tests {
    use super::{CategoryBits, words_for};

    #[test]
    fn set_operations_agree_with_their_definitions() {
        let a = CategoryBits::<2>::of(&[0, 3, 127]);
        let b = CategoryBits::<2>::of(&[3, 4]);
        assert_eq!(a.union(b).iter().collect::<Vec<_>>(), [0, 3, 4, 127]);
        assert_eq!(a.intersection(b).iter().collect::<Vec<_>>(), [3]);
        assert_eq!(a.difference(b).iter().collect::<Vec<_>>(), [0, 127]);
        assert!(CategoryBits::<2>::of(&[3]).is_subset(b));
        assert!(!a.contains(128) && a.with(128) == a);
        assert_eq!(format!("{a:?}"), "{0, 3, 127}");
    }

    #[test]
    fn any_width_holds_its_capacity() {
        let wide = CategoryBits::<5>::of(&[0, 63, 64, 299, 319]);
        assert_eq!(wide.iter().collect::<Vec<_>>(), [0, 63, 64, 299, 319]);
        assert_eq!(wide.len(), 5);
        assert!(wide.contains(299) && !wide.contains(320));
        assert_eq!((words_for(0), words_for(64), words_for(65), words_for(300)), (1, 1, 2, 5));
    }
}
