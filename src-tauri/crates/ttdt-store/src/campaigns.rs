//! Tables `campaign`, `campaign_group`, `campaign_criterion`: a campaign and its frozen framework.

use rusqlite::{params, OptionalExtension, Row};

use super::frameworks::{criterion_row, to_json, CRITERION_COLUMNS};
use super::{log_change, Change, Store};
use ttdt_model::domain::{Campaign, CampaignFramework, Criterion, CriterionEdit, CriterionGroup, EvaluationStatus, Level, NewCampaign, NewCriterion};
use ttdt_model::views::{CampaignSummary, LevelCount, StatusCount};
use ttdt_model::error::{Error, Result};
use ttdt_model::framework::{is_valid_criterion_code, CriterionSpec, Framework, GroupSpec, LegalText, CRITERION_CODE_PATTERN};

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
        self.create_campaign_with_sites(input, &[])
    }

    /// Creates a campaign and its first sites in one transaction: all of it, or nothing (a
    /// refused site refuses the campaign too).
    pub fn create_campaign_with_sites(&mut self, input: &NewCampaign, sites: &[crate::sites::NewSite]) -> Result<Campaign> {
        // Names are kept as shown: invisible characters (zero-width, bidi controls) dropped, NFC.
        let name = ttdt_model::text::visible_text(&input.name);
        let name = name.as_str();
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
        let tx = crate::write_tx(&mut self.conn)?;
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
            "INSERT INTO campaign (name, year, framework_id, framework_name, created_at, created_by,
                                   legal_texts, framework_year, framework_version)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, legal_texts, year, version FROM framework WHERE id = ?3",
            params![name, input.year, input.framework_id, framework_name, now, self.actor],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO campaign_group (campaign_id, code, name, points, separate_ranking, position)
             SELECT ?1, code, name, points, separate_ranking, position FROM framework_group WHERE framework_id = ?2",
            params![id, input.framework_id],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO campaign_criterion (campaign_id, {CRITERION_COLUMNS}, position)
                 SELECT ?1, {CRITERION_COLUMNS}, position FROM framework_criterion WHERE framework_id = ?2"
            ),
            params![id, input.framework_id],
        )?;
        let summary = format!("{name} ({}) — {}", input.year, input.framework_id);
        log_change(&tx, &now, &self.actor, Change::new("campaign", id, "created").after(Some(summary)))?;
        crate::sites::insert_sites(&tx, &now, &self.actor, id, sites)?;
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
        let locked_reason = self.framework_lock(campaign_id)?.unwrap_or_default();
        Ok(CampaignFramework {
            framework_id: campaign.framework_id,
            framework_name: campaign.framework_name,
            groups,
            criteria,
            editable: locked_reason.is_empty(),
            locked_reason,
        })
    }

    pub(super) fn campaign_criteria(&self, campaign_id: i64) -> Result<Vec<Criterion>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CRITERION_COLUMNS}, retired FROM campaign_criterion WHERE campaign_id = ?1 ORDER BY position"
        ))?;
        let rows = stmt.query_map([campaign_id], |r| criterion_row(r, true))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn campaign_criterion(&self, campaign_id: i64, code: &str) -> Result<Criterion> {
        self.conn
            .query_row(
                &format!("SELECT {CRITERION_COLUMNS}, retired FROM campaign_criterion WHERE campaign_id = ?1 AND code = ?2"),
                params![campaign_id, code],
                |r| criterion_row(r, true),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "criterion", key: code.to_string() })
    }

    /// Why a campaign's framework copy cannot be edited, or `None` when it can.
    fn framework_lock(&self, campaign_id: i64) -> Result<Option<String>> {
        let finalised: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM evaluation WHERE campaign_id = ?1 AND status = 'finalised'",
            [campaign_id],
            |r| r.get(0),
        )?;
        Ok((finalised > 0).then(|| format!("đã có {finalised} phiếu đánh giá được chốt, không sửa được bộ tiêu chí")))
    }

    fn ensure_framework_editable(&self, campaign_id: i64) -> Result<()> {
        self.campaign(campaign_id)?;
        match self.framework_lock(campaign_id)? {
            Some(reason) => Err(Error::invalid(
                "campaign",
                "framework copy is locked: an evaluation is finalised",
                format!("Không sửa được bộ tiêu chí của chiến dịch: {reason}."),
            )),
            None => Ok(()),
        }
    }

    /// Edits one criterion of a campaign's copy (points, levels, guidance, retired).
    /// Every changed field goes to the change log; group points follow the criteria.
    pub fn edit_campaign_criterion(&mut self, campaign_id: i64, code: &str, edit: &CriterionEdit) -> Result<Criterion> {
        self.ensure_framework_editable(campaign_id)?;
        let old = self.campaign_criterion(campaign_id, code)?;
        if let Some(p) = edit.points {
            check_points(code, p)?;
        }
        let mut levels = edit.levels.clone().unwrap_or_else(|| old.levels.clone());
        levels.sort_by_key(|l| Level::ALL.iter().position(|x| x == l));
        levels.dedup();
        if levels.len() == Level::ALL.len() {
            levels.clear();
        }
        let new = Criterion {
            points: edit.points.unwrap_or(old.points),
            levels,
            guidance: edit.guidance.clone().map(|g| g.trim().to_string()).unwrap_or_else(|| old.guidance.clone()),
            retired: edit.retired.unwrap_or(old.retired),
            ..old.clone()
        };
        let tx = crate::write_tx(&mut self.conn)?;
        tx.execute(
            "UPDATE campaign_criterion SET points = ?1, levels = ?2, guidance = ?3, retired = ?4
             WHERE campaign_id = ?5 AND code = ?6",
            params![new.points, to_json(&new.levels), new.guidance, new.retired, campaign_id, code],
        )?;
        let entity_id = format!("{campaign_id}/{code}");
        let changes: [(&'static str, String, String); 4] = [
            ("points", old.points.to_string(), new.points.to_string()),
            ("levels", to_json(&old.levels), to_json(&new.levels)),
            ("guidance", old.guidance.clone(), new.guidance.clone()),
            ("retired", old.retired.to_string(), new.retired.to_string()),
        ];
        for (field, before, after) in changes {
            if before != after {
                let mut c = Change::new("campaign_criterion", &entity_id, field).before(Some(before)).after(Some(after));
                c.reason = edit.reason.trim().to_string();
                log_change(&tx, &self.clock.stamp(), &self.actor, c)?;
            }
        }
        recompute_group_points(&tx, campaign_id)?;
        tx.commit()?;
        Ok(new)
    }

    /// Adds a criterion to a campaign's copy. A code is never reused, even a retired one.
    pub fn add_campaign_criterion(&mut self, campaign_id: i64, input: &NewCriterion) -> Result<Criterion> {
        self.ensure_framework_editable(campaign_id)?;
        let code = input.code.trim().to_uppercase();
        let title = input.title.trim();
        if !is_valid_criterion_code(&code) {
            return Err(Error::invalid(
                "code",
                format!("code {code:?} does not match {CRITERION_CODE_PATTERN}"),
                "Mã tiêu chí có dạng NHÓM.số, ví dụ CT.27.",
            ));
        }
        if !code.starts_with(&format!("{}.", input.group_code)) {
            return Err(Error::invalid(
                "code",
                format!("code {code:?} does not start with group {}", input.group_code),
                format!("Mã tiêu chí phải bắt đầu bằng mã nhóm {}.", input.group_code),
            ));
        }
        if title.is_empty() {
            return Err(Error::invalid("title", "empty", "Tên tiêu chí không được để trống."));
        }
        check_points(&code, input.points)?;
        if input.legal_basis.is_empty() || input.legal_basis.iter().any(|l| l.text.trim().is_empty()) {
            return Err(Error::invalid(
                "legal_basis",
                "missing",
                format!("Tiêu chí {code} phải có căn cứ pháp lý."),
            ));
        }
        let tx = crate::write_tx(&mut self.conn)?;
        let group_exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaign_group WHERE campaign_id = ?1 AND code = ?2)",
            params![campaign_id, input.group_code],
            |r| r.get(0),
        )?;
        if !group_exists {
            return Err(Error::invalid(
                "group_code",
                format!("unknown group {}", input.group_code),
                format!("Nhóm {} không có trong bộ tiêu chí của chiến dịch.", input.group_code),
            ));
        }
        let used: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaign_criterion WHERE campaign_id = ?1 AND code = ?2)",
            params![campaign_id, code],
            |r| r.get(0),
        )?;
        if used {
            return Err(Error::invalid(
                "code",
                format!("code {code} already used"),
                format!("Mã {code} đã được dùng; mã tiêu chí không bao giờ được dùng lại."),
            ));
        }
        let position: i64 = tx.query_row(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM campaign_criterion WHERE campaign_id = ?1",
            [campaign_id],
            |r| r.get(0),
        )?;
        tx.execute(
            &format!(
                "INSERT INTO campaign_criterion (campaign_id, {CRITERION_COLUMNS}, position, retired)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '[]', '[]', '[]', 0, ?10, 0)"
            ),
            params![
                campaign_id,
                code,
                input.group_code,
                title,
                input.method.as_str(),
                input.points,
                to_json(&input.levels),
                to_json(&input.legal_basis),
                input.guidance.trim(),
                position
            ],
        )?;
        let entity_id = format!("{campaign_id}/{code}");
        let what = format!("{code} {title} ({} điểm)", input.points);
        log_change(&tx, &self.clock.stamp(), &self.actor, Change::new("campaign_criterion", &entity_id, "added").after(Some(what)))?;
        recompute_group_points(&tx, campaign_id)?;
        tx.commit()?;
        self.campaign_criterion(campaign_id, &code)
    }

    /// Saves the campaign's copy as a framework file; returns the file's path.
    pub fn save_campaign_framework(&self, campaign_id: i64, to: &crate::files::Destination) -> Result<std::path::PathBuf> {
        let text = self.export_campaign_framework(campaign_id)?;
        let campaign = self.campaign(campaign_id)?;
        let path = to.path(&format!("bo-tieu-chi-{}-cd{}.toml", campaign.framework_id.to_lowercase(), campaign.id));
        crate::files::write_atomic(&path, text.as_bytes())?;
        Ok(path)
    }

    /// The campaign's copy as a framework file (TOML), retired criteria left out.
    pub fn export_campaign_framework(&self, campaign_id: i64) -> Result<String> {
        let campaign = self.campaign(campaign_id)?;
        let fw = self.campaign_framework(campaign_id)?;
        let (legal, year, version): (String, Option<i32>, Option<String>) = self.conn.query_row(
            "SELECT legal_texts, framework_year, framework_version FROM campaign WHERE id = ?1",
            [campaign_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let criteria: Vec<&Criterion> = fw.criteria.iter().filter(|c| !c.retired).collect();
        let file = Framework {
            id: format!("{}-CD{}", fw.framework_id, campaign.id),
            name: format!(
                "{} — bản của chiến dịch “{}” ({})",
                ttdt_model::text::visible_text(&fw.framework_name),
                ttdt_model::text::visible_text(&campaign.name),
                campaign.year
            ),
            year: year.unwrap_or(campaign.year),
            version: format!("{}+cd{}", version.unwrap_or_else(|| "1".into()), campaign.id),
            legal_texts: serde_json::from_str::<Vec<LegalText>>(&legal).unwrap_or_default(),
            groups: fw
                .groups
                .iter()
                .map(|g| GroupSpec {
                    code: g.code.clone(),
                    name: g.name.clone(),
                    points: criteria.iter().filter(|c| c.group_code == g.code).map(|c| c.points).sum(),
                    separate_ranking: g.separate_ranking,
                })
                .collect(),
            criteria: criteria.iter().map(|c| CriterionSpec::from(*c)).collect(),
        };
        // The criteria's check bindings were checked when their framework was imported.
        file.validate(&ttdt_model::framework::any_check)?;
        file.to_toml()
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

fn check_points(code: &str, points: f64) -> Result<()> {
    if points.is_finite() && (0.0..=100.0).contains(&points) {
        Ok(())
    } else {
        Err(Error::invalid(
            "points",
            format!("{code}: points {points} out of range"),
            format!("Điểm của tiêu chí {code} phải là số từ 0 đến 100."),
        ))
    }
}

/// A group's points are the sum of its criteria that are not retired.
fn recompute_group_points(tx: &rusqlite::Transaction<'_>, campaign_id: i64) -> Result<()> {
    tx.execute(
        "UPDATE campaign_group SET points = (
            SELECT COALESCE(SUM(c.points), 0) FROM campaign_criterion c
            WHERE c.campaign_id = campaign_group.campaign_id AND c.group_code = campaign_group.code AND c.retired = 0)
         WHERE campaign_id = ?1",
        [campaign_id],
    )?;
    Ok(())
}
