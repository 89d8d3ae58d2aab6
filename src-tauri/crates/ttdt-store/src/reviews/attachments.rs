//! Documents attached as evidence (table `attachment`): stored once by content, beside the
//! database; detached, never deleted.

use std::path::PathBuf;

use rusqlite::{params, OptionalExtension, Row};
use sha2::{Digest, Sha256};

use super::locked;
use crate::{log_change, sniff, Change, Store};
use ttdt_model::domain::{Attachment, EvaluationStatus, Site};
use ttdt_model::error::{Error, Result};

/// Default largest attachment, in MB (setting `max_attachment_mb` overrides).
pub const DEFAULT_MAX_ATTACHMENT_MB: u64 = 50;

impl Store {
    /// Folder of the content-addressed document store, beside the database.
    pub fn attachments_dir(&self) -> PathBuf {
        let stem = self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("ttdt");
        self.path.with_file_name(format!("{stem}-attachments"))
    }

    /// The largest document accepted, in bytes (setting `max_attachment_mb`).
    pub fn max_attachment_bytes(&self) -> Result<u64> {
        let mb = self.setting("max_attachment_mb")?.and_then(|v| v.parse::<u64>().ok()).unwrap_or(DEFAULT_MAX_ATTACHMENT_MB);
        Ok(mb * 1024 * 1024)
    }

    /// Refuses a document of `size` bytes over the limit, naming the limit: callers check a
    /// file's length before they read or copy its bytes.
    pub fn check_attachment_size(&self, original_name: &str, size: u64) -> Result<()> {
        let max = self.max_attachment_bytes()?;
        if size > max {
            return Err(too_large(&clean_name(original_name), size, max));
        }
        Ok(())
    }

    /// Attaches a document to a criterion. The type is sniffed from the bytes; the bytes are stored once,
    /// named by their SHA-256, so no file name can write outside the store. The same content
    /// already attached to the criterion is not attached twice.
    pub fn attach(&mut self, site_id: i64, code: &str, original_name: &str, bytes: &[u8]) -> Result<Attachment> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, code)?;
        let doc = self.check_document(original_name, bytes)?;
        let ids = self.write_documents(&site, &criterion.code, &[doc], |_| Ok(()))?.0;
        self.attachment(ids[0])
    }

    /// A document checked before anything is written: not empty, within the limit, of a known kind.
    pub(super) fn check_document<'b>(&self, original_name: &str, bytes: &'b [u8]) -> Result<NewDocument<'b>> {
        let name = clean_name(original_name);
        if bytes.is_empty() {
            return Err(Error::invalid("file", "empty file", format!("Tệp “{name}” rỗng.")));
        }
        let max = self.max_attachment_bytes()?;
        if bytes.len() as u64 > max {
            return Err(too_large(&name, bytes.len() as u64, max));
        }
        let kind = sniff::sniff(bytes).ok_or_else(|| {
            Error::invalid(
                "file",
                "unknown document type",
                format!("Tệp “{name}” không phải PDF, DOCX, XLSX, ODT, ODS hay ảnh (PNG, JPEG, GIF, WEBP): không đính kèm."),
            )
        })?;
        let sha = ttdt_model::text::hex(&Sha256::digest(bytes));
        Ok(NewDocument { name, sha, kind, bytes })
    }

    /// Stores checked documents of a criterion and, in the same transaction, whatever `also`
    /// writes (a decision); returns the attachments' ids and what `also` returned. The bytes go
    /// to the content-addressed store first; when the transaction fails, the blobs this call
    /// wrote are removed again unless an attachment row refers to their hash. A document whose
    /// content is already attached to the criterion (and not detached) is not added again.
    pub(super) fn write_documents<T>(
        &mut self,
        site: &Site,
        code: &str,
        docs: &[NewDocument<'_>],
        also: impl FnOnce(&WriteContext<'_>) -> Result<T>,
    ) -> Result<(Vec<i64>, T)> {
        let mut written = Vec::new();
        for doc in docs {
            let dest = self.blob_path(&doc.sha);
            if !dest.exists() {
                if let Err(e) = crate::files::write_atomic(&dest, doc.bytes) {
                    self.remove_orphan_blobs(&written);
                    return Err(e);
                }
                written.push(doc.sha.clone());
            }
        }
        let now = self.clock.stamp();
        let outcome: Result<(Vec<i64>, T)> = (|| {
            let tx = crate::write_tx(&mut self.conn)?;
            let cx = WriteContext { tx: &tx, now: &now, actor: &self.actor };
            let mut ids = Vec::with_capacity(docs.len());
            for doc in docs {
                ids.push(insert_document(&cx, site, code, doc)?);
            }
            let also = also(&cx)?;
            tx.commit()?;
            Ok((ids, also))
        })();
        match outcome {
            Ok(out) => {
                // Another writer may have found one of these blobs unreferenced and removed it
                // between our write and our commit: put it back, the row now refers to it.
                for doc in docs {
                    let dest = self.blob_path(&doc.sha);
                    if !dest.exists() {
                        crate::files::write_atomic(&dest, doc.bytes)?;
                    }
                }
                Ok(out)
            }
            Err(e) => {
                self.remove_orphan_blobs(&written);
                Err(e)
            }
        }
    }

    /// Removes the blobs of `shas` that no attachment row refers to (a failed insert would leave
    /// them behind). Decided under the write lock, so that a writer attaching the same content
    /// either has committed its row (and the blob stays) or finds the blob gone after its commit
    /// (and writes it again). Best effort: an orphan left behind is only wasted space.
    fn remove_orphan_blobs(&mut self, shas: &[String]) {
        if shas.is_empty() {
            return;
        }
        let dir = self.attachments_dir();
        let Ok(tx) = crate::write_tx(&mut self.conn) else {
            return;
        };
        for sha in shas {
            let referenced = tx
                .query_row("SELECT EXISTS (SELECT 1 FROM attachment WHERE sha256 = ?1)", [sha], |r| r.get::<_, bool>(0))
                .unwrap_or(true);
            if !referenced {
                let path = dir.join(&sha[..2]).join(sha);
                if let Err(e) = std::fs::remove_file(&path) {
                    log::warn!("orphan document {} not removed: {e}", path.display());
                }
            }
        }
        drop(tx);
    }

    /// Detaches a document: it leaves the criterion, but stays in the store and in past records.
    pub fn detach(&mut self, attachment_id: i64, reason: &str) -> Result<Attachment> {
        let a = self.attachment(attachment_id)?;
        let status: String = self.conn.query_row(
            "SELECT e.status FROM evaluation e JOIN attachment a ON a.evaluation_id = e.id WHERE a.id = ?1",
            [attachment_id],
            |r| r.get(0),
        )?;
        if status == "finalised" {
            return Err(locked());
        }
        if a.detached_at.is_some() {
            return Ok(a);
        }
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        tx.execute(
            "UPDATE attachment SET detached_by = ?1, detached_at = ?2 WHERE id = ?3",
            params![self.actor, now, attachment_id],
        )?;
        let evaluation: i64 = tx.query_row("SELECT evaluation_id FROM attachment WHERE id = ?1", [attachment_id], |r| r.get(0))?;
        let mut c = Change::new("attachment", format!("{evaluation}/{}", a.criterion_code), "detached")
            .before(Some(a.original_name.clone()));
        c.reason = reason.trim().to_string();
        log_change(&tx, &now, &self.actor, c)?;
        tx.commit()?;
        self.attachment(attachment_id)
    }

    pub fn attachment(&self, id: i64) -> Result<Attachment> {
        self.conn
            .query_row(&format!("{ATTACHMENT_SELECT} WHERE id = ?1"), [id], attachment_row)
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "attachment", key: id.to_string() })
    }

    /// Documents of an evaluation; detached ones only when asked.
    pub(crate) fn attachments(&self, evaluation_id: i64, with_detached: bool) -> Result<Vec<Attachment>> {
        let filter = if with_detached { "" } else { " AND detached_at IS NULL" };
        let mut stmt =
            self.conn.prepare(&format!("{ATTACHMENT_SELECT} WHERE evaluation_id = ?1{filter} ORDER BY id"))?;
        let rows = stmt.query_map([evaluation_id], attachment_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The campaign a document was attached in (its framework copy holds the checklist).
    pub fn attachment_campaign(&self, id: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT e.campaign_id FROM attachment a JOIN evaluation e ON e.id = a.evaluation_id WHERE a.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "attachment", key: id.to_string() })
    }

    /// Where a document's bytes are, for opening it with the system viewer.
    pub fn attachment_file(&self, id: i64) -> Result<PathBuf> {
        let a = self.attachment(id)?;
        let p = self.blob_path(&a.sha256);
        if !p.exists() {
            return Err(Error::invalid(
                "file",
                format!("blob {} missing", a.sha256),
                format!("Không tìm thấy tệp “{}” trong kho tài liệu.", a.original_name),
            ));
        }
        Ok(p)
    }

    fn blob_path(&self, sha: &str) -> PathBuf {
        // `sha` is 64 hex digits computed here, never a user-supplied name.
        self.attachments_dir().join(&sha[..2]).join(sha)
    }

    /// Whether a document is attached (and not detached) to a criterion of an evaluation.
    pub(super) fn has_document(&self, evaluation_id: i64, code: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM attachment WHERE evaluation_id = ?1 AND criterion_code = ?2
                            AND detached_at IS NULL)",
            params![evaluation_id, code],
            |r| r.get(0),
        )?)
    }
}

/// A document checked and about to be stored.
pub(super) struct NewDocument<'b> {
    /// The original name, cleaned ([`clean_name`]).
    name: String,
    sha: String,
    kind: sniff::DocKind,
    bytes: &'b [u8],
}

/// What a write inside [`Store::write_documents`]' transaction needs.
pub(super) struct WriteContext<'t> {
    pub tx: &'t rusqlite::Transaction<'t>,
    pub now: &'t str,
    pub actor: &'t str,
}

/// Adds a document's row and its change-log entry, unless the same content is already attached
/// to the criterion; returns the attachment's id.
fn insert_document(cx: &WriteContext<'_>, site: &Site, code: &str, doc: &NewDocument<'_>) -> Result<i64> {
    let existing: Option<i64> = cx
        .tx
        .query_row(
            "SELECT id FROM attachment WHERE evaluation_id = ?1 AND criterion_code = ?2 AND sha256 = ?3
                 AND detached_at IS NULL ORDER BY id LIMIT 1",
            params![site.evaluation_id, code, doc.sha],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let size = doc.bytes.len();
    cx.tx.execute(
        "INSERT INTO attachment (evaluation_id, criterion_code, sha256, original_name, size, media_type, added_by, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![site.evaluation_id, code, doc.sha, doc.name, size as i64, doc.kind.media_type(), cx.actor, cx.now],
    )?;
    let id = cx.tx.last_insert_rowid();
    let c = Change::new("attachment", format!("{}/{code}", site.evaluation_id), "attached")
        .after(Some(format!("{} ({}, {size} byte, sha256 {})", doc.name, doc.kind.label(), &doc.sha[..12])));
    log_change(cx.tx, cx.now, cx.actor, c)?;
    Ok(id)
}

/// The refusal of a document over the limit, naming the limit.
fn too_large(name: &str, size: u64, max: u64) -> Error {
    Error::invalid(
        "file",
        format!("{size} bytes over the {max} limit"),
        format!("Tệp “{name}” lớn quá giới hạn {} MB.", max / 1024 / 1024),
    )
}

const ATTACHMENT_SELECT: &str = "SELECT id, criterion_code, sha256, original_name, size, media_type, added_by, added_at,
        detached_by, detached_at FROM attachment";

fn attachment_row(r: &Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        criterion_code: r.get(1)?,
        sha256: r.get(2)?,
        original_name: r.get(3)?,
        size: r.get(4)?,
        media_type: r.get(5)?,
        added_by: r.get(6)?,
        added_at: r.get(7)?,
        detached_by: r.get(8)?,
        detached_at: r.get(9)?,
    })
}

/// The last path component of a name, in NFC, without control or format characters (bidi
/// controls such as U+202E would show "evil\u{202E}fdp.exe" as "evilexe.pdf"; zero-width
/// characters make two names look alike): shown to people, never used as a path.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned = ttdt_model::text::visible_text(base);
    let cleaned = if cleaned.is_empty() || cleaned == "." || cleaned == ".." { "tai-lieu".to_string() } else { cleaned };
    cleaned.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_become_paths() {
        assert_eq!(clean_name("../../x"), "x");
        assert_eq!(clean_name("..\\..\\Windows\\evil.pdf"), "evil.pdf");
        assert_eq!(clean_name(".."), "tai-lieu");
        assert_eq!(clean_name("Quy\u{0}chế.pdf"), "Quychế.pdf");
    }

    /// Bidi controls and zero-width characters stayed in recorded names: "hoa-don\u{202E}fdp.exe"
    /// showed as "hoa-donexe.pdf".
    #[test]
    fn names_lose_invisible_characters_and_are_composed() {
        assert_eq!(clean_name("hoa-don\u{202E}fdp.exe"), "hoa-donfdp.exe");
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{7}'] {
            assert_eq!(clean_name(&format!("{c}quy-che{c}.pdf{c}")), "quy-che.pdf", "U+{:04X}", c as u32);
        }
        let decomposed = "Quye\u{302}\u{301}t đi\u{323}nh.pdf";
        assert_eq!(clean_name(decomposed), "Quyết định.pdf");
        assert_eq!(clean_name("\u{202E}\u{200B}"), "tai-lieu");
        assert_eq!(clean_name("a/\u{202E}../"), "tai-lieu");
    }

    const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

    /// A store with one provincial site in a campaign of the 2026 framework: (store, site id, its folder).
    fn site() -> (Store, i64, tempfile::TempDir) {
        use ttdt_model::domain::{Level, NewCampaign, SiteInput};
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let c = store
            .create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() })
            .unwrap();
        let s = store
            .add_site(c.id, &SiteInput {
                agency_name: "UBND tỉnh Sơn Hà".into(),
                level: Level::Province,
                block: String::new(),
                url: "https://sonha.gov.vn".into(),
                parent_site_id: None,
            })
            .unwrap();
        (store, s.id, dir)
    }

    /// Makes every attachment insert fail, as a full disk would.
    fn fail_inserts(store: &Store) {
        store
            .conn
            .execute_batch("CREATE TEMP TRIGGER full_disk BEFORE INSERT ON attachment BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
            .unwrap();
    }

    fn blob_count(store: &Store) -> usize {
        let Ok(dirs) = std::fs::read_dir(store.attachments_dir()) else { return 0 };
        dirs.map(|d| std::fs::read_dir(d.unwrap().path()).unwrap().count()).sum()
    }

    /// A failed insert left the blob it had just written behind, referred to by nothing.
    #[test]
    fn a_failed_insert_leaves_no_orphan_blob() {
        let (mut store, site, _dir) = site();
        fail_inserts(&store);
        assert!(store.attach(site, "AT.01", "quy-che.pdf", PDF).is_err());
        let sha = ttdt_model::text::hex(&Sha256::digest(PDF));
        assert!(!store.blob_path(&sha).exists(), "orphan blob left behind");
        assert_eq!(blob_count(&store), 0);
        store.conn.execute_batch("DROP TRIGGER full_disk").unwrap();

        // A blob another row refers to stays when a second attach of the same bytes fails.
        let a = store.attach(site, "AT.01", "quy-che.pdf", PDF).unwrap();
        fail_inserts(&store);
        assert!(store.attach(site, "AT.02", "ban-sao.pdf", PDF).is_err());
        assert!(store.attachment_file(a.id).unwrap().exists());
        assert_eq!(blob_count(&store), 1);
    }

    /// The same content attached twice to a criterion is one attachment.
    #[test]
    fn the_same_content_is_attached_once() {
        let (mut store, site, _dir) = site();
        let a = store.attach(site, "AT.01", "quy-che.pdf", PDF).unwrap();
        let b = store.attach(site, "AT.01", "quy-che (1).pdf", PDF).unwrap();
        assert_eq!(a.id, b.id);
        let other = store.attach(site, "AT.02", "quy-che.pdf", PDF).unwrap();
        assert_ne!(a.id, other.id, "another criterion gets its own row");
        store.detach(a.id, "Nhầm").unwrap();
        let again = store.attach(site, "AT.01", "quy-che.pdf", PDF).unwrap();
        assert_ne!(again.id, a.id, "a detached document is attached anew");
    }

    /// A refused decision attached its documents anyway when attaching came first.
    #[test]
    fn a_refused_decision_attaches_nothing() {
        use ttdt_model::domain::{Outcome, ReviewInput};
        let (mut store, site, _dir) = site();
        let evaluation = store.site(site).unwrap().evaluation_id;
        let input = |outcome, points| ReviewInput { outcome, share: None, points, note: String::new(), checklist: vec![], reason: String::new() };
        // Points out of range, a partial without points, a tool's outcome: each refused, nothing attached.
        for bad in [input(Outcome::Partial, Some(99.0)), input(Outcome::Partial, None), input(Outcome::Error, None)] {
            assert!(store.review_with_documents(site, "AT.01", &bad, &[("quy-che.pdf", PDF)]).is_err());
        }
        // A document that is not one refuses the decision too.
        assert!(store.review_with_documents(site, "AT.01", &input(Outcome::Fail, None), &[("x.pdf", b"MZ\x90\0")]).is_err());
        assert!(store.attachments(evaluation, true).unwrap().is_empty());
        assert_eq!(blob_count(&store), 0);
        assert!(store.changes_of("attachment", format!("{evaluation}/AT.01").as_str()).unwrap().is_empty());

        // The required document comes with the pass it allows, in one step; repeating it adds no copy.
        let (r, docs) = store.review_with_documents(site, "AT.01", &input(Outcome::Pass, None), &[("quy-che.pdf", PDF)]).unwrap();
        assert_eq!((r.outcome, docs.len()), (Outcome::Pass, 1));
        let (again, docs_again) = store.review_with_documents(site, "AT.01", &input(Outcome::Pass, None), &[("quy-che.pdf", PDF)]).unwrap();
        assert_eq!((again.id, docs_again[0].id), (r.id, docs[0].id));
        assert_eq!(store.attachments(evaluation, true).unwrap().len(), 1);

        // A failed write of the decision takes its documents with it.
        store
            .conn
            .execute_batch("CREATE TEMP TRIGGER full_disk BEFORE INSERT ON criterion_result BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")
            .unwrap();
        let png = b"\x89PNG\r\n\x1a\n....";
        assert!(store.review_with_documents(site, "AT.02", &input(Outcome::Fail, None), &[("anh.png", png)]).is_err());
        assert_eq!(store.attachments(evaluation, true).unwrap().len(), 1);
        assert_eq!(blob_count(&store), 1, "the new blob is removed, the referenced one stays");
    }
}
