//! Go's regular expressions as sprig's `regex*` functions compile them: the syntax errors
//! Go's parser reports (`regexp/syntax/parse.go`, `Parse` with `Perl` flags, Go 1.24), checked
//! before the pattern goes to our engine, so a template gets Go's words: `error parsing
//! regexp: missing closing ): `(``. Go accepts a few patterns our engine does not (`\pL`,
//! Unicode classes); those keep our engine's message.

/// Go's `*syntax.Error`: its code's text and the part of the pattern it quotes.
#[derive(Debug, PartialEq)]
pub struct SyntaxError {
    pub code: &'static str,
    pub expr: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

fn err(code: &'static str, expr: &str) -> SyntaxError {
    SyntaxError {
        code,
        expr: expr.to_string(),
    }
}

/// What the parser's stack holds on top: nothing, an operand, or a marker (`(` or `|`),
/// after which a repetition operator has no argument.
#[derive(Clone, Copy, PartialEq)]
enum Top {
    Empty,
    Operand,
    Marker,
}

/// The first syntax error Go's parser finds in `re`, or the same pattern written for our
/// engine: where Go reads `{` as a literal (`a{`, `{x}`), an octal escape (`\0`, `\12`) or
/// `\Q...\E`, our engine would not, so those are rewritten.
pub fn check(re: &str) -> Result<String, SyntaxError> {
    let mut out = String::with_capacity(re.len());
    let mut depth = 0usize;
    let mut top = Top::Empty;
    let mut last_repeat: Option<usize> = None;
    let mut i = 0;
    let b = re.as_bytes();
    while i < b.len() {
        let mut repeat = None;
        match b[i] {
            b'(' => {
                let end = if re[i..].starts_with("(?") {
                    perl_group(re, i, &mut depth, &mut top)?
                } else {
                    depth += 1;
                    top = Top::Marker;
                    i + 1
                };
                out.push_str(&re[i..end]);
                i = end;
            }
            b'|' => {
                top = Top::Marker;
                out.push('|');
                i += 1;
            }
            b')' => {
                if depth == 0 {
                    return Err(err("unexpected )", re));
                }
                depth -= 1;
                top = Top::Operand;
                out.push(')');
                i += 1;
            }
            b'*' | b'+' | b'?' => {
                repeat = Some(i);
                i = repetition(re, i, i + 1, last_repeat, top, &mut out)?;
            }
            b'{' => match parse_repeat(&re[i..]) {
                None => {
                    top = Top::Operand;
                    out.push_str("\\{");
                    i += 1;
                }
                Some((min, max, len)) => {
                    let before = &re[i..i + len];
                    if !(0..=1000).contains(&min) || max > 1000 || max >= 0 && min > max {
                        return Err(err("invalid repeat count", before));
                    }
                    repeat = Some(i);
                    i = repetition(re, i, i + len, last_repeat, top, &mut out)?;
                }
            },
            b'[' => {
                i = class(re, i, &mut out)?;
                top = Top::Operand;
            }
            b'\\' => {
                i = escape_outside(re, i, &mut out)?;
                top = Top::Operand;
            }
            _ => {
                let end = i + re[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&re[i..end]);
                i = end;
                top = Top::Operand;
            }
        }
        last_repeat = repeat;
    }
    if depth > 0 {
        return Err(err("missing closing )", re));
    }
    Ok(out)
}

/// `repeat` in parse.go, for the operator from `at` to `end` (and a `?` after it, which makes
/// it non-greedy): a second operator straight after one is an error in Perl mode, and an
/// operator needs an operand before it. Returns where the operator ends.
fn repetition(
    re: &str,
    at: usize,
    mut end: usize,
    last_repeat: Option<usize>,
    top: Top,
    out: &mut String,
) -> Result<usize, SyntaxError> {
    if re.as_bytes().get(end) == Some(&b'?') {
        end += 1;
    }
    if let Some(last) = last_repeat {
        return Err(err("invalid nested repetition operator", &re[last..end]));
    }
    if top != Top::Operand {
        return Err(err("missing argument to repetition operator", &re[at..end]));
    }
    out.push_str(&re[at..end]);
    Ok(end)
}

/// `{n}`, `{n,}` or `{n,m}` at the start of `s`: (min, max or -1, length); `None` when it is
/// not one (Go then reads `{` as a literal). Numbers too big for Go's int are -1 too.
fn parse_repeat(s: &str) -> Option<(i64, i64, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let num = |i: &mut usize| -> Option<i64> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == start {
            return None;
        }
        // Go rejects a leading zero in a multi-digit count.
        if *i - start > 1 && b[start] == b'0' {
            return None;
        }
        Some(
            s[start..*i]
                .parse::<i64>()
                .unwrap_or(i64::MAX)
                .min(100_000_000),
        )
    };
    let min = num(&mut i)?;
    let max = if b.get(i) == Some(&b',') {
        i += 1;
        if b.get(i) == Some(&b'}') {
            -1
        } else {
            num(&mut i)?
        }
    } else {
        min
    };
    if b.get(i) != Some(&b'}') {
        return None;
    }
    Some((min, max, i + 1))
}

/// `(?flags)`, `(?flags:`, `(?P<name>` and `(?<name>` (`parsePerlFlags`).
fn perl_group(re: &str, at: usize, depth: &mut usize, top: &mut Top) -> Result<usize, SyntaxError> {
    let t = &re[at..];
    let named = if t.starts_with("(?P<") {
        Some(4)
    } else if t.starts_with("(?<") {
        Some(3)
    } else {
        None
    };
    if let Some(skip) = named {
        let Some(end) = t.find('>') else {
            return Err(err("invalid named capture", t));
        };
        let name = &t[skip..end];
        if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_alphanumeric()) {
            return Err(err("invalid named capture", &t[..=end]));
        }
        *depth += 1;
        *top = Top::Marker;
        return Ok(at + end + 1);
    }
    let mut negated = false;
    let mut saw_flag = false;
    for (k, c) in t[2..].char_indices() {
        let next = at + 2 + k + c.len_utf8();
        match c {
            'i' | 'm' | 's' | 'U' => saw_flag = true,
            '-' if !negated => {
                negated = true;
                saw_flag = false;
            }
            ':' | ')' if !negated || saw_flag => {
                if c == ':' {
                    *depth += 1;
                    *top = Top::Marker;
                }
                return Ok(next);
            }
            _ => return Err(err("invalid or unsupported Perl syntax", &re[at..next])),
        }
    }
    Err(err("invalid or unsupported Perl syntax", t))
}

/// A backslash outside a class: `\A`, `\b`, `\B`, `\z`, `\Q...\E`, `\pL`, `\d`, or an
/// ordinary escape. Returns where the escape ends.
fn escape_outside(re: &str, at: usize, out: &mut String) -> Result<usize, SyntaxError> {
    let b = re.as_bytes();
    match b.get(at + 1) {
        Some(b'A' | b'b' | b'B' | b'z') => {
            out.push_str(&re[at..at + 2]);
            Ok(at + 2)
        }
        Some(b'C') => Err(err("invalid escape sequence", &re[at..at + 2])),
        Some(b'Q') => {
            let (lit, end) = match re[at + 2..].find("\\E") {
                Some(e) => (&re[at + 2..at + 2 + e], at + 2 + e + 2),
                None => (&re[at + 2..], re.len()),
            };
            out.push_str(&regex_lite::escape(lit));
            Ok(end)
        }
        _ => {
            let end = class_escape(re, at)?;
            push_escape(&re[at..end], out);
            Ok(end)
        }
    }
}

/// An escape as our engine reads it: octal ones become `\x{...}`.
fn push_escape(esc: &str, out: &mut String) {
    if esc.as_bytes().get(1).is_some_and(u8::is_ascii_digit) {
        let v = u32::from_str_radix(&esc[1..], 8).unwrap_or(0);
        out.push_str(&format!("\\x{{{v:x}}}"));
    } else {
        out.push_str(esc);
    }
}

/// `\d`-style classes, `\p` classes and ordinary escapes (`parseEscape`), in or out of a class.
fn class_escape(re: &str, at: usize) -> Result<usize, SyntaxError> {
    let b = re.as_bytes();
    match b.get(at + 1) {
        Some(b'd' | b'D' | b's' | b'S' | b'w' | b'W') => Ok(at + 2),
        Some(b'p' | b'P') => match b.get(at + 2) {
            None => Err(err("invalid character class range", &re[at..])),
            Some(b'{') => match re[at..].find('}') {
                Some(e) => Ok(at + e + 1),
                None => Err(err("invalid character class range", &re[at..])),
            },
            Some(c) => {
                // One letter names a general category (`\pL`).
                let end = at + 2 + re[at + 2..].chars().next().map_or(1, char::len_utf8);
                if b"CLMNPSZ".contains(c) {
                    Ok(end)
                } else {
                    Err(err("invalid character class range", &re[at..end]))
                }
            }
        },
        _ => escape(re, at),
    }
}

/// `parseEscape`: one escaped character.
fn escape(re: &str, at: usize) -> Result<usize, SyntaxError> {
    let rest = &re[at + 1..];
    let Some(c) = rest.chars().next() else {
        return Err(err("trailing backslash at end of expression", ""));
    };
    let mut end = at + 1 + c.len_utf8();
    let b = re.as_bytes();
    let octal = |i: usize| b.get(i).is_some_and(|d| (b'0'..=b'7').contains(d));
    let ok = match c {
        '1'..='7' if octal(end) => {
            end += 1;
            if octal(end) {
                end += 1;
            }
            true
        }
        '0' => {
            for _ in 0..2 {
                if octal(end) {
                    end += 1;
                }
            }
            true
        }
        'x' => match b.get(end) {
            None => false,
            Some(b'{') => {
                end += 1;
                let start = end;
                while b.get(end).is_some_and(u8::is_ascii_hexdigit) {
                    end += 1;
                }
                let closed = b.get(end) == Some(&b'}');
                let digits = &re[start..end];
                let valid = closed
                    && !digits.is_empty()
                    && u32::from_str_radix(digits, 16).is_ok_and(|v| v <= 0x10FFFF);
                if closed {
                    end += 1;
                } else if end < b.len() {
                    end += re[end..].chars().next().map_or(1, char::len_utf8);
                }
                valid
            }
            Some(h1) => {
                let first = h1.is_ascii_hexdigit();
                end += re[end..].chars().next().map_or(1, char::len_utf8);
                let second = b.get(end).is_some_and(u8::is_ascii_hexdigit);
                if end < b.len() {
                    end += re[end..].chars().next().map_or(1, char::len_utf8);
                }
                first && second
            }
        },
        'a' | 'f' | 'n' | 'r' | 't' | 'v' => true,
        c => c.is_ascii() && !c.is_ascii_alphanumeric(),
    };
    if ok {
        Ok(end)
    } else {
        Err(err("invalid escape sequence", &re[at..end.min(re.len())]))
    }
}

/// A bracketed class from `[` (`parseClass`): returns where it ends.
fn class(re: &str, at: usize, out: &mut String) -> Result<usize, SyntaxError> {
    let b = re.as_bytes();
    let whole = &re[at..];
    let mut i = at + 1;
    out.push('[');
    if b.get(i) == Some(&b'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let Some(&c) = b.get(i) else {
            return Err(err("missing closing ]", whole));
        };
        if c == b']' && !first {
            out.push(']');
            return Ok(i + 1);
        }
        first = false;
        if re[i..].starts_with("[:")
            && let Some(e) = re[i + 2..].find(":]")
        {
            let name = &re[i + 2..i + 2 + e];
            let name = name.strip_prefix('^').unwrap_or(name);
            const POSIX: [&str; 14] = [
                "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print",
                "punct", "space", "upper", "word", "xdigit",
            ];
            if !POSIX.contains(&name) {
                return Err(err("invalid character class range", &re[i..i + e + 4]));
            }
            out.push_str(&re[i..i + e + 4]);
            i += e + 4;
            continue;
        }
        let start = i;
        let (lo, after) = class_char(re, i, out)?;
        i = after;
        if b.get(i) == Some(&b'-') && b.get(i + 1).is_some_and(|&n| n != b']') {
            let Some(lo) = lo else {
                // A class such as `\d` cannot start a range.
                return Err(err("invalid character class range", &re[start..i + 1]));
            };
            out.push('-');
            let (hi, after) = class_char(re, i + 1, out)?;
            let text = &re[start..after];
            match hi {
                Some(hi) if hi >= lo => {}
                _ => return Err(err("invalid character class range", text)),
            }
            i = after;
        }
    }
}

/// One member of a class: a character (with its value, when it can bound a range) or an
/// escaped class such as `\d` (no value).
fn class_char(re: &str, at: usize, out: &mut String) -> Result<(Option<u32>, usize), SyntaxError> {
    let b = re.as_bytes();
    if b[at] != b'\\' {
        let c = re[at..].chars().next().map_or(0, u32::from);
        let len = re[at..].chars().next().map_or(1, char::len_utf8);
        // Our engine reads `[[` and `&&`, `--`, `~~` in a class as nested classes and set
        // operations; Go reads them as characters.
        if matches!(b[at], b'[' | b'&' | b'-' | b'~') {
            out.push('\\');
        }
        out.push_str(&re[at..at + len]);
        return Ok((Some(c), at + len));
    }
    if matches!(
        b.get(at + 1),
        Some(b'd' | b'D' | b's' | b'S' | b'w' | b'W' | b'p' | b'P')
    ) {
        let end = class_escape(re, at)?;
        out.push_str(&re[at..end]);
        return Ok((None, end));
    }
    let end = escape(re, at)?;
    push_escape(&re[at..end], out);
    Ok((escaped_value(&re[at..end]), end))
}

/// The character an ordinary escape stands for.
fn escaped_value(esc: &str) -> Option<u32> {
    let body = &esc[1..];
    let c = body.chars().next()?;
    Some(match c {
        'a' => 7,
        'f' => 12,
        'n' => 10,
        'r' => 13,
        't' => 9,
        'v' => 11,
        '0'..='7' => u32::from_str_radix(body, 8).ok()?,
        'x' => u32::from_str_radix(body[1..].trim_matches(|c| c == '{' || c == '}'), 16).ok()?,
        c => u32::from(c),
    })
}

/// `regexp.Compile`: Go's syntax errors first (`check`), then our engine's for what it cannot
/// do, both worded as Go words its errors.
pub fn compile(re: &str) -> Result<regex_lite::Regex, String> {
    let ours = check(re).map_err(|e| e.to_string())?;
    regex_lite::Regex::new(&ours).map_err(|e| {
        format!(
            "error parsing regexp: {}",
            e.to_string().lines().last().unwrap_or("invalid")
        )
    })
}

/// How Go's `regexp.MustCompile` panics: ``regexp: Compile(`re`): error parsing regexp: ...``
/// (the pattern in backquotes when it can be, else as a Go string).
pub fn must_compile_panic(re: &str, message: &str) -> String {
    let quoted = if re
        .chars()
        .all(|c| c == '\t' || (c != '`' && !c.is_control() && c != '\u{feff}'))
    {
        format!("`{re}`")
    } else {
        crate::go::quote(re)
    };
    format!("regexp: Compile({quoted}): {message}")
}

#[cfg(test)]
mod tests {
    use super::check;

    /// Each pattern with the message Go 1.24's `regexp.Compile` gives (checked against the
    /// real helm 4.2.3, which prints it from `mustRegexMatch`).
    #[test]
    fn go_syntax_errors() {
        for (re, want) in [
            ("(", "missing closing ): `(`"),
            ("a)", "unexpected ): `a)`"),
            ("[a", "missing closing ]: `[a`"),
            ("a**", "invalid nested repetition operator: `**`"),
            ("*a", "missing argument to repetition operator: `*`"),
            ("\\q", "invalid escape sequence: `\\q`"),
            ("[z-a]", "invalid character class range: `z-a`"),
            ("a\\", "trailing backslash at end of expression: ``"),
            ("a{2,1}", "invalid repeat count: `{2,1}`"),
            ("a{1001}", "invalid repeat count: `{1001}`"),
            ("x(?=y)", "invalid or unsupported Perl syntax: `(?=`"),
            ("(a)\\1", "invalid escape sequence: `\\1`"),
        ] {
            let e = check(re).expect_err(re);
            assert_eq!(format!("{}: `{}`", e.code, e.expr), want, "{re}");
        }
        for re in [
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
            "(?i)A",
            "\\d+",
            "[[:alpha:]]",
            "\\pL",
            "(?P<n>a)|(?<m>b)",
            "a{,2}",
            "x*?y+?z??",
            "[]a]",
            "[^]a-]",
            "\\.\\-\\x41\\x{1F600}\\0",
            "(?i:a)(?-s).",
            "\\Qa.b*\\E",
            "{",
            "x.{$",
            "d}\\0",
            "[[a]&&-~]",
        ] {
            let ours = check(re).unwrap_or_else(|e| panic!("{re}: {e}"));
            // Go knows Unicode classes; our engine does not, and says so.
            let unicode = re.contains("\\p");
            assert_eq!(
                regex_lite::Regex::new(&ours).is_ok(),
                !unicode,
                "{re} -> {ours}"
            );
        }
    }
}
