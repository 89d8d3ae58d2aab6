//! Where an evaluation stands (table `evaluation`): draft → submitted → finalised, and back to
//! draft with a reason.

use rusqlite::{params, OptionalExtension};

use super::locked;
use crate::{log_change, Change, Store};
use ttdt_model::domain::{EvaluationStatus, Site};
use ttdt_model::error::{Error, Result};
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
            return Err(Error::Blocked { codes: blocking, finalising: false });
        }
        self.set_status(&site, EvaluationStatus::Submitted, "")
    }

    /// submitted → finalised: locked, with who and when recorded. Submitting cannot be skipped,
    /// and when the campaign asks for a second approval, who submitted cannot finalise.
    pub fn finalise(&mut self, site_id: i64) -> Result<Site> {
        let site = self.site(site_id)?;
        if site.status == EvaluationStatus::Finalised {
            return Err(locked());
        }
        let blocking = self.blocking_criteria(site_id)?;
        if !blocking.is_empty() {
            return Err(Error::Blocked { codes: blocking, finalising: true });
        }
        if site.status == EvaluationStatus::Draft {
            return Err(Error::invalid(
                "status",
                "finalise before submit",
                "Chưa chốt được: phiếu chưa nộp. Hãy bấm “Nộp” trước, rồi người duyệt chốt phiếu.",
            ));
        }
        if self.second_approval(site.campaign_id)? {
            let submitter: Option<String> =
                self.conn.query_row("SELECT status_by FROM evaluation WHERE id = ?1", [site.evaluation_id], |r| r.get(0))?;
            if submitter.as_deref() == Some(self.actor.as_str()) {
                return Err(Error::invalid(
                    "approval",
                    "finalised by the submitter",
                    format!(
                        "Chưa chốt được: chiến dịch này yêu cầu người thứ hai duyệt. Phiếu do {} nộp; người khác (đổi người đánh giá ở thanh trạng thái) mới chốt được.",
                        self.actor
                    ),
                ));
            }
        }
        self.set_status(&site, EvaluationStatus::Finalised, "")
    }

    /// Whether finalising a site of the campaign needs a second person (on unless turned off).
    pub fn second_approval(&self, campaign_id: i64) -> Result<bool> {
        let on: Option<bool> = self
            .conn
            .query_row("SELECT second_approval FROM campaign WHERE id = ?1", [campaign_id], |r| r.get(0))
            .optional()?;
        on.ok_or_else(|| Error::NotFound { entity: "campaign", key: campaign_id.to_string() })
    }

    /// Turns the campaign's second approval on or off, logged like every change.
    pub fn set_second_approval(&mut self, campaign_id: i64, on: bool) -> Result<bool> {
        let before = self.second_approval(campaign_id)?;
        if before == on {
            return Ok(on);
        }
        let now = self.clock.stamp();
        let tx = crate::write_tx(&mut self.conn)?;
        tx.execute("UPDATE campaign SET second_approval = ?1 WHERE id = ?2", params![on, campaign_id])?;
        let c = Change::new("campaign", campaign_id, "second_approval")
            .before(Some(before.to_string()))
            .after(Some(on.to_string()));
        log_change(&tx, &now, &self.actor, c)?;
        tx.commit()?;
        Ok(on)
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
        Ok(data.scores.iter().map(|s| SiteProgress::of(s.site_id, &s.card)).collect())
    }
}
