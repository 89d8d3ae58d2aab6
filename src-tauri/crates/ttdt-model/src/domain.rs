//! Domain types shared by storage, the CLI and the UI (through generated TypeScript bindings).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Administrative level of the agency that owns a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ.
    Ministry,
    /// Tổng cục, cục, đơn vị thuộc bộ.
    MinistryUnit,
    /// UBND tỉnh, thành phố trực thuộc trung ương.
    Province,
    /// Sở, ban, ngành thuộc tỉnh.
    ProvincialDepartment,
    /// UBND xã, phường, đặc khu.
    Commune,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Ministry,
        Level::MinistryUnit,
        Level::Province,
        Level::ProvincialDepartment,
        Level::Commune,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ministry => "ministry",
            Level::MinistryUnit => "ministry_unit",
            Level::Province => "province",
            Level::ProvincialDepartment => "provincial_department",
            Level::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Ministry => "Bộ, cơ quan ngang bộ",
            Level::MinistryUnit => "Đơn vị thuộc bộ",
            Level::Province => "Tỉnh, thành phố",
            Level::ProvincialDepartment => "Sở, ban, ngành",
            Level::Commune => "Xã, phường",
        }
    }

    /// The ranking block a site of this level falls in unless a campaign says otherwise.
    pub fn default_block(self) -> &'static str {
        match self {
            Level::Ministry => "Khối Bộ, cơ quan ngang bộ",
            Level::MinistryUnit => "Khối đơn vị thuộc bộ",
            Level::Province => "Khối tỉnh, thành phố",
            Level::ProvincialDepartment => "Khối sở, ban, ngành",
            Level::Commune => "Khối xã, phường",
        }
    }
}

/// How a criterion is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The tool decides; a reviewer may override with a reason.
    Automated,
    /// The tool proposes with evidence; a reviewer confirms.
    Hybrid,
    /// A reviewer scores, usually from a document.
    Manual,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Automated, Method::Hybrid, Method::Manual];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Automated => "automated",
            Method::Hybrid => "hybrid",
            Method::Manual => "manual",
        }
    }
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Method::Automated => "Tự động",
            Method::Hybrid => "Bán tự động",
            Method::Manual => "Thủ công",
        }
    }

    /// The one-letter mark of criterion lists: A (automated), H (hybrid), M (manual).
    pub fn short_vi(self) -> &'static str {
        match self {
            Method::Automated => "A",
            Method::Hybrid => "H",
            Method::Manual => "M",
        }
    }
}

/// The outcome of one criterion for one site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Partial,
    Fail,
    NeedsReview,
    NotApplicable,
    NotTested,
    Error,
}

impl Outcome {
    pub const ALL: [Outcome; 7] = [
        Outcome::Pass,
        Outcome::Partial,
        Outcome::Fail,
        Outcome::NeedsReview,
        Outcome::NotApplicable,
        Outcome::NotTested,
        Outcome::Error,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Partial => "partial",
            Outcome::Fail => "fail",
            Outcome::NeedsReview => "needs_review",
            Outcome::NotApplicable => "not_applicable",
            Outcome::NotTested => "not_tested",
            Outcome::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Outcome::Pass => "Đạt",
            Outcome::Partial => "Đạt một phần",
            Outcome::Fail => "Không đạt",
            Outcome::NeedsReview => "Cần xem xét",
            Outcome::NotApplicable => "Không áp dụng",
            Outcome::NotTested => "Chưa kiểm tra",
            Outcome::Error => "Lỗi thu thập",
        }
    }
}

/// Who produced a criterion result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ResultMode {
    Automatic,
    Manual,
    Override,
}

impl ResultMode {
    pub const ALL: [ResultMode; 3] = [ResultMode::Automatic, ResultMode::Manual, ResultMode::Override];

    pub fn as_str(self) -> &'static str {
        match self {
            ResultMode::Automatic => "automatic",
            ResultMode::Manual => "manual",
            ResultMode::Override => "override",
        }
    }
    pub fn parse(s: &str) -> Option<ResultMode> {
        ResultMode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Where an evaluation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationStatus {
    Draft,
    Submitted,
    Finalised,
}

impl EvaluationStatus {
    pub const ALL: [EvaluationStatus; 3] = [EvaluationStatus::Draft, EvaluationStatus::Submitted, EvaluationStatus::Finalised];

    pub fn as_str(self) -> &'static str {
        match self {
            EvaluationStatus::Draft => "draft",
            EvaluationStatus::Submitted => "submitted",
            EvaluationStatus::Finalised => "finalised",
        }
    }
    pub fn parse(s: &str) -> Option<EvaluationStatus> {
        EvaluationStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            EvaluationStatus::Draft => "Đang đánh giá",
            EvaluationStatus::Submitted => "Đã nộp",
            EvaluationStatus::Finalised => "Đã chốt",
        }
    }
}

/// A legal text a framework rests on (a circular, a decree), as its file lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct LegalText {
    pub text: String,
    #[serde(default)]
    pub title: String,
}

/// A citation of the legal text a criterion rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LegalRef {
    /// The text, e.g. "Thông tư 22/2023/TT-BTTTT".
    pub text: String,
    /// Article, clause or point, e.g. "Điều 10 khoản 3 điểm b". Empty when the whole text is meant.
    #[serde(default)]
    pub article: String,
}

/// A yearly round of evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Campaign {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub year: i32,
    /// Id of the framework the campaign's frozen copy was taken from.
    pub framework_id: String,
    pub framework_name: String,
    pub created_at: String,
    #[ts(type = "number")]
    pub site_count: i64,
    #[ts(type = "number")]
    pub criterion_count: i64,
}

/// Input for creating a campaign.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewCampaign {
    pub name: String,
    pub year: i32,
    pub framework_id: String,
}

/// One who signs a campaign's documents: a title ("TRƯỞNG ĐOÀN") and a name (may be left blank
/// to be written by hand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Signatory {
    pub title: String,
    #[serde(default)]
    pub name: String,
}

/// What a campaign's exported documents carry in their header and signature block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CampaignDocument {
    /// The issuing body (cơ quan ban hành); empty: the reviewer's unit.
    #[serde(default)]
    pub issuer: String,
    /// The place of issue (địa danh); empty leaves a blank.
    #[serde(default)]
    pub place: String,
    /// Who signs, left to right.
    #[serde(default)]
    pub signatories: Vec<Signatory>,
}

/// A site (portal or website) evaluated in one campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Site {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub agency_name: String,
    pub level: Level,
    pub block: String,
    pub url: String,
    #[ts(type = "number | null")]
    pub parent_site_id: Option<i64>,
    pub created_at: String,
    pub status: EvaluationStatus,
    #[ts(type = "number")]
    pub evaluation_id: i64,
    /// The inspector the coordinator assigned the site to ("name (unit)"), if any.
    pub assignee: Option<String>,
}

/// Input for adding or editing a site.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SiteInput {
    pub agency_name: String,
    pub level: Level,
    /// Empty means the level's default block.
    #[serde(default)]
    pub block: String,
    pub url: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub parent_site_id: Option<i64>,
}

/// A group of criteria, as a campaign holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CriterionGroup {
    pub code: String,
    pub name: String,
    pub points: f64,
    /// Ranked separately and kept out of the total (usage group).
    pub separate_ranking: bool,
}

/// One criterion, as a campaign holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Criterion {
    pub code: String,
    pub group_code: String,
    pub title: String,
    pub method: Method,
    pub points: f64,
    /// Levels the criterion applies to; empty means all levels.
    pub levels: Vec<Level>,
    pub legal_basis: Vec<LegalRef>,
    pub guidance: String,
    pub checks: Vec<String>,
    pub retired: bool,
    /// What a reviewer ticks off (manual and hybrid criteria).
    pub checklist: Vec<String>,
    /// The evidence documents expected.
    pub documents: Vec<String>,
    /// The criterion cannot pass without a document.
    pub document_required: bool,
}

impl Criterion {
    pub fn applies_to(&self, level: Level) -> bool {
        self.levels.is_empty() || self.levels.contains(&level)
    }
}

/// The criteria of a campaign, by group.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CampaignFramework {
    pub framework_id: String,
    pub framework_name: String,
    pub groups: Vec<CriterionGroup>,
    pub criteria: Vec<Criterion>,
    /// The copy can be edited while no evaluation of the campaign is finalised.
    pub editable: bool,
    /// Why it cannot be edited, in Vietnamese; empty when editable.
    pub locked_reason: String,
}

/// A change to one criterion of a campaign's copy; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct CriterionEdit {
    pub points: Option<f64>,
    /// Empty means all levels.
    pub levels: Option<Vec<Level>>,
    pub guidance: Option<String>,
    pub retired: Option<bool>,
    /// Why, for the change log (may be empty).
    #[serde(default)]
    pub reason: String,
}

/// A criterion added to a campaign's copy.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewCriterion {
    pub code: String,
    pub group_code: String,
    pub title: String,
    pub method: Method,
    pub points: f64,
    #[serde(default)]
    pub levels: Vec<Level>,
    pub legal_basis: Vec<LegalRef>,
    #[serde(default)]
    pub guidance: String,
}

/// The effective result of a criterion for a site, when one exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CriterionResult {
    #[ts(type = "number")]
    pub id: i64,
    pub criterion_code: String,
    pub outcome: Outcome,
    pub share: f64,
    pub points: f64,
    pub mode: ResultMode,
    #[ts(type = "unknown")]
    pub evidence: serde_json::Value,
    pub note: String,
    pub asserted_by: String,
    pub asserted_at: String,
}

/// A result of the automated checks (or of an outside tool), before it is stored.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewResult {
    pub criterion_code: String,
    pub outcome: Outcome,
    /// For partial: the share of the points (0–1). Ignored otherwise.
    #[serde(default)]
    pub share: f64,
    #[serde(default)]
    #[ts(type = "unknown")]
    pub evidence: serde_json::Value,
    #[serde(default)]
    pub note: String,
}

/// Who is working at this installation; stamped on every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reviewer {
    pub name: String,
    #[serde(default)]
    pub unit: String,
}

/// A reviewer's decision on one criterion, as the form sends it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReviewInput {
    /// pass, partial, fail or not_applicable.
    pub outcome: Outcome,
    /// For partial: the share (0–1); or give `points` instead.
    #[serde(default)]
    pub share: Option<f64>,
    /// For partial: points between 0 and the criterion's maximum.
    #[serde(default)]
    pub points: Option<f64>,
    #[serde(default)]
    pub note: String,
    /// Ticks of the criterion's checklist, in order.
    #[serde(default)]
    pub checklist: Vec<bool>,
    /// Required when the decision differs from the tool's result.
    #[serde(default)]
    pub reason: String,
}

/// A document attached as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Attachment {
    #[ts(type = "number")]
    pub id: i64,
    pub criterion_code: String,
    pub sha256: String,
    pub original_name: String,
    #[ts(type = "number")]
    pub size: i64,
    pub media_type: String,
    pub added_by: String,
    pub added_at: String,
    pub detached_by: Option<String>,
    pub detached_at: Option<String>,
}

/// One line of an audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
}


/// A reviewer's answer to what the document assistant found for one checklist item in one
/// attached document: the suggestion as it was shown, and the reviewer's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChecklistAnswer {
    /// The item's place in the criterion's checklist, from 0.
    pub index: u32,
    /// The item as the criterion words it.
    pub item: String,
    /// The document's original name and content hash (the hash names it on every machine).
    pub document: String,
    pub sha256: String,
    /// What the assistant suggested: found, not found, or cannot tell (`None`).
    pub suggested: Option<bool>,
    pub page: Option<u32>,
    pub quote: Option<String>,
    /// The reviewer's decision: the document holds the item.
    pub present: bool,
    pub answered_by: String,
    pub answered_at: String,
}
