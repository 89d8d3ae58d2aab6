//! The files and folders the user chose in an export dialog: an export writes only to one of
//! them (each choice serves one export), so a page can never name where the app writes.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct ChosenExports(Mutex<HashSet<PathBuf>>);

impl ChosenExports {
    /// Keeps a path the dialog returned; returns it as text for the page.
    pub fn remember(&self, p: PathBuf) -> String {
        let shown = p.display().to_string();
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(p);
        shown
    }

    /// The chosen path, used up; a path the dialog did not return is refused.
    pub fn take(&self, path: &str) -> ttdt_core::Result<PathBuf> {
        let p = PathBuf::from(path);
        if self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(&p) {
            return Ok(p);
        }
        log::warn!("export to {} refused: not chosen in the export dialog", p.display());
        Err(ttdt_core::Error::invalid(
            "path",
            format!("{} was not chosen in the export dialog", p.display()),
            "Chỉ lưu được vào tệp hoặc thư mục vừa chọn trong hộp thoại lưu; hãy xuất lại.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_the_dialog_returned_is_written_and_only_once() {
        let chosen = ChosenExports::default();
        let shown = chosen.remember(PathBuf::from("/home/thanh/Tải xuống/xep-hang-2026.xlsx"));
        assert_eq!(chosen.take(&shown).unwrap(), PathBuf::from("/home/thanh/Tải xuống/xep-hang-2026.xlsx"));
        // Used up: a second export to it needs a second choice.
        assert_eq!(chosen.take(&shown).unwrap_err().code(), "invalid_input");
        // A path the page made up is refused.
        let err = chosen.take("/home/thanh/.bashrc").unwrap_err();
        assert!(err.user_message().contains("hộp thoại lưu"));
    }
}
