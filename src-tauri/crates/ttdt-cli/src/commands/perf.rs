//! `ttdt perf`: one page's load measured in a headless browser, judged on the medians by the
//! page-load checks. No database.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use ttdt_core::browser::{self, BrowserConfig, Method, Profile, Throttling};
use ttdt_core::domain::{Level, Outcome};
use ttdt_core::snapshot::{BrowserRun, LoadMetrics};
use ttdt_core::{perf, site_url, Error};

use crate::output::Output;

#[derive(Args)]
pub struct PerfArgs {
    /// Address of the page to measure.
    url: String,
    /// Loads of the page; the verdicts use the medians.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// national (the evaluation's: mobile, slow 4G and a 4× slower CPU, simulated by default),
    /// desktop (1350×940) or mobile (412×823, scale 1.75), both unthrottled by default.
    #[arg(long, default_value = "national")]
    profile: String,
    /// How throttling is done: simulate (from an unthrottled load, as Lighthouse by default) or
    /// devtools (applied by the browser during the load).
    #[arg(long)]
    method: Option<String>,
    /// The browser to launch (default: $TTDT_CHROME, then chromium, google-chrome, microsoft-edge…).
    #[arg(long, value_name = "PATH")]
    chrome: Option<PathBuf>,
    /// Throttling preset: mobile-slow4g or desktop-dense4g (default: the national profile's
    /// mobile-slow4g; none for desktop and mobile, the load as observed).
    #[arg(long)]
    throttling: Option<String>,
    /// Time budget of one load, in milliseconds.
    #[arg(long, default_value_t = 30_000)]
    load_budget_ms: u64,
    /// Accept any certificate (only for a test certificate authority).
    #[arg(long)]
    ignore_certificate_errors: bool,
    /// Write the homepage screenshot (PNG) to this file.
    #[arg(long, value_name = "FILE")]
    screenshot: Option<PathBuf>,
}

#[derive(Serialize)]
struct Verdict {
    code: String,
    outcome: Outcome,
    message: String,
    evidence: serde_json::Value,
}

#[derive(Serialize)]
struct PerfReport {
    profile: String,
    method: String,
    run: serde_json::Value,
    verdicts: Vec<Verdict>,
}

pub fn exec(args: &PerfArgs, out: &Output) -> Result<(), Error> {
    let url = if args.url.contains("://") { args.url.clone() } else { site_url::normalise(&args.url)?.url };
    let run = browser::measure(&url, &config(args)?, browser::interrupt_flag());
    if let (Some(path), Some(bytes)) = (&args.screenshot, run.screenshot_png()) {
        ttdt_core::files::write_atomic(path, &bytes)?;
    }
    // The page-load checks read only the browser run, whatever the agency's level.
    let findings = perf::judge_page_load(&url, Level::Province, &run);
    let verdicts: Vec<Verdict> = perf::bind_default(&findings)
        .into_iter()
        .map(|(code, f)| Verdict { code, outcome: f.outcome, message: f.message().to_string(), evidence: f.evidence() })
        .collect();
    // The rendered page and the screenshot are kept in a scan's snapshot; here only their sizes.
    let mut run_json = serde_json::to_value(&run).unwrap_or_default();
    run_json["rendered_html"] = serde_json::json!(run.rendered_html.as_ref().map(|h| format!("{} bytes", h.len())));
    run_json["screenshot_png_base64"] = serde_json::json!(run.screenshot_png_base64.as_ref().map(|p| format!("{} bytes (base64)", p.len())));
    let report = PerfReport { profile: run.profile.clone(), method: run.method.clone(), run: run_json, verdicts };
    out.print(&report, || human(&run, &report.verdicts))
}

fn config(args: &PerfArgs) -> Result<BrowserConfig, Error> {
    let profile = Profile::parse(&args.profile)
        .ok_or_else(|| Error::invalid("profile", format!("unknown profile {:?}", args.profile), "Chọn --profile national, desktop hoặc mobile."))?;
    let method = match &args.method {
        Some(m) => Some(
            Method::parse(m)
                .filter(|m| *m != Method::Observed)
                .ok_or_else(|| Error::invalid("method", format!("unknown method {m:?}"), "Chọn --method simulate hoặc devtools."))?,
        ),
        None => None,
    };
    let throttling = match &args.throttling {
        Some(name) => Some(Throttling::preset(name).ok_or_else(|| {
            Error::invalid("throttling", format!("unknown preset {name:?}"), "Chọn --throttling mobile-slow4g hoặc desktop-dense4g.")
        })?),
        None => None,
    };
    let runs = args.runs.clamp(1, 20);
    Ok(BrowserConfig {
        chrome_path: args.chrome.clone(),
        runs,
        profile,
        throttling,
        method,
        load_budget_ms: args.load_budget_ms,
        page_budget_ms: args.load_budget_ms * (runs as u64 + 1) + 30_000,
        ignore_certificate_errors: args.ignore_certificate_errors,
        ..BrowserConfig::default()
    })
}

fn human(run: &BrowserRun, verdicts: &[Verdict]) -> String {
    let ms = |v: Option<f64>| v.map(|x| format!("{x:.0} ms")).unwrap_or_else(|| "—".into());
    let line = |m: &LoadMetrics| {
        format!(
            "FCP {}  LCP {}  SI {}  TBT {}  tác vụ dài nhất {}  CLS {}  TTFB {}  {} byte  {} yêu cầu",
            ms(m.fcp_ms),
            ms(m.lcp_ms),
            ms(m.speed_index_ms),
            ms(m.tbt_ms),
            ms(m.longest_task_ms),
            m.cls.map(|c| format!("{c:.3}")).unwrap_or_else(|| "—".into()),
            ms(m.ttfb_ms),
            m.bytes.map(|b| b.to_string()).unwrap_or_else(|| "—".into()),
            m.requests.map(|b| b.to_string()).unwrap_or_else(|| "—".into()),
        )
    };
    let method = match run.method.as_str() {
        "simulate" => "mô phỏng điều tiết",
        "devtools" => "điều tiết trong trình duyệt",
        _ => "không điều tiết",
    };
    let mut s = format!(
        "{} — {}, {} {}, {} lần tải, {} ({} ms): {}\n",
        run.url,
        run.profile,
        method,
        run.throttling.as_deref().unwrap_or(""),
        run.runs.len(),
        run.version.as_deref().unwrap_or("không rõ trình duyệt"),
        run.duration_ms,
        run.status.label_vi()
    );
    if let Some(e) = &run.error {
        s += &format!("  lỗi: {e}\n");
    }
    if let Some(m) = &run.median {
        s += &format!("Trung vị: {}\n", line(m));
    }
    for (i, r) in run.runs.iter().enumerate() {
        let at = r.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        s += &format!("Lần {} {at} ({} ms, {:?}): {}\n", i + 1, r.wall_ms, r.status, line(&r.metrics));
    }
    if let Some(o) = &run.overflow {
        s += &format!("Tràn ngang ở {} px: {} (nội dung rộng {} px)\n", o.viewport_width, if o.overflows { "có" } else { "không" }, o.scroll_width);
    }
    for v in verdicts {
        s += &format!("{:<6} {:<13} {}\n", v.code, v.outcome.as_str(), v.message);
    }
    s
}
