//! Criterion results (table `criterion_result`): the tool's, and the reviewer's decisions. Rows
//! are only added; the newest of each kind is in force.

use rusqlite::{params, OptionalExtension, Transaction};

use super::drafts::clear_draft;
use super::locked;
use crate::{log_change, Change, Store};
use ttdt_model::domain::{Attachment, Criterion, CriterionResult, EvaluationStatus, NewResult, Outcome, ResultMode, ReviewInput, Site};
use ttdt_model::error::Result;
use ttdt_model::review::{self, fmt_points, Decision};
use ttdt_model::scoring::{self, Judged};

/// A criterion result about to be written.
struct NewRow<'a> {
    site: &'a Site,
    criterion: &'a Criterion,
    outcome: Outcome,
    share: f64,
    mode: ResultMode,
    evidence: &'a serde_json::Value,
    note: &'a str,
}

impl NewRow<'_> {
    fn points(&self) -> f64 {
        scoring::criterion_points(self.criterion.points, Judged { outcome: self.outcome, share: self.share })
    }
}

impl Store {
    /// Records a result of the automated checks (or of an outside tool). Never touches a reviewer's decision.
    pub fn record_tool_result(&mut self, site_id: i64, input: &NewResult) -> Result<CriterionResult> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, &input.criterion_code)?;
        let share = review::tool_share(&criterion.code, input.outcome, input.share)?;
        let evidence = if input.evidence.is_null() { serde_json::json!({}) } else { input.evidence.clone() };
        let row = NewRow { site: &site, criterion: &criterion, outcome: input.outcome, share, mode: ResultMode::Automatic, evidence: &evidence, note: &input.note };
        let what = format!("{} ({})", row.outcome.as_str(), fmt_points(row.points()));
        let change = Change::new("criterion_result", format!("{}/{}", site.evaluation_id, criterion.code), "tool_outcome").after(Some(what));
        self.insert_result(row, vec![change])
    }

    /// A reviewer's decision on one criterion. It becomes the effective result; the tool's stays on record.
    /// A decision that differs from the tool's result is an override and needs a reason.
    pub fn review(&mut self, site_id: i64, code: &str, input: &ReviewInput) -> Result<CriterionResult> {
        self.review_with_visits(site_id, code, input, None)
    }

    /// A reviewer's decision, with the EMC visits of SD.01 when given (kept in its evidence).
    /// A saved decision clears the criterion's draft.
    pub fn review_with_visits(&mut self, site_id: i64, code: &str, input: &ReviewInput, visits: Option<f64>) -> Result<CriterionResult> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, code)?;
        match self.plan_review(&site, &criterion, input, false, visits)? {
            Plan::Unchanged(current) => {
                let tx = crate::write_tx(&mut self.conn)?;
                clear_draft(&tx, site.evaluation_id, &criterion.code)?;
                tx.commit()?;
                Ok(current)
            }
            Plan::Write(decision, changes) => self.insert_result(decision_row(&decision, &site, &criterion, input), changes),
        }
    }

    /// A reviewer's decision together with the documents it rests on (`(original name, bytes)`),
    /// in one transaction: the documents and the decision are checked before anything is
    /// written, and a refused decision attaches nothing. Content already attached to the
    /// criterion is not attached again, so repeating the command adds no copy.
    pub fn review_with_documents(
        &mut self,
        site_id: i64,
        code: &str,
        input: &ReviewInput,
        documents: &[(&str, &[u8])],
    ) -> Result<(CriterionResult, Vec<Attachment>)> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let criterion = self.criterion_for(&site, code)?;
        let docs = documents.iter().map(|(name, bytes)| self.check_document(name, bytes)).collect::<Result<Vec<_>>>()?;
        let plan = self.plan_review(&site, &criterion, input, !docs.is_empty(), None)?;
        let (ids, result) = self.write_documents(&site, &criterion.code, &docs, |cx| match plan {
            Plan::Unchanged(current) => {
                clear_draft(cx.tx, site.evaluation_id, &criterion.code)?;
                Ok(current)
            }
            Plan::Write(decision, changes) => {
                write_result(cx.tx, cx.now, cx.actor, decision_row(&decision, &site, &criterion, input), changes)
            }
        })?;
        let attachments = ids.into_iter().map(|id| self.attachment(id)).collect::<Result<Vec<_>>>()?;
        Ok((result, attachments))
    }

    /// Checks a reviewer's decision against the rules without writing anything.
    /// `adding_document` tells that a document is attached with it.
    fn plan_review(&self, site: &Site, criterion: &Criterion, input: &ReviewInput, adding_document: bool, visits: Option<f64>) -> Result<Plan> {
        let code = &criterion.code;
        let current = self.results_by_code(site.evaluation_id)?.remove(code).unwrap_or_default();
        let has_document = review::needs_document(criterion, input.outcome)
            && (adding_document || self.has_document(site.evaluation_id, code)?);
        let mut decision = review::decide(criterion, site.level, current.tool.as_ref(), has_document, input)?.with_visits(criterion, visits)?;
        // The reviewer's answers to the document assistant (suggestion, page, quote, decision)
        // are what the checklist ticks rest on: kept with the decision.
        let answers = self.answers_of(site.evaluation_id, code)?;
        if !answers.is_empty() {
            decision.evidence["checklist_evidence"] = super::checklist::evidence_of(&answers);
        }
        let before = current.review;
        let entity = format!("{}/{}", site.evaluation_id, code);
        let entries = decision_changes(&entity, before.as_ref(), input, &decision, decision.points(criterion));
        // Decisions merged from other machines that disagree: the reviewer's choice settles them
        // even when it repeats the one in force, so it is written.
        let heads = crate::merging::criterion_heads(&self.conn, site.evaluation_id, code)?;
        let mut entries = entries;
        if crate::merging::disagree(&heads) && entries.is_empty() {
            let settled = heads.iter().map(|h| h.uid.as_str()).collect::<Vec<_>>().join(", ");
            entries.push(Change::new("criterion_result", entity.as_str(), "resolves").after(Some(settled)));
        }
        match before {
            Some(b) if entries.is_empty() => Ok(Plan::Unchanged(b)), // nothing changed: no new row
            _ => Ok(Plan::Write(decision, entries)),
        }
    }

    /// Adds the row, superseding the criterion's newest one, with its change-log entries.
    fn insert_result(&mut self, row: NewRow<'_>, changes: Vec<Change>) -> Result<CriterionResult> {
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        let r = write_result(&tx, &now, &self.actor, row, changes)?;
        tx.commit()?;
        Ok(r)
    }
}

/// A reviewer's decision checked against the rules.
enum Plan {
    /// It changes nothing: the reviewer's decision in force, and no new row.
    Unchanged(CriterionResult),
    /// The decision to write, with its change-log entries.
    Write(Decision, Vec<Change>),
}

/// The row a checked decision writes.
fn decision_row<'a>(decision: &'a Decision, site: &'a Site, criterion: &'a Criterion, input: &'a ReviewInput) -> NewRow<'a> {
    NewRow {
        site,
        criterion,
        outcome: decision.outcome,
        share: decision.share,
        mode: decision.mode,
        evidence: &decision.evidence,
        note: &input.note,
    }
}

/// Adds a result row inside the caller's transaction, superseding the criterion's newest one,
/// with its change-log entries.
fn write_result(tx: &Transaction<'_>, now: &str, actor: &str, row: NewRow<'_>, changes: Vec<Change>) -> Result<CriterionResult> {
    let points = row.points();
    let previous: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, uid FROM criterion_result WHERE evaluation_id = ?1 AND criterion_code = ?2
             ORDER BY asserted_at DESC, uid DESC LIMIT 1",
            params![row.site.evaluation_id, row.criterion.code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    // A decision settles every disagreement this machine holds: it names the other decisions
    // no later decision followed (from other machines, merged from bundles).
    let resolves: Vec<String> = if row.mode == ResultMode::Automatic {
        Vec::new()
    } else {
        crate::merging::criterion_heads(tx, row.site.evaluation_id, &row.criterion.code)?
            .into_iter()
            .map(|h| h.uid)
            .filter(|u| previous.as_ref().is_none_or(|(_, p)| p != u))
            .collect()
    };
    tx.execute(
        "INSERT INTO criterion_result (evaluation_id, criterion_code, outcome, share, points, mode, evidence,
                                       note, asserted_by, asserted_at, supersedes, uid, resolves)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            row.site.evaluation_id,
            row.criterion.code,
            row.outcome.as_str(),
            row.share,
            points,
            row.mode.as_str(),
            row.evidence.to_string(),
            row.note.trim(),
            actor,
            now,
            previous.map(|(id, _)| id),
            crate::new_uid(),
            serde_json::to_string(&resolves).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    let id = tx.last_insert_rowid();
    if row.mode != ResultMode::Automatic {
        clear_draft(tx, row.site.evaluation_id, &row.criterion.code)?;
    }
    for c in changes {
        log_change(tx, now, actor, c)?;
    }
    Ok(CriterionResult {
        id,
        criterion_code: row.criterion.code.clone(),
        outcome: row.outcome,
        share: row.share,
        points,
        mode: row.mode,
        evidence: row.evidence.clone(),
        note: row.note.trim().to_string(),
        asserted_by: actor.to_string(),
        asserted_at: now.to_string(),
    })
}

/// The change-log entries of a decision: each field that differs from the reviewer's previous
/// decision (`before`); a first decision logs the fields it sets.
fn decision_changes(entity: &str, before: Option<&CriterionResult>, input: &ReviewInput, decision: &Decision, points: f64) -> Vec<Change> {
    let visits = |e: &serde_json::Value| e.get("visits").map(|v| v.to_string()).unwrap_or_default();
    let quotes = |e: &serde_json::Value| e.get("checklist_evidence").map(|v| v.to_string()).unwrap_or_default();
    let fields: [(&'static str, Option<String>, String); 6] = [
        ("outcome", before.map(|b| b.outcome.as_str().to_string()), input.outcome.as_str().to_string()),
        ("points", before.map(|b| fmt_points(b.points)), fmt_points(points)),
        ("note", before.map(|b| b.note.clone()), input.note.trim().to_string()),
        ("checklist", before.map(|b| b.evidence.get("checklist").map(|v| v.to_string()).unwrap_or_default()), serde_json::to_string(&input.checklist).unwrap_or_default()),
        ("visits", before.map(|b| visits(&b.evidence)), visits(&decision.evidence)),
        ("checklist_evidence", before.map(|b| quotes(&b.evidence)), quotes(&decision.evidence)),
    ];
    fields
        .into_iter()
        .filter(|(_, old, new)| old.as_deref() != Some(new.as_str()) && !(old.is_none() && (new.is_empty() || new == "[]")))
        .map(|(field, old, new)| {
            let mut c = Change::new("criterion_result", entity, field).before(old).after(Some(new));
            c.reason = decision.reason.clone();
            c
        })
        .collect()
}
