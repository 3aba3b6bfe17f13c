//! Golden transcripts of the kubectl terminal (issue #6): every `data/transcripts/*.txt` is a
//! session replayed through `kubectl stsplay shell` with commands piped in, compared byte for
//! byte. A transcript opens with comment lines naming its setup:
//!
//! ```text
//! # manifest: static/scenarios/lab.yaml      (repeatable; paths from the crate root)
//! # seed: 7                                  (optional, default 1)
//! # settle: true                             (optional: `--settle`)
//! # fault: web-0 crash                       (repeatable: `--fault`, in force from t=0)
//! # kubernetes-version: 1.27                 (optional: `--kubernetes-version`)
//! # helm-version: 3                          (optional: `--helm-version`, the terminal's helm)
//! ```
//!
//! then `$ command` lines (and `> ` lines after one: more of its input, a here-document's),
//! each followed by what the shell prints for it (stdout and stderr in
//! the order a terminal shows them, then `(exit status N)` when it failed). The expected output
//! follows kubectl v1.36's printers (`pkg/printers`, `pkg/describe`) and the tools' own sources. `UPDATE_EXPECT=1` rewrites the files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[test]
fn transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/data/transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/it/data/transcripts")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no transcripts in {}", dir.display());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in &files {
        let expected = std::fs::read_to_string(path).expect("read transcript");
        let actual = replay(&expected);
        if actual == expected {
            continue;
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if update {
            std::fs::write(path, &actual).expect("write transcript");
            eprintln!("updated {name}");
        } else {
            failures.push(format!(
                "--- {name} (expected)\n+++ {name} (actual)\n{}",
                unified_diff(&expected, &actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "transcripts differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

/// Replays the transcript's commands and returns the transcript as the shell writes it: its
/// header, then every `$ command` with its output.
fn replay(transcript: &str) -> String {
    let mut header = String::new();
    let mut commands = String::new();
    let mut argv: Vec<String> = vec!["shell".into()];
    let mut in_header = true;
    // `> ` lines right after a command are more of its input (a here-document's lines).
    let mut in_input = false;
    // After `kubectl exec -it ... -- sh`, `kubectl run -it ...` or `minikube ssh`, lines at a
    // shell's prompt in a container (`/data # `, `# `, `root@HOST:/# `) or on the node
    // (`docker@minikube:~$ `) are commands too, up to `exit`
    // (so a transcript avoids output lines that look like such a prompt there).
    let mut inside = false;
    for line in transcript.lines() {
        let more = if in_input {
            line.strip_prefix("> ").or((line == ">").then_some(""))
        } else {
            None
        };
        let at_container_prompt = || {
            line.split_once(" # ")
                .filter(|(dir, _)| dir.starts_with(['/', '~']) && !dir.contains(' '))
                .map(|(_, rest)| rest)
                .or_else(|| line.strip_prefix("# "))
                .or_else(|| {
                    let (prompt, rest) = line.split_once("# ")?;
                    (prompt.starts_with("root@") && prompt.contains(':')).then_some(rest)
                })
                // The minikube node's bash (`minikube ssh`).
                .or_else(|| {
                    let (prompt, rest) = line.split_once("$ ")?;
                    prompt.starts_with("docker@minikube:").then_some(rest)
                })
        };
        let contained = if inside { at_container_prompt() } else { None };
        if let Some(command) = line.strip_prefix("$ ").or(more).or(contained) {
            in_header = false;
            in_input = true;
            let words: Vec<&str> = command.split_whitespace().collect();
            inside = if contained.is_some() {
                !matches!(words.as_slice(), ["exit"] | ["exit", _])
            } else {
                line.starts_with("$ ") && words == ["minikube", "ssh"]
                    || line.starts_with("$ ")
                        && words.first() == Some(&"kubectl")
                        && matches!(words.get(1), Some(&"exec" | &"run"))
                        && (words.iter().any(|w| matches!(*w, "-it" | "-ti"))
                            || words.iter().any(|w| matches!(*w, "-i" | "--stdin"))
                                && words.iter().any(|w| matches!(*w, "-t" | "--tty")))
                    || inside && more.is_some()
            };
            commands.push_str(command);
            commands.push('\n');
            continue;
        }
        in_input = false;
        if in_header {
            header.push_str(line);
            header.push('\n');
            let setting = line.strip_prefix('#').map(str::trim).unwrap_or("");
            match setting.split_once(':').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("manifest", path)) => argv.extend(["-f".into(), path.into()]),
                Some(("chart", path)) => argv.extend(["--chart".into(), path.into()]),
                Some(("seed", n)) => argv.extend(["--seed".into(), n.into()]),
                Some(("settle", "true")) => argv.push("--settle".into()),
                Some(("fault", f)) => argv.extend(["--fault".into(), f.into()]),
                Some(("program", p)) => argv.extend(["--program".into(), p.into()]),
                Some(("image-tools", t)) => argv.extend(["--image-tools".into(), t.into()]),
                Some(("helm-version", v)) => argv.extend(["--helm-version".into(), v.into()]),
                Some(("kubernetes-version", v)) => {
                    argv.extend(["--kubernetes-version".into(), v.into()])
                }
                _ => {}
            }
        }
    }
    // Both streams into one buffer, in the order the shell writes them (as a terminal shows).
    let out = Shared::default();
    let code = stsplay::cli::run_with(
        &argv,
        &mut commands.as_bytes(),
        &mut out.clone(),
        &mut out.clone(),
        false,
    );
    let printed = String::from_utf8(std::mem::take(&mut *out.0.lock().expect("output")))
        .expect("UTF-8 output");
    assert_eq!(code, 0, "shell {argv:?} failed:\n{printed}");
    header + &printed
}

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A line diff in unified format (three lines of context), from a longest common subsequence.
fn unified_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The edit script: (tag, old index, new index, line).
    let mut ops: Vec<(char, usize, usize, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i, j, a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', i, j, a[i]));
            i += 1;
        } else {
            ops.push(('+', i, j, b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 3;
    let mut out = String::new();
    let mut k = 0;
    while k < ops.len() {
        if ops[k].0 == ' ' {
            k += 1;
            continue;
        }
        // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change
        // that is at most 2 * CONTEXT unchanged lines further on.
        let start = k.saturating_sub(CONTEXT);
        let mut end = k;
        let mut last_change = k;
        while end < ops.len() && end <= last_change + 2 * CONTEXT {
            if ops[end].0 != ' ' {
                last_change = end;
            }
            end += 1;
        }
        let end = (last_change + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let old_len = hunk.iter().filter(|o| o.0 != '+').count();
        let new_len = hunk.iter().filter(|o| o.0 != '-').count();
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            hunk[0].1 + 1,
            old_len,
            hunk[0].2 + 1,
            new_len
        ));
        for (tag, _, _, line) in hunk {
            out.push_str(&format!("{tag}{line}\n"));
        }
        k = end;
    }
    if old.ends_with('\n') != new.ends_with('\n') {
        out.push_str("\\ the files differ in their final newline\n");
    }
    out
}
