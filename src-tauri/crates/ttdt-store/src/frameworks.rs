//! Tables `framework`, `framework_group`, `framework_criterion`: the frameworks installed here.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{log_change, Change, Store};
use ttdt_model::domain::{Criterion, CriterionGroup, Method};
use ttdt_model::views::{FrameworkDetail, FrameworkSummary};
use ttdt_model::error::{Error, Result};
use ttdt_model::framework::{self, Framework};

/// Columns of a criterion row, the same in `framework_criterion` and `campaign_criterion`.
pub(super) const CRITERION_COLUMNS: &str = "code, group_code, title, method, points, levels, legal_basis, guidance, \
     checks, checklist, documents, document_required";

/// Reads a row selected with `CRITERION_COLUMNS` (then `retired` when `with_retired`).
pub(super) fn criterion_row(r: &Row<'_>, with_retired: bool) -> rusqlite::Result<Criterion> {
    let json_list = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let method: String = r.get(3)?;
    Ok(Criterion {
        code: r.get(0)?,
        group_code: r.get(1)?,
        title: r.get(2)?,
        method: Method::parse(&method).unwrap_or(Method::Manual),
        points: r.get(4)?,
        levels: serde_json::from_str(&json_list(5)?).unwrap_or_default(),
        legal_basis: serde_json::from_str(&json_list(6)?).unwrap_or_default(),
        guidance: r.get(7)?,
        checks: serde_json::from_str(&json_list(8)?).unwrap_or_default(),
        checklist: serde_json::from_str(&json_list(9)?).unwrap_or_default(),
        documents: serde_json::from_str(&json_list(10)?).unwrap_or_default(),
        document_required: r.get(11)?,
        retired: if with_retired { r.get(12)? } else { false },
    })
}

pub(super) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// Makes sure every shipped framework is present and current. Campaigns keep their own copies,
    /// so refreshing a shipped framework never changes a campaign.
    pub(super) fn seed_frameworks(&mut self) -> Result<()> {
        // Every open reads first; the write lock is taken only when a shipped file changed, so
        // opening the database (each CLI command) does not wait for another writer.
        let mut current = true;
        for (fw, source) in framework::builtin_with_source() {
            let stored: Option<String> =
                self.conn.query_row("SELECT source FROM framework WHERE id = ?1", [&fw.id], |r| r.get(0)).optional()?;
            current &= stored.as_deref() == Some(source);
        }
        if current {
            return Ok(());
        }
        let tx = crate::write_tx(&mut self.conn)?;
        for (fw, source) in framework::builtin_with_source() {
            let stored: Option<String> =
                tx.query_row("SELECT source FROM framework WHERE id = ?1", [&fw.id], |r| r.get(0)).optional()?;
            if stored.as_deref() != Some(source) {
                delete_framework(&tx, &fw.id)?;
                insert_framework(&tx, &fw, source, &self.clock.stamp())?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn list_frameworks(&self) -> Result<Vec<FrameworkSummary>> {
        let mut stmt = self.conn.prepare(&format!("{SUMMARY_SELECT} ORDER BY f.year DESC, f.id"))?;
        let rows = stmt.query_map([], summary_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An installed framework with its groups and criteria.
    pub fn framework_detail(&self, id: &str) -> Result<FrameworkDetail> {
        let not_found = || Error::NotFound { entity: "framework", key: id.to_string() };
        let summary =
            self.conn.query_row(&format!("{SUMMARY_SELECT} WHERE f.id = ?1"), [id], summary_row).optional()?.ok_or_else(not_found)?;
        let legal: String = self.conn.query_row("SELECT legal_texts FROM framework WHERE id = ?1", [id], |r| r.get(0))?;
        let mut stmt = self.conn.prepare(
            "SELECT code, name, points, separate_ranking FROM framework_group WHERE framework_id = ?1 ORDER BY position",
        )?;
        let groups = stmt
            .query_map([id], |r| {
                Ok(CriterionGroup { code: r.get(0)?, name: r.get(1)?, points: r.get(2)?, separate_ranking: r.get(3)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CRITERION_COLUMNS} FROM framework_criterion WHERE framework_id = ?1 ORDER BY position"
        ))?;
        let criteria = stmt.query_map([id], |r| criterion_row(r, false))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(FrameworkDetail { summary, legal_texts: serde_json::from_str(&legal).unwrap_or_default(), groups, criteria })
    }

    /// The framework file a framework was loaded from.
    pub fn framework_source(&self, id: &str) -> Result<String> {
        self.conn
            .query_row("SELECT source FROM framework WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "framework", key: id.to_string() })
    }

    /// Imports a framework file: all of it in one transaction, or nothing.
    /// An existing id is refused unless `replace`; a shipped framework is never replaced.
    /// `known_check` tells which automated checks the criteria may bind (`ttdt_checks::is_known`).
    pub fn import_framework(&mut self, text: &str, replace: bool, known_check: framework::KnownCheck<'_>) -> Result<FrameworkSummary> {
        let fw = framework::parse(text, known_check)?;
        let shipped = framework::builtin().iter().any(|b| b.id == fw.id);
        let tx = crate::write_tx(&mut self.conn)?;
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM framework WHERE id = ?1)", [&fw.id], |r| r.get(0))?;
        if exists && (shipped || !replace) {
            return Err(Error::Framework {
                id: fw.id.clone(),
                reason: if shipped {
                    "trùng mã với bộ tiêu chí có sẵn của chương trình; hãy đổi id".into()
                } else {
                    "đã có bộ tiêu chí mang mã này; hãy đổi id hoặc chọn thay thế".into()
                },
            });
        }
        if exists {
            delete_framework(&tx, &fw.id)?;
        }
        insert_framework(&tx, &fw, text, &self.clock.stamp())?;
        let what = format!("{} v{} ({} tiêu chí)", fw.name, fw.version, fw.criteria.len());
        let field = if exists { "replaced" } else { "imported" };
        log_change(&tx, &self.clock.stamp(), &self.actor, Change::new("framework", &fw.id, field).after(Some(what)))?;
        tx.commit()?;
        self.conn
            .query_row(&format!("{SUMMARY_SELECT} WHERE f.id = ?1"), [&fw.id], summary_row)
            .map_err(Error::from)
    }
}

const SUMMARY_SELECT: &str = "SELECT f.id, f.name, f.year, f.version,
        (SELECT COUNT(*) FROM framework_criterion c WHERE c.framework_id = f.id),
        (SELECT COALESCE(SUM(c.points), 0) FROM framework_criterion c JOIN framework_group g
            ON g.framework_id = c.framework_id AND g.code = c.group_code
          WHERE c.framework_id = f.id AND g.separate_ranking = 0)
     FROM framework f";

fn summary_row(r: &Row<'_>) -> rusqlite::Result<FrameworkSummary> {
    Ok(FrameworkSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        year: r.get(2)?,
        version: r.get(3)?,
        criterion_count: r.get(4)?,
        max_points: r.get(5)?,
    })
}

fn delete_framework(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute("DELETE FROM framework_criterion WHERE framework_id = ?1", [id])?;
    tx.execute("DELETE FROM framework_group WHERE framework_id = ?1", [id])?;
    tx.execute("DELETE FROM framework WHERE id = ?1", [id])?;
    Ok(())
}

fn insert_framework(tx: &Transaction<'_>, fw: &Framework, source: &str, now: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO framework (id, name, year, version, source, imported_at, legal_texts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![fw.id, fw.name, fw.year, fw.version, source, now, to_json(&fw.legal_texts)],
    )?;
    for (pos, g) in fw.groups.iter().enumerate() {
        tx.execute(
            "INSERT INTO framework_group (framework_id, code, name, points, separate_ranking, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![fw.id, g.code, g.name, g.points, g.separate_ranking, pos as i64],
        )?;
    }
    for (pos, c) in fw.criteria.iter().enumerate() {
        tx.execute(
            &format!(
                "INSERT INTO framework_criterion (framework_id, {CRITERION_COLUMNS}, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
            ),
            params![
                fw.id,
                c.code,
                c.group,
                c.title,
                c.method.as_str(),
                c.points,
                to_json(&c.levels),
                to_json(&c.legal_basis),
                c.guidance,
                to_json(&c.checks),
                to_json(&c.checklist),
                to_json(&c.documents),
                c.document_required,
                pos as i64
            ],
        )?;
    }
    Ok(())
}
