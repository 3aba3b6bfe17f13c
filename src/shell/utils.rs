//! Text utilities both the terminal and the containers have: `grep`, `head`, `tail`, `wc`,
//! `sort`, `uniq`, `seq`, `cut`, `cat`, `sed` (`super::sed`) and `awk` (`super::awk`), reading what was piped in or the files they name (through
//! the host's reader), printing GNU coreutils' output.

use super::output::Output;

/// The most numbers `seq` prints.
pub const MAX_SEQ: i64 = 100_000;

/// Runs `argv` if it names a utility; `None` otherwise. `read` reads a named file.
pub fn utility(
    argv: &[String],
    stdin: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Option<Output> {
    let name = argv.first()?;
    let args = &argv[1..];
    let name = name.rsplit('/').next().unwrap_or(name);
    Some(match name {
        "grep" => grep(args, stdin, read),
        "head" | "tail" => head_tail(name == "head", args, stdin, read),
        "wc" => wc(args, stdin, read),
        "sort" => sort(args, stdin, read),
        "uniq" => {
            let (text, err) = inputs(name, &files(args), stdin, read);
            let mut lines: Vec<&str> = text.lines().collect();
            lines.dedup();
            with_errors(join(&lines), err)
        }
        "seq" => seq(args),
        "cut" => cut(args, stdin, read),
        "cat" => {
            let (text, err) = inputs(name, &files(args), stdin, read);
            with_errors(text, err)
        }
        "awk" => super::awk::awk(args, read, stdin),
        "sed" => match super::sed::parse(args) {
            // Editing in place needs the host's files: its host does it (`sed_in_place`).
            Ok(s) if s.in_place => Output::err("sed: couldn't edit files in place here", 4),
            Ok(s) => {
                let (text, err) = inputs_sed(&s.files, stdin, read);
                let mut o = Output::ok(s.run(&text));
                if let Some(e) = err {
                    o.eprintln(&e);
                    o.code = 2;
                }
                o
            }
            Err(o) => o,
        },
        _ => return None,
    })
}

/// What `sed` reads: its files in turn (GNU sed's `can't read` for a missing one, status 2),
/// or what was piped in.
fn inputs_sed(
    files: &[String],
    stdin: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> (String, Option<String>) {
    if files.is_empty() || files == ["-"] {
        return (stdin.unwrap_or_default().to_string(), None);
    }
    let mut text = String::new();
    let mut err = None;
    for f in files {
        match read(f) {
            Ok(t) => text.push_str(&t),
            Err(_) => err = Some(format!("sed: can't read {f}: No such file or directory")),
        }
    }
    (text, err)
}

/// `sed -i`: each file run through the script, to be written back by the host; or what sed
/// prints about it (a file it cannot read).
pub fn sed_in_place(
    argv: &[String],
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Option<Result<Vec<(String, String)>, Output>> {
    if argv.first().map(String::as_str) != Some("sed") {
        return None;
    }
    let s = match super::sed::parse(&argv[1..]) {
        Ok(s) if s.in_place => s,
        Ok(_) => return None,
        Err(o) => return Some(Err(o)),
    };
    let mut edits = Vec::new();
    for f in &s.files {
        match read(f) {
            Ok(t) => edits.push((f.clone(), s.run(&t))),
            Err(_) => {
                return Some(Err(Output::err(
                    format!("sed: can't read {f}: No such file or directory"),
                    2,
                )));
            }
        }
    }
    Some(Ok(edits))
}

/// The arguments that are not flags.
fn files(args: &[String]) -> Vec<String> {
    args.iter()
        .filter(|a| !a.starts_with('-') || a.as_str() == "-")
        .cloned()
        .collect()
}

/// The text of the named files (or standard input when none is named, or for `-`), and the
/// errors for those that cannot be read.
fn inputs(
    tool: &str,
    files: &[String],
    stdin: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> (String, String) {
    if files.is_empty() {
        return (stdin.unwrap_or("").to_string(), String::new());
    }
    let mut text = String::new();
    let mut err = String::new();
    for f in files {
        if f == "-" {
            text.push_str(stdin.unwrap_or(""));
            continue;
        }
        match read(f) {
            Ok(t) => text.push_str(&t),
            Err(_) => err.push_str(&format!("{tool}: {f}: No such file or directory\n")),
        }
    }
    (text, err)
}

fn with_errors(stdout: String, stderr: String) -> Output {
    let mut o = Output::ok(stdout);
    if !stderr.is_empty() {
        o.eprint(&stderr);
        o.code = 1;
    }
    o
}

fn join(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// `grep [-v] [-i] [-c] [-n] [-o] [-q] [-w] [-E] [-F] [-A N] [-B N] [-C N] [-e PATTERN]... PATTERN [FILE...]`:
/// GNU grep's basic regular expressions, extended ones with -E (groups, `|`, `+`, `?`,
/// intervals, bracket expressions and POSIX classes), fixed strings with -F; context lines
/// as GNU grep prints them (`--` between groups that do not touch; with -n, `N:` before a
/// selected line and `N-` before a context line). Exit 1 when nothing matched.
fn grep(
    args: &[String],
    stdin: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Output {
    let (mut invert, mut ci, mut count_only, mut extended) = (false, false, false, false);
    let mut fixed = false;
    let (mut number, mut after, mut before) = (false, 0usize, 0usize);
    let mut patterns: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut explicit = false;
    let (mut only, mut quiet, mut word) = (false, false, false);
    let usage =
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-e" {
            patterns.extend(it.next().cloned());
            explicit = true;
        } else if let Some(long) = a.strip_prefix("--").filter(|l| !l.is_empty()) {
            match long.split('=').next().unwrap_or(long) {
                "color" | "colour" => {}
                "invert-match" => invert = true,
                "ignore-case" => ci = true,
                "count" => count_only = true,
                "extended-regexp" => extended = true,
                "fixed-strings" => fixed = true,
                "line-number" => number = true,
                "only-matching" => only = true,
                "quiet" | "silent" => quiet = true,
                "word-regexp" => word = true,
                _ => return Output::err(format!("grep: unrecognized option '{a}'\n{usage}"), 2),
            }
        } else if a.starts_with('-') && a.len() > 1 {
            for (i, c) in a.char_indices().skip(1) {
                match c {
                    'v' => invert = true,
                    'i' => ci = true,
                    'c' => count_only = true,
                    'E' => extended = true,
                    'F' => fixed = true,
                    'n' => number = true,
                    'o' => only = true,
                    'q' => quiet = true,
                    // -s: no messages about unreadable files (there are none to hide here).
                    's' => {}
                    'w' => word = true,
                    'A' | 'B' | 'C' => {
                        // The number is the rest of the word, or the next word.
                        let rest = &a[i + 1..];
                        let word = if rest.is_empty() {
                            it.next().map(String::as_str).unwrap_or("")
                        } else {
                            rest
                        };
                        let Ok(n) = word.parse::<usize>() else {
                            return Output::err(
                                format!("grep: {word}: invalid context length argument"),
                                2,
                            );
                        };
                        if c != 'B' {
                            after = n;
                        }
                        if c != 'A' {
                            before = n;
                        }
                        break;
                    }
                    _ => {
                        return Output::err(format!("grep: invalid option -- '{c}'\n{usage}"), 2);
                    }
                }
            }
        } else if patterns.is_empty() && !explicit {
            patterns.push(a.clone());
        } else {
            names.push(a.clone());
        }
    }
    if patterns.is_empty() {
        return Output::err(
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.",
            2,
        );
    }
    let (text, err) = inputs("grep", &names, stdin, read);
    let mut regexes = Vec::new();
    for p in &patterns {
        // A pattern of several lines is several patterns, as in GNU grep.
        for line in p.split('\n') {
            let source = if fixed {
                regex_lite::escape(line)
            } else {
                match grep_pattern(line, extended) {
                    Ok(s) => s,
                    Err(e) => return Output::err(format!("grep: {e}"), 2),
                }
            };
            // -w: a match with no word character on either side (GNU grep tries further
            // matches on the line; a word boundary on each side is that for word patterns).
            let source = if word {
                format!(r"\b(?:{source})\b")
            } else {
                source
            };
            let source = if ci { format!("(?i){source}") } else { source };
            match regex_lite::Regex::new(&source) {
                Ok(r) => regexes.push(r),
                Err(_) => return Output::err("grep: Invalid regular expression", 2),
            }
        }
    }
    let matches = |line: &str| regexes.iter().any(|r| r.is_match(line));
    let lines: Vec<&str> = text.lines().collect();
    let selected: Vec<bool> = lines.iter().map(|l| matches(l) != invert).collect();
    let found = selected.iter().filter(|s| **s).count();
    let mut o = Output::ok(if quiet {
        String::new()
    } else if count_only {
        format!("{found}\n")
    } else if only {
        // -o: each non-empty match of a selected line on a line of its own (none with -v).
        let mut out = String::new();
        for (n, line) in lines
            .iter()
            .enumerate()
            .filter(|(n, _)| selected[*n] && !invert)
        {
            let mut hits: Vec<(usize, usize)> = regexes
                .iter()
                .flat_map(|r| r.find_iter(line).map(|m| (m.start(), m.end())))
                .filter(|(a, b)| b > a)
                .collect();
            crate::sort::sort(&mut hits);
            let mut end = 0;
            for (a, b) in hits {
                if a < end {
                    continue;
                }
                if number {
                    out.push_str(&format!("{}:", n + 1));
                }
                out.push_str(&line[a..b]);
                out.push('\n');
                end = b;
            }
        }
        out
    } else {
        with_context(&lines, &selected, before, after, number)
    });
    if found == 0 {
        o.code = 1;
    }
    if !err.is_empty() {
        o.eprint(&err);
        o.code = 2;
    }
    o
}

/// A GNU grep pattern as the regex engine reads it: in a basic expression (without -E) `\|`,
/// `\(`, `\)`, `\{`, `\}`, `\+` and `\?` are the operators and the bare characters are
/// themselves; in an extended one it is the other way round. Bracket expressions are copied
/// as they are; `\<` and `\>` become word boundaries. The error is GNU grep's, for a group
/// left open or closed without opening.
pub(crate) fn grep_pattern(p: &str, extended: bool) -> Result<String, String> {
    const OPS: &str = "|(){}+?";
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '[' {
            // Up to the closing bracket; a `]` first (or after `^`) is a member.
            let mut j = i + 1;
            if chars.get(j) == Some(&'^') {
                j += 1;
            }
            if chars.get(j) == Some(&']') {
                j += 1;
            }
            while j < chars.len() && chars[j] != ']' {
                if chars[j] == '[' && matches!(chars.get(j + 1), Some(':' | '.' | '=')) {
                    let close = chars.get(j + 1).copied().unwrap_or(':');
                    j += 2;
                    while j + 1 < chars.len() && !(chars[j] == close && chars[j + 1] == ']') {
                        j += 1;
                    }
                    j += 2;
                    continue;
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(if i + 1 == chars.len() {
                    "Invalid regular expression".into()
                } else {
                    "Unmatched [, [^, [:, [., or [=".into()
                });
            }
            let class: String = chars[i..=j].iter().collect();
            // A backslash is itself inside brackets in POSIX; the engine wants it escaped.
            out.push_str(&class.replace('\\', "\\\\"));
            i = j + 1;
            continue;
        }
        let (op, literal) = if c == '\\' {
            match chars.get(i + 1) {
                Some('<') | Some('>') => {
                    out.push_str("\\b");
                    i += 2;
                    continue;
                }
                Some(&n) if OPS.contains(n) => {
                    i += 2;
                    if extended {
                        (None, Some(n))
                    } else {
                        (Some(n), None)
                    }
                }
                Some(&n) => {
                    out.push('\\');
                    out.push(n);
                    i += 2;
                    continue;
                }
                None => return Err("Trailing backslash".into()),
            }
        } else if OPS.contains(c) {
            i += 1;
            if extended {
                (Some(c), None)
            } else {
                (None, Some(c))
            }
        } else {
            out.push(c);
            i += 1;
            continue;
        };
        if let Some(l) = literal {
            out.push('\\');
            out.push(l);
        }
        if op == Some('{') {
            // An interval: `{n}`, `{n,}`, `{,m}`, `{n,m}`, closed by `}` (ERE) or `\}` (BRE).
            let rest: String = chars[i..].iter().collect();
            let close = if extended { "}" } else { "\\}" };
            let body = rest.find(close).map(|k| &rest[..k]);
            let valid = body.is_some_and(|b| {
                let (lo, hi) = b.split_once(',').unwrap_or((b, ""));
                (!lo.is_empty() || !hi.is_empty())
                    && lo.chars().all(|c| c.is_ascii_digit())
                    && hi.chars().all(|c| c.is_ascii_digit())
            });
            match (valid, extended, body) {
                (true, _, Some(b)) => {
                    out.push('{');
                    out.push_str(b);
                    out.push('}');
                    i += b.chars().count() + close.chars().count();
                }
                // GNU grep reads a `{` that starts no interval as itself in an extended
                // expression.
                (false, true, _) => out.push_str("\\{"),
                (false, false, None) => return Err("Unmatched \\{".into()),
                _ => return Err("Invalid content of \\{\\}".into()),
            }
            continue;
        }
        if let Some(o) = op {
            match o {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    if extended {
                        // GNU grep takes a lone `)` in an extended expression as itself.
                        out.push_str("\\)");
                        continue;
                    }
                    return Err("Unmatched ) or \\)".into());
                }
                ')' => depth -= 1,
                _ => {}
            }
            out.push(o);
        }
    }
    if depth > 0 {
        return Err("Unmatched ( or \\(".into());
    }
    Ok(out)
}

/// The selected lines with `before` and `after` lines of context around each, as GNU grep
/// prints them.
fn with_context(
    lines: &[&str],
    selected: &[bool],
    before: usize,
    after: usize,
    number: bool,
) -> String {
    let mut out = String::new();
    let mut last: Option<usize> = None;
    // How many more lines after the last selected one still print.
    let mut trailing = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let shown = if selected[i] {
            trailing = after;
            true
        } else if trailing > 0 {
            trailing -= 1;
            true
        } else {
            selected[i + 1..].iter().take(before).any(|s| *s)
        };
        if !shown {
            continue;
        }
        if (before > 0 || after > 0) && last.is_some_and(|l| i > l + 1) {
            out.push_str("--\n");
        }
        if number {
            out.push_str(&format!("{}{}", i + 1, if selected[i] { ':' } else { '-' }));
        }
        out.push_str(line);
        out.push('\n');
        last = Some(i);
    }
    out
}

/// `head`/`tail` with `-n N`, `-nN`, `-N`, or `-c N` bytes.
fn head_tail(
    head: bool,
    args: &[String],
    stdin: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Output {
    let mut n = 10usize;
    let mut bytes: Option<usize> = None;
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-n" {
            n = it.next().and_then(|v| v.parse().ok()).unwrap_or(n);
        } else if a == "-c" {
            bytes = it.next().and_then(|v| v.parse().ok());
        } else if let Some(v) = a.strip_prefix("-c") {
            bytes = v.parse().ok();
        } else if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix('-')) {
            n = v.parse().unwrap_or(n);
        } else {
            names.push(a.clone());
        }
    }
    let (text, err) = inputs(if head { "head" } else { "tail" }, &names, stdin, read);
    if let Some(c) = bytes {
        // Bytes, not lines: no newline is added (cut back to a character boundary).
        let b = text.as_bytes();
        let mut at = if head {
            c.min(b.len())
        } else {
            b.len().saturating_sub(c)
        };
        while !text.is_char_boundary(at) {
            at = if head { at - 1 } else { at + 1 };
        }
        let kept = if head { &text[..at] } else { &text[at..] };
        return with_errors(kept.to_string(), err);
    }
    let lines: Vec<&str> = text.lines().collect();
    let kept = if head {
        &lines[..n.min(lines.len())]
    } else {
        &lines[lines.len().saturating_sub(n)..]
    };
    with_errors(join(kept), err)
}

/// GNU `cut -d DELIM -f LIST [-s]` or `cut -c LIST`: LIST is `N`, `N-M`, `N-`, `-M`, comma
/// separated; fields keep their delimiter between them, and a line without the delimiter is
/// printed whole (left out with `-s`).
fn cut(
    args: &[String],
    stdin: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Output {
    const TRY: &str = "Try 'cut --help' for more information.";
    let (mut delim, mut fields, mut chars, mut only_delimited) = ('\t', None, None, false);
    let mut names = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| -> Option<String> {
            let rest = a.strip_prefix(flag)?;
            Some(if rest.is_empty() {
                it.next().cloned().unwrap_or_default()
            } else {
                rest.to_string()
            })
        };
        if let Some(d) = value("-d") {
            let mut cs = d.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => delim = c,
                _ => {
                    return Output::err(
                        format!("cut: the delimiter must be a single character\n{TRY}"),
                        1,
                    );
                }
            }
        } else if let Some(f) = value("-f") {
            fields = Some(f);
        } else if let Some(c) = value("-c").or_else(|| value("-b")) {
            chars = Some(c);
        } else if a == "-s" {
            only_delimited = true;
        } else {
            names.push(a.clone());
        }
    }
    let (list, by_field) = match (fields, chars) {
        (Some(f), None) => (f, true),
        (None, Some(c)) => (c, false),
        (Some(_), Some(_)) => {
            return Output::err(
                format!("cut: only one type of list may be specified\n{TRY}"),
                1,
            );
        }
        (None, None) => {
            return Output::err(
                format!("cut: you must specify a list of bytes, characters, or fields\n{TRY}"),
                1,
            );
        }
    };
    // Ranges, 1-based and inclusive.
    let mut ranges = Vec::new();
    for part in list.split(',') {
        // coreutils' set-fields.c words.
        let bad = || {
            let what = if by_field {
                "field value"
            } else {
                "byte/character position"
            };
            Output::err(format!("cut: invalid {what} '{part}'\n{TRY}"), 1)
        };
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a, b),
            None => (part, part),
        };
        let lo = if a.is_empty() {
            Some(1)
        } else {
            a.parse::<usize>().ok()
        };
        let hi = if b.is_empty() {
            Some(usize::MAX)
        } else {
            b.parse::<usize>().ok()
        };
        match (lo, hi) {
            (Some(0), _) | (_, Some(0)) => {
                let what = if by_field {
                    "fields"
                } else {
                    "byte/character positions"
                };
                return Output::err(format!("cut: {what} are numbered from 1\n{TRY}"), 1);
            }
            (Some(lo), Some(hi)) if lo <= hi => ranges.push((lo, hi)),
            (Some(_), Some(_)) => {
                return Output::err(format!("cut: invalid decreasing range\n{TRY}"), 1);
            }
            _ => return bad(),
        }
    }
    let wanted = |i: usize| ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&i));
    let (text, err) = inputs("cut", &names, stdin, read);
    let mut out = String::new();
    for line in text.lines() {
        if by_field {
            if !line.contains(delim) {
                if !only_delimited {
                    out.push_str(line);
                    out.push('\n');
                }
                continue;
            }
            let kept: Vec<&str> = line
                .split(delim)
                .enumerate()
                .filter(|(i, _)| wanted(i + 1))
                .map(|(_, f)| f)
                .collect();
            out.push_str(&kept.join(&delim.to_string()));
        } else {
            out.extend(
                line.chars()
                    .enumerate()
                    .filter(|(i, _)| wanted(i + 1))
                    .map(|(_, c)| c),
            );
        }
        out.push('\n');
    }
    with_errors(out, err)
}

/// GNU wc: one count alone prints bare; several are right-aligned in 7 columns (standard
/// input has no size to size them by).
fn wc(
    args: &[String],
    stdin: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Output {
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-'))
        .flat_map(|a| a.chars().skip(1))
        .collect();
    let (text, err) = inputs("wc", &files(args), stdin, read);
    let all = flags.is_empty();
    let mut counts = Vec::new();
    if all || flags.contains('l') {
        counts.push(text.lines().count());
    }
    if all || flags.contains('w') {
        counts.push(text.split_whitespace().count());
    }
    if all || flags.contains('c') {
        counts.push(text.len());
    }
    let line = if counts.len() == 1 {
        format!("{}\n", counts[0])
    } else {
        let cells: Vec<String> = counts.iter().map(|n| format!("{n:>7}")).collect();
        format!("{}\n", cells.join(" "))
    };
    with_errors(line, err)
}

fn sort(
    args: &[String],
    stdin: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Output {
    let (text, err) = inputs("sort", &files(args), stdin, read);
    let mut lines: Vec<&str> = text.lines().collect();
    let numeric = args.iter().any(|a| a.starts_with('-') && a.contains('n'));
    if numeric {
        crate::sort::sort_by_key(&mut lines, |l| l.trim().parse::<i64>().unwrap_or(i64::MIN));
    } else {
        crate::sort::sort(&mut lines);
    }
    if args.iter().any(|a| a.starts_with('-') && a.contains('r')) {
        lines.reverse();
    }
    with_errors(join(&lines), err)
}

/// `seq [FIRST [INCREMENT]] LAST`, integers only, at most [`MAX_SEQ`] of them.
fn seq(args: &[String]) -> Output {
    let nums: Result<Vec<i64>, &String> = args
        .iter()
        .map(|a| a.parse::<i64>().map_err(|_| a))
        .collect();
    let nums = match nums {
        Ok(n) => n,
        Err(a) => {
            return Output::err(
                format!(
                    "seq: invalid floating point argument: \u{2018}{a}\u{2019}\nTry 'seq --help' for more information."
                ),
                1,
            );
        }
    };
    let (first, step, last) = match nums.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        _ => {
            return Output::err(
                "seq: missing operand\nTry 'seq --help' for more information.",
                1,
            );
        }
    };
    if step == 0 {
        return Output::err(
            "seq: invalid Zero increment value: \u{2018}0\u{2019}\nTry 'seq --help' for more information.",
            1,
        );
    }
    let count = (last as i128 - first as i128) / step as i128 + 1;
    if count > i128::from(MAX_SEQ) {
        return Output::err(
            format!("seq: this terminal prints at most {MAX_SEQ} numbers"),
            1,
        );
    }
    let mut out = String::new();
    let mut v = first;
    for _ in 0..count.max(0) {
        out.push_str(&format!("{v}\n"));
        v = v.saturating_add(step);
    }
    Output::ok(out)
}
