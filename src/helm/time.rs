//! The clock templates see. Sprig's date functions read the wall clock; the playground reads
//! a fixed instant instead (2025-01-01T00:00:00Z, in UTC), so that a render is reproducible,
//! and formats it with Go's reference-time layouts (`2006-01-02 15:04:05`).

use crate::gotmpl::{Func, Object, Val, Value};
use std::rc::Rc;

/// The instant `now` returns, in seconds since the Unix epoch.
pub const EPOCH: i64 = 1_735_689_600;

/// A `time.Time` in UTC.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Time {
    pub unix: i64,
    /// Nanoseconds within the second (`dateModify` can add a fraction of one).
    pub nanos: u32,
}

impl Time {
    pub fn epoch() -> Time {
        Time::at(EPOCH)
    }

    pub fn at(unix: i64) -> Time {
        Time { unix, nanos: 0 }
    }

    /// `t.Add(d)` for `d` in nanoseconds.
    fn add(self, d: i128) -> Time {
        let total = i128::from(self.unix) * 1_000_000_000 + i128::from(self.nanos) + d;
        Time {
            unix: total.div_euclid(1_000_000_000) as i64,
            nanos: total.rem_euclid(1_000_000_000) as u32,
        }
    }

    /// The fraction of a second as Go's `.000` (`digits`, zeros kept) or `.999` (trailing
    /// zeros and an empty fraction dropped) layout elements write it.
    fn fraction(&self, digits: usize, keep_zeros: bool) -> String {
        let all = format!("{:09}", self.nanos);
        let mut f = all[..digits].to_string();
        if !keep_zeros {
            while f.ends_with('0') {
                f.pop();
            }
            if f.is_empty() {
                return f;
            }
        }
        format!(".{f}")
    }

    /// Year, month, day, hour, minute, second, weekday (0 = Sunday), day of year.
    fn parts(&self) -> (i64, u32, u32, u32, u32, u32, u32, u32) {
        let days = self.unix.div_euclid(86_400);
        let secs = self.unix.rem_euclid(86_400);
        let (y, m, d) = crate::go::civil(days);
        let weekday = (days + 4).rem_euclid(7) as u32;
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let yday = cum[(m - 1) as usize] + d + u32::from(leap && m > 2);
        (
            y,
            m,
            d,
            (secs / 3600) as u32,
            (secs % 3600 / 60) as u32,
            (secs % 60) as u32,
            weekday,
            yday,
        )
    }

    /// `Time.Format(layout)` for the layout elements charts use.
    pub fn format(&self, layout: &str) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const DAYS: [&str; 7] = [
            "Sunday",
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
        ];
        let (y, mo, d, h, mi, s, wd, yd) = self.parts();
        let tokens: [(&str, String); 32] = [
            ("2006", format!("{y:04}")),
            ("January", MONTHS[(mo - 1) as usize].into()),
            ("Jan", MONTHS[(mo - 1) as usize][..3].into()),
            ("Monday", DAYS[wd as usize].into()),
            ("Mon", DAYS[wd as usize][..3].into()),
            ("MST", "UTC".into()),
            ("Z07:00", "Z".into()),
            ("Z0700", "Z".into()),
            ("-07:00", "+00:00".into()),
            ("-0700", "+0000".into()),
            ("-07", "+00".into()),
            ("002", format!("{yd:03}")),
            ("01", format!("{mo:02}")),
            ("02", format!("{d:02}")),
            ("_2", format!("{d:>2}")),
            ("15", format!("{h:02}")),
            (
                "03",
                format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 }),
            ),
            ("04", format!("{mi:02}")),
            ("05", format!("{s:02}")),
            ("06", format!("{:02}", y % 100)),
            (".000000000", self.fraction(9, true)),
            (".000000", self.fraction(6, true)),
            (".000", self.fraction(3, true)),
            (".999999999", self.fraction(9, false)),
            (".999999", self.fraction(6, false)),
            (".999", self.fraction(3, false)),
            ("PM", if h >= 12 { "PM" } else { "AM" }.into()),
            ("pm", if h >= 12 { "pm" } else { "am" }.into()),
            ("1", mo.to_string()),
            ("2", d.to_string()),
            ("3", (if h % 12 == 0 { 12 } else { h % 12 }).to_string()),
            ("4", mi.to_string()),
        ];
        let mut out = String::new();
        let mut rest = layout;
        'outer: while !rest.is_empty() {
            for (tok, val) in &tokens {
                if rest.starts_with(tok) {
                    out.push_str(val);
                    rest = &rest[tok.len()..];
                    continue 'outer;
                }
            }
            if rest.starts_with('5') {
                out.push_str(&s.to_string());
                rest = &rest[1..];
                continue;
            }
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }
}

impl Object for Time {
    fn type_name(&self) -> String {
        "time.Time".into()
    }
    fn method(self: Rc<Self>, name: &str) -> Option<Func> {
        let t = *self;
        match name {
            "Unix" => Some(Func::new(&[], None, move |_, _| {
                Ok(Val::new(Value::Int64(t.unix)))
            })),
            "Year" => Some(Func::new(&[], None, move |_, _| {
                Ok(Val::new(Value::Int(t.parts().0)))
            })),
            "Format" => Some(Func::new(
                &[crate::gotmpl::Ty::String],
                None,
                move |_, a| {
                    Ok(Val::new(Value::string(
                        t.format(a[0].v.as_str().unwrap_or_default()),
                    )))
                },
            )),
            _ => None,
        }
    }
    fn print(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }
    fn to_json(&self) -> String {
        format!("\"{}\"", self.format("2006-01-02T15:04:05.999999999Z07:00"))
    }
    fn kind(&self) -> &'static str {
        "struct"
    }
}

fn as_time(v: &Value) -> Time {
    match v {
        Value::Object(o) if o.type_name() == "time.Time" => {
            let text = o.to_json();
            parse_rfc3339(text.trim_matches('"')).unwrap_or(Time::epoch())
        }
        Value::Int(i) | Value::Int64(i) => Time::at(*i),
        _ => Time::epoch(),
    }
}

/// `date FORMAT TIME`.
pub fn format_date(layout: &str, v: &Value) -> String {
    as_time(v).format(layout)
}

pub fn unix(v: &Value) -> i64 {
    as_time(v).unix
}

/// `toDate LAYOUT TEXT` for RFC 3339 and `2006-01-02` layouts.
pub fn parse(layout: &str, text: &str) -> Value {
    let t = if layout == "2006-01-02" {
        parse_rfc3339(&format!("{text}T00:00:00Z"))
    } else {
        parse_rfc3339(text)
    };
    Value::Object(Rc::new(t.unwrap_or(Time::at(-62_135_596_800))))
}

/// Seconds since the Unix epoch of an RFC 3339 time in UTC (`kubectl logs --since-time`).
pub fn rfc3339_secs(s: &str) -> Option<i64> {
    parse_rfc3339(s).map(|t| t.unix)
}

fn parse_rfc3339(s: &str) -> Option<Time> {
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let n = |a: usize, e: usize| s.get(a..e)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, sec) = (
        n(0, 4)?,
        n(5, 7)?,
        n(8, 10)?,
        n(11, 13)?,
        n(14, 16)?,
        n(17, 19)?,
    );
    let a = (14 - mo) / 12;
    let yy = y + 4800 - a;
    let m = mo + 12 * a - 3;
    let jdn = d + (153 * m + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
    let days = jdn - 2_440_588;
    // RFC 3339 with nanoseconds, as `MarshalJSON` writes it: `.5` after the seconds.
    let mut nanos = 0u32;
    if let Some(frac) = s.get(19..).and_then(|r| r.strip_prefix('.')) {
        let digits: String = frac
            .chars()
            .take_while(char::is_ascii_digit)
            .take(9)
            .collect();
        nanos = format!("{digits:0<9}").parse().unwrap_or(0);
    }
    Some(Time {
        unix: days * 86_400 + h * 3600 + mi * 60 + sec,
        nanos,
    })
}

/// `time.Duration(n * time.Second).String()` for whole seconds.
pub fn duration(secs: i64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let neg = secs < 0;
    let s = secs.unsigned_abs();
    let (h, m, sec) = (s / 3600, s % 3600 / 60, s % 60);
    let mut out = String::from(if neg { "-" } else { "" });
    if h > 0 {
        out.push_str(&format!("{h}h{m}m"));
    } else if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    out.push_str(&format!("{sec}s"));
    out
}

/// The time zones the playground knows: Go's `time.LoadLocation` gives UTC for `""` and
/// `"UTC"`, and the playground's local zone is UTC too. Any other zone needs the time zone
/// database, which the page does not carry.
pub fn zone_ok(zone: &str) -> bool {
    matches!(zone, "" | "UTC" | "Local")
}

/// `t.Add(d)` for sprig's `dateModify`, with `d` from `time.ParseDuration`.
pub fn modify(v: &Value, d: i128) -> Value {
    Value::Object(Rc::new(as_time(v).add(d)))
}

/// Go's `time.ParseDuration`: nanoseconds, or its error (`time: invalid duration "x"`).
pub fn parse_duration(orig: &str) -> Result<i128, String> {
    let quote = |s: &str| format!("\"{s}\"");
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.chars().next().filter(|c| *c == '-' || *c == '+') {
        neg = c == '-';
        s = &s[1..];
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: i128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, rest) = s.split_at(int_len);
        let (frac_part, rest) = match rest.strip_prefix('.') {
            Some(r) => {
                let n = r.bytes().take_while(u8::is_ascii_digit).count();
                r.split_at(n)
            }
            None => ("", rest),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        let (unit, after) = rest.split_at(unit_len);
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {}", quote(orig)));
        }
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    quote(unit),
                    quote(orig)
                ));
            }
        };
        let whole: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| invalid())?
        };
        let mut v = whole.checked_mul(scale).ok_or_else(invalid)?;
        if !frac_part.is_empty() {
            let digits = &frac_part[..frac_part.len().min(30)];
            let f: i128 = digits.parse().map_err(|_| invalid())?;
            v += f * scale / 10i128.pow(digits.len() as u32);
        }
        total += v;
        if total > i128::from(i64::MAX) + i128::from(neg) {
            return Err(invalid());
        }
        s = after;
    }
    Ok(if neg { -total } else { total })
}

/// Sprig's `durationRound`: the largest whole unit (`y`, `mo`, `d`, `h`, `m`, `s`) in a
/// duration given as text (`time.ParseDuration`), nanoseconds (`int64`) or the time since a
/// `time.Time` (on the playground's clock); anything else is `0s`.
pub fn duration_round(v: &Value) -> String {
    let d: i128 = match v {
        Value::Str(s) => parse_duration(s).unwrap_or(0),
        Value::Int64(n) => i128::from(*n),
        Value::Object(o) if o.type_name() == "time.Time" => {
            let t = as_time(v);
            (i128::from(EPOCH) - i128::from(t.unix)) * 1_000_000_000 - i128::from(t.nanos)
        }
        _ => 0,
    };
    let u = d.unsigned_abs();
    const S: u128 = 1_000_000_000;
    for (unit, size) in [
        ("y", S * 3600 * 24 * 365),
        ("mo", S * 3600 * 24 * 30),
        ("d", S * 3600 * 24),
        ("h", S * 3600),
        ("m", S * 60),
        ("s", S),
    ] {
        if u > size {
            return format!("{}{unit}", u / size);
        }
    }
    "0s".into()
}
