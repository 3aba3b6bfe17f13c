//! A safe event reader over `unsafe-libyaml` (a Rust translation of libyaml, the parser
//! go-yaml ports). This is the crate's only `unsafe` code: every pointer it reads comes from
//! libyaml and lives until the event is deleted, and the parser is boxed so it never moves.

use std::ffi::CStr;
use std::mem::MaybeUninit;
#[allow(clippy::unsafe_removed_from_name)]
use unsafe_libyaml as sys;

/// A 0-based position from libyaml.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub line: u32,
    pub column: u32,
}

impl Mark {
    fn from_sys(m: sys::yaml_mark_t) -> Mark {
        Mark {
            line: u32::try_from(m.line).unwrap_or(u32::MAX - 1),
            column: u32::try_from(m.column).unwrap_or(u32::MAX - 1),
        }
    }
}

#[derive(Debug)]
pub enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar {
        value: String,
        anchor: Option<String>,
        tag: Option<String>,
        /// Plain (unquoted, not a block scalar): subject to type resolution.
        plain: bool,
    },
    SequenceStart {
        anchor: Option<String>,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
    },
    MappingEnd,
}

#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub mark: Mark,
    /// The message as go-yaml v2 words it (`yaml: line 2: did not find expected key`).
    pub go: String,
}

/// Reads events from one string. The input is borrowed for the reader's whole life.
pub struct Reader<'a> {
    parser: Box<MaybeUninit<sys::yaml_parser_t>>,
    _input: &'a str,
    failed: bool,
    done: bool,
}

impl<'a> Reader<'a> {
    pub fn new(input: &'a str) -> Reader<'a> {
        let mut parser = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        // SAFETY: libyaml initialises the boxed struct in place; the input outlives the reader
        // (lifetime 'a), and the box keeps the parser at one address until `Drop`.
        let failed = unsafe {
            let p = parser.as_mut_ptr();
            if sys::yaml_parser_initialize(p).fail {
                true
            } else {
                sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
                sys::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as u64);
                false
            }
        };
        Reader {
            parser,
            _input: input,
            failed,
            done: false,
        }
    }

    /// The next event with its start and end marks.
    pub fn next(&mut self) -> Result<(Event, Mark, Mark), Error> {
        if self.failed {
            return Err(Error {
                message: "the YAML reader could not start".into(),
                mark: Mark { line: 0, column: 0 },
                go: "yaml: unknown problem parsing YAML content".into(),
            });
        }
        if self.done {
            return Ok((
                Event::StreamEnd,
                Mark { line: 0, column: 0 },
                Mark { line: 0, column: 0 },
            ));
        }
        let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; `yaml_parser_parse` fills `event`
        // when it succeeds, and we read its union only through the member that matches
        // its type, then free it with `yaml_event_delete`.
        unsafe {
            let p = self.parser.as_mut_ptr();
            if sys::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                self.done = true;
                return Err(parse_error(p, self._input));
            }
            let ev = event.as_mut_ptr();
            let start = Mark::from_sys((*ev).start_mark);
            let end = Mark::from_sys((*ev).end_mark);
            let converted = convert(&*ev);
            sys::yaml_event_delete(ev);
            if matches!(converted, Event::StreamEnd) {
                self.done = true;
            }
            Ok((converted, start, end))
        }
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if !self.failed {
            // SAFETY: initialised in `new` and not yet deleted.
            unsafe { sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
        }
    }
}

/// # Safety
/// `ptr` is null or a NUL-terminated string owned by libyaml.
unsafe fn opt_string(ptr: *const u8) -> Option<String> {
    if ptr.is_null() {
        None
    } else {
        // SAFETY: non-null and NUL-terminated, per the contract above.
        Some(
            unsafe { CStr::from_ptr(ptr.cast()) }
                .to_string_lossy()
                .into_owned(),
        )
    }
}

/// # Safety
/// `ev` was filled by a successful `yaml_parser_parse` and not yet deleted.
unsafe fn convert(ev: &sys::yaml_event_t) -> Event {
    // SAFETY (all blocks): each union member is read only for its own event type.
    match ev.type_ {
        sys::YAML_STREAM_START_EVENT => Event::StreamStart,
        sys::YAML_STREAM_END_EVENT => Event::StreamEnd,
        sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
        sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
        sys::YAML_ALIAS_EVENT => {
            Event::Alias(unsafe { opt_string(ev.data.alias.anchor) }.unwrap_or_default())
        }
        sys::YAML_SCALAR_EVENT => unsafe {
            let s = ev.data.scalar;
            let bytes = if s.value.is_null() {
                &[][..]
            } else {
                std::slice::from_raw_parts(s.value, usize::try_from(s.length).unwrap_or(0))
            };
            Event::Scalar {
                value: String::from_utf8_lossy(bytes).into_owned(),
                anchor: opt_string(s.anchor),
                tag: opt_string(s.tag),
                plain: s.style == sys::YAML_PLAIN_SCALAR_STYLE,
            }
        },
        sys::YAML_SEQUENCE_START_EVENT => Event::SequenceStart {
            anchor: unsafe { opt_string(ev.data.sequence_start.anchor) },
        },
        sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
        sys::YAML_MAPPING_START_EVENT => Event::MappingStart {
            anchor: unsafe { opt_string(ev.data.mapping_start.anchor) },
        },
        sys::YAML_MAPPING_END_EVENT => Event::MappingEnd,
        _ => Event::StreamEnd,
    }
}

/// # Safety
/// `p` is an initialised parser whose last call failed, reading `input`.
unsafe fn parse_error(p: *const sys::yaml_parser_t, input: &str) -> Error {
    // SAFETY: the error fields are plain data or NUL-terminated static strings.
    unsafe {
        let parser = &*p;
        let problem = opt_string(parser.problem.cast())
            .unwrap_or_else(|| "the YAML could not be read".into());
        let context = opt_string(parser.context.cast());
        let pm = Mark::from_sys(parser.problem_mark);
        let cm = Mark::from_sys(parser.context_mark);
        let message = match context {
            Some(c) if cm != pm => format!(
                "{problem} ({c} at line {}, column {})",
                cm.line + 1,
                cm.column + 1
            ),
            Some(c) => format!("{problem} ({c})"),
            None => problem,
        };
        // Reader errors (control characters, invalid UTF-8) carry a byte offset, not a mark.
        let mark = if parser.error == sys::YAML_READER_ERROR {
            mark_at(
                input,
                usize::try_from(parser.problem_offset).unwrap_or(usize::MAX),
            )
        } else {
            pm
        };
        // go-yaml's `parser.fail`: the problem's 0-based line (one more for scanner errors,
        // which do not advance it), else the context's; no line when it is 0.
        let line = if pm.line != 0 {
            pm.line + u32::from(parser.error == sys::YAML_SCANNER_ERROR)
        } else {
            cm.line
        };
        let problem_text = opt_string(parser.problem.cast())
            .unwrap_or_else(|| "unknown problem parsing YAML content".into());
        let go = if line != 0 {
            format!("yaml: line {line}: {problem_text}")
        } else {
            format!("yaml: {problem_text}")
        };
        Error { message, mark, go }
    }
}

/// The 0-based line and column (in characters) of byte `offset` of `input`.
fn mark_at(input: &str, offset: usize) -> Mark {
    let mut end = offset.min(input.len());
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    let before = &input[..end];
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    Mark {
        line: u32::try_from(line).unwrap_or(u32::MAX - 1),
        column: u32::try_from(column).unwrap_or(u32::MAX - 1),
    }
}
