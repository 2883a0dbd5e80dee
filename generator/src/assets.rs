//! Static files with a content hash in their name, so a CDN can cache them for a year: the
//! theme's `static/` files become `assets/NAME.HASH.EXT`, and each built widget module goes to
//! `widgets/NAME-HASH/` (a hashed folder keeps wasm-bindgen's file names, which its JS glue
//! refers to). Text assets and wasm also get `.gz` and `.br` siblings for hosts that serve
//! precompressed files.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::Files;
use crate::theme::{Theme, STYLESHEET};

/// The published assets and where each one is.
#[derive(Default)]
pub struct Assets {
    /// Theme file name (`style.css`) -> URL (`/assets/style.1a2b3c4d5e.css`).
    pub theme: BTreeMap<String, String>,
    /// Widget name -> URL of its ES module (`/widgets/quorum-1a2b3c4d5e/quorum.js`).
    pub widget_modules: BTreeMap<&'static str, String>,
    pub files: Files,
}

/// Hex digits of the content hash kept in file names: 40 bits, plenty to tell versions apart.
const HASH_LENGTH: usize = 10;

impl Assets {
    /// Fingerprints the theme's static files (the stylesheet extended with every widget's
    /// styles) and the widget modules found under `config.widgets_dir`.
    pub fn collect(config: &Config, theme: &Theme, base_url: &str) -> Result<Assets, Diagnostic> {
        let base = base_url.trim_end_matches('/');
        let mut assets = Assets::default();
        for (path, mut bytes) in theme.static_files()? {
            if path == Path::new(STYLESHEET) {
                for widget in catalog::WIDGETS {
                    bytes.extend_from_slice(format!("\n/* widget: {} */\n", widget.name).as_bytes());
                    bytes.extend_from_slice(widget.stylesheet.as_bytes());
                }
            }
            let published = PathBuf::from("assets").join(fingerprinted_name(&path, &bytes));
            assets
                .theme
                .insert(crate::theme::url_path(&path), format!("{base}/{}", crate::theme::url_path(&published)));
            assets.files.insert(published, bytes);
        }
        for widget in catalog::WIDGETS {
            let modules = read_widget_module(&config.widgets_dir.join(widget.name));
            if modules.is_empty() {
                continue;
            }
            let mut hasher = Sha256::new();
            for (name, bytes) in &modules {
                hasher.update(name.as_bytes());
                hasher.update(bytes);
            }
            let folder = format!("{}-{}", widget.name, &hex(&hasher.finalize())[..HASH_LENGTH]);
            assets.widget_modules.insert(widget.name, format!("{base}/widgets/{folder}/{}.js", widget.name));
            for (name, bytes) in modules {
                assets.files.insert(PathBuf::from("widgets").join(&folder).join(name), bytes);
            }
        }
        Ok(assets)
    }
}

/// The files of a built widget (`NAME.js`, `NAME_bg.wasm`), in name order; none when the
/// widget was not built.
fn read_widget_module(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| Some((entry.file_name().into_string().ok()?, std::fs::read(entry.path()).ok()?)))
        .collect();
    files.sort();
    files
}

/// `style.css` with contents hashing to 1a2b... -> `style.1a2b3c4d5e.css`.
fn fingerprinted_name(path: &Path, bytes: &[u8]) -> PathBuf {
    let hash = hex(&Sha256::digest(bytes));
    let stem = path.file_stem().map(|stem| stem.to_string_lossy()).unwrap_or_default();
    let name = match path.extension() {
        Some(extension) => format!("{stem}.{}.{}", &hash[..HASH_LENGTH], extension.to_string_lossy()),
        None => format!("{stem}.{}", &hash[..HASH_LENGTH]),
    };
    path.with_file_name(name)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Adds `.gz` and `.br` siblings of every text or wasm file under `assets/` and `widgets/`,
/// reusing those of `previous` (the last build's output) where the file is unchanged.
pub fn add_compressed_siblings(files: &mut Files, previous: Option<&Files>) {
    let compressible = |path: &Path| {
        let published = path.starts_with("assets") || path.starts_with("widgets");
        let text = path.extension().is_some_and(|extension| {
            ["css", "js", "svg", "wasm", "json", "txt", "xml"].contains(&&*extension.to_string_lossy())
        });
        published && text
    };
    let siblings: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .filter(|(path, _)| compressible(path))
        .flat_map(|(path, bytes)| {
            let (gz, br) = (with_suffix(path, "gz"), with_suffix(path, "br"));
            let reused = previous.filter(|previous| previous.get(path) == Some(bytes)).and_then(|previous| {
                Some([(gz.clone(), previous.get(&gz)?.clone()), (br.clone(), previous.get(&br)?.clone())])
            });
            reused.unwrap_or_else(|| [(gz, gzip(bytes)), (br, brotli(bytes))])
        })
        .collect();
    files.extend(siblings);
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    // Writing into a Vec cannot fail; `mtime` stays 0 so output is deterministic.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_content_hash() {
        let name = fingerprinted_name(Path::new("style.css"), b"body{}");
        let text = name.to_string_lossy();
        assert!(
            text.starts_with("style.") && text.ends_with(".css") && text.len() == "style..css".len() + HASH_LENGTH,
            "{text}"
        );
        assert_ne!(name, fingerprinted_name(Path::new("style.css"), b"body{ }"));
    }

    #[test]
    fn compressed_siblings_decompress_to_the_original() {
        let mut files = Files::new();
        files.insert(PathBuf::from("assets/a.css"), b"body { color: red } ".repeat(50));
        files.insert(PathBuf::from("index.html"), b"<p>".to_vec());
        add_compressed_siblings(&mut files, None);
        let names: Vec<_> = files.keys().map(|path| path.to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["assets/a.css", "assets/a.css.br", "assets/a.css.gz", "index.html"]);
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&files[Path::new("assets/a.css.gz")][..]),
            &mut unzipped,
        )
        .unwrap();
        assert_eq!(unzipped, files[Path::new("assets/a.css")]);
        let mut unbrotlied = Vec::new();
        brotli::BrotliDecompress(&mut &files[Path::new("assets/a.css.br")][..], &mut unbrotlied).unwrap();
        assert_eq!(unbrotlied, files[Path::new("assets/a.css")]);
    }
}
