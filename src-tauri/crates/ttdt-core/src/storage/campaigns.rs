//! Tables `campaign`, `campaign_group`, `campaign_criterion`: a campaign and its frozen framework.

use rusqlite::{params, OptionalExtension, Row};

use super::{log_change, Change, Store};
use crate::domain::{
    Campaign, CampaignFramework, CampaignSummary, Criterion, CriterionGroup, EvaluationStatus, Level, LevelCount,
    Method, NewCampaign, StatusCount,
};
use crate::error::{Error, Result};

const CAMPAIGN_SELECT: &str = "SELECT c.id, c.name, c.year, c.framework_id, c.framework_name, c.created_at,
        (SELECT COUNT(*) FROM site s WHERE s.campaign_id = c.id),
        (SELECT COUNT(*) FROM campaign_criterion k WHERE k.campaign_id = c.id AND k.retired = 0)
     FROM campaign c";

fn campaign_row(r: &Row<'_>) -> rusqlite::Result<Campaign> {
    Ok(Campaign {
        id: r.get(0)?,
        name: r.get(1)?,
        year: r.get(2)?,
        framework_id: r.get(3)?,
        framework_name: r.get(4)?,
        created_at: r.get(5)?,
        site_count: r.get(6)?,
        criterion_count: r.get(7)?,
    })
}

impl Store {
    /// Creates a campaign with its own frozen copy of the chosen framework.
    pub fn create_campaign(&mut self, input: &NewCampaign) -> Result<Campaign> {
        let name = input.name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "empty", "Tên chiến dịch không được để trống."));
        }
        if name.chars().count() > 200 {
            return Err(Error::invalid("name", "too long", "Tên chiến dịch dài quá 200 ký tự."));
        }
        if !(2000..=2100).contains(&input.year) {
            return Err(Error::invalid(
                "year",
                format!("{} out of range", input.year),
                format!("Năm {} không hợp lệ (2000–2100).", input.year),
            ));
        }
        let tx = self.conn.transaction()?;
        let framework_name: String = tx
            .query_row("SELECT name FROM framework WHERE id = ?1", [&input.framework_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "framework", key: input.framework_id.clone() })?;
        let duplicate: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaign WHERE name = ?1 AND year = ?2)",
            params![name, input.year],
            |r| r.get(0),
        )?;
        if duplicate {
            return Err(Error::DuplicateCampaign { name: name.to_string(), year: input.year });
        }
        let now = self.clock.stamp();
        tx.execute(
            "INSERT INTO campaign (name, year, framework_id, framework_name, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![name, input.year, input.framework_id, framework_name, now, self.actor],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO campaign_group (campaign_id, code, name, points, separate_ranking, position)
             SELECT ?1, code, name, points, separate_ranking, position FROM framework_group WHERE framework_id = ?2",
            params![id, input.framework_id],
        )?;
        tx.execute(
            "INSERT INTO campaign_criterion
               (campaign_id, code, group_code, title, method, points, levels, legal_basis, guidance, checks, position)
             SELECT ?1, code, group_code, title, method, points, levels, legal_basis, guidance, checks, position
             FROM framework_criterion WHERE framework_id = ?2",
            params![id, input.framework_id],
        )?;
        let summary = format!("{name} ({}) — {}", input.year, input.framework_id);
        log_change(&tx, &self.clock.stamp(), &self.actor, Change::new("campaign", id, "created").after(Some(summary)))?;
        tx.commit()?;
        self.campaign(id)
    }

    pub fn list_campaigns(&self) -> Result<Vec<Campaign>> {
        let mut stmt = self.conn.prepare(&format!("{CAMPAIGN_SELECT} ORDER BY c.year DESC, c.id DESC"))?;
        let rows = stmt.query_map([], campaign_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn campaign(&self, id: i64) -> Result<Campaign> {
        self.conn
            .query_row(&format!("{CAMPAIGN_SELECT} WHERE c.id = ?1"), [id], campaign_row)
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "campaign", key: id.to_string() })
    }

    /// A campaign by numeric id or by exact name (the newest year wins when names repeat).
    pub fn find_campaign(&self, key: &str) -> Result<Campaign> {
        if let Ok(id) = key.trim().parse::<i64>() {
            if let Ok(c) = self.campaign(id) {
                return Ok(c);
            }
        }
        self.conn
            .query_row(
                &format!("{CAMPAIGN_SELECT} WHERE c.name = ?1 ORDER BY c.year DESC, c.id DESC LIMIT 1"),
                [key.trim()],
                campaign_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "campaign", key: key.to_string() })
    }

    /// The campaign's frozen copy of its framework.
    pub fn campaign_framework(&self, campaign_id: i64) -> Result<CampaignFramework> {
        let campaign = self.campaign(campaign_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT code, name, points, separate_ranking FROM campaign_group WHERE campaign_id = ?1 ORDER BY position",
        )?;
        let groups = stmt
            .query_map([campaign_id], |r| {
                Ok(CriterionGroup {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    points: r.get(2)?,
                    separate_ranking: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let criteria = self.campaign_criteria(campaign_id)?;
        Ok(CampaignFramework {
            framework_id: campaign.framework_id,
            framework_name: campaign.framework_name,
            groups,
            criteria,
        })
    }

    pub(super) fn campaign_criteria(&self, campaign_id: i64) -> Result<Vec<Criterion>> {
        let mut stmt = self.conn.prepare(
            "SELECT code, group_code, title, method, points, levels, legal_basis, guidance, checks, retired
             FROM campaign_criterion WHERE campaign_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([campaign_id], |r| {
            let method: String = r.get(3)?;
            let levels: String = r.get(5)?;
            let legal: String = r.get(6)?;
            let checks: String = r.get(8)?;
            Ok(Criterion {
                code: r.get(0)?,
                group_code: r.get(1)?,
                title: r.get(2)?,
                method: Method::parse(&method).unwrap_or(Method::Manual),
                points: r.get(4)?,
                levels: serde_json::from_str(&levels).unwrap_or_default(),
                legal_basis: serde_json::from_str(&legal).unwrap_or_default(),
                guidance: r.get(7)?,
                checks: serde_json::from_str(&checks).unwrap_or_default(),
                retired: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Counts for the reports page.
    pub fn campaign_summary(&self, campaign_id: i64) -> Result<CampaignSummary> {
        let campaign = self.campaign(campaign_id)?;
        let mut by_level = Vec::new();
        for level in Level::ALL {
            let count: i64 = self.conn.query_row(
                "SELECT COUNT(*) FROM site WHERE campaign_id = ?1 AND level = ?2",
                params![campaign_id, level.as_str()],
                |r| r.get(0),
            )?;
            by_level.push(LevelCount { level, count });
        }
        let mut by_status = Vec::new();
        for status in [EvaluationStatus::Draft, EvaluationStatus::Submitted, EvaluationStatus::Finalised] {
            let count: i64 = self.conn.query_row(
                "SELECT COUNT(*) FROM evaluation WHERE campaign_id = ?1 AND status = ?2",
                params![campaign_id, status.as_str()],
                |r| r.get(0),
            )?;
            by_status.push(StatusCount { status, count });
        }
        let results_recorded: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM criterion_result r JOIN evaluation e ON e.id = r.evaluation_id
             WHERE e.campaign_id = ?1",
            [campaign_id],
            |r| r.get(0),
        )?;
        Ok(CampaignSummary { campaign, by_level, by_status, results_recorded })
    }
}
