//! Page-load metrics measured in a real headless Chromium, on fixture pages with known timings
//! (`tests/fixtures/perf/`) served on loopback. These tests need Chromium: without it they fail
//! with a message saying so, rather than passing without measuring anything.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use ttdt_core::browser::{self, BrowserConfig};
use ttdt_core::checks;
use ttdt_core::collect::{collect_site, CancelToken, CollectConfig, Fetcher, ScanTarget};
use ttdt_core::domain::{Level, Outcome};
use ttdt_core::snapshot::{BrowserRun, BrowserStatus, Snapshot};

/// One test at a time: each checks afterwards that no browser of this process is left.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn chrome() -> PathBuf {
    match browser::find_browser(None) {
        Ok(p) => p,
        Err(e) => panic!(
            "Chromium is not installed ({e}). These tests measure real page loads: install it \
             (`apt-get install chromium`, or `scripts/setup.sh --test-tools`) or set TTDT_CHROME."
        ),
    }
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/perf")
}

/// The fixture folder over HTTP on loopback; `?delay=MS` holds a response that long.
fn server() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(|| {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind loopback");
        let port = server.server_addr().to_ip().expect("ip address").port();
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                std::thread::spawn(move || {
                    let url = url::Url::parse(&format!("http://x{}", req.url())).expect("request url");
                    let delay: u64 = url.query_pairs().find(|(k, _)| k == "delay").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
                    std::thread::sleep(Duration::from_millis(delay));
                    let name = url.path().trim_start_matches('/');
                    let path = fixtures().join(name);
                    let ok = !name.is_empty() && !name.contains("..") && path.is_file();
                    let body = if ok { std::fs::read(&path).unwrap_or_default() } else { b"not found".to_vec() };
                    let kind = match path.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("png") => "image/png",
                        _ => "text/plain",
                    };
                    let resp = tiny_http::Response::from_data(body)
                        .with_status_code(if ok { 200 } else { 404 })
                        .with_header(tiny_http::Header::from_bytes("Content-Type", kind).expect("header"))
                        .with_header(tiny_http::Header::from_bytes("Cache-Control", "no-store").expect("header"));
                    let _ = req.respond(resp);
                });
            }
        });
        port
    })
}

fn page(name: &str) -> String {
    format!("http://127.0.0.1:{}/{name}", server())
}

fn config(runs: usize) -> BrowserConfig {
    BrowserConfig { chrome_path: Some(chrome()), runs, ..BrowserConfig::default() }
}

/// Browser processes of this test process still alive (their profile folder names our pid).
fn browsers_left() -> Vec<String> {
    let needle = format!("ttdt-chrome-{}-", std::process::id());
    let mut left = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        if entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()).is_none() {
            continue;
        }
        if let Ok(cmd) = std::fs::read(entry.path().join("cmdline")) {
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            if cmd.contains(&needle) {
                left.push(format!("{}: {}", entry.file_name().to_string_lossy(), cmd.chars().take(120).collect::<String>()));
            }
        }
    }
    left
}

fn assert_no_browser_left() {
    // The guard kills synchronously; give the kernel a moment to reap the group.
    let until = Instant::now() + Duration::from_secs(3);
    loop {
        let left = browsers_left();
        if left.is_empty() {
            break;
        }
        assert!(Instant::now() < until, "browser processes left behind: {left:#?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let dirs: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .expect("temp dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&format!("ttdt-chrome-{}-", std::process::id())))
        .collect();
    assert!(dirs.is_empty(), "temporary profiles left behind: {:?}", dirs.iter().map(|d| d.path()).collect::<Vec<_>>());
}

fn measure(name: &str, cfg: &BrowserConfig) -> BrowserRun {
    let run = browser::measure(&page(name), cfg, &AtomicBool::new(false));
    assert_no_browser_left();
    run
}

/// The HN.01–HN.04 verdicts of a run: the criteria of the checks that need a browser.
fn verdicts(run: &BrowserRun) -> Vec<(String, Outcome)> {
    let findings = ttdt_core::perf::judge_page_load(&run.url, Level::Province, run);
    checks::bind(&findings, None).into_iter().map(|(code, f)| (code, f.outcome)).collect()
}

fn outcome(run: &BrowserRun, code: &str) -> Outcome {
    verdicts(run).into_iter().find(|(c, _)| c == code).map(|(_, o)| o).expect("verdict")
}

fn ok_run(name: &str, runs: usize) -> BrowserRun {
    let run = measure(name, &config(runs));
    assert_eq!(run.status, BrowserStatus::Ok, "{name}: {:?} {:?}", run.status, run.error);
    assert_eq!(run.runs.len(), runs, "{name}: every load is kept");
    for w in run.runs.windows(2) {
        assert!(w[0].at < w[1].at, "{name}: loads are stamped in order");
    }
    assert!(run.median.is_some());
    run
}

#[test]
fn a_light_page_passes_every_criterion() {
    let _s = serial();
    let run = ok_run("light.html", 3);
    let m = run.median.as_ref().unwrap();
    assert!(m.fcp_ms.unwrap() < 1500.0, "{m:?}");
    assert!(m.lcp_ms.unwrap() < 1500.0, "{m:?}");
    assert!(m.speed_index_ms.unwrap() < 1500.0, "{m:?}");
    assert!(m.longest_task_ms.unwrap() < 200.0, "{m:?}");
    assert!(m.cls.unwrap() < 0.01, "{m:?}");
    assert!(m.ttfb_ms.is_some() && m.bytes.unwrap() > 0 && m.requests.unwrap() >= 1, "{m:?}");
    for (code, o) in verdicts(&run) {
        assert_eq!(o, Outcome::Pass, "{code}");
    }
    // The page as rendered, a screenshot, no overflow at 360 px.
    assert!(run.rendered_html.as_deref().unwrap().contains("Cổng thông tin điện tử mẫu"));
    assert!(run.screenshot_png().unwrap().starts_with(b"\x89PNG"));
    assert!(!run.overflow.as_ref().unwrap().overflows, "{:?}", run.overflow);
}

#[test]
fn an_image_released_after_two_seconds_sets_lcp() {
    let _s = serial();
    let run = ok_run("image-late.html", 3);
    let m = run.median.as_ref().unwrap();
    assert!(m.lcp_ms.unwrap() >= 2000.0 && m.lcp_ms.unwrap() < 4000.0, "{m:?}");
    assert!(m.fcp_ms.unwrap() < 1000.0, "{m:?}");
    // Text paints at once, the image (most of the screen) at 2 s.
    assert!(m.speed_index_ms.unwrap() >= 1000.0 && m.speed_index_ms.unwrap() < 3000.0, "{m:?}");
    assert_eq!(outcome(&run, "HN.02"), Outcome::Pass);
}

#[test]
fn a_700_ms_busy_loop_is_the_longest_task() {
    let _s = serial();
    let run = ok_run("long-task.html", 3);
    let m = run.median.as_ref().unwrap();
    assert!(m.longest_task_ms.unwrap() >= 700.0, "{m:?}");
    assert!(m.tbt_ms.unwrap() >= 500.0, "{m:?}");
    assert_eq!(outcome(&run, "HN.04"), Outcome::Fail);
    assert_eq!(outcome(&run, "HN.01"), Outcome::Pass);
}

#[test]
fn text_that_appears_after_one_and_a_half_seconds_sets_fcp() {
    let _s = serial();
    let run = ok_run("text-late.html", 3);
    let m = run.median.as_ref().unwrap();
    assert!(m.fcp_ms.unwrap() >= 1500.0 && m.fcp_ms.unwrap() < 3000.0, "{m:?}");
    assert!(m.speed_index_ms.unwrap() >= 1500.0, "{m:?}");
    assert_eq!(outcome(&run, "HN.01"), Outcome::Pass);
}

#[test]
fn a_block_pushing_the_content_down_is_a_layout_shift() {
    let _s = serial();
    let run = ok_run("layout-shift.html", 3);
    let m = run.median.as_ref().unwrap();
    assert!(m.cls.unwrap() > 0.1, "{m:?}");
}

#[test]
fn mobile_profile_loads_at_412_px() {
    let _s = serial();
    let cfg = BrowserConfig { profile: browser::Profile::Mobile, capture_page: false, ..config(1) };
    let run = measure("light.html", &cfg);
    assert_eq!(run.status, BrowserStatus::Ok, "{:?}", run.error);
    assert_eq!(run.profile, "mobile");
}

#[test]
fn a_page_that_hangs_is_an_error_within_the_budget_and_leaves_no_browser() {
    let _s = serial();
    for name in ["hang.html", "stalled.html"] {
        let cfg = BrowserConfig { load_budget_ms: 4_000, page_budget_ms: 20_000, ..config(3) };
        let started = Instant::now();
        let run = measure(name, &cfg);
        let took = started.elapsed();
        assert_eq!(run.status, BrowserStatus::Timeout, "{name}: {:?}", run.error);
        assert!(took < Duration::from_secs(12), "{name}: took {took:?}");
        // A page that hung once is not loaded again.
        assert_eq!(run.runs.len(), 1);
        for (code, o) in verdicts(&run) {
            assert_eq!(o, Outcome::Error, "{name}: {code}");
        }
    }
}

#[test]
fn a_cancel_kills_the_browser_at_once() {
    let _s = serial();
    let cancel = std::sync::Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let setter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        flag.store(true, Ordering::Relaxed);
    });
    let started = Instant::now();
    let run = browser::measure(&page("stalled.html"), &config(3), &cancel);
    setter.join().unwrap();
    assert_eq!(run.status, BrowserStatus::Cancelled, "{:?}", run.error);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert_no_browser_left();
    for (code, o) in verdicts(&run) {
        assert_eq!(o, Outcome::NotTested, "{code}");
    }
}

#[test]
fn without_a_browser_the_criteria_are_not_tested() {
    let cfg = BrowserConfig { chrome_path: Some(PathBuf::from("/nonexistent/chromium")), ..BrowserConfig::default() };
    let run = browser::measure("http://127.0.0.1:9/", &cfg, &AtomicBool::new(false));
    assert_eq!(run.status, BrowserStatus::NotFound);
    for (code, o) in verdicts(&run) {
        assert_eq!(o, Outcome::NotTested, "{code}");
    }
}

#[test]
fn a_scan_with_the_browser_judges_the_rendered_page() {
    let _s = serial();
    let url = page("rendered.html");
    let config = CollectConfig {
        site_budget_ms: 20_000,
        sample_size: 0,
        link_checks: 0,
        browser: Some(BrowserConfig { runs: 1, ..config(1) }),
        ..CollectConfig::default()
    };
    let fetcher = Fetcher::new(config).unwrap();
    let rt = ttdt_core::collect::runtime().unwrap();
    let target = ScanTarget { url, level: Level::Province, parent_url: None };
    let snap = rt.block_on(collect_site(&fetcher, &target, time::OffsetDateTime::now_utc(), &CancelToken::default()));
    assert_no_browser_left();
    let run = snap.browser.as_ref().expect("browser run in the snapshot");
    assert_eq!(run.status, BrowserStatus::Ok, "{:?}", run.error);
    let findings = checks::judge_all(&snap);
    let get = |id: &str| findings.iter().find(|f| f.check_id == id).expect(id).clone();
    // The EMC snippet is only in the rendered document.
    let emc = get("emc.homepage");
    assert_eq!(emc.outcome, Outcome::Pass, "{}", emc.evidence());
    assert_eq!(emc.message_code(), "emc_found_rendered");
    assert_eq!(emc.data["site_id"], "4242");
    // An 800 px block overflows a 360 px screen.
    let mobile = get("mobile.viewport");
    assert_eq!(mobile.outcome, Outcome::Fail, "{}", mobile.evidence());
    assert_eq!(mobile.message_code(), "mobile_overflow");
    assert_eq!(get("performance.fcp").outcome, Outcome::Pass);
    let reference = get("performance.reference");
    assert_eq!(reference.message_code(), "metrics_recorded_browser");
    assert!(reference.data["browser"]["cls"].is_number(), "{}", reference.data);
    // The snapshot (with the run) survives a round trip through JSON.
    let back: Snapshot = serde_json::from_str(&serde_json::to_string(&snap).unwrap()).unwrap();
    assert_eq!(back.browser.unwrap().runs.len(), 1);
}
