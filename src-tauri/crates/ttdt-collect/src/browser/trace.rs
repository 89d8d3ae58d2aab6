//! What a load recorded, read for the simulation: the network requests from the DevTools
//! `Network` events, and the main-thread tasks of the page from a performance trace.

use std::collections::HashMap;

use serde_json::Value;

use super::simulate::{Request, Task};

/// Categories of the trace: top-level tasks, what ran in them, and the navigation's start.
pub const CATEGORIES: &[&str] = &["-*", "toplevel", "v8.execute", "v8", "blink.user_timing", "loading", "devtools.timeline", "disabled-by-default-devtools.timeline"];

/// The events of a top-level main-thread task.
const TASK_NAMES: &[&str] = &["RunTask", "ThreadControllerImpl::RunTask", "ThreadControllerImpl::DoWork", "TaskQueueManager::ProcessTaskFromWorkQueue"];

fn ms(seconds: &Value) -> Option<f64> {
    seconds.as_f64().map(|s| s * 1000.0)
}

/// The page's requests in the order they were sent, and the index of the navigation's first one
/// (the first document). Requests that never finished are left out, since their size is unknown.
pub fn requests(events: &[Value]) -> (Vec<Request>, Option<usize>) {
    let mut out: Vec<Request> = Vec::new();
    let mut live: HashMap<String, usize> = HashMap::new();
    let mut finished: Vec<bool> = Vec::new();
    let mut hops = 0;
    for ev in events {
        let p = &ev["params"];
        let id = p["requestId"].as_str().unwrap_or("").to_string();
        match ev["method"].as_str().unwrap_or("") {
            "Network.requestWillBeSent" => {
                let url = p["request"]["url"].as_str().unwrap_or("").to_string();
                let at = ms(&p["timestamp"]).unwrap_or(0.0);
                let mut redirected_from = None;
                if let (Some(&prev), false) = (live.get(&id), p["redirectResponse"].is_null()) {
                    // A redirect keeps the id: the earlier hop becomes a request of its own.
                    hops += 1;
                    let hop_id = format!("{id}:redirect:{hops}");
                    let r = &mut out[prev];
                    r.id = hop_id.clone();
                    r.end_ms = at;
                    respond(r, &p["redirectResponse"]);
                    r.transfer_bytes = p["redirectResponse"]["encodedDataLength"].as_f64().unwrap_or(0.0);
                    finished[prev] = true;
                    redirected_from = Some(hop_id);
                }
                let parsed = url::Url::parse(&url).ok();
                let scheme = parsed.as_ref().map(|u| u.scheme().to_string()).unwrap_or_default();
                let initiator = &p["initiator"];
                let mut initiator_urls: Vec<String> = Vec::new();
                if let Some(u) = initiator["url"].as_str().filter(|u| !u.is_empty()) {
                    initiator_urls.push(u.to_string());
                } else if initiator["type"] == "script" {
                    let mut stack = &initiator["stack"];
                    while stack.is_object() {
                        for frame in stack["callFrames"].as_array().into_iter().flatten() {
                            if let Some(u) = frame["url"].as_str().filter(|u| !u.is_empty() && !initiator_urls.iter().any(|x| x == u)) {
                                initiator_urls.push(u.to_string());
                            }
                        }
                        stack = &stack["parent"];
                    }
                }
                out.push(Request {
                    id: id.clone(),
                    origin: parsed.as_ref().map(|u| u.origin().ascii_serialization()).unwrap_or_default(),
                    host: parsed.as_ref().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default(),
                    secure: scheme == "https" || scheme == "wss",
                    connectionless: scheme == "data" || scheme == "blob",
                    resource_type: p["type"].as_str().unwrap_or("Other").to_string(),
                    priority: p["request"]["initialPriority"].as_str().unwrap_or("Low").to_string(),
                    initiator_type: initiator["type"].as_str().unwrap_or("other").to_string(),
                    initiator_urls,
                    redirected_from,
                    start_ms: at,
                    end_ms: f64::NAN,
                    url,
                    ..Request::default()
                });
                finished.push(false);
                live.insert(id, out.len() - 1);
            }
            "Network.resourceChangedPriority" => {
                if let (Some(&i), Some(prio)) = (live.get(&id), p["newPriority"].as_str()) {
                    out[i].priority = prio.to_string();
                }
            }
            "Network.requestServedFromCache" => {
                if let Some(&i) = live.get(&id) {
                    out[i].connectionless = true;
                }
            }
            "Network.responseReceived" => {
                if let Some(&i) = live.get(&id) {
                    respond(&mut out[i], &p["response"]);
                    if let Some(t) = p["type"].as_str() {
                        out[i].resource_type = t.to_string();
                    }
                }
            }
            "Network.loadingFinished" => {
                if let Some(&i) = live.get(&id) {
                    out[i].end_ms = ms(&p["timestamp"]).unwrap_or(out[i].start_ms);
                    out[i].transfer_bytes = p["encodedDataLength"].as_f64().unwrap_or(0.0);
                    finished[i] = true;
                }
            }
            "Network.loadingFailed" => {
                if let Some(&i) = live.get(&id) {
                    out[i].end_ms = ms(&p["timestamp"]).unwrap_or(out[i].start_ms);
                    finished[i] = true;
                }
            }
            _ => {}
        }
    }
    let kept: Vec<Request> = out.into_iter().zip(finished).filter(|(_, f)| *f).map(|(r, _)| r).collect();
    let root = kept.iter().position(|r| r.resource_type == "Document");
    (kept, root)
}

/// What a response says about its connection and the server's time.
fn respond(r: &mut Request, response: &Value) {
    let protocol = response["protocol"].as_str().unwrap_or("");
    r.h2 = protocol == "h2" || protocol == "h3" || protocol == "spdy";
    if response["fromDiskCache"].as_bool().unwrap_or(false) || response["fromServiceWorker"].as_bool().unwrap_or(false) {
        r.connectionless = true;
    }
    let t = &response["timing"];
    if let (Some(send), Some(headers)) = (t["sendEnd"].as_f64(), t["receiveHeadersEnd"].as_f64()) {
        if send >= 0.0 && headers >= send {
            r.ttfb_ms = Some(headers - send);
        }
    }
}

/// The main thread's top-level tasks of the page whose document is `doc_url`, and its navigation
/// start, in milliseconds of the trace's clock (the clock of the `Network` events).
pub fn main_thread(events: &[Value], doc_url: &str) -> (Vec<Task>, Option<f64>) {
    // The renderer's main thread is where the document's navigation started.
    let nav = events.iter().filter(|e| e["name"] == "navigationStart").filter(|e| {
        let d = &e["args"]["data"];
        d["isLoadingMainFrame"].as_bool().unwrap_or(false) && d["documentLoaderURL"].as_str().is_some_and(|u| u.starts_with("http"))
    });
    let nav = nav.clone().find(|e| e["args"]["data"]["documentLoaderURL"].as_str() == Some(doc_url)).or_else(|| nav.clone().next_back());
    let Some(nav) = nav else { return (Vec::new(), None) };
    let (pid, tid) = (nav["pid"].clone(), nav["tid"].clone());
    let nav_start = nav["ts"].as_f64().map(|t| t / 1000.0);
    let mut mine: Vec<&Value> = events.iter().filter(|e| e["pid"] == pid && e["tid"] == tid && e["ts"].is_number()).collect();
    mine.sort_by(|a, b| a["ts"].as_f64().unwrap_or(0.0).total_cmp(&b["ts"].as_f64().unwrap_or(0.0)));
    let mut tasks = Vec::new();
    let mut i = 0;
    while i < mine.len() {
        let e = mine[i];
        i += 1;
        let dur = e["dur"].as_f64().unwrap_or(0.0);
        if e["ph"] != "X" || dur <= 0.0 || !TASK_NAMES.iter().any(|n| e["name"] == *n) {
            continue;
        }
        let ts = e["ts"].as_f64().unwrap_or(0.0);
        let end = ts + dur;
        let mut task = Task { start_ms: ts / 1000.0, duration_ms: dur / 1000.0, ..Task::default() };
        while i < mine.len() && mine[i]["ts"].as_f64().unwrap_or(0.0) < end {
            let c = mine[i];
            // Overlapping top-level tasks (a tracing quirk): the next one starts a task of its own.
            if c["ph"] == "X" && c["dur"].as_f64().unwrap_or(0.0) > 0.0 && TASK_NAMES.iter().any(|n| c["name"] == *n) {
                task.duration_ms = (c["ts"].as_f64().unwrap_or(0.0) - ts) / 1000.0;
                break;
            }
            child(&mut task, c);
            i += 1;
        }
        tasks.push(task);
    }
    (tasks, nav_start)
}

/// What an event inside a task says the task did.
fn child(task: &mut Task, c: &Value) {
    let d = &c["args"]["data"];
    let url = |v: &Value| v.as_str().filter(|u| !u.is_empty()).map(str::to_string);
    match c["name"].as_str().unwrap_or("") {
        "Layout" => task.layout = true,
        "Paint" => task.paint = true,
        "ParseHTML" => {
            task.parse_html = true;
            task.urls.extend(url(&c["args"]["beginData"]["url"]));
        }
        "EvaluateScript" => task.evaluated.extend(url(&d["url"])),
        "FunctionCall" | "v8.compile" => task.urls.extend(url(&d["url"]).or_else(|| url(&c["args"]["fileName"]))),
        "ParseAuthorStyleSheet" => task.urls.extend(url(&d["styleSheetUrl"])),
        "XHRReadyStateChange" if d["readyState"].as_i64() == Some(4) => task.urls.extend(url(&d["url"])),
        "ResourceSendRequest" => task.sent.extend(url(&d["requestId"])),
        "TimerInstall" => task.timers_installed.extend(d["timerId"].as_i64().map(|t| t.to_string())),
        "TimerFire" => task.timers_fired.extend(d["timerId"].as_i64().map(|t| t.to_string())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_with_redirects_priorities_and_sizes() {
        let ev = |method: &str, params: Value| json!({ "method": method, "params": params });
        let events = vec![
            ev("Network.requestWillBeSent", json!({ "requestId": "A", "type": "Document", "timestamp": 1.0, "initiator": { "type": "other" }, "request": { "url": "http://a.test/", "initialPriority": "VeryHigh" } })),
            ev("Network.requestWillBeSent", json!({ "requestId": "A", "type": "Document", "timestamp": 1.1, "initiator": { "type": "other" }, "redirectResponse": { "encodedDataLength": 200, "timing": { "sendEnd": 1.0, "receiveHeadersEnd": 6.0 } }, "request": { "url": "https://a.test/", "initialPriority": "VeryHigh" } })),
            ev("Network.responseReceived", json!({ "requestId": "A", "type": "Document", "response": { "connectionReused": false, "protocol": "h2", "timing": { "sendEnd": 2.0, "receiveHeadersEnd": 12.0 } } })),
            ev("Network.loadingFinished", json!({ "requestId": "A", "timestamp": 1.2, "encodedDataLength": 5000 })),
            ev("Network.requestWillBeSent", json!({ "requestId": "B", "type": "Image", "timestamp": 1.25, "initiator": { "type": "script", "stack": { "callFrames": [{ "url": "" }], "parent": { "callFrames": [{ "url": "https://a.test/app.js" }] } } }, "request": { "url": "https://a.test/p.jpg", "initialPriority": "Low" } })),
            ev("Network.resourceChangedPriority", json!({ "requestId": "B", "newPriority": "High" })),
            ev("Network.loadingFinished", json!({ "requestId": "B", "timestamp": 1.5, "encodedDataLength": 40000 })),
            ev("Network.requestWillBeSent", json!({ "requestId": "C", "type": "Script", "timestamp": 1.3, "initiator": { "type": "parser", "url": "https://a.test/" }, "request": { "url": "https://a.test/never.js", "initialPriority": "High" } })),
        ];
        let (reqs, root) = requests(&events);
        assert_eq!(root, Some(0));
        assert_eq!(reqs.len(), 3, "the unfinished request is left out");
        assert_eq!((reqs[0].id.as_str(), reqs[0].end_ms, reqs[0].transfer_bytes, reqs[0].ttfb_ms), ("A:redirect:1", 1100.0, 200.0, Some(5.0)));
        assert_eq!(reqs[1].redirected_from.as_deref(), Some("A:redirect:1"));
        assert!(reqs[1].secure && reqs[1].h2 && !reqs[0].secure);
        assert_eq!((reqs[1].start_ms, reqs[1].end_ms, reqs[1].ttfb_ms), (1100.0, 1200.0, Some(10.0)));
        assert_eq!(reqs[1].origin, "https://a.test");
        assert_eq!((reqs[2].priority.as_str(), reqs[2].initiator_urls.clone()), ("High", vec!["https://a.test/app.js".to_string()]));
    }

    #[test]
    fn tasks_of_the_pages_main_thread() {
        let x = |name: &str, ts: f64, dur: f64, args: Value| json!({ "name": name, "ph": "X", "pid": 7, "tid": 1, "ts": ts, "dur": dur, "args": args });
        let events = vec![
            json!({ "name": "navigationStart", "ph": "R", "pid": 7, "tid": 1, "ts": 1000.0, "args": { "data": { "isLoadingMainFrame": true, "documentLoaderURL": "http://a.test/" } } }),
            x("RunTask", 2000.0, 5000.0, json!({})),
            x("ParseHTML", 2100.0, 1000.0, json!({ "beginData": { "url": "http://a.test/" } })),
            json!({ "name": "ResourceSendRequest", "ph": "I", "pid": 7, "tid": 1, "ts": 2500.0, "args": { "data": { "requestId": "9" } } }),
            json!({ "name": "TimerInstall", "ph": "I", "pid": 7, "tid": 1, "ts": 2600.0, "args": { "data": { "timerId": 3 } } }),
            x("RunTask", 9000.0, 700_000.0, json!({})),
            json!({ "name": "TimerFire", "ph": "X", "pid": 7, "tid": 1, "ts": 9001.0, "dur": 699_000.0, "args": { "data": { "timerId": 3 } } }),
            x("EvaluateScript", 9002.0, 10.0, json!({ "data": { "url": "http://a.test/app.js" } })),
            x("Layout", 9100.0, 10.0, json!({})),
            // Another thread's task is not the page's.
            json!({ "name": "RunTask", "ph": "X", "pid": 7, "tid": 2, "ts": 3000.0, "dur": 90_000.0, "args": {} }),
        ];
        let (tasks, nav) = main_thread(&events, "http://a.test/");
        assert_eq!(nav, Some(1.0));
        assert_eq!(tasks.len(), 2);
        assert!(tasks[0].parse_html && tasks[0].urls == ["http://a.test/"] && tasks[0].sent == ["9"] && tasks[0].timers_installed == ["3"]);
        assert_eq!((tasks[1].start_ms, tasks[1].duration_ms), (9.0, 700.0));
        assert!(tasks[1].layout && tasks[1].timers_fired == ["3"] && tasks[1].evaluated == ["http://a.test/app.js"]);
    }
}
