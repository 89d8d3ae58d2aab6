//! The reviewer's answers to the document assistant (table `change_log`, field `checklist_item`):
//! for one checklist item and one attached document, what the assistant suggested (found or not,
//! page, quote) and what the reviewer decided. The latest answers become the evidence of the
//! criterion's next decision (`checklist_evidence`).

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::locked;
use crate::{log_change, Change, Store};
use ttdt_model::domain::{ChecklistAnswer, EvaluationStatus};
use ttdt_model::error::{Error, Result};

/// The change-log field of an answer.
const FIELD: &str = "checklist_item";

/// What the document assistant suggested for one item of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggestion {
    pub found: Option<bool>,
    pub page: Option<u32>,
    pub quote: Option<String>,
}

/// The suggestion as logged (`old_value`): enough to read the answer back on any machine.
#[derive(Serialize, Deserialize)]
struct Logged {
    index: u32,
    item: String,
    document: String,
    sha256: String,
    found: Option<bool>,
    page: Option<u32>,
    quote: Option<String>,
}

const PRESENT: &str = "present";
const ABSENT: &str = "absent";

impl Store {
    /// Records the reviewer's answer on checklist item `index` of the criterion `attachment_id` is
    /// attached to: the suggestion shown and whether the document holds the item. Logged, never
    /// applied to the decision by itself: the next decision carries the answers as evidence.
    pub fn answer_checklist_item(&mut self, attachment_id: i64, index: usize, suggestion: &Suggestion, present: bool) -> Result<ChecklistAnswer> {
        let a = self.attachment(attachment_id)?;
        if a.detached_at.is_some() {
            return Err(Error::invalid(
                "attachment",
                "document detached",
                format!("Tài liệu “{}” đã được gỡ khỏi tiêu chí.", a.original_name),
            ));
        }
        let site_id: i64 = self.conn.query_row(
            "SELECT e.site_id FROM attachment a JOIN evaluation e ON e.id = a.evaluation_id WHERE a.id = ?1",
            [attachment_id],
            |r| r.get(0),
        )?;
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, &a.criterion_code)?;
        let item = criterion.checklist.get(index).cloned().ok_or_else(|| {
            Error::invalid("checklist", format!("no item {index}"), "Danh mục kiểm tra không khớp với tiêu chí.")
        })?;
        let logged = Logged {
            index: index as u32,
            item,
            document: a.original_name.clone(),
            sha256: a.sha256.clone(),
            found: suggestion.found,
            page: suggestion.page,
            quote: suggestion.quote.clone(),
        };
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        let change = Change::new("criterion_result", format!("{}/{}", site.evaluation_id, criterion.code), FIELD)
            .before(Some(serde_json::to_string(&logged).unwrap_or_default()))
            .after(Some(if present { PRESENT } else { ABSENT }.to_string()));
        log_change(&tx, &now, &self.actor, change)?;
        tx.commit()?;
        Ok(answer(logged, present, self.actor.clone(), now))
    }

    /// The reviewer's latest answer per checklist item and document still attached to `code`,
    /// by item, then document.
    pub fn checklist_answers(&self, site_id: i64, code: &str) -> Result<Vec<ChecklistAnswer>> {
        let site = self.site(site_id)?;
        self.answers_of(site.evaluation_id, code)
    }

    pub(super) fn answers_of(&self, evaluation_id: i64, code: &str) -> Result<Vec<ChecklistAnswer>> {
        let mut stmt = self.conn.prepare(
            "SELECT old_value, new_value, actor, at FROM change_log
             WHERE entity = 'criterion_result' AND entity_id = ?1 AND field = ?2 ORDER BY at, id",
        )?;
        let rows = stmt
            .query_map(params![format!("{evaluation_id}/{code}"), FIELD], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut latest: Vec<ChecklistAnswer> = Vec::new();
        for (old, new, actor, at) in rows {
            // A row this build cannot read (written by a newer one) is left out, not fatal.
            let Some(logged) = old.and_then(|o| serde_json::from_str::<Logged>(&o).ok()) else { continue };
            let present = new.as_deref() == Some(PRESENT);
            let a = answer(logged, present, actor, at);
            latest.retain(|x| !(x.index == a.index && x.sha256 == a.sha256));
            latest.push(a);
        }
        let mut attached = self.conn.prepare(
            "SELECT 1 FROM attachment WHERE evaluation_id = ?1 AND criterion_code = ?2 AND sha256 = ?3 AND detached_at IS NULL",
        )?;
        let mut kept = Vec::new();
        for a in latest {
            if attached.query_row(params![evaluation_id, code, a.sha256], |_| Ok(())).optional()?.is_some() {
                kept.push(a);
            }
        }
        kept.sort_by(|x, y| (x.index, &x.document, &x.sha256).cmp(&(y.index, &y.document, &y.sha256)));
        Ok(kept)
    }
}

fn answer(l: Logged, present: bool, answered_by: String, answered_at: String) -> ChecklistAnswer {
    ChecklistAnswer {
        index: l.index,
        item: l.item,
        document: l.document,
        sha256: l.sha256,
        suggested: l.found,
        page: l.page,
        quote: l.quote,
        present,
        answered_by,
        answered_at,
    }
}

/// The answers as a decision's evidence: the item, the document, the suggestion with its page
/// and quote, and the reviewer's decision.
pub(super) fn evidence_of(answers: &[ChecklistAnswer]) -> serde_json::Value {
    serde_json::Value::Array(
        answers
            .iter()
            .map(|a| {
                serde_json::json!({
                    "index": a.index,
                    "item": a.item,
                    "document": a.document,
                    "sha256": a.sha256,
                    "suggested": a.suggested,
                    "page": a.page,
                    "quote": a.quote,
                    "present": a.present,
                })
            })
            .collect(),
    )
}
