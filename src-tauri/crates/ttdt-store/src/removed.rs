//! Table `removed_site`: a site removed from a campaign is kept whole (its row, its evaluation,
//! every result and decision, its documents' records) so that the removal can be undone. The
//! documents' bytes stay in the content-addressed folder, as they do when a document is detached.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use super::bundle::query_json;
use super::sites::{insert_site, validate_site};
use super::{log_change, Change, Store};
use ttdt_model::domain::{Site, SiteInput};
use ttdt_model::error::{Error, Result};

/// What a site holds besides its own row: what removing it takes out of the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct SiteWork {
    /// Results of the automated checks and of outside tools.
    pub tool_results: u32,
    /// Reviewers' decisions and overrides.
    pub decisions: u32,
    /// Documents attached and not detached.
    pub attachments: u32,
}

impl SiteWork {
    pub fn is_empty(&self) -> bool {
        self.tool_results == 0 && self.decisions == 0 && self.attachments == 0
    }
}

/// A removed site, as listed for restoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct RemovedSite {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    /// The id the site had.
    #[ts(type = "number")]
    pub site_id: i64,
    pub agency_name: String,
    pub url: String,
    pub results: u32,
    pub attachments: u32,
    pub removed_at: String,
    pub removed_by: String,
    pub restored_at: Option<String>,
    /// The site it was restored as.
    #[ts(type = "number | null")]
    pub restored_as: Option<i64>,
}

/// Keeps a site whole in `removed_site`, inside the caller's transaction, before it is deleted.
pub(crate) fn archive_site(tx: &Transaction<'_>, now: &str, actor: &str, site: &Site) -> Result<i64> {
    let site_rows = query_json(tx, "SELECT * FROM site WHERE id = ?1", [site.id])?;
    let evaluation = query_json(tx, "SELECT * FROM evaluation WHERE site_id = ?1", [site.id])?;
    let results = query_json(tx, "SELECT * FROM criterion_result WHERE evaluation_id = ?1 ORDER BY id", [site.evaluation_id])?;
    let attachments = query_json(tx, "SELECT * FROM attachment WHERE evaluation_id = ?1 ORDER BY id", [site.evaluation_id])?;
    let content = json!({
        "site": site_rows.into_iter().next(),
        "evaluation": evaluation.into_iter().next(),
        "results": results,
        "attachments": attachments,
    });
    tx.execute(
        "INSERT INTO removed_site (campaign_id, site_id, agency_name, url, results, attachments, content, removed_at, removed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            site.campaign_id,
            site.id,
            site.agency_name,
            site.url,
            results.len() as i64,
            attachments.len() as i64,
            content.to_string(),
            now,
            actor
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

impl Store {
    /// What removing a site would take out of its campaign (it is kept, and can be restored).
    pub fn site_work(&self, site_id: i64) -> Result<SiteWork> {
        let site = self.site(site_id)?;
        let count = |sql: &str| -> Result<u32> { Ok(self.conn.query_row(sql, [site.evaluation_id], |r| r.get::<_, u32>(0))?) };
        Ok(SiteWork {
            tool_results: count("SELECT COUNT(*) FROM criterion_result WHERE evaluation_id = ?1 AND mode = 'automatic'")?,
            decisions: count("SELECT COUNT(*) FROM criterion_result WHERE evaluation_id = ?1 AND mode <> 'automatic'")?,
            attachments: count("SELECT COUNT(*) FROM attachment WHERE evaluation_id = ?1 AND detached_at IS NULL")?,
        })
    }

    /// The sites removed from a campaign, newest first.
    pub fn removed_sites(&self, campaign_id: i64) -> Result<Vec<RemovedSite>> {
        self.campaign(campaign_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT id, campaign_id, site_id, agency_name, url, results, attachments, removed_at, removed_by, restored_at, restored_as
             FROM removed_site WHERE campaign_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([campaign_id], |r| {
            Ok(RemovedSite {
                id: r.get(0)?,
                campaign_id: r.get(1)?,
                site_id: r.get(2)?,
                agency_name: r.get(3)?,
                url: r.get(4)?,
                results: r.get(5)?,
                attachments: r.get(6)?,
                removed_at: r.get(7)?,
                removed_by: r.get(8)?,
                restored_at: r.get(9)?,
                restored_as: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts a removed site back into its campaign as a new site, with its evaluation's status,
    /// every result and decision (newest still effective) and its documents. Refused when the
    /// campaign has since got a site at the same address, or when it was restored already.
    pub fn restore_site(&mut self, removed_id: i64) -> Result<Site> {
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        let row: Option<(i64, String, Option<String>)> = tx
            .query_row("SELECT campaign_id, content, restored_at FROM removed_site WHERE id = ?1", [removed_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let (campaign_id, content, restored) = row.ok_or_else(|| Error::NotFound { entity: "site", key: format!("đã xóa #{removed_id}") })?;
        if restored.is_some() {
            return Err(Error::invalid("removed_site", "already restored", "Trang này đã được khôi phục trước đó."));
        }
        let content: Value = serde_json::from_str(&content).map_err(|e| Error::Internal(format!("removed site {removed_id}: {e}")))?;
        let site = &content["site"];
        let level = ttdt_model::domain::Level::parse(&text(site, "level"))
            .ok_or_else(|| Error::Internal(format!("removed site {removed_id}: unknown level")))?;
        // The parent portal, if it is still in the campaign.
        let parent = match site.get("parent_site_id").and_then(Value::as_i64) {
            Some(p) => tx
                .query_row("SELECT id FROM site WHERE id = ?1 AND campaign_id = ?2", params![p, campaign_id], |r| r.get(0))
                .optional()?,
            None => None,
        };
        let input = SiteInput { agency_name: text(site, "agency_name"), level, block: text(site, "block"), url: text(site, "url"), parent_site_id: parent };
        let v = validate_site(&tx, campaign_id, &input, None)?;
        let new_id = insert_site(&tx, &now, &self.actor, campaign_id, &v)?;
        let evaluation_id: i64 = tx.query_row("SELECT id FROM evaluation WHERE site_id = ?1", [new_id], |r| r.get(0))?;
        let ev = &content["evaluation"];
        tx.execute(
            "UPDATE evaluation SET status = ?1, status_by = ?2, status_at = ?3 WHERE id = ?4",
            params![
                ev.get("status").and_then(Value::as_str).unwrap_or("draft"),
                ev.get("status_by").and_then(Value::as_str),
                ev.get("status_at").and_then(Value::as_str),
                evaluation_id
            ],
        )?;
        let mut new_ids: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        for r in content["results"].as_array().into_iter().flatten() {
            let supersedes = r.get("supersedes").and_then(Value::as_i64).and_then(|old| new_ids.get(&old).copied());
            tx.execute(
                "INSERT INTO criterion_result (evaluation_id, criterion_code, outcome, share, points, mode, evidence, note,
                                               asserted_by, asserted_at, supersedes, uid, resolves)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    evaluation_id,
                    text(r, "criterion_code"),
                    text(r, "outcome"),
                    r.get("share").and_then(Value::as_f64).unwrap_or(0.0),
                    r.get("points").and_then(Value::as_f64).unwrap_or(0.0),
                    text(r, "mode"),
                    r.get("evidence").and_then(Value::as_str).unwrap_or("{}"),
                    text(r, "note"),
                    text(r, "asserted_by"),
                    text(r, "asserted_at"),
                    supersedes,
                    // The same identity as before the removal, so that results exchanged in
                    // bundles are still recognised.
                    r.get("uid").and_then(Value::as_str).map(str::to_string).unwrap_or_else(crate::new_uid),
                    r.get("resolves").and_then(Value::as_str).unwrap_or("[]")
                ],
            )?;
            if let Some(old) = r.get("id").and_then(Value::as_i64) {
                new_ids.insert(old, tx.last_insert_rowid());
            }
        }
        for a in content["attachments"].as_array().into_iter().flatten() {
            tx.execute(
                "INSERT INTO attachment (evaluation_id, criterion_code, sha256, original_name, size, media_type, added_by, added_at,
                                         detached_by, detached_at, uid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    evaluation_id,
                    text(a, "criterion_code"),
                    text(a, "sha256"),
                    text(a, "original_name"),
                    a.get("size").and_then(Value::as_i64).unwrap_or(0),
                    text(a, "media_type"),
                    text(a, "added_by"),
                    text(a, "added_at"),
                    a.get("detached_by").and_then(Value::as_str),
                    a.get("detached_at").and_then(Value::as_str),
                    a.get("uid").and_then(Value::as_str).map(str::to_string).unwrap_or_else(crate::new_uid)
                ],
            )?;
        }
        tx.execute("UPDATE removed_site SET restored_at = ?1, restored_as = ?2 WHERE id = ?3", params![now, new_id, removed_id])?;
        let what = format!("{} <{}> (đã xóa #{removed_id})", input.agency_name, input.url);
        log_change(&tx, &now, &self.actor, Change::new("site", new_id, "restored").after(Some(what)))?;
        tx.commit()?;
        self.site(new_id)
    }
}
