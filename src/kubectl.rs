//! A kubectl for the simulated cluster: commands people type in a StatefulSet lab (`get`,
//! `describe`, `exec`, `delete`, `scale`, `apply`, `patch`, `set image`, `rollout`, `wait`,
//! `logs`, `port-forward`), plus `minikube service`, `curl`, `sleep`, `help` and `clear`,
//! printing what real kubectl prints (see `../shared/spec/kubectl-output.md`). Pure: a
//! `Session` owns a `Simulation`, and `Session::run` turns one command line into output.

pub mod command;
pub mod complete;
pub mod describe;
pub mod exec;
pub mod get;
pub mod jsonpath;
pub mod objects;
pub mod resources;
pub mod session;
pub mod shellwords;
pub mod text;
pub mod yaml_out;

pub use session::{Output, Session};
