//! A static file server for the built site, on 127.0.0.1 unless told otherwise.
//!
//! It serves `dist/` under the site's base path (so a build for `/ds-guide/` is tried out as it
//! will be published), with MIME types by extension — `application/wasm` included, which
//! `WebAssembly.instantiateStreaming` requires. With live reload on, it also serves the
//! reload script and event stream of [`crate::live`] and adds the script to every HTML page.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use tiny_http::{Method, Request, Server};

use crate::headers::HeaderRules;
use crate::live::{self, Reloader};

pub struct SiteServer {
    server: Server,
    root: PathBuf,
    base_path: String,
    live: Option<Arc<Reloader>>,
}

impl SiteServer {
    /// Binds `address` (`127.0.0.1:0` picks a free port) to serve `root` under `base_path`.
    pub fn bind(address: &str, root: &Path, base_path: &str) -> io::Result<Self> {
        let server = Server::http(address).map_err(|error| {
            io::Error::new(io::ErrorKind::AddrNotAvailable, format!("cannot listen on {address}: {error}"))
        })?;
        Ok(SiteServer {
            server,
            root: root.to_path_buf(),
            base_path: crate::config::normalize_base_url(base_path),
            live: None,
        })
    }

    /// Open pages reload (or show diagnostics) when `reloader` hears of a build.
    pub fn with_live_reload(mut self, reloader: Arc<Reloader>) -> Self {
        self.live = Some(reloader);
        self
    }

    pub fn address(&self) -> Option<SocketAddr> {
        self.server.server_addr().to_ip()
    }

    /// The site's home page URL.
    pub fn url(&self) -> String {
        match self.address() {
            Some(address) => format!("http://{address}{}", self.base_path),
            None => self.base_path.clone(),
        }
    }

    /// Answers requests until the process ends, each on its own thread.
    pub fn run(&self) {
        std::thread::scope(|scope| {
            for request in self.server.incoming_requests() {
                scope.spawn(move || self.respond(request));
            }
        });
    }

    fn respond(&self, request: Request) -> io::Result<()> {
        let path = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
        match &self.live {
            Some(reloader) if path == live::EVENTS_PATH => {
                // An event stream stays open as long as the page, on this thread, written to the
                // raw connection.
                reloader.stream().send_to(request.into_writer())
            }
            Some(_) if path == live::SCRIPT_PATH => {
                send(request, Reply::new(200, "text/javascript; charset=utf-8", live::SCRIPT.as_bytes().to_vec()))
            }
            _ => {
                let reply = self.answer(&path);
                send(request, reply)
            }
        }
    }

    fn answer(&self, path: &str) -> Reply {
        match self.file_for(path) {
            Some(file) => match std::fs::read(&file) {
                Ok(mut bytes) => {
                    if self.live.is_some() && file.extension().is_some_and(|extension| extension == "html") {
                        bytes = live::inject_script(&bytes);
                    }
                    let mime = mime_guess::from_path(&file).first_or_octet_stream();
                    let content_type = if mime.type_() == "text" || mime.subtype() == "javascript" {
                        format!("{mime}; charset=utf-8")
                    } else {
                        mime.to_string()
                    };
                    self.with_site_headers(
                        Reply::new(200, &content_type, bytes).header("Cache-Control", "no-cache"),
                        path,
                    )
                }
                Err(_) => Reply::new(404, "text/plain; charset=utf-8", b"not found".to_vec()),
            },
            None if path == "/" && self.base_path != "/" => {
                Reply::new(302, "text/plain; charset=utf-8", Vec::new()).header("Location", &self.base_path)
            }
            None => {
                let mut page = std::fs::read(self.root.join("404.html")).unwrap_or_else(|_| {
                    b"<!doctype html><title>Not found</title><body><h1>Not found</h1></body>".to_vec()
                });
                if self.live.is_some() {
                    // A page that is missing because the build failed shows why.
                    page = live::inject_script(&page);
                }
                self.with_site_headers(Reply::new(404, "text/html; charset=utf-8", page), path)
            }
        }
    }

    /// Adds the headers the site's `_headers` file gives `path` (read per request, so a
    /// rebuild takes effect at once), except caching: local pages must always be fresh.
    fn with_site_headers(&self, mut reply: Reply, path: &str) -> Reply {
        let rules = HeaderRules::parse(&std::fs::read_to_string(self.root.join("_headers")).unwrap_or_default());
        for (name, value) in rules.for_path(path) {
            if !name.eq_ignore_ascii_case("Cache-Control") {
                reply = reply.header(name, value);
            }
        }
        reply
    }

    /// The file a URL path names, if it exists under the root and inside the base path.
    fn file_for(&self, url_path: &str) -> Option<PathBuf> {
        let within = url_path.strip_prefix(self.base_path.trim_end_matches('/'))?;
        let decoded = percent_decode(within)?;
        let relative = Path::new(decoded.trim_start_matches('/'));
        if relative.components().any(|component| !matches!(component, Component::Normal(_))) {
            return None;
        }
        let candidate = self.root.join(relative);
        if candidate.is_dir() {
            let index = candidate.join("index.html");
            return index.is_file().then_some(index);
        }
        candidate.is_file().then_some(candidate)
    }
}

/// A whole response: status, headers and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply { status, headers: vec![("Content-Type".into(), content_type.into())], body }
    }

    fn header(mut self, name: &str, value: &str) -> Reply {
        // Header values come from our own code and the site's `_headers`; a line break in one
        // would split the response, so such a header is left out.
        if !name.contains(['\r', '\n', ':']) && !value.contains(['\r', '\n']) {
            self.headers.push((name.to_string(), value.to_string()));
        }
        self
    }
}

/// Writes the reply on the raw connection with `Connection: close`. tiny_http 0.12 serves each
/// connection on a pooled worker for as long as the client keeps it alive, and its pool can
/// leave a newly accepted connection queued until another connection ends (two connections
/// accepted while one worker waits: the second wake-up is lost). With two browser pages open,
/// that held a page's script for 30 s in the browser tests. Closing every connection after its
/// reply frees the worker at once, so nothing waits behind an idle keep-alive connection.
fn send(request: Request, reply: Reply) -> io::Result<()> {
    let head_only = *request.method() == Method::Head;
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", reply.body.len()));
    let mut writer = request.into_writer();
    writer.write_all(head.as_bytes())?;
    if !head_only {
        writer.write_all(&reply.body)?;
    }
    writer.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        404 => "Not Found",
        _ => "",
    }
}

/// `%20` -> space; `None` for malformed escapes or non-UTF-8 results.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_urls_to_files_inside_the_root_only() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("a")).unwrap();
        std::fs::write(root.path().join("a/index.html"), "a").unwrap();
        std::fs::write(root.path().join("w.wasm"), "w").unwrap();
        let server = SiteServer::bind("127.0.0.1:0", root.path(), "/guide/").unwrap();
        assert_eq!(server.file_for("/guide/a/"), Some(root.path().join("a/index.html")));
        assert_eq!(server.file_for("/guide/w.wasm"), Some(root.path().join("w.wasm")));
        assert_eq!(server.file_for("/guide/../etc/passwd"), None);
        assert_eq!(server.file_for("/guide/%2e%2e/x"), None);
        assert_eq!(server.file_for("/a/"), None, "outside the base path");
        assert_eq!(mime_guess::from_path("x.wasm").first_or_octet_stream().as_ref(), "application/wasm");
    }
}
