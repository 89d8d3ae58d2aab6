//! The reviewers' work queue of a campaign: every criterion of every site that still needs a
//! person, and why. Built in one pass over `CampaignScores`, so that the queue and the score
//! cards agree on what is open (the queue's undecided items are the cards' blocking ones).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::campaign_scores::CampaignScores;
use crate::domain::{CriterionGroup, EvaluationStatus, Level, Outcome, ResultMode};
use crate::scoring::Standing;

/// Why a criterion of a site is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueReason {
    /// The tool was not sure and says so.
    NeedsReview,
    /// No result at all yet.
    Undecided,
    /// The tool could not collect what it needed (error, not tested): rescan or decide by hand.
    CollectionError,
    /// The criterion needs a document and none is attached.
    MissingDocument,
    /// The tool's result changed after the reviewer decided.
    ToolChanged,
    /// Decisions merged from several machines disagree, or came after the finalisation.
    Conflict,
}

impl QueueReason {
    pub const ALL: [QueueReason; 6] = [
        QueueReason::NeedsReview,
        QueueReason::Undecided,
        QueueReason::CollectionError,
        QueueReason::MissingDocument,
        QueueReason::ToolChanged,
        QueueReason::Conflict,
    ];

    pub fn label_vi(self) -> &'static str {
        match self {
            QueueReason::NeedsReview => "Cần xem xét",
            QueueReason::Undecided => "Chưa có kết quả",
            QueueReason::CollectionError => "Lỗi thu thập, chưa kiểm tra",
            QueueReason::MissingDocument => "Thiếu tài liệu bắt buộc",
            QueueReason::ToolChanged => "Công cụ đổi kết quả sau quyết định",
            QueueReason::Conflict => "Xung đột giữa các máy",
        }
    }
}

/// One criterion of one site that needs a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QueueItem {
    #[ts(type = "number")]
    pub site_id: i64,
    pub agency_name: String,
    pub url: String,
    pub level: Level,
    pub block: String,
    pub status: EvaluationStatus,
    /// The inspector the site is assigned to ("name (unit)"), if any.
    pub assignee: Option<String>,
    pub criterion_code: String,
    pub criterion_title: String,
    pub group_code: String,
    /// The effective outcome; `None` when there is no result.
    pub outcome: Option<Outcome>,
    /// Every reason, in `QueueReason::ALL` order; never empty.
    pub reasons: Vec<QueueReason>,
    /// A Vietnamese detail (the kind of a conflict, the tool's new outcome), or empty.
    pub detail: String,
}

/// The queue of a campaign, sites in list order and criteria in framework order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorkQueue {
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub groups: Vec<CriterionGroup>,
    pub items: Vec<QueueItem>,
}

/// The newest tool result of a criterion that a reviewer decided.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSeen {
    pub id: i64,
    pub outcome: Outcome,
}

/// What the queue needs beyond the effective results, read by the store in a few passes.
#[derive(Debug, Default)]
pub struct QueueFacts {
    /// (evaluation id, criterion code) → the newest tool result, for criteria with a decision.
    pub tool: HashMap<(i64, String), ToolSeen>,
    /// (evaluation id, criterion code) with at least one attached (not detached) document.
    pub documents: HashSet<(i64, String)>,
    /// (site id, criterion code) → the Vietnamese kind of each conflict.
    pub conflicts: HashMap<(i64, String), Vec<String>>,
}

/// Whether the tool's newest outcome differs from the one the reviewer saw when deciding (the
/// rule of the site page's `tool_changed`).
pub fn tool_changed(review_evidence: &serde_json::Value, tool: &ToolSeen) -> bool {
    let seen = review_evidence.get("reviewed_tool_outcome").and_then(|v| v.as_str());
    seen != Some(tool.outcome.as_str()) && review_evidence.get("reviewed_tool_result").and_then(|v| v.as_i64()) != Some(tool.id)
}

/// The queue of a campaign. A finalised evaluation is locked, so only its conflicts are listed.
pub fn build(data: &CampaignScores, facts: &QueueFacts) -> WorkQueue {
    let mut items = Vec::new();
    for (i, site) in data.sites.iter().enumerate() {
        let card = &data.scores[i].card;
        let open = site.status != EvaluationStatus::Finalised;
        for (j, c) in data.criteria.iter().enumerate() {
            let key = (site.evaluation_id, c.code.clone());
            let mut reasons = Vec::new();
            let mut detail = Vec::new();
            let effective = data.result_at(i, j);
            // The card is in criteria order: the same standing the score and the finalise check use.
            let score = card.criteria.get(j).filter(|s| s.code == c.code);
            if open {
                if let Some(s) = score.filter(|s| s.standing == Standing::Blocking) {
                    reasons.push(match s.outcome {
                        None => QueueReason::Undecided,
                        Some(Outcome::NeedsReview) => QueueReason::NeedsReview,
                        Some(_) => QueueReason::CollectionError,
                    });
                }
                let applies = score.is_some_and(|s| s.standing != Standing::Excluded);
                let settled_without = matches!(effective.map(|r| r.outcome), Some(Outcome::Fail | Outcome::NotApplicable));
                if applies && c.document_required && !settled_without && !facts.documents.contains(&key) {
                    reasons.push(QueueReason::MissingDocument);
                }
                if let (Some(r), Some(tool)) = (effective.filter(|r| r.mode != ResultMode::Automatic), facts.tool.get(&key)) {
                    if tool_changed(&r.evidence_value(), tool) {
                        reasons.push(QueueReason::ToolChanged);
                        detail.push(format!("công cụ nay cho “{}”", tool.outcome.label_vi()));
                    }
                }
            }
            if let Some(kinds) = facts.conflicts.get(&(site.id, c.code.clone())) {
                reasons.push(QueueReason::Conflict);
                detail.extend(kinds.iter().cloned());
            }
            if reasons.is_empty() {
                continue;
            }
            reasons.sort_by_key(|r| QueueReason::ALL.iter().position(|a| a == r));
            items.push(QueueItem {
                site_id: site.id,
                agency_name: site.agency_name.clone(),
                url: site.url.clone(),
                level: site.level,
                block: site.block.clone(),
                status: site.status,
                assignee: site.assignee.clone(),
                criterion_code: c.code.clone(),
                criterion_title: c.title.clone(),
                group_code: c.group_code.clone(),
                outcome: effective.map(|r| r.outcome),
                reasons,
                detail: detail.join("; "),
            });
        }
    }
    WorkQueue { campaign_id: data.campaign.id, groups: data.groups.clone(), items }
}
