//! `cargo xtask`: the project's build glue.
//!
//! - `build [--base-url URL]`: widgets -> wasm32 -> wasm-bindgen (-> wasm-opt) -> generator -> dist/
//! - `serve [--port N]`: build, then serve dist/ on 127.0.0.1
//! - `test`: everything CI checks, in order; stops at the first failure
//! - `bench`: generator throughput against Hugo and mdBook, page weight, serve reload latency
//!
//! Everything the commands need on a fresh machine (the wasm32 target, Chromium, the browser
//! test's npm packages) is installed here, so the README's two commands are the whole set-up.

mod bench;
mod browser;
mod node;
mod widgets;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use dsguide::live::{self, Reloader, Watcher};
use dsguide::serve::SiteServer;
use dsguide::Session;

type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str =
    "usage: cargo xtask <build [--base-url URL] | serve [--port N] [--base-url URL] | test | bench [models]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => option(&args, "--base-url").and_then(|base_url| build(base_url).map(drop)),
        Some("serve") => serve(&args),
        Some("test") => test(),
        Some("bench") if args.get(1).map(String::as_str) == Some("models") => bench::model_throughput(),
        Some("bench") => bench::run_all(&root()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The value after `flag`, if the flag is given.
fn option(args: &[String], flag: &str) -> Result<Option<String>> {
    match args.iter().position(|arg| arg == flag) {
        Some(index) => args.get(index + 1).cloned().map(Some).ok_or_else(|| format!("{flag} needs a value\n{USAGE}")),
        None => Ok(None),
    }
}

/// The workspace root (the xtask crate sits one folder below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives inside the workspace").to_path_buf()
}

/// The cargo that runs us, so a pinned toolchain stays pinned.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}

/// Copies a file or a folder tree.
pub fn copy(from: &Path, to: &Path) -> Result {
    if from.is_dir() {
        for entry in std::fs::read_dir(from).map_err(|error| format!("cannot read {}: {error}", from.display()))? {
            let entry = entry.map_err(|error| error.to_string())?;
            copy(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::create_dir_all(to.parent().unwrap_or(to)).map_err(|error| error.to_string())?;
        std::fs::copy(from, to).map(drop).map_err(|error| format!("cannot copy {}: {error}", from.display()))
    }
}

/// Runs `command`, failing with its description when it fails.
fn run(command: &mut Command) -> Result {
    let description = format!("{command:?}");
    eprintln!("xtask: $ {description}");
    let status = command.status().map_err(|error| format!("cannot run {description}: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{description} failed ({status})"))
    }
}

/// Builds the widgets and the site; returns the generator's config for callers that go on.
fn build(base_url: Option<String>) -> Result<dsguide::Config> {
    let started = Instant::now();
    let root = root();
    widgets::build(&root, &widgets::discover(&root)?)?;
    let config = site_config(&root, base_url)?;
    build_site(&config)?;
    eprintln!("xtask: full build in {:.1} s", started.elapsed().as_secs_f64());
    Ok(config)
}

/// The generator's config; installs the Node tools first, so the site gets its search index.
fn site_config(root: &Path, base_url: Option<String>) -> Result<dsguide::Config> {
    node::ensure_packages(root)?;
    let mut config = dsguide::Config::new(root);
    config.base_url = base_url;
    Ok(config)
}

/// Runs the generator; on failure the error is the diagnostics as the terminal shows them.
fn build_site(config: &dsguide::Config) -> Result {
    build_in(&mut Session::new(config.clone()))
}

/// One build of `session`, reported in the terminal.
fn build_in(session: &mut Session) -> Result {
    let report = session
        .build()
        .map_err(|diagnostics| format!("{diagnostics}the site has {} error(s)\n", diagnostics.error_count()))?;
    eprint!("{}", report.warnings);
    eprintln!(
        "xtask: built {} pages ({} files, {} KiB; {} written) into dist/",
        report.pages,
        report.files,
        report.bytes / 1024,
        report.written
    );
    Ok(())
}

/// Builds everything, serves it, and rebuilds what a change touches (a widget's crate, or the
/// site) with open pages reloading.
fn serve(args: &[String]) -> Result {
    let port = option(args, "--port")?.unwrap_or_else(|| "8000".into());
    let root = root();
    let widgets = widgets::discover(&root)?;
    widgets::build(&root, &widgets)?;
    let mut config = site_config(&root, option(args, "--base-url")?)?;
    // Authors see their drafts while writing.
    config.drafts = true;
    let reloader = Reloader::new();
    let mut session = Session::new(config.clone());
    if let Err(diagnostics) = build_in(&mut session) {
        eprint!("{diagnostics}");
        reloader.failed(diagnostics);
    }
    let base_url = dsguide::SiteSettings::load(&config).map_err(|diagnostic| diagnostic.to_string())?.base_url;
    let server = SiteServer::bind(&format!("127.0.0.1:{port}"), &config.out_dir, &base_url)
        .map_err(|error| error.to_string())?
        .with_live_reload(reloader.clone());
    eprintln!("xtask: serving the site at {} (rebuilds and reloads on change)", server.url());
    let mut watched = live::site_sources(&config);
    watched.push(root.join("widgets"));
    live::serve_and_rebuild(server, reloader, Watcher::new(watched), |changed| {
        let touched = widgets::touched_by(&root, &widgets, changed);
        if !touched.is_empty() {
            widgets::build(&root, &touched)?;
            eprintln!(
                "xtask: note: static figures and widget styles are compiled into xtask; restart it to see those change"
            );
        }
        build_in(&mut session)
    })
}

/// Everything CI checks, cheapest first.
fn test() -> Result {
    let started = Instant::now();
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))?;
    // The widgets' browser code only compiles for wasm32; lint it there too.
    widgets::ensure_wasm_target()?;
    let mut wasm_clippy = cargo();
    wasm_clippy.args(["clippy", "--locked", "--target", widgets::TARGET]);
    for widget in widgets::discover(&root())? {
        wasm_clippy.args(["--package", &widget]);
    }
    run(wasm_clippy.args(["--", "-D", "warnings"]))?;
    run(cargo().args(["test", "--workspace", "--locked"]))?;
    let config = build(None)?;
    let warnings = dsguide::check(&config).map_err(|diagnostics| diagnostics.to_string())?;
    if !warnings.is_empty() {
        return Err(format!("dsguide check found warnings:\n{warnings}"));
    }
    eprintln!("xtask: dsguide check: no errors, no warnings");
    browser::run_tests(&root(), &config)?;
    eprintln!("xtask: all checks passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}
