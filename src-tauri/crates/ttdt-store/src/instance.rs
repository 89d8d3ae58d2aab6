//! One window per database: the app holds an exclusive lock on a file beside the database for as
//! long as it runs. The command line does not take it (it works beside the window, and SQLite's
//! own locking keeps their writes apart); a second window on the same database is refused.
//!
//! A database in a folder this user may not write (a shared read-only folder, a mounted disc) is
//! opened read-only; its lock file is then made in the temporary folder, named by the database's
//! full path, and when even that cannot be made the window runs without one (nothing can be
//! written to that database from here, so two windows cannot disturb each other).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use ttdt_model::error::{Error, Result};

/// The lock of one app instance on one database; released when dropped or when the process ends
/// (the operating system releases it even after a crash).
#[derive(Debug)]
pub struct InstanceLock {
    /// The locked file and its path; none where no lock file could be made.
    held: Option<(File, PathBuf)>,
}

impl InstanceLock {
    /// The lock file of a database: `<database>.app-lock`.
    pub fn lock_path(db: &Path) -> PathBuf {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".app-lock");
        db.with_file_name(name)
    }

    /// The lock file of a database whose folder cannot be written: in the temporary folder,
    /// named by the SHA-256 of the database's full path.
    pub fn fallback_lock_path(db: &Path) -> PathBuf {
        let full = std::fs::canonicalize(db).unwrap_or_else(|_| std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf()));
        let digest = Sha256::digest(full.as_os_str().as_encoded_bytes());
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        std::env::temp_dir().join(format!("ttdt-{hex}.app-lock"))
    }

    /// Takes the lock for `db`, or refuses with `Error::InUse` when another instance holds it.
    pub fn acquire(db: &Path) -> Result<InstanceLock> {
        let beside = Self::lock_path(db);
        if let Some(dir) = beside.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        }
        if let Some(lock) = Self::lock(db, &beside)? {
            return Ok(lock);
        }
        let fallback = Self::fallback_lock_path(db);
        if let Some(lock) = Self::lock(db, &fallback)? {
            return Ok(lock);
        }
        log::warn!("running without an instance lock on {}", db.display());
        Ok(InstanceLock { held: None })
    }

    /// Takes the lock in `path`; `None` when that file cannot be made or opened for writing.
    fn lock(db: &Path, path: &Path) -> Result<Option<InstanceLock>> {
        let file = match OpenOptions::new().create(true).truncate(false).write(true).open(path) {
            Ok(f) => f,
            Err(e) if matches!(e.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem) => {
                log::warn!("{}: {e}; the instance lock cannot be taken there", path.display());
                return Ok(None);
            }
            Err(e) => return Err(Error::io(path, &e)),
        };
        match file.try_lock() {
            Ok(()) => Ok(Some(InstanceLock { held: Some((file, path.to_path_buf())) })),
            Err(TryLockError::WouldBlock) => Err(Error::InUse { path: db.to_path_buf() }),
            Err(TryLockError::Error(e)) => Err(Error::io(path, &e)),
        }
    }

    /// The lock file held, if any.
    pub fn path(&self) -> Option<&Path> {
        self.held.as_ref().map(|(_, p)| p.as_path())
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

    /// In a folder this user may not write, the lock is taken in the temporary folder and still
    /// keeps a second window out. Run as `nobody` when the tests run as root (root writes
    /// anywhere): the test binary runs itself, with `TTDT_LOCK_CHILD_DB` naming the database.
    #[cfg(unix)]
    #[test]
    fn a_database_in_a_folder_that_cannot_be_written_is_still_locked_once() {
        use std::os::unix::fs::PermissionsExt;
        if let Some(db) = std::env::var_os("TTDT_LOCK_CHILD_DB") {
            let db = PathBuf::from(db);
            let first = InstanceLock::acquire(&db).unwrap();
            assert_eq!(first.path(), Some(InstanceLock::fallback_lock_path(&db).as_path()));
            assert!(!InstanceLock::lock_path(&db).exists());
            let err = InstanceLock::acquire(&db).unwrap_err();
            assert_eq!(err.code(), "db_in_use");
            drop(first);
            InstanceLock::acquire(&db).unwrap();
            println!("child: locked in the temporary folder");
            return;
        }
        let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        let outer = tempfile::tempdir().unwrap();
        mode(outer.path(), 0o755);
        let dir = outer.path().join("chi-doc");
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("ttdt.db");
        std::fs::write(&db, b"").unwrap();
        let tmp = outer.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        mode(&tmp, 0o777);
        let root = std::process::Command::new("id").arg("-u").output().map(|o| o.stdout.trim_ascii() == b"0").unwrap_or(false);
        let bin = outer.path().join("instance-test");
        std::fs::copy(std::env::current_exe().unwrap(), &bin).unwrap();
        mode(&bin, 0o755);
        mode(&dir, 0o555);
        let mut cmd = if root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        let out = cmd
            .args(["--exact", "instance::tests::a_database_in_a_folder_that_cannot_be_written_is_still_locked_once", "--nocapture"])
            .env("TTDT_LOCK_CHILD_DB", &db)
            .env("TMPDIR", &tmp)
            .current_dir(outer.path())
            .output()
            .unwrap();
        mode(&dir, 0o755);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && stdout.contains("child: locked in the temporary folder"), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    }
}
