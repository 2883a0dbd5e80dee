//! Building the widget crates for the browser: cargo (wasm32, release), then wasm-bindgen
//! through its library, then wasm-opt when a version that is known to work is installed.
//! The output, `target/widgets/NAME/{NAME.js, NAME_bg.wasm}`, is what the generator copies
//! into `dist/widgets/`.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use wasm_bindgen_cli_support::Bindgen;

use crate::{cargo, run, Result};

pub const TARGET: &str = "wasm32-unknown-unknown";

/// The Cargo profile tuned for small wasm (see the workspace Cargo.toml).
const PROFILE: &str = "wasm-release";

/// wasm-opt releases before 116 (Debian bookworm ships 108) emit modules that validate but
/// break wasm-bindgen's externref table in the browser.
const MIN_WASM_OPT: u32 = 116;

/// The widget crates: folders under `widgets/` whose crate builds a `cdylib`.
pub fn discover(root: &Path) -> Result<Vec<String>> {
    let dir = root.join("widgets");
    let entries = std::fs::read_dir(&dir).map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| {
            std::fs::read_to_string(entry.path().join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.contains("\"cdylib\""))
        })
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// Installs the wasm32 target through rustup when it is missing.
pub fn ensure_wasm_target() -> Result {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(output) if String::from_utf8_lossy(&output.stdout).lines().any(|line| line.trim() == TARGET) => Ok(()),
        Ok(_) => run(Command::new("rustup").args(["target", "add", TARGET])),
        // No rustup: the toolchain was installed another way; let cargo say whether it works.
        Err(_) => Ok(()),
    }
}

/// Builds `widgets` (crate names under `widgets/`) into `target/widgets/`.
pub fn build(root: &Path, widgets: &[String]) -> Result {
    ensure_wasm_target()?;
    let mut command = cargo();
    command.args(["build", "--profile", PROFILE, "--locked", "--target", TARGET]);
    for widget in widgets {
        command.args(["--package", widget]);
    }
    run(&mut command)?;
    let wasm_opt = usable_wasm_opt();
    for widget in widgets {
        let out_dir = root.join("target").join("widgets").join(widget);
        bindgen(root, widget, &out_dir)?;
        let wasm = out_dir.join(format!("{widget}_bg.wasm"));
        if let Some(wasm_opt) = &wasm_opt {
            run(Command::new(wasm_opt).arg("-Oz").args(WASM_FEATURES).arg(&wasm).arg("-o").arg(&wasm))?;
        }
        report_size(widget, &wasm, &out_dir.join(format!("{widget}.js")))?;
    }
    if wasm_opt.is_none() {
        eprintln!("xtask: wasm-opt >= {MIN_WASM_OPT} not found on PATH; widgets are not post-optimized");
    }
    Ok(())
}

/// The widgets a change to `changed` files affects: those whose folder changed, or all of them
/// when the shared kit changed.
pub fn touched_by(root: &Path, widgets: &[String], changed: &[std::path::PathBuf]) -> Vec<String> {
    let folder = |name: &str| root.join("widgets").join(name);
    if changed.iter().any(|path| path.starts_with(folder("kit"))) {
        return widgets.to_vec();
    }
    widgets.iter().filter(|widget| changed.iter().any(|path| path.starts_with(folder(widget)))).cloned().collect()
}

/// The features rustc enables for wasm32 by default, which wasm-opt must accept.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
];

fn bindgen(root: &Path, widget: &str, out_dir: &Path) -> Result {
    let input = root.join("target").join(TARGET).join(PROFILE).join(format!("{}.wasm", widget.replace('-', "_")));
    let mut bindgen = Bindgen::new();
    bindgen
        .input_path(&input)
        .out_name(widget)
        .web(true)
        .map_err(|error| format!("wasm-bindgen: {error:#}"))?
        // The library's defaults differ from the CLI's: keep the default wasm URL in init()
        // (relative to the JS module) and drop the name section (about 25 KB).
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .typescript(false);
    if out_dir.exists() {
        std::fs::remove_dir_all(out_dir).map_err(|error| format!("cannot clear {}: {error}", out_dir.display()))?;
    }
    bindgen.generate(out_dir).map_err(|error| format!("wasm-bindgen on {}: {error:#}", input.display()))
}

/// `wasm-opt` from PATH when its version is at least [`MIN_WASM_OPT`].
fn usable_wasm_opt() -> Option<String> {
    let output = Command::new("wasm-opt").arg("--version").output().ok()?;
    // "wasm-opt version 116 (version_116)"
    let text = String::from_utf8_lossy(&output.stdout);
    let version: u32 = text.split_whitespace().nth(2)?.parse().ok()?;
    (version >= MIN_WASM_OPT).then(|| "wasm-opt".to_string())
}

fn report_size(widget: &str, wasm: &Path, js: &Path) -> Result {
    let wasm_bytes = std::fs::read(wasm).map_err(|error| format!("cannot read {}: {error}", wasm.display()))?;
    let js_bytes = std::fs::read(js).map_err(|error| format!("cannot read {}: {error}", js.display()))?;
    eprintln!(
        "xtask: widget {widget}: wasm {:.1} KiB ({:.1} KiB gzipped), JS glue {:.1} KiB ({:.1} KiB gzipped)",
        kib(wasm_bytes.len()),
        kib(gzipped_len(&wasm_bytes)),
        kib(js_bytes.len()),
        kib(gzipped_len(&js_bytes)),
    );
    Ok(())
}

fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// The size of `bytes` gzipped at the best level, as a host serving compressed files sends them.
pub fn gzipped_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |compressed| compressed.len())
}
