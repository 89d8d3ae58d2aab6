//! The reviewer's work, one file per table or concern: who reviews (`reviewer`), decisions with
//! overrides (`results`, table `criterion_result`), documents (`attachments`, table
//! `attachment`), answers to the document assistant (`checklist`), the evaluation's status
//! (`status`, table `evaluation`) and the audit trail (`audit`, table `change_log`).
//! The rules of a decision are pure: [`ttdt_model::review`].

mod attachments;
mod audit;
mod checklist;
mod drafts;
mod results;
mod reviewer;
mod status;

pub use attachments::DEFAULT_MAX_ATTACHMENT_MB;
pub use checklist::Suggestion as ChecklistSuggestion;
pub(super) use reviewer::actor_label;

use crate::Store;
use ttdt_model::domain::{Criterion, Site};
use ttdt_model::error::{Error, Result};

/// The error of any change to a finalised evaluation.
fn locked() -> Error {
    Error::invalid(
        "evaluation",
        "evaluation is finalised",
        "Phiếu đánh giá đã chốt, không sửa được. Hãy mở lại (kèm lý do) nếu cần sửa.",
    )
}

impl Store {
    /// A criterion of the site's campaign that is still in force.
    fn criterion_for(&self, site: &Site, code: &str) -> Result<Criterion> {
        let c = self
            .campaign_criteria(site.campaign_id)?
            .into_iter()
            .find(|c| c.code == code)
            .ok_or_else(|| Error::NotFound { entity: "criterion", key: code.to_string() })?;
        if c.retired {
            return Err(Error::invalid("criterion", "retired", format!("Tiêu chí {code} đã ngừng áp dụng.")));
        }
        Ok(c)
    }
}
