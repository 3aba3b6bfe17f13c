//! The simulation's only randomness: SplitMix64 from an explicit seed. Same seed, same world.

/// A small, fast, seeded generator (SplitMix64). Cloned with the world, so snapshots replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.next_u64() % (hi - lo + 1)
    }
    /// A value around `base`: `base ± jitter`, never below zero.
    pub fn around(&mut self, base: u64, jitter: u64) -> u64 {
        let v = self.range(0, 2 * jitter);
        (base + v).saturating_sub(jitter)
    }
    /// `n` lowercase hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        while s.len() < n {
            let v = self.next_u64();
            for i in 0..16 {
                if s.len() == n {
                    break;
                }
                let d = ((v >> (i * 4)) & 0xf) as u32;
                s.push(char::from_digit(d, 16).unwrap_or('0'));
            }
        }
        s
    }
    /// A random (version 4) UUID as the API server gives objects (`k8s.io/apimachinery`
    /// `util/uuid.NewUUID`, google/uuid's `NewRandom`): `xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx`
    /// with the RFC 4122 variant, V one of 8, 9, a, b. A claim's UID names its volume
    /// (`pvc-<uid>`).
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        let variant = match u8::from_str_radix(&h[16..17], 16).unwrap_or(0) & 3 {
            0 => '8',
            1 => '9',
            2 => 'a',
            _ => 'b',
        };
        format!(
            "{}-{}-4{}-{variant}{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..32]
        )
    }
}
