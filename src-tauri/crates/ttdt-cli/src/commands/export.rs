//! `ttdt export`: official workbooks and data files.

use std::path::PathBuf;

use clap::Subcommand;
use ttdt_core::{export, Error, Store};

use crate::args::SiteRef;
use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    /// The scorecard ("phiếu đánh giá") of one site.
    Scorecard {
        #[command(flatten)]
        site: SiteRef,
        #[arg(short, long)]
        output: PathBuf,
        /// Issuing body in the header (default: the reviewer's unit).
        #[arg(long)]
        issuer: Option<String>,
        /// Place in the header (default: Hà Nội).
        #[arg(long)]
        place: Option<String>,
    },
    /// The ranking workbook of a campaign.
    Ranking {
        campaign: String,
        #[arg(short, long)]
        output: PathBuf,
        /// Leave evaluations with undecided criteria out of the ranking.
        #[arg(long)]
        exclude_incomplete: bool,
    },
    /// Every result of a campaign as CSV.
    Csv {
        campaign: String,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Scores, ranking and results of a campaign as JSON.
    Json {
        campaign: String,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long)]
        exclude_incomplete: bool,
    },
}

pub fn exec(store: &Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::Scorecard { site, output, issuer, place } => {
            let s = site.resolve(store)?;
            let data = store.campaign_scores(s.campaign_id)?;
            let head = store.letterhead(issuer.as_deref(), place.as_deref())?;
            out.write_file(output, &export::scorecard_xlsx(&data, s.id, &head, Default::default())?)
        }
        Cmd::Ranking { campaign, output, exclude_incomplete } => {
            let c = store.find_campaign(campaign)?;
            let data = store.campaign_scores(c.id)?;
            let opts = export::ExportOptions { exclude_incomplete: *exclude_incomplete, ..Default::default() };
            out.write_file(output, &export::ranking_xlsx(&data, &store.letterhead(None, None)?, opts)?)
        }
        Cmd::Csv { campaign, output } => {
            let c = store.find_campaign(campaign)?;
            let text = export::results_csv(&store.campaign_scores(c.id)?);
            out.write_or_print(output.as_deref(), &text, "")
        }
        Cmd::Json { campaign, output, exclude_incomplete } => {
            let c = store.find_campaign(campaign)?;
            let value = export::results_json(&store.campaign_scores(c.id)?, *exclude_incomplete);
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            out.write_or_print(output.as_deref(), &text, "\n")
        }
    }
}
