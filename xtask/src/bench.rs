//! `cargo xtask bench`: how fast the generator is, how heavy the pages are, how quickly `serve`
//! reloads. Timings are reported with ratios to the other generators measured in the same run
//! (Hugo and mdBook, when installed), since the machine is shared and noisy.
//!
//! The synthetic tree: 2,000 pages in 20 sections, each page about 1,500 words with three
//! highlighted code blocks, a table and ten links to other pages; the same text is laid out for
//! each generator's conventions.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::widgets::gzipped_len;
use crate::{cargo, copy, run, Result};

const SECTIONS: usize = 20;
const PAGES_PER_SECTION: usize = 100;
const RUNS: usize = 5;

pub fn run_all(root: &Path) -> Result {
    run(cargo().args(["build", "--release", "--locked", "--package", "dsguide"]))?;
    let dsguide = root.join("target").join("release").join("dsguide");
    let work = root.join("target").join("bench");
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(|error| format!("cannot clear {}: {error}", work.display()))?;
    }
    let pages = SECTIONS * PAGES_PER_SECTION;
    write_dsguide_tree(root, &work.join("dsguide"))?;
    let mut rows = vec![(
        "dsguide",
        median_seconds(|| timed(Command::new(&dsguide).arg("--root").arg(work.join("dsguide")).arg("build")))?,
    )];
    if installed("hugo") {
        write_hugo_tree(&work.join("hugo"))?;
        rows.push((
            "hugo",
            median_seconds(|| timed(Command::new("hugo").arg("--quiet").arg("--source").arg(work.join("hugo"))))?,
        ));
    } else {
        eprintln!("xtask: hugo not installed (apt-get install hugo): left out of the comparison");
    }
    if installed("mdbook") {
        write_mdbook_tree(&work.join("mdbook"))?;
        rows.push(("mdbook", median_seconds(|| timed(Command::new("mdbook").arg("build").arg(work.join("mdbook"))))?));
    } else {
        eprintln!("xtask: mdbook not installed (cargo install mdbook): left out of the comparison");
    }

    println!("\nGenerator throughput: {pages} pages, about 1,500 words each, median of {RUNS} runs");
    println!("| generator | seconds | pages/s | time relative to dsguide |");
    println!("|---|---|---|---|");
    let ours = rows[0].1;
    for (name, seconds) in &rows {
        println!("| {name} | {seconds:.2} | {:.0} | {:.2}x |", pages as f64 / seconds, seconds / ours);
    }

    page_weight(root)?;
    reload_latency(&dsguide, root, &work)?;
    model_throughput()
}

fn installed(program: &str) -> bool {
    Command::new(program).arg("version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Runs `command` once, failing if it fails; returns its wall time.
fn timed(command: &mut Command) -> Result<f64> {
    let started = Instant::now();
    let output = command.stdout(Stdio::null()).output().map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if !output.status.success() {
        return Err(format!("{command:?} failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(started.elapsed().as_secs_f64())
}

/// How fast the simulation models run natively, as events per second and as a ratio to the
/// simplest one (the M/M/1 queue's customers), measured in the same run.
pub fn model_throughput() -> Result {
    let mut rows = Vec::new();
    for package in ["queueing", "load-balancer", "autoscaler", "k8s-explorer"] {
        let output = cargo()
            .args(["run", "--quiet", "--release", "--locked", "--package", package, "--example", "throughput"])
            .output()
            .map_err(|error| format!("cannot run the {package} benchmark: {error}"))?;
        if !output.status.success() {
            return Err(format!("the {package} benchmark failed:\n{}", String::from_utf8_lossy(&output.stderr)));
        }
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            if let [name, unit, rate] = fields[..] {
                rows.push((name.to_string(), unit.to_string(), rate.parse::<f64>().unwrap_or(0.0)));
            }
        }
    }
    let baseline = rows.first().map_or(1.0, |row| row.2.max(1.0));
    println!("\nModel throughput, native release build, median of 5 runs");
    println!("| model | events | per second | relative to the M/M/1 queue |");
    println!("|---|---|---|---|");
    for (name, unit, rate) in &rows {
        println!("| {name} | {unit} | {rate:.0} | {:.2}x |", rate / baseline);
    }
    Ok(())
}

fn median_seconds(mut run_once: impl FnMut() -> Result<f64>) -> Result<f64> {
    let mut times = (0..RUNS).map(|_| run_once()).collect::<Result<Vec<f64>>>()?;
    times.sort_by(f64::total_cmp);
    Ok(times[RUNS / 2])
}

/// A small deterministic generator of filler text (a linear congruential generator).
struct Words(u64);

const VOCABULARY: &[&str] = &[
    "replica",
    "quorum",
    "leader",
    "follower",
    "partition",
    "latency",
    "throughput",
    "commit",
    "log",
    "term",
    "vote",
    "election",
    "snapshot",
    "compaction",
    "shard",
    "key",
    "value",
    "write",
    "read",
    "stale",
    "consistent",
    "available",
    "network",
    "clock",
    "timeout",
    "retry",
    "backoff",
    "queue",
    "server",
    "client",
    "the",
    "a",
    "of",
    "to",
    "and",
    "when",
    "every",
    "each",
    "never",
    "only",
];

impl Words {
    fn next(&mut self) -> &'static str {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        VOCABULARY[(self.0 >> 33) as usize % VOCABULARY.len()]
    }

    fn sentence(&mut self, length: usize) -> String {
        let words: Vec<&str> = (0..length).map(|_| self.next()).collect();
        let mut sentence = words.join(" ");
        sentence[..1].make_ascii_uppercase();
        sentence.push('.');
        sentence
    }
}

fn page_path(section: usize, page: usize) -> String {
    format!("section-{section:02}/page-{page:03}.md")
}

/// The Markdown body of page `page` of `section`, with links written by `link(section, page)`.
fn body(section: usize, page: usize, link: &dyn Fn(usize, usize) -> String) -> String {
    let mut words = Words((section * 1000 + page) as u64);
    let mut text = String::new();
    for part in 0..6 {
        text.push_str(&format!("\n## Part {part}\n\n"));
        for _ in 0..2 {
            let mut paragraph: Vec<String> = (0..10).map(|_| words.sentence(12)).collect();
            if part < 5 {
                let (target_section, target_page) =
                    ((section + part) % SECTIONS, (page * 7 + part) % PAGES_PER_SECTION);
                paragraph.push(format!("See [page {target_page}]({}).", link(target_section, target_page)));
            }
            text.push_str(&paragraph.join(" "));
            text.push_str("\n\n");
        }
        match part {
            1 => text.push_str("```rust\nfn majority(replicas: usize) -> usize {\n    replicas / 2 + 1\n}\n\nfn main() {\n    for n in 1..=7 {\n        println!(\"{n}: {}\", majority(n));\n    }\n}\n```\n\n"),
            2 => text.push_str("```yaml\nreplicas: 5\nwrite_quorum: 3\nread_quorum: 3\nregions:\n  - eu-west\n  - us-east\n```\n\n"),
            3 => text.push_str("```sql\nSELECT key, value, version\nFROM replicas\nWHERE key = 'user:42'\nORDER BY version DESC\nLIMIT 1;\n```\n\n"),
            4 => text.push_str("| N | W | R | fresh |\n|---|---|---|---|\n| 3 | 2 | 2 | yes |\n| 3 | 1 | 1 | no |\n| 5 | 3 | 3 | yes |\n| 5 | 2 | 2 | no |\n\n"),
            _ => {}
        }
    }
    // Ten links in all: five in the text above, five here.
    text.push_str("Related: ");
    let related: Vec<String> = (1..=5)
        .map(|offset| {
            format!("[{offset}]({})", link((section + offset) % SECTIONS, (page + offset) % PAGES_PER_SECTION))
        })
        .collect();
    text.push_str(&related.join(", "));
    text.push('\n');
    text
}

fn write(path: &Path, text: &str) -> Result {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

fn write_dsguide_tree(root: &Path, site: &Path) -> Result {
    write(&site.join("site.yaml"), "title: Benchmark\n")?;
    copy(&root.join("themes"), &site.join("themes"))?;
    // dsguide checks links written as paths to the Markdown files.
    write_content(site, &|section, page| format!("../{}", page_path(section, page)))
}

fn write_hugo_tree(site: &Path) -> Result {
    write(&site.join("hugo.toml"), "baseURL = '/'\ntitle = 'Benchmark'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n[markup.highlight]\nnoClasses = false\n")?;
    write(&site.join("layouts/_default/baseof.html"), "<!doctype html><html><head><title>{{ .Title }}</title></head><body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav>{{ block \"main\" . }}{{ end }}</body></html>\n")?;
    write(
        &site.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ end }}\n",
    )?;
    write(&site.join("layouts/_default/list.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}\n")?;
    // Hugo leaves links as written, so they name the published URLs.
    write_content(site, &|section, page| format!("../../section-{section:02}/page-{page:03}/"))
}

/// `content/` with YAML front matter, the layout dsguide and Hugo share.
fn write_content(site: &Path, link: &dyn Fn(usize, usize) -> String) -> Result {
    write(&site.join("content/_index.md"), "---\ntitle: Benchmark\n---\nThe synthetic tree.\n")?;
    for section in 0..SECTIONS {
        write(
            &site.join(format!("content/section-{section:02}/_index.md")),
            &format!("---\ntitle: Section {section}\nweight: {section}\n---\nPages.\n"),
        )?;
        for page in 0..PAGES_PER_SECTION {
            let text = format!(
                "---\ntitle: Page {section}.{page}\nsummary: A synthetic page.\nweight: {page}\n---\n{}",
                body(section, page, link)
            );
            write(&site.join("content").join(page_path(section, page)), &text)?;
        }
    }
    Ok(())
}

fn write_mdbook_tree(book: &Path) -> Result {
    write(
        &book.join("book.toml"),
        "[book]\ntitle = \"Benchmark\"\n[output.html]\n[output.html.search]\nenable = false\n",
    )?;
    let mut summary = String::from("# Summary\n\n");
    for section in 0..SECTIONS {
        summary.push_str(&format!("- [Section {section}](section-{section:02}/index.md)\n"));
        write(&book.join(format!("src/section-{section:02}/index.md")), &format!("# Section {section}\n\nPages.\n"))?;
        for page in 0..PAGES_PER_SECTION {
            summary.push_str(&format!("  - [Page {section}.{page}]({})\n", page_path(section, page)));
            let link =
                |target_section: usize, target_page: usize| format!("../{}", page_path(target_section, target_page));
            write(
                &book.join("src").join(page_path(section, page)),
                &format!("# Page {section}.{page}\n{}", body(section, page, &link)),
            )?;
        }
    }
    write(&book.join("src/SUMMARY.md"), &summary)
}

/// Bytes a reader downloads for the quorum module: the page, its stylesheet and scripts, and
/// the widget's JS and wasm, raw and gzipped (the build writes .gz siblings).
fn page_weight(root: &Path) -> Result {
    let dist = root.join("dist");
    let page = dist.join("algorithms/quorum/index.html");
    let html = std::fs::read_to_string(&page)
        .map_err(|_| "run `cargo xtask build` first: no dist/algorithms/quorum/".to_string())?;
    let mut files = vec![page.clone()];
    for marker in ["href=\"/assets/", "src=\"/assets/", "data-module=\"/widgets/"] {
        for piece in html.split(marker).skip(1) {
            let path = piece.split('"').next().unwrap_or_default();
            let prefix = marker.split('"').nth(1).unwrap_or_default().trim_start_matches('/');
            files.push(dist.join(format!("{prefix}{path}")));
        }
    }
    if let Some(module) = files.iter().find(|path| {
        path.extension().is_some_and(|extension| extension == "js") && path.starts_with(dist.join("widgets"))
    }) {
        let name = module.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        files.push(module.with_file_name(format!("{name}_bg.wasm")));
    }
    files.sort();
    files.dedup();
    println!("\nPage weight: /algorithms/quorum/ with everything it loads");
    println!("| file | bytes | gzipped |");
    println!("|---|---|---|");
    let (mut raw_total, mut gzip_total) = (0, 0);
    for file in &files {
        let raw = std::fs::metadata(file).map(|metadata| metadata.len()).unwrap_or(0);
        let gzipped = std::fs::metadata(format!("{}.gz", file.display()))
            .map(|metadata| metadata.len())
            .unwrap_or_else(|_| gzipped_len(&std::fs::read(file).unwrap_or_default()) as u64);
        raw_total += raw;
        gzip_total += gzipped;
        println!("| {} | {raw} | {gzipped} |", file.strip_prefix(&dist).unwrap_or(file).display());
    }
    println!("| total | {raw_total} | {gzip_total} |");
    Ok(())
}

/// From saving a page to the reload event reaching an open page, with `dsguide serve`
/// (release build), on a copy of the real site and on the synthetic tree.
fn reload_latency(dsguide: &Path, root: &Path, work: &Path) -> Result {
    let site = work.join("reload");
    for part in ["content", "themes", "site.yaml"] {
        copy(&root.join(part), &site.join(part))?;
    }
    println!("\nServe reload latency: save a page -> reload event, 7 saves");
    println!("| site | median | min | max |");
    println!("|---|---|---|---|");
    let trees = [
        ("the guide", site.clone(), site.join("content/algorithms/quorum.md")),
        ("synthetic, 2,000 pages", work.join("dsguide"), work.join("dsguide/content").join(page_path(3, 42))),
    ];
    for (name, tree, page) in trees {
        let port = 8000 + (std::process::id() % 1000) as u16;
        let mut server = Command::new(dsguide)
            .arg("--root")
            .arg(&tree)
            .args(["serve", "--address", &format!("127.0.0.1:{port}")])
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start dsguide serve: {error}"))?;
        let result = measure_reloads(&page, port);
        let _ = server.kill();
        let _ = server.wait();
        let mut latencies = result?;
        latencies.sort();
        println!(
            "| {name} | {} ms | {} ms | {} ms |",
            latencies[latencies.len() / 2].as_millis(),
            latencies[0].as_millis(),
            latencies[latencies.len() - 1].as_millis()
        );
    }
    Ok(())
}

fn measure_reloads(page: &Path, port: u16) -> Result<Vec<Duration>> {
    let connect = || {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match TcpStream::connect(("127.0.0.1", port)) {
                Ok(stream) => return Ok(stream),
                Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                Err(error) => return Err(format!("dsguide serve did not start: {error}")),
            }
        }
    };
    let mut stream = connect()?;
    stream
        .write_all(b"GET /__dsguide/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .map_err(|error| error.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|error| error.to_string())?;
    let mut events = BufReader::new(stream);
    let original = std::fs::read_to_string(page).map_err(|error| error.to_string())?;
    let mut latencies = Vec::new();
    for save in 0..7u64 {
        // Let the watcher settle between saves, and vary the pause so saves fall at different
        // points of the watcher's 100 ms polling period (which the latency includes).
        std::thread::sleep(Duration::from_millis(400 + 37 * save));
        let started = Instant::now();
        std::fs::write(page, format!("{original}\nSaved {save}.\n")).map_err(|error| error.to_string())?;
        let mut line = String::new();
        loop {
            line.clear();
            if events.read_line(&mut line).map_err(|error| format!("no reload event: {error}"))? == 0 {
                return Err("the event stream closed".into());
            }
            if line.trim() == "event: reload" {
                break;
            }
        }
        latencies.push(started.elapsed());
    }
    std::fs::write(page, original).map_err(|error| error.to_string())?;
    Ok(latencies)
}
