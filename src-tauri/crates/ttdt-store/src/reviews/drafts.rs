//! Drafts of reviewers' decisions (table `review_draft`): what was typed on a criterion and not
//! saved as a decision, kept so that a refused save, a move to another criterion, a crash or a
//! restart loses nothing. A saved decision clears its criterion's draft in the same transaction.

use std::collections::HashMap;

use rusqlite::{params, Transaction};

use super::locked;
use crate::Store;
use ttdt_model::domain::EvaluationStatus;
use ttdt_model::error::{Error, Result};
use ttdt_model::views::{ReviewDraft, SavedDraft};

/// The longest note, reason or problem a draft keeps, in characters (a decision's note is free
/// text too; this only stops a runaway paste from filling the database).
const MAX_DRAFT_TEXT: usize = 100_000;

impl Store {
    /// Keeps what a reviewer typed on a criterion, replacing the criterion's previous draft.
    /// `problem` is why the last save was refused (empty when it was only pending).
    pub fn save_review_draft(&mut self, site_id: i64, code: &str, draft: &ReviewDraft, problem: &str) -> Result<SavedDraft> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, code)?;
        let too_long = [draft.points.as_str(), &draft.note, &draft.reason, &draft.visits, problem]
            .iter()
            .any(|t| t.chars().count() > MAX_DRAFT_TEXT);
        if too_long || draft.checklist.len() > criterion.checklist.len() {
            return Err(Error::invalid("draft", "draft too long", "Bản nháp quá dài, không lưu được."));
        }
        let json = serde_json::to_string(draft).map_err(|e| Error::Internal(e.to_string()))?;
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        tx.execute(
            "INSERT INTO review_draft (evaluation_id, criterion_code, draft, problem, saved_by, saved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (evaluation_id, criterion_code)
             DO UPDATE SET draft = excluded.draft, problem = excluded.problem, saved_by = excluded.saved_by, saved_at = excluded.saved_at",
            params![site.evaluation_id, criterion.code, json, problem.trim(), self.actor, now],
        )?;
        tx.commit()?;
        Ok(SavedDraft { draft: draft.clone(), problem: problem.trim().to_string(), saved_by: self.actor.clone(), saved_at: now })
    }

    /// Throws a criterion's draft away (the reviewer chose to keep the saved decision).
    pub fn discard_review_draft(&mut self, site_id: i64, code: &str) -> Result<()> {
        let site = self.site(site_id)?;
        let tx = crate::write_tx(&mut self.conn)?;
        clear_draft(&tx, site.evaluation_id, code)?;
        tx.commit()?;
        Ok(())
    }

    /// The drafts of an evaluation, by criterion code.
    pub(crate) fn review_drafts(&self, evaluation_id: i64) -> Result<HashMap<String, SavedDraft>> {
        let mut stmt = self
            .conn
            .prepare("SELECT criterion_code, draft, problem, saved_by, saved_at FROM review_draft WHERE evaluation_id = ?1")?;
        let rows = stmt.query_map([evaluation_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (code, json, problem, saved_by, saved_at) = row?;
            // A draft this build cannot read is shown empty rather than hiding the page.
            let draft = serde_json::from_str(&json).unwrap_or_default();
            out.insert(code, SavedDraft { draft, problem, saved_by, saved_at });
        }
        Ok(out)
    }
}

/// Removes a criterion's draft inside the caller's transaction.
pub(super) fn clear_draft(tx: &Transaction<'_>, evaluation_id: i64, code: &str) -> Result<()> {
    tx.execute("DELETE FROM review_draft WHERE evaluation_id = ?1 AND criterion_code = ?2", params![evaluation_id, code])?;
    Ok(())
}
