//! What a command printed, in the order it printed it, and how it ended; and `Error`, the
//! way a command fails (its message and exit status), so handlers can use `?`.

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// Output in the order it was written: a terminal shows standard output and standard error
/// interleaved exactly so.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub code: i32,
    /// The terminal should be cleared (`clear`).
    pub clear: bool,
    /// The line was taken as more input of an open here-document: nothing ran yet, and the
    /// next prompt is `> `.
    pub more: bool,
    /// After this command the terminal is attached to a container's interactive shell,
    /// whose prompt this is (the next line goes to it).
    pub prompt: Option<String>,
    /// The shell's `exit` ran (not in a `$(...)`): an interactive shell ends with `code`.
    pub exited: bool,
}

impl Output {
    /// Success, printing `stdout`.
    pub fn ok(stdout: impl Into<String>) -> Output {
        let mut o = Output::default();
        o.print(&stdout.into());
        o
    }

    /// Failure with `code`, printing `stderr` (a newline is added if missing).
    pub fn err(stderr: impl Into<String>, code: i32) -> Output {
        let mut o = Output::status(code);
        o.eprintln(&stderr.into());
        o
    }

    /// Nothing printed, ending with `code`.
    pub fn status(code: i32) -> Output {
        Output {
            code,
            ..Output::default()
        }
    }

    /// Writes to standard output.
    pub fn print(&mut self, text: &str) {
        self.write(Stream::Out, text);
    }

    /// Writes to standard error.
    pub fn eprint(&mut self, text: &str) {
        self.write(Stream::Err, text);
    }

    /// Writes a line to standard error, adding its newline if `text` has none.
    pub fn eprintln(&mut self, text: &str) {
        self.eprint(text);
        if !text.ends_with('\n') {
            self.eprint("\n");
        }
    }

    pub fn write(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((s, last)) if *s == stream => last.push_str(text),
            _ => self.chunks.push((stream, text.to_string())),
        }
    }

    /// Everything written to standard output.
    pub fn stdout(&self) -> String {
        self.text(Stream::Out)
    }

    /// Everything written to standard error.
    pub fn stderr(&self) -> String {
        self.text(Stream::Err)
    }

    pub fn text(&self, stream: Stream) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == stream)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    /// Both streams as a terminal shows them.
    pub fn shown(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }

    /// Removes and returns what went to standard output (for the next stage of a pipe).
    pub fn take_stdout(&mut self) -> String {
        let out = self.stdout();
        self.chunks.retain(|(s, _)| *s != Stream::Out);
        out
    }

    /// `other`'s output after this one's; its status becomes this one's.
    pub fn append(&mut self, other: Output) {
        for (s, t) in other.chunks {
            self.write(s, &t);
        }
        self.code = other.code;
        self.clear |= other.clear;
    }

    /// Whether nothing was printed.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }
}

/// A command's failure: what it prints on standard error and its exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub code: i32,
}

impl Error {
    pub fn new(message: impl Into<String>, code: i32) -> Error {
        Error {
            message: message.into(),
            code,
        }
    }
}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error { message, code: 1 }
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Error {
        Error::from(message.to_string())
    }
}

impl From<Error> for Output {
    fn from(e: Error) -> Output {
        Output::err(e.message, e.code)
    }
}

/// What a command handler returns.
pub type Result<T = Output> = std::result::Result<T, Error>;
