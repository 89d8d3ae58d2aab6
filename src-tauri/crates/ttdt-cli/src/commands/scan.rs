//! `ttdt scan`: the automated checks on one address (printed, no database), or on every site of
//! a campaign (recorded as the tool's results).

use std::path::PathBuf;
use std::sync::Mutex;

use clap::Args;
use ttdt_core::collect::{self, CancelToken, CollectConfig, Fetcher, ScanTarget};
use ttdt_core::{browser, checks, framework, scanning, site_url, Error, Store};

use crate::args::parse_level;
use crate::output::Output;
use crate::scan_report;

#[derive(Args)]
pub struct ScanArgs {
    /// Address to scan (omit with --campaign).
    url: Option<String>,
    /// The agency's level: ministry | ministry_unit | province | provincial_department | commune.
    #[arg(long)]
    level: Option<String>,
    /// Framework whose check bindings name the criteria (default: each check's own criteria).
    #[arg(long)]
    framework: Option<String>,
    /// Parent portal address, for a component site.
    #[arg(long)]
    parent: Option<String>,
    /// Scan every site of this campaign (id or name) and record the results in the database.
    #[arg(long)]
    pub campaign: Option<String>,
    /// HOST:PORT:ADDR[,ADDR] — use these addresses for HOST, as curl's --resolve.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// Trust this certificate authority (PEM) as well as the system's.
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<PathBuf>,
    /// Inner pages sampled by kind.
    #[arg(long, default_value_t = 10)]
    sample: usize,
    /// Timeout of one request, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// Time budget of one site, in milliseconds.
    #[arg(long, default_value_t = 60_000)]
    budget_ms: u64,
    /// Sites scanned at the same time (with --campaign).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    #[arg(long)]
    user_agent: Option<String>,
    /// Also measure the homepage's load in a headless Chromium/Chrome/Edge (HN.01–HN.04).
    #[arg(long)]
    browser: bool,
    /// Browser loads per page (with --browser); the verdicts use the medians.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

/// Scans one address and prints the findings; nothing is recorded.
pub fn exec_url(args: &ScanArgs, out: &Output) -> Result<(), Error> {
    let url = args.url.as_deref().ok_or_else(|| {
        Error::invalid("url", "missing", "Cần địa chỉ trang cần kiểm tra (hoặc --campaign).")
    })?;
    let url = site_url::normalise(url)?.url;
    let level = parse_level(args.level.as_deref().ok_or_else(|| {
        Error::invalid("level", "missing", "Cần --level: cấp của cơ quan (bo, cuc, tinh, so, xa).")
    })?)?;
    let criteria = match &args.framework {
        Some(id) => Some(
            framework::builtin()
                .into_iter()
                .find(|f| &f.id == id)
                .ok_or_else(|| Error::NotFound { entity: "framework", key: id.clone() })?
                .criteria(),
        ),
        None => None,
    };
    let fetcher = Fetcher::new(config(args)?)?;
    let rt = collect::runtime()?;
    let target = ScanTarget { url, level, parent_url: args.parent.clone() };
    let cancel = CancelToken::default();
    let snap = rt.block_on(collect::collect_site(&fetcher, &target, time::OffsetDateTime::now_utc(), &cancel));
    let findings = checks::judge_all(&snap);
    let bound = checks::bind(&findings, criteria.as_deref());
    let report = scan_report::report(&snap, &bound);
    out.print(&report, || {
        let mut s = format!("{} — {} ({} ms, {} trang)\n", report.url, report.status_label, report.duration_ms, report.sample.len());
        for c in &report.criteria {
            s += &format!("{:<6} {:<13} {}\n", c.code, c.outcome.as_str(), c.message);
        }
        s
    })
}

/// Scans every site of a campaign and records the findings as the tool's results; progress goes
/// to standard error.
pub fn exec_campaign(store: Store, args: &ScanArgs, campaign: &str, out: &Output) -> Result<(), Error> {
    let campaign = store.find_campaign(campaign)?;
    let ids: Vec<i64> = store.list_sites(campaign.id)?.iter().map(|s| s.id).collect();
    let config = config(args)?;
    let shared = Mutex::new(store);
    let cancel = CancelToken::default();
    let summary = scanning::scan_sites(&shared, &ids, config, args.concurrency, &cancel, |p| {
        if !out.json && p.event == scanning::ScanEvent::Done {
            eprintln!(
                "[{}/{}] {} — {}{}",
                p.done,
                p.total,
                p.agency_name,
                p.status_label,
                p.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
            );
        }
    })?;
    out.print(&summary, || {
        format!("Đã kiểm tra {} trang ({} không tải được), ghi {} kết quả.\n", summary.scanned, summary.unreachable, summary.recorded)
    })
}

fn config(args: &ScanArgs) -> Result<CollectConfig, Error> {
    let mut config = CollectConfig {
        sample_size: args.sample,
        request_timeout_ms: args.timeout_ms,
        site_budget_ms: args.budget_ms,
        ..Default::default()
    };
    if let Some(ua) = &args.user_agent {
        config.user_agent = ua.clone();
    }
    if args.browser {
        config.browser = Some(browser::BrowserConfig { runs: args.runs.max(1), ..Default::default() });
    }
    for r in &args.resolve {
        config.add_resolve(r).map_err(|m| Error::invalid("resolve", m.clone(), m))?;
    }
    if let Some(path) = &args.ca_cert {
        let pem = std::fs::read_to_string(path).map_err(|e| {
            Error::invalid("ca_cert", e.to_string(), format!("Không đọc được tệp chứng chỉ {}.", path.display()))
        })?;
        config.extra_ca_pem.push(pem);
    }
    Ok(config)
}
