//! A kubectl for the simulated cluster, inside a terminal: the commands people type in a
//! StatefulSet lab (`kubectl get`, `describe`, `exec`, `delete`, `scale`, `apply`, `patch`,
//! `set image`, `rollout`, `wait`, `logs`, `port-forward`, `run`; `minikube service`,
//! `curl`, `sleep`), printing what the real tools print. Pure: a `Session` owns a
//! `Simulation`, and `Session::run` turns one command line into output.
//!
//! Layers, each importing only those below it: `terminal` (the host machine's command table
//! and `Session::run`) → `verbs`, `minikube` (the programs' verb tables and handlers) →
//! `container`, `net` (inside pods, and the network) → printers (`get`, `describe`,
//! `objects`, `yaml_out`, `jsonpath`, `text`) and `resources` → `registry` (the shape of a
//! verb table) and `session` (state). The shell language itself is `crate::shell`.

pub mod complete;
pub mod container;
pub mod describe;
pub mod get;
pub mod jsonpath;
pub mod minikube;
pub mod net;
pub mod objects;
pub mod registry;
pub mod resources;
pub mod session;
pub mod terminal;
pub mod text;
pub mod verbs;
pub mod yaml_out;

pub use crate::shell::Output;
pub use session::Session;
