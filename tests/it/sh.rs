//! The shell language (`stsplay::shell`) on a test host: parsing and its errors in bash's,
//! dash's and busybox's words, quoting and expansions, field splitting, pipes, `&&`/`||`,
//! `&`, redirections (files, `2>&1`, `/dev/null`), `for` loops, `$?` and bounded work.

use expect_test::{Expect, expect};
use std::collections::BTreeMap;
use stsplay::shell::{self, Dialect, Host, Output, Vars};

/// A machine whose commands are: `args` (prints its arguments one per line, in brackets),
/// `say TEXT` (stdout), `warn TEXT` (stderr), `fail N`, `upper` (stdin upper-cased) and the
/// shared text utilities; files live in a map.
struct TestHost {
    dialect: Dialect,
    files: BTreeMap<String, String>,
    jobs: usize,
}

impl Host for TestHost {
    fn dialect(&self) -> Dialect {
        self.dialect
    }
    fn command(&mut self, argv: &[String], stdin: Option<&str>) -> Output {
        let files = self.files.clone();
        let mut read = |p: &str| files.get(p).cloned().ok_or_else(|| "missing".to_string());
        if let Some(o) = shell::utils::utility(argv, stdin, &mut read) {
            return o;
        }
        match argv[0].as_str() {
            "args" => Output::ok(
                argv[1..]
                    .iter()
                    .map(|a| format!("[{a}]\n"))
                    .collect::<String>(),
            ),
            "say" => Output::ok(format!("{}\n", argv[1..].join(" "))),
            "warn" => Output::err(argv[1..].join(" "), 0),
            "fail" => {
                let code = argv.get(1).and_then(|c| c.parse().ok()).unwrap_or(1);
                Output::err(format!("failed with {code}"), code)
            }
            "upper" => Output::ok(stdin.unwrap_or("").to_ascii_uppercase()),
            other => Output::err(format!("bash: {other}: command not found"), 127),
        }
    }
    fn env(&self, name: &str) -> Option<String> {
        (name == "HOSTNAME").then(|| "web-0".to_string())
    }
    fn write_file(&mut self, path: &str, text: &str, append: bool) -> Result<(), String> {
        if path.starts_with("/ro/") {
            return Err(format!("sh: can't create {path}: Read-only file system"));
        }
        let f = self.files.entry(path.to_string()).or_default();
        if append {
            f.push_str(text);
        } else {
            *f = text.to_string();
        }
        Ok(())
    }
    fn read_file(&mut self, path: &str) -> Result<String, String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| format!("bash: {path}: No such file or directory"))
    }
    fn start_job(&mut self) -> String {
        self.jobs += 1;
        format!("[{}] {}\n", self.jobs, 4000 + self.jobs)
    }
}

fn host(dialect: Dialect) -> TestHost {
    TestHost {
        dialect,
        files: BTreeMap::new(),
        jobs: 0,
    }
}

/// Runs each line in one shell (variables carry over) and shows both streams in order
/// (`!` marks standard error), the status, and the files written.
#[track_caller]
fn check_in(dialect: Dialect, lines: &[&str], expected: Expect) {
    let mut h = host(dialect);
    let mut vars = Vars::new();
    let mut shown = String::new();
    for line in lines {
        let o = shell::execute(line, &mut h, &mut vars);
        shown.push_str(&format!("$ {line}\n"));
        for (stream, text) in &o.chunks {
            for l in text.lines() {
                let mark = if *stream == shell::Stream::Err {
                    "!"
                } else {
                    " "
                };
                shown.push_str(&format!("{mark} {l}\n"));
            }
        }
        if o.code != 0 {
            shown.push_str(&format!("(exit status {})\n", o.code));
        }
    }
    for (path, text) in &h.files {
        shown.push_str(&format!("file {path}: {text:?}\n"));
    }
    expected.assert_eq(&shown);
}

#[track_caller]
fn check(lines: &[&str], expected: Expect) {
    check_in(Dialect::Bash, lines, expected);
}

#[test]
fn quoting_and_word_splitting() {
    check(
        &[
            r#"args a "b c" 'd e' f\ g "" '' h"i"'j'"#,
            r#"args "a\"b" 'a\"b' "a\$b" "\x""#,
            "args a#b #comment",
            "args \\\n continued",
        ],
        expect![[r#"
            $ args a "b c" 'd e' f\ g "" '' h"i"'j'
              [a]
              [b c]
              [d e]
              [f g]
              []
              []
              [hij]
            $ args "a\"b" 'a\"b' "a\$b" "\x"
              [a"b]
              [a\"b]
              [a$b]
              [\x]
            $ args a#b #comment
              [a#b]
            $ args \
             continued
              [continued]
        "#]],
    );
}

#[test]
fn expansions_split_unless_quoted() {
    check(
        &[
            "X='1  2'; args $X \"$X\" ${X} x${X}y",
            "args $HOSTNAME ${NOPE:-fallback} \"$NOPE\" $NOPE",
            "args $(say a b) \"$(say a b)\" `say c`",
            "i=2; args $((i * 3 + 1)) $(( (1+2) % 2 ))",
            "args '$(say no)' \"$(echo \"nested quotes\")\"",
        ],
        expect![[r#"
            $ X='1  2'; args $X "$X" ${X} x${X}y
              [1]
              [2]
              [1  2]
              [1]
              [2]
              [x1]
              [2y]
            $ args $HOSTNAME ${NOPE:-fallback} "$NOPE" $NOPE
              [web-0]
              [fallback]
              []
            $ args $(say a b) "$(say a b)" `say c`
              [a]
              [b]
              [a b]
              [c]
            $ i=2; args $((i * 3 + 1)) $(( (1+2) % 2 ))
              [7]
              [1]
            $ args '$(say no)' "$(echo "nested quotes")"
              [$(say no)]
              [nested quotes]
        "#]],
    );
}

#[test]
fn lists_and_or_and_status() {
    check(
        &[
            "say one; warn two; say three",
            "fail 3 && say not-run || say recovered",
            "say a && fail 4; echo status $?",
            "! fail 1 && say negated",
            "fail 5",
            "echo $?",
        ],
        expect![[r#"
            $ say one; warn two; say three
              one
            ! two
              three
            $ fail 3 && say not-run || say recovered
            ! failed with 3
              recovered
            $ say a && fail 4; echo status $?
              a
            ! failed with 4
              status 4
            $ ! fail 1 && say negated
            ! failed with 1
              negated
            $ fail 5
            ! failed with 5
            (exit status 5)
            $ echo $?
              5
        "#]],
    );
}

#[test]
fn pipes_feed_standard_output_and_show_errors_in_order() {
    check(
        &[
            "say hello | upper",
            "say a; say b | upper; say c",
            "warn first | upper",
            "printf-less | upper",
            "seq 3 | sort -r | head -n 2",
            "say x | grep y",
        ],
        expect![[r#"
            $ say hello | upper
              HELLO
            $ say a; say b | upper; say c
              a
              B
              c
            $ warn first | upper
            ! first
            $ printf-less | upper
            ! bash: printf-less: command not found
            $ seq 3 | sort -r | head -n 2
              3
              2
            $ say x | grep y
            (exit status 1)
        "#]],
    );
}

#[test]
fn redirections() {
    check(
        &[
            "say one > out; say two >> out; cat out",
            "warn oops 2> err; cat err",
            "warn merged 2>&1 | upper",
            "warn gone 2>/dev/null; say quiet > /dev/null",
            "say both &> all; warn both &> all2",
            "upper < out",
            "upper < nope",
            "say x > /ro/file; echo after $?",
        ],
        expect![[r#"
            $ say one > out; say two >> out; cat out
              one
              two
            $ warn oops 2> err; cat err
              oops
            $ warn merged 2>&1 | upper
              MERGED
            $ warn gone 2>/dev/null; say quiet > /dev/null
            $ say both &> all; warn both &> all2
            $ upper < out
              ONE
              TWO
            $ upper < nope
            ! bash: nope: No such file or directory
            (exit status 1)
            $ say x > /ro/file; echo after $?
            ! sh: can't create /ro/file: Read-only file system
              after 1
            file all: "both\n"
            file all2: "both\n"
            file err: "oops\n"
            file out: "one\ntwo\n"
        "#]],
    );
}

#[test]
fn for_loops_as_the_tutorial_types_them() {
    check(
        &[
            "for i in 0 1; do args \"web-$i\"; done",
            "for i in $(seq 1 3); do echo $i; done | sort -r",
            "for i in a b; do for j in 1 2; do echo $i$j; done; done",
            "for x in; do echo never; done; echo $?",
            "for 1x in a; do echo; done",
            "for i in 1 2; do echo $i",
        ],
        expect![[r#"
            $ for i in 0 1; do args "web-$i"; done
              [web-0]
              [web-1]
            $ for i in $(seq 1 3); do echo $i; done | sort -r
              3
              2
              1
            $ for i in a b; do for j in 1 2; do echo $i$j; done; done
              a1
              a2
              b1
              b2
            $ for x in; do echo never; done; echo $?
              0
            $ for 1x in a; do echo; done
            ! bash: `1x': not a valid identifier
            (exit status 2)
            $ for i in 1 2; do echo $i
            ! bash: syntax error: unexpected end of file
            (exit status 2)
        "#]],
    );
}

#[test]
fn background_jobs_print_their_notice_and_run() {
    check(
        &["say forwarding & say next", "say a &"],
        expect![[r#"
            $ say forwarding & say next
            ! [1] 4001
              forwarding
              next
            $ say a &
            ! [2] 4002
              a
        "#]],
    );
}

#[test]
fn syntax_errors_in_each_shells_words() {
    let lines = [
        "; ls",
        "a | | b",
        "a &&",
        "echo 'open",
        "echo \"open",
        "echo $(say",
        "done",
        "case x in x) say;; esac",
        "cat <<EOF",
        "echo ${a b}",
    ];
    check_in(
        Dialect::Bash,
        &lines,
        expect![[r#"
            $ ; ls
            ! bash: syntax error near unexpected token `;'
            (exit status 2)
            $ a | | b
            ! bash: syntax error near unexpected token `|'
            (exit status 2)
            $ a &&
            ! bash: syntax error: unexpected end of file
            (exit status 2)
            $ echo 'open
            ! bash: unexpected EOF while looking for matching `''
            (exit status 2)
            $ echo "open
            ! bash: unexpected EOF while looking for matching `"'
            (exit status 2)
            $ echo $(say
            ! bash: unexpected EOF while looking for matching `)'
            (exit status 2)
            $ done
            ! bash: syntax error near unexpected token `done'
            (exit status 2)
            $ case x in x) say;; esac
            ! bash: case: not supported in this terminal's shell (it runs pipelines, ;, &, &&, ||, redirections, here-documents, $(...), for and while loops and if)
            (exit status 2)
            $ cat <<EOF
            $ echo ${a b}
            ! bash: ${a b}: bad substitution
            (exit status 2)
        "#]],
    );
    check_in(
        Dialect::Dash,
        &lines[..5],
        expect![[r#"
            $ ; ls
            ! sh: 1: Syntax error: ";" unexpected
            (exit status 2)
            $ a | | b
            ! sh: 1: Syntax error: "|" unexpected
            (exit status 2)
            $ a &&
            ! sh: 1: Syntax error: end of file unexpected
            (exit status 2)
            $ echo 'open
            ! sh: 1: Syntax error: Unterminated quoted string
            (exit status 2)
            $ echo "open
            ! sh: 1: Syntax error: Unterminated quoted string
            (exit status 2)
        "#]],
    );
    check_in(
        Dialect::Ash,
        &lines[..5],
        expect![[r#"
            $ ; ls
            ! sh: syntax error: unexpected ";"
            (exit status 2)
            $ a | | b
            ! sh: syntax error: unexpected "|"
            (exit status 2)
            $ a &&
            ! sh: syntax error: unexpected end of file
            (exit status 2)
            $ echo 'open
            ! sh: syntax error: unterminated quoted string
            (exit status 2)
            $ echo "open
            ! sh: syntax error: unterminated quoted string
            (exit status 2)
        "#]],
    );
}

#[test]
fn if_while_until_break_and_continue() {
    check(
        &[
            "if fail 3; then say no; elif say cond; then say yes; else say else; fi; echo $?",
            "if fail; then say no; fi; echo status $?",
            "i=0; while [ $i -lt 3 ]; do say $i; i=$((i + 1)); done",
            "until [ $i -eq 0 ]; do i=$((i - 1)); done; say $i",
            "for a in 1 2; do for b in x y z; do [ $b = y ] && continue; [ $a = 2 ] && break 2; say $a$b; done; done",
            "while true; do say once; break; done > out.txt",
            "printf 'one two\\nthree\\n' > in.txt; while read x rest; do say \"<$x|$rest>\"; done < in.txt",
            "printf 'a\\nb' | while read l; do say $l; done; echo last $?",
            "echo 'k v w' | { read a b; }",
            "break",
            "if true; then fi",
            "while true; done",
            "if true; then say",
        ],
        expect![[r#"
            $ if fail 3; then say no; elif say cond; then say yes; else say else; fi; echo $?
            ! failed with 3
              cond
              yes
              0
            $ if fail; then say no; fi; echo status $?
            ! failed with 1
              status 0
            $ i=0; while [ $i -lt 3 ]; do say $i; i=$((i + 1)); done
              0
              1
              2
            $ until [ $i -eq 0 ]; do i=$((i - 1)); done; say $i
              0
            $ for a in 1 2; do for b in x y z; do [ $b = y ] && continue; [ $a = 2 ] && break 2; say $a$b; done; done
              1x
              1z
            $ while true; do say once; break; done > out.txt
            $ printf 'one two\nthree\n' > in.txt; while read x rest; do say "<$x|$rest>"; done < in.txt
              <one|two>
              <three|>
            $ printf 'a\nb' | while read l; do say $l; done; echo last $?
              a
              last 0
            $ echo 'k v w' | { read a b; }
            ! bash: {: not supported in this terminal's shell (it runs pipelines, ;, &, &&, ||, redirections, here-documents, $(...), for and while loops and if)
            (exit status 2)
            $ break
            ! bash: break: only meaningful in a `for', `while', or `until' loop
            $ if true; then fi
            ! bash: syntax error near unexpected token `fi'
            (exit status 2)
            $ while true; done
            ! bash: syntax error near unexpected token `done'
            (exit status 2)
            $ if true; then say
            ! bash: syntax error: unexpected end of file
            (exit status 2)
            file in.txt: "one two\nthree\n"
            file out.txt: "once\n"
        "#]],
    );
}

#[test]
fn test_and_printf_builtins() {
    let lines = [
        "[ -f in.txt ] || say no file; echo x > in.txt; [ -f in.txt ] && say file",
        "[ -s in.txt -a ! -d in.txt ] && say sized",
        "test 10 -ge 9 && test abc != abd && test -n x && test -z '' && say all",
        "[ 1 -eq one ]",
        "[ a = a",
        "[ -q x ]",
        "[ a b c ]",
        "[ '(' 1 -lt 2 ')' -o a = b ] && say paren",
        "printf '%s=%d|%5s|%-4s|%03d|%x|%.2f|%%\\n' n 42 r l 7 255 3.14159",
        "printf '%s\\n' a b c",
        "printf '%d\\n' x",
        "printf '%b' 'tab\\there\\n'",
    ];
    check(
        &lines,
        expect![[r#"
        $ [ -f in.txt ] || say no file; echo x > in.txt; [ -f in.txt ] && say file
          no file
          file
        $ [ -s in.txt -a ! -d in.txt ] && say sized
          sized
        $ test 10 -ge 9 && test abc != abd && test -n x && test -z '' && say all
          all
        $ [ 1 -eq one ]
        ! bash: [: one: integer expression expected
        (exit status 2)
        $ [ a = a
        ! bash: [: missing `]'
        (exit status 2)
        $ [ -q x ]
        ! bash: [: -q: unary operator expected
        (exit status 2)
        $ [ a b c ]
        ! bash: [: b: binary operator expected
        (exit status 2)
        $ [ '(' 1 -lt 2 ')' -o a = b ] && say paren
          paren
        $ printf '%s=%d|%5s|%-4s|%03d|%x|%.2f|%%\n' n 42 r l 7 255 3.14159
          n=42|    r|l   |007|ff|3.14|%
        $ printf '%s\n' a b c
          a
          b
          c
        $ printf '%d\n' x
        ! bash: printf: x: invalid number
          0
        (exit status 1)
        $ printf '%b' 'tab\there\n'
          tab	here
        file in.txt: "x\n"
    "#]],
    );
    check_in(
        Dialect::Dash,
        &lines[3..7],
        expect![[r#"
        $ [ 1 -eq one ]
        ! sh: 1: [: Illegal number: one
        (exit status 2)
        $ [ a = a
        ! sh: 1: [: missing ]
        (exit status 2)
        $ [ -q x ]
        ! sh: 1: [: -q: unexpected operator
        (exit status 2)
        $ [ a b c ]
        ! sh: 1: [: b: unexpected operator
        (exit status 2)
    "#]],
    );
    check_in(
        Dialect::Ash,
        &lines[3..7],
        expect![[r#"
        $ [ 1 -eq one ]
        ! sh: invalid number 'one'
        (exit status 2)
        $ [ a = a
        ! sh: missing ]
        (exit status 2)
        $ [ -q x ]
        ! sh: -q: unexpected operator
        (exit status 2)
        $ [ a b c ]
        ! sh: b: unexpected operator
        (exit status 2)
    "#]],
    );
}

#[test]
fn exit_and_bounded_work() {
    check(
        &[
            "say a; exit 3; say never",
            "echo $(exit 4; say no) $?",
            "for i in $(seq 1 100000); do true; done; say unreachable",
            "seq 1000000",
        ],
        expect![[r#"
            $ say a; exit 3; say never
              a
            (exit status 3)
            $ echo $(exit 4; say no) $?
              4
            $ for i in $(seq 1 100000); do true; done; say unreachable
            ! bash: this terminal runs at most 20000 commands per line
            (exit status 1)
            $ seq 1000000
            ! seq: this terminal prints at most 100000 numbers
            (exit status 1)
        "#]],
    );
}
