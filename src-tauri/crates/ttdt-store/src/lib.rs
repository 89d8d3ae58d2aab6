//! Local storage: one SQLite file, numbered migrations embedded in the binary.
//!
//! Durability: WAL with `synchronous = FULL`, so a transaction that returned is on disk
//! and survives a crash or a power cut (NORMAL would keep the file consistent but may lose
//! the last transactions on power loss).
//! A file that is not a database, is corrupt, or was written by a newer version is refused
//! before anything is written to it.

mod campaigns;
mod documents;
pub mod files;
pub mod instance;
mod frameworks;
mod removed;
pub use removed::{RemovedSite, SiteWork};
mod merging;
pub use merging::{Conflict, Head};
mod bundle;
pub use bundle::{BundleData, BundleReport, BUNDLE_PARTS};
mod reviews;
mod scans;
pub use scans::{ScanInfo, DEFAULT_SCANS_KEPT, SCANS_KEPT_RANGE};
mod queue;
mod scores;
mod sites;
pub use sites::NewSite;
pub mod sniff;

pub use reviews::{ChecklistSuggestion, DEFAULT_MAX_ATTACHMENT_MB};
pub use ttdt_model::campaign_scores::CampaignScores;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use ttdt_model::clock::{Clock, SystemClock};
use ttdt_model::error::{Error, Result};

/// Numbered migrations. A shipped migration is never edited: add the next number instead.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("migrations/0001_init.sql")),
    (2, "review_forms", include_str!("migrations/0002_review_forms.sql")),
    (3, "scans", include_str!("migrations/0003_scans.sql")),
    (4, "campaign_browser_profile", include_str!("migrations/0004_campaign_browser_profile.sql")),
    (5, "removed_site", include_str!("migrations/0005_removed_site.sql")),
    (6, "global_ids", include_str!("migrations/0006_global_ids.sql")),
    (7, "campaign_document_settings", include_str!("migrations/0007_campaign_document_settings.sql")),
    (8, "review_drafts", include_str!("migrations/0008_review_drafts.sql")),
    (9, "national_load_profile", include_str!("migrations/0009_national_load_profile.sql")),
];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// `PRAGMA application_id` of a workbench database ("TTDT"): set on every database this program
/// creates or opens as its own, so that another program's SQLite file is told apart.
pub const APPLICATION_ID: i32 = 0x5454_4454;

/// How long a write waits for another connection's write lock before it gives up as busy.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// Opens a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`). A deferred
/// transaction that reads and then writes gets `SQLITE_BUSY` at the upgrade without waiting for
/// the other writer; an immediate one waits up to the busy timeout, then proceeds.
fn write_tx(conn: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}

/// A new global identity: a UUIDv7, ordered by time (and, within this process, by creation),
/// so that among rows stamped in the same second the one written later sorts last.
pub fn new_uid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Environment variable that overrides where the app keeps its database.
pub const DB_ENV: &str = "TTDT_DB";

/// The database file in the OS application-data folder (the same folder Tauri uses for the app).
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("vn.ttdt.workbench")
        .join("ttdt.db")
}

/// The largest attachment limit a reviewer may choose, in MB (setting `max_attachment_mb`).
pub const MAX_ATTACHMENT_MB_RANGE: std::ops::RangeInclusive<u64> = 1..=2048;

/// An open workbench database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Arc<dyn Clock>,
    actor: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).field("actor", &self.actor).finish()
    }
}

impl Store {
    /// Opens (or creates) the database at `path` with the system clock.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with_clock(path, Arc::new(SystemClock))
    }

    pub fn open_with_clock(path: impl AsRef<Path>, clock: Arc<dyn Clock>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let cannot = |detail: String| Error::CannotOpen { path: path.clone(), detail };
        let existed = match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => return Err(cannot("is a directory".into())),
            // A device or a pipe (`/dev/null`): SQLite would put its journal beside it.
            Ok(m) if !m.is_file() => return Err(cannot("not a regular file".into())),
            Ok(m) => m.len() > 0,
            Err(_) => false,
        };
        if existed {
            check_magic(&path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| cannot(e.to_string()))?;
        }
        if existed {
            // Every check on a read-only connection first: nothing is written to a file we are
            // going to refuse (not even a `-wal` or `-shm` beside it, nor a journal mode).
            check_existing(&path)?;
        }
        if existed {
            repair_stale_shm(&path);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| classify(&path, e))?;
        // A file this user may not write is opened read-only by SQLite; so is the connection.
        if existed && conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            drop(conn);
            return Store::open_read_only(path, clock);
        }
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| classify(&path, e))?;
        if let Err(e) = set_wal(&conn) {
            // A folder this user may not write: the `-wal` and `-shm` files cannot be made.
            if existed && matches!(e.sqlite_error_code(), Some(ErrorCode::CannotOpen) | Some(ErrorCode::ReadOnly)) {
                drop(conn);
                return Store::open_read_only(path, clock);
            }
            return Err(classify(&path, e));
        }
        conn.pragma_update(None, "synchronous", "FULL").map_err(|e| classify(&path, e))?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(|e| classify(&path, e))?;
        let actor = default_actor();
        let mut store = Store { conn, path, clock, actor };
        store.migrate()?;
        let app_id: i32 = store.conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            store.conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        store.seed_frameworks()?;
        if let Some(r) = store.reviewer()? {
            store.actor = reviews::actor_label(&r.name, &r.unit);
        }
        Ok(store)
    }

    /// Opens a database this user may read but not write (a read-only file, or a file in a
    /// read-only folder), for reading: lists and exports work, every change is refused with
    /// [`Error::ReadOnly`]. Nothing is migrated or seeded: a schema older than this build cannot
    /// be used read-only.
    fn open_read_only(path: PathBuf, clock: Arc<dyn Clock>) -> Result<Store> {
        let conn = open_for_reading(&path).map_err(|e| classify(&path, e))?;
        let found = schema_version(&conn).map_err(|e| classify(&path, e))?;
        if found < SCHEMA_VERSION {
            return Err(Error::ReadOnly(format!("{}: schema {found} needs migrating to {SCHEMA_VERSION}", path.display())));
        }
        log::warn!("{}: opened read-only", path.display());
        let mut store = Store { conn, path, clock, actor: default_actor() };
        if let Some(r) = store.reviewer()? {
            store.actor = reviews::actor_label(&r.name, &r.unit);
        }
        Ok(store)
    }

    /// This database can be read but not written here.
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A shared handle on the store's clock, for work that runs beside the store.
    pub fn clock_handle(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The name stamped on changes made through this store.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    /// The connection settings that durability rests on: journal mode, `synchronous` level
    /// (2 = FULL) and whether foreign keys are enforced.
    pub fn durability(&self) -> Result<(String, i64, bool)> {
        let mode: String = self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let sync: i64 = self.conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        let fk: bool = self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        Ok((mode, sync, fk))
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(schema_version(&self.conn)?)
    }

    /// Applies the migrations this file lacks, each in its own immediate transaction that reads
    /// the version again under the lock: two programs opening a new file at once apply each
    /// migration once, the second finding it done.
    fn migrate(&mut self) -> Result<()> {
        if schema_version(&self.conn)? >= SCHEMA_VERSION {
            return Ok(());
        }
        for (version, name, sql) in MIGRATIONS {
            let tx = write_tx(&mut self.conn)?;
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migration (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                )",
            )?;
            if schema_version(&tx)? >= *version {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migration (version, name, applied_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![version, name, self.clock.stamp()],
            )?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
            log::info!("applied migration {version:04} {name} to {}", self.path.display());
        }
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = write_tx(&mut self.conn)?;
        let old: Option<String> =
            tx.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        let entry = Change::new("setting", key, "value").before(old).after(Some(value.to_string()));
        log_change(&tx, &self.clock.stamp(), &self.actor, entry)?;
        tx.commit()?;
        Ok(())
    }

    /// Sets the largest document a reviewer may attach, in MB, within [`MAX_ATTACHMENT_MB_RANGE`].
    /// Returns the limit now in force.
    pub fn set_max_attachment_mb(&mut self, mb: u64) -> Result<u64> {
        let (min, max) = (*MAX_ATTACHMENT_MB_RANGE.start(), *MAX_ATTACHMENT_MB_RANGE.end());
        if !MAX_ATTACHMENT_MB_RANGE.contains(&mb) {
            return Err(Error::invalid("mb", format!("{mb} MB out of {min}..={max}"), format!("Giới hạn tệp phải từ {min} đến {max} MB.")));
        }
        self.set_setting("max_attachment_mb", &mb.to_string())?;
        Ok(mb)
    }

}

/// Writes one change-log row inside the caller's transaction.
fn log_change(tx: &Transaction<'_>, now: &str, actor: &str, c: Change) -> Result<()> {
    {
        tx.execute(
            "INSERT INTO change_log (at, actor, entity, entity_id, field, old_value, new_value, reason, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                now,
                actor,
                c.entity,
                c.entity_id,
                c.field,
                c.old_value,
                c.new_value,
                c.reason,
                new_uid()
            ],
        )?;
        Ok(())
    }
}

impl Store {
    /// Entries of the change log for one entity, oldest first.
    pub fn changes_of(&self, entity: &str, entity_id: &str) -> Result<Vec<ChangeEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, field, old_value, new_value, reason FROM change_log
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map([entity, entity_id], |r| {
            Ok(ChangeEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                field: r.get(2)?,
                old_value: r.get(3)?,
                new_value: r.get(4)?,
                reason: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// One line of the change log, as read back.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChangeEntry {
    pub at: String,
    pub actor: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
}

/// A change about to be logged.
struct Change {
    entity: &'static str,
    entity_id: String,
    field: &'static str,
    old_value: Option<String>,
    new_value: Option<String>,
    reason: String,
}

impl Change {
    fn new(entity: &'static str, entity_id: impl ToString, field: &'static str) -> Change {
        Change {
            entity,
            entity_id: entity_id.to_string(),
            field,
            old_value: None,
            new_value: None,
            reason: String::new(),
        }
    }
    fn before(mut self, v: Option<String>) -> Change {
        self.old_value = v;
        self
    }
    fn after(mut self, v: Option<String>) -> Change {
        self.new_value = v;
        self
    }
}

fn default_actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "người dùng".to_string())
}

fn check_magic(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut header))
        .map_err(|e| Error::CannotOpen { path: path.to_path_buf(), detail: e.to_string() })?;
    if read < 16 || &header != SQLITE_MAGIC {
        return Err(Error::NotADatabase {
            path: path.to_path_buf(),
            detail: "missing SQLite header".into(),
        });
    }
    Ok(())
}

/// Switches the database to WAL. The switch needs the database to itself, and SQLite answers
/// "busy" without calling the busy handler while another connection (a second window or command
/// opening the same new file) holds it: the switch is tried again until the busy timeout.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked)) && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// A read-only connection whose first read worked. A WAL database needs its `-shm` file even
/// to be read; where that cannot be created (a read-only folder), the file is read as
/// immutable (no locks), which is sound because no program can be writing it through this
/// folder either.
fn open_for_reading(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let usable = |conn: Connection| -> rusqlite::Result<Connection> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        schema_version(&conn)?;
        Ok(conn)
    };
    match Connection::open_with_flags(path, flags).and_then(usable) {
        Ok(conn) => Ok(conn),
        Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::ReadOnly) | Some(ErrorCode::CannotOpen)) => {
            log::info!("{}: read-only open failed ({e}); reading it as immutable", path.display());
            Connection::open_with_flags(format!("file:{}?immutable=1", uri_path(path)), flags).and_then(usable)
        }
        Err(e) => Err(e),
    }
}

/// Refuses an existing file, read only, unless it is an empty SQLite database or one of ours that
/// this build can open: a newer schema, a corrupt file or another program's database.
fn check_existing(path: &Path) -> Result<()> {
    let conn = open_for_reading(path).map_err(|e| classify(path, e))?;
    let found = schema_version(&conn).map_err(|e| classify(path, e))?;
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema { path: path.to_path_buf(), found, supported: SCHEMA_VERSION });
    }
    let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| classify(path, e))?;
    if check != "ok" {
        return Err(Error::Corrupt { path: path.to_path_buf(), detail: check });
    }
    if let Some(detail) = foreign(&conn).map_err(|e| classify(path, e))? {
        return Err(Error::NotADatabase { path: path.to_path_buf(), detail });
    }
    Ok(())
}

/// Why a readable SQLite database is not one of ours, if it is not: it carries another
/// program's application id, or it holds something and lacks our first migration.
fn foreign(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id == APPLICATION_ID {
        return Ok(None);
    }
    if app_id != 0 {
        return Ok(Some(format!("an SQLite database of another program (application_id {app_id:#x})")));
    }
    let objects: i64 = conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))?;
    let user_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if objects == 0 && user_version == 0 {
        return Ok(None); // an empty database: ours to set up
    }
    // Files made before the application id was set: ours when our first migration is recorded
    // and its tables are there.
    let ours: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration')
            AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'campaign')
            AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'framework')",
        [],
        |r| r.get(0),
    )?;
    if ours && conn.query_row("SELECT EXISTS (SELECT 1 FROM schema_migration WHERE version = 1 AND name = 'init')", [], |r| r.get::<_, bool>(0))? {
        return Ok(None);
    }
    Ok(Some(format!("an SQLite database of another program ({objects} objects, user_version {user_version})")))
}

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration')",
        [],
        |r| r.get(0),
    )?;
    let recorded: i64 = if has_table {
        conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migration", [], |r| r.get(0))?
    } else {
        0
    };
    let user_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(recorded.max(user_version))
}

/// SQLite makes the `-shm` file with the permissions of the database file: one made while the
/// database was read-only stays read-only after the database is made writable again, and every
/// write then fails. When the database may be written and its `-shm` may not, the `-shm` gets
/// the database's permissions back (it holds only an index of the WAL, rebuilt by SQLite).
fn repair_stale_shm(path: &Path) {
    let mut shm = path.as_os_str().to_owned();
    shm.push("-shm");
    let shm = PathBuf::from(shm);
    let (Ok(db), Ok(meta)) = (std::fs::metadata(path), std::fs::metadata(&shm)) else { return };
    if !db.permissions().readonly() && meta.permissions().readonly() {
        match std::fs::set_permissions(&shm, db.permissions()) {
            Ok(()) => log::warn!("{}: was read-only while the database is writable; permissions restored", shm.display()),
            Err(e) => log::warn!("{}: read-only and cannot be fixed: {e}", shm.display()),
        }
    }
}

/// A path as the path part of an SQLite `file:` URI (`%`, `?` and `#` escaped).
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

fn classify(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotADatabase { path: path.to_path_buf(), detail: e.to_string() },
        Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt { path: path.to_path_buf(), detail: e.to_string() },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Busy,
        Some(ErrorCode::ReadOnly) => Error::ReadOnly(format!("{}: {e}", path.display())),
        _ => Error::CannotOpen { path: path.to_path_buf(), detail: e.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_and_nothing_is_created_beside_it() {
        let err = Store::open("/dev/null").unwrap_err();
        assert_eq!(err.code(), "db_cannot_open");
        assert!(!Path::new("/dev/null-journal").exists() && !Path::new("/dev/null-wal").exists());
    }

    #[test]
    fn the_attachment_limit_stays_within_its_range() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("x.db")).unwrap();
        for mb in [0, 2049] {
            let e = store.set_max_attachment_mb(mb).unwrap_err();
            assert_eq!(e.user_message(), "Giới hạn tệp phải từ 1 đến 2048 MB.");
        }
        assert_eq!(store.setting("max_attachment_mb").unwrap(), None, "a refused limit is not stored");
        assert_eq!(store.set_max_attachment_mb(2048).unwrap(), 2048);
        assert_eq!(store.setting("max_attachment_mb").unwrap().as_deref(), Some("2048"));
    }
}
