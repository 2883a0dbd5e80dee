//! The browser tests: headless Chromium (Debian's package) driven by npm `playwright-core`,
//! against the built site served on 127.0.0.1. See ARCHITECTURE.md for why this driver.

use std::path::Path;
use std::process::Command;

use dsguide::live::{self, Reloader, Watcher};
use dsguide::serve::SiteServer;
use dsguide::Session;

use crate::node::{self, apt_install};
use crate::{copy, run, Result};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Installs what the tests need, then runs `tests/browser/site.test.mjs` against the built
/// site, and again against the same site built for the sub-path `/ds-guide/` (as on GitHub
/// Pages), each served on 127.0.0.1 with the site's own `_headers` (so under its CSP).
pub fn run_tests(root: &Path, config: &dsguide::Config) -> Result {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string());
    if !Path::new(&chromium).exists() {
        apt_install(&["chromium"])?;
    }
    node::ensure_packages(root)?;
    let tests_dir = root.join("tests").join("browser");

    let screenshots = root.join("target").join("browser-screenshots");
    run_suite(config, &tests_dir, &chromium, &screenshots)?;

    let mut sub_path = config.clone();
    sub_path.base_url = Some(SUB_PATH.to_string());
    sub_path.out_dir = root.join("target").join("dist-sub-path");
    dsguide::build(&sub_path).map_err(|diagnostics| diagnostics.to_string())?;
    run_suite(&sub_path, &tests_dir, &chromium, &screenshots.join("sub-path"))?;
    live_reload_suite(root, config, &tests_dir, &chromium)?;
    eprintln!("xtask: browser screenshots in {}", screenshots.display());
    Ok(())
}

/// Serves a copy of the site with `serve`'s rebuild loop and runs `live.test.mjs`, which edits
/// the copy's content and watches the open page react.
fn live_reload_suite(root: &Path, config: &dsguide::Config, tests_dir: &Path, chromium: &str) -> Result {
    let site = root.join("target").join("live-reload-site");
    if site.exists() {
        std::fs::remove_dir_all(&site).map_err(|error| format!("cannot clear {}: {error}", site.display()))?;
    }
    for part in ["content", "themes", "site.yaml"] {
        copy(&root.join(part), &site.join(part))?;
    }
    let mut live = config.clone();
    live.root = site.clone();
    live.out_dir = site.join("dist");
    let reloader = Reloader::new();
    let mut session = Session::new(live.clone());
    session.build().map_err(|diagnostics| diagnostics.to_string())?;
    let server = SiteServer::bind("127.0.0.1:0", &live.out_dir, "/")
        .map_err(|error| error.to_string())?
        .with_live_reload(reloader.clone());
    let url = server.url();
    let watcher = Watcher::new(live::site_sources(&live));
    // The loop never returns; it ends with the process.
    std::thread::spawn(move || {
        live::serve_and_rebuild(server, reloader, watcher, move |_| {
            session.build().map(drop).map_err(|diagnostics| diagnostics.to_string())
        })
    });
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .arg(tests_dir.join("live.test.mjs"))
        .env("LIVE_URL", &url)
        .env("LIVE_CONTENT", site.join("content"))
        .env("CHROMIUM", chromium)
        .current_dir(tests_dir))
}

/// The base path of the second run.
const SUB_PATH: &str = "/ds-guide/";

fn run_suite(config: &dsguide::Config, tests_dir: &Path, chromium: &str, screenshots: &Path) -> Result {
    let base_url = dsguide::SiteSettings::load(config).map_err(|diagnostic| diagnostic.to_string())?.base_url;
    let server = SiteServer::bind("127.0.0.1:0", &config.out_dir, &base_url).map_err(|error| error.to_string())?;
    let site_url = server.url();
    // The server thread ends with the process.
    std::thread::spawn(move || server.run());
    run(Command::new("node")
        .args(["--test", "--test-concurrency=1"])
        .arg(tests_dir.join("site.test.mjs"))
        .env("SITE_URL", &site_url)
        .env("CHROMIUM", chromium)
        .env("SCREENSHOTS", screenshots)
        .current_dir(tests_dir))
}
