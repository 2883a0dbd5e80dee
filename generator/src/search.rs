//! Search: Pagefind indexes the written pages (the text of each page's `data-pagefind-body`
//! element) into `pagefind/`, a set of small fragments and a wasm search engine that the
//! browser fetches on demand, so a static host needs no server. The theme's search dialog
//! (site.js) drives Pagefind's JavaScript API.

use std::io;
use std::path::Path;
use std::process::Command;

/// Indexes the site written in `site_dir` with the `pagefind` executable.
pub fn index(pagefind: &Path, site_dir: &Path) -> io::Result<()> {
    let output = Command::new(pagefind).arg("--site").arg(site_dir).arg("--output-subdir").arg("pagefind").output()?;
    if output.status.success() {
        remove_unused_ui(&site_dir.join("pagefind"))
    } else {
        Err(io::Error::other(format!(
            "{} failed: {}",
            pagefind.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// Pagefind also writes its ready-made search interfaces (about 430 KB); the theme has its
/// own, so they would only be dead weight on the host.
fn remove_unused_ui(bundle: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(bundle)? {
        let path = entry?.path();
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with("-ui.js") || name.ends_with("-ui.css") || name == "pagefind-highlight.js" {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}
