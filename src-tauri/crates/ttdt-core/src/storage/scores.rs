//! Everything needed to score, rank and export a campaign, loaded in a few queries.

use std::collections::HashMap;

use super::sites::{result_row, Results};
use super::Store;
use crate::domain::{Campaign, Criterion, CriterionGroup, CriterionResult, ResultMode, Site};
use crate::error::Result;
use crate::ranking::SiteScore;
use crate::scoring::{self, Judged};

/// A campaign with its frozen framework, its sites, their effective results and score cards.
#[derive(Debug, Clone)]
pub struct CampaignScores {
    pub campaign: Campaign,
    pub groups: Vec<CriterionGroup>,
    /// Criteria that are not retired, group by group in framework order.
    pub criteria: Vec<Criterion>,
    pub sites: Vec<Site>,
    /// Score of each site, in the order of `sites`.
    pub scores: Vec<SiteScore>,
    /// The effective result of each criterion of each site: `results[site_id][code]`.
    pub results: HashMap<i64, HashMap<String, CriterionResult>>,
}

impl CampaignScores {
    pub fn site(&self, site_id: i64) -> Option<(&Site, &SiteScore)> {
        let i = self.sites.iter().position(|s| s.id == site_id)?;
        Some((&self.sites[i], &self.scores[i]))
    }

    pub fn result(&self, site_id: i64, code: &str) -> Option<&CriterionResult> {
        self.results.get(&site_id).and_then(|m| m.get(code))
    }
}

/// The visits number of SD.01, read from its result's evidence (`{"visits": N}`).
fn visits_of(r: &CriterionResult) -> Option<f64> {
    r.evidence.get("visits").and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|s| s.replace(['.', ','], "").parse().ok())))
}

impl Store {
    pub fn campaign_scores(&self, campaign_id: i64) -> Result<CampaignScores> {
        let campaign = self.campaign(campaign_id)?;
        let fw = self.campaign_framework(campaign_id)?;
        let sites = self.list_sites(campaign_id)?;
        let by_evaluation: HashMap<i64, i64> = sites.iter().map(|s| (s.evaluation_id, s.id)).collect();
        let mut raw: HashMap<i64, HashMap<String, Results>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            // One ordered pass over the campaign's results; later rows replace earlier ones.
            "SELECT r.id, r.criterion_code, r.outcome, r.share, r.points, r.mode, r.evidence, r.note, r.asserted_by,
                    r.asserted_at, r.evaluation_id
             FROM evaluation e JOIN criterion_result r ON r.evaluation_id = e.id
             WHERE e.campaign_id = ?1
             ORDER BY r.evaluation_id, r.criterion_code, r.id",
        )?;
        let rows = stmt.query_map([campaign_id], |r| Ok((result_row(r)?, r.get::<_, i64>(10)?)))?;
        for row in rows {
            let (result, evaluation) = row?;
            let Some(site_id) = by_evaluation.get(&evaluation) else { continue };
            let slot = raw.entry(*site_id).or_default().entry(result.criterion_code.clone()).or_default();
            if result.mode == ResultMode::Automatic {
                slot.tool = Some(result);
            } else {
                slot.review = Some(result);
            }
        }
        // Group by group (stable inside a group), so that a group's criteria are contiguous columns.
        let mut criteria: Vec<Criterion> = fw.criteria.into_iter().filter(|c| !c.retired).collect();
        criteria.sort_by_key(|c| fw.groups.iter().position(|g| g.code == c.group_code).unwrap_or(usize::MAX));
        let mut results: HashMap<i64, HashMap<String, CriterionResult>> = HashMap::new();
        let mut scores = Vec::with_capacity(sites.len());
        for site in &sites {
            let effective: HashMap<String, CriterionResult> = raw
                .remove(&site.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(code, r)| r.effective().cloned().map(|e| (code, e)))
                .collect();
            let judged = effective.iter().map(|(k, r)| (k.clone(), Judged { outcome: r.outcome, share: r.share })).collect();
            let card = scoring::score(&fw.groups, &criteria, site.level, &judged);
            scores.push(SiteScore {
                site_id: site.id,
                agency_name: site.agency_name.clone(),
                url: site.url.clone(),
                level: site.level,
                block: site.block.clone(),
                status: site.status,
                card,
                visits: effective.get("SD.01").and_then(visits_of),
            });
            results.insert(site.id, effective);
        }
        Ok(CampaignScores { campaign, groups: fw.groups, criteria, sites, scores, results })
    }
}

impl Store {
    /// The letterhead of exported documents: the reviewer's unit issues them, dated today (Vietnam time).
    pub fn letterhead(&self, issuer: Option<&str>, place: Option<&str>) -> Result<crate::export::Letterhead> {
        let reviewer = self.reviewer()?;
        let now = self.clock().now().to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
        let issuer = issuer
            .map(str::to_string)
            .or_else(|| reviewer.as_ref().map(|r| r.unit.clone()).filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "Đoàn đánh giá".to_string());
        Ok(crate::export::Letterhead {
            issuer,
            place: place.map(str::to_string).or(self.setting("place")?).unwrap_or_else(|| "Hà Nội".to_string()),
            date: (now.day(), u8::from(now.month()), now.year()),
            reviewer: reviewer.map(|r| r.name).unwrap_or_default(),
        })
    }

    /// Writes the scorecard of a site into `dir`; returns the file.
    pub fn save_scorecard(&self, site_id: i64, dir: &std::path::Path) -> Result<std::path::PathBuf> {
        let site = self.site(site_id)?;
        let data = self.campaign_scores(site.campaign_id)?;
        let bytes = crate::export::scorecard_xlsx(&data, site_id, &self.letterhead(None, None)?, Default::default())?;
        let host = url::Url::parse(&site.url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
        let safe: String = host.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' }).collect();
        let path = dir.join(format!("phieu-danh-gia-{}-{safe}.xlsx", site.id));
        crate::files::write_atomic(&path, &bytes)?;
        Ok(path)
    }

    /// Writes the scorecards of every site of a campaign into `dir`, one file per site.
    pub fn save_all_scorecards(&self, campaign_id: i64, dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
        self.list_sites(campaign_id)?.iter().map(|s| self.save_scorecard(s.id, dir)).collect()
    }

    /// Writes the ranking workbook of a campaign into `dir`; returns the file.
    pub fn save_ranking(&self, campaign_id: i64, dir: &std::path::Path, exclude_incomplete: bool) -> Result<std::path::PathBuf> {
        let data = self.campaign_scores(campaign_id)?;
        let opts = crate::export::ExportOptions { exclude_incomplete, ..Default::default() };
        let bytes = crate::export::ranking_xlsx(&data, &self.letterhead(None, None)?, opts)?;
        let path = dir.join(format!("xep-hang-chien-dich-{campaign_id}-{}.xlsx", data.campaign.year));
        crate::files::write_atomic(&path, &bytes)?;
        Ok(path)
    }

    /// Writes the campaign's results as CSV or JSON into `dir`; returns the file.
    pub fn save_results(&self, campaign_id: i64, dir: &std::path::Path, json: bool) -> Result<std::path::PathBuf> {
        let data = self.campaign_scores(campaign_id)?;
        let (text, ext) = if json {
            (serde_json::to_string_pretty(&crate::export::results_json(&data, false)).unwrap_or_default(), "json")
        } else {
            (crate::export::results_csv(&data), "csv")
        };
        let path = dir.join(format!("ket-qua-chien-dich-{campaign_id}.{ext}"));
        crate::files::write_atomic(&path, text.as_bytes())?;
        Ok(path)
    }

    /// Ranking, group averages and the weakest criteria, for the reports page.
    pub fn campaign_report(&self, campaign_id: i64, exclude_incomplete: bool) -> Result<crate::ranking::CampaignReport> {
        let data = self.campaign_scores(campaign_id)?;
        let all: Vec<&SiteScore> = data.scores.iter().collect();
        let weakest: Vec<_> = crate::ranking::weakest_criteria(&data.scores).into_iter().filter(|w| w.mean_share.is_some()).take(10).collect();
        let titles = weakest
            .iter()
            .filter_map(|w| data.criteria.iter().find(|c| c.code == w.code).map(|c| (c.code.clone(), c.title.clone())))
            .collect();
        Ok(crate::ranking::CampaignReport {
            blocks: crate::ranking::rank_by_points(&data.scores, exclude_incomplete),
            groups: crate::ranking::group_stats(&data.groups, &all),
            weakest,
            titles,
        })
    }
}
