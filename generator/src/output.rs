//! Step 4 of a build: write the site into a staging folder beside the output folder, then swap
//! it in. A build that fails before or while writing leaves the previous output untouched.
//!
//! The two folders take turns: after a swap, the previous output becomes the next build's
//! staging folder (`.dist.staging`), whose files are rewritten in place. On a large site that
//! is much cheaper than creating thousands of folders and deleting as many each build.

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
    let staging = parent.join(format!(".{name}.staging"));
    let retired = parent.join(format!(".{name}.retired-{}", std::process::id()));
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

/// Makes `dir` hold exactly `files`: removes what they do not include (stale pages, the old
/// search index), then writes every file, folders first, the files on every core.
fn write_all(dir: &Path, files: &Files) -> io::Result<()> {
    if dir.exists() {
        for entry in walkdir::WalkDir::new(dir).contents_first(true).min_depth(1) {
            let entry = entry.map_err(io::Error::other)?;
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            if entry.file_type().is_dir() {
                // Fails, as it should, while the folder still holds files that stay.
                let _ = std::fs::remove_dir(entry.path());
            } else if !files.contains_key(relative) {
                std::fs::remove_file(entry.path())?;
            }
        }
    }
    let folders: BTreeSet<PathBuf> =
        files.keys().filter_map(|path| path.parent()).map(|folder| dir.join(folder)).collect();
    std::fs::create_dir_all(dir)?;
    for folder in &folders {
        std::fs::create_dir_all(folder)?;
    }
    files.par_iter().try_for_each(|(path, bytes)| std::fs::write(dir.join(path), bytes))
}

/// Moves `staging` to `out_dir`; the old output, if any, becomes the next staging folder.
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
        std::fs::rename(retired, staging)?;
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
        let mut leftovers: Vec<_> =
            std::fs::read_dir(root.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        leftovers.sort();
        assert_eq!(
            leftovers,
            [".dist.staging", "dist"].map(std::ffi::OsString::from),
            "the old output is kept for reuse"
        );
        let again: Files = [(PathBuf::from("b/index.html"), b"newer".to_vec())].into_iter().collect();
        write_atomically(&out, &again, |_| Ok(())).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "newer");
        assert!(
            !out.join("a").exists() && !out.join("stale").exists(),
            "the reused folder holds exactly the new files"
        );
    }

    #[test]
    fn writes_only_what_changed() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        let files = |entries: &[(&str, &str)]| -> Files {
            entries.iter().map(|(path, text)| (PathBuf::from(path), text.as_bytes().to_vec())).collect()
        };
        let first = files(&[("a/index.html", "a"), ("b/index.html", "b"), ("gone.txt", "x")]);
        write_atomically(&out, &first, |_| Ok(())).unwrap();
        let second = files(&[("a/index.html", "a"), ("b/index.html", "B"), ("c/index.html", "c")]);
        assert_eq!(write_changes(&out, &first, &second).unwrap(), 2);
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "B");
        assert_eq!(std::fs::read_to_string(out.join("c/index.html")).unwrap(), "c");
        assert!(!out.join("gone.txt").exists());
    }

    #[test]
    fn a_failing_finish_step_keeps_the_old_output() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        let files: Files = [(PathBuf::from("new.html"), b"new".to_vec())].into_iter().collect();
        write_atomically(&out, &files, |_| Err(io::Error::other("indexer failed"))).unwrap_err();
        assert_eq!(std::fs::read_to_string(out.join("old.html")).unwrap(), "old");
        assert!(!out.join("new.html").exists());
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1, "a failed staging folder is removed");
    }
}
