//! What the fixture-portal scan tests share: the fixed scan date, and a scanner that serves the
//! portals on loopback under their real host names (HTTPS from the test certificate authority)
//! and scans one, its findings bound to criteria.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use ttdt_core::checks::{self, bind, Finding};
use ttdt_core::collect::{collect_site, CancelToken, CollectConfig, Fetcher, ScanTarget};
use ttdt_testkit::{Mount, PortalServer};

/// Scans run "on" this date: fixture news are dated relative to it.
pub fn scan_time() -> time::OffsetDateTime {
    time::macros::datetime!(2026-11-23 03:00 UTC)
}

pub fn outcome_name(o: ttdt_core::domain::Outcome) -> String {
    serde_json::to_value(o).unwrap().as_str().unwrap().to_string()
}

/// The portals served, and a fetcher that resolves their hosts to loopback and trusts the test
/// certificate authority.
pub struct Scanner {
    pub server: PortalServer,
    fetcher: Fetcher,
    rt: tokio::runtime::Runtime,
}

impl Scanner {
    pub fn start(mounts: &[Mount]) -> Scanner {
        let server = PortalServer::start(mounts.to_vec(), None, Duration::ZERO, 0).unwrap();
        let mut config = CollectConfig { request_timeout_ms: 4_000, site_budget_ms: 20_000, ..CollectConfig::default() };
        config.extra_ca_pem.push(server.ca_pem.clone());
        for m in mounts {
            let mut addrs: Vec<IpAddr> = vec!["127.0.0.1".parse().unwrap()];
            if m.spec.ipv6 {
                addrs.push("::1".parse().unwrap());
            }
            config.resolve.insert(m.spec.host.clone(), addrs);
        }
        let fetcher = Fetcher::new(config).unwrap();
        let rt = ttdt_core::collect::runtime().unwrap();
        Scanner { server, fetcher, rt }
    }

    /// Scans one portal: its findings bound to criteria, and how long collection took.
    pub fn scan(&self, m: &Mount) -> (Vec<(String, Finding)>, Duration) {
        let target = ScanTarget {
            url: format!("https://{}:{}/", m.spec.host, self.server.port),
            level: m.spec.level,
            parent_url: m.spec.parent.as_ref().map(|p| format!("https://{p}:{}/", self.server.port)),
        };
        let started = Instant::now();
        let snap = self.rt.block_on(collect_site(&self.fetcher, &target, scan_time(), &CancelToken::default()));
        let took = started.elapsed();
        let findings = checks::judge_all(&snap);
        (bind(&findings, None), took)
    }
}
