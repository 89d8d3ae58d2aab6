//! Tables `site` and `evaluation`: the sites of a campaign, each with its evaluation.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{log_change, Change, Store};
use std::collections::HashMap;

use ttdt_model::domain::{CriterionResult, EvaluationStatus, Level, Outcome, ResultMode, Site, SiteInput};
use ttdt_model::views::{SiteCriterion, SiteDetail};
use ttdt_model::scoring::{self, Judged};
use ttdt_model::error::{Error, Result};
use ttdt_model::site_url;

mod import_update;

const SITE_SELECT: &str = "SELECT s.id, s.campaign_id, s.agency_name, s.level, s.block, s.url, s.parent_site_id,
        s.created_at, e.status, e.id,
        (SELECT CASE WHEN a.inspector = '' THEN NULL
                     WHEN a.unit = '' THEN a.inspector ELSE a.inspector || ' (' || a.unit || ')' END
           FROM assignment a WHERE a.site_id = s.id ORDER BY a.assigned_at DESC, a.uid DESC LIMIT 1)
     FROM site s JOIN evaluation e ON e.site_id = s.id";

fn site_row(r: &Row<'_>) -> rusqlite::Result<Site> {
    let level: String = r.get(3)?;
    let status: String = r.get(8)?;
    Ok(Site {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        agency_name: r.get(2)?,
        level: Level::parse(&level).unwrap_or(Level::ProvincialDepartment),
        block: r.get(4)?,
        url: r.get(5)?,
        parent_site_id: r.get(6)?,
        created_at: r.get(7)?,
        status: EvaluationStatus::parse(&status).unwrap_or(EvaluationStatus::Draft),
        evaluation_id: r.get(9)?,
        assignee: r.get(10)?,
    })
}

pub(super) fn result_row(r: &Row<'_>) -> rusqlite::Result<CriterionResult> {
    let outcome: String = r.get(2)?;
    let mode: String = r.get(5)?;
    let evidence: String = r.get(6)?;
    Ok(CriterionResult {
        id: r.get(0)?,
        criterion_code: r.get(1)?,
        outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Error),
        share: r.get(3)?,
        points: r.get(4)?,
        mode: ResultMode::parse(&mode).unwrap_or(ResultMode::Manual),
        evidence: serde_json::from_str(&evidence).unwrap_or(serde_json::Value::Null),
        note: r.get(7)?,
        asserted_by: r.get(8)?,
        asserted_at: r.get(9)?,
    })
}

/// The two newest results of a criterion: the tool's and the reviewer's.
#[derive(Debug, Default, Clone)]
pub(super) struct Results {
    pub tool: Option<CriterionResult>,
    pub review: Option<CriterionResult>,
}

impl Results {
    /// The reviewer's decision wins over the tool's.
    pub fn effective(&self) -> Option<&CriterionResult> {
        self.review.as_ref().or(self.tool.as_ref())
    }

    /// The tool's outcome differs from the one the reviewer saw when deciding.
    pub fn tool_changed(&self) -> bool {
        match (&self.tool, &self.review) {
            (Some(tool), Some(review)) => {
                let seen = review.evidence.get("reviewed_tool_outcome").and_then(|v| v.as_str());
                seen != Some(tool.outcome.as_str())
                    && review.evidence.get("reviewed_tool_result").and_then(|v| v.as_i64()) != Some(tool.id)
            }
            _ => false,
        }
    }
}

/// A site input after validation.
pub(crate) struct ValidSite {
    agency_name: String,
    level: Level,
    block: String,
    url: String,
    url_key: String,
    parent_site_id: Option<i64>,
}

/// Inserts a validated site and its draft evaluation inside the caller's transaction.
pub(crate) fn insert_site(tx: &Transaction<'_>, now: &str, actor: &str, campaign_id: i64, v: &ValidSite) -> Result<i64> {
    tx.execute(
        "INSERT INTO site (campaign_id, agency_name, level, block, url, url_key, parent_site_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![campaign_id, v.agency_name, v.level.as_str(), v.block, v.url, v.url_key, v.parent_site_id, now],
    )?;
    let site_id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO evaluation (campaign_id, site_id, status, created_at) VALUES (?1, ?2, 'draft', ?3)",
        params![campaign_id, site_id, now],
    )?;
    let summary = format!("{} <{}>", v.agency_name, v.url);
    log_change(tx, now, actor, Change::new("site", site_id, "created").after(Some(summary)))?;
    Ok(site_id)
}

/// Refuses, in a file's rows, a site named as its own parent and parents that form a cycle, and
/// marks the children (and their descendants) of rows that will not be imported: a child is never
/// imported without the parent the file names.
fn check_parents_in_file(rows: &mut [ttdt_model::import::ImportRow], keys: &[Option<String>]) {
    let parent_row = |rows: &[ttdt_model::import::ImportRow], i: usize| -> Option<usize> {
        let p = site_url::normalise(rows[i].parent.trim()).ok()?.key;
        keys.iter().position(|k| k.as_deref() == Some(p.as_str()))
    };
    let parents: Vec<Option<usize>> = (0..rows.len()).map(|i| if rows[i].parent.trim().is_empty() { None } else { parent_row(rows, i) }).collect();
    for i in 0..rows.len() {
        if parents[i] == Some(i) {
            rows[i].errors.push("một trang không thể là cổng chính của chính nó".into());
            continue;
        }
        // Following the parents from this row comes back to it: a cycle.
        let mut at = parents[i];
        for _ in 0..rows.len() {
            match at {
                Some(j) if j == i => {
                    rows[i].errors.push("cổng chính của các dòng tạo thành vòng lặp".into());
                    break;
                }
                Some(j) => at = parents[j],
                None => break,
            }
        }
    }
    loop {
        let mut changed = false;
        for i in 0..rows.len() {
            if let Some(j) = parents[i].filter(|&j| j != i) {
                if rows[i].errors.is_empty() && !rows[j].errors.is_empty() {
                    let line = rows[j].line;
                    rows[i].errors.push(format!("cổng chính ở dòng {line} có lỗi nên trang này không được nhập"));
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// The rows' positions with every parent named in the file before its children.
fn parents_first(rows: &[ttdt_model::import::ImportRow], keys: &[Option<String>]) -> Vec<usize> {
    let depth = |i: usize| {
        let mut d = 0;
        let mut at = i;
        while d <= rows.len() {
            let Some(p) = site_url::normalise(rows[at].parent.trim()).ok().map(|u| u.key) else { break };
            let Some(j) = keys.iter().position(|k| k.as_deref() == Some(p.as_str())).filter(|&j| j != at) else { break };
            at = j;
            d += 1;
        }
        d
    };
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| depth(i));
    order
}

/// A site added together with others: its parent portal, when it has one, named by address (a
/// site already in the campaign or one earlier in the same list).
#[derive(Debug, Clone)]
pub struct NewSite {
    pub input: SiteInput,
    pub parent_url: Option<String>,
}

/// Validates and inserts sites in order inside the caller's transaction; the first refusal
/// refuses them all (the caller's transaction is then dropped).
pub(crate) fn insert_sites(tx: &Transaction<'_>, now: &str, actor: &str, campaign_id: i64, sites: &[NewSite]) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(sites.len());
    for s in sites {
        let mut input = s.input.clone();
        if let Some(parent) = &s.parent_url {
            let key = site_url::normalise(parent)?.key;
            let found: Option<i64> = tx
                .query_row("SELECT id FROM site WHERE campaign_id = ?1 AND url_key = ?2", params![campaign_id, key], |r| r.get(0))
                .optional()?;
            input.parent_site_id = Some(found.ok_or_else(|| {
                Error::invalid(
                    "parent_url",
                    format!("parent {parent} is not in campaign {campaign_id}"),
                    format!("Không tìm thấy cổng chính “{parent}” trong chiến dịch."),
                )
            })?);
        }
        let v = validate_site(tx, campaign_id, &input, None)?;
        ids.push(insert_site(tx, now, actor, campaign_id, &v)?);
    }
    Ok(ids)
}

pub(crate) fn validate_site(
        tx: &Transaction<'_>,
        campaign_id: i64,
        input: &SiteInput,
        this_site: Option<i64>,
    ) -> Result<ValidSite> {
        let agency_name = input.agency_name.split_whitespace().collect::<Vec<_>>().join(" ");
        if agency_name.is_empty() {
            return Err(Error::invalid("agency_name", "empty", "Tên cơ quan, đơn vị không được để trống."));
        }
        if agency_name.chars().count() > 300 {
            return Err(Error::invalid("agency_name", "too long", "Tên cơ quan, đơn vị dài quá 300 ký tự."));
        }
        let url = site_url::normalise(&input.url)?;
        let duplicate: Option<i64> = tx
            .query_row(
                "SELECT id FROM site WHERE campaign_id = ?1 AND url_key = ?2 AND id IS NOT ?3",
                params![campaign_id, url.key, this_site],
                |r| r.get(0),
            )
            .optional()?;
        if duplicate.is_some() {
            return Err(Error::DuplicateSite { url: url.url, campaign_id });
        }
        if let Some(parent) = input.parent_site_id {
            if Some(parent) == this_site {
                return Err(Error::invalid(
                    "parent_site_id",
                    "a site cannot be its own parent",
                    "Một trang không thể là cổng chính của chính nó.",
                ));
            }
            let same_campaign: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM site WHERE id = ?1 AND campaign_id = ?2)",
                params![parent, campaign_id],
                |r| r.get(0),
            )?;
            if !same_campaign {
                return Err(Error::invalid(
                    "parent_site_id",
                    format!("parent {parent} is not in campaign {campaign_id}"),
                    "Cổng chính phải là một trang trong cùng chiến dịch.",
                ));
            }
            if let Some(this) = this_site {
                // The new parent must not descend from this site.
                let cycle: bool = tx.query_row(
                    "WITH RECURSIVE up(id, depth) AS (
                         SELECT ?1, 0
                         UNION ALL
                         SELECT s.parent_site_id, up.depth + 1 FROM site s JOIN up ON s.id = up.id
                          WHERE s.parent_site_id IS NOT NULL AND up.depth < 1000)
                     SELECT EXISTS (SELECT 1 FROM up WHERE id = ?2)",
                    params![parent, this],
                    |r| r.get(0),
                )?;
                if cycle {
                    return Err(Error::invalid(
                        "parent_site_id",
                        format!("parent {parent} descends from site {this}"),
                        "Cổng chính đã chọn là trang trực thuộc của trang này: quan hệ cổng chính sẽ thành vòng lặp.",
                    ));
                }
            }
        }
        let block = input.block.trim();
        let block = if block.is_empty() { input.level.default_block().to_string() } else { block.to_string() };
        Ok(ValidSite {
            agency_name,
            level: input.level,
            block,
            url: url.url,
            url_key: url.key,
            parent_site_id: input.parent_site_id,
        })
}

impl Store {
    /// Adds a site to a campaign, with a draft evaluation. Nothing is written when validation fails.
    pub fn add_site(&mut self, campaign_id: i64, input: &SiteInput) -> Result<Site> {
        self.campaign(campaign_id)?;
        let tx = crate::write_tx(&mut self.conn)?;
        let v = validate_site(&tx, campaign_id, input, None)?;
        let site_id = insert_site(&tx, &self.clock.stamp(), &self.actor, campaign_id, &v)?;
        tx.commit()?;
        self.site(site_id)
    }

    /// Adds several sites in one transaction: all of them, or none.
    pub fn add_sites(&mut self, campaign_id: i64, sites: &[NewSite]) -> Result<Vec<Site>> {
        self.campaign(campaign_id)?;
        let tx = crate::write_tx(&mut self.conn)?;
        let ids = insert_sites(&tx, &self.clock.stamp(), &self.actor, campaign_id, sites)?;
        tx.commit()?;
        ids.into_iter().map(|id| self.site(id)).collect()
    }

    /// Maps a read table's rows and imports them (see `import_sites`).
    pub fn import_table(
        &mut self,
        campaign_id: i64,
        table: &ttdt_model::import::Table,
        map: &ttdt_model::import::ColumnMap,
        header_rows: usize,
        skip_invalid: bool,
        dry_run: bool,
    ) -> Result<ttdt_model::import::ImportReport> {
        let rows = ttdt_model::import::map_rows(table, map, header_rows)?;
        self.import_sites(campaign_id, &rows, skip_invalid, dry_run)
    }

    /// Imports checked rows in one transaction: all of them, or none. Rows that already carry errors,
    /// or that the campaign refuses (a duplicate address, an unknown parent), get an error; they are
    /// left out when `skip_invalid`, otherwise nothing is imported. `dry_run` checks and writes nothing.
    pub fn import_sites(
        &mut self,
        campaign_id: i64,
        rows: &[ttdt_model::import::ImportRow],
        skip_invalid: bool,
        dry_run: bool,
    ) -> Result<ttdt_model::import::ImportReport> {
        let options = ttdt_model::import::ImportOptions { skip_invalid, dry_run, update_existing: false };
        self.import_sites_with(campaign_id, rows, options)
    }

    /// `import_sites`, where with `update_existing` a row whose address is already in the campaign
    /// updates that site (logged field by field) instead of being refused as a duplicate.
    pub fn import_sites_with(
        &mut self,
        campaign_id: i64,
        rows: &[ttdt_model::import::ImportRow],
        options: ttdt_model::import::ImportOptions,
    ) -> Result<ttdt_model::import::ImportReport> {
        let ttdt_model::import::ImportOptions { skip_invalid, dry_run, update_existing } = options;
        self.campaign(campaign_id)?;
        let mut rows = rows.to_vec();
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        // Addresses a parent may name: the campaign's sites and the file's rows.
        let mut known: Vec<String> = {
            let mut stmt = tx.prepare("SELECT url_key FROM site WHERE campaign_id = ?1")?;
            let keys = stmt.query_map([campaign_id], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            keys
        };
        let keys: Vec<Option<String>> = rows.iter().map(|r| site_url::normalise(&r.url).ok().map(|u| u.key)).collect();
        known.extend(keys.iter().flatten().cloned());
        for r in rows.iter_mut().filter(|r| !r.parent.trim().is_empty()) {
            match site_url::normalise(&r.parent) {
                Ok(p) if known.contains(&p.key) => {}
                _ => r.errors.push(format!("không tìm thấy cổng chính “{}” trong chiến dịch hay trong tệp", r.parent)),
            }
        }
        check_parents_in_file(&mut rows, &keys);
        // Parents before their children, so that a child links to its parent as it is inserted.
        let order = parents_first(&rows, &keys);
        let mut inserted = 0usize;
        let mut updated = 0u32;
        for i in order {
            let r = &mut rows[i];
            let Some(level) = r.level.filter(|_| r.errors.is_empty()) else { continue };
            let parent_site_id = match r.parent.trim() {
                "" => None,
                parent => {
                    let key = site_url::normalise(parent).map(|p| p.key).unwrap_or_default();
                    let id: Option<i64> = tx
                        .query_row("SELECT id FROM site WHERE campaign_id = ?1 AND url_key = ?2", params![campaign_id, key], |r| r.get(0))
                        .optional()?;
                    match id {
                        Some(id) => Some(id),
                        None => {
                            r.errors.push(format!("cổng chính “{parent}” không được nhập nên trang này cũng không được nhập"));
                            continue;
                        }
                    }
                }
            };
            let input = SiteInput { agency_name: r.agency_name.clone(), level, block: r.block.clone(), url: r.url.clone(), parent_site_id };
            if let Some(old) = import_update::existing(&tx, campaign_id, &r.url)?.filter(|_| update_existing) {
                match import_update::update(&tx, &now, &self.actor, campaign_id, &old, &input) {
                    Ok(action) => {
                        updated += u32::from(action == ttdt_model::import::RowAction::Update);
                        r.action = action;
                    }
                    Err(e) => r.errors.push(e.user_message().trim_end_matches('.').to_string()),
                }
                continue;
            }
            match validate_site(&tx, campaign_id, &input, None) {
                Ok(v) => {
                    insert_site(&tx, &now, &self.actor, campaign_id, &v)?;
                    inserted += 1;
                }
                Err(e) => r.errors.push(e.user_message().trim_end_matches('.').to_string()),
            }
        }
        let invalid = rows.iter().filter(|r| !r.errors.is_empty()).count() as u32;
        let ignored = rows.iter().filter(|r| r.errors.is_empty() && r.action == ttdt_model::import::RowAction::Ignored).count() as u32;
        let committed = !dry_run && (invalid == 0 || skip_invalid);
        if committed {
            let what = if updated > 0 {
                format!("{inserted} trang từ tệp, cập nhật {updated} trang, bỏ qua {invalid} dòng lỗi")
            } else {
                format!("{inserted} trang từ tệp, bỏ qua {invalid} dòng lỗi")
            };
            log_change(&tx, &now, &self.actor, Change::new("campaign", campaign_id, "sites_imported").after(Some(what)))?;
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(ttdt_model::import::ImportReport {
            added: if committed { inserted as u32 } else { 0 },
            updated: if committed { updated } else { 0 },
            valid: rows.len() as u32 - invalid - ignored,
            invalid,
            committed,
            rows,
        })
    }

    /// Edits a site; every changed field is recorded in the change log.
    pub fn update_site(&mut self, site_id: i64, input: &SiteInput) -> Result<Site> {
        let old = self.site(site_id)?;
        let tx = crate::write_tx(&mut self.conn)?;
        let v = validate_site(&tx, old.campaign_id, input, Some(site_id))?;
        tx.execute(
            "UPDATE site SET agency_name = ?1, level = ?2, block = ?3, url = ?4, url_key = ?5, parent_site_id = ?6
             WHERE id = ?7",
            params![v.agency_name, v.level.as_str(), v.block, v.url, v.url_key, v.parent_site_id, site_id],
        )?;
        let fields: [(&'static str, String, String); 5] = [
            ("agency_name", old.agency_name.clone(), v.agency_name.clone()),
            ("level", old.level.as_str().into(), v.level.as_str().into()),
            ("block", old.block.clone(), v.block.clone()),
            ("url", old.url.clone(), v.url.clone()),
            (
                "parent_site_id",
                old.parent_site_id.map(|p| p.to_string()).unwrap_or_default(),
                v.parent_site_id.map(|p| p.to_string()).unwrap_or_default(),
            ),
        ];
        for (field, before, after) in fields {
            if before != after {
                log_change(&tx, &self.clock.stamp(), &self.actor, Change::new("site", site_id, field).before(Some(before)).after(Some(after)))?;
            }
        }
        tx.commit()?;
        self.site(site_id)
    }

    /// Removes a site and its evaluation. A finalised evaluation is never removed.
    pub fn remove_site(&mut self, site_id: i64) -> Result<Site> {
        let old = self.site(site_id)?;
        if old.status == EvaluationStatus::Finalised {
            return Err(Error::invalid(
                "site",
                "evaluation is finalised",
                "Không thể xóa trang đã chốt kết quả đánh giá.",
            ));
        }
        let tx = crate::write_tx(&mut self.conn)?;
        // The site is kept whole first, so that its results and decisions can be restored.
        let archived = crate::removed::archive_site(&tx, &self.clock.stamp(), &self.actor, &old)?;
        tx.execute("DELETE FROM site WHERE id = ?1", [site_id])?;
        let summary = format!("{} <{}> (lưu tại đã xóa #{archived})", old.agency_name, old.url);
        log_change(&tx, &self.clock.stamp(), &self.actor, Change::new("site", site_id, "removed").before(Some(summary)))?;
        tx.commit()?;
        Ok(old)
    }

    pub fn site(&self, site_id: i64) -> Result<Site> {
        self.conn
            .query_row(&format!("{SITE_SELECT} WHERE s.id = ?1"), [site_id], site_row)
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "site", key: site_id.to_string() })
    }

    pub fn list_sites(&self, campaign_id: i64) -> Result<Vec<Site>> {
        self.campaign(campaign_id)?;
        let mut stmt = self.conn.prepare(&format!(
            "{SITE_SELECT} WHERE s.campaign_id = ?1 ORDER BY s.agency_name COLLATE NOCASE, s.id"
        ))?;
        let rows = stmt.query_map([campaign_id], site_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A site of a campaign by numeric id or by address (normalised the same way as when added).
    pub fn find_site(&self, campaign_id: i64, key: &str) -> Result<Site> {
        if let Ok(id) = key.trim().parse::<i64>() {
            if let Ok(s) = self.site(id) {
                if s.campaign_id == campaign_id {
                    return Ok(s);
                }
            }
        }
        let not_found = || Error::NotFound { entity: "site", key: key.to_string() };
        let url = site_url::normalise(key).map_err(|_| not_found())?;
        self.conn
            .query_row(
                &format!("{SITE_SELECT} WHERE s.campaign_id = ?1 AND s.url_key = ?2"),
                params![campaign_id, url.key],
                site_row,
            )
            .optional()?
            .ok_or_else(not_found)
    }

    /// A site with its campaign's criteria and their effective results.
    pub fn site_detail(&self, site_id: i64) -> Result<SiteDetail> {
        let site = self.site(site_id)?;
        let campaign = self.campaign(site.campaign_id)?;
        let parent = match site.parent_site_id {
            Some(p) => Some(self.site(p)?),
            None => None,
        };
        let framework = self.campaign_framework(site.campaign_id)?;
        let mut results = self.results_by_code(site.evaluation_id)?;
        let judged = results
            .iter()
            .filter_map(|(code, r)| r.effective().map(|e| (code.clone(), Judged { outcome: e.outcome, share: e.share })))
            .collect();
        let score = scoring::score(&framework.groups, &framework.criteria, site.level, &judged);
        let mut attachments = self.attachments(site.evaluation_id, false)?;
        let mut drafts = self.review_drafts(site.evaluation_id)?;
        let criteria = framework
            .criteria
            .into_iter()
            .filter(|c| !c.retired)
            .map(|criterion| {
                let r = results.remove(&criterion.code).unwrap_or_default();
                let (mine, rest): (Vec<_>, Vec<_>) =
                    attachments.drain(..).partition(|a| a.criterion_code == criterion.code);
                attachments = rest;
                SiteCriterion {
                    applies: criterion.applies_to(site.level),
                    result: r.effective().cloned(),
                    tool_changed: r.tool_changed(),
                    tool_result: r.tool,
                    review: r.review,
                    attachments: mine,
                    draft: drafts.remove(&criterion.code),
                    criterion,
                }
            })
            .collect();
        let (status_by, status_at): (Option<String>, Option<String>) = self.conn.query_row(
            "SELECT status_by, status_at FROM evaluation WHERE id = ?1",
            [site.evaluation_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let progress = ttdt_model::views::SiteProgress::of(site.id, &score);
        let second_approval = self.second_approval(site.campaign_id)?;
        Ok(SiteDetail { site, campaign, parent, groups: framework.groups, criteria, score, progress, status_by, status_at, second_approval })
    }

    /// The newest tool result and the newest reviewer decision of each criterion of an evaluation.
    pub(super) fn results_by_code(&self, evaluation_id: i64) -> Result<HashMap<String, Results>> {
        let mut stmt = self.conn.prepare(
            // The newest of each kind is the last in (asserted_at, uid) order: the rows' content
            // decides, not their local ids, so that merged databases agree (see `keep` in
            // ttdt-model's campaign_scores.rs, which applies the same rule).
            "SELECT id, criterion_code, outcome, share, points, mode, evidence, note, asserted_by, asserted_at
             FROM criterion_result
             WHERE evaluation_id = ?1
             ORDER BY asserted_at, uid",
        )?;
        let rows = stmt.query_map([evaluation_id], result_row)?;
        let mut out: HashMap<String, Results> = HashMap::new();
        for r in rows {
            let r = r?;
            let slot = out.entry(r.criterion_code.clone()).or_default();
            if r.mode == ResultMode::Automatic {
                slot.tool = Some(r);
            } else {
                slot.review = Some(r);
            }
        }
        Ok(out)
    }

}
