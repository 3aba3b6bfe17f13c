//! Execution, as Go's `text/template/exec.go` (Go 1.26) does it: the same evaluation order, the
//! same node reported in each error (`executing "NAME" at <NODE>`), the same treatment of
//! missing keys (`missingkey=zero`), of `interface {}` values and of argument types.
//!
//! Every step spends fuel and output is bounded, so a hostile template (an endless `range`, a
//! recursive `include`) ends with an error instead of hanging the page.

use super::parse::{Arg, Branch, Command, List, Node, Number, Pipe, Tree, Variable};
use super::value::{Elem, MapKind, Ty, Val, Value};
use super::{Error, Func, Set};
use std::fmt::Write;

/// Go's `maxExecDepth` for `{{template}}` nesting is 100000 natively; our stack allows less.
/// Natively every command runs on a deep stack (`cli::run_with`), with room for Helm's limit
/// of 1000 nested `include`s of one name. A browser's stack is fixed (Chromium's, about 1 MB,
/// held some 800 levels of `include` in the shipped build) and overflowing it kills the page,
/// so there nesting stops at half that, with a located error.
#[cfg(not(target_arch = "wasm32"))]
pub const MAX_TEMPLATE_DEPTH: usize = 2000;
#[cfg(target_arch = "wasm32")]
pub const MAX_TEMPLATE_DEPTH: usize = 400;

/// What one execution (and every `include` and `tpl` inside it) shares.
pub struct Run {
    /// Steps left before the execution is stopped.
    pub fuel: u64,
    /// Output bytes left.
    pub output_left: usize,
    /// `include` nesting per template name (Helm's `includedNames`).
    pub included: std::collections::HashMap<String, usize>,
    /// The state of the seeded random generator (`randAlphaNum`, `uuidv4`, ...).
    pub rng: u64,
    /// Why the run was stopped, once it was (budget errors are not Go's).
    pub stopped: Option<String>,
    /// Current nesting of templates and includes, across nested states.
    pub depth: usize,
    /// Where the top-level template's output came from, when asked for (`capture`).
    pub trace: Vec<Segment>,
    /// Record `trace` for output written directly by the template being executed (not for
    /// the strings `include` returns, which the calling action owns).
    pub capture: bool,
    /// Paths under `.Values` that were read but are not there, first miss of each chain.
    pub misses: Vec<Miss>,
    /// What functions logged instead of failing (Helm's `required` and `fail` when linting):
    /// level, message and the function's argument.
    pub logged: Vec<(&'static str, &'static str, String)>,
}

/// A `.Values` path read but missing: `.Values.image.tga`, the keys its parent does have, and
/// where the template reads it.
#[derive(Clone, Debug)]
pub struct Miss {
    pub path: String,
    pub siblings: Vec<String>,
    pub at: super::Frame,
}

/// Misses kept per run: enough to explain a chart, bounded against a hostile one.
const MAX_MISSES: usize = 64;

/// From `out` onwards, the output was written by the template text at `offset` of `file`:
/// byte for byte when `exact` (literal text), else as a whole (an action's value).
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub out: usize,
    pub file: std::rc::Rc<str>,
    pub text: std::rc::Rc<str>,
    pub offset: usize,
    pub exact: bool,
}

impl Run {
    pub fn new(fuel: u64, output: usize, seed: u64) -> Run {
        Run {
            fuel,
            output_left: output,
            included: Default::default(),
            rng: seed,
            stopped: None,
            depth: 0,
            trace: Vec::new(),
            capture: false,
            misses: Vec::new(),
            logged: Vec::new(),
        }
    }
}

/// The node an error is reported at (Go's `state.node`).
#[derive(Clone, Copy)]
enum At<'t> {
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Command),
    Arg(&'t Arg),
    Var(&'t Variable),
}

impl At<'_> {
    fn pos(&self) -> usize {
        match self {
            At::Node(n) => match n {
                Node::Text { pos, .. }
                | Node::Action { pos, .. }
                | Node::Template { pos, .. }
                | Node::Break { pos }
                | Node::Continue { pos } => *pos,
                Node::If(b) | Node::Range(b) | Node::With(b) => b.pos,
            },
            At::Pipe(p) => p.pos,
            At::Cmd(c) => c.pos,
            At::Arg(a) => a.pos(),
            At::Var(v) => v.pos,
        }
    }
    fn text(&self) -> String {
        match self {
            At::Node(n) => n.to_string(),
            At::Pipe(p) => p.to_string(),
            At::Cmd(c) => c.to_string(),
            At::Arg(a) => a.to_string(),
            At::Var(v) => v.to_string(),
        }
    }
}

/// Non-local exits of a walk.
pub enum Flow {
    Break,
    Continue,
    Fail(Error),
}

impl From<Error> for Flow {
    fn from(e: Error) -> Flow {
        Flow::Fail(e)
    }
}

type R<T> = Result<T, Error>;

/// The execution of one template (Go's `state`).
pub struct State<'t> {
    pub set: &'t Set,
    tree: &'t Tree,
    /// The executing template's name (a file, or a `define`).
    name: &'t str,
    vars: Vec<(&'t str, Val)>,
    node: Option<At<'t>>,
    pub run: &'t mut Run,
}

/// Executes the template `name` of `set` on `data`, appending to `out`.
pub fn execute(set: &Set, name: &str, data: Val, out: &mut String, run: &mut Run) -> R<()> {
    let Some(tree) = set.lookup(name) else {
        return Err(Error::plain(format!(
            "template: no template {} associated with template {}",
            crate::go::quote(name),
            crate::go::quote(&set.name)
        )));
    };
    execute_tree(set, tree, data, out, run)
}

/// Executes `tree` with the templates of `set` (a template that is not, or not yet, the one
/// `set` holds under its name: Go's `Template` runs its own tree).
pub fn execute_tree(
    set: &Set,
    tree: &std::rc::Rc<Tree>,
    data: Val,
    out: &mut String,
    run: &mut Run,
) -> R<()> {
    if run.depth >= MAX_TEMPLATE_DEPTH {
        return Err(Error::budget(format!(
            "templates nested more than {MAX_TEMPLATE_DEPTH} deep"
        )));
    }
    // Only the outermost execution is traced: an `include` inside returns a string.
    let capture = run.capture;
    if run.depth > 0 {
        run.capture = false;
    }
    run.depth += 1;
    let tree = tree.clone();
    let mut s = State {
        set,
        tree: &tree,
        name: &tree.name,
        vars: vec![("$", data.clone())],
        node: None,
        run,
    };
    let r = match s.walk(&data, &tree.root, out) {
        Ok(()) => Ok(()),
        Err(Flow::Fail(e)) => Err(e),
        Err(Flow::Break | Flow::Continue) => Ok(()),
    };
    s.run.depth -= 1;
    s.run.capture = capture;
    r
}

impl<'t> State<'t> {
    fn at(&mut self, at: At<'t>) {
        self.node = Some(at);
    }

    /// The place of node `at` in the executing template.
    fn frame(&self, at: At<'_>) -> super::Frame {
        super::Frame {
            file: self.tree.parse_name.clone(),
            offset: at.pos(),
            text: self.tree.text.clone(),
        }
    }

    /// `state.errorf`: Go's message with the template, location and node.
    fn errorf(&self, message: String) -> Error {
        self.error_wrapping(message, None)
    }

    fn error_wrapping(&self, message: String, wrapped: Option<Error>) -> Error {
        match self.node {
            None => Error::exec(format!("template: {}: {message}", self.name), None, wrapped),
            Some(at) => {
                let pos = at.pos();
                let location = self.tree.location(pos);
                let text = format!(
                    "template: {location}: executing {} at <{}>: {message}",
                    crate::go::quote(self.name),
                    at.text()
                );
                Error::exec(text, Some(self.frame(at)), wrapped)
            }
        }
    }

    /// Spends `n` steps of the budget at once: what a function costs beyond its call (a
    /// bcrypt hash takes as long as a million steps).
    pub fn spend_for(&mut self, n: u64) -> R<()> {
        self.spend(n)
    }

    fn spend(&mut self, n: u64) -> R<()> {
        if self.run.fuel < n {
            self.run.fuel = 0;
            let why = "the template did too much work (its step budget ran out: an endless range or recursion?)".to_string();
            self.run.stopped = Some(why.clone());
            return Err(self.errorf(why).into_budget());
        }
        self.run.fuel -= n;
        Ok(())
    }

    fn write(&mut self, out: &mut String, s: &str) -> R<()> {
        if s.len() > self.run.output_left {
            self.run.output_left = 0;
            return Err(self
                .errorf("the output grew too large (over the rendering limit)".into())
                .into_budget());
        }
        self.run.output_left -= s.len();
        out.push_str(s);
        Ok(())
    }

    fn walk(&mut self, dot: &Val, list: &'t List, out: &mut String) -> Result<(), Flow> {
        for node in &list.nodes {
            self.walk_node(dot, node, out)?;
        }
        Ok(())
    }

    fn trace(&mut self, out: &str, offset: usize, exact: bool) {
        if self.run.capture {
            self.run.trace.push(Segment {
                out: out.len(),
                file: std::rc::Rc::from(self.tree.parse_name.as_str()),
                text: self.tree.text.clone(),
                offset,
                exact,
            });
        }
    }

    fn walk_node(&mut self, dot: &Val, node: &'t Node, out: &mut String) -> Result<(), Flow> {
        self.spend(1)?;
        self.at(At::Node(node));
        match node {
            Node::Action { pos, pipe } => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.at(At::Node(node));
                    let text = print_value(&v);
                    self.trace(out, *pos, false);
                    self.write(out, &text)?;
                }
                Ok(())
            }
            Node::Break { .. } => Err(Flow::Break),
            Node::Continue { .. } => Err(Flow::Continue),
            Node::If(b) => self.walk_if_or_with(false, dot, b, out),
            Node::With(b) => self.walk_if_or_with(true, dot, b, out),
            Node::Range(b) => self.walk_range(dot, node, b, out),
            Node::Template { name, pipe, .. } => self.walk_template(dot, node, name, pipe, out),
            Node::Text { pos, text } => {
                self.trace(out, *pos, true);
                Ok(self.write(out, text)?)
            }
        }
    }

    fn walk_if_or_with(
        &mut self,
        with: bool,
        dot: &Val,
        b: &'t Branch,
        out: &mut String,
    ) -> Result<(), Flow> {
        let mark = self.vars.len();
        let r = (|| {
            let v = self.eval_pipeline(dot, &b.pipe)?;
            if v.v.truth() {
                if with {
                    self.walk(&v, &b.list, out)
                } else {
                    self.walk(dot, &b.list, out)
                }
            } else if let Some(e) = &b.else_list {
                self.walk(dot, e, out)
            } else {
                Ok(())
            }
        })();
        self.vars.truncate(mark);
        r
    }

    fn walk_range(
        &mut self,
        dot: &Val,
        node: &'t Node,
        r: &'t Branch,
        out: &mut String,
    ) -> Result<(), Flow> {
        self.at(At::Node(node));
        let outer = self.vars.len();
        let result = self.walk_range_inner(dot, r, out);
        self.vars.truncate(outer);
        match result {
            Err(Flow::Break) => Ok(()),
            other => other,
        }
    }

    fn walk_range_inner(&mut self, dot: &Val, r: &'t Branch, out: &mut String) -> Result<(), Flow> {
        let val = self.eval_pipeline(dot, &r.pipe)?.unbox();
        let mark = self.vars.len();
        let pipe = &r.pipe;
        let mut ran = false;
        let mut one = |s: &mut State<'t>, index: Val, elem: Val| -> Result<(), Flow> {
            ran = true;
            if !pipe.decl.is_empty() {
                if pipe.is_assign {
                    if pipe.decl.len() > 1 {
                        s.set_var(&pipe.decl[0].idents[0], index.clone())?;
                    } else {
                        s.set_var(&pipe.decl[0].idents[0], elem.clone())?;
                    }
                } else {
                    let n = s.vars.len();
                    s.vars[n - 1].1 = elem.clone();
                }
            }
            if pipe.decl.len() > 1 {
                if pipe.is_assign {
                    s.set_var(&pipe.decl[1].idents[0], elem.clone())?;
                } else {
                    let n = s.vars.len();
                    s.vars[n - 2].1 = index;
                }
            }
            let res = s.walk(&elem, &r.list, out);
            s.vars.truncate(mark);
            match res {
                Err(Flow::Continue) => Ok(()),
                other => other,
            }
        };
        match &val.v {
            Value::List(l) => {
                let boxed = l.elem == Elem::Any;
                for (i, item) in l.items.iter().enumerate() {
                    self.spend(1)?;
                    one(
                        self,
                        Val::new(Value::Int(i as i64)),
                        Val {
                            v: item.clone(),
                            boxed,
                        },
                    )?;
                }
            }
            Value::Bytes(b) => {
                for (i, x) in b.iter().enumerate() {
                    self.spend(1)?;
                    one(
                        self,
                        Val::new(Value::Int(i as i64)),
                        Val::new(Value::Int(*x as i64)),
                    )?;
                }
            }
            Value::Map(_) | Value::Object(_) if val.v.map_entries().is_some() => {
                let boxed = val.v.boxes_elements();
                for (k, item) in val.v.map_entries().unwrap_or_default() {
                    self.spend(1)?;
                    one(self, Val::new(Value::string(k)), Val { v: item, boxed })?;
                }
            }
            Value::Object(o) if o.list_items().is_some() => {
                for (i, item) in o.list_items().unwrap_or_default().into_iter().enumerate() {
                    self.spend(1)?;
                    one(self, Val::new(Value::Int(i as i64)), Val::new(item))?;
                }
            }
            Value::Nil => {}
            Value::Int(n) | Value::Int64(n) if self.set.range_over_int => {
                if pipe.decl.len() > 1 {
                    return Err(self
                        .errorf(format!(
                            "can't use {} to iterate over more than one variable",
                            super::fmt::sprint_v(&val.v)
                        ))
                        .into());
                }
                let make = |i: i64| {
                    if matches!(val.v, Value::Int(_)) {
                        Value::Int(i)
                    } else {
                        Value::Int64(i)
                    }
                };
                for i in 0..(*n).max(0) {
                    self.spend(1)?;
                    one(self, Val::invalid(), Val::new(make(i)))?;
                }
            }
            other => {
                return Err(self
                    .errorf(format!(
                        "range can't iterate over {}",
                        super::fmt::sprint_v(other)
                    ))
                    .into());
            }
        }
        if !ran && let Some(e) = &r.else_list {
            self.walk(dot, e, out)?;
        }
        Ok(())
    }

    fn walk_template(
        &mut self,
        dot: &Val,
        node: &'t Node,
        name: &str,
        pipe: &'t Option<Pipe>,
        out: &mut String,
    ) -> Result<(), Flow> {
        self.at(At::Node(node));
        let Some(tree) = self.set.lookup(name) else {
            return Err(self
                .errorf(format!("template {} not defined", crate::go::quote(name)))
                .into());
        };
        if self.run.depth >= MAX_TEMPLATE_DEPTH {
            return Err(self
                .errorf(format!(
                    "exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})"
                ))
                .into_budget()
                .into());
        }
        let dot = match pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Val::invalid(),
        };
        let tree = tree.clone();
        self.run.depth += 1;
        let mut inner = State {
            set: self.set,
            tree: &tree,
            name: &tree.name,
            vars: vec![("$", dot.clone())],
            node: None,
            run: &mut *self.run,
        };
        let r = inner.walk(&dot, &tree.root, out);
        self.run.depth -= 1;
        match r {
            Err(Flow::Fail(e)) => Err(Flow::Fail(e)),
            _ => Ok(()),
        }
    }

    fn set_var(&mut self, name: &str, v: Val) -> R<()> {
        for i in (0..self.vars.len()).rev() {
            if self.vars[i].0 == name {
                self.vars[i].1 = v;
                return Ok(());
            }
        }
        Err(self.errorf(format!("undefined variable: {name}")))
    }

    fn var_value(&self, name: &str) -> R<Val> {
        for (n, v) in self.vars.iter().rev() {
            if *n == name {
                return Ok(v.clone());
            }
        }
        Err(self.errorf(format!("undefined variable: {name}")))
    }

    pub fn eval_pipeline(&mut self, dot: &Val, pipe: &'t Pipe) -> R<Val> {
        self.at(At::Pipe(pipe));
        let mut value: Option<Val> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value.take())?;
            value = Some(v.unbox());
        }
        let value = value.unwrap_or_else(Val::invalid);
        for var in &pipe.decl {
            if pipe.is_assign {
                self.set_var(&var.idents[0], value.clone())?;
            } else {
                self.vars.push((&var.idents[0], value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<Val>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            return Err(self.errorf(format!("can't give argument to non-function {}", args[0])));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Val, cmd: &'t Command, fin: Option<Val>) -> R<Val> {
        self.spend(1)?;
        let first = &cmd.args[0];
        match first {
            Arg::Field { idents, .. } => {
                self.at(At::Arg(first));
                return self.eval_field_chain(
                    dot,
                    dot.clone(),
                    first,
                    idents,
                    Some(&cmd.args),
                    fin,
                );
            }
            Arg::Chain { .. } => return self.eval_chain(dot, first, Some(&cmd.args), fin),
            Arg::Identifier { name, .. } => {
                return self.eval_function(dot, first, name, At::Cmd(cmd), Some(&cmd.args), fin);
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &fin)?;
                return self.eval_pipeline(dot, p);
            }
            Arg::Variable(v) => return self.eval_variable(dot, v, Some(&cmd.args), fin),
            _ => {}
        }
        self.at(At::Arg(first));
        self.not_a_function(&cmd.args, &fin)?;
        Ok(match first {
            Arg::Bool { value, .. } => Val::new(Value::Bool(*value)),
            Arg::Dot { .. } => dot.clone(),
            Arg::Nil { .. } => return Err(self.errorf("nil is not a command".into())),
            Arg::Number { number, .. } => self.ideal_constant(first, number)?,
            Arg::String { text, .. } => Val::new(Value::str(text)),
            _ => {
                return Err(self.errorf(format!(
                    "can't evaluate command {}",
                    crate::go::quote(&first.to_string())
                )));
            }
        })
    }

    fn ideal_constant(&mut self, node: &'t Arg, n: &Number) -> R<Val> {
        self.at(At::Arg(node));
        let text = &n.text;
        let hex_int = text.len() > 2
            && text.starts_with('0')
            && (text.as_bytes()[1] | 0x20) == b'x'
            && !text.contains(['p', 'P']);
        if let Some(f) = n.float
            && !hex_int
            && !text.starts_with('\'')
            && text.contains(['.', 'e', 'E', 'p', 'P'])
        {
            return Ok(Val::new(Value::Float(f)));
        }
        if let Some(i) = n.int {
            return Ok(Val::new(Value::Int(i)));
        }
        if n.uint.is_some() {
            return Err(self.errorf(format!("{text} overflows int")));
        }
        Ok(Val::invalid())
    }

    fn eval_chain(
        &mut self,
        dot: &Val,
        chain: &'t Arg,
        args: Option<&'t [Arg]>,
        fin: Option<Val>,
    ) -> R<Val> {
        let Arg::Chain { node, fields, .. } = chain else {
            return Ok(Val::invalid());
        };
        self.at(At::Arg(chain));
        if matches!(node.as_ref(), Arg::Nil { .. }) {
            return Err(self.errorf(format!("indirection through explicit nil in {chain}")));
        }
        let pipe = self.eval_arg(dot, Ty::Reflect, node)?;
        self.eval_field_chain(dot, pipe, chain, fields, args, fin)
    }

    fn eval_variable(
        &mut self,
        dot: &Val,
        var: &'t Variable,
        args: Option<&'t [Arg]>,
        fin: Option<Val>,
    ) -> R<Val> {
        self.at(At::Var(var));
        let value = self.var_value(&var.idents[0])?;
        if var.idents.len() == 1 {
            if let Some(args) = args {
                self.not_a_function(args, &fin)?;
            } else if fin.is_some() {
                return Err(self.errorf(format!("can't give argument to non-function {var}")));
            }
            return Ok(value);
        }
        let node = At::Var(var);
        self.field_chain_at(dot, value, node, &var.idents[1..], args, fin)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Val,
        receiver: Val,
        node: &'t Arg,
        idents: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Option<Val>,
    ) -> R<Val> {
        self.field_chain_at(dot, receiver, At::Arg(node), idents, args, fin)
    }

    fn field_chain_at(
        &mut self,
        dot: &Val,
        mut receiver: Val,
        node: At<'t>,
        idents: &'t [String],
        args: Option<&'t [Arg]>,
        fin: Option<Val>,
    ) -> R<Val> {
        let n = idents.len();
        // `.Values.a.b` from the top-level object: note a key that is not there.
        let values = n >= 2
            && idents[0] == "Values"
            && matches!(&receiver.v, Value::Map(m)
                if matches!(m.get("Values"), Some(Value::Map(v)) if v.kind() == MapKind::Values));
        for (i, ident) in idents[..n - 1].iter().enumerate() {
            if values && i > 0 {
                self.note_miss(&receiver, &idents[..=i], node);
            }
            receiver = self.eval_field(dot, ident, node, None, None, receiver)?;
        }
        if values {
            self.note_miss(&receiver, idents, node);
        }
        self.eval_field(dot, &idents[n - 1], node, args, fin, receiver)
    }

    /// Records `.Values.<path>` as missing when the map it is read from lacks its last key.
    fn note_miss(&mut self, receiver: &Val, path: &[String], node: At<'t>) {
        let Value::Map(m) = &receiver.v else {
            return;
        };
        let Some(key) = path.last() else {
            return;
        };
        if self.run.misses.len() >= MAX_MISSES || m.get(key).is_some() {
            return;
        }
        self.run.misses.push(Miss {
            path: format!(".{}", path.join(".")),
            siblings: m.keys(),
            at: self.frame(node),
        });
    }

    fn eval_field(
        &mut self,
        dot: &Val,
        field: &str,
        node: At<'t>,
        args: Option<&'t [Arg]>,
        fin: Option<Val>,
        receiver: Val,
    ) -> R<Val> {
        self.spend(1)?;
        if receiver.is_invalid() {
            return Ok(Val::invalid());
        }
        let typ = receiver.type_name();
        if receiver.boxed && receiver.v.is_nil() {
            return Err(self.errorf(format!("nil pointer evaluating {typ}.{field}")));
        }
        if let Value::Object(o) = &receiver.v
            && let Some(m) = o.clone().method(field)
        {
            return self.eval_call(dot, &m, node, field, args, fin);
        }
        let has_args = args.is_some_and(|a| a.len() > 1) || fin.is_some();
        match &receiver.v {
            Value::Object(o) => {
                if let Some(f) = o.field(field) {
                    if has_args {
                        return Err(self.errorf(format!(
                            "{field} has arguments but cannot be invoked as function"
                        )));
                    }
                    return Ok(f);
                }
                if o.map_entries().is_some() {
                    if has_args {
                        return Err(
                            self.errorf(format!("{field} is not a method but has arguments"))
                        );
                    }
                    return Ok(Val::invalid());
                }
            }
            Value::Map(m) => {
                if has_args {
                    return Err(self.errorf(format!("{field} is not a method but has arguments")));
                }
                let boxed = receiver.v.boxes_elements();
                return Ok(match m.get(field) {
                    Some(v) => Val { v, boxed },
                    // missingkey=default: the invalid value.
                    None if self.set.missing_key_default => Val::invalid(),
                    // missingkey=zero: the element type's zero value.
                    None if boxed => Val::boxed(Value::Nil),
                    None => Val::new(Value::str("")),
                });
            }
            _ => {}
        }
        Err(self.errorf(format!("can't evaluate field {field} in type {typ}")))
    }

    fn eval_function(
        &mut self,
        dot: &Val,
        ident: &'t Arg,
        name: &str,
        cmd: At<'t>,
        args: Option<&'t [Arg]>,
        fin: Option<Val>,
    ) -> R<Val> {
        self.at(At::Arg(ident));
        let Some(f) = self.set.funcs.get(name).cloned() else {
            return Err(self.errorf(format!(
                "{} is not a defined function",
                crate::go::quote(name)
            )));
        };
        self.eval_call(dot, &f, cmd, name, args, fin)
    }

    fn eval_call(
        &mut self,
        dot: &Val,
        f: &Func,
        node: At<'t>,
        name: &str,
        args: Option<&'t [Arg]>,
        fin: Option<Val>,
    ) -> R<Val> {
        self.spend(1)?;
        let args: &'t [Arg] = match args {
            Some(a) => &a[1..],
            None => &[],
        };
        let num_in = args.len() + usize::from(fin.is_some());
        let mut num_fixed = args.len();
        if f.variadic.is_some() {
            num_fixed = f.params.len();
            if num_in < num_fixed {
                return Err(self.errorf(format!(
                    "wrong number of args for {name}: want at least {} got {}",
                    f.params.len(),
                    args.len()
                )));
            }
        } else if num_in != f.params.len() {
            return Err(self.errorf(format!(
                "wrong number of args for {name}: want {} got {num_in}",
                f.params.len()
            )));
        }
        if f.short_circuit {
            let is_or = name == "or";
            let mut v = Val::invalid();
            for a in args {
                v = self.eval_arg_val(dot, a)?;
                if v.v.truth() == is_or {
                    return Ok(v);
                }
            }
            if let Some(fin) = fin {
                v = fin;
            }
            return Ok(v);
        }
        let mut argv = Vec::with_capacity(num_in);
        let mut i = 0;
        while i < num_fixed && i < args.len() {
            argv.push(self.eval_arg(dot, f.params[i], &args[i])?);
            i += 1;
        }
        if let Some(t) = f.variadic {
            while i < args.len() {
                argv.push(self.eval_arg(dot, t, &args[i])?);
                i += 1;
            }
        }
        if let Some(fin) = fin {
            let t = match f.variadic {
                Some(v) if num_in > num_fixed => v,
                _ => f.params[num_in - 1],
            };
            argv.push(self.validate_type(fin, t)?);
        }
        // Go's `call` builtin gets the callee's text first, for its error (`non-function
        // .Values.s of type string`).
        if name == "call"
            && let Some(callee) = args.first()
        {
            argv.insert(0, Val::new(Value::string(callee.to_string())));
        }
        let call = f.call.clone();
        match call(self, argv) {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at(node);
                if e.is_budget() {
                    // A budget stops everything, unwrapped; it is placed at the innermost call
                    // that met it (an `include` nested too deep has no place of its own).
                    let mut e = e;
                    if e.frames.is_empty()
                        && let Some(at) = self.node
                    {
                        e.frames.push(self.frame(at));
                    }
                    return Err(e);
                }
                let msg = format!("error calling {name}: {}", e.text);
                Err(self.error_wrapping(msg, Some(e)))
            }
        }
    }

    /// `validateType`: the argument as the function receives it. `reflect.Value` parameters
    /// see it as it is (boxed or not, even invalid); the others get a plain value.
    fn validate_type(&self, value: Val, ty: Ty) -> R<Val> {
        if ty == Ty::Reflect {
            return Ok(value);
        }
        if value.is_invalid() {
            if ty.nilable() {
                return Ok(Val::new(Value::Nil));
            }
            return Err(self.errorf(format!("invalid value; expected {}", ty.name())));
        }
        if ty == Ty::Any {
            return Ok(value.unbox());
        }
        if value.boxed && value.v.is_nil() {
            return Err(self.errorf(format!(
                "wrong type for value; expected {}; got interface {{}}",
                ty.name()
            )));
        }
        if ty.accepts(&value.v) {
            return Ok(value.unbox());
        }
        Err(self.errorf(format!(
            "wrong type for value; expected {}; got {}",
            ty.name(),
            value.v.type_name()
        )))
    }

    /// An argument as `and`/`or` see it: unconverted, its static type kept.
    fn eval_arg_val(&mut self, dot: &Val, a: &'t Arg) -> R<Val> {
        self.at(At::Arg(a));
        Ok(match a {
            Arg::Dot { .. } => dot.clone(),
            // `nil` is a nil interface here, false, and prints as `<no value>` (measured
            // against helm 4.2.3 and 3.17.2: `{{ or nil 1 }}` is 1, `{{ and 1 nil }}` empty).
            Arg::Nil { .. } => Val::new(Value::Nil),
            Arg::Field { idents, .. } => self.eval_field_chain(
                dot,
                dot.clone(),
                a,
                idents,
                Some(std::slice::from_ref(a)),
                None,
            )?,
            Arg::Variable(v) => self.eval_variable(dot, v, None, None)?,
            Arg::Pipe(p) => self.eval_pipeline(dot, p)?,
            Arg::Identifier { name, .. } => {
                self.eval_function(dot, a, name, At::Arg(a), None, None)?
            }
            Arg::Chain { .. } => self.eval_chain(dot, a, None, None)?,
            Arg::Bool { value, .. } => Val::new(Value::Bool(*value)),
            Arg::Number { number, .. } => self.ideal_constant(a, number)?,
            Arg::String { text, .. } => Val::new(Value::str(text)),
        })
    }

    fn eval_arg(&mut self, dot: &Val, ty: Ty, a: &'t Arg) -> R<Val> {
        self.at(At::Arg(a));
        match a {
            Arg::Dot { .. } => return self.validate_type(dot.clone(), ty),
            Arg::Nil { .. } => {
                if ty.nilable() {
                    return Ok(Val::new(Value::Nil));
                }
                return Err(self.errorf(format!("cannot assign nil to {}", ty.name())));
            }
            Arg::Field { .. }
            | Arg::Variable(_)
            | Arg::Pipe(_)
            | Arg::Identifier { .. }
            | Arg::Chain { .. } => {
                let v = self.eval_arg_val(dot, a)?;
                return self.validate_type(v, ty);
            }
            _ => {}
        }
        let found = || a.to_string();
        let v = match ty {
            Ty::Bool => match a {
                Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
                _ => Err(self.errorf(format!("expected bool; found {}", found()))),
            },
            Ty::Float64 => match a {
                Arg::Number { number, .. } if number.float.is_some() => {
                    Ok(Value::Float(number.float.unwrap_or_default()))
                }
                _ => Err(self.errorf(format!("expected float; found {}", found()))),
            },
            Ty::Int | Ty::Int64 => match a {
                Arg::Number { number, .. } if number.int.is_some() => {
                    let i = number.int.unwrap_or_default();
                    Ok(if ty == Ty::Int {
                        Value::Int(i)
                    } else {
                        Value::Int64(i)
                    })
                }
                _ => Err(self.errorf(format!("expected integer; found {}", found()))),
            },
            Ty::String => match a {
                Arg::String { text, .. } => Ok(Value::str(text)),
                _ => Err(self.errorf(format!("expected string; found {}", found()))),
            },
            Ty::Any | Ty::Reflect => return self.eval_arg_val(dot, a),
            _ => Err(self.errorf(format!(
                "can't handle {} for arg of type {}",
                found(),
                ty.name()
            ))),
        };
        v.map(Val::new)
    }
}

/// How an action prints its value: `<no value>` for nothing, else `fmt.Sprint`.
fn print_value(v: &Val) -> String {
    if v.is_invalid() {
        return "<no value>".into();
    }
    let mut s = String::new();
    let _ = write!(s, "{}", super::fmt::sprint_v(&v.v));
    s
}
