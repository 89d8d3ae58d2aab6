//! Tables `framework`, `framework_group`, `framework_criterion`.

use rusqlite::{params, OptionalExtension, Transaction};

use super::Store;
use crate::domain::FrameworkSummary;
use crate::error::{Error, Result};
use crate::framework::{self, Framework};

impl Store {
    /// Makes sure every shipped framework is present. Existing rows are left alone.
    pub(super) fn seed_frameworks(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (fw, source) in framework::builtin_with_source() {
            let exists: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM framework WHERE id = ?1)", [&fw.id], |r| r.get(0))?;
            if !exists {
                insert_framework(&tx, &fw, source, &self.clock.stamp())?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn list_frameworks(&self) -> Result<Vec<FrameworkSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT f.id, f.name, f.year, f.version,
                    (SELECT COUNT(*) FROM framework_criterion c WHERE c.framework_id = f.id),
                    (SELECT COALESCE(SUM(points), 0) FROM framework_criterion c WHERE c.framework_id = f.id)
             FROM framework f ORDER BY f.year DESC, f.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FrameworkSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                year: r.get(2)?,
                version: r.get(3)?,
                criterion_count: r.get(4)?,
                max_points: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The framework file a framework was loaded from.
    pub fn framework_source(&self, id: &str) -> Result<String> {
        self.conn
            .query_row("SELECT source FROM framework WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "framework", key: id.to_string() })
    }
}

fn insert_framework(tx: &Transaction<'_>, fw: &Framework, source: &str, now: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO framework (id, name, year, version, source, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![fw.id, fw.name, fw.year, fw.version, source, now],
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
            "INSERT INTO framework_criterion
               (framework_id, code, group_code, title, method, points, levels, legal_basis, guidance, checks, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                fw.id,
                c.code,
                c.group,
                c.title,
                c.method.as_str(),
                c.points,
                serde_json::to_string(&c.levels).unwrap_or_else(|_| "[]".into()),
                serde_json::to_string(&c.legal_basis).unwrap_or_else(|_| "[]".into()),
                c.guidance,
                serde_json::to_string(&c.checks).unwrap_or_else(|_| "[]".into()),
                pos as i64
            ],
        )?;
    }
    Ok(())
}
