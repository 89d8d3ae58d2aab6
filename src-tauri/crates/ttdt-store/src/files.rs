//! Writing files the user asked for, without ever leaving a half-written one.

use std::io::Write;
use std::path::{Path, PathBuf};

use ttdt_model::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder, synced and renamed,
/// so the file is either the old one or the whole new one. On unix the folder is synced after
/// the rename (and the folders above that this call created), so the new name survives a power
/// cut, not only the new bytes.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |e: std::io::Error| Error::io(path, &e);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let to_sync = folders_to_sync(dir);
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("export");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        to_sync.iter().try_for_each(|d| sync_folder(d))
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// The folders whose entries change when a file is renamed into `dir`: `dir` itself, and, for
/// each folder of the path that does not exist yet, the folder above it.
fn folders_to_sync(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let mut d = dir;
    while !d.exists() {
        match d.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(p) => {
                out.push(p.to_path_buf());
                d = p;
            }
            None => {
                out.push(PathBuf::from("."));
                break;
            }
        }
    }
    out
}

/// Flushes a folder's entries to disk (unix; elsewhere the rename is left to the file system).
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Where exports go unless the user says otherwise: the Downloads folder, else home.
pub fn default_export_dir() -> PathBuf {
    dirs::download_dir().or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/bo.toml");
        super::write_atomic(&p, "id = \"A\"".as_bytes()).unwrap();
        super::write_atomic(&p, "id = \"B\"".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "id = \"B\"");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    /// The rename is a change of the folder: the folder is synced after it, and so is each
    /// folder above that the write created (a new `ab/` of the document store).
    #[test]
    fn the_folders_a_write_changes_are_synced() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("docs");
        std::fs::create_dir(&existing).unwrap();
        assert_eq!(super::folders_to_sync(&existing), vec![existing.clone()]);
        let new = existing.join("ab").join("cd");
        assert_eq!(super::folders_to_sync(&new), vec![new.clone(), existing.join("ab"), existing.clone()]);
        assert_eq!(super::folders_to_sync(std::path::Path::new("khong-co-thu-muc-nay")), vec![
            std::path::PathBuf::from("khong-co-thu-muc-nay"),
            std::path::PathBuf::from("."),
        ]);
        for d in super::folders_to_sync(&new) {
            std::fs::create_dir_all(&d).unwrap();
            super::sync_folder(&d).unwrap();
        }
        super::write_atomic(&new.join("x"), b"x").unwrap();
        assert_eq!(std::fs::read(new.join("x")).unwrap(), b"x");
    }
}

/// Where an export goes: into a folder under its default name, or to the file the user chose.
#[derive(Debug, Clone)]
pub enum Destination {
    Folder(std::path::PathBuf),
    File(std::path::PathBuf),
}

impl Destination {
    /// The file to write, given the export's default name.
    pub fn path(&self, default_name: &str) -> std::path::PathBuf {
        match self {
            Destination::Folder(dir) => dir.join(default_name),
            Destination::File(file) => file.clone(),
        }
    }
}
