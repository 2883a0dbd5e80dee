//! Live reload for `serve`: a polling [`Watcher`] notices changed sources, the caller rebuilds,
//! and the [`Reloader`] tells open pages, which listen on a server-sent event stream, to reload
//! (or to show the build's diagnostics as an overlay until the next good build).
//!
//! Polling keeps this dependency-free and behaves the same on every file system; the trees
//! watched are small (a few hundred files), so a scan every 100 ms costs next to nothing.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use walkdir::WalkDir;

use crate::config::Config;
use crate::serve::SiteServer;

/// Where the event stream and the page script are served; outside any base path.
pub const EVENTS_PATH: &str = "/__dsguide/events";
pub const SCRIPT_PATH: &str = "/__dsguide/reload.js";
/// The page script, added to HTML responses only while serving with live reload.
pub const SCRIPT: &str = include_str!("reload.js");

/// The state of the latest build, numbered so each open page hears of each build once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Generation {
    number: u64,
    /// The diagnostics of a failed build; `None` after a good one.
    failure: Option<String>,
}

/// Shared between the rebuild loop and the server's event streams.
#[derive(Default)]
pub struct Reloader {
    latest: Mutex<Generation>,
    changed: Condvar,
}

impl Reloader {
    pub fn new() -> Arc<Self> {
        Arc::new(Reloader::default())
    }

    /// A build succeeded: open pages reload.
    pub fn built(&self) {
        self.publish(None);
    }

    /// A build failed: open pages show `diagnostics`.
    pub fn failed(&self, diagnostics: String) {
        self.publish(Some(diagnostics));
    }

    fn publish(&self, failure: Option<String>) {
        let mut latest = self.latest.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        latest.number += 1;
        latest.failure = failure;
        self.changed.notify_all();
    }

    fn current(&self) -> Generation {
        self.latest.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The next generation after `seen`, or `None` after `timeout` without one.
    fn next_after(&self, seen: u64, timeout: Duration) -> Option<Generation> {
        let latest = self.latest.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (latest, _) = self
            .changed
            .wait_timeout_while(latest, timeout, |latest| latest.number == seen)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (latest.number != seen).then(|| latest.clone())
    }

    /// A server-sent event stream for one page: the current failure at once if there is one,
    /// then an event per build, with a comment every 15 s so a closed page is noticed.
    pub fn stream(self: &Arc<Self>) -> EventStream {
        let current = self.current();
        let pending = match &current.failure {
            Some(diagnostics) => failure_event(diagnostics),
            None => b"retry: 500\n\n".to_vec(),
        };
        EventStream { reloader: Arc::clone(self), seen: current.number, pending: Some(pending) }
    }
}

fn failure_event(diagnostics: &str) -> Vec<u8> {
    let mut event = String::from("event: failed\n");
    for line in diagnostics.lines() {
        event.push_str("data: ");
        event.push_str(line);
        event.push('\n');
    }
    event.push('\n');
    event.into_bytes()
}

/// One open page's event stream.
pub struct EventStream {
    reloader: Arc<Reloader>,
    seen: u64,
    pending: Option<Vec<u8>>,
}

impl EventStream {
    /// The next event to send, waiting for a build; a comment every 15 s keeps the connection
    /// checked, so a closed page ends its stream.
    pub fn next_event(&mut self) -> Vec<u8> {
        if let Some(event) = self.pending.take() {
            return event;
        }
        match self.reloader.next_after(self.seen, Duration::from_secs(15)) {
            Some(generation) => {
                self.seen = generation.number;
                match &generation.failure {
                    Some(diagnostics) => failure_event(diagnostics),
                    None => b"event: reload\ndata: built\n\n".to_vec(),
                }
            }
            None => b": still here\n\n".to_vec(),
        }
    }

    /// Writes the response head and then events as they come, until the page goes away.
    pub fn send_to(mut self, mut writer: impl Write) -> io::Result<()> {
        writer.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        )?;
        loop {
            writer.write_all(&self.next_event())?;
            // Events must reach the page now, not when a buffer fills.
            writer.flush()?;
        }
    }
}

/// What a site's build reads: `site.yaml`, `content/`, `themes/`.
pub fn site_sources(config: &Config) -> Vec<PathBuf> {
    vec![config.root.join("site.yaml"), config.content_dir(), config.root.join("themes")]
}

/// Serves in the background and, every 100 ms, rebuilds through `rebuild` when a watched file
/// changed; `rebuild` gets the changed paths and returns the diagnostics as text on failure.
/// Open pages reload after a good build and show the diagnostics after a bad one. Never returns.
pub fn serve_and_rebuild(
    server: SiteServer,
    reloader: Arc<Reloader>,
    mut watcher: Watcher,
    mut rebuild: impl FnMut(&[PathBuf]) -> Result<(), String>,
) -> ! {
    std::thread::spawn(move || server.run());
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let changed = watcher.changes();
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        match rebuild(&changed) {
            Ok(()) => {
                eprintln!("rebuilt in {} ms after {} change(s)", started.elapsed().as_millis(), changed.len());
                reloader.built();
            }
            Err(diagnostics) => {
                eprint!("{diagnostics}");
                reloader.failed(diagnostics);
            }
        }
    }
}

/// Adds the reload script to an HTML page, before `</body>`.
pub fn inject_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script type=\"module\" src=\"{SCRIPT_PATH}\"></script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(index) => format!("{}{tag}{}", &text[..index], &text[index..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Modification times of every file under some roots; reports what changed between scans.
pub struct Watcher {
    roots: Vec<PathBuf>,
    snapshot: BTreeMap<PathBuf, SystemTime>,
}

impl Watcher {
    /// Watches `roots` (files or folders; missing ones are fine and may appear later).
    pub fn new(roots: Vec<PathBuf>) -> Self {
        let snapshot = scan(&roots);
        Watcher { roots, snapshot }
    }

    /// Files added, changed or removed since the last call, in path order.
    pub fn changes(&mut self) -> Vec<PathBuf> {
        let now = scan(&self.roots);
        let mut changed: Vec<PathBuf> = now
            .iter()
            .filter(|(path, time)| self.snapshot.get(*path) != Some(time))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(self.snapshot.keys().filter(|path| !now.contains_key(*path)).cloned());
        changed.sort();
        self.snapshot = now;
        changed
    }
}

fn scan(roots: &[PathBuf]) -> BTreeMap<PathBuf, SystemTime> {
    roots
        .iter()
        .flat_map(|root| WalkDir::new(root).into_iter().filter_map(Result::ok))
        .filter(|entry| entry.file_type().is_file() && !is_editor_temporary(entry.path()))
        .filter_map(|entry| Some((entry.path().to_path_buf(), entry.metadata().ok()?.modified().ok()?)))
        .collect()
}

/// Swap and backup files editors write beside the real one.
fn is_editor_temporary(path: &Path) -> bool {
    let name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    name.starts_with(".#") || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watcher_reports_added_changed_and_removed_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let mut watcher = Watcher::new(vec![dir.path().to_path_buf()]);
        assert!(watcher.changes().is_empty());
        let added = dir.path().join("b.md");
        std::fs::write(&added, "new").unwrap();
        std::fs::write(dir.path().join("a.md~"), "backup").unwrap();
        assert_eq!(watcher.changes(), vec![added.clone()]);
        std::fs::remove_file(&added).unwrap();
        assert_eq!(watcher.changes(), vec![added]);
        let later = SystemTime::now() + Duration::from_secs(5);
        std::fs::File::options().write(true).open(&file).unwrap().set_modified(later).unwrap();
        assert_eq!(watcher.changes(), vec![file]);
    }

    #[test]
    fn streams_failures_then_reloads() {
        let reloader = Reloader::new();
        reloader.failed("error: bad\n --> content/a.md:1:1".into());
        let mut stream = reloader.stream();
        assert_eq!(stream.next_event(), b"event: failed\ndata: error: bad\ndata:  --> content/a.md:1:1\n\n");
        reloader.built();
        assert_eq!(stream.next_event(), b"event: reload\ndata: built\n\n");
    }

    #[test]
    fn script_goes_before_the_end_of_the_body() {
        assert_eq!(
            inject_script(b"<body><p>x</p></body></html>"),
            b"<body><p>x</p><script type=\"module\" src=\"/__dsguide/reload.js\"></script>\n</body></html>".to_vec()
        );
    }
}
