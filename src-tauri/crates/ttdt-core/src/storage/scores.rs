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
    /// Criteria that are not retired, in framework order.
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
            "SELECT r.id, r.criterion_code, r.outcome, r.share, r.points, r.mode, r.evidence, r.note, r.asserted_by,
                    r.asserted_at, r.evaluation_id
             FROM criterion_result r
             WHERE r.id IN (SELECT MAX(x.id) FROM criterion_result x JOIN evaluation e ON e.id = x.evaluation_id
                            WHERE e.campaign_id = ?1 GROUP BY x.evaluation_id, x.criterion_code, x.mode = 'automatic')",
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
        let criteria: Vec<Criterion> = fw.criteria.into_iter().filter(|c| !c.retired).collect();
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
