//! The editor's model (indent, outdent, Enter, undo/redo, offsets) and syntax colouring.
//! Cases write the selection inline: `‸` is the cursor, `«…»` a selection.

use stsplay::editing::{self, Buffer, Kind};
use stsplay::yaml::highlight;

fn parse(marked: &str) -> (String, usize, usize) {
    if let Some(at) = marked.find('‸') {
        let text = marked.replacen('‸', "", 1);
        return (text, at, at);
    }
    let s = marked.find('«').unwrap_or(0);
    let text = marked.replacen('«', "", 1);
    let e = text.find('»').unwrap_or(s);
    (text.replacen('»', "", 1), s, e)
}

fn show(b: &Buffer) -> String {
    let st = b.state();
    let mut t = st.text.clone();
    if st.start == st.end {
        t.insert(st.start, '‸');
    } else {
        t.insert(st.end, '»');
        t.insert(st.start, '«');
    }
    t
}

fn check(before: &str, op: impl Fn(&mut Buffer), after: &str) {
    let (text, s, e) = parse(before);
    let mut b = Buffer::new(&text);
    b.select(s, e);
    op(&mut b);
    assert_eq!(show(&b), after, "from {before:?}");
    // Every edit is one undo step back to where it started.
    if b.text() != text {
        assert!(b.undo());
        assert_eq!(b.text(), text);
        assert!(b.redo());
        assert_eq!(show(&b), after);
    }
}

#[test]
fn tab_inserts_spaces_to_the_next_stop() {
    check("spec:\n‸", Buffer::indent, "spec:\n  ‸");
    check("spec:\n ‸x", Buffer::indent, "spec:\n  ‸x");
    check("a: «b»", Buffer::indent, "a:  ‸");
}

#[test]
fn tab_and_shift_tab_move_selected_lines() {
    check(
        "«a: 1\nb: 2»\nc: 3",
        Buffer::indent,
        "  «a: 1\n  b: 2»\nc: 3",
    );
    check("  «a: 1\n   b: 2»", Buffer::outdent, "«a: 1\n b: 2»");
    check("x\n  ‸y", Buffer::outdent, "x\n‸y");
    // A selection that ends at the start of a line leaves that line alone.
    check("«a\n»b", Buffer::indent, "  «a\n»b");
}

#[test]
fn enter_keeps_the_indentation_yaml_needs() {
    check("spec:‸", Buffer::newline, "spec:\n  ‸");
    check("  replicas: 3‸", Buffer::newline, "  replicas: 3\n  ‸");
    check("  - name: web‸", Buffer::newline, "  - name: web\n    ‸");
    check("  - name:‸", Buffer::newline, "  - name:\n      ‸");
}

#[test]
fn typing_merges_into_one_undo_step_until_a_line_break() {
    let mut b = Buffer::new("");
    for t in ["r", "re", "rep", "rep\n", "rep\nx"] {
        b.change(t, t.len(), t.len(), Kind::Typing);
    }
    // A line break starts a new step: the second line goes first, then the first.
    assert!(b.undo());
    assert_eq!(b.text(), "rep");
    assert!(b.undo());
    assert_eq!(b.text(), "");
    assert!(!b.undo());
    assert!(b.redo() && b.redo());
    assert_eq!(b.text(), "rep\nx");
    // A new change clears what could be redone.
    b.undo();
    b.change("other", 5, 5, Kind::Other);
    assert!(!b.can_redo());
}

#[test]
fn offsets_convert_between_utf16_and_bytes() {
    let t = "é😀a\nb";
    assert_eq!(editing::to_utf16(t, 2), 1);
    assert_eq!(editing::to_utf16(t, 6), 3);
    assert_eq!(editing::from_utf16(t, 3), 6);
    assert_eq!(editing::from_utf16(t, 99), t.len());
    assert_eq!(editing::offset_of(t, 2, 1), t.len() - 1);
    assert_eq!(editing::offset_of(t, 1, 3), 6);
    assert_eq!(editing::offset_of(t, 9, 9), t.len());
    // ASCII runs take a fast path; around and after non-ASCII the answers are the same as
    // counting character by character.
    for t in [
        "",
        "abc",
        "ab\ncé",
        "kind: Pod # 😀 x",
        "😀",
        "aé😀b\n\u{10FFFF}z",
        "xxxxxxxxxxxé",
    ] {
        let mut units = 0;
        for (b, c) in t.char_indices().chain([(t.len(), ' ')]) {
            assert_eq!(editing::to_utf16(t, b), units, "{t:?} byte {b}");
            assert_eq!(editing::from_utf16(t, units), b, "{t:?} unit {units}");
            if c.len_utf16() == 2 && b < t.len() {
                // Inside a surrogate pair: the character after it.
                assert_eq!(editing::from_utf16(t, units + 1), b + c.len_utf8(), "{t:?}");
            }
            units += c.len_utf16();
        }
        assert_eq!(editing::from_utf16(t, units + 5), t.len());
    }
}

fn classes(text: &str) -> String {
    highlight::tokens(text)
        .iter()
        .map(|t| format!("{}:{:?}", &text[t.start..t.end], t.class))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn yaml_is_coloured_by_role() {
    let cases = [
        ("replicas: 3", "replicas:Key ::Punctuation 3:Number"),
        (
            "  - name: web # main",
            "-:Punctuation name:Key ::Punctuation web:String # main:Comment",
        ),
        ("---", "---:Document"),
        ("enabled: yes", "enabled:Key ::Punctuation yes:Constant"),
        (
            "image: \"nginx:1.27\"",
            "image:Key ::Punctuation \"nginx:1.27\":String",
        ),
        (
            "modes: [ReadWriteOnce]",
            "modes:Key ::Punctuation [:Punctuation ReadWriteOnce:String ]:Punctuation",
        ),
        ("x: &a 1", "x:Key ::Punctuation &a:Anchor 1:Number"),
        ("url: http://x#y", "url:Key ::Punctuation http://x#y:String"),
        (
            "script: |\n  echo: hi\n  # not a comment\nnext: 1",
            "script:Key ::Punctuation |:Punctuation echo: hi:String # not a comment:String next:Key ::Punctuation 1:Number",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(classes(text), want, "{text:?}");
    }
}

#[test]
fn highlighting_escapes_everything_typed() {
    let html = highlight::html("name: <script>alert('x')</script> & \"q\"\n");
    assert!(!html.contains("<script>"), "{html}");
    assert_eq!(
        html,
        "<span class=\"t-k\">name</span><span class=\"t-p\">:</span> <span class=\"t-s\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</span>\n"
    );
    // Any bytes at all: tokens stay on character boundaries and cover the text in order.
    for text in [
        "- ‘x’: 😀\n",
        "\"unterminated",
        "a: |\n\n  b\n",
        "{a: [b, {c: d}]}",
        "- - - x",
        "::",
        "# only",
    ] {
        let mut at = 0;
        for t in highlight::tokens(text) {
            assert!(
                t.start >= at && t.end <= text.len() && t.start < t.end,
                "{text:?}"
            );
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            at = t.end;
        }
        let plain: String = html_text(&highlight::html(text));
        assert_eq!(plain, text);
    }
}

/// The text an HTML fragment shows.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A long text's editor colours only the lines in view (the rest is not laid out): each window
/// shows exactly its lines, coloured as in the whole text, underlines included.
#[test]
fn a_window_of_lines_is_coloured_as_in_the_whole_text() {
    let text = "a: 1\nscript: |\n  echo: hi\n  # not a comment\nnext: <b>\n- x\n";
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let marks = [highlight::Mark {
        start: text.find("next").unwrap(),
        end: text.find("next").unwrap() + 4,
        class: "sq-error",
    }];
    let whole = highlight::html_with_marks(text, &marks);
    for from in 0..starts.len() {
        for to in from..starts.len() {
            let html = highlight::html_window(text, &marks, starts[from]..starts[to]);
            assert_eq!(
                html_text(&html),
                &text[starts[from]..starts[to]],
                "{from}..{to}"
            );
        }
    }
    // Inside the block scalar, seen from a window that starts within it.
    let inside = highlight::html_window(text, &marks, starts[3]..starts[4]);
    assert_eq!(inside, "  <span class=\"t-s\"># not a comment</span>\n");
    assert!(whole.contains(&inside[2..]), "{whole}");
    let next = highlight::html_window(text, &marks, starts[4]..starts[5]);
    assert_eq!(
        next,
        "<span class=\"t-k sq-error\">next</span><span class=\"t-p\">:</span> <span class=\"t-s\">&lt;b&gt;</span>\n"
    );
    // Out of range or past the end: clamped, never a panic.
    assert_eq!(highlight::html_window(text, &marks, 999..2000), "");
}
