//! HN.01 — First Contentful Paint under 3 s, judged on the median of the browser loads. Also
//! holds what the four browser-timed checks (HN.01–HN.04) share.

use serde_json::json;

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::{BrowserStatus, LoadMetrics};

pub static CHECK: Check = Check {
    id: "performance.fcp",
    criteria: &["HN.01"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về hiệu năng tải trang; Nghị định 224/2026/NĐ-CP, Điều 12 khoản 2 điểm b",
    needs: &[Need::Browser],
    evaluate,
};

/// A page-load metric judged against a limit.
pub(super) struct Metric {
    /// The metric's name as shown ("FCP", "LCP"…).
    pub label: &'static str,
    pub limit_ms: f64,
    pub get: fn(&LoadMetrics) -> Option<f64>,
    pub pass: &'static str,
    pub fail: &'static str,
    pub looked_for: &'static str,
}

/// Milliseconds as seconds with a decimal comma ("2,09 s").
pub(super) fn seconds(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0).replace('.', ",")
}

/// Judges a metric on the median of the loads: no browser run is "not tested", a run that hung
/// or crashed is "error", never "fail".
pub(super) fn judge_metric(ctx: &Context<'_>, m: &Metric) -> Finding {
    let Some(run) = &ctx.snap.browser else {
        return Finding::new(Outcome::NotTested, "perf_no_browser").looking_for(m.looked_for);
    };
    let status_item = |ok: bool| {
        Item::new("Đo bằng trình duyệt", ok).at(&run.url).detail(format!(
            "{}{}",
            run.status.label_vi(),
            run.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
        ))
    };
    if run.status.not_run() {
        let code = if run.status == BrowserStatus::Cancelled { "perf_cancelled" } else { "perf_browser_missing" };
        return Finding::new(Outcome::NotTested, code).looking_for(m.looked_for).with_items(vec![status_item(false)]);
    }
    let values: Vec<Option<f64>> = run.runs.iter().map(|r| (m.get)(&r.metrics)).collect();
    let data = |median: Option<f64>| {
        json!({
            "metric": m.label,
            "median_ms": median,
            "limit_ms": m.limit_ms,
            "runs_ms": values,
            "runs": run.runs.len(),
            "profile": run.profile,
            "throttling": run.throttling,
            "browser": run.version,
            "tbt_ms": run.median.as_ref().and_then(|x| x.tbt_ms),
            "status": run.status,
        })
    };
    if run.status != BrowserStatus::Ok {
        return Finding::new(Outcome::Error, "perf_run_failed").looking_for(m.looked_for).with_items(vec![status_item(false)]).with_data(data(None));
    }
    let Some(median) = run.median.as_ref().and_then(|x| (m.get)(x)) else {
        return Finding::new(Outcome::Error, "perf_metric_missing").looking_for(m.looked_for).with_items(vec![status_item(true)]).with_data(data(None));
    };
    let mut items = vec![Item::new(format!("Trung vị {} của {} lần tải", m.label, run.runs.len()), true)
        .at(&run.url)
        .detail(format!("{} (ngưỡng < {})", seconds(median), seconds(m.limit_ms)))];
    for (i, (r, v)) in run.runs.iter().zip(&values).enumerate() {
        let at = r.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        items.push(Item::new(format!("Lần tải {} lúc {at}", i + 1), v.is_some()).detail(v.map(seconds).unwrap_or_else(|| "không đo được".into())));
    }
    let outcome = if median < m.limit_ms { Outcome::Pass } else { Outcome::Fail };
    Finding::new(outcome, if outcome == Outcome::Pass { m.pass } else { m.fail }).looking_for(m.looked_for).with_items(items).with_data(data(Some(median)))
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    judge_metric(
        ctx,
        &Metric {
            label: "FCP",
            limit_ms: 3000.0,
            get: |x| x.fcp_ms,
            pass: "fcp_ok",
            fail: "fcp_slow",
            looked_for: "Trung vị thời gian hiển thị nội dung đầu tiên (FCP) trong Chromium không giao diện, ngưỡng < 3 s",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ttdt_snapshot::{BrowserRun, LoadRun, Snapshot};

    fn snapshot(run: Option<BrowserRun>) -> Snapshot {
        serde_json::from_value(json!({
            "url": "https://a.gov.vn/", "host": "a.gov.vn", "level": "province", "parent_url": null,
            "started_at": "2026-11-23T03:00:00Z", "duration_ms": 0, "status": "ok", "user_agent": "",
            "dns": null, "ipv6": null, "tls": null, "http_probe": null, "homepage": null, "pages": [],
            "robots": null, "sitemaps": [], "feeds": [], "probe_404": null, "search": null,
            "search_term": null, "links": [], "notes": [], "browser": run,
        }))
        .unwrap()
    }

    fn run(fcps: &[f64]) -> BrowserRun {
        let mut r = BrowserRun::failed("https://a.gov.vn/", "desktop", BrowserStatus::Ok, "");
        r.error = None;
        r.runs = fcps
            .iter()
            .map(|&f| LoadRun {
                at: time::macros::datetime!(2026-11-23 03:00 UTC),
                status: BrowserStatus::Ok,
                error: None,
                wall_ms: 1000,
                metrics: LoadMetrics { fcp_ms: Some(f), ..LoadMetrics::default() },
            })
            .collect();
        r.median = ttdt_snapshot::medians(&r.runs);
        r
    }

    fn judge(snap: &Snapshot) -> Finding {
        evaluate(&Context::new(snap))
    }

    #[test]
    fn judged_on_the_median_of_the_loads() {
        let f = judge(&snapshot(Some(run(&[2900.0, 3100.0, 3200.0]))));
        assert_eq!((f.outcome, f.message_code), (Outcome::Fail, "fcp_slow"));
        assert_eq!(f.data["median_ms"], 3100.0);
        // One slow load out of three does not fail the page.
        let f = judge(&snapshot(Some(run(&[1000.0, 9000.0, 2000.0]))));
        assert_eq!((f.outcome, f.message_code), (Outcome::Pass, "fcp_ok"));
        assert_eq!(f.items.len(), 4, "the median and each load");
    }

    #[test]
    fn no_run_is_not_tested_and_a_hung_page_is_an_error() {
        assert_eq!(judge(&snapshot(None)).outcome, Outcome::NotTested);
        let missing = BrowserRun::failed("https://a.gov.vn/", "desktop", BrowserStatus::NotFound, "no browser");
        assert_eq!(judge(&snapshot(Some(missing))).message_code, "perf_browser_missing");
        let mut hung = run(&[]);
        hung.status = BrowserStatus::Timeout;
        let f = judge(&snapshot(Some(hung)));
        assert_eq!((f.outcome, f.message_code), (Outcome::Error, "perf_run_failed"));
    }
}
