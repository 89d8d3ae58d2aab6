//! Collection: the only part of a scan that touches the network. It fetches a site once, within
//! limits, and returns a [`Snapshot`] of plain data for the checks to judge.
//!
//! Limits: a timeout per request, a time budget per site, a maximum body size (a larger body is
//! cut and marked), a maximum number of redirects, at most `per_host` requests in flight, retries
//! on network errors only, and a configurable user agent.

pub mod browser;
mod fetch;
pub mod plan;
mod tls;

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::sync::{watch, Semaphore};
use url::Url;

use ttdt_model::domain::Level;
use ttdt_snapshot::html::{bare_host, PageFacts};
use ttdt_snapshot::{DnsInfo, FetchStatus, Ipv6Probe, LinkProbe, Page, PageKind, Snapshot};

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
    let deadline = clock + Duration::from_millis(cfg.site_budget_ms);
    let mut snap = Snapshot::new(&target.url, target.level, target.parent_url.clone(), started_at, &cfg.user_agent);
    let Ok(start) = Url::parse(&target.url) else {
        snap.status = FetchStatus::NetworkError;
        snap.notes.push(format!("invalid url: {}", target.url));
        return snap;
    };
    let host = start.host_str().unwrap_or("").to_ascii_lowercase();
    snap.host = host.clone();
    let port = start.port_or_known_default().unwrap_or(443);

    // DNS first: a host that does not resolve ends the scan with a clear status.
    let dns = resolve(cfg, &host, port).await;
    let resolved = dns.error.is_none();
    if let Some(v6) = dns.v6.first().cloned() {
        snap.ipv6 = Some(probe_ipv6(&v6, port).await);
    }
    snap.dns = Some(dns);
    if !resolved {
        snap.status = FetchStatus::DnsFailure;
        snap.duration_ms = clock.elapsed().as_millis() as u64;
        return snap;
    }

    let sem = Semaphore::new(cfg.per_host.max(1));
    let get = |url: String, kind: PageKind| {
        let sem = &sem;
        async move {
            if cancel.is_cancelled() {
                return Page::failed(&url, kind, FetchStatus::Cancelled, "cancelled");
            }
            let _permit = sem.acquire().await;
            tokio::select! {
                p = fetcher.fetch(&url, kind, deadline) => p,
                _ = cancel.cancelled() => Page::failed(&url, kind, FetchStatus::Cancelled, "cancelled"),
            }
        }
    };

    // The homepage, then (in parallel, two at a time) everything that depends only on it.
    let home = get(target.url.clone(), PageKind::Home).await;
    snap.status = if home.status == FetchStatus::Ok && !home.ok() {
        FetchStatus::HttpError
    } else if home.status == FetchStatus::Ok && !home.is_html() {
        FetchStatus::NotHtml
    } else {
        home.status
    };
    let home_url = Url::parse(&home.final_url).unwrap_or_else(|_| start.clone());
    let facts = (home.ok() && home.is_html()).then(|| PageFacts::parse(&home_url, &home.body));
    snap.homepage = Some(home);

    // TLS and the http:// form are judged even when the homepage failed: they are the reason.
    let https_url = {
        let mut u = start.clone();
        if u.scheme() == "http" {
            let _ = u.set_scheme("https");
            if start.port().is_none() {
                let _ = u.set_port(None);
            }
        }
        u
    };
    let http_url = {
        let mut u = https_url.clone();
        let _ = u.set_scheme("http");
        u
    };
    let tls_port = https_url.port_or_known_default().unwrap_or(443);
    let addrs = fetcher.addresses(&host, tls_port).await;
    let (tls, http_probe) = tokio::join!(
        tls::probe(&host, &addrs, fetcher.tls_roots(), Duration::from_millis(cfg.request_timeout_ms.min(8_000))),
        async {
            if cancel.is_cancelled() {
                return Page::failed(http_url.as_str(), PageKind::Other, FetchStatus::Cancelled, "cancelled");
            }
            fetcher.fetch_once(http_url.as_str(), PageKind::Other, deadline).await
        }
    );
    snap.tls = Some(tls);
    snap.http_probe = Some(http_probe);

    let Some(facts) = facts else {
        snap.duration_ms = clock.elapsed().as_millis() as u64;
        return snap;
    };

    // Stage one: the sample by kind, the section pages, the foreign version.
    let wanted = plan::pages_to_fetch(&facts, cfg.sample_size);
    let pages: Vec<Page> = stream::iter(wanted.into_iter().map(|(u, k)| get(u.to_string(), k))).buffered(cfg.per_host.max(1)).collect().await;
    snap.pages = pages;

    // Stage two: an article from the news list, robots, sitemaps, feeds, the 404 probe, search.
    let news_facts = snap
        .pages
        .iter()
        .find(|p| p.kind == PageKind::NewsList && p.ok())
        .and_then(|p| Url::parse(&p.final_url).ok().map(|u| PageFacts::parse(&u, &p.body)));
    let mut stage2: Vec<(String, PageKind)> = Vec::new();
    let known: HashSet<String> = snap.pages.iter().map(|p| p.url.clone()).chain([target.url.clone()]).collect();
    for article in plan::articles(&facts, news_facts.as_ref(), 2) {
        if !known.contains(article.as_str()) {
            stage2.push((article.to_string(), PageKind::Article));
        }
    }
    let origin_robots = home_url.join("/robots.txt").ok();
    if let Some(r) = &origin_robots {
        stage2.push((r.to_string(), PageKind::Robots));
    }
    for feed in plan::feeds(&facts).into_iter().take(2) {
        stage2.push((feed.to_string(), PageKind::Feed));
    }
    if let Ok(probe) = home_url.join(&plan::probe_path(&host)) {
        stage2.push((probe.to_string(), PageKind::Probe404));
    }
    let search = plan::search_request(&facts);
    if let Some((u, term)) = &search {
        snap.search_term = Some(term.clone());
        stage2.push((u.to_string(), PageKind::Search));
    }
    let fetched: Vec<Page> = stream::iter(stage2.into_iter().map(|(u, k)| get(u, k))).buffered(cfg.per_host.max(1)).collect().await;
    for p in fetched {
        match p.kind {
            PageKind::Robots => snap.robots = Some(p),
            PageKind::Feed => snap.feeds.push(p),
            PageKind::Probe404 => snap.probe_404 = Some(p),
            PageKind::Search => snap.search = Some(p),
            _ => snap.pages.push(p),
        }
    }
    // A site under a path (as the demo portals are) may keep its robots.txt there.
    if !snap.robots.as_ref().is_some_and(Page::ok) && home_url.path() != "/" {
        if let Ok(r) = home_url.join("robots.txt") {
            snap.robots = Some(get(r.to_string(), PageKind::Robots).await);
        }
    }

    // Sitemaps named in robots.txt, else sitemap.xml beside the homepage.
    let mut sitemap_urls: Vec<Url> = snap
        .robots
        .as_ref()
        .filter(|r| r.ok())
        .map(|r| plan::sitemaps_in_robots(&r.body, &Url::parse(&r.final_url).unwrap_or(home_url.clone())))
        .unwrap_or_default();
    if sitemap_urls.is_empty() {
        if let Ok(u) = home_url.join("sitemap.xml") {
            sitemap_urls.push(u);
        }
    }
    sitemap_urls.dedup();
    let sitemaps: Vec<Page> = stream::iter(sitemap_urls.into_iter().take(3).map(|u| get(u.to_string(), PageKind::Sitemap)))
        .buffered(cfg.per_host.max(1))
        .collect()
        .await;
    snap.sitemaps = sitemaps;

    // Internal links of the fetched pages that were not fetched themselves.
    let mut fetched_urls: HashSet<String> = HashSet::new();
    for p in snap.homepage.iter().chain(snap.pages.iter()) {
        fetched_urls.insert(p.url.clone());
        fetched_urls.insert(p.final_url.clone());
    }
    let mut to_check: Vec<(String, String)> = Vec::new();
    let mut seen = HashSet::new();
    for p in snap.homepage.iter().chain(snap.pages.iter()).filter(|p| p.ok() && p.is_html()) {
        let Ok(u) = Url::parse(&p.final_url) else { continue };
        let parsed;
        let f = if p.kind == PageKind::Home {
            &facts
        } else {
            parsed = PageFacts::parse(&u, &p.body);
            &parsed
        };
        for (_, link) in f.internal_links() {
            let mut l = link.clone();
            l.set_fragment(None);
            let s = l.to_string();
            if bare_host(&l) == bare_host(&home_url) && !fetched_urls.contains(&s) && seen.insert(s.clone()) {
                to_check.push((s, p.final_url.clone()));
            }
        }
    }
    to_check.truncate(cfg.link_checks);
    let probes: Vec<LinkProbe> = stream::iter(to_check.into_iter().map(|(u, from)| {
        let sem = &sem;
        async move {
            if cancel.is_cancelled() {
                return LinkProbe { url: u, from, status: FetchStatus::Cancelled, http_status: None };
            }
            let _permit = sem.acquire().await;
            let (status, http_status) = fetcher.head(&u, deadline).await;
            LinkProbe { url: u, from, status, http_status }
        }
    }))
    .buffered(cfg.per_host.max(1))
    .collect()
    .await;
    snap.links = probes;
    // Last, the homepage in a real browser: it has its own time budget and stops on cancel.
    if let (Some(browser), Some(home)) = (&cfg.browser, snap.home()) {
        if !cancel.is_cancelled() {
            snap.browser = Some(measure_async(home.final_url.clone(), browser.clone(), cancel).await);
        }
    }
    if cancel.is_cancelled() {
        snap.notes.push("cancelled".into());
    }
    snap.duration_ms = clock.elapsed().as_millis() as u64;
    snap
}

async fn resolve(cfg: &CollectConfig, host: &str, port: u16) -> DnsInfo {
    let mut info = DnsInfo::default();
    let addrs: Vec<IpAddr> = if let Ok(ip) = host.trim_matches(['[', ']']).parse::<IpAddr>() {
        vec![ip]
    } else if let Some(fixed) = cfg.resolve.get(host) {
        info.fixed = true;
        fixed.clone()
    } else {
        match tokio::time::timeout(Duration::from_secs(10), tokio::net::lookup_host((host, port))).await {
            Ok(Ok(it)) => it.map(|a| a.ip()).collect(),
            Ok(Err(e)) => {
                info.error = Some(e.to_string());
                Vec::new()
            }
            Err(_) => {
                info.error = Some("dns timeout".into());
                Vec::new()
            }
        }
    };
    for a in addrs {
        match a {
            IpAddr::V4(v4) => info.v4.push(v4.to_string()),
            IpAddr::V6(v6) => info.v6.push(v6.to_string()),
        }
    }
    info.v4.dedup();
    info.v6.dedup();
    if info.error.is_none() && info.v4.is_empty() && info.v6.is_empty() {
        info.error = Some("no address".into());
    }
    info
}

async fn probe_ipv6(addr: &str, port: u16) -> Ipv6Probe {
    let mut probe = Ipv6Probe { address: addr.to_string(), answered: false, no_route_here: false, error: None };
    let Ok(ip) = addr.parse::<IpAddr>() else {
        probe.error = Some("bad address".into());
        return probe;
    };
    match tokio::time::timeout(Duration::from_secs(3), tokio::net::TcpStream::connect(SocketAddr::new(ip, port))).await {
        Ok(Ok(_)) => probe.answered = true,
        Ok(Err(e)) => {
            probe.no_route_here = matches!(e.raw_os_error(), Some(101) | Some(99) | Some(97));
            probe.error = Some(e.to_string());
        }
        Err(_) => probe.error = Some("timeout".into()),
    }
    probe
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
