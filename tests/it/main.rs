//! The one integration-test binary (ripgrep style). Where new tests belong:
//!
//! - `yaml`   reading YAML: positions, go-yaml v2 scalar resolution, budgets for hostile input
//! - `schema` unknown, duplicate and mistyped fields (kubectl's strict field validation)
//! - `plan`   what the cluster would create: pods, PVCs, DNS (`stateful_set_utils.go`, the DNS specification)
//! - `validate` API-server validation (`ValidateStatefulSet`), Service validation, the update check
//! - `playground` time travel over the journal, scenarios and their steps, share links
//! - `sim`    the simulation: controller, kubelet, DNS scenarios and invariants (controller, kubelet prober, DNS)
//! - `editor` the editor model (indent, Enter, undo) and syntax colouring
//! - `cli`    `kubectl-stsplay` end to end: output, exit codes, bad input (static/docs/cli.md)
//! - `hostile` hostile input everywhere (YAML bombs, huge and binary files, absurd numbers,
//!   markup in names, broken share links, absurd terminal commands): a located error or a
//!   bounded, explained refusal, never a panic or a hang
//! - `sh`     the shell language on a test host: parsing, expansions, pipes, redirections, loops
//! - `shell`  the kubectl terminal: golden transcripts in `data/transcripts/*.txt`, replayed
//!   through `kubectl stsplay shell` (kubectl v1.36's output)
//! - `ui`     the page's reducer: messages, the effects it asks of the browser, shortcuts
//! - `tidy`   invariants of the code base itself (the core knows nothing of the outside world)
//!
//! Tests are data-driven: each module has one `check` helper, and each case is a line or two.
//! Expected outputs are `expect_test` snapshots: `UPDATE_EXPECT=1 cargo test` rewrites them.

mod cli;
mod editor;
mod helm;
mod hostile;
mod plan;
mod playground;
mod schema;
mod sh;
mod shell;
mod sim;
mod support;
mod tidy;
mod ui;
mod validate;
mod yaml;
