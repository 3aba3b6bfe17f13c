//! `kubectl stsplay template`: `helm template` reproduced. Reads the chart directory or
//! archive and values files from disk, prints what helm prints, and adds one line locating
//! a render error in its template.

use crate::helm::template::{ChartFiles, Source};
use crate::helm::{self, File};
use std::io::Write;
use std::path::Path;

/// Charts and values files on the local disk.
pub struct Disk;

/// Every regular file under `dir` (following symbolic links, as Helm's `sympath.Walk` does),
/// with paths relative to it.
pub fn read_dir(dir: &Path) -> Result<Vec<File>, String> {
    let mut out = Vec::new();
    walk(dir, "", &mut out, 0)?;
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<File>, depth: usize) -> Result<(), String> {
    if depth > 32 {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("error reading {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let path = e.path();
        let meta = std::fs::metadata(&path).map_err(|err| format!("error reading {rel}: {err}"))?;
        if meta.is_dir() {
            walk(&path, &rel, out, depth + 1)?;
        } else if meta.is_file() {
            if meta.len() > helm::chart::MAX_FILE_BYTES as u64 {
                return Err(format!(
                    "chart file {} is larger than the maximum file size {}",
                    crate::go::quote(&name),
                    helm::chart::MAX_FILE_BYTES
                ));
            }
            let data = std::fs::read(&path).map_err(|err| format!("error reading {rel}: {err}"))?;
            out.push(File::new(rel, data));
        }
    }
    Ok(())
}

impl Source for Disk {
    fn chart_files(&self, path: &str) -> Result<Option<ChartFiles>, String> {
        let p = Path::new(path);
        match std::fs::metadata(p) {
            Err(_) => Ok(None),
            Ok(m) if m.is_dir() => Ok(Some(ChartFiles::Directory(read_dir(p)?))),
            Ok(_) => {
                let bytes = std::fs::read(p).map_err(|e| e.to_string())?;
                Ok(Some(ChartFiles::Archive(bytes)))
            }
        }
    }
    fn absolute(&self, path: &str) -> String {
        let p = Path::new(path);
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        helm::chart::clean_path(&joined.to_string_lossy())
    }
    fn exists(&self, path: &str) -> bool {
        Path::new(path).exists()
    }
    /// No cluster: what helm says with no kubeconfig (client-go's default server).
    fn cluster(&self) -> Option<String> {
        Some(
            "Get \"http://localhost:8080/version\": dial tcp 127.0.0.1:8080: connect: connection refused"
                .into(),
        )
    }
    fn read(&self, path: &str) -> Result<String, String> {
        if path == "-" {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                .map_err(|e| e.to_string())?;
            return Ok(s);
        }
        std::fs::read_to_string(path).map_err(|_| format!("open {path}: no such file or directory"))
    }
}

/// One file `--output-dir` writes (`writeToFile`: the folders made as needed, the file
/// replaced or added to).
fn write_file(w: &helm::template::Written) -> std::io::Result<()> {
    let path = Path::new(&w.path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .append(w.append)
        .truncate(!w.append)
        .open(path)?;
    f.write_all(w.text.as_bytes())
}

/// Runs `template` with the words after it.
pub fn template(words: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let mut log = helm::values::Log::new();
    let (args, notices) = match crate::kubectl::helm::template_args(words, &mut log) {
        Ok(a) => a,
        Err(e) => {
            for line in log.iter().filter_map(|w| w.line(helm::Version::V4)) {
                let _ = writeln!(stderr, "{line}");
            }
            let _ = writeln!(stderr, "{}", e.text());
            return match e {
                crate::kubectl::helm::Refused::Usage(_) => super::EXIT_USAGE,
                crate::kubectl::helm::Refused::Failed(_) => super::EXIT_DIAGNOSTICS,
            };
        }
    };
    let _ = stderr.write_all(notices.as_bytes());
    // `cli::run_with` gives every command a stack deep enough for Helm's include limit.
    let mut written = Vec::new();
    let result = helm::template::run(&Disk, &args, &mut log, &mut written);
    for line in log.iter().filter_map(|w| w.line(args.version)) {
        let _ = writeln!(stderr, "{line}");
    }
    for w in &written {
        if let Err(e) = write_file(w) {
            let _ = writeln!(stderr, "Error: {e}");
            return super::EXIT_DIAGNOSTICS;
        }
    }
    match result {
        Ok(out) => {
            let _ = stdout.write_all(out.as_bytes());
            super::EXIT_OK
        }
        Err(f) => {
            if let Some(o) = &f.output {
                let _ = stdout.write_all(o.as_bytes());
            }
            let _ = stderr.write_all(crate::kubectl::helm::failure_text(&f).as_bytes());
            if let Some(l) = &f.location {
                // One line, as the contract has it: a cause of several lines (a `fail` with a
                // message block) is joined.
                let cause: Vec<&str> = l
                    .cause
                    .lines()
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .collect();
                let _ = writeln!(
                    stderr,
                    "{}:{}:{}: {}",
                    l.file,
                    l.line,
                    l.column,
                    cause.join(" ")
                );
            }
            super::EXIT_DIAGNOSTICS
        }
    }
}
