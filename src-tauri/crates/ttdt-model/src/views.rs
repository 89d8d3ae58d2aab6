//! What the screens and exports show: read models assembled by the store from the domain's rows,
//! the framework and the scores.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::*;
use crate::scoring::{ScoreCard, Standing};

/// An installed framework, whole, for the framework browser.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FrameworkDetail {
    pub summary: FrameworkSummary,
    pub legal_texts: Vec<LegalText>,
    pub groups: Vec<CriterionGroup>,
    pub criteria: Vec<Criterion>,
}

/// A site with its campaign's criteria and their effective results.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SiteDetail {
    pub site: Site,
    pub campaign: Campaign,
    pub parent: Option<Site>,
    pub groups: Vec<CriterionGroup>,
    pub criteria: Vec<SiteCriterion>,
    pub score: ScoreCard,
    /// How far the evaluation has come, counted from `score` as the sites list counts it.
    pub progress: SiteProgress,
    /// Who set the current status, and when.
    pub status_by: Option<String>,
    pub status_at: Option<String>,
    /// Finalising needs a second person: someone other than who submitted (a campaign setting).
    pub second_approval: bool,
}

/// One row of a site page: the criterion, whether it applies, and its results.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SiteCriterion {
    pub criterion: Criterion,
    pub applies: bool,
    /// The effective result: the reviewer's when there is one, else the tool's.
    pub result: Option<CriterionResult>,
    /// The newest result of the automated checks.
    pub tool_result: Option<CriterionResult>,
    /// The newest decision of a reviewer (manual or override).
    pub review: Option<CriterionResult>,
    /// The tool's result changed after the reviewer decided.
    pub tool_changed: bool,
    /// Documents attached and not detached.
    pub attachments: Vec<Attachment>,
    /// What a reviewer typed and did not get saved as a decision, if anything.
    pub draft: Option<SavedDraft>,
}

/// A reviewer's form for one criterion as typed, valid or not: kept so that nothing typed is lost.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReviewDraft {
    pub outcome: Option<Outcome>,
    /// Points as typed ("2,5").
    pub points: String,
    pub note: String,
    pub checklist: Vec<bool>,
    pub reason: String,
    /// EMC visits as typed (SD.01).
    pub visits: String,
}

/// A draft kept in the database, stamped with who typed it and when, and why it was not saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SavedDraft {
    pub draft: ReviewDraft,
    /// The refusal of the last save, in Vietnamese; empty when the save was only pending.
    pub problem: String,
    pub saved_by: String,
    pub saved_at: String,
}

/// How far the evaluation of one site has come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SiteProgress {
    #[ts(type = "number")]
    pub site_id: i64,
    /// Applicable criteria with a final outcome.
    #[ts(type = "number")]
    pub done: i64,
    /// Needs review, not tested or error.
    #[ts(type = "number")]
    pub blocked: i64,
    /// No result yet.
    #[ts(type = "number")]
    pub left: i64,
    #[ts(type = "number")]
    pub applicable: i64,
}

impl SiteProgress {
    /// The progress a score card shows: the one count the site page, the sites list and the
    /// reports use, so that a criterion a reviewer judged not applicable leaves every one of them.
    pub fn of(site_id: i64, card: &ScoreCard) -> SiteProgress {
        let mut p = SiteProgress { site_id, done: 0, blocked: 0, left: 0, applicable: 0 };
        for c in &card.criteria {
            match (c.standing, c.outcome) {
                (Standing::Excluded, _) => {}
                (Standing::Scored, _) => p.done += 1,
                (Standing::Blocking, Some(_)) => p.blocked += 1,
                (Standing::Blocking, None) => p.left += 1,
            }
        }
        p.applicable = p.done + p.blocked + p.left;
        p
    }
}

/// A framework known to this installation (for the campaign form).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FrameworkSummary {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub version: String,
    #[ts(type = "number")]
    pub criterion_count: i64,
    pub max_points: f64,
}

/// Where the sample portals are served.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DemoInfo {
    pub base_url: String,
    pub portals: Vec<DemoPortalInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DemoPortalInfo {
    pub agency_name: String,
    pub level: Level,
    pub url: String,
}

/// Counts shown on the reports page for a campaign.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CampaignSummary {
    pub campaign: Campaign,
    pub by_level: Vec<LevelCount>,
    pub by_status: Vec<StatusCount>,
    #[ts(type = "number")]
    pub results_recorded: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LevelCount {
    pub level: Level,
    #[ts(type = "number")]
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StatusCount {
    pub status: EvaluationStatus,
    #[ts(type = "number")]
    pub count: i64,
}

/// What the app tells the UI about itself and its database.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub db_path: String,
    /// The database can be read but not written here (a read-only file or folder).
    pub read_only: bool,
    #[ts(type = "number")]
    pub schema_version: i64,
    pub actor: String,
    pub demo_base: String,
    pub demo_serving: bool,
    pub version: String,
    /// The folder exports go to when no file is chosen.
    pub export_dir: String,
    /// Exports go to `export_dir` without asking (set by `TTDT_EXPORT_DIR`).
    pub export_dir_fixed: bool,
    /// The browser page-load metrics use, when one was found.
    pub browser_path: Option<String>,
}
