//! What the four browser-timed checks (HN.01–HN.04) share: a page-load metric judged against a
//! limit on the median of the browser loads, and the messages for a measurement that could not
//! be made. Each check's file holds its metric: the limit next to the messages that state it.

use serde_json::json;

use super::{Context, Finding, Item, Msg};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::{BrowserRun, BrowserStatus, LoadMetrics, Profile};

/// The scan did not measure the page in a browser.
pub const NO_BROWSER: Msg = Msg { code: "perf_no_browser", vi: "Chưa đo bằng trình duyệt (lượt quét này không bật đo hiệu năng bằng Chromium) nên chưa đánh giá được tiêu chí này." };
/// No browser could be found or started on this machine.
pub const BROWSER_MISSING: Msg = Msg {
    code: "perf_browser_missing",
    vi: "Không tìm thấy hoặc không khởi động được trình duyệt Chromium/Chrome/Edge trên máy này nên chưa đo được; hãy cài trình duyệt hoặc chỉ đường dẫn đến nó rồi quét lại.",
};
pub const CANCELLED: Msg = Msg { code: "perf_cancelled", vi: "Phép đo bằng trình duyệt đã bị hủy nên chưa đánh giá được tiêu chí này." };
/// The page hung, crashed or did not load within its time.
pub const RUN_FAILED: Msg = Msg {
    code: "perf_run_failed",
    vi: "Khi đo bằng trình duyệt, trang bị treo, bị lỗi hoặc không tải xong trong thời gian cho phép; không có số đo để đánh giá.",
};
pub const METRIC_MISSING: Msg = Msg { code: "perf_metric_missing", vi: "Trình duyệt tải được trang nhưng không ghi nhận được chỉ số này." };

/// A page-load metric judged against a limit. The messages and the looked-for text state the
/// limit in words: a unit test of each check holds them to `limit_ms`.
pub struct Metric {
    /// The metric's name as shown ("FCP", "LCP"…).
    pub label: &'static str,
    pub limit_ms: f64,
    pub get: fn(&LoadMetrics) -> Option<f64>,
    /// The median is under the limit ("dưới N giây").
    pub pass: &'static Msg,
    /// The median is at or over the limit ("từ N giây trở lên").
    pub fail: &'static Msg,
    pub looked_for: &'static str,
}

/// Milliseconds as seconds with a decimal comma ("2,09 s").
pub fn seconds(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0).replace('.', ",")
}

/// Judges a metric on the median of the loads: no browser run is "not tested", a run that hung
/// or crashed is "error", never "fail".
pub fn judge_metric(ctx: &Context<'_>, m: &Metric) -> Finding {
    let Some(run) = &ctx.snap.browser else {
        return Finding::new(Outcome::NotTested, &NO_BROWSER).looking_for(m.looked_for);
    };
    let status_item = |ok: bool| {
        Item::new("Đo bằng trình duyệt", ok).at(&run.url).detail(format!(
            "{}{}",
            run.status.label_vi(),
            run.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
        ))
    };
    if run.status.not_run() {
        let msg = if run.status == BrowserStatus::Cancelled { &CANCELLED } else { &BROWSER_MISSING };
        return Finding::new(Outcome::NotTested, msg).looking_for(m.looked_for).with_items(vec![status_item(false)]);
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
            "method": run.method,
            "browser": run.version,
            "tbt_ms": run.median.as_ref().and_then(|x| x.tbt_ms),
            "status": run.status,
        })
    };
    if run.status != BrowserStatus::Ok {
        return Finding::new(Outcome::Error, &RUN_FAILED).looking_for(m.looked_for).with_items(vec![status_item(false)]).with_data(data(None));
    }
    let Some(median) = run.median.as_ref().and_then(|x| (m.get)(x)) else {
        return Finding::new(Outcome::Error, &METRIC_MISSING).looking_for(m.looked_for).with_items(vec![status_item(true)]).with_data(data(None));
    };
    let mut items = vec![
        Item::new(format!("Trung vị {} của {} lần tải", m.label, run.runs.len()), true)
            .at(&run.url)
            .detail(format!("{} (ngưỡng < {})", seconds(median), seconds(m.limit_ms))),
        Item::new("Cách đo", true).detail(how_measured(run)),
    ];
    for (i, (r, v)) in run.runs.iter().zip(&values).enumerate() {
        let at = r.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        items.push(Item::new(format!("Lần tải {} lúc {at}", i + 1), v.is_some()).detail(v.map(seconds).unwrap_or_else(|| "không đo được".into())));
    }
    let outcome = if median < m.limit_ms { Outcome::Pass } else { Outcome::Fail };
    Finding::new(outcome, if outcome == Outcome::Pass { m.pass } else { m.fail }).looking_for(m.looked_for).with_items(items).with_data(data(Some(median)))
}

/// Judges `m`, then shows beside its median another median this check does not judge (`what`,
/// read from the median load by `pick`): HN.04's two readings, each shown with the other.
pub fn judge_metric_beside(ctx: &Context<'_>, m: &Metric, what: &str, pick: fn(&LoadMetrics) -> Option<f64>) -> Finding {
    let mut f = judge_metric(ctx, m);
    if let Some(v) = ctx.snap.browser.as_ref().and_then(|r| r.median.as_ref()).and_then(pick) {
        if !f.items.is_empty() {
            f.items.insert(2, Item::new(what, true).detail(seconds(v)));
        }
    }
    f
}

/// The profile and the method in words: which device, network and CPU the figures stand for,
/// and whether they were observed, throttled in the browser or simulated.
pub fn how_measured(run: &BrowserRun) -> String {
    let profile = Profile::parse(&run.profile).map(Profile::label_vi).unwrap_or(run.profile.as_str());
    let method = match run.method.as_str() {
        "simulate" => "số đo mô phỏng điều tiết mạng và CPU từ lần tải không điều tiết (như Lighthouse mặc định)",
        "devtools" => "điều tiết mạng và CPU ngay trong trình duyệt khi tải",
        _ => "số đo thực tế khi tải, không điều tiết",
    };
    format!("Cấu hình {profile}; {method}{}", run.throttling.as_deref().map(|t| format!(" ({t})")).unwrap_or_default())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::perf_fcp::CHECK;
    use crate::test::*;

    /// Asserts that a metric's messages and looked-for text state its limit: "dưới 4 giây",
    /// "từ 4 giây trở lên", "< 4 s" for 4000 ms.
    pub fn assert_limit_in_words(m: &Metric) {
        let s = format!("{}", m.limit_ms / 1000.0).replace('.', ",");
        assert!(m.pass.vi.contains(&format!("dưới {s} giây")), "{}: {}", m.pass.code, m.pass.vi);
        assert!(m.fail.vi.contains(&format!("từ {s} giây trở lên")), "{}: {}", m.fail.code, m.fail.vi);
        assert!(m.looked_for.contains(&format!("< {s} s")), "{}", m.looked_for);
    }

    fn with_run(run: BrowserRun) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        snap.browser = Some(run);
        snap
    }

    #[test]
    fn without_a_browser_run_the_metric_is_not_tested() {
        let f = assert_outcome(&CHECK, &home(&portal_home()), Outcome::NotTested);
        assert_eq!(f.msg.code, "perf_no_browser");
    }

    #[test]
    fn a_missing_or_cancelled_browser_is_not_tested() {
        let missing = BrowserRun::failed(SITE, "desktop", BrowserStatus::NotFound, "no Chromium found");
        assert_eq!(verdict(&assert_outcome(&CHECK, &with_run(missing), Outcome::NotTested)).1, "perf_browser_missing");
        let cancelled = BrowserRun::failed(SITE, "desktop", BrowserStatus::Cancelled, "cancelled");
        assert_eq!(verdict(&assert_outcome(&CHECK, &with_run(cancelled), Outcome::NotTested)).1, "perf_cancelled");
    }

    #[test]
    fn a_page_that_hung_is_an_error_never_a_fail() {
        let mut hung = browser_run(&[]);
        hung.status = BrowserStatus::Timeout;
        hung.error = Some("load did not finish in 45 s".into());
        let f = assert_outcome(&CHECK, &with_run(hung), Outcome::Error);
        assert_eq!(f.msg.code, "perf_run_failed");
        assert_eq!(f.data["median_ms"], serde_json::Value::Null);
    }

    #[test]
    fn a_load_without_the_metric_is_an_error() {
        let mut m = load(1200.0, 1800.0, 2000.0, 120.0);
        m.fcp_ms = None;
        let f = assert_outcome(&CHECK, &with_run(browser_run(&[m.clone(), m])), Outcome::Error);
        assert_eq!(f.msg.code, "perf_metric_missing");
    }

    #[test]
    fn the_evidence_says_how_the_figures_were_obtained() {
        let mut run = browser_run(&[load(1000.0, 1500.0, 2000.0, 100.0)]);
        run.profile = "national".into();
        run.method = "simulate".into();
        run.throttling = Some("mobile-slow4g".into());
        let f = assert_outcome(&CHECK, &with_run(run), Outcome::Pass);
        assert_eq!(f.items[1].what, "Cách đo");
        let how = f.items[1].detail.clone().unwrap();
        assert!(how.contains("chuẩn đánh giá quốc gia") && how.contains("mô phỏng") && how.contains("mobile-slow4g"), "{how}");
        assert_eq!((f.data["profile"].as_str(), f.data["method"].as_str()), (Some("national"), Some("simulate")));
    }

    #[test]
    fn seconds_have_a_decimal_comma() {
        assert_eq!(seconds(2090.0), "2,09 s");
        assert_eq!(seconds(600.0), "0,60 s");
    }
}
