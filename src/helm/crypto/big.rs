//! The unsigned big integers RSA signing needs, and no more: bytes in and out, comparison,
//! addition, subtraction, multiplication, remainder (bit by bit: used a few times per
//! signature) and modular exponentiation by Montgomery multiplication (odd moduli, as RSA's
//! primes and modulus are). Little-endian 32-bit limbs, no zero limbs at the top.

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Big(Vec<u32>);

impl Big {
    pub fn from_be(bytes: &[u8]) -> Big {
        let mut limbs = Vec::with_capacity(bytes.len().div_ceil(4));
        for chunk in bytes.rchunks(4) {
            let mut w = [0u8; 4];
            w[4 - chunk.len()..].copy_from_slice(chunk);
            limbs.push(u32::from_be_bytes(w));
        }
        Big(limbs).normal()
    }

    pub fn small(v: u32) -> Big {
        Big(vec![v]).normal()
    }

    /// Big-endian bytes without leading zeros (empty for zero).
    pub fn to_be(&self) -> Vec<u8> {
        let bytes: Vec<u8> = self.0.iter().rev().flat_map(|w| w.to_be_bytes()).collect();
        bytes.into_iter().skip_while(|b| *b == 0).collect()
    }

    fn normal(mut self) -> Big {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    pub fn bits(&self) -> u64 {
        match self.0.last() {
            None => 0,
            Some(top) => (self.0.len() as u64 - 1) * 32 + u64::from(32 - top.leading_zeros()),
        }
    }

    fn bit(&self, i: u64) -> bool {
        self.0
            .get((i / 32) as usize)
            .is_some_and(|w| (w >> (i % 32)) & 1 == 1)
    }

    pub fn is_odd(&self) -> bool {
        self.bit(0)
    }

    pub fn add(&self, o: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len().max(o.0.len()) + 1);
        let mut carry = 0u64;
        for i in 0..self.0.len().max(o.0.len()) {
            let s = u64::from(*self.0.get(i).unwrap_or(&0))
                + u64::from(*o.0.get(i).unwrap_or(&0))
                + carry;
            out.push(s as u32);
            carry = s >> 32;
        }
        out.push(carry as u32);
        Big(out).normal()
    }

    /// `self - o`; zero when `o` is larger (callers compare first).
    pub fn sub(&self, o: &Big) -> Big {
        if self < o {
            return Big(Vec::new());
        }
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let mut d = i64::from(self.0[i]) - i64::from(*o.0.get(i).unwrap_or(&0)) - borrow;
            borrow = 0;
            if d < 0 {
                d += 1 << 32;
                borrow = 1;
            }
            out.push(d as u32);
        }
        Big(out).normal()
    }

    pub fn mul(&self, o: &Big) -> Big {
        let mut out = vec![0u32; self.0.len() + o.0.len()];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, &b) in o.0.iter().enumerate() {
                let t = u64::from(a) * u64::from(b) + u64::from(out[i + j]) + carry;
                out[i + j] = t as u32;
                carry = t >> 32;
            }
            out[i + o.0.len()] = carry as u32;
        }
        Big(out).normal()
    }

    /// `self mod m`, bit by bit; `m` must not be zero.
    pub fn rem(&self, m: &Big) -> Big {
        let mut r = Big(Vec::new());
        for i in (0..self.bits()).rev() {
            r = r.add(&r);
            if self.bit(i) {
                r = r.add(&Big::small(1));
            }
            if r >= *m {
                r = r.sub(m);
            }
        }
        r
    }

    /// `self^e mod m` for an odd `m` (Montgomery's multiplication).
    pub fn modpow(&self, e: &Big, m: &Big) -> Big {
        let mont = Montgomery::new(m);
        let base = mont.to(&self.rem(m));
        let mut x = mont.to(&Big::small(1));
        for i in (0..e.bits()).rev() {
            x = mont.mul(&x, &x);
            if e.bit(i) {
                x = mont.mul(&x, &base);
            }
        }
        mont.mul(&x, &Big::small(1))
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, o: &Big) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Big {
    fn cmp(&self, o: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }
}

/// Montgomery arithmetic modulo an odd `m` of `k` limbs, with R = 2^(32k).
struct Montgomery {
    m: Vec<u32>,
    /// -m^-1 mod 2^32.
    inv: u32,
    /// R^2 mod m.
    r2: Big,
}

impl Montgomery {
    fn new(m: &Big) -> Montgomery {
        let m0 = m.0.first().copied().unwrap_or(1);
        // Newton's iteration doubles the correct low bits each step: 1, 2, 4, ... 32.
        let mut x: u32 = 1;
        for _ in 0..5 {
            x = x.wrapping_mul(2u32.wrapping_sub(m0.wrapping_mul(x)));
        }
        let mut r2 = vec![0u32; 2 * m.0.len()];
        r2.push(1);
        Montgomery {
            m: m.0.clone(),
            inv: x.wrapping_neg(),
            r2: Big(r2).rem(m),
        }
    }

    fn to(&self, a: &Big) -> Big {
        self.mul(a, &self.r2)
    }

    /// a·b·R^-1 mod m (coarsely integrated operand scanning), for a, b < m.
    fn mul(&self, a: &Big, b: &Big) -> Big {
        let k = self.m.len();
        let mut t = vec![0u32; k + 2];
        for i in 0..k {
            let ai = u64::from(*a.0.get(i).unwrap_or(&0));
            let mut carry = 0u64;
            for (j, tj) in t.iter_mut().enumerate().take(k) {
                let s = u64::from(*tj) + ai * u64::from(*b.0.get(j).unwrap_or(&0)) + carry;
                *tj = s as u32;
                carry = s >> 32;
            }
            let s = u64::from(t[k]) + carry;
            t[k] = s as u32;
            t[k + 1] = (s >> 32) as u32;
            let q = u64::from(t[0].wrapping_mul(self.inv));
            let mut carry = (u64::from(t[0]) + q * u64::from(self.m[0])) >> 32;
            for j in 1..k {
                let s = u64::from(t[j]) + q * u64::from(self.m[j]) + carry;
                t[j - 1] = s as u32;
                carry = s >> 32;
            }
            let s = u64::from(t[k]) + carry;
            t[k - 1] = s as u32;
            t[k] = t[k + 1] + (s >> 32) as u32;
        }
        t.truncate(k + 1);
        let r = Big(t).normal();
        let m = Big(self.m.clone());
        if r >= m { r.sub(&m) } else { r }
    }
}

#[cfg(test)]
mod tests {
    use super::Big;

    #[test]
    fn arithmetic_agrees_with_u128() {
        let values: [u128; 7] = [
            0,
            1,
            3,
            0xffff_ffff,
            0x1_0000_0001,
            0xdead_beef_cafe_f00d_1234_5678,
            u64::MAX as u128 * 3 + 7,
        ];
        let big = |v: u128| Big::from_be(&v.to_be_bytes());
        for &a in &values {
            assert_eq!(u128::from_be_bytes(pad(&big(a).to_be())), a);
            for &b in &values {
                assert_eq!(big(a).add(&big(b)), big(a + b));
                if a >= b {
                    assert_eq!(big(a).sub(&big(b)), big(a - b));
                }
                if a.leading_zeros() + b.leading_zeros() >= 128 {
                    assert_eq!(big(a).mul(&big(b)), big(a * b));
                }
                if b != 0 {
                    assert_eq!(big(a).rem(&big(b)), big(a % b));
                }
            }
        }
    }

    #[test]
    fn modpow_agrees_with_repeated_multiplication() {
        let big = |v: u128| Big::from_be(&v.to_be_bytes());
        for (base, exp, m) in [
            (4u128, 13u128, 497u128),
            (2, 100, 1_000_000_007),
            (0xdead_beef, 65_537, 0xffff_ffff_ffff_ffc5),
            (5, 0, 7),
            (123_456_789, 987_654, 0x1_0000_0000_0000_0000_0001),
        ] {
            let mut want = 1u128 % m;
            for _ in 0..exp.min(2_000_000) {
                want = mulmod(want, base % m, m);
            }
            assert_eq!(
                big(base).modpow(&big(exp), &big(m)),
                big(want),
                "{base}^{exp} mod {m}"
            );
        }
    }

    fn mulmod(a: u128, b: u128, m: u128) -> u128 {
        let (mut r, mut a, mut b) = (0u128, a % m, b);
        while b > 0 {
            if b & 1 == 1 {
                r = (r + a) % m;
            }
            a = (a + a) % m;
            b >>= 1;
        }
        r
    }

    fn pad(b: &[u8]) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[16 - b.len()..].copy_from_slice(b);
        out
    }
}
