//! One measurement: launch, the loads, the medians, the page captured from the first load.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::cdp::{Cdp, CdpError};
use super::process::BrowserProcess;
use super::simulate::{self, Model, Paints};
use super::speed_index::{speed_index, Histogram};
use super::{cumulative_layout_shift, medians, total_blocking_time, trace, BrowserConfig, Method, Profile, Stop, Throttling};
use ttdt_snapshot::{BrowserRun, BrowserStatus, LoadMetrics, LoadRun, Overflow};

/// Registered before any script of the page: collects LCP, long tasks and layout shifts.
const OBSERVER_JS: &str = include_str!("load.js");

/// Polled after the load event: FCP so far, and counts that change while the page still works.
const POLL_JS: &str = include_str!("load_poll.js");

/// Read at the end of a load.
const READ_JS: &str = include_str!("load_read.js");

/// At a 360 px mobile viewport, Chromium widens the visual viewport (`innerWidth`) to content
/// that does not fit, as a phone zooms out; either width above 360 px is an overflow.
const OVERFLOW_JS: &str = include_str!("load_overflow.js");
const NARROW: u32 = 360;

const MAX_HTML: usize = 5 * 1024 * 1024;
const CALL: Duration = Duration::from_secs(10);

struct Extras {
    html: Option<String>,
    screenshot: Option<String>,
    overflow: Option<Overflow>,
}

type Failure = (BrowserStatus, String);

fn failure(e: CdpError) -> Failure {
    let status = match e {
        CdpError::Timeout(_) => BrowserStatus::Timeout,
        CdpError::Cancelled => BrowserStatus::Cancelled,
        CdpError::Closed(_) => BrowserStatus::Crashed,
        CdpError::Protocol(_) => BrowserStatus::Error,
    };
    (status, e.to_string())
}

pub(super) fn measure_with(path: &Path, url: &str, cfg: &BrowserConfig, stop: Stop<'_>) -> BrowserRun {
    let mut run = BrowserRun::failed(url, cfg.profile.name(), BrowserStatus::Ok, "");
    run.error = None;
    run.browser = Some(path.display().to_string());
    let process = match BrowserProcess::launch(path, cfg.ignore_certificate_errors, stop) {
        Ok(p) => p,
        Err((status, e)) => {
            run.status = status;
            run.error = Some(e);
            return run;
        }
    };
    let mut cdp = match Cdp::connect(&process.ws_url, stop) {
        Ok(c) => c,
        Err(e) => {
            let (status, msg) = failure(e);
            run.status = if status == BrowserStatus::Cancelled { status } else { BrowserStatus::LaunchFailed };
            run.error = Some(msg);
            return run;
        }
    };
    let version = cdp.call(None, "Browser.getVersion", json!({}), stop, CALL).unwrap_or(Value::Null);
    run.version = version["product"].as_str().map(str::to_string);
    let major = run.version.as_deref().and_then(|p| p.split('/').nth(1)).and_then(|v| v.split('.').next()).unwrap_or("120").to_string();
    let user_agent = match cfg.profile {
        Profile::Desktop => version["userAgent"].as_str().map(|u| u.replace("HeadlessChrome", "Chrome")).unwrap_or_default(),
        Profile::Mobile | Profile::National => {
            format!("Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{major}.0.0.0 Mobile Safari/537.36")
        }
    };
    for i in 0..cfg.runs.max(1) {
        if stop.cancelled() {
            run.status = BrowserStatus::Cancelled;
            run.error = Some("cancelled".into());
            break;
        }
        if stop.expired() {
            run.status = BrowserStatus::Timeout;
            run.error = Some(format!("the measurement's budget ran out after {} loads", run.runs.len()));
            break;
        }
        cdp.clear();
        let (load, extras) = one_load(&mut cdp, url, cfg, &user_agent, cfg.capture_page && i == 0, stop);
        let failed = load.status != BrowserStatus::Ok;
        if failed && run.status == BrowserStatus::Ok {
            run.status = load.status;
            run.error = load.error.clone();
        }
        run.runs.push(load);
        if let Some(x) = extras {
            run.rendered_html = x.html;
            run.screenshot_png_base64 = x.screenshot;
            run.overflow = x.overflow;
        }
        // A page that hung or crashed once is not loaded again: it would only spend the budget.
        if failed {
            break;
        }
    }
    run.median = medians(&run.runs);
    drop(cdp);
    drop(process);
    run
}

fn one_load(cdp: &mut Cdp, url: &str, cfg: &BrowserConfig, user_agent: &str, capture: bool, stop: Stop<'_>) -> (LoadRun, Option<Extras>) {
    let at = OffsetDateTime::now_utc();
    let started = Instant::now();
    let load_stop = Stop { cancel: stop.cancel, deadline: stop.until(Duration::from_millis(cfg.load_budget_ms)) };
    let mut handles: Option<(String, String)> = None;
    let result = load_inner(cdp, url, cfg, user_agent, capture, load_stop, &mut handles);
    let wall_ms = started.elapsed().as_millis() as u64;
    if let Some((context, target)) = handles {
        let close = Stop { cancel: stop.cancel, deadline: stop.until(Duration::from_secs(3)) };
        let _ = cdp.call(None, "Target.closeTarget", json!({ "targetId": target }), close, Duration::from_secs(3));
        let _ = cdp.call(None, "Target.disposeBrowserContext", json!({ "browserContextId": context }), close, Duration::from_secs(3));
    }
    match result {
        Ok((metrics, extras)) => (LoadRun { at, status: BrowserStatus::Ok, error: None, wall_ms, metrics }, extras),
        Err((status, error)) => (LoadRun { at, status, error: Some(error), wall_ms, metrics: LoadMetrics::default() }, None),
    }
}

/// One load in a fresh browser context: open the page, navigate, wait for it to settle, read the
/// metrics, and capture the page when asked. `handles` receives the context and target to close.
fn load_inner(
    cdp: &mut Cdp,
    url: &str,
    cfg: &BrowserConfig,
    user_agent: &str,
    capture: bool,
    stop: Stop<'_>,
    handles: &mut Option<(String, String)>,
) -> Result<(LoadMetrics, Option<Extras>), Failure> {
    let tab = open_tab(cdp, cfg, user_agent, stop, handles)?;
    let (method, throttling) = cfg.resolved();
    let simulated = match (method, throttling) {
        (Method::Simulate, Some(t)) => Some(t),
        _ => None,
    };
    if simulated.is_some() {
        let config = json!({ "includedCategories": trace::CATEGORIES, "recordMode": "recordAsMuchAsPossible" });
        cdp.call(tab.session(), "Tracing.start", json!({ "traceConfig": config, "transferMode": "ReportEvents" }), stop, CALL).map_err(failure)?;
    }
    navigate(cdp, &tab, url, cfg, stop)?;
    let mut traffic = wait_until_settled(cdp, &tab, cfg, simulated.is_some(), stop)?;
    let net = std::mem::take(&mut traffic.net);
    let mut metrics = read_metrics(cdp, &tab, traffic, stop)?;
    if let Some(t) = simulated {
        let events = read_trace(cdp, &tab, stop)?;
        simulate_metrics(&mut metrics, &net, &events, &t)?;
    }
    let extras = capture.then(|| capture_page(cdp, &tab, stop));
    Ok((metrics, extras))
}

/// A page of its own browser context, attached in flat mode.
struct Tab {
    target: String,
    session: String,
}

impl Tab {
    fn session(&self) -> Option<&str> {
        Some(self.session.as_str())
    }
}

/// Creates the context and the page, attaches to it, and sets the device, network and observers up.
fn open_tab(cdp: &mut Cdp, cfg: &BrowserConfig, user_agent: &str, stop: Stop<'_>, handles: &mut Option<(String, String)>) -> Result<Tab, Failure> {
    let context = cdp.call(None, "Target.createBrowserContext", json!({ "disposeOnDetach": true }), stop, CALL).map_err(failure)?["browserContextId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let target = cdp
        .call(None, "Target.createTarget", json!({ "url": "about:blank", "browserContextId": context }), stop, CALL)
        .map_err(failure)?["targetId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    *handles = Some((context, target.clone()));
    let session = cdp.call(None, "Target.attachToTarget", json!({ "targetId": target, "flatten": true }), stop, CALL).map_err(failure)?["sessionId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let tab = Tab { target, session };
    for (method, params) in setup(cfg, user_agent) {
        cdp.call(tab.session(), method, params, stop, CALL).map_err(failure)?;
    }
    Ok(tab)
}

/// The calls that prepare a page: domains, no cache, the profile's device, the user agent,
/// throttling when it is applied (not when it is simulated), the observers and the screencast.
fn setup(cfg: &BrowserConfig, user_agent: &str) -> Vec<(&'static str, Value)> {
    let (width, height, scale, mobile) = cfg.profile.viewport();
    let mut setup: Vec<(&str, Value)> = vec![
        ("Page.enable", json!({})),
        ("Network.enable", json!({})),
        ("Network.setCacheDisabled", json!({ "cacheDisabled": true })),
        ("Emulation.setFocusEmulationEnabled", json!({ "enabled": true })),
        (
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile, "screenWidth": width, "screenHeight": height }),
        ),
        ("Emulation.setTouchEmulationEnabled", json!({ "enabled": mobile, "maxTouchPoints": if mobile { 5 } else { 1 } })),
    ];
    if !user_agent.is_empty() {
        setup.push(("Network.setUserAgentOverride", json!({ "userAgent": user_agent })));
    }
    if let (Method::Devtools, Some(t)) = cfg.resolved() {
        setup.push((
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": t.latency_ms, "downloadThroughput": t.download_kbps * 1024.0 / 8.0, "uploadThroughput": t.upload_kbps * 1024.0 / 8.0 }),
        ));
        setup.push(("Emulation.setCPUThrottlingRate", json!({ "rate": t.cpu_slowdown })));
    }
    setup.push(("Page.addScriptToEvaluateOnNewDocument", json!({ "source": OBSERVER_JS })));
    setup.push(("Page.startScreencast", json!({ "format": "jpeg", "quality": 60, "maxWidth": width, "maxHeight": height, "everyNthFrame": 1 })));
    setup
}

fn navigate(cdp: &mut Cdp, tab: &Tab, url: &str, cfg: &BrowserConfig, stop: Stop<'_>) -> Result<(), Failure> {
    let nav = cdp
        .call(tab.session(), "Page.navigate", json!({ "url": url }), stop, Duration::from_millis(cfg.load_budget_ms))
        .map_err(|e| match e {
            CdpError::Timeout(_) => (BrowserStatus::Timeout, "the page did not answer within the load budget".to_string()),
            other => failure(other),
        })?;
    if let Some(err) = nav["errorText"].as_str().filter(|e| !e.is_empty()) {
        return Err((BrowserStatus::NavigationFailed, err.to_string()));
    }
    Ok(())
}

/// The page's own requests and bytes, counted while it loads.
#[derive(Default)]
struct Traffic {
    requests: u64,
    bytes: f64,
    inflight: HashSet<String>,
    /// The page's `Network` events, kept when the load is to be simulated.
    net: Vec<Value>,
    record: bool,
}

/// Where a load stands while the page settles.
struct Progress {
    loaded_at: Option<Instant>,
    fcp_seen: bool,
    last_activity: Instant,
    /// Long tasks, layout shifts and LCP at the last poll: a change is activity.
    counts: (u64, u64, Value),
    next_poll: Instant,
}

/// Waits for the load event, FCP, and a quiet page: no request in flight and no network
/// activity, frame or new long task for `quiet_ms`; at most `max_wait_after_load_ms` after the
/// load event.
fn wait_until_settled(cdp: &mut Cdp, tab: &Tab, cfg: &BrowserConfig, record: bool, stop: Stop<'_>) -> Result<Traffic, Failure> {
    let quiet = Duration::from_millis(cfg.quiet_ms);
    let max_after_load = Duration::from_millis(cfg.max_wait_after_load_ms);
    let mut traffic = Traffic { record, ..Traffic::default() };
    let now = Instant::now();
    let mut progress = Progress { loaded_at: None, fcp_seen: false, last_activity: now, counts: (0, 0, Value::Null), next_poll: now };
    loop {
        if stop.cancelled() {
            return Err((BrowserStatus::Cancelled, "cancelled".into()));
        }
        if stop.expired() {
            let why = if progress.loaded_at.is_none() { "the load event did not fire within the load budget" } else { "the page did not settle within the load budget" };
            return Err((BrowserStatus::Timeout, why.into()));
        }
        if let Some(ev) = cdp.next_event(stop.until(Duration::from_millis(50)), stop).map_err(failure)? {
            on_event(&ev, tab, &mut traffic, &mut progress)?;
        }
        let Some(loaded) = progress.loaded_at else { continue };
        if Instant::now() >= progress.next_poll {
            poll(cdp, tab, cfg, stop, &mut progress)?;
        }
        let now = Instant::now();
        if progress.fcp_seen && traffic.inflight.is_empty() && now.duration_since(progress.last_activity) >= quiet {
            return Ok(traffic);
        }
        if now.duration_since(loaded) >= max_after_load {
            if progress.fcp_seen {
                return Ok(traffic);
            }
            return Err((BrowserStatus::NoContent, "the page painted no content".into()));
        }
    }
}

/// One DevTools event during a load: requests, the load event, frames, a crash or a close.
fn on_event(ev: &Value, tab: &Tab, traffic: &mut Traffic, progress: &mut Progress) -> Result<(), Failure> {
    let method = ev["method"].as_str().unwrap_or("");
    let mine = ev["sessionId"].as_str() == Some(tab.session.as_str());
    let p = &ev["params"];
    if traffic.record && mine && method.starts_with("Network.") {
        traffic.net.push(ev.clone());
    }
    match method {
        "Network.requestWillBeSent" if mine => {
            let req_url = p["request"]["url"].as_str().unwrap_or("");
            // The browser's own favicon request is not the page's.
            let favicon = req_url.ends_with("/favicon.ico") && p["initiator"]["type"] == "other";
            if !req_url.starts_with("data:") && !req_url.starts_with("blob:") && !favicon {
                traffic.requests += 1;
                traffic.inflight.insert(p["requestId"].as_str().unwrap_or("").to_string());
            }
            progress.last_activity = Instant::now();
        }
        "Network.loadingFinished" if mine => {
            traffic.bytes += p["encodedDataLength"].as_f64().unwrap_or(0.0);
            traffic.inflight.remove(p["requestId"].as_str().unwrap_or(""));
            progress.last_activity = Instant::now();
        }
        "Network.loadingFailed" if mine => {
            traffic.inflight.remove(p["requestId"].as_str().unwrap_or(""));
            progress.last_activity = Instant::now();
        }
        "Page.loadEventFired" if mine => {
            progress.loaded_at.get_or_insert_with(Instant::now);
            progress.last_activity = Instant::now();
        }
        "Page.screencastFrame" if mine => progress.last_activity = Instant::now(),
        "Inspector.targetCrashed" if mine => return Err((BrowserStatus::Crashed, "the page's renderer crashed".into())),
        "Target.targetCrashed" if p["targetId"].as_str() == Some(tab.target.as_str()) => {
            return Err((BrowserStatus::Crashed, "the page's renderer crashed".into()))
        }
        "Target.detachedFromTarget" if p["sessionId"].as_str() == Some(tab.session.as_str()) => {
            return Err((BrowserStatus::Crashed, "the page was closed".into()))
        }
        _ => {}
    }
    Ok(())
}

/// Asks the page whether it painted and whether its long tasks, shifts or LCP changed.
fn poll(cdp: &mut Cdp, tab: &Tab, cfg: &BrowserConfig, stop: Stop<'_>, progress: &mut Progress) -> Result<(), Failure> {
    // A main thread stuck in a script does not answer: the call then runs into the load budget
    // and the load ends as "timeout".
    let r = cdp
        .call(tab.session(), "Runtime.evaluate", json!({ "expression": POLL_JS, "returnByValue": true }), stop, Duration::from_millis(cfg.load_budget_ms))
        .map_err(|e| match e {
            CdpError::Timeout(_) => (BrowserStatus::Timeout, "the page's main thread did not answer within the load budget".to_string()),
            other => failure(other),
        })?;
    let v = &r["result"]["value"];
    progress.fcp_seen = v[0].is_number();
    let now_counts = (v[1].as_u64().unwrap_or(0), v[2].as_u64().unwrap_or(0), v[3].clone());
    if now_counts != progress.counts {
        progress.counts = now_counts;
        progress.last_activity = Instant::now();
    }
    progress.next_poll = Instant::now() + Duration::from_millis(250);
    Ok(())
}

/// The metrics of the settled page: paint and layout entries read from the page, the Speed Index
/// from the screencast frames, and the traffic counted while it loaded.
fn read_metrics(cdp: &mut Cdp, tab: &Tab, traffic: Traffic, stop: Stop<'_>) -> Result<LoadMetrics, Failure> {
    let r = cdp.call(tab.session(), "Runtime.evaluate", json!({ "expression": READ_JS, "returnByValue": true }), stop, CALL).map_err(failure)?;
    let _ = cdp.call(tab.session(), "Page.stopScreencast", json!({}), stop, CALL);
    let v = &r["result"]["value"];
    let time_origin = v["timeOrigin"].as_f64().unwrap_or(0.0);
    let fcp = v["fcp"].as_f64();
    let tasks: Vec<(f64, f64)> = v["lt"].as_array().map(|a| a.iter().map(|t| (t[0].as_f64().unwrap_or(0.0), t[1].as_f64().unwrap_or(0.0))).collect()).unwrap_or_default();
    let shifts: Vec<(f64, f64, bool)> = v["ls"]
        .as_array()
        .map(|a| a.iter().map(|t| (t[0].as_f64().unwrap_or(0.0), t[1].as_f64().unwrap_or(0.0), t[2].as_bool().unwrap_or(false))).collect())
        .unwrap_or_default();
    let shifts = without_emulation_input(shifts);

    let engine = base64::engine::general_purpose::STANDARD;
    let mut frames: Vec<(f64, Histogram)> = cdp
        .take_frames(&tab.session)
        .into_iter()
        .filter_map(|f| {
            let t = f.timestamp * 1000.0 - time_origin;
            if t < 0.0 {
                return None;
            }
            let bytes = engine.decode(f.data_b64.as_bytes()).ok()?;
            Some((t, Histogram::from_jpeg(&bytes)?))
        })
        .collect();
    frames.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Nothing is on the screen before the first contentful paint.
    let si = speed_index(&frames).map(|si| match fcp {
        Some(f) => si.max(f),
        None => si,
    });

    Ok(LoadMetrics {
        fcp_ms: fcp,
        lcp_ms: v["lcp"].as_f64(),
        speed_index_ms: si,
        tbt_ms: fcp.map(|f| total_blocking_time(&tasks, f)),
        longest_task_ms: Some(tasks.iter().map(|t| t.1).fold(0.0, f64::max)),
        cls: Some(cumulative_layout_shift(&shifts)),
        ttfb_ms: v["ttfb"].as_f64(),
        bytes: Some(traffic.bytes.round() as u64),
        requests: Some(traffic.requests),
    })
}

/// Ends the trace and gathers its events.
fn read_trace(cdp: &mut Cdp, tab: &Tab, stop: Stop<'_>) -> Result<Vec<Value>, Failure> {
    cdp.call(tab.session(), "Tracing.end", json!({}), stop, CALL).map_err(failure)?;
    let mut events = Vec::new();
    let until = stop.until(Duration::from_secs(30));
    loop {
        let Some(mut ev) = cdp.next_event(until, stop).map_err(failure)? else {
            return Err((BrowserStatus::Error, "the performance trace did not complete".into()));
        };
        if ev["sessionId"].as_str() != Some(tab.session.as_str()) {
            continue;
        }
        match ev["method"].as_str() {
            Some("Tracing.dataCollected") => {
                if let Value::Array(chunk) = ev["params"]["value"].take() {
                    events.extend(chunk);
                }
            }
            Some("Tracing.tracingComplete") => return Ok(events),
            _ => {}
        }
    }
}

/// Replaces the observed paint and blocking figures of a load with those of the simulated
/// throttled load; the layout shift, the first byte and the traffic stay as observed.
fn simulate_metrics(m: &mut LoadMetrics, net: &[Value], events: &[Value], t: &Throttling) -> Result<(), Failure> {
    let unusable = |why: &str| (BrowserStatus::Error, format!("the load could not be simulated: {why}"));
    let (requests, root) = trace::requests(net);
    let root = root.ok_or_else(|| unusable("no document request was recorded"))?;
    let (tasks, nav_start) = trace::main_thread(events, &requests[root].url);
    if tasks.is_empty() {
        return Err(unusable("the trace holds no main-thread task of the page"));
    }
    // Paints are times since the navigation started, on the page's clock; the requests and
    // tasks are on the browser's monotonic clock, from the navigation's start in the trace.
    let start = nav_start.unwrap_or(requests[root].start_ms);
    let fcp = m.fcp_ms.ok_or_else(|| unusable("no first contentful paint"))?;
    let paints = Paints { fcp_ms: start + fcp, lcp_ms: m.lcp_ms.map(|l| start + l), speed_index_ms: m.speed_index_ms };
    let model = Model::new(t.latency_ms, t.download_kbps, t.cpu_slowdown);
    let e = simulate::estimate(&requests, &tasks, root, paints, model).ok_or_else(|| unusable("no request to start from"))?;
    m.fcp_ms = Some(e.fcp_ms);
    m.lcp_ms = e.lcp_ms;
    m.speed_index_ms = e.speed_index_ms;
    m.tbt_ms = Some(e.tbt_ms);
    m.longest_task_ms = Some(e.longest_task_ms);
    Ok(())
}

/// The rendered HTML, a screenshot, and the horizontal overflow at a 360 px viewport; each is
/// left out when the browser does not give it.
fn capture_page(cdp: &mut Cdp, tab: &Tab, stop: Stop<'_>) -> Extras {
    let s = tab.session();
    let html = cdp
        .call(s, "Runtime.evaluate", json!({ "expression": "document.documentElement ? document.documentElement.outerHTML : ''", "returnByValue": true }), stop, CALL)
        .ok()
        .and_then(|r| r["result"]["value"].as_str().map(|h| cut(h, MAX_HTML).to_string()));
    let screenshot = cdp
        .call(s, "Page.captureScreenshot", json!({ "format": "png" }), stop, CALL)
        .ok()
        .and_then(|r| r["data"].as_str().map(str::to_string));
    let narrow = json!({ "width": NARROW, "height": 740, "deviceScaleFactor": 1.75, "mobile": true, "screenWidth": NARROW, "screenHeight": 740 });
    let overflow = cdp
        .call(s, "Emulation.setDeviceMetricsOverride", narrow, stop, CALL)
        .and_then(|_| cdp.call(s, "Runtime.evaluate", json!({ "expression": OVERFLOW_JS, "returnByValue": true, "awaitPromise": true }), stop, CALL))
        .ok()
        .and_then(|r| {
            let v = &r["result"]["value"];
            let (sw, iw) = (v["sw"].as_f64()?, v["iw"].as_f64()?);
            let widest = sw.max(iw);
            Some(Overflow { viewport_width: NARROW, scroll_width: widest as u32, overflows: widest > NARROW as f64 })
        });
    Extras { html, screenshot, overflow }
}

/// The layout shifts as if the emulated device had not touched the page. Chromium counts the
/// change of viewport that device emulation makes after the navigation starts as user input
/// (crbug.com/1302667), so a shift in the next 500 ms reads as following input and would be left
/// out of CLS. A load sends the page no input, so such a flag is the emulation's until the first
/// shift without it, after which flags are trusted again, as Lighthouse reads them.
fn without_emulation_input(mut shifts: Vec<(f64, f64, bool)>) -> Vec<(f64, f64, bool)> {
    shifts.sort_by(|a, b| a.0.total_cmp(&b.0));
    for s in shifts.iter_mut() {
        if !s.2 {
            break;
        }
        s.2 = false;
    }
    shifts
}

/// Cuts a string at a character boundary at or below `max` bytes.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serves one page on loopback, HTTP/1.0, one request per connection.
    fn serve(body: &'static str) -> String {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for mut conn in listener.incoming().flatten() {
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf);
                let head = format!("HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n", body.len());
                let _ = conn.write_all(head.as_bytes()).and_then(|_| conn.write_all(body.as_bytes()));
            }
        });
        format!("http://127.0.0.1:{port}/")
    }

    #[test]
    fn a_national_load_lays_the_page_out_only_once_its_html_is_read() {
        // Under mobile emulation, a browser that commits each navigation in a new document
        // (`RenderDocument`) lays that document out at once, 980 px wide, before its viewport tag is
        // read; the trace then shows a layout in the task that commits the navigation, before any
        // HTML is parsed, and the simulation would take it as the layout the first paint waited
        // for. Lighthouse's browser does not, and neither may ours.
        let chrome = super::super::find_browser(None).unwrap_or_else(|e| {
            panic!("Chromium is not installed ({e}): install it (`scripts/setup.sh --test-tools`) or set TTDT_CHROME.")
        });
        let url = serve(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Trang thử</title></head><body><h1>Cổng thông tin điện tử</h1><p>Nội dung trang.</p></body></html>",
        );
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let stop = Stop { cancel: &cancel, deadline: Instant::now() + Duration::from_secs(60) };
        let cfg = BrowserConfig { profile: Profile::National, ..BrowserConfig::default() };
        let process = BrowserProcess::launch(&chrome, false, stop).unwrap();
        let mut cdp = Cdp::connect(&process.ws_url, stop).unwrap();
        for load in 0..2 {
            let mut handles = None;
            let tab = open_tab(&mut cdp, &cfg, "", stop, &mut handles).unwrap();
            let config = json!({ "includedCategories": trace::CATEGORIES, "recordMode": "recordAsMuchAsPossible" });
            cdp.call(tab.session(), "Tracing.start", json!({ "traceConfig": config, "transferMode": "ReportEvents" }), stop, CALL).unwrap();
            navigate(&mut cdp, &tab, &url, &cfg, stop).unwrap();
            wait_until_settled(&mut cdp, &tab, &cfg, false, stop).unwrap();
            let events = read_trace(&mut cdp, &tab, stop).unwrap();
            let (tasks, nav_start) = trace::main_thread(&events, &url);
            let tasks: Vec<_> = tasks.into_iter().filter(|t| t.start_ms >= nav_start.unwrap()).collect();
            let parsed = tasks.iter().find(|t| t.parse_html && t.urls.contains(&url)).map(|t| t.start_ms);
            let laid_out = tasks.iter().find(|t| t.layout).map(|t| t.start_ms);
            let (parsed, laid_out) = (parsed.expect("the page's HTML was parsed"), laid_out.expect("the page was laid out"));
            assert!(laid_out > parsed, "load {load}: a layout at {laid_out} ms, before the HTML was parsed at {parsed} ms");
            let (context, target) = handles.unwrap();
            cdp.call(None, "Target.closeTarget", json!({ "targetId": target }), stop, CALL).unwrap();
            cdp.call(None, "Target.disposeBrowserContext", json!({ "browserContextId": context }), stop, CALL).unwrap();
        }
    }

    #[test]
    fn shifts_flagged_by_the_emulated_viewport_count_until_one_is_not_flagged() {
        // The first shifts read as following input only because the emulation changed the
        // viewport: they count. After a shift without the flag, a flagged one followed input.
        let shifts = vec![(700.0, 0.2, false), (600.0, 0.3, true), (650.0, 0.1, true), (900.0, 0.4, true)];
        assert_eq!(without_emulation_input(shifts), vec![(600.0, 0.3, false), (650.0, 0.1, false), (700.0, 0.2, false), (900.0, 0.4, true)]);
        // The layout-shift fixture under mobile emulation: its one shift, flagged, counts.
        let cls = cumulative_layout_shift(&without_emulation_input(vec![(552.9, 0.2937, true)]));
        assert!((cls - 0.2937).abs() < 1e-9, "{cls}");
    }
}
