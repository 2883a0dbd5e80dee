//! Step 4 of a build: write the site into a fresh folder beside the output folder, then swap it
//! in. A build that fails before or while writing leaves the previous output untouched.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The whole site in memory: output path (relative, `/`-separated) -> bytes.
pub type Files = BTreeMap<PathBuf, Vec<u8>>;

/// Replaces `out_dir` with exactly `files`, after `finish` has run on the written folder (to
/// add what other tools make from the pages, such as the search index).
pub fn write_atomically(out_dir: &Path, files: &Files, finish: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    let parent = out_dir.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out_dir.file_name().map_or_else(|| "dist".into(), |name| name.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result =
        write_all(&staging, files).and_then(|()| finish(&staging)).and_then(|()| swap(&staging, out_dir, &retired));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Brings `out_dir`, which holds `previous`, to `next` by writing only the files that changed
/// and removing those that went away. Not atomic: for `serve`, after a build that succeeded.
pub fn write_changes(out_dir: &Path, previous: &Files, next: &Files) -> io::Result<usize> {
    let changed: Vec<(&PathBuf, &Vec<u8>)> =
        next.iter().filter(|(path, bytes)| previous.get(*path) != Some(*bytes)).collect();
    for (path, bytes) in &changed {
        let target = out_dir.join(path);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(target, bytes)?;
    }
    for path in previous.keys().filter(|path| !next.contains_key(*path)) {
        match std::fs::remove_file(out_dir.join(path)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
    }
    Ok(changed.len())
}

fn write_all(dir: &Path, files: &Files) -> io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    // Folders first, each once, then the files on every core: on a large site the file system
    // calls, not the bytes, are what takes the time.
    let folders: BTreeSet<PathBuf> =
        files.keys().filter_map(|path| path.parent()).map(|folder| dir.join(folder)).collect();
    std::fs::create_dir_all(dir)?;
    for folder in &folders {
        std::fs::create_dir_all(folder)?;
    }
    files.par_iter().try_for_each(|(path, bytes)| std::fs::write(dir.join(path), bytes))
}

/// Moves `staging` to `out_dir`, retiring the old output first so the rename cannot fail on a
/// non-empty target.
fn swap(staging: &Path, out_dir: &Path, retired: &Path) -> io::Result<()> {
    let had_output = out_dir.exists();
    if had_output {
        std::fs::rename(out_dir, retired)?;
    }
    if let Err(error) = std::fs::rename(staging, out_dir) {
        if had_output {
            std::fs::rename(retired, out_dir)?;
        }
        return Err(error);
    }
    if had_output {
        std::fs::remove_dir_all(retired)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        std::fs::create_dir_all(out.join("stale")).unwrap();
        std::fs::write(out.join("stale/old.html"), "old").unwrap();
        let files: Files = [(PathBuf::from("a/index.html"), b"new".to_vec())].into_iter().collect();
        write_atomically(&out, &files, |_| Ok(())).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> =
            std::fs::read_dir(root.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("dist")]);
    }
}
