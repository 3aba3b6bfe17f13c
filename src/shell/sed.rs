//! `sed`, as GNU sed runs the one-liners people type: `s/RE/REPLACEMENT/FLAGS` (any
//! delimiter; flags `g`, `p`, `I` and a number; `&` and `\1`..`\9` in the replacement), `d`,
//! `p` and `q`, each after an optional address (a line number, `$`, `/RE/`, or a range
//! `A,B`); commands separated by `;` or newlines; `-n`, `-e`, `-E`/`-r` and `-i` (the host
//! writes the files back). Regular expressions are POSIX basic ones (extended with `-E`), read
//! as `grep` reads them. Errors are GNU sed's wording.

use super::output::Output;
use super::utils::grep_pattern;
use regex_lite::Regex;

/// A parsed command line: what to run on which files.
pub struct Sed {
    commands: Vec<Command>,
    /// `-n`: print only what `p` prints.
    quiet: bool,
    pub files: Vec<String>,
    /// `-i`: the files are edited in place (the host writes them back).
    pub in_place: bool,
}

enum Addr {
    Line(usize),
    Last,
    Re(Regex),
}

struct Command {
    from: Option<Addr>,
    to: Option<Addr>,
    op: Op,
}

enum Op {
    Subst {
        re: Regex,
        with: Vec<Piece>,
        global: bool,
        nth: usize,
        print: bool,
    },
    Delete,
    Print,
    Quit,
}

enum Piece {
    Text(String),
    Group(usize),
}

const USAGE: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...";

/// Reads sed's arguments; the error is what sed prints, with its exit status.
pub fn parse(args: &[String]) -> Result<Sed, Output> {
    let (mut quiet, mut in_place, mut extended) = (false, false, false);
    let mut scripts: Vec<String> = Vec::new();
    let mut rest: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-n" | "--quiet" | "--silent" => quiet = true,
            "-i" | "--in-place" => in_place = true,
            "-E" | "-r" | "--regexp-extended" => extended = true,
            "-e" => match it.next() {
                Some(s) => scripts.push(s.clone()),
                None => {
                    return Err(Output::err(
                        "sed: option requires an argument -- 'e'\n".to_string() + USAGE,
                        1,
                    ));
                }
            },
            s if s.starts_with("--expression=") => scripts.push(s[13..].to_string()),
            s if s.starts_with('-')
                && s.len() > 1
                && s.chars().skip(1).all(|c| "nirE".contains(c)) =>
            {
                for c in s.chars().skip(1) {
                    match c {
                        'n' => quiet = true,
                        'i' => in_place = true,
                        _ => extended = true,
                    }
                }
            }
            s if s.starts_with("--") && s.len() > 2 => {
                return Err(Output::err(
                    format!("sed: unrecognized option '{s}'\n{USAGE}"),
                    1,
                ));
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(Output::err(
                    format!(
                        "sed: invalid option -- '{}'\n{USAGE}",
                        s.chars().nth(1).unwrap_or('-')
                    ),
                    1,
                ));
            }
            _ => rest.push(a.clone()),
        }
    }
    if scripts.is_empty() {
        if rest.is_empty() {
            return Err(Output::err(USAGE, 1));
        }
        scripts.push(rest.remove(0));
    }
    let mut commands = Vec::new();
    for (n, script) in scripts.iter().enumerate() {
        commands.extend(parse_script(script, n + 1, extended).map_err(|e| Output::err(e, 1))?);
    }
    if in_place && rest.is_empty() {
        return Err(Output::err("sed: no input files", 1));
    }
    Ok(Sed {
        commands,
        quiet,
        files: rest,
        in_place,
    })
}

fn parse_script(script: &str, nth: usize, extended: bool) -> Result<Vec<Command>, String> {
    let chars: Vec<char> = script.chars().collect();
    let err = |at: usize, what: &str| format!("sed: -e expression #{nth}, char {at}: {what}");
    let regex = |at: usize, p: &str, ci: bool| -> Result<Regex, String> {
        let pattern = grep_pattern(p, extended).map_err(|e| err(at, &e))?;
        let pattern = if ci {
            format!("(?i){pattern}")
        } else {
            pattern
        };
        Regex::new(&pattern).map_err(|_| err(at, "Invalid regular expression"))
    };
    let mut out = Vec::new();
    let mut i = 0;
    // Up to the next unescaped `delim` from `i`: the text (escapes of the delimiter undone).
    let delimited = |i: &mut usize, delim: char| -> Option<String> {
        let mut s = String::new();
        while *i < chars.len() {
            let c = chars[*i];
            if c == '\\' && *i + 1 < chars.len() {
                if chars[*i + 1] != delim {
                    s.push('\\');
                }
                s.push(chars[*i + 1]);
                *i += 2;
                continue;
            }
            *i += 1;
            if c == delim {
                return Some(s);
            }
            s.push(c);
        }
        None
    };
    loop {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ';') {
            i += 1;
        }
        if i >= chars.len() {
            return Ok(out);
        }
        let addr = |i: &mut usize| -> Result<Option<Addr>, String> {
            match chars.get(*i) {
                Some(c) if c.is_ascii_digit() => {
                    let mut n = 0usize;
                    while let Some(d) = chars.get(*i).and_then(|c| c.to_digit(10)) {
                        n = n.saturating_mul(10).saturating_add(d as usize);
                        *i += 1;
                    }
                    if n == 0 {
                        return Err(err(*i + 1, "invalid usage of line address 0"));
                    }
                    Ok(Some(Addr::Line(n)))
                }
                Some('$') => {
                    *i += 1;
                    Ok(Some(Addr::Last))
                }
                Some('/') => {
                    *i += 1;
                    let p =
                        delimited(i, '/').ok_or_else(|| err(*i, "unterminated address regex"))?;
                    Ok(Some(Addr::Re(regex(*i, &p, false)?)))
                }
                _ => Ok(None),
            }
        };
        let from = addr(&mut i)?;
        let to = if from.is_some() && chars.get(i) == Some(&',') {
            i += 1;
            match addr(&mut i)? {
                Some(a) => Some(a),
                None => return Err(err(i + 1, "unexpected `,'")),
            }
        } else {
            None
        };
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        let Some(&c) = chars.get(i) else {
            return Err(err(i, "missing command"));
        };
        i += 1;
        let op = match c {
            'd' => Op::Delete,
            'p' => Op::Print,
            'q' => Op::Quit,
            's' => {
                let Some(&delim) = chars.get(i) else {
                    return Err(err(i, "unterminated `s' command"));
                };
                if delim == '\n' || delim == '\\' {
                    return Err(err(i + 1, "unterminated `s' command"));
                }
                i += 1;
                let pattern =
                    delimited(&mut i, delim).ok_or_else(|| err(i, "unterminated `s' command"))?;
                let with =
                    delimited(&mut i, delim).ok_or_else(|| err(i, "unterminated `s' command"))?;
                let (mut global, mut print, mut ci, mut nth) = (false, false, false, 0usize);
                while let Some(&f) = chars.get(i) {
                    match f {
                        'g' => global = true,
                        'p' => print = true,
                        'I' | 'i' => ci = true,
                        d if d.is_ascii_digit() => {
                            nth = nth
                                .saturating_mul(10)
                                .saturating_add(d as usize - '0' as usize)
                        }
                        ';' | '\n' | ' ' | '}' => break,
                        _ => return Err(err(i + 1, "unknown option to `s'")),
                    }
                    i += 1;
                }
                Op::Subst {
                    re: regex(i, &pattern, ci)?,
                    with: replacement(&with),
                    global,
                    nth: nth.max(1),
                    print,
                }
            }
            other => return Err(err(i, &format!("unknown command: `{other}'"))),
        };
        out.push(Command { from, to, op });
    }
}

/// The replacement's pieces: `&` the match, `\N` a group, `\n` a newline, `\X` X.
fn replacement(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => {
                out.push(Piece::Text(std::mem::take(&mut lit)));
                out.push(Piece::Group(0));
            }
            '\\' => match chars.next() {
                Some(d @ '1'..='9') => {
                    out.push(Piece::Text(std::mem::take(&mut lit)));
                    out.push(Piece::Group(d as usize - '0' as usize));
                }
                Some('n') => lit.push('\n'),
                Some('t') => lit.push('\t'),
                Some(o) => lit.push(o),
                None => lit.push('\\'),
            },
            _ => lit.push(c),
        }
    }
    out.push(Piece::Text(lit));
    out
}

impl Sed {
    /// Runs the script over `text` (one stream: every file read in turn); returns what sed
    /// prints.
    pub fn run(&self, text: &str) -> String {
        let mut out = String::new();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut in_range = vec![false; self.commands.len()];
        'lines: for (n, raw) in lines.iter().enumerate() {
            let number = n + 1;
            let last = number == lines.len();
            let (line, eol) = match raw.strip_suffix('\n') {
                Some(l) => (l, "\n"),
                None => (*raw, ""),
            };
            let mut space = line.to_string();
            for (k, c) in self.commands.iter().enumerate() {
                if !selects(c, &mut in_range[k], number, last, &space) {
                    continue;
                }
                match &c.op {
                    Op::Delete => continue 'lines,
                    Op::Print => {
                        out.push_str(&space);
                        out.push('\n');
                    }
                    Op::Quit => {
                        if !self.quiet {
                            out.push_str(&space);
                            out.push_str(eol);
                        }
                        return out;
                    }
                    Op::Subst {
                        re,
                        with,
                        global,
                        nth,
                        print,
                    } => {
                        if let Some(new) = substitute(re, with, *global, *nth, &space) {
                            space = new;
                            if *print {
                                out.push_str(&space);
                                out.push('\n');
                            }
                        }
                    }
                }
            }
            if !self.quiet {
                out.push_str(&space);
                out.push_str(eol);
            }
        }
        out
    }
}

/// Whether command `c` applies to line `number` (`in_range`: its range is open).
fn selects(c: &Command, in_range: &mut bool, number: usize, last: bool, space: &str) -> bool {
    let hit = |a: &Addr| match a {
        Addr::Line(n) => *n == number,
        Addr::Last => last,
        Addr::Re(re) => re.is_match(space),
    };
    match (&c.from, &c.to) {
        (None, _) => true,
        (Some(a), None) => hit(a),
        (Some(a), Some(b)) => {
            if *in_range {
                let ends = match b {
                    Addr::Line(n) => number >= *n,
                    other => hit(other),
                };
                *in_range = !ends;
                true
            } else if hit(a) {
                // A line number at or before this line ends the range at once.
                *in_range = !matches!(b, Addr::Line(n) if *n <= number);
                true
            } else {
                false
            }
        }
    }
}

/// `s` on one line: `None` when nothing matched (or not `nth` times).
fn substitute(re: &Regex, with: &[Piece], global: bool, nth: usize, line: &str) -> Option<String> {
    let mut out = String::new();
    let mut at = 0;
    let mut count = 0;
    let mut done = false;
    for caps in re.captures_iter(line) {
        let Some(m) = caps.get(0) else { continue };
        count += 1;
        if count < nth {
            continue;
        }
        out.push_str(&line[at..m.start()]);
        for p in with {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Group(g) => out.push_str(caps.get(*g).map_or("", |x| x.as_str())),
            }
        }
        at = m.end();
        done = true;
        if !global {
            break;
        }
    }
    done.then(|| {
        out.push_str(&line[at..]);
        out
    })
}

#[cfg(test)]
mod tests {
    fn sed(args: &[&str], text: &str) -> String {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        match super::parse(&args) {
            Ok(s) => s.run(text),
            Err(o) => o.stderr(),
        }
    }

    /// What GNU sed 4.9 prints for these (checked on this machine's sed).
    #[test]
    fn runs_the_one_liners_people_type() {
        let t = "replicas: 3\nimage: nginx:1.25\n# note\nimage: busybox\n";
        assert_eq!(sed(&["s/replicas: 3/replicas: 5/"], t), t.replace("3", "5"));
        assert_eq!(
            sed(&["s|image: .*|image: app:2|"], t),
            "replicas: 3\nimage: app:2\n# note\nimage: app:2\n"
        );
        assert_eq!(
            sed(&["-n", "/image/p"], t),
            "image: nginx:1.25\nimage: busybox\n"
        );
        assert_eq!(
            sed(&["/^#/d"], t),
            "replicas: 3\nimage: nginx:1.25\nimage: busybox\n"
        );
        assert_eq!(sed(&["-n", "2,3p"], t), "image: nginx:1.25\n# note\n");
        assert_eq!(sed(&["2q"], t), "replicas: 3\nimage: nginx:1.25\n");
        assert_eq!(
            sed(&["-E", "s/([a-z]+): (.*)/\\2=\\1/"], t).lines().next(),
            Some("3=replicas")
        );
        assert_eq!(sed(&["s/e/E/2"], "eee\n"), "eEe\n");
        assert_eq!(sed(&["s/e/[&]/g"], "ee"), "[e][e]");
        assert_eq!(sed(&["$d"], t).lines().count(), 3);
        assert_eq!(
            sed(&["s/x/y"], t),
            "sed: -e expression #1, char 5: unterminated `s' command\n"
        );
        assert_eq!(
            sed(&["k"], t),
            "sed: -e expression #1, char 1: unknown command: `k'\n"
        );
        assert_eq!(
            sed(&["s/x/y/q"], t),
            "sed: -e expression #1, char 7: unknown option to `s'\n"
        );
        assert_eq!(
            sed(&["0p"], t),
            "sed: -e expression #1, char 2: invalid usage of line address 0\n"
        );
        assert_eq!(
            sed(&["1,p"], t),
            "sed: -e expression #1, char 3: unexpected `,'\n"
        );
        assert_eq!(
            sed(&["/a"], t),
            "sed: -e expression #1, char 2: unterminated address regex\n"
        );
    }
}
