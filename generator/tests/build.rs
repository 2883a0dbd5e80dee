//! Builds small sites written inline, each in a fresh temporary folder with the real default
//! theme, and checks the output or the exact diagnostics.

use std::path::Path;

use dsguide::{build, check, Config};

mod common;

const SITE_YAML: &str = "title: Test site\n";

/// A site made of `files` (path -> contents) plus `site.yaml`, the default theme and a
/// stand-in for the built quorum widget module.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site.yaml", SITE_YAML);
    write(dir.path(), "target/widgets/quorum/quorum.js", "export default async function init() {}\n");
    write(dir.path(), "target/widgets/quorum/quorum_bg.wasm", "\0asm");
    for (path, contents) in files {
        write(dir.path(), path, contents);
    }
    common::copy_tree(&common::default_theme(), &dir.path().join("themes/default"));
    dir
}

fn write(root: &Path, path: &str, contents: &str) {
    let target = root.join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, contents).unwrap();
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The diagnostics of a failing build, as the CLI prints them. The site is first built
/// without `files` (just a home page), and the failing build must leave that output as it was.
fn errors(files: &[(&str, &str)]) -> String {
    let dir = site(&[HOME]);
    let config = Config::new(dir.path());
    build(&config).expect("the home page alone builds");
    let before = output_of(dir.path());
    for (path, contents) in files {
        write(dir.path(), path, contents);
    }
    let diagnostics = build(&config).expect_err("the build should fail");
    assert!(output_of(dir.path()) == before, "a failed build leaves dist/ exactly as it was");
    diagnostics.to_string()
}

/// Every file under `dist/` with its bytes, in path order.
fn output_of(root: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(root.join("dist"))
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| (entry.path().to_path_buf(), std::fs::read(entry.path()).unwrap()))
        .collect()
}

const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
const SECTION: (&str, &str) =
    ("content/algorithms/_index.md", "---\ntitle: Algorithms\nweight: 10\n---\nThe algorithms.\n");

const QUORUM_PAGE: &str = "---
title: Quorums
summary: Reads and writes that overlap.
weight: 20
---

## Why

```widget quorum
replicas: 5
write_quorum: 3
read_quorum: 2
```

```rust
fn main() {}
```

## Why

Back [home](../_index.md).
";

#[test]
fn builds_pages_sections_widgets_and_links() {
    let dir = site(&[
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome. Read [quorums](algorithms/quorum.md#why).\n"),
        SECTION,
        ("content/algorithms/quorum.md", QUORUM_PAGE),
        ("content/algorithms/raft.md", "---\ntitle: Raft\nweight: 30\ndraft: true\n---\nSoon.\n"),
    ]);
    let report = build(&Config::new(dir.path())).unwrap();
    assert_eq!(report.pages, 3, "the draft is left out");
    assert!(!dir.path().join("dist/algorithms/raft/index.html").exists());

    let home = read(dir.path(), "dist/index.html");
    assert!(home.contains(r#"<a href="/algorithms/quorum/#why">quorums</a>"#), "links are rewritten");
    assert!(home.contains(r#"<a href="/algorithms/">Algorithms</a>"#), "the sidebar lists sections");
    assert!(
        home.contains(r#"<p class="card-pages"><a href="/algorithms/quorum/">Quorums</a></p>"#),
        "the home page maps every section with its pages: {home}"
    );

    let page = read(dir.path(), "dist/algorithms/quorum/index.html");
    assert!(page.contains(r##"<h2 id="why">Why</h2><a class="heading-anchor" href="#why""##), "{page}");
    assert!(page.contains(r##"<h2 id="why-1">Why</h2><a class="heading-anchor" href="#why-1""##), "unique heading ids");
    assert!(page
        .contains(r#"<figure class="widget" id="widget-quorum-1" data-widget="quorum" data-module="/widgets/quorum-"#));
    assert!(page.contains(r#" data-config="{&quot;replicas&quot;:5,&quot;write_quorum&quot;:3,&quot;read_quorum&quot;:2,&quot;down&quot;:[],&quot;sloppy&quot;:false,&quot;seed&quot;:1}">"#));
    assert!(page.contains("Reads may be stale"), "the figure holds the static rendering");
    assert!(page.contains(r#"<script type="module" src="/assets/loader."#), "pages with widgets load the loader");
    assert!(page.contains("hl-"), "code is highlighted into classes");
    assert!(page.contains(r#"Back <a href="/">home</a>"#), "a link to _index.md leads to the section's URL");
    assert!(!home.contains("loader.js"), "pages without widgets do not");

    let stylesheet =
        page.split(r#"<link rel="stylesheet" href="/"#).nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    let css = read(dir.path(), &format!("dist/{stylesheet}"));
    assert!(
        css.contains("/* widget: quorum */") && css.contains(".hl-comment"),
        "one stylesheet with code and widget styles"
    );
    assert!(
        dir.path().join(format!("dist/{stylesheet}.br")).exists()
            && dir.path().join(format!("dist/{stylesheet}.gz")).exists()
    );
    let module = page.split(r#"data-module="/"#).nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    assert!(module.starts_with("widgets/quorum-") && dir.path().join("dist").join(module).exists(), "{module}");
    assert!(read(dir.path(), "dist/_headers")
        .contains("Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"));
}

#[test]
fn base_url_prefixes_every_link() {
    let dir = site(&[HOME, SECTION, ("content/algorithms/quorum.md", QUORUM_PAGE)]);
    let mut config = Config::new(dir.path());
    config.base_url = Some("ds-guide".into());
    build(&config).unwrap();
    let page = read(dir.path(), "dist/algorithms/quorum/index.html");
    assert!(page.contains(r#"href="/ds-guide/assets/style."#));
    assert!(page.contains(r#" data-module="/ds-guide/widgets/quorum-"#));
    assert!(page.contains(r#"<a href="/ds-guide/">home</a>"#));
}

#[test]
fn misspelled_widget_key_names_file_line_and_fix() {
    let page = QUORUM_PAGE.replace("write_quorum: 3", "write_qorum: 3");
    assert_eq!(
        errors(&[HOME, SECTION, ("content/algorithms/quorum.md", &page)]),
        "error: invalid `quorum` widget config: unknown field `write_qorum`, expected one of `replicas`, `write_quorum`, `read_quorum`, `down`, `sloppy`, `latency`, `seed`
  --> content/algorithms/quorum.md:11:1
   |
11 | write_qorum: 3
   | ^
   = hint: did you mean `write_quorum`?
\n"
    );
}

#[test]
fn out_of_range_widget_value_names_its_line() {
    let page = QUORUM_PAGE.replace("read_quorum: 2", "read_quorum: 9");
    let errors = errors(&[HOME, SECTION, ("content/algorithms/quorum.md", &page)]);
    assert!(errors.starts_with("error: invalid `quorum` widget config: read_quorum must be between 1 and replicas (5), not 9\n  --> content/algorithms/quorum.md:12:1\n"), "{errors}");
}

#[test]
fn unknown_widget_suggests_the_closest_name() {
    let page = QUORUM_PAGE.replace("widget quorum", "widget qourum");
    assert_eq!(
        errors(&[HOME, SECTION, ("content/algorithms/quorum.md", &page)]),
        "error: unknown widget `qourum`
 --> content/algorithms/quorum.md:9:11
  |
9 | ```widget qourum
  |           ^
  = hint: did you mean `quorum`?
\n"
    );
}

#[test]
fn a_preview_is_the_widgets_still_picture_and_loads_nothing() {
    let page = QUORUM_PAGE.replace("widget quorum", "widget quorum preview");
    let dir = site(&[HOME, SECTION, ("content/algorithms/quorum.md", &page)]);
    build(&Config::new(dir.path())).unwrap();
    let html = read(dir.path(), "dist/algorithms/quorum/index.html");
    assert!(html.contains(r#"<figure class="widget-preview" id="preview-quorum-1" data-preview="quorum">"#), "{html}");
    assert!(html.contains("<div class=\"widget-body\" inert data-pagefind-ignore>"), "not focusable, not indexed");
    assert!(html.contains("Reads may be stale"), "the static rendering");
    assert!(!html.contains("data-module") && !html.contains("loader."), "never mounted");
}

#[test]
fn an_unknown_widget_option_is_named_with_the_one_there_is() {
    let page = QUORUM_PAGE.replace("widget quorum", "widget quorum thumbnail");
    assert_eq!(
        errors(&[HOME, SECTION, ("content/algorithms/quorum.md", &page)]),
        "error: unknown widget option `thumbnail`
 --> content/algorithms/quorum.md:9:18
  |
9 | ```widget quorum thumbnail
  |                  ^
  = hint: the one option after the widget's name is `preview`: the widget's initial state as a still picture
\n"
    );
}

#[test]
fn every_problem_of_a_run_is_reported_together() {
    let page = QUORUM_PAGE
        .replace("[home](../_index.md)", "[home](../home.md) [bad](bad.md)")
        .replace("replicas: 5", "replicas: 50");
    let errors = errors(&[
        HOME,
        SECTION,
        ("content/algorithms/quorum.md", &page),
        ("content/algorithms/bad.md", "---\ntitle: [unclosed\n---\n"),
    ]);
    // A link to a file that failed to load is not reported a second time.
    assert_eq!(errors.matches("does not exist").count(), 1, "{errors}");
    assert!(errors.contains(" --> content/algorithms/bad.md:2:"), "{errors}");
    assert!(
        errors.contains(
            "error: link to a page that does not exist: `../home.md`\n  --> content/algorithms/quorum.md:21:6\n"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("replicas must be between 1 and 15, not 50\n  --> content/algorithms/quorum.md:10:1"),
        "{errors}"
    );
}

#[test]
fn pages_need_a_section_index() {
    assert_eq!(
        errors(&[HOME, ("content/storage/sharding.md", "---\ntitle: Sharding\n---\n")]),
        "error: `storage/sharding.md` is in a folder without a section index\n --> content/storage/sharding.md\n = hint: create content/storage/_index.md with a title for the section\n\n"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = site(&[HOME]);
    build(&Config::new(dir.path())).unwrap();
    let before = read(dir.path(), "dist/index.html");
    write(dir.path(), "content/_index.md", "---\ntitle: Home\nweight: heavy\n---\n");
    build(&Config::new(dir.path())).unwrap_err();
    assert_eq!(read(dir.path(), "dist/index.html"), before);
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
    assert!(leftovers.iter().all(|name| !name.starts_with(".dist.retired")), "{leftovers:?}");
}

#[test]
fn check_reports_without_writing() {
    let dir = site(&[HOME]);
    assert!(check(&Config::new(dir.path())).unwrap().is_empty());
    assert!(!dir.path().join("dist").exists());
}

#[test]
fn output_is_deterministic() {
    let dir = site(&[HOME, SECTION, ("content/algorithms/quorum.md", QUORUM_PAGE)]);
    let config = Config::new(dir.path());
    build(&config).unwrap();
    let first = output_of(dir.path());
    build(&config).unwrap();
    assert!(first == output_of(dir.path()), "two builds of the same tree are byte-identical");
}

#[test]
fn anchors_must_name_a_heading_of_their_page() {
    let home =
        "---\ntitle: Home\n---\n[ok](algorithms/quorum.md#why) [typo](algorithms/quorum.md#wyh) [here](#nowhere)\n";
    assert_eq!(
        errors(&[("content/_index.md", home), SECTION, ("content/algorithms/quorum.md", QUORUM_PAGE)]),
        "error: no heading `#wyh` in content/algorithms/quorum.md
 --> content/_index.md:4:32
  |
4 | [ok](algorithms/quorum.md#why) [typo](algorithms/quorum.md#wyh) [here](#nowhere)
  |                                ^
  = hint: did you mean `#why`?

error: no heading `#nowhere` in content/_index.md
 --> content/_index.md:4:65
  |
4 | [ok](algorithms/quorum.md#why) [typo](algorithms/quorum.md#wyh) [here](#nowhere)
  |                                                                 ^
  = hint: heading ids are the heading text in lower case, words joined by `-`

"
    );
}

#[test]
fn prerequisites_are_checked_links_shown_with_their_titles() {
    let raft = "---\ntitle: Raft\nprerequisites:\n  - quorum.md\nupdated: 2026-11-24\n---\nBody.\n";
    let dir =
        site(&[HOME, SECTION, ("content/algorithms/quorum.md", QUORUM_PAGE), ("content/algorithms/raft.md", raft)]);
    build(&Config::new(dir.path())).unwrap();
    let page = read(dir.path(), "dist/algorithms/raft/index.html");
    assert!(page.contains(r#"<a href="/algorithms/quorum/">Quorums</a>"#), "{page}");
    assert!(page.contains(r#"<time datetime="2026-11-24">"#));

    let broken = raft.replace("quorum.md", "qorum.md");
    assert_eq!(
        errors(&[
            HOME,
            SECTION,
            ("content/algorithms/quorum.md", QUORUM_PAGE),
            ("content/algorithms/raft.md", &broken)
        ]),
        "error: link to a page that does not exist: `qorum.md`
 --> content/algorithms/raft.md:4:5
  |
4 |   - qorum.md
  |     ^
  = hint: did you mean `content/algorithms/quorum.md`? (links are relative to algorithms/raft.md)

"
    );
}

#[test]
fn math_becomes_mathml_and_callouts_become_asides() {
    let page = "---\ntitle: Home\n---\nInline $R + W > N$, a price of $5, and\n\n$$p = \\binom{N-W}{R} / \\binom{N}{R}$$\n\n> [!WARNING]\n> Sloppy quorums break the overlap.\n";
    let dir = site(&[("content/_index.md", page)]);
    build(&Config::new(dir.path())).unwrap();
    let html = read(dir.path(), "dist/index.html");
    assert!(html.contains(r#"<math display="inline"><mi>R</mi><mo>+</mo><mi>W</mi><mo>></mo>"#), "{html}");
    assert!(html.contains(r#"<math display="block">"#), "{html}");
    assert!(html.contains("a price of $5"), "{html}");
    assert!(
        html.contains(r#"<aside class="callout callout-warning" role="note"><p class="callout-title">Warning</p>"#),
        "{html}"
    );
}

#[test]
fn bad_math_is_an_error_at_its_line() {
    let errors = errors(&[(
        "content/_index.md",
        "---\ntitle: Home\n---\nFine $x$.\n\nBroken $\\nosuchcommand{x}$ here, and $y unclosed.\n",
    )]);
    assert!(
        errors.starts_with("error: invalid math: unknown primitive command found\n --> content/_index.md:6:8\n"),
        "{errors}"
    );
    assert!(errors.contains("error: unterminated math span\n --> content/_index.md:6:38\n"), "{errors}");
    assert!(
        errors.contains(
            "= hint: close the formula with `$` (braces inside it must balance), or write `\\$` for a dollar sign"
        ),
        "{errors}"
    );
}

#[test]
fn publishes_404_robots_sitemap_breadcrumbs_and_sharing_metadata() {
    let dir = site(&[HOME, SECTION, ("content/algorithms/quorum.md", QUORUM_PAGE)]);
    write(dir.path(), "site.yaml", "title: Test site\nurl: https://guide.example.com/\n");
    let mut config = Config::new(dir.path());
    config.base_url = Some("/ds-guide/".into());
    build(&config).unwrap();
    assert!(read(dir.path(), "dist/404.html").contains("<h1>Page not found</h1>"));
    assert_eq!(
        read(dir.path(), "dist/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://guide.example.com/ds-guide/sitemap.xml\n"
    );
    let sitemap = read(dir.path(), "dist/sitemap.xml");
    assert!(
        sitemap.contains("<url><loc>https://guide.example.com/ds-guide/algorithms/quorum/</loc></url>"),
        "{sitemap}"
    );
    let page = read(dir.path(), "dist/algorithms/quorum/index.html");
    assert!(
        page.contains(
            r#"<li><a href="/ds-guide/">Home</a></li><li><a href="/ds-guide/algorithms/">Algorithms</a></li>"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"<link rel="canonical" href="https://guide.example.com/ds-guide/algorithms/quorum/">"#));
    assert!(page.contains(r#"<meta property="og:description" content="Reads and writes that overlap.">"#));
}

#[test]
fn site_url_must_be_an_origin() {
    let dir = site(&[HOME]);
    write(dir.path(), "site.yaml", "title: Test site\nurl: guide.example.com/docs\n");
    assert_eq!(
        build(&Config::new(dir.path())).unwrap_err().to_string(),
        "error: `url` must be an origin such as https://guide.example.com, not `guide.example.com/docs`\n --> site.yaml:2:1\n  |\n2 | url: guide.example.com/docs\n  | ^\n  = hint: put the path the site is served under in `base_url`\n\n"
    );
}

#[test]
fn pikchr_diagrams_become_inline_svg_and_bad_ones_name_their_line() {
    let page = "---\ntitle: Home\n---\n```pikchr\nbox \"Client\"; arrow; box \"Replica\"\n```\n";
    let dir = site(&[("content/_index.md", page)]);
    build(&Config::new(dir.path())).unwrap();
    let html = read(dir.path(), "dist/index.html");
    assert!(html.contains(r#"<figure class="diagram"><svg"#) && html.contains(">Replica</text>"), "{html}");

    assert_eq!(
        errors(&[("content/_index.md", "---\ntitle: Home\n---\nText.\n\n```pikchr\nbox \"A\"\nbox wid 1 foo\n```\n")]),
        "error: bad pikchr diagram: syntax error
 --> content/_index.md:8:11
  |
8 | box wid 1 foo
  |           ^
  = hint: see the Pikchr user manual: https://pikchr.org/home/doc/trunk/doc/userman.md

"
    );
}

#[test]
fn a_file_that_is_not_utf8_names_where_the_text_breaks() {
    let dir = site(&[HOME]);
    std::fs::write(dir.path().join("content/broken.md"), b"---\ntitle: Broken\n---\ncaf\xe9\n").unwrap();
    assert_eq!(
        build(&Config::new(dir.path())).unwrap_err().to_string(),
        "error: file is not valid UTF-8\n --> content/broken.md:4:4\n  |\n4 | caf\n  |    ^\n  = hint: save the file as UTF-8\n\n"
    );
}

#[test]
fn two_pages_cannot_share_a_url() {
    assert_eq!(
        errors(&[SECTION, ("content/algorithms/raft.md", "---\ntitle: A\n---\n"), ("content/algorithms/raft/_index.md", "---\ntitle: B\n---\n")]),
        "error: `algorithms/raft/_index.md` and `algorithms/raft.md` both want the URL /algorithms/raft/\n --> content/algorithms/raft.md\n = hint: rename one of them\n\n"
    );
}

#[test]
fn a_template_error_names_the_template_and_the_problem() {
    let message = errors(&[(
        "themes/default/templates/home.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}",
    )]);
    assert!(message.starts_with("error: theme template error: "), "{message}");
    assert!(message.contains("nosuchfilter"), "{message}");
    assert!(message.contains(" --> themes/default/templates"), "{message}");
}

#[test]
fn front_matter_errors_point_into_the_file() {
    let missing_title = errors(&[("content/_index.md", "---\nsummary: No title.\n---\n")]);
    assert!(missing_title.starts_with("error: missing field `title`\n --> content/_index.md:2:1\n"), "{missing_title}");
    let malformed = errors(&[("content/_index.md", "---\ntitle: [unclosed\n---\n")]);
    assert!(malformed.contains(" --> content/_index.md:2:8\n"), "{malformed}");
}

#[test]
fn unknown_front_matter_keys_warn_without_failing() {
    let dir = site(&[("content/_index.md", "---\ntitle: Home\ntags: [x]\n---\n")]);
    let report = build(&Config::new(dir.path())).unwrap();
    assert_eq!(
        report.warnings.to_string(),
        "warning: unknown front matter key `tags` is ignored\n --> content/_index.md:3:1\n  |\n3 | tags: [x]\n  | ^\n  = hint: the keys are: title, summary, weight, draft, prerequisites, updated\n\n"
    );
}

/// Any text an author can save must produce a result or diagnostics, never a panic.
#[test]
fn no_input_makes_the_generator_panic() {
    use proptest::prelude::*;
    let dir = site(&[HOME, SECTION]);
    let config = Config::new(dir.path());
    // Fragments that exercise every construct the renderer treats specially.
    let fragment = prop::sample::select(vec![
        "---\n",
        "title: x\n",
        "weight: -1\n",
        "# ",
        "## ",
        "$",
        "$$",
        "\\$",
        "`",
        "```",
        "```widget quorum\n",
        "```widget nope\n",
        "```pikchr\n",
        "replicas: 99\n",
        "box \"a\"\n",
        "[l](",
        "x.md",
        "#a",
        ")",
        "> [!NOTE]\n",
        "| a | b |\n|---|---|\n",
        "[^1]",
        "\n",
        " ",
        "é",
        "🙂",
        "<details>",
        "{#id}",
        "\\frac{1}{",
        "}",
        "\t",
    ]);
    let text = prop::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat());
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 100, ..ProptestConfig::default() });
    runner
        .run(&text, |body| {
            write(dir.path(), "content/algorithms/fuzz.md", &format!("---\ntitle: Fuzz\n---\n{body}"));
            let _ = check(&config);
            write(dir.path(), "content/algorithms/fuzz.md", &body);
            let _ = check(&config);
            Ok(())
        })
        .unwrap();
}

/// A serve session rewrites only what changed, and ends with exactly what a full build makes.
#[test]
fn a_session_rebuilds_only_what_a_change_touches() {
    let dir = site(&[HOME, SECTION, ("content/algorithms/quorum.md", QUORUM_PAGE)]);
    let config = Config::new(dir.path());
    let mut session = dsguide::Session::new(config.clone());
    session.build().unwrap();

    write(dir.path(), "content/algorithms/quorum.md", &QUORUM_PAGE.replace("Back", "Go back"));
    assert_eq!(session.build().unwrap().written, 1, "a body edit rewrites that page only");

    write(dir.path(), "content/algorithms/quorum.md", &QUORUM_PAGE.replace("title: Quorums", "title: Quorum systems"));
    assert_eq!(
        session.build().unwrap().written,
        3,
        "a new title changes the page, the section that lists it and the home page's map"
    );

    write(dir.path(), "content/algorithms/raft.md", "---\ntitle: Raft\nweight: 30\n---\nLater.\n");
    session.build().unwrap();
    let incremental = output_of(dir.path());
    std::fs::remove_dir_all(dir.path().join("dist")).unwrap();
    build(&config).unwrap();
    let full = output_of(dir.path());
    let paths =
        |files: &[(std::path::PathBuf, Vec<u8>)]| files.iter().map(|(path, _)| path.clone()).collect::<Vec<_>>();
    let pages_only = |files: Vec<(std::path::PathBuf, Vec<u8>)>| {
        files.into_iter().filter(|(path, _)| !path.to_string_lossy().contains("/pagefind/")).collect::<Vec<_>>()
    };
    let (incremental, full) = (pages_only(incremental), pages_only(full));
    assert_eq!(paths(&incremental), paths(&full));
    assert!(incremental == full, "the session's output matches a full build byte for byte");
}

#[test]
fn a_section_index_that_fails_to_load_still_counts_as_the_section() {
    let errors = errors(&[
        ("content/algorithms/_index.md", "---\ntitle: [unclosed\n---\n"),
        ("content/algorithms/raft.md", "---\ntitle: Raft\n---\n"),
    ]);
    assert_eq!(errors.matches("error:").count(), 1, "{errors}");
}
