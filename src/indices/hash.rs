//! Stable hashes: FNV-1a 64 with the MurmurHash3 finaliser, and the seeds of
//! the MinHash functions. Nothing here depends on the process, the platform or
//! the Rust version, so hashes written into a corpus-statistics file stay
//! valid across runs and builds.

use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `bytes`, continuing from `state`.
pub(crate) fn fnv1a_from(mut state: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        state ^= u64::from(b);
        state = state.wrapping_mul(FNV_PRIME);
    }
    state
}

/// The MurmurHash3 64-bit finaliser: every input bit affects every output bit.
pub(crate) const fn fmix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Hash of a word n-gram: FNV-1a over the UTF-8 words, each followed by the
/// unit separator U+001F (which no token contains), then [`fmix64`].
pub(crate) fn gram_hash<S: AsRef<str>>(words: &[S]) -> u64 {
    let mut h = FNV_OFFSET;
    for w in words {
        h = fnv1a_from(h, w.as_ref().as_bytes());
        h = fnv1a_from(h, &[0x1f]);
    }
    fmix64(h)
}

/// Hash of a run of characters (a shingle): FNV-1a over their UTF-8, then
/// [`fmix64`].
pub(crate) fn chars_hash(chars: &[char]) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in chars {
        h = fnv1a_from(h, c.encode_utf8(&mut buf).as_bytes());
    }
    fmix64(h)
}

/// Hash of a run of 8-bit values (an LSH band) and the band's number.
pub(crate) fn band_hash(band: usize, values: &[u8]) -> u64 {
    let h = fnv1a_from(FNV_OFFSET, &(band as u64).to_le_bytes());
    fmix64(fnv1a_from(h, values))
}

/// SplitMix64 step (Steele, Lea & Flood 2014), for the MinHash seeds.
const fn splitmix64(state: u64) -> (u64, u64) {
    let state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (state, z ^ (z >> 31))
}

/// `N` seeds from SplitMix64 started at `seed`: fixed at compile time.
pub(crate) const fn seeds<const N: usize>(seed: u64) -> [u64; N] {
    let mut out = [0u64; N];
    let mut state = seed;
    let mut i = 0;
    while i < N {
        let (s, z) = splitmix64(state);
        state = s;
        out[i] = z;
        i += 1;
    }
    out
}

/// A hasher for keys that are already well-mixed 64-bit hashes: it passes
/// them through. Used for the n-gram counters (lookups only; nothing is
/// output in map order).
#[derive(Default)]
pub(crate) struct PassHasher(u64);

impl Hasher for PassHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; this keeps other uses correct anyway.
        self.0 = fnv1a_from(self.0 ^ FNV_OFFSET, bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// `BuildHasher` for [`PassHasher`].
pub(crate) type PassBuild = BuildHasherDefault<PassHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_published_test_vectors() {
        // FNV-1a 64 of "" and "a" (Fowler, Noll, Vo reference values).
        assert_eq!(fnv1a_from(FNV_OFFSET, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_from(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_from(FNV_OFFSET, b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn hashes_are_pinned() {
        // These values are written into corpus-statistics files: they must
        // never change, or old files would silently mean something else.
        // (Values from an independent implementation of the same definition.)
        assert_eq!(
            gram_hash(&["政府信息", "公开", "工作", "年度报告"]),
            0xa253_2b79_2b7d_1e99
        );
        let shingle: Vec<char> = "政务微博发".chars().collect();
        assert_eq!(chars_hash(&shingle), 0x4df7_e4b2_a1dc_179e);
        assert_ne!(gram_hash(&["ab", "c"]), gram_hash(&["a", "bc"]));
        assert_eq!(
            seeds::<2>(0),
            [0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4]
        );
    }
}
