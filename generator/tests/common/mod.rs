//! What the integration tests share: building their sites on the real default theme.

use std::path::{Path, PathBuf};

/// The theme the real site uses, which every test site is built with.
pub fn default_theme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default")
}

/// Copies the folder tree `from` into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
