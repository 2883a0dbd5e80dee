//! Snapshot tests: the fixture sites under `tests/fixtures/` are built with the real theme and
//! each page's article (the rendered content, without the shared page frame) is compared with
//! its snapshot under `tests/snapshots/`. `cargo insta review` shows and accepts changes.

use std::path::{Path, PathBuf};

use dsguide::{build, Config};

mod common;

/// Copies fixture `name` and the default theme into a temporary site and builds it.
fn build_fixture(name: &str) -> tempfile::TempDir {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&manifest.join("tests/fixtures").join(name), dir.path());
    common::copy_tree(&common::default_theme(), &dir.path().join("themes/default"));
    let report = build(&Config::new(dir.path())).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    assert!(
        report.warnings.0.iter().all(|warning| warning.message.contains("has no built module")),
        "{}",
        report.warnings
    );
    dir
}

/// The `<article>` of a built page.
fn article(dir: &Path, page: &str) -> String {
    let html = std::fs::read_to_string(dir.join("dist").join(page)).unwrap();
    let start = html.find("<article").expect("a page has an article");
    let end = html.rfind("</article>").expect("the article ends") + "</article>".len();
    html[start..end].to_string()
}

#[test]
fn markdown_features() {
    let dir = build_fixture("markdown");
    for (name, page) in [("home", "index.html"), ("section", "notes/index.html"), ("lists", "notes/lists/index.html")] {
        insta::assert_snapshot!(format!("markdown_{name}"), article(dir.path(), page));
    }
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(dir.path().join("dist"))
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap().path().strip_prefix(dir.path().join("dist")).unwrap().to_path_buf())
        .filter(|path| path.extension().is_some_and(|extension| extension == "html"))
        .collect();
    insta::assert_debug_snapshot!("markdown_pages", pages);
}
