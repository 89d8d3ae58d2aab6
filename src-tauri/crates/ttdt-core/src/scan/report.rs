//! A scan's result as people and other tools read it: the status, the sample, and one line per
//! criterion with its outcome and evidence.

use serde::Serialize;

use super::{FetchStatus, SampledPage, Snapshot};
use crate::checks::{self, Finding};
use crate::domain::{Criterion, Outcome};

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
    pub level: crate::domain::Level,
    pub status: FetchStatus,
    pub status_label: String,
    pub started_at: String,
    pub duration_ms: u64,
    pub sample: Vec<SampledPage>,
    pub criteria: Vec<CriterionLine>,
    pub notes: Vec<String>,
}

/// The findings of a snapshot bound to criteria: through a framework's `checks` bindings when
/// given, else through each check's own criterion codes.
pub fn bind(findings: &[Finding], criteria: Option<&[Criterion]>) -> Vec<(String, Finding)> {
    match criteria {
        Some(c) => checks::results_for(findings, c),
        None => {
            let mut out: Vec<(String, Finding)> = Vec::new();
            for f in findings {
                if let Some(check) = checks::check(f.check_id) {
                    for code in check.criteria {
                        out.push((code.to_string(), f.clone()));
                    }
                }
            }
            out
        }
    }
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
