//! The audit trail of a site's evaluation (table `change_log`), and its CSV.

use std::path::PathBuf;

use rusqlite::params;

use crate::Store;
use ttdt_model::domain::AuditEntry;
use ttdt_model::error::Result;

impl Store {
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
