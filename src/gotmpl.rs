//! Go's `text/template`, reimplemented to behave byte for byte as Go 1.26 does for the
//! templates Helm charts and `kubectl get -o go-template` use: the lexer and parser
//! (`parse`), the executor (`exec`), values typed as Go types (`value`), Go's `fmt` (`fmt`)
//! and the builtin functions (`builtins`). Helm's functions live in `helm::funcs`.
//!
//! The engine is pure: no clock, no environment, no I/O. Execution is bounded by a step
//! budget and an output budget, so no template can hang the page.

pub mod builtins;
pub mod exec;
pub mod fmt;
pub mod lex;
pub mod parse;
pub mod value;

pub use exec::{Miss, Run, Segment, State, execute, execute_tree};
pub use parse::{ParseError, Tree};
pub use value::{Elem, Map, MapKind, Object, Ty, Val, Value};

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

/// Deepest nesting any recursive walk over values goes (printing, copying, encoding).
pub const MAX_DEPTH: usize = 10_000;

thread_local! {
    static VALUES_TYPE: Cell<&'static str> = const { Cell::new("common.Values") };
}

/// The Go name of Helm's values type (`%T`, argument errors), per Helm version.
pub fn values_type_name() -> &'static str {
    VALUES_TYPE.with(Cell::get)
}

/// Sets the Go name of Helm's values type for this thread (`chartutil.Values` in helm 3).
pub fn set_values_type_name(name: &'static str) {
    VALUES_TYPE.with(|c| c.set(name));
}

/// A function's body: gets the executor (for `include`, `tpl`, the random source) and the
/// converted arguments.
pub type Body = dyn Fn(&mut State<'_>, Vec<Val>) -> Result<Val, Error>;

/// A function callable from templates, with its Go signature.
#[derive(Clone)]
pub struct Func {
    pub params: Vec<Ty>,
    pub variadic: Option<Ty>,
    /// `and` and `or`: arguments evaluated lazily, returned unconverted.
    pub short_circuit: bool,
    pub call: Rc<Body>,
}

impl Func {
    pub fn new(
        params: &[Ty],
        variadic: Option<Ty>,
        call: impl Fn(&mut State<'_>, Vec<Val>) -> Result<Val, Error> + 'static,
    ) -> Func {
        Func {
            params: params.to_vec(),
            variadic,
            short_circuit: false,
            call: Rc::new(call),
        }
    }
}

/// The functions a set knows, by name.
pub type Funcs = HashMap<String, Func>;

/// Where an execution error happened: a byte offset in a template file.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub file: String,
    pub offset: usize,
    pub text: Rc<str>,
}

impl Frame {
    /// 1-based line and column (counted in characters) of the offset.
    pub fn line_col(&self) -> (usize, usize) {
        let before = &self.text[..self.offset.min(self.text.len())];
        let line = 1 + before.matches('\n').count();
        let col = 1 + before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count();
        (line, col)
    }
}

/// An error as Go reports it (`Error()`), with the texts of its wrapped chain (what
/// `errors.Unwrap` walks) and the template positions involved, outermost first.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub text: String,
    pub links: Vec<String>,
    pub frames: Vec<Frame>,
    /// A `template.ExecError` at the top.
    pub is_exec: bool,
    /// One of our budgets ran out (not an error Go would give).
    budget: bool,
}

impl Error {
    /// A plain error (`errors.New`).
    pub fn plain(text: impl Into<String>) -> Error {
        let text = text.into();
        Error {
            links: vec![text.clone()],
            text,
            frames: Vec::new(),
            is_exec: false,
            budget: false,
        }
    }

    /// `fmt.Errorf("...: %w", inner)`: a new text over the inner chain.
    pub fn wrap(text: impl Into<String>, inner: Error) -> Error {
        let text = text.into();
        let mut links = vec![text.clone()];
        links.extend(inner.links);
        Error {
            text,
            links,
            frames: inner.frames,
            is_exec: false,
            budget: inner.budget,
        }
    }

    fn exec(text: String, frame: Option<Frame>, wrapped: Option<Error>) -> Error {
        let mut links = vec![text.clone()];
        let mut frames: Vec<Frame> = frame.into_iter().collect();
        if let Some(w) = wrapped {
            links.extend(w.links);
            frames.extend(w.frames);
        }
        Error {
            text,
            links,
            frames,
            is_exec: true,
            budget: false,
        }
    }

    fn budget(text: String) -> Error {
        Error {
            budget: true,
            ..Error::plain(text)
        }
    }

    fn into_budget(mut self) -> Error {
        self.budget = true;
        self
    }

    /// Did one of the engine's budgets (steps, output, depth) stop it?
    pub fn is_budget(&self) -> bool {
        self.budget
    }
}

/// A set of associated templates sharing functions (Go's `*template.Template` common).
#[derive(Clone)]
pub struct Set {
    /// The set's own name (`gotpl` in Helm), which errors mention.
    pub name: String,
    trees: HashMap<String, Rc<Tree>>,
    pub funcs: Rc<Funcs>,
    /// `{{range 3}}` iterates (Go 1.24 and later; helm 4 but not helm 3.17).
    pub range_over_int: bool,
    /// `missingkey=default` (kubectl): a missing map key is the invalid value, which prints
    /// `<no value>`, instead of `missingkey=zero` (Helm).
    pub missing_key_default: bool,
}

impl Set {
    pub fn new(name: &str, funcs: Rc<Funcs>) -> Set {
        Set {
            name: name.to_string(),
            trees: HashMap::new(),
            funcs,
            range_over_int: true,
            missing_key_default: false,
        }
    }

    /// Is `name` a function templates may call?
    pub fn has_function(&self, name: &str) -> bool {
        self.funcs.contains_key(name)
    }

    /// `t.New(name).Parse(text)`: adds the file and its definitions. A definition replaces
    /// an earlier one of the same name unless it is empty.
    pub fn parse(&mut self, name: &str, text: &str) -> Result<(), ParseError> {
        self.parse_main(name, text).map(|_| ())
    }

    /// `t.New(name).Parse(text)`: adds the text's trees as `parse` does and returns the one
    /// named `name`, which the new template runs even when an existing template of that name
    /// kept its place because this one is empty (`AddParseTree` sets the new template's tree
    /// whatever `associate` decided).
    pub fn parse_main(&mut self, name: &str, text: &str) -> Result<Option<Rc<Tree>>, ParseError> {
        let funcs = self.funcs.clone();
        let trees = parse::parse(name, text, &|n| funcs.contains_key(n))?;
        let mut main = None;
        for tree in trees {
            let tree = Rc::new(tree);
            if tree.name == name {
                main = Some(tree.clone());
            }
            if parse::is_empty(&tree.root) && self.trees.contains_key(&tree.name) {
                continue;
            }
            self.trees.insert(tree.name.clone(), tree);
        }
        Ok(main)
    }

    pub fn lookup(&self, name: &str) -> Option<&Rc<Tree>> {
        self.trees.get(name)
    }

    /// Replaces the functions (Helm's `tpl` re-binds `include` to a clone).
    pub fn with_funcs(&self, funcs: Rc<Funcs>) -> Set {
        Set {
            funcs,
            ..self.clone()
        }
    }
}
