//! One module per `ttdt` subcommand, each with its arguments and its `exec`.
//!
//! A parsed command is first routed by what it needs: [`Offline`] commands run without the
//! database (validating a framework file, serving the sample portals, scanning or measuring one
//! address, reading a document); [`Stored`] commands run once the database is open.

use clap::Subcommand;
use ttdt_core::{Error, Store};

use crate::output::Output;

pub mod bundle;
pub mod campaigns;
pub mod db;
pub mod demo;
pub mod documents;
pub mod export;
pub mod framework;
pub mod import;
pub mod perf;
pub mod results;
pub mod review;
pub mod reviewer;
pub mod scan;
pub mod sites;

#[derive(Subcommand)]
pub enum Command {
    /// Campaigns (chiến dịch đánh giá).
    #[command(subcommand)]
    Campaigns(campaigns::Cmd),
    /// Sites of a campaign (đơn vị / trang).
    #[command(subcommand)]
    Sites(sites::Cmd),
    /// Criteria frameworks (bộ tiêu chí).
    #[command(subcommand)]
    Framework(framework::Cmd),
    /// The demo campaign and its sample portals.
    #[command(subcommand)]
    Demo(demo::Cmd),
    /// Database information.
    #[command(subcommand)]
    Db(db::Cmd),
    /// The reviewer working at this installation.
    #[command(subcommand)]
    Reviewer(reviewer::Cmd),
    /// A reviewer's decisions, documents and the evaluation's status.
    #[command(subcommand)]
    Review(review::Cmd),
    /// Results of automated checks or outside tools.
    #[command(subcommand)]
    Results(results::Cmd),
    /// Official workbooks and data files.
    #[command(subcommand)]
    Export(export::Cmd),
    /// Import a list of sites from XLSX, XLS, ODS or CSV.
    #[command(subcommand)]
    Import(import::Cmd),
    /// Run the automated checks on one address, or on every site of a campaign.
    Scan(scan::ScanArgs),
    /// Evaluation bundles (.ttdt): carry a campaign and its work between machines.
    #[command(subcommand)]
    Bundle(bundle::Cmd),
    /// The document assistant: read an evidence document and find a criterion's checklist in it.
    #[command(subcommand)]
    Documents(documents::Cmd),
    /// Measure a page's load in a headless Chromium (median of N loads) and judge HN.01–HN.04.
    Perf(perf::PerfArgs),
}

/// A command with what it needs to run.
pub enum Route<'a> {
    Offline(Offline<'a>),
    Stored(Stored<'a>),
}

/// A command that runs without the database.
pub enum Offline<'a> {
    Framework(&'a framework::OfflineCmd),
    Demo(&'a demo::OfflineCmd),
    /// `scan URL`: the findings are printed, not recorded.
    ScanUrl(&'a scan::ScanArgs),
    Perf(&'a perf::PerfArgs),
    Documents(&'a documents::Cmd),
}

/// A command that runs on the open database.
pub enum Stored<'a> {
    Campaigns(&'a campaigns::Cmd),
    Sites(&'a sites::Cmd),
    Framework(&'a framework::StoredCmd),
    Demo(&'a demo::StoredCmd),
    Db(&'a db::Cmd),
    Reviewer(&'a reviewer::Cmd),
    Review(&'a review::Cmd),
    Results(&'a results::Cmd),
    Export(&'a export::Cmd),
    Import(&'a import::Cmd),
    Bundle(&'a bundle::Cmd),
    /// `scan --campaign C`: every site of the campaign, the results recorded.
    ScanCampaign { args: &'a scan::ScanArgs, campaign: &'a str },
}

impl Command {
    pub fn route(&self) -> Route<'_> {
        match self {
            Command::Campaigns(c) => Route::Stored(Stored::Campaigns(c)),
            Command::Sites(c) => Route::Stored(Stored::Sites(c)),
            Command::Framework(framework::Cmd::Offline(c)) => Route::Offline(Offline::Framework(c)),
            Command::Framework(framework::Cmd::Stored(c)) => Route::Stored(Stored::Framework(c)),
            Command::Demo(demo::Cmd::Offline(c)) => Route::Offline(Offline::Demo(c)),
            Command::Demo(demo::Cmd::Stored(c)) => Route::Stored(Stored::Demo(c)),
            Command::Db(c) => Route::Stored(Stored::Db(c)),
            Command::Reviewer(c) => Route::Stored(Stored::Reviewer(c)),
            Command::Review(c) => Route::Stored(Stored::Review(c)),
            Command::Results(c) => Route::Stored(Stored::Results(c)),
            Command::Export(c) => Route::Stored(Stored::Export(c)),
            Command::Import(c) => Route::Stored(Stored::Import(c)),
            Command::Bundle(c) => Route::Stored(Stored::Bundle(c)),
            Command::Scan(args) => match &args.campaign {
                Some(campaign) => Route::Stored(Stored::ScanCampaign { args, campaign }),
                None => Route::Offline(Offline::ScanUrl(args)),
            },
            Command::Perf(args) => Route::Offline(Offline::Perf(args)),
            Command::Documents(c) => Route::Offline(Offline::Documents(c)),
        }
    }
}

impl Offline<'_> {
    pub fn exec(self, out: &Output) -> Result<(), Error> {
        match self {
            Offline::Framework(c) => framework::exec_offline(c, out),
            Offline::Demo(c) => demo::exec_offline(c, out),
            Offline::ScanUrl(args) => scan::exec_url(args, out),
            Offline::Perf(args) => perf::exec(args, out),
            Offline::Documents(c) => documents::exec(c, out),
        }
    }
}

impl Stored<'_> {
    pub fn exec(self, mut store: Store, out: &Output) -> Result<(), Error> {
        match self {
            Stored::Campaigns(c) => campaigns::exec(&mut store, c, out),
            Stored::Sites(c) => sites::exec(&mut store, c, out),
            Stored::Framework(c) => framework::exec(&mut store, c, out),
            Stored::Demo(c) => demo::exec(&mut store, c, out),
            Stored::Db(c) => db::exec(&mut store, c, out),
            Stored::Reviewer(c) => reviewer::exec(&mut store, c, out),
            Stored::Review(c) => review::exec(&mut store, c, out),
            Stored::Results(c) => results::exec(&mut store, c, out),
            Stored::Export(c) => export::exec(&store, c, out),
            Stored::Import(c) => import::exec(&mut store, c, out),
            Stored::Bundle(c) => bundle::exec(&mut store, c, out),
            Stored::ScanCampaign { args, campaign } => scan::exec_campaign(store, args, campaign, out),
        }
    }
}
