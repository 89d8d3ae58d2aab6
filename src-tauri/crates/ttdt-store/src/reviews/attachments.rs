//! Documents attached as evidence (table `attachment`): stored once by content, beside the
//! database; detached, never deleted.

use std::path::PathBuf;

use rusqlite::{params, OptionalExtension, Row};
use sha2::{Digest, Sha256};

use super::locked;
use crate::{log_change, sniff, Change, Store};
use ttdt_model::domain::{Attachment, EvaluationStatus};
use ttdt_model::error::{Error, Result};

/// Default largest attachment, in MB (setting `max_attachment_mb` overrides).
pub const DEFAULT_MAX_ATTACHMENT_MB: u64 = 50;

impl Store {
    /// Folder of the content-addressed document store, beside the database.
    pub fn attachments_dir(&self) -> PathBuf {
        let stem = self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("ttdt");
        self.path.with_file_name(format!("{stem}-attachments"))
    }

    fn max_attachment_bytes(&self) -> Result<u64> {
        let mb = self.setting("max_attachment_mb")?.and_then(|v| v.parse::<u64>().ok()).unwrap_or(DEFAULT_MAX_ATTACHMENT_MB);
        Ok(mb * 1024 * 1024)
    }

    /// Attaches a document to a criterion. The type is sniffed from the bytes; the bytes are stored once,
    /// named by their SHA-256, so no file name can write outside the store.
    pub fn attach(&mut self, site_id: i64, code: &str, original_name: &str, bytes: &[u8]) -> Result<Attachment> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, code)?;
        let name = clean_name(original_name);
        if bytes.is_empty() {
            return Err(Error::invalid("file", "empty file", format!("Tệp “{name}” rỗng.")));
        }
        let max = self.max_attachment_bytes()?;
        if bytes.len() as u64 > max {
            return Err(Error::invalid(
                "file",
                format!("{} bytes over the {max} limit", bytes.len()),
                format!("Tệp “{name}” lớn quá giới hạn {} MB.", max / 1024 / 1024),
            ));
        }
        let kind = sniff::sniff(bytes).ok_or_else(|| {
            Error::invalid(
                "file",
                "unknown document type",
                format!("Tệp “{name}” không phải PDF, DOCX, XLSX, ODT, ODS hay ảnh (PNG, JPEG, GIF, WEBP): không đính kèm."),
            )
        })?;
        let sha = ttdt_model::text::hex(&Sha256::digest(bytes));
        let dest = self.blob_path(&sha);
        if !dest.exists() {
            crate::files::write_atomic(&dest, bytes)?;
        }
        let now = self.clock.stamp();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO attachment (evaluation_id, criterion_code, sha256, original_name, size, media_type, added_by, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![site.evaluation_id, criterion.code, sha, name, bytes.len() as i64, kind.media_type(), self.actor, now],
        )?;
        let id = tx.last_insert_rowid();
        let c = Change::new("attachment", format!("{}/{}", site.evaluation_id, criterion.code), "attached")
            .after(Some(format!("{name} ({}, {} byte, sha256 {})", kind.label(), bytes.len(), &sha[..12])));
        log_change(&tx, &now, &self.actor, c)?;
        tx.commit()?;
        self.attachment(id)
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
        let tx = self.conn.transaction()?;
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

/// The last path component of a name, without control characters: shown to people, never used as a path.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_string();
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
}
