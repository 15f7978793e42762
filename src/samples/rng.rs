//! A small seeded PRNG (SplitMix64): the same seed gives the same samples on every
//! machine, without the clock and without an external crate.

/// SplitMix64 state.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for one sample file: `tag` keeps the files independent, so
    /// changing how one is generated leaves the others' bytes alone.
    pub(crate) fn new(tag: &str) -> Rng {
        let mut seed: u64 = 0x5A48_4944_5532_3032; // "ZHIDU202" — any fixed value
        for b in tag.bytes() {
            seed = (seed ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
        Rng(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from `lo` to `hi`, both included (`lo` when `hi < lo`).
    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        let span = u64::from(hi - lo) + 1;
        lo + (self.next_u64() % span) as u32
    }

    /// True with the given chance in percent.
    pub(crate) fn percent(&mut self, chance: u32) -> bool {
        self.range(0, 99) < chance
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let last = u32::try_from(items.len().saturating_sub(1)).unwrap_or(u32::MAX);
        &items[self.range(0, last) as usize]
    }

    /// An index drawn with the given weights (at least one must be positive).
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.range(0, total.saturating_sub(1));
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        weights.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_tag_same_sequence_and_tags_differ() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new("calls").next_u64()).collect();
        let mut r1 = Rng::new("calls");
        let mut r2 = Rng::new("calls");
        let mut r3 = Rng::new("punches");
        let s1: Vec<u64> = (0..5).map(|_| r1.next_u64()).collect();
        let s2: Vec<u64> = (0..5).map(|_| r2.next_u64()).collect();
        let s3: Vec<u64> = (0..5).map(|_| r3.next_u64()).collect();
        assert_eq!(s1, s2);
        assert_ne!(s1, s3);
        assert_eq!(a[0], s1[0]);
    }

    #[test]
    fn range_stays_inside_bounds_and_reaches_both_ends() {
        let mut r = Rng::new("range");
        let draws: Vec<u32> = (0..2000).map(|_| r.range(3, 7)).collect();
        assert!(draws.iter().all(|d| (3..=7).contains(d)));
        assert!(draws.contains(&3) && draws.contains(&7));
        assert_eq!(r.range(5, 5), 5);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut r = Rng::new("weights");
        for _ in 0..1000 {
            assert_ne!(r.weighted(&[5, 0, 3]), 1);
        }
    }
}
