//! Where an evaluation stands (table `evaluation`): draft → submitted → finalised, and back to
//! draft with a reason.

use rusqlite::params;

use super::locked;
use crate::{log_change, Change, Store};
use ttdt_model::domain::{EvaluationStatus, Site};
use ttdt_model::error::{Error, Result};
use ttdt_model::scoring::Standing;
use ttdt_model::views::SiteProgress;

impl Store {
    /// Applicable criteria that still need a decision, for a site.
    pub fn blocking_criteria(&self, site_id: i64) -> Result<Vec<String>> {
        Ok(self.site_detail(site_id)?.score.blocking)
    }

    /// draft → submitted, when every applicable criterion has a final outcome.
    pub fn submit(&mut self, site_id: i64) -> Result<Site> {
        let site = self.site(site_id)?;
        match site.status {
            EvaluationStatus::Finalised => return Err(locked()),
            EvaluationStatus::Submitted => return Ok(site),
            EvaluationStatus::Draft => {}
        }
        let blocking = self.blocking_criteria(site_id)?;
        if !blocking.is_empty() {
            return Err(Error::Blocked { codes: blocking });
        }
        self.set_status(&site, EvaluationStatus::Submitted, "")
    }

    /// submitted → finalised: locked, with who and when recorded. A draft with nothing blocking is submitted first.
    pub fn finalise(&mut self, site_id: i64) -> Result<Site> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let blocking = self.blocking_criteria(site_id)?;
        if !blocking.is_empty() {
            return Err(Error::Blocked { codes: blocking });
        }
        let site = if site.status == EvaluationStatus::Draft { self.submit(site_id)? } else { site };
        self.set_status(&site, EvaluationStatus::Finalised, "")
    }

    /// Back to draft, only with a reason.
    pub fn reopen(&mut self, site_id: i64, reason: &str) -> Result<Site> {
        let site = self.site(site_id)?;
        if reason.trim().is_empty() {
            return Err(Error::invalid("reason", "reopen without a reason", "Hãy ghi lý do mở lại phiếu đánh giá."));
        }
        if site.status == EvaluationStatus::Draft {
            return Ok(site);
        }
        self.set_status(&site, EvaluationStatus::Draft, reason.trim())
    }

    fn set_status(&mut self, site: &Site, status: EvaluationStatus, reason: &str) -> Result<Site> {
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        tx.execute(
            "UPDATE evaluation SET status = ?1, status_by = ?2, status_at = ?3 WHERE id = ?4",
            params![status.as_str(), self.actor, now, site.evaluation_id],
        )?;
        let mut c = Change::new("evaluation", site.evaluation_id, "status")
            .before(Some(site.status.as_str().to_string()))
            .after(Some(status.as_str().to_string()));
        c.reason = reason.to_string();
        log_change(&tx, &now, &self.actor, c)?;
        tx.commit()?;
        self.site(site.id)
    }

    /// Per site of a campaign: criteria done, blocked and left.
    pub fn campaign_progress(&self, campaign_id: i64) -> Result<Vec<SiteProgress>> {
        // The score cards already say where each criterion stands; load them in one pass.
        let data = self.campaign_scores(campaign_id)?;
        Ok(data
            .scores
            .iter()
            .map(|s| {
                let mut p = SiteProgress { site_id: s.site_id, done: 0, blocked: 0, left: 0, applicable: 0 };
                for c in &s.card.criteria {
                    match (c.standing, c.outcome) {
                        (Standing::Excluded, _) => {}
                        (Standing::Scored, _) => p.done += 1,
                        (Standing::Blocking, Some(_)) => p.blocked += 1,
                        (Standing::Blocking, None) => p.left += 1,
                    }
                }
                p.applicable = p.done + p.blocked + p.left;
                p
            })
            .collect())
    }
}
