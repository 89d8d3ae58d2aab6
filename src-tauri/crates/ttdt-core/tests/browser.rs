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

/// A generated file under `gen/` (the same rules as `tests/fixtures/perf/serve.py`): `kb=N` kB of
/// filler, a style sheet, a script or font-like bytes by the extension; a script's `busy=MS` runs
/// a busy loop that long when evaluated, `after=MS` one that long just after the load event.
fn generate(name: &str, query: &[(String, String)]) -> (Vec<u8>, &'static str) {
    let get = |k: &str| query.iter().find(|(q, _)| q == k).and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
    let size = get("kb").max(1) * 1024;
    let mut out = String::new();
    if name.ends_with(".css") {
        let mut n = 0;
        while out.len() < size {
            out += &format!(".g{n}{{margin:{n}px 0;padding:0 {n}px}}\n");
            n += 1;
        }
        return (out.into_bytes(), "text/css");
    }
    if name.ends_with(".js") {
        if get("busy") > 0 {
            out += &format!("(function(){{var s=performance.now();while(performance.now()-s<{}){{}}}})();\n", get("busy"));
        }
        if get("after") > 0 {
            out += &format!(
                "addEventListener('load',function(){{setTimeout(function(){{var s=performance.now();while(performance.now()-s<{}){{}}}},0)}});\n",
                get("after")
            );
        }
        let mut n = 0;
        while out.len() < size {
            out += &format!("var f{n}=function(a){{return a+{n}}};\n");
            n += 1;
        }
        return (out.into_bytes(), "application/javascript");
    }
    let (mut x, mut bytes) = (12345u64, Vec::with_capacity(size));
    while bytes.len() < size {
        x = (x * 1103515245 + 12345) & 0x7FFF_FFFF;
        bytes.push((x >> 16 & 0xFF) as u8);
    }
    (bytes, "font/woff2")
}

/// The fixture folder over HTTP on loopback; `?delay=MS` holds a response that long, and files
/// under `gen/` are generated ([`generate`]).
fn server() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(start_server)
}

/// Serves the fixture folder on loopback as `serve.py` does: one request per connection
/// (HTTP/1.0, closed after the answer), a thread each. A keep-alive server whose pool runs one
/// connection per thread was seen to leave a page of many requests waiting on some of them.
fn start_server() -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                // The rest of the request's head.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let url = url::Url::parse(&format!("http://x{target}")).expect("request url");
                let delay: u64 = url.query_pairs().find(|(k, _)| k == "delay").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
                std::thread::sleep(Duration::from_millis(delay));
                let name = url.path().trim_start_matches('/');
                let path = fixtures().join(name);
                let generated = name.starts_with("gen/");
                let ok = generated || (!name.is_empty() && !name.contains("..") && path.is_file());
                let query: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
                let (body, kind) = if generated {
                    generate(name, &query)
                } else {
                    let body = if ok { std::fs::read(&path).unwrap_or_default() } else { b"not found".to_vec() };
                    let kind = match path.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("png") => "image/png",
                        _ => "text/plain",
                    };
                    (body, kind)
                };
                let status = if ok { "200 OK" } else { "404 Not Found" };
                let head = format!(
                    "HTTP/1.0 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let mut out = &stream;
                let _ = out.write_all(head.as_bytes()).and_then(|_| out.write_all(&body)).and_then(|_| out.flush());
            });
        }
    });
    port
}

fn page(name: &str) -> String {
    format!("http://127.0.0.1:{}/{name}", server())
}

/// Loads as observed on the desktop profile: the fixtures' timings are the page's own.
fn config(runs: usize) -> BrowserConfig {
    BrowserConfig { chrome_path: Some(chrome()), runs, profile: browser::Profile::Desktop, ..BrowserConfig::default() }
}

/// The national profile: the mobile device, slow 4G and a CPU 4× slower, simulated.
fn national(runs: usize) -> BrowserConfig {
    BrowserConfig { profile: browser::Profile::National, capture_page: false, ..config(runs) }
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

/// The finding of one check on a run.
fn finding(run: &BrowserRun, check_id: &str) -> checks::Finding {
    ttdt_core::perf::judge_page_load(&run.url, Level::Province, run).into_iter().find(|f| f.check_id == check_id).expect(check_id)
}

fn ok_run(name: &str, runs: usize) -> BrowserRun {
    ok_run_with(name, &config(runs))
}

fn ok_run_with(name: &str, cfg: &BrowserConfig) -> BrowserRun {
    let runs = cfg.runs;
    let run = measure(name, cfg);
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
fn a_heavy_portal_fails_under_the_national_profile_what_it_passes_on_desktop() {
    let _s = serial();
    // About 2 MB: render-blocking style sheets and scripts in the head (one busy 300 ms), two web
    // fonts, a hero image and 21 more, and a 250 ms task after the load event.
    let desktop = ok_run("portal.html", 3);
    assert_eq!((desktop.profile.as_str(), desktop.method.as_str(), desktop.throttling.as_deref()), ("desktop", "observed", None));
    let m = desktop.median.as_ref().unwrap();
    assert!(m.bytes.unwrap() > 1_800_000 && m.requests.unwrap() >= 28, "{m:?}");
    for id in ["performance.fcp", "performance.lcp", "performance.speed_index", "performance.tbt", "performance.long_task"] {
        let f = finding(&desktop, id);
        assert_eq!(f.outcome, Outcome::Pass, "desktop {id}: {}", f.evidence());
    }

    let run = ok_run_with("portal.html", &national(3));
    assert_eq!((run.profile.as_str(), run.method.as_str(), run.throttling.as_deref()), ("national", "simulate", Some("mobile-slow4g")));
    let n = run.median.as_ref().unwrap();
    // On 1.6 Mbit/s, the 480 kB of style sheets and scripts in the head alone take 2.4 s, and
    // the busy script 1.2 s on the slower CPU: the first paint comes after 3 s.
    assert!(n.fcp_ms.unwrap() >= 3000.0, "{n:?}");
    // The hero image waits behind them and shares the link with 21 others: well over 4 s.
    assert!(n.lcp_ms.unwrap() >= 4000.0, "{n:?}");
    // The 250 ms task after the load takes 1 s on the slower CPU: 950 ms over 50 ms.
    assert!(n.tbt_ms.unwrap() >= 600.0 && n.longest_task_ms.unwrap() >= 1000.0, "{n:?}");
    assert!(n.speed_index_ms.unwrap() > m.speed_index_ms.unwrap() * 2.0, "{n:?} vs {m:?}");
    for id in ["performance.fcp", "performance.lcp", "performance.tbt", "performance.long_task"] {
        let f = finding(&run, id);
        assert_eq!(f.outcome, Outcome::Fail, "national {id}: {}", f.evidence());
        assert_eq!(f.data["method"], "simulate");
    }
    // The evidence says how the figures were obtained.
    let fcp = finding(&run, "performance.fcp");
    assert!(fcp.items[1].detail.as_deref().unwrap().contains("mô phỏng"), "{}", fcp.evidence());
}

#[test]
fn the_simulation_stretches_a_long_task_by_the_cpu_factor() {
    let _s = serial();
    let run = ok_run_with("long-task.html", &national(3));
    let m = run.median.as_ref().unwrap();
    // The 700 ms busy loop takes 2.8 s on a CPU 4× slower, after the first paint.
    assert!(m.longest_task_ms.unwrap() >= 2800.0, "{m:?}");
    assert!(m.tbt_ms.unwrap() >= 2000.0, "{m:?}");
    // The light page still passes every criterion.
    let light = ok_run_with("light.html", &national(3));
    let l = light.median.as_ref().unwrap();
    assert!(l.fcp_ms.unwrap() > 500.0 && l.fcp_ms.unwrap() < 1500.0, "a new connection on slow 4G costs round trips: {l:?}");
    for (code, o) in verdicts(&light) {
        assert_eq!(o, Outcome::Pass, "{code}");
    }
}

#[test]
fn throttling_applied_in_the_browser_is_the_second_method() {
    let _s = serial();
    let cfg = BrowserConfig { method: Some(browser::Method::Devtools), ..national(1) };
    let run = ok_run_with("light.html", &cfg);
    assert_eq!((run.method.as_str(), run.throttling.as_deref()), ("devtools", Some("mobile-slow4g")));
    // The browser holds the document's response for the emulated 150 ms round trip and runs the
    // CPU 4× slower: the text page paints at least that round trip later than the same load on
    // the same device unthrottled.
    let observed = ok_run_with("light.html", &BrowserConfig { method: Some(browser::Method::Observed), ..national(1) });
    assert_eq!(observed.method, "observed");
    let fcp = |r: &BrowserRun| r.median.as_ref().and_then(|m| m.fcp_ms).unwrap();
    assert!(fcp(&run) >= fcp(&observed) + 150.0, "throttled {:?}, unthrottled {:?}", run.median, observed.median);
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
