//! Scan benchmark: N fixture portals served on loopback (in a separate process) with an added
//! latency per response, scanned as one batch; reports sites per minute and the scanner's peak
//! memory.
//!
//! Settings from the environment: `SCAN_SITES` (default 1000), `SCAN_LATENCY_MS` (50),
//! `SCAN_CONCURRENCY` (128), `SCAN_PORTAL` (the fixture portal every site serves, default bo-mau).

use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ttdt_core::checks;
use ttdt_core::collect::{collect_many, CancelToken, CollectConfig, Fetcher, ScanTarget};
use ttdt_core::domain::{Level, Outcome};
use ttdt_testkit::{fixture_portals, PortalServer};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn serve(latency: u64, portal: &str) {
    let mounts = fixture_portals().expect("fixtures");
    let fallback = mounts.iter().find(|m| m.dir == portal).cloned().expect("portal");
    let server = PortalServer::start(Vec::new(), Some(fallback), Duration::from_millis(latency), 0).expect("server");
    println!("{}", server.port);
    println!("{}", server.ca_pem.replace('\n', "|"));
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

fn main() {
    let latency = env("SCAN_LATENCY_MS", 50);
    let portal = std::env::var("SCAN_PORTAL").unwrap_or_else(|_| "bo-mau".into());
    if std::env::var_os("SCAN_BENCH_SERVER").is_some() {
        serve(latency, &portal);
        return;
    }
    let sites = env("SCAN_SITES", 1000) as usize;
    let concurrency = env("SCAN_CONCURRENCY", 128) as usize;

    // The server runs in its own process, so that the figures are the scanner's alone.
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .env("SCAN_BENCH_SERVER", "1")
        .stdout(Stdio::piped())
        .spawn()
        .expect("server process");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let port: u16 = lines.next().and_then(|l| l.ok()).and_then(|l| l.parse().ok()).expect("port");
    let ca = lines.next().and_then(|l| l.ok()).expect("ca").replace('|', "\n");

    let mut config = CollectConfig::default();
    config.extra_ca_pem.push(ca);
    let mut targets = Vec::new();
    for i in 0..sites {
        let host = format!("site{i:04}.bench.gov.vn");
        config.resolve.insert(host.clone(), vec!["127.0.0.1".parse::<IpAddr>().unwrap()]);
        targets.push(ScanTarget { url: format!("https://{host}:{port}/"), level: Level::ProvincialDepartment, parent_url: None });
    }
    let fetcher = Fetcher::new(config).expect("fetcher");
    let rt = ttdt_core::collect::runtime().expect("runtime");
    let cancel = CancelToken::default();
    let started = Instant::now();
    let mut done = 0usize;
    let mut requests = 0usize;
    let mut ok = 0usize;
    let mut passes = 0usize;
    rt.block_on(collect_many(&fetcher, targets, concurrency, time::OffsetDateTime::now_utc, &cancel, |_, snap| {
        done += 1;
        requests += 1 + snap.pages.len() + snap.sitemaps.len() + snap.feeds.len() + snap.links.len()
            + usize::from(snap.robots.is_some()) + usize::from(snap.probe_404.is_some()) + usize::from(snap.search.is_some())
            + usize::from(snap.http_probe.is_some()) + usize::from(snap.tls.is_some());
        ok += usize::from(snap.status == ttdt_core::snapshot::FetchStatus::Ok);
        passes += checks::judge_all(&snap).iter().filter(|f| f.outcome == Outcome::Pass).count();
    }));
    let secs = started.elapsed().as_secs_f64();
    let _ = child.kill();
    let _ = child.wait();
    println!("sites: {sites}, reachable: {ok}, concurrency: {concurrency}, latency: {latency} ms, portal: {portal}");
    println!("requests per site: {:.1}", requests as f64 / done.max(1) as f64);
    println!("passing findings per site: {:.1}", passes as f64 / done.max(1) as f64);
    println!("wall time: {secs:.1} s");
    println!("sites per minute: {:.0}", done as f64 / secs * 60.0);
    println!("peak RSS (scanner): {:.0} MB", peak_rss_mb());
}
