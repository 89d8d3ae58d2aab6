//! Work merged from several machines: the decision heads of a criterion, the conflicts a
//! coordinator must settle, and who inspects which site (table `assignment`). The rules are pure
//! and live in [`ttdt_model::merge`].

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{log_change, Change, Store};
use ttdt_model::domain::{Outcome, ResultMode};
use ttdt_model::error::{Error, Result};
use ttdt_model::merge::{self, ConflictKind, Link};

/// A decision that no later decision followed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Head {
    pub uid: String,
    pub outcome: Outcome,
    pub share: f64,
    pub points: f64,
    pub note: String,
    pub asserted_by: String,
    pub asserted_at: String,
}

/// One result row with what it followed, as read for the merge rules.
struct Row {
    uid: String,
    mode: ResultMode,
    parents: Vec<String>,
    head: Head,
}

fn read_rows(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<(i64, String, Row)>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(p, |r| {
        let supersedes: Option<String> = r.get(4)?;
        let resolves: String = r.get(5)?;
        let mut parents: Vec<String> = serde_json::from_str(&resolves).unwrap_or_default();
        parents.extend(supersedes);
        let outcome: String = r.get(6)?;
        let mode: String = r.get(3)?;
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            Row {
                uid: r.get(2)?,
                mode: ResultMode::parse(&mode).unwrap_or(ResultMode::Manual),
                parents,
                head: Head {
                    uid: r.get(2)?,
                    outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Error),
                    share: r.get(7)?,
                    points: r.get(8)?,
                    note: r.get(9)?,
                    asserted_by: r.get(10)?,
                    asserted_at: r.get(11)?,
                },
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const ROW_COLUMNS: &str = "r.evaluation_id, r.criterion_code, r.uid, r.mode,
    (SELECT p.uid FROM criterion_result p WHERE p.id = r.supersedes), r.resolves,
    r.outcome, r.share, r.points, r.note, r.asserted_by, r.asserted_at";

fn heads_of(rows: &[&Row]) -> Vec<Head> {
    let links: Vec<Link<'_>> = rows
        .iter()
        .map(|r| Link {
            uid: &r.uid,
            mode: r.mode,
            parents: r.parents.iter().map(String::as_str).collect(),
            outcome: r.head.outcome,
            share: r.head.share,
            asserted_at: &r.head.asserted_at,
        })
        .collect();
    merge::decision_heads(&links).into_iter().map(|i| rows[i].head.clone()).collect()
}

/// The decision heads of one criterion of an evaluation, oldest first.
pub(crate) fn criterion_heads(conn: &Connection, evaluation_id: i64, code: &str) -> Result<Vec<Head>> {
    let rows = read_rows(
        conn,
        &format!("SELECT {ROW_COLUMNS} FROM criterion_result r WHERE r.evaluation_id = ?1 AND r.criterion_code = ?2"),
        params![evaluation_id, code],
    )?;
    let rows: Vec<&Row> = rows.iter().map(|(_, _, r)| r).collect();
    Ok(heads_of(&rows))
}

/// Heads that do not all give the same outcome and share.
pub(crate) fn disagree(heads: &[Head]) -> bool {
    heads.windows(2).any(|w| w[0].outcome != w[1].outcome || (w[0].share - w[1].share).abs() > 1e-9)
}

/// A criterion of a site the coordinator must settle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Conflict {
    #[ts(type = "number")]
    pub site_id: i64,
    pub agency_name: String,
    pub url: String,
    pub criterion_code: String,
    pub kind: ConflictKind,
    /// The kind in Vietnamese.
    pub label: String,
    /// The disagreeing decisions, oldest first (for `after_finalised`: the decisions made after
    /// the evaluation was finalised).
    pub decisions: Vec<Head>,
    /// When the evaluation was finalised, for `after_finalised`.
    pub finalised_at: Option<String>,
}

impl Store {
    /// Every conflict of a campaign: criteria whose latest decisions from different machines
    /// disagree, and decisions made after their evaluation was finalised elsewhere.
    pub fn conflicts(&self, campaign_id: i64) -> Result<Vec<Conflict>> {
        let sites = self.list_sites(campaign_id)?;
        let by_evaluation: std::collections::HashMap<i64, &ttdt_model::domain::Site> =
            sites.iter().map(|s| (s.evaluation_id, s)).collect();
        Ok(conflict_rows(&self.conn, campaign_id)?
            .into_iter()
            .filter_map(|c| {
                let site = by_evaluation.get(&c.evaluation_id)?;
                Some(Conflict {
                    site_id: site.id,
                    agency_name: site.agency_name.clone(),
                    url: site.url.clone(),
                    criterion_code: c.code,
                    kind: c.kind,
                    label: c.kind.label_vi().to_string(),
                    decisions: c.decisions,
                    finalised_at: c.finalised_at,
                })
            })
            .collect())
    }

    /// Assigns sites to an inspector (an empty name takes them back). Every site is checked
    /// before anything is written.
    pub fn assign_sites(&mut self, site_ids: &[i64], inspector: &str, unit: &str) -> Result<usize> {
        let (inspector, unit) = (ttdt_model::text::visible_text(inspector), ttdt_model::text::visible_text(unit));
        if inspector.chars().count() > 200 || unit.chars().count() > 200 {
            return Err(Error::invalid("inspector", "too long", "Tên người kiểm tra và đơn vị không quá 200 ký tự."));
        }
        if site_ids.is_empty() {
            return Err(Error::NothingSelected);
        }
        let sites = site_ids.iter().map(|id| self.site(*id)).collect::<Result<Vec<_>>>()?;
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        for site in &sites {
            tx.execute(
                "INSERT INTO assignment (uid, site_id, inspector, unit, assigned_at, assigned_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![crate::new_uid(), site.id, inspector, unit, now, self.actor],
            )?;
            let who = if unit.is_empty() { inspector.clone() } else { format!("{inspector} ({unit})") };
            let change = Change::new("site", site.id, "assignee").before(site.assignee.clone()).after(Some(who));
            log_change(&tx, &now, &self.actor, change)?;
        }
        tx.commit()?;
        Ok(sites.len())
    }
}

/// A conflict by local keys.
pub(crate) struct ConflictRow {
    pub evaluation_id: i64,
    pub code: String,
    pub kind: ConflictKind,
    pub decisions: Vec<Head>,
    pub finalised_at: Option<String>,
}

/// The conflicts of a campaign on a connection (or a transaction, for a dry run).
pub(crate) fn conflict_rows(conn: &Connection, campaign_id: i64) -> Result<Vec<ConflictRow>> {
    let rows = read_rows(
        conn,
        &format!(
            "SELECT {ROW_COLUMNS} FROM criterion_result r
              WHERE r.evaluation_id IN (SELECT id FROM evaluation WHERE campaign_id = ?1)
                AND (r.evaluation_id, r.criterion_code) IN
                    (SELECT evaluation_id, criterion_code FROM criterion_result
                      WHERE mode != 'automatic' GROUP BY evaluation_id, criterion_code HAVING count(*) > 1)
              ORDER BY r.evaluation_id, r.criterion_code"
        ),
        [campaign_id],
    )?;
    let mut out = Vec::new();
    let mut start = 0;
    while start < rows.len() {
        let (ev, code) = (rows[start].0, rows[start].1.clone());
        let end = rows[start..].iter().position(|(e, c, _)| *e != ev || *c != code).map_or(rows.len(), |n| start + n);
        let group: Vec<&Row> = rows[start..end].iter().map(|(_, _, r)| r).collect();
        start = end;
        let heads = heads_of(&group);
        if disagree(&heads) {
            out.push(ConflictRow { evaluation_id: ev, code, kind: ConflictKind::Decisions, decisions: heads, finalised_at: None });
        }
    }
    // Decisions newer than the finalisation in force: made on a machine where the evaluation
    // was still open.
    let mut stmt = conn.prepare(
        "SELECT id, status_at FROM evaluation WHERE campaign_id = ?1 AND status = 'finalised' AND status_at IS NOT NULL ORDER BY id",
    )?;
    let finalised = stmt.query_map([campaign_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    for (ev, at) in finalised {
        let late = read_rows(
            conn,
            &format!(
                "SELECT {ROW_COLUMNS} FROM criterion_result r
                  WHERE r.evaluation_id = ?1 AND r.mode != 'automatic' AND r.asserted_at > ?2
                  ORDER BY r.criterion_code, r.asserted_at, r.uid"
            ),
            params![ev, at],
        )?;
        let mut codes: Vec<String> = late.iter().map(|(_, c, _)| c.clone()).collect();
        codes.dedup();
        for code in codes {
            let decisions = late.iter().filter(|(_, c, _)| *c == code).map(|(_, _, r)| r.head.clone()).collect();
            out.push(ConflictRow { evaluation_id: ev, code, kind: ConflictKind::AfterFinalised, decisions, finalised_at: Some(at.clone()) });
        }
    }
    Ok(out)
}
