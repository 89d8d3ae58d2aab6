//! A scan's result as people and other tools read it: the status, the sample, and one line per
//! criterion with its outcome and evidence.

use serde::Serialize;

use ttdt_core::checks::Finding;
use ttdt_core::domain::Outcome;
use ttdt_core::snapshot::{FetchStatus, SampledPage, Snapshot};

#[derive(Debug, Clone, Serialize)]
pub struct CriterionLine {
    pub code: String,
    pub check: String,
    pub outcome: Outcome,
    pub share: f64,
    pub message: String,
    pub evidence: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    pub url: String,
    pub host: String,
    pub level: ttdt_core::domain::Level,
    pub status: FetchStatus,
    pub status_label: String,
    pub started_at: String,
    pub duration_ms: u64,
    pub sample: Vec<SampledPage>,
    pub criteria: Vec<CriterionLine>,
    pub notes: Vec<String>,
}

pub fn report(snap: &Snapshot, bound: &[(String, Finding)]) -> ScanReport {
    ScanReport {
        url: snap.url.clone(),
        host: snap.host.clone(),
        level: snap.level,
        status: snap.status,
        status_label: snap.status.label_vi().to_string(),
        started_at: snap.started_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        duration_ms: snap.duration_ms,
        sample: snap.sample(),
        criteria: bound
            .iter()
            .map(|(code, f)| CriterionLine {
                code: code.clone(),
                check: f.check_id.to_string(),
                outcome: f.outcome,
                share: f.share,
                message: f.message().to_string(),
                evidence: f.evidence(),
            })
            .collect(),
        notes: snap.notes.clone(),
    }
}
