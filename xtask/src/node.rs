//! The Node tools in the root `package.json` (Pagefind for the search index; playwright-core
//! and axe-core for the browser tests), installed with `npm ci` when `node_modules` does not
//! match `package-lock.json`.

use std::path::Path;
use std::process::Command;

use crate::{run, Result};

/// Makes `node_modules` match the lock file, installing Node.js itself when it is missing.
pub fn ensure_packages(root: &Path) -> Result {
    if Command::new("npm").arg("--version").output().is_err() {
        apt_install(&["nodejs", "npm"])?;
    }
    let lock = std::fs::read(root.join("package-lock.json"))
        .map_err(|error| format!("cannot read package-lock.json: {error}"))?;
    // Remember the lock file we installed from; reinstall when it changes.
    let stamp = root.join("node_modules").join(".installed-from-lock");
    if std::fs::read(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(());
    }
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(root))?;
    std::fs::write(&stamp, lock).map_err(|error| format!("cannot write {}: {error}", stamp.display()))
}

/// Installs Debian packages; CI runs as root on a fresh machine, where this is the set-up.
pub fn apt_install(packages: &[&str]) -> Result {
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|output| output.stdout.starts_with(b"0\n"));
    if !is_root {
        return Err(format!(
            "{} is needed (install with: sudo apt-get install {})",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
