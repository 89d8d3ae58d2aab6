//! One window per database: the app holds an exclusive lock on a file beside the database for as
//! long as it runs. The command line does not take it (it works beside the window, and SQLite's
//! own locking keeps their writes apart); a second window on the same database is refused.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use ttdt_model::error::{Error, Result};

/// The lock of one app instance on one database; released when dropped or when the process ends
/// (the operating system releases it even after a crash).
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
    path: PathBuf,
}

impl InstanceLock {
    /// The lock file of a database: `<database>.app-lock`.
    pub fn lock_path(db: &Path) -> PathBuf {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".app-lock");
        db.with_file_name(name)
    }

    /// Takes the lock for `db`, or refuses with `Error::InUse` when another instance holds it.
    pub fn acquire(db: &Path) -> Result<InstanceLock> {
        let path = Self::lock_path(db);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        }
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| Error::io(&path, &e))?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock { _file: file, path }),
            Err(TryLockError::WouldBlock) => Err(Error::InUse { path: db.to_path_buf() }),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, &e)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_instance_on_the_same_database_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("ttdt.db");
        let first = InstanceLock::acquire(&db).unwrap();
        let err = InstanceLock::acquire(&db).unwrap_err();
        assert_eq!(err.code(), "db_in_use");
        assert!(err.user_message().contains("cửa sổ TTĐT Workbench khác"));
        // Another database is free.
        let _other = InstanceLock::acquire(&dir.path().join("khac.db")).unwrap();
        drop(first);
        InstanceLock::acquire(&db).unwrap();
    }
}
