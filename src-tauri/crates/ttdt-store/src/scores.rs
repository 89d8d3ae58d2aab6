//! A campaign's scores read from the database in one pass, and its report.

use super::Store;
use ttdt_model::campaign_scores::{CampaignScores, CampaignScoresBuilder, ResultRow};
use ttdt_model::domain::{Outcome, ResultMode};
use ttdt_model::error::Result;

/// Text of a column, or "" for NULL.
fn text_of<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    match row.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(""),
        v => v.as_str().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e))),
    }
}

impl Store {
    pub fn campaign_scores(&self, campaign_id: i64) -> Result<CampaignScores> {
        let campaign = self.campaign(campaign_id)?;
        let fw = self.campaign_framework(campaign_id)?;
        let sites = self.list_sites(campaign_id)?;
        let mut data = CampaignScoresBuilder::new(campaign, fw.groups, fw.criteria, sites);
        let mut stmt = self.conn.prepare(
            // One pass over the campaign's results through the (evaluation, criterion) index.
            // No ORDER BY: the builder keeps the effective result whatever the order, and sorting
            // 600,000 rows in SQLite costs more than the read itself.
            "SELECT r.id, r.criterion_code, r.outcome, r.share, r.points, r.mode, r.evidence, r.note, r.asserted_by,
                    r.asserted_at, r.evaluation_id, r.uid
             FROM criterion_result r
             WHERE r.evaluation_id IN (SELECT id FROM evaluation WHERE campaign_id = ?1)",
        )?;
        let mut rows = stmt.query([campaign_id])?;
        while let Some(r) = rows.next()? {
            data.add(ResultRow {
                id: r.get(0)?,
                uid: text_of(r, 11)?,
                evaluation_id: r.get(10)?,
                criterion_code: text_of(r, 1)?,
                outcome: Outcome::parse(text_of(r, 2)?).unwrap_or(Outcome::Error),
                share: r.get(3)?,
                points: r.get(4)?,
                mode: ResultMode::parse(text_of(r, 5)?).unwrap_or(ResultMode::Manual),
                evidence: text_of(r, 6)?,
                note: text_of(r, 7)?,
                asserted_by: text_of(r, 8)?,
                asserted_at: text_of(r, 9)?,
            })?;
        }
        Ok(data.finish())
    }
}

impl Store {
    /// Ranking, group averages and the weakest criteria, for the reports page.
    pub fn campaign_report(&self, campaign_id: i64, exclude_incomplete: bool) -> Result<ttdt_model::ranking::CampaignReport> {
        let data = self.campaign_scores(campaign_id)?;
        let all: Vec<&ttdt_model::ranking::SiteScore> = data.scores.iter().collect();
        let weakest: Vec<_> = ttdt_model::ranking::weakest_criteria(&data.scores).into_iter().filter(|w| w.mean_share.is_some()).take(10).collect();
        let titles = weakest
            .iter()
            .filter_map(|w| data.criteria.iter().find(|c| c.code == w.code).map(|c| (c.code.clone(), c.title.clone())))
            .collect();
        Ok(ttdt_model::ranking::CampaignReport {
            blocks: ttdt_model::ranking::rank_by_points(&data.scores, exclude_incomplete),
            groups: ttdt_model::ranking::group_stats(&data.groups, &all),
            weakest,
            titles,
        })
    }
}
