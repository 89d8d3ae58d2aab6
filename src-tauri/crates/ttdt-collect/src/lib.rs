//! Collection: the only part of a scan that touches the network. It fetches a site once, within
//! limits, and returns a [`Snapshot`] of plain data for the checks to judge.
//!
//! Limits: a timeout per request, a time budget per site, a maximum body size (a larger body is
//! cut and marked), a maximum number of redirects, at most `per_host` requests in flight, retries
//! on network errors only, and a configurable user agent. Pages are parsed on blocking threads,
//! and a page whose markup nests too deep or has too many elements is not parsed at all (marked
//! too complex), so no page holds a site's scan, or the others in flight, for long.

pub mod browser;
mod dns;
mod fetch;
pub mod plan;
mod site;
mod tls;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::sync::watch;
use url::Url;

use site::SiteScan;
use ttdt_model::domain::Level;
use ttdt_snapshot::{FetchStatus, Snapshot};

pub use fetch::Fetcher;

/// The limits and settings of a scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CollectConfig {
    /// Inner pages sampled by kind (the pages section criteria need come on top).
    pub sample_size: usize,
    pub request_timeout_ms: u64,
    pub site_budget_ms: u64,
    pub max_body_bytes: usize,
    pub max_redirects: usize,
    /// Requests in flight per host.
    pub per_host: usize,
    pub user_agent: String,
    /// Internal links tried for broken links.
    pub link_checks: usize,
    /// Retries of a request that failed with a network error (never after an HTTP answer).
    pub retries: usize,
    /// Fixed answers for host names, as curl's `--resolve`: host → addresses.
    #[serde(default)]
    pub resolve: HashMap<String, Vec<IpAddr>>,
    /// Extra trusted certificate authorities, PEM.
    #[serde(default)]
    pub extra_ca_pem: Vec<String>,
    /// Measure the homepage's load in a headless browser at the end of the scan (HN.01–HN.04).
    #[serde(default)]
    pub browser: Option<crate::browser::BrowserConfig>,
}

impl Default for CollectConfig {
    fn default() -> Self {
        CollectConfig {
            sample_size: 10,
            request_timeout_ms: 10_000,
            site_budget_ms: 60_000,
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            per_host: 2,
            user_agent: format!("TTDT-Workbench/{} (+kiem tra cong thong tin dien tu)", env!("CARGO_PKG_VERSION")),
            link_checks: 30,
            retries: 1,
            resolve: HashMap::new(),
            extra_ca_pem: Vec::new(),
            browser: None,
        }
    }
}

impl CollectConfig {
    /// Adds a `HOST:PORT:ADDR[,ADDR…]` entry, as curl's `--resolve`.
    pub fn add_resolve(&mut self, spec: &str) -> Result<(), String> {
        let mut parts = spec.splitn(3, ':');
        let (Some(host), Some(_port), Some(addrs)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("“{spec}” không đúng dạng HOST:PORT:ADDR"));
        };
        let mut list = Vec::new();
        for a in addrs.split(',') {
            let a = a.trim().trim_start_matches('[').trim_end_matches(']');
            list.push(a.parse::<IpAddr>().map_err(|_| format!("“{a}” không phải địa chỉ IP"))?);
        }
        self.resolve.entry(host.to_ascii_lowercase()).or_default().extend(list);
        Ok(())
    }
}

/// A site to scan.
#[derive(Debug, Clone)]
pub struct ScanTarget {
    pub url: String,
    pub level: Level,
    pub parent_url: Option<String>,
}

/// Stops a scan from another task.
#[derive(Debug, Clone)]
pub struct CancelToken(Arc<watch::Sender<bool>>);

impl Default for CancelToken {
    fn default() -> Self {
        CancelToken(Arc::new(watch::channel(false).0))
    }
}

impl CancelToken {
    pub fn cancel(&self) {
        self.0.send_replace(true);
    }
    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }
    pub async fn cancelled(&self) {
        let mut rx = self.0.subscribe();
        let _ = rx.wait_for(|v| *v).await;
    }
}

/// Collects one site. Never fails: what could not be fetched is recorded in the snapshot.
pub async fn collect_site(
    fetcher: &Fetcher,
    target: &ScanTarget,
    started_at: OffsetDateTime,
    cancel: &CancelToken,
) -> Snapshot {
    let clock = Instant::now();
    let cfg = fetcher.config();
    let mut snap = Snapshot::new(&target.url, target.level, target.parent_url.clone(), started_at, &cfg.user_agent);
    let Ok(start) = Url::parse(&target.url) else {
        snap.status = FetchStatus::NetworkError;
        snap.notes.push(format!("invalid url: {}", target.url));
        return snap;
    };
    let site = SiteScan::new(fetcher, target, start, cancel, clock + Duration::from_millis(cfg.site_budget_ms));
    snap.host = site.host.clone();
    if site.dns(&mut snap).await {
        // The homepage, then (in parallel, two at a time) everything that depends only on it.
        let (home_url, facts) = site.homepage(&mut snap).await;
        site.tls_and_http_form(&mut snap).await;
        if let Some(facts) = facts {
            // Each page is parsed once, here, for the plan; the checks read the snapshot again.
            let mut read = site.sample(&mut snap, &facts, &home_url).await;
            site.stage_two(&mut snap, &facts, &home_url, &mut read).await;
            site.sitemaps(&mut snap, &facts, &home_url).await;
            site.link_probes(&mut snap, &facts, &read, &home_url).await;
            site.browser(&mut snap).await;
            if cancel.is_cancelled() {
                snap.notes.push("cancelled".into());
            }
        }
    }
    snap.duration_ms = clock.elapsed().as_millis() as u64;
    snap
}

/// Scans many sites, `concurrency` at a time, calling `progress` after each one.
pub async fn collect_many(
    fetcher: &Fetcher,
    targets: Vec<ScanTarget>,
    concurrency: usize,
    now: impl Fn() -> OffsetDateTime,
    cancel: &CancelToken,
    mut on_done: impl FnMut(usize, Snapshot),
) {
    let now = &now;
    let mut s = stream::iter(targets.into_iter().enumerate().map(|(i, t)| async move {
        let snap = collect_site(fetcher, &t, now(), cancel).await;
        (i, snap)
    }))
    .buffer_unordered(concurrency.max(1));
    while let Some((i, snap)) = s.next().await {
        on_done(i, snap);
    }
}

/// A runtime for scans, for callers that are not async (the CLI, the app's worker thread).
pub fn runtime() -> ttdt_model::error::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("scan")
        .build()
        .map_err(|e| ttdt_model::error::Error::Scanner(e.to_string()))
}

/// [`browser::measure`] on a blocking thread; the scan's cancel token stops it (and kills the browser).
pub async fn measure_async(url: String, cfg: browser::BrowserConfig, cancel: &CancelToken) -> ttdt_snapshot::BrowserRun {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(cancel.is_cancelled()));
    let inner = flag.clone();
    let profile = cfg.profile.name();
    let url_copy = url.clone();
    let mut task = tokio::task::spawn_blocking(move || browser::measure(&url_copy, &cfg, &inner));
    let joined = tokio::select! {
        r = &mut task => r,
        _ = cancel.cancelled() => {
            flag.store(true, std::sync::atomic::Ordering::Relaxed);
            task.await
        }
    };
    joined.unwrap_or_else(|e| ttdt_snapshot::BrowserRun::failed(&url, profile, ttdt_snapshot::BrowserStatus::Error, format!("the measurement stopped: {e}")))
}
