//! The files and folders this window's exports wrote: the notice after an export offers to open
//! them ("Mở tệp", "Mở thư mục"), and only them, so a page can never have the app open a path of
//! its choosing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct WrittenExports(Mutex<HashSet<PathBuf>>);

impl WrittenExports {
    /// Records a path an export just wrote; returns it unchanged for the page.
    pub fn remember(&self, written: String) -> String {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(PathBuf::from(&written));
        written
    }

    /// What to open for a path an export wrote: the file itself, or with `folder` the folder that
    /// holds it (a folder export is its own folder). A path no export wrote is refused.
    pub fn target(&self, path: &str, folder: bool) -> ttdt_core::Result<PathBuf> {
        let p = PathBuf::from(path);
        if !self.0.lock().unwrap_or_else(|e| e.into_inner()).contains(&p) {
            log::warn!("open of {} refused: no export wrote it", p.display());
            return Err(ttdt_core::Error::invalid(
                "path",
                format!("{} was not written by an export", p.display()),
                "Chỉ mở được tệp hoặc thư mục vừa xuất.",
            ));
        }
        if !folder || p.is_dir() {
            return Ok(p);
        }
        Ok(p.parent().map(Path::to_path_buf).unwrap_or(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_an_export_wrote_is_opened_and_its_folder_is_the_parent() {
        let dir = tempfile_dir();
        let file = dir.join("xep-hang-2026.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let written = WrittenExports::default();
        let shown = written.remember(file.display().to_string());
        assert_eq!(written.target(&shown, false).unwrap(), file);
        assert_eq!(written.target(&shown, true).unwrap(), dir);
        // A folder export opens as itself.
        let shown_dir = written.remember(dir.display().to_string());
        assert_eq!(written.target(&shown_dir, true).unwrap(), dir);
        // A path the page made up is refused, whatever it is.
        let err = written.target("/etc/passwd", false).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.user_message().contains("vừa xuất"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("ttdt-written-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
