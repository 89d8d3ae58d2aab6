//! What the screens and exports show: read models assembled by the store from the domain's rows,
//! the framework and the scores.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::*;
use crate::scoring::ScoreCard;

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
    /// Who set the current status, and when.
    pub status_by: Option<String>,
    pub status_at: Option<String>,
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
