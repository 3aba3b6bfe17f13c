//! The shell language of the terminal and of containers' `sh -c`: a command line is parsed
//! once into a syntax tree (`syntax`, `parse`) and run against a `Host` that knows the
//! commands of its machine (`run`). The terminal (bash with kubectl, helm, minikube) and a
//! container (its image's `sh`) are two hosts of one interpreter, so quoting, pipes, `&&`,
//! redirections and loops behave alike in both. `utils` holds the text tools both have.

pub mod awk;
pub mod output;
pub mod parse;
pub mod run;
pub mod sed;
pub mod syntax;
pub mod utils;

pub use output::{Error, Output, Stream};
pub use parse::{Dialect, ParseError, parse};
pub use run::{Host, Vars};

/// Parses and runs `line` on `host`; a syntax error is printed as the host's shell prints it.
pub fn execute(line: &str, host: &mut dyn Host, vars: &mut Vars) -> Output {
    match parse(line) {
        Ok(list) => run::run(&list, host, vars),
        Err(e) => Output::err(e.message(host.dialect()), e.code()),
    }
}
