//! The reviewer's work: identity, decisions with overrides, documents, status and the audit trail.
//! Tables `criterion_result`, `attachment`, `evaluation` (status), `change_log`.

use std::path::PathBuf;

use rusqlite::{params, OptionalExtension, Row};
use sha2::{Digest, Sha256};

use super::{log_change, Change, Store};
use ttdt_model::domain::{Attachment, AuditEntry, Criterion, CriterionResult, EvaluationStatus, NewResult, Outcome, ResultMode, Reviewer, ReviewInput, Site};
use ttdt_model::views::{SiteProgress};
use ttdt_model::error::{Error, Result};
use ttdt_model::scoring::{self, Judged, Standing};
use crate::sniff;

/// Default largest attachment, in MB (setting `max_attachment_mb` overrides).
pub const DEFAULT_MAX_ATTACHMENT_MB: u64 = 50;

fn locked() -> Error {
    Error::invalid(
        "evaluation",
        "evaluation is finalised",
        "Phiếu đánh giá đã chốt, không sửa được. Hãy mở lại (kèm lý do) nếu cần sửa.",
    )
}

impl Store {
    // ------------------------------------------------------------------ reviewer

    /// The reviewer recorded at this installation, if any.
    pub fn reviewer(&self) -> Result<Option<Reviewer>> {
        let name = self.setting("reviewer_name")?;
        Ok(name.map(|name| Reviewer { name, unit: self.setting("reviewer_unit").ok().flatten().unwrap_or_default() }))
    }

    /// Records who is working here. Past records keep the names they were stamped with.
    pub fn set_reviewer(&mut self, reviewer: &Reviewer) -> Result<Reviewer> {
        let name = reviewer.name.split_whitespace().collect::<Vec<_>>().join(" ");
        let unit = reviewer.unit.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Error::invalid("name", "empty", "Hãy nhập họ tên người đánh giá."));
        }
        if name.chars().count() > 120 || unit.chars().count() > 200 {
            return Err(Error::invalid("name", "too long", "Họ tên hoặc đơn vị quá dài."));
        }
        self.set_setting("reviewer_name", &name)?;
        self.set_setting("reviewer_unit", &unit)?;
        self.actor = actor_label(&name, &unit);
        Ok(Reviewer { name, unit })
    }

    // ------------------------------------------------------------------ results

    fn criterion_for(&self, site: &Site, code: &str) -> Result<Criterion> {
        let c = self
            .campaign_criteria(site.campaign_id)?
            .into_iter()
            .find(|c| c.code == code)
            .ok_or_else(|| Error::NotFound { entity: "criterion", key: code.to_string() })?;
        if c.retired {
            return Err(Error::invalid("criterion", "retired", format!("Tiêu chí {code} đã ngừng áp dụng.")));
        }
        Ok(c)
    }

    /// Records a result of the automated checks (or of an outside tool). Never touches a reviewer's decision.
    pub fn record_tool_result(&mut self, site_id: i64, input: &NewResult) -> Result<CriterionResult> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, &input.criterion_code)?;
        let share = match input.outcome {
            Outcome::Pass => 1.0,
            Outcome::Partial => input.share,
            _ => 0.0,
        };
        check_share(&criterion.code, share)?;
        let evidence = if input.evidence.is_null() { serde_json::json!({}) } else { input.evidence.clone() };
        let change = Change::new("criterion_result", format!("{}/{}", site.evaluation_id, criterion.code), "tool_outcome");
        self.insert_result(&site, &criterion, input.outcome, share, ResultMode::Automatic, &evidence, &input.note, change)
    }

    /// A reviewer's decision on one criterion. It becomes the effective result; the tool's stays on record.
    /// A decision that differs from the tool's result is an override and needs a reason.
    pub fn review(&mut self, site_id: i64, code: &str, input: &ReviewInput) -> Result<CriterionResult> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, code)?;
        if !criterion.applies_to(site.level) {
            return Err(Error::invalid(
                "criterion",
                "not applicable to this level",
                format!("Tiêu chí {code} không áp dụng cho cấp của trang này."),
            ));
        }
        let share = match input.outcome {
            Outcome::Pass => 1.0,
            Outcome::Fail | Outcome::NotApplicable => 0.0,
            Outcome::Partial => match (input.points, input.share) {
                (Some(p), _) => {
                    if !(p.is_finite() && p >= 0.0 && p <= criterion.points) {
                        return Err(Error::invalid(
                            "points",
                            format!("{code}: points {p} outside 0..={}", criterion.points),
                            format!("Điểm của tiêu chí {code} phải từ 0 đến {}.", fmt_points(criterion.points)),
                        ));
                    }
                    if criterion.points > 0.0 { p / criterion.points } else { 0.0 }
                }
                (None, Some(s)) => s,
                (None, None) => {
                    return Err(Error::invalid(
                        "points",
                        "partial without points",
                        format!("Đạt một phần: hãy nhập số điểm của tiêu chí {code}."),
                    ))
                }
            },
            other => {
                return Err(Error::invalid(
                    "outcome",
                    format!("reviewer outcome {} not allowed", other.as_str()),
                    "Người đánh giá chỉ chọn: Đạt, Đạt một phần, Không đạt hoặc Không áp dụng.",
                ))
            }
        };
        check_share(code, share)?;
        let current = self.results_by_code(site.evaluation_id)?.remove(code).unwrap_or_default();
        if criterion.document_required && matches!(input.outcome, Outcome::Pass | Outcome::Partial) {
            let has_doc: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM attachment WHERE evaluation_id = ?1 AND criterion_code = ?2
                                AND detached_at IS NULL)",
                params![site.evaluation_id, code],
                |r| r.get(0),
            )?;
            if !has_doc {
                return Err(Error::invalid(
                    "attachment",
                    format!("{code} requires a document"),
                    format!("Tiêu chí {code} bắt buộc có tài liệu minh chứng: hãy đính kèm trước khi chấm đạt."),
                ));
            }
        }
        let overrides = current.tool.as_ref().is_some_and(|t| t.outcome != input.outcome);
        let reason = input.reason.trim();
        if overrides && reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "override without a reason",
                format!("Kết quả khác với kết quả của công cụ: hãy ghi lý do điều chỉnh cho tiêu chí {code}."),
            ));
        }
        if input.checklist.len() > criterion.checklist.len() {
            return Err(Error::invalid("checklist", "too many items", "Danh mục kiểm tra không khớp với tiêu chí."));
        }
        let mode = if overrides { ResultMode::Override } else { ResultMode::Manual };
        let evidence = serde_json::json!({
            "checklist": input.checklist,
            "reviewed_tool_result": current.tool.as_ref().map(|t| t.id),
            "reviewed_tool_outcome": current.tool.as_ref().map(|t| t.outcome.as_str()),
            "reason": reason,
        });
        // Log each field that changed against the reviewer's previous decision.
        let before = current.review.as_ref();
        let entity = format!("{}/{}", site.evaluation_id, code);
        let fields: [(&'static str, Option<String>, String); 4] = [
            ("outcome", before.map(|b| b.outcome.as_str().to_string()), input.outcome.as_str().to_string()),
            ("points", before.map(|b| fmt_points(b.points)), fmt_points(scoring::criterion_points(criterion.points, Judged { outcome: input.outcome, share }))),
            ("note", before.map(|b| b.note.clone()), input.note.trim().to_string()),
            ("checklist", before.map(|b| b.evidence.get("checklist").map(|v| v.to_string()).unwrap_or_default()), serde_json::to_string(&input.checklist).unwrap_or_default()),
        ];
        let changes: Vec<Change> = fields
            .into_iter()
            .filter(|(_, old, new)| old.as_deref() != Some(new.as_str()) && !(old.is_none() && (new.is_empty() || new == "[]")))
            .map(|(field, old, new)| {
                let mut c = Change::new("criterion_result", &entity, field).before(old).after(Some(new));
                c.reason = reason.to_string();
                c
            })
            .collect();
        if changes.is_empty() {
            if let Some(b) = before {
                return Ok(b.clone()); // nothing changed: no new row
            }
        }
        self.insert_results_with_log(&site, &criterion, input.outcome, share, mode, &evidence, &input.note, changes)
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_result(
        &mut self,
        site: &Site,
        criterion: &Criterion,
        outcome: Outcome,
        share: f64,
        mode: ResultMode,
        evidence: &serde_json::Value,
        note: &str,
        change: Change,
    ) -> Result<CriterionResult> {
        let what = format!("{} ({})", outcome.as_str(), fmt_points(scoring::criterion_points(criterion.points, Judged { outcome, share })));
        self.insert_results_with_log(site, criterion, outcome, share, mode, evidence, note, vec![change.after(Some(what))])
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_results_with_log(
        &mut self,
        site: &Site,
        criterion: &Criterion,
        outcome: Outcome,
        share: f64,
        mode: ResultMode,
        evidence: &serde_json::Value,
        note: &str,
        changes: Vec<Change>,
    ) -> Result<CriterionResult> {
        let points = scoring::criterion_points(criterion.points, Judged { outcome, share });
        let now = self.clock.stamp();
        let tx = self.conn.transaction()?;
        let previous: Option<i64> = tx
            .query_row(
                "SELECT MAX(id) FROM criterion_result WHERE evaluation_id = ?1 AND criterion_code = ?2",
                params![site.evaluation_id, criterion.code],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        tx.execute(
            "INSERT INTO criterion_result (evaluation_id, criterion_code, outcome, share, points, mode, evidence,
                                           note, asserted_by, asserted_at, supersedes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                site.evaluation_id,
                criterion.code,
                outcome.as_str(),
                share,
                points,
                mode.as_str(),
                evidence.to_string(),
                note.trim(),
                self.actor,
                now,
                previous
            ],
        )?;
        let id = tx.last_insert_rowid();
        for c in changes {
            log_change(&tx, &now, &self.actor, c)?;
        }
        tx.commit()?;
        Ok(CriterionResult {
            id,
            criterion_code: criterion.code.clone(),
            outcome,
            share,
            points,
            mode,
            evidence: evidence.clone(),
            note: note.trim().to_string(),
            asserted_by: self.actor.clone(),
            asserted_at: now,
        })
    }

    // ------------------------------------------------------------------ status

    /// Applicable criteria that still need a decision, for a site.
    pub fn blocking_criteria(&self, site_id: i64) -> Result<Vec<String>> {
        Ok(self.site_detail(site_id)?.score.blocking)
    }

    /// draft → submitted, when every applicable criterion has a final outcome.
    pub fn submit(&mut self, site_id: i64) -> Result<Site> {
        let site = self.site(site_id)?;
        match site.status {
            EvaluationStatus::Finalised => return Err(locked()),
            EvaluationStatus::Submitted => return Ok(site),
            EvaluationStatus::Draft => {}
        }
        let blocking = self.blocking_criteria(site_id)?;
        if !blocking.is_empty() {
            return Err(Error::Blocked { codes: blocking });
        }
        self.set_status(&site, EvaluationStatus::Submitted, "")
    }

    /// submitted → finalised: locked, with who and when recorded. A draft with nothing blocking is submitted first.
    pub fn finalise(&mut self, site_id: i64) -> Result<Site> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let blocking = self.blocking_criteria(site_id)?;
        if !blocking.is_empty() {
            return Err(Error::Blocked { codes: blocking });
        }
        let site = if site.status == EvaluationStatus::Draft { self.submit(site_id)? } else { site };
        self.set_status(&site, EvaluationStatus::Finalised, "")
    }

    /// Back to draft, only with a reason.
    pub fn reopen(&mut self, site_id: i64, reason: &str) -> Result<Site> {
        let site = self.site(site_id)?;
        if reason.trim().is_empty() {
            return Err(Error::invalid("reason", "reopen without a reason", "Hãy ghi lý do mở lại phiếu đánh giá."));
        }
        if site.status == EvaluationStatus::Draft {
            return Ok(site);
        }
        self.set_status(&site, EvaluationStatus::Draft, reason.trim())
    }

    fn set_status(&mut self, site: &Site, status: EvaluationStatus, reason: &str) -> Result<Site> {
        let now = self.clock.stamp();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE evaluation SET status = ?1, status_by = ?2, status_at = ?3 WHERE id = ?4",
            params![status.as_str(), self.actor, now, site.evaluation_id],
        )?;
        let mut c = Change::new("evaluation", site.evaluation_id, "status")
            .before(Some(site.status.as_str().to_string()))
            .after(Some(status.as_str().to_string()));
        c.reason = reason.to_string();
        log_change(&tx, &now, &self.actor, c)?;
        tx.commit()?;
        self.site(site.id)
    }

    /// Per site of a campaign: criteria done, blocked and left.
    pub fn campaign_progress(&self, campaign_id: i64) -> Result<Vec<SiteProgress>> {
        // The score cards already say where each criterion stands; load them in one pass.
        let data = self.campaign_scores(campaign_id)?;
        Ok(data
            .scores
            .iter()
            .map(|s| {
                let mut p = SiteProgress { site_id: s.site_id, done: 0, blocked: 0, left: 0, applicable: 0 };
                for c in &s.card.criteria {
                    match (c.standing, c.outcome) {
                        (Standing::Excluded, _) => {}
                        (Standing::Scored, _) => p.done += 1,
                        (Standing::Blocking, Some(_)) => p.blocked += 1,
                        (Standing::Blocking, None) => p.left += 1,
                    }
                }
                p.applicable = p.done + p.blocked + p.left;
                p
            })
            .collect())
    }

    // ------------------------------------------------------------------ documents

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
    pub(super) fn attachments(&self, evaluation_id: i64, with_detached: bool) -> Result<Vec<Attachment>> {
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

    // ------------------------------------------------------------------ audit

    /// Who changed what in a site's evaluation, oldest first.
    pub fn audit_trail(&self, site_id: i64, criterion: Option<&str>) -> Result<Vec<AuditEntry>> {
        let site = self.site(site_id)?;
        let e = site.evaluation_id.to_string();
        let prefix = match criterion {
            Some(code) => format!("{e}/{code}"),
            None => format!("{e}/%"),
        };
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, entity, entity_id, field, old_value, new_value, reason FROM change_log
             WHERE (entity IN ('criterion_result', 'attachment') AND entity_id LIKE ?1)
                OR (?2 AND entity = 'evaluation' AND entity_id = ?3)
                OR (?2 AND entity = 'site' AND entity_id = ?4)
             ORDER BY id",
        )?;
        let rows = stmt.query_map(params![prefix, criterion.is_none(), e, site.id.to_string()], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
                field: r.get(4)?,
                old_value: r.get(5)?,
                new_value: r.get(6)?,
                reason: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The audit trail of a site as CSV (UTF-8 with BOM, for spreadsheet programs).
    pub fn audit_csv(&self, site_id: i64) -> Result<String> {
        let mut out = String::from("\u{feff}Thời điểm,Người thực hiện,Đối tượng,Mã,Trường,Giá trị cũ,Giá trị mới,Lý do\r\n");
        for a in self.audit_trail(site_id, None)? {
            let cells = [
                a.at,
                a.actor,
                a.entity,
                a.entity_id,
                a.field,
                a.old_value.unwrap_or_default(),
                a.new_value.unwrap_or_default(),
                a.reason,
            ];
            out.push_str(&cells.iter().map(|c| ttdt_model::text::csv_cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        Ok(out)
    }

    /// Saves the audit trail of a site as a CSV file.
    pub fn save_audit_csv(&self, site_id: i64, to: &crate::files::Destination) -> Result<PathBuf> {
        let text = self.audit_csv(site_id)?;
        let path = to.path(&format!("nhat-ky-danh-gia-trang-{site_id}.csv"));
        crate::files::write_atomic(&path, text.as_bytes())?;
        Ok(path)
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

fn check_share(code: &str, share: f64) -> Result<()> {
    if share.is_finite() && (0.0..=1.0).contains(&share) {
        Ok(())
    } else {
        Err(Error::invalid(
            "share",
            format!("{code}: share {share} outside 0..1"),
            format!("Tỷ lệ đạt của tiêu chí {code} phải từ 0 đến 1."),
        ))
    }
}

pub(super) fn actor_label(name: &str, unit: &str) -> String {
    if unit.is_empty() { name.to_string() } else { format!("{name} ({unit})") }
}

fn fmt_points(p: f64) -> String {
    let s = format!("{p:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
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

    #[test]
    fn points_are_written_the_vietnamese_way() {
        assert_eq!(fmt_points(1.5), "1,5");
        assert_eq!(fmt_points(4.0), "4");
        assert_eq!(fmt_points(0.0), "0");
    }
}
