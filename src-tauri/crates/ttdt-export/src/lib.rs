//! Official workbooks (scorecard per site, campaign ranking), and CSV / JSON of the same data.
//!
//! Every text that comes from a website or a person is written with `write_string`, so a text like
//! `=HYPERLINK(…)` stays text and never becomes a formula. Totals are live formulas, written with
//! the value the app computed as their cached result.
//!
//! Printed, every sheet is one page wide with its table's header repeated and a footer naming the
//! campaign, the page and the export time; wrapped texts get rows tall enough for them (`measure`
//! estimates what the writer cannot fit itself), numbers print to 0.01 and shares as percentages.
//!
//! Modules: `sheet` (formats, cell addresses, page setup, row heights, letterhead and signature
//! blocks, formulas), `measure` (text widths and wrapped lines), `scorecard`, `ranking`,
//! `evidence` (evidence summaries and the evidence sheet), `data` (CSV and JSON).

mod data;
mod evidence;
mod measure;
mod ranking;
mod scorecard;
mod sheet;

use ttdt_model::domain::{Criterion, Outcome, ResultMode};
use ttdt_model::error::Result;

pub use data::{results_csv, results_json};
pub use evidence::evidence_summary;
pub use ttdt_model::campaign_scores::{CampaignScores, EffectiveResult, ExportVersions, Letterhead};

/// How workbooks are written.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    /// Store the app's value with each formula, for readers that do not calculate (the default).
    pub cached_results: bool,
    /// Leave evaluations with undecided criteria out of the ranking.
    pub exclude_incomplete: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { cached_results: true, exclude_incomplete: false }
    }
}

/// Scorecard ("phiếu đánh giá") of one site, as an .xlsx file.
pub fn scorecard_xlsx(data: &CampaignScores, site_id: i64, head: &Letterhead, opts: ExportOptions) -> Result<Vec<u8>> {
    scorecard::scorecard(data, site_id, head, &sheet::Book::new(opts)).map_err(|e| e.0)
}

/// The ranking workbook of a campaign.
pub fn ranking_xlsx(data: &CampaignScores, head: &Letterhead, opts: ExportOptions) -> Result<Vec<u8>> {
    ranking::ranking_book(data, head, &sheet::Book::new(opts)).map_err(|e| e.0)
}

/// An outcome as the official documents write it (the model's label).
pub fn outcome_vi(o: Outcome) -> &'static str {
    o.label_vi()
}

/// Who produced a result: the tool, or a reviewer (a decision or an override).
fn source_vi(mode: ResultMode) -> &'static str {
    if mode == ResultMode::Automatic { "Công cụ" } else { "Người đánh giá" }
}

/// A criterion's legal basis: "text, article" items joined by "; ".
fn legal_text(c: &Criterion) -> String {
    c.legal_basis
        .iter()
        .map(|l| if l.article.is_empty() { l.text.clone() } else { format!("{}, {}", l.text, l.article) })
        .collect::<Vec<_>>()
        .join("; ")
}
