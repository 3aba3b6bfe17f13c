//! apimachinery's `resource.Quantity` (`pkg/api/resource/quantity.go`, `suffix.go`): parsing
//! with the API server's exact error messages, comparison, and the canonical `String()` form
//! that validation messages print (`must be less than or equal to cpu limit of 500m`).
//!
//! Values are exact decimals of any size (a digit vector and a power of ten), so nothing here
//! can overflow or panic on user input.

use std::cmp::Ordering;
use std::fmt;

/// `ErrFormatWrong`.
pub const ERR_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// `ErrNumeric`.
pub const ERR_NUMERIC: &str = "unable to parse numeric part of quantity";
/// `ErrSuffix`.
pub const ERR_SUFFIX: &str = "unable to parse quantity's suffix";

/// `resource.Format`: how a quantity prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `12e6`
    DecimalExponent,
    /// `12Mi`
    BinarySI,
    /// `12M`
    DecimalSI,
}

/// A parsed quantity: `(-1)^neg × digits × 10^exp`.
#[derive(Clone, Debug)]
pub struct Quantity {
    neg: bool,
    /// Decimal digits (0..=9), most significant first, without leading or trailing zeros;
    /// empty for zero.
    digits: Vec<u8>,
    exp: i64,
    pub format: Format,
    /// The input, when Go keeps it as the printed form (`Quantity.s`, set on the fast path
    /// when the input is already canonical).
    original: Option<String>,
}

/// `resource.ParseQuantity`. The API server trims surrounding whitespace first
/// (`UnmarshalJSON`); callers decoding manifests should do the same.
pub fn parse_quantity(s: &str) -> Result<Quantity, String> {
    if s.is_empty() {
        return Err(ERR_FORMAT_WRONG.into());
    }
    if s == "0" {
        return Ok(Quantity {
            neg: false,
            digits: Vec::new(),
            exp: 0,
            format: Format::DecimalSI,
            original: Some(s.into()),
        });
    }
    let parts = scan(s.as_bytes()).ok_or_else(|| ERR_FORMAT_WRONG.to_string())?;
    let (base, exponent, format) =
        interpret_suffix(parts.suffix).ok_or_else(|| ERR_SUFFIX.to_string())?;

    // Go's fast path (an int64 mantissa) decides whether the input string is kept; the slow
    // path parses the numeral as a decimal and fails on one without digits (`ErrNumeric`).
    let mut fast = false;
    let mut keep = false;
    let shifted: Vec<u8> = parts.num.iter().chain(parts.denom).copied().collect();
    match format {
        Format::DecimalExponent | Format::DecimalSI => {
            let precision = 18 - (parts.num.len() + parts.denom.len()) as i64;
            let scale = i64::from(exponent) - parts.denom.len() as i64;
            if precision >= 0 && scale >= -9 {
                fast = true;
                keep =
                    scale % 3 == 0 && !shifted.ends_with(b"000") && shifted.first() != Some(&b'0');
            }
        }
        Format::BinarySI => {
            if exponent >= 0 && parts.denom.is_empty() {
                let precision = 15 - parts.num.len() as i64 - (i64::from(exponent) * 3 / 10) - 1;
                if precision >= 0
                    && let Some(v) = ascii_to_u64(parts.num)
                    && exponent < 63
                    && (u128::from(v) << exponent) <= i64::MAX as u128
                {
                    fast = true;
                    keep = v & 0x07 != 0;
                }
            }
        }
    }
    if !fast && !parts.num_only_zeros && !parts.value.iter().any(u8::is_ascii_digit) {
        return Err(ERR_NUMERIC.into());
    }
    let mut digits: Vec<u8> = shifted.iter().map(|c| c - b'0').collect();
    let mut exp: i64 = -(parts.denom.len() as i64);
    if base == 10 {
        exp += i64::from(exponent);
    } else {
        for _ in 0..exponent.max(0) {
            digits = mul_small(&digits, 2);
        }
    }
    let mut q = Quantity {
        neg: !parts.positive,
        digits,
        exp,
        format,
        original: None,
    };
    q.normalize();
    // Round non-zero values up (away from zero) to the nano scale.
    q.round_up_to_nano();
    if q.format == Format::BinarySI {
        let max = Quantity::from_u64(i64::MAX as u64);
        if cmp_magnitude(&q, &max) == Ordering::Greater {
            q.digits = max.digits;
            q.exp = max.exp;
        }
        if !q.is_zero() && cmp_magnitude(&q, &Quantity::from_u64(1)) == Ordering::Less {
            q.format = Format::DecimalSI;
        }
    }
    if keep {
        q.original = Some(s.into());
    }
    Ok(q)
}

struct Parts<'a> {
    positive: bool,
    value: &'a [u8],
    num: &'a [u8],
    denom: &'a [u8],
    suffix: &'a [u8],
    /// The numeral was all zeros (Go returns early with `num = "0"`).
    num_only_zeros: bool,
}

/// `parseQuantityString`: splits sign, numerator, denominator and suffix; `None` is
/// `ErrFormatWrong`.
fn scan(s: &[u8]) -> Option<Parts<'_>> {
    let end = s.len();
    let mut pos = 0;
    let mut positive = true;
    match s.first() {
        Some(b'-') => {
            positive = false;
            pos += 1;
        }
        Some(b'+') => pos += 1,
        _ => {}
    }
    // Leading zeros; all zeros is zero.
    while pos < end && s[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Some(Parts {
            positive,
            value: b"0",
            num: b"0",
            denom: b"",
            suffix: b"",
            num_only_zeros: true,
        });
    }
    let num_start = pos;
    while pos < end && s[pos].is_ascii_digit() {
        pos += 1;
    }
    let mut num = &s[num_start..pos];
    if num.is_empty() {
        num = b"0";
    }
    let mut denom: &[u8] = b"";
    if pos < end && s[pos] == b'.' {
        pos += 1;
        let d_start = pos;
        while pos < end && s[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[d_start..pos];
    }
    let value = &s[..pos];
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&s[pos]) {
        pos += 1;
    }
    if pos < end && (s[pos] == b'-' || s[pos] == b'+') {
        pos += 1;
    }
    while pos < end && s[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < end {
        return None;
    }
    Some(Parts {
        positive,
        value,
        num,
        denom,
        suffix: &s[suffix_start..],
        num_only_zeros: false,
    })
}

/// `suffixHandler.interpret`: base, exponent and format of a suffix.
fn interpret_suffix(suffix: &[u8]) -> Option<(u32, i32, Format)> {
    let dec = match suffix {
        b"n" => Some(-9),
        b"u" => Some(-6),
        b"m" => Some(-3),
        b"" => Some(0),
        b"k" => Some(3),
        b"M" => Some(6),
        b"G" => Some(9),
        b"T" => Some(12),
        b"P" => Some(15),
        b"E" => Some(18),
        _ => None,
    };
    if let Some(e) = dec {
        return Some((10, e, Format::DecimalSI));
    }
    let bin = match suffix {
        b"Ki" => Some(10),
        b"Mi" => Some(20),
        b"Gi" => Some(30),
        b"Ti" => Some(40),
        b"Pi" => Some(50),
        b"Ei" => Some(60),
        _ => None,
    };
    if let Some(e) = bin {
        return Some((2, e, Format::BinarySI));
    }
    if suffix.len() > 1 && (suffix[0] == b'e' || suffix[0] == b'E') {
        let text = std::str::from_utf8(&suffix[1..]).ok()?;
        let parsed: i64 = text.parse().ok()?;
        // Go truncates with int32(parsed).
        return Some((10, parsed as i32, Format::DecimalExponent));
    }
    None
}

fn ascii_to_u64(s: &[u8]) -> Option<u64> {
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// `digits × m`, digits most significant first.
fn mul_small(digits: &[u8], m: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(digits.len() + 10);
    let mut carry: u64 = 0;
    for &d in digits.iter().rev() {
        let v = u64::from(d) * u64::from(m) + carry;
        out.push((v % 10) as u8);
        carry = v / 10;
    }
    while carry > 0 {
        out.push((carry % 10) as u8);
        carry /= 10;
    }
    out.reverse();
    out
}

/// `digits / d` and the remainder.
fn div_small(digits: &[u8], d: u32) -> (Vec<u8>, u32) {
    let mut out = Vec::with_capacity(digits.len());
    let mut rem: u64 = 0;
    for &x in digits {
        let cur = rem * 10 + u64::from(x);
        out.push((cur / u64::from(d)) as u8);
        rem = cur % u64::from(d);
    }
    let first = out.iter().position(|&x| x != 0).unwrap_or(out.len());
    (out.split_off(first), rem as u32)
}

/// `digits + 1`.
fn add_one(digits: &mut Vec<u8>) {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, 1);
}

/// Compares absolute values.
fn cmp_magnitude(a: &Quantity, b: &Quantity) -> Ordering {
    match (a.is_zero(), b.is_zero()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    // Position of the most significant digit.
    let ma = a.digits.len() as i64 + a.exp;
    let mb = b.digits.len() as i64 + b.exp;
    if ma != mb {
        return ma.cmp(&mb);
    }
    let n = a.digits.len().max(b.digits.len());
    for i in 0..n {
        let da = a.digits.get(i).copied().unwrap_or(0);
        let db = b.digits.get(i).copied().unwrap_or(0);
        if da != db {
            return da.cmp(&db);
        }
    }
    Ordering::Equal
}

impl Quantity {
    fn from_u64(v: u64) -> Quantity {
        let mut q = Quantity {
            neg: false,
            digits: v.to_string().bytes().map(|c| c - b'0').collect(),
            exp: 0,
            format: Format::DecimalSI,
            original: None,
        };
        q.normalize();
        q
    }

    fn normalize(&mut self) {
        let first = self
            .digits
            .iter()
            .position(|&d| d != 0)
            .unwrap_or(self.digits.len());
        self.digits.drain(..first);
        while self.digits.last() == Some(&0) {
            self.digits.pop();
            self.exp += 1;
        }
        if self.digits.is_empty() {
            self.neg = false;
            self.exp = 0;
        }
    }

    /// `amount.Round(amount, Nano, inf.RoundUp)` on the absolute value.
    fn round_up_to_nano(&mut self) {
        if self.is_zero() || self.exp >= -9 {
            return;
        }
        // Digits below 10^-9 to drop; the last digit is non-zero, so rounding always adds one.
        let drop = (-9 - self.exp) as u128;
        if drop >= self.digits.len() as u128 {
            self.digits = vec![1];
        } else {
            let keep = self.digits.len() - drop as usize;
            self.digits.truncate(keep);
            add_one(&mut self.digits);
        }
        self.exp = -9;
        self.normalize();
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    pub fn is_negative(&self) -> bool {
        self.neg && !self.is_zero()
    }

    /// `Cmp`: compares the values, ignoring format.
    pub fn cmp_value(&self, other: &Quantity) -> Ordering {
        match (self.is_negative(), other.is_negative()) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_magnitude(self, other),
            (true, true) => cmp_magnitude(other, self),
        }
    }

    /// `ceil(|q| × 10^scale)` with the sign of `q` (Go's `ScaledValue` rounds away from zero),
    /// or `None` when it does not fit an `i128`.
    fn scaled_away_from_zero(&self, scale: i64) -> Option<i128> {
        if self.is_zero() {
            return Some(0);
        }
        let e = self.exp + scale;
        let int_len = self.digits.len() as i64 + e;
        if int_len > 38 {
            return None;
        }
        let mut v: i128 = 0;
        if int_len > 0 {
            for i in 0..int_len as usize {
                v = v * 10 + i128::from(self.digits.get(i).copied().unwrap_or(0));
            }
        }
        if e < 0 {
            // A fractional part remains (the last digit is non-zero).
            v += 1;
        }
        Some(if self.neg { -v } else { v })
    }

    /// `Value`: the value rounded up to an integer (away from zero).
    pub fn value(&self) -> Option<i128> {
        self.scaled_away_from_zero(0)
    }

    /// `MilliValue`: the value in thousandths, rounded up (away from zero).
    pub fn milli_value(&self) -> Option<i128> {
        self.scaled_away_from_zero(3)
    }

    /// Whether the value is a whole number.
    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// `CanonicalizeBytes` for the decimal formats: mantissa digits and an exponent that is a
    /// multiple of three.
    fn canonical_decimal(&self, format: Format) -> String {
        let k = self.exp.rem_euclid(3);
        let mut digits = self.digits.clone();
        for _ in 0..k {
            digits = mul_small(&digits, 10);
        }
        let e = self.exp - k;
        let mut out = String::new();
        if self.neg {
            out.push('-');
        }
        out.extend(digits.iter().map(|d| char::from(b'0' + d)));
        match format {
            Format::DecimalExponent => {
                if e != 0 {
                    out.push('e');
                    out.push_str(&e.to_string());
                }
            }
            _ => {
                // Exponents without an SI suffix print bare, as Go does.
                out.push_str(match e {
                    -9 => "n",
                    -6 => "u",
                    -3 => "m",
                    3 => "k",
                    6 => "M",
                    9 => "G",
                    12 => "T",
                    15 => "P",
                    18 => "E",
                    _ => "",
                });
            }
        }
        out
    }

    /// `CanonicalizeBytes` for BinarySI: an integer and the largest power of 1024 dividing it.
    fn canonical_binary(&self) -> String {
        let mut digits = self.digits.clone();
        digits.extend(std::iter::repeat_n(0u8, self.exp.max(0) as usize));
        let mut k = 0;
        loop {
            let big_enough = digits.len() > 4
                || (digits.len() == 4 && digits.as_slice() >= [1, 0, 2, 4].as_slice());
            if !big_enough {
                break;
            }
            let (q, r) = div_small(&digits, 1024);
            if r != 0 {
                break;
            }
            digits = q;
            k += 1;
        }
        let mut out = String::new();
        if self.neg {
            out.push('-');
        }
        out.extend(digits.iter().map(|d| char::from(b'0' + d)));
        out.push_str(match k {
            1 => "Ki",
            2 => "Mi",
            3 => "Gi",
            4 => "Ti",
            5 => "Pi",
            6 => "Ei",
            _ => "",
        });
        out
    }
}

/// `Quantity.String()`: the input when Go keeps it, else the canonical form.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = &self.original {
            return f.write_str(s);
        }
        if self.is_zero() {
            return f.write_str("0");
        }
        let s = match self.format {
            Format::BinarySI => {
                let small = cmp_magnitude(self, &Quantity::from_u64(1024)) == Ordering::Less;
                if small || !self.is_integer() {
                    self.canonical_decimal(Format::DecimalSI)
                } else {
                    self.canonical_binary()
                }
            }
            other => self.canonical_decimal(other),
        };
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn canon(input: &str, want: &str) {
        match parse_quantity(input) {
            Ok(q) => assert_eq!(q.to_string(), want, "input {input:?}"),
            Err(e) => panic!("{input:?} failed: {e}"),
        }
    }

    #[track_caller]
    fn bad(input: &str, want: &str) {
        assert_eq!(
            parse_quantity(input).err().as_deref(),
            Some(want),
            "input {input:?}"
        );
    }

    #[test]
    fn canonical_forms() {
        for (i, w) in [
            ("0", "0"),
            ("1", "1"),
            ("100m", "100m"),
            ("0.1", "100m"),
            ("0.5", "500m"),
            ("1.5", "1500m"),
            ("1000m", "1"),
            ("1000", "1k"),
            ("1500", "1500"),
            ("1.0", "1"),
            ("1k", "1k"),
            ("12M", "12M"),
            ("1Ki", "1Ki"),
            ("512Ki", "512Ki"),
            ("1024Mi", "1Gi"),
            ("1536Mi", "1536Mi"),
            ("1.5Gi", "1536Mi"),
            ("0.5Ki", "512"),
            ("8Ei", "9223372036854775807"),
            ("1e3", "1e3"),
            ("1E3", "1E3"),
            ("1.2e3", "1200"),
            ("12e6", "12e6"),
            ("+1", "+1"),
            ("01", "01"),
            ("-1", "-1"),
            ("-0.5", "-500m"),
            ("-1024Mi", "-1Gi"),
            ("0.0000000001", "1n"),
            ("1.0000000001", "1000000001n"),
            ("000", "0"),
            ("-", "0"),
            ("1.", "1."),
            (".", "0"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
        ] {
            canon(i, w);
        }
    }

    #[test]
    fn parse_errors() {
        bad("", ERR_FORMAT_WRONG);
        bad("abc", ERR_FORMAT_WRONG);
        bad("1Mb", ERR_FORMAT_WRONG);
        bad("1.2.3", ERR_FORMAT_WRONG);
        bad(" 1", ERR_FORMAT_WRONG);
        bad("1é", ERR_FORMAT_WRONG);
        bad("30mi", ERR_SUFFIX);
        bad("1kk", ERR_SUFFIX);
        bad("1e", ERR_SUFFIX);
        bad("1e+", ERR_SUFFIX);
        bad(".e-10", ERR_NUMERIC);
        bad("1e99999999999999999999", ERR_SUFFIX);
        assert!(
            ERR_FORMAT_WRONG.starts_with("quantities must match the regular expression '^([+-]?")
        );
    }

    #[test]
    fn compare_and_values() {
        let q = |s: &str| parse_quantity(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(q("1").cmp_value(&q("1000m")), Ordering::Equal);
        assert_eq!(q("500m").cmp_value(&q("1")), Ordering::Less);
        assert_eq!(q("1Gi").cmp_value(&q("1G")), Ordering::Greater);
        assert_eq!(q("-1").cmp_value(&q("0")), Ordering::Less);
        assert_eq!(q("-2").cmp_value(&q("-1")), Ordering::Less);
        assert_eq!(q("1e40").cmp_value(&q("9e39")), Ordering::Greater);
        assert!(q("-1m").is_negative());
        assert!(!q("-0").is_negative());
        assert_eq!(q("1.5").milli_value(), Some(1500));
        assert_eq!(q("1.5").value(), Some(2));
        assert_eq!(q("2Mi").value(), Some(2 * 1024 * 1024));
        assert_eq!(q("1e50").value(), None);
        assert!(q("2").is_integer() && !q("2.5").is_integer());
        // Huge exponents stay cheap.
        assert_eq!(q("1e999999999").to_string(), "1e999999999");
    }
}
