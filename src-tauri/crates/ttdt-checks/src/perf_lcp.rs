//! HN.02 — Largest Contentful Paint under 4 s, judged on the median of the browser loads.
//!
//! ## What it checks
//! When the scan measured the homepage in a headless Chromium, the check takes the Largest
//! Contentful Paint of every load (the time the largest image or text block showed) and judges
//! their median against 4 seconds. The evidence lists the median and each load with its time.
//!
//! ## Why
//! The largest element is usually the news photo or the banner: until it shows, the page does
//! not look loaded to a visitor.
//!
//! ## Pass
//! The median LCP is under 4 s.
//!
//! ## Fail
//! The median LCP is 4 s or more.
//!
//! ## Not tested
//! The scan did not measure the page in a browser, no browser was found on the machine, or the
//! measurement was cancelled.
//!
//! ## Error
//! The page hung, crashed or did not load in the browser, or no load recorded the metric.
//!
//! ## References
//! Criterion HN.02 (Thời gian hiển thị nội dung lớn nhất (LCP) < 4 s). Legal basis: Thông tư
//! 22/2023/TT-BTTTT, Yêu cầu về hiệu năng tải trang; Nghị định 224/2026/NĐ-CP, Điều 12 khoản 2
//! điểm b.

use super::perf::{self, judge_metric, Metric};
use super::{Check, Context, Finding, Msg, Need};

pub static CHECK: Check = Check {
    id: "performance.lcp",
    criteria: &["HN.02"],
    needs: &[Need::Browser],
    looked_for: LCP.looked_for,
    messages: &[&OK, &SLOW, &perf::NO_BROWSER, &perf::BROWSER_MISSING, &perf::CANCELLED, &perf::RUN_FAILED, &perf::METRIC_MISSING],
    doc_comment: crate::doc_header(include_str!("perf_lcp.rs")),
    evaluate,
};

const LCP: Metric = Metric {
    label: "LCP",
    limit_ms: 4000.0,
    get: |x| x.lcp_ms,
    pass: &OK,
    fail: &SLOW,
    looked_for: "Trung vị thời gian hiển thị nội dung lớn nhất (LCP) trong Chromium không giao diện, ngưỡng < 4 s",
};
const OK: Msg = Msg { code: "lcp_ok", vi: "Trung vị thời gian hiển thị nội dung lớn nhất (LCP) dưới 4 giây." };
const SLOW: Msg = Msg { code: "lcp_slow", vi: "Trung vị thời gian hiển thị nội dung lớn nhất (LCP) từ 4 giây trở lên." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    judge_metric(ctx, &LCP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_model::domain::Outcome;

    fn measured(lcps: &[f64]) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        snap.browser = Some(browser_run(&lcps.iter().map(|&l| load(900.0, l, l + 300.0, 150.0)).collect::<Vec<_>>()));
        snap
    }

    #[test]
    fn the_limit_is_stated_in_the_messages() {
        perf::tests::assert_limit_in_words(&LCP);
    }

    #[test]
    fn passes_when_the_banner_shows_early() {
        let f = assert_outcome(&CHECK, &measured(&[2500.0, 3200.0, 2800.0]), Outcome::Pass);
        assert_eq!((f.msg.code, f.data["median_ms"].as_f64()), ("lcp_ok", Some(2800.0)));
    }

    #[test]
    fn fails_when_the_median_load_shows_its_largest_image_late() {
        let f = assert_outcome(&CHECK, &measured(&[3900.0, 5200.0, 4700.0]), Outcome::Fail);
        assert_eq!((f.msg.code, f.data["median_ms"].as_f64()), ("lcp_slow", Some(4700.0)));
    }
}
