//! `ttdt export`: official workbooks, PDF reports and data files.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use ttdt_core::files::Destination;
use ttdt_core::report::{self, ReportOptions};
use ttdt_core::{export, Error, Store};

use crate::args::SiteRef;
use crate::output::Output;

/// Who issues the document and where, overriding the campaign's settings for one export.
#[derive(Args)]
pub struct HeadArgs {
    /// Issuing body in the header (default: the campaign's, else the reviewer's unit).
    #[arg(long)]
    issuer: Option<String>,
    /// Place in the header (default: the campaign's).
    #[arg(long)]
    place: Option<String>,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// The scorecard ("phiếu đánh giá") of one site.
    Scorecard {
        #[command(flatten)]
        site: SiteRef,
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        head: HeadArgs,
    },
    /// The ranking workbook of a campaign.
    Ranking {
        campaign: String,
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        head: HeadArgs,
        /// Leave evaluations with undecided criteria out of the ranking.
        #[arg(long)]
        exclude_incomplete: bool,
    },
    /// The evaluation report ("báo cáo kết quả đánh giá") of one site as PDF, printed by a
    /// headless Chromium, Chrome or Edge (TTDT_CHROME names one).
    Report {
        #[command(flatten)]
        site: SiteRef,
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        head: HeadArgs,
    },
    /// The PDF report of every site of a campaign, one file per site, into a folder.
    Reports {
        campaign: String,
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        head: HeadArgs,
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
        Cmd::Scorecard { site, output, head: HeadArgs { issuer, place } } => {
            let s = site.resolve(store)?;
            let data = store.campaign_scores(s.campaign_id)?;
            let head = ttdt_core::exports::letterhead(store, s.campaign_id, issuer.as_deref(), place.as_deref())?;
            out.write_file(output, &export::scorecard_xlsx(&data, s.id, &head, Default::default())?)
        }
        Cmd::Ranking { campaign, output, exclude_incomplete, head: HeadArgs { issuer, place } } => {
            let c = store.find_campaign(campaign)?;
            let data = store.campaign_scores(c.id)?;
            let opts = export::ExportOptions { exclude_incomplete: *exclude_incomplete, ..Default::default() };
            let head = ttdt_core::exports::letterhead(store, c.id, issuer.as_deref(), place.as_deref())?;
            out.write_file(output, &export::ranking_xlsx(&data, &head, opts)?)
        }
        Cmd::Report { site, output, head: HeadArgs { issuer, place } } => {
            let s = site.resolve(store)?;
            let opts = ReportOptions { issuer: issuer.clone(), place: place.clone(), chrome: None };
            let path = report::save_report(store, s.id, &Destination::File(output.clone()), &opts)?;
            out.print(&serde_json::json!({ "path": path.display().to_string() }), || format!("Đã ghi {}.\n", path.display()))
        }
        Cmd::Reports { campaign, output, head: HeadArgs { issuer, place } } => {
            let c = store.find_campaign(campaign)?;
            let opts = ReportOptions { issuer: issuer.clone(), place: place.clone(), chrome: None };
            // Ctrl-C stops before the next site and kills the browser.
            let cancel = ttdt_core::browser::interrupt_flag();
            let batch = report::save_all_reports(store, c.id, output, &opts, cancel, |p| {
                if !out.json {
                    let what = p.error.clone().or_else(|| p.path.clone()).unwrap_or_default();
                    eprintln!("[{}/{}] {} — {what}", p.done, p.total, p.agency_name);
                }
            })?;
            out.print(&batch, || {
                let mut s = format!("Đã ghi {} báo cáo vào {}", batch.written, batch.dir);
                if batch.failed > 0 {
                    s += &format!("; {} báo cáo không tạo được", batch.failed);
                }
                if batch.cancelled {
                    s += "; đã dừng theo yêu cầu";
                }
                s + ".\n"
            })?;
            if batch.failed > 0 {
                return Err(Error::Pdf(format!("{} of {} reports not written", batch.failed, c.site_count)));
            }
            Ok(())
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
