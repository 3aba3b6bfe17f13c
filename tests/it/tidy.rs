//! Invariants of the code base, checked as tests (rust-analyzer style "tidy" tests).

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The front ends may do I/O; everything else is the pure core.
fn is_shell(rel: &str) -> bool {
    rel.starts_with("web")
        || rel.starts_with("cli")
        || rel.starts_with("bin/")
        || rel == "main.rs"
        || rel == "build.rs"
}

/// Code before the first `#[cfg(test)]` (unit tests may do what they like).
fn non_test_code(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

#[test]
fn core_knows_nothing_of_the_outside_world() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let forbidden = [
        ("yew", "the UI framework"),
        ("web_sys", "the DOM"),
        ("js_sys", "JavaScript"),
        ("gloo", "browser timers and storage"),
        ("wasm_bindgen", "JavaScript bindings"),
        ("std::fs", "the filesystem"),
        ("TcpStream", "the network"),
        ("TcpListener", "the network"),
        ("UdpSocket", "the network"),
        ("ToSocketAddrs", "the network"),
        ("std::process", "processes"),
        ("std::env", "the environment"),
        ("std::time", "the wall clock"),
        ("SystemTime", "the wall clock"),
        ("Instant::now", "the wall clock"),
        ("thread_rng", "unseeded randomness"),
        ("rand::random", "unseeded randomness"),
        ("getrandom", "unseeded randomness"),
        ("println!", "standard output"),
        ("eprintln!", "standard error"),
    ];
    let mut problems = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if is_shell(&rel) {
            continue;
        }
        let text = fs::read_to_string(f).expect("read");
        for (needle, what) in forbidden {
            if non_test_code(&text).contains(needle) {
                problems.push(format!(
                    "src/{rel} uses `{needle}` ({what}); the core must stay pure"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn core_does_not_unwrap() {
    // A panic in WebAssembly kills the page: the core handles every case instead.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "build.rs" {
            continue; // a build script may stop the build
        }
        let text = fs::read_to_string(f).expect("read");
        for (i, line) in non_test_code(&text).lines().enumerate() {
            if line.contains(".unwrap()")
                || line.contains(".expect(")
                || line.contains("panic!(")
                || line.contains("unreachable!(")
            {
                problems.push(format!("src/{rel}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "panicking calls outside tests:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_source_file_says_what_it_owns() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|f| !fs::read_to_string(f).expect("read").starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading //! line: {missing:?}"
    );
}

#[test]
fn architecture_md_names_every_module() {
    // Every file under src/ is in the code map: a top-level module by its path
    // (`src/sim.rs`), a file in a module's folder by its file name (`kubelet.rs`), one level
    // deeper by its folder (`verbs/`) and its file name or module name (`get`).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let arch = fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        let parts: Vec<&str> = rel.split('/').collect();
        let file = parts[parts.len() - 1];
        let stem = file.trim_end_matches(".rs");
        let named = match parts.len() {
            2 => arch.contains(&rel),
            3 => arch.contains(file),
            _ => {
                let folder = format!("{}/", parts[parts.len() - 2]);
                arch.contains(&folder)
                    && (arch.contains(file) || arch.contains(&format!("`{stem}`")))
            }
        };
        if !named {
            missing.push(rel);
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's codemap does not mention: {missing:?}"
    );
}

#[test]
fn nothing_cites_what_a_clone_cannot_follow() {
    // The specifications beside the repository are not part of it: cite the upstream source
    // (file and function) or the project's own docs instead.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "tests/it", "tests/e2e", "tests/bench", "static/docs"] {
        collect(&root.join(dir), &mut files);
    }
    for f in ["ARCHITECTURE.md", "README.md", "BENCHMARKS.md"] {
        files.push(root.join(f));
    }
    let mut problems = Vec::new();
    for f in &files {
        let Ok(text) = fs::read_to_string(f) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if line.contains(concat!("../", "shared/"))
                || line.contains(concat!("spec ", "§"))
                || line.contains(concat!("kubectl-output", ".md"))
            {
                problems.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_lint_has_its_page_and_its_row() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table =
        fs::read_to_string(root.join("static/docs/diagnostics.md")).expect("diagnostics.md");
    let mut problems = Vec::new();
    for (code, _, _) in stsplay::validate::lint::LINTS {
        if !root.join(format!("static/docs/lints/{code}.md")).is_file() {
            problems.push(format!("no static/docs/lints/{code}.md"));
        }
        if !table.contains(&format!("[`{code}`](lints/{code}.md)")) {
            problems.push(format!("no row for {code} in static/docs/diagnostics.md"));
        }
    }
    let pages = fs::read_dir(root.join("static/docs/lints")).expect("lints dir");
    for page in pages.flatten() {
        let name = page
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".md")
            .to_string();
        if !stsplay::validate::lint::LINTS
            .iter()
            .any(|(c, _, _)| *c == name)
        {
            problems.push(format!("static/docs/lints/{name}.md documents no lint"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every text file below `dir` (Rust, Markdown, JavaScript, YAML).
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("artifacts") {
                collect(&path, out);
            }
        } else if path
            .extension()
            .is_some_and(|e| ["rs", "md", "mjs", "yaml", "txt"].iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}
