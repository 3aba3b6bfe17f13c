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
}

impl Time {
    pub fn epoch() -> Time {
        Time { unix: EPOCH }
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
        let tokens: [(&str, String); 31] = [
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
            (".000000000", ".000000000".into()),
            (".000000", ".000000".into()),
            (".000", ".000".into()),
            (".999999999", String::new()),
            (".999", String::new()),
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
        self.format("2006-01-02 15:04:05 -0700 MST")
    }
    fn to_json(&self) -> String {
        format!("\"{}\"", self.format("2006-01-02T15:04:05Z07:00"))
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
        Value::Int(i) | Value::Int64(i) => Time { unix: *i },
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
    Value::Object(Rc::new(t.unwrap_or(Time {
        unix: -62_135_596_800,
    })))
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
    Some(Time {
        unix: days * 86_400 + h * 3600 + mi * 60 + sec,
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
