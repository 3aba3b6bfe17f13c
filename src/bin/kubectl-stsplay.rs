//! The `kubectl-stsplay` binary: `kubectl stsplay ...`. All logic lives in `stsplay::cli`.

/// mimalloc rather than the C library's allocator: see Cargo.toml.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // args_os: an argument that is not valid Unicode must not panic.
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let code = stsplay::cli::run(
        &argv,
        &mut std::io::stdin(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    std::process::exit(code);
}

/// The plugin is a native program; a WebAssembly build of the package has no use for it.
#[cfg(target_arch = "wasm32")]
fn main() {}
