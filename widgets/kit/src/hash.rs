//! A 64-bit mixer for hashing integers: the finalizer of SplitMix64 (Steele, Lea and Flood,
//! "Fast Splittable Pseudorandom Number Generators", OOPSLA 2014; constants as in Vigna's
//! public-domain `splitmix64.c`). Every input bit affects every output bit, so consecutive
//! integers land far apart, which is what rings, filters and tables need.

pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    #[test]
    fn spreads_neighbouring_inputs() {
        assert_eq!(super::mix64(0), 0);
        let (a, b) = (super::mix64(1), super::mix64(2));
        assert!((a ^ b).count_ones() > 16, "{a:x} {b:x}");
    }
}
