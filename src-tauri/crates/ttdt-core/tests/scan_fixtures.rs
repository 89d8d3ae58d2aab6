//! Every fixture portal, served on loopback under its real host name with HTTPS from a test
//! certificate authority, is scanned and must match its `expected.toml`. Portals marked
//! `accuracy_only` (imitations of real CMSes, judged by an inspector's verdicts) are scanned here
//! for time only; `tests/accuracy.rs` measures how far the tool agrees with them.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{outcome_name, scan_time, Scanner};
use ttdt_core::checks;
use ttdt_core::collect::{collect_site, CancelToken, CollectConfig, Fetcher, ScanTarget};
use ttdt_testkit::{fixture_portals, PortalServer};

#[test]
fn fixture_portals_match_their_expected_outcomes() {
    let mounts = fixture_portals().unwrap();
    assert!(mounts.len() >= 12, "fixture portals: {}", mounts.len());
    let scanner = Scanner::start(&mounts);
    let mut failures = Vec::new();
    let mut seen: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for m in &mounts {
        let (bound, took) = scanner.scan(m);
        assert!(took < Duration::from_secs(25), "{}: scan took {:?}", m.dir, took);
        if m.spec.accuracy_only {
            continue;
        }
        for (code, want) in &m.spec.outcomes {
            let Some((_, f)) = bound.iter().find(|(c, _)| c == code) else {
                failures.push(format!("{}: {code}: no finding", m.dir));
                continue;
            };
            let got = outcome_name(f.outcome);
            if &got != want {
                failures.push(format!("{}: {code}: expected {want}, got {got} — {}", m.dir, f.evidence()));
            }
            let e = seen.entry(f.check_id.to_string()).or_default();
            if want == "pass" {
                e.0 = true;
            }
            if want == "fail" || want == "partial" {
                e.1 = true;
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    // Every check has a pass fixture and a fail fixture.
    let missing: Vec<String> = checks::REGISTRY
        .iter()
        .filter(|c| c.id != "performance.reference" && !c.needs.contains(&checks::Need::Browser))
        .filter(|c| !seen.get(c.id).is_some_and(|(p, f)| *p && *f))
        .map(|c| format!("{} {:?}", c.id, seen.get(c.id)))
        .collect();
    assert!(missing.is_empty(), "checks without a pass and a fail fixture: {missing:?}");
}

#[test]
fn a_homepage_nested_too_deep_is_refused_quickly_and_not_judged() {
    let mounts: Vec<_> = fixture_portals().unwrap().into_iter().filter(|m| m.spec.serve.behaviour == "deep-nesting").collect();
    assert_eq!(mounts.len(), 1);
    let host = mounts[0].spec.host.clone();
    let server = PortalServer::start(mounts, None, Duration::ZERO, 0).unwrap();
    let mut config = CollectConfig { request_timeout_ms: 4_000, site_budget_ms: 20_000, ..CollectConfig::default() };
    config.extra_ca_pem.push(server.ca_pem.clone());
    config.resolve.insert(host.clone(), vec!["127.0.0.1".parse().unwrap()]);
    let fetcher = Fetcher::new(config).unwrap();
    let rt = ttdt_core::collect::runtime().unwrap();
    let target = ScanTarget { url: format!("https://{host}:{}/", server.port), level: ttdt_core::domain::Level::ProvincialDepartment, parent_url: None };
    let started = std::time::Instant::now();
    let snap = rt.block_on(collect_site(&fetcher, &target, scan_time(), &CancelToken::default()));
    let collected = started.elapsed();
    let started = std::time::Instant::now();
    let findings = checks::judge_all(&snap);
    let judged = started.elapsed();
    // The page is refused before parsing, in collection and in judging, well within the budget.
    assert!(collected < Duration::from_secs(10) && judged < Duration::from_secs(5), "collected in {collected:?}, judged in {judged:?}");
    use ttdt_core::snapshot::FetchStatus;
    let home = snap.homepage.as_ref().unwrap();
    assert_eq!((snap.status, home.status, home.http_status), (FetchStatus::TooComplex, FetchStatus::TooComplex, Some(200)));
    assert!(home.body.len() > 400_000, "the body is kept as evidence");
    assert!(home.error.as_deref().unwrap_or("").contains("nested more than"), "{:?}", home.error);
    // "Could not check" is never "fail": what needs the homepage is an error that says why.
    let mut judged_home = 0;
    for f in findings.iter().filter(|f| checks::check(f.check_id).is_some_and(|c| c.needs.contains(&checks::Need::Homepage))) {
        assert_eq!((f.outcome, f.message_code()), (ttdt_core::domain::Outcome::Error, "home_too_complex"), "{}", f.check_id);
        judged_home += 1;
    }
    assert!(judged_home > 30, "{judged_home}");
}

fn campaign_with(store: &mut ttdt_core::Store, url: &str) -> i64 {
    use ttdt_core::domain::{Level, NewCampaign, SiteInput};
    let c = store
        .create_campaign(&NewCampaign { name: "Quét".into(), year: 2026, framework_id: ttdt_core::framework::DEFAULT_FRAMEWORK_ID.into() })
        .unwrap();
    store
        .add_site(c.id, &SiteInput { agency_name: "Bộ Thông tin Mẫu".into(), level: Level::Ministry, block: String::new(), url: url.into(), parent_site_id: None })
        .unwrap()
        .id
}

#[test]
fn stored_scan_is_judged_again_without_the_network_and_a_cancelled_run_records_nothing() {
    let mounts = fixture_portals().unwrap();
    let server = PortalServer::start(mounts, None, Duration::ZERO, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = ttdt_core::Store::open(dir.path().join("s.db")).unwrap();
    let site = campaign_with(&mut store, &format!("https://bomau.gov.vn:{}/", server.port));
    let mut config = CollectConfig::default();
    config.extra_ca_pem.push(server.ca_pem.clone());
    config.resolve.insert("bomau.gov.vn".into(), vec!["127.0.0.1".parse().unwrap()]);
    let shared = std::sync::Mutex::new(store);

    // Cancelled before it starts: the site is reported cancelled and nothing is written.
    let cancel = CancelToken::default();
    cancel.cancel();
    let mut events = Vec::new();
    let s = ttdt_core::scanning::scan_sites(&shared, &[site], config.clone(), 2, &cancel, |p| events.push(p.clone())).unwrap();
    assert!(s.cancelled);
    assert_eq!(s.recorded, 0);
    assert!(events.iter().all(|e| e.cancelled));
    assert!(shared.lock().unwrap().last_scan(site).unwrap().is_none());

    let s = ttdt_core::scanning::scan_sites(&shared, &[site], config, 2, &CancelToken::default(), |_| {}).unwrap();
    assert_eq!(s.scanned, 1);
    assert!(s.recorded >= 40, "{s:?}");
    let mut store = shared.into_inner().unwrap();
    let info = store.last_scan(site).unwrap().unwrap();
    assert_eq!(info.status, ttdt_core::snapshot::FetchStatus::Ok);
    assert!(info.sample.len() > 5);
    let detail = store.site_detail(site).unwrap();
    let kn01 = detail.criteria.iter().find(|c| c.criterion.code == "KN.01").unwrap();
    assert_eq!(kn01.tool_result.as_ref().unwrap().outcome, ttdt_core::domain::Outcome::Pass);

    // With the server gone, the stored snapshot is judged again to the same results.
    drop(server);
    let n = ttdt_core::scanning::rejudge_site(&mut store, site).unwrap();
    assert_eq!(n, s.recorded);
    let again = store.site_detail(site).unwrap();
    let kn01 = again.criteria.iter().find(|c| c.criterion.code == "KN.01").unwrap();
    assert_eq!(kn01.tool_result.as_ref().unwrap().outcome, ttdt_core::domain::Outcome::Pass);
    assert!(kn01.tool_result.as_ref().unwrap().evidence["summary"].as_str().unwrap().contains("EMC"));
}

#[test]
fn a_campaign_chooses_the_device_its_page_loads_are_measured_as() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = ttdt_core::Store::open(dir.path().join("p.db")).unwrap();
    let site = campaign_with(&mut store, "https://bomau.gov.vn/");
    let campaign = store.site(site).unwrap().campaign_id;
    // A new campaign is judged as the national evaluation measures.
    assert_eq!(store.campaign_browser_profile(campaign).unwrap(), ttdt_core::browser::Profile::National);
    store.set_campaign_browser_profile(campaign, "desktop").unwrap();
    assert_eq!(store.campaign_browser_profile(campaign).unwrap(), ttdt_core::browser::Profile::Desktop);
    store.set_campaign_browser_profile(campaign, "mobile").unwrap();
    assert_eq!(store.campaign_browser_profile(campaign).unwrap(), ttdt_core::browser::Profile::Mobile);
    let refused = store.set_campaign_browser_profile(campaign, "tablet").unwrap_err();
    assert!(refused.user_message().contains("di động"), "{}", refused.user_message());
    assert_eq!(store.campaign_browser_profile(campaign).unwrap(), ttdt_core::browser::Profile::Mobile);
    drop(store);
    // The choice is in the database file.
    let store = ttdt_core::Store::open(dir.path().join("p.db")).unwrap();
    assert_eq!(store.campaign_browser_profile(campaign).unwrap(), ttdt_core::browser::Profile::Mobile);
}
