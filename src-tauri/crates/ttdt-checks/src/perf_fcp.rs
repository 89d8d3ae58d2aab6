//! HN.01 — First Contentful Paint under 3 s, judged on the median of the browser loads.
//!
//! ## What it checks
//! When the scan measured the homepage in a headless Chromium, the check takes the First
//! Contentful Paint of every load and judges their median against 3 seconds. The evidence lists
//! the median and each load with its time, and the data keep the browser's version, the device
//! profile and the throttling.
//!
//! ## Why
//! The time until the first text or image shows is what a visitor feels first; one slow load
//! out of several does not fail the page, a slow median does.
//!
//! ## Pass
//! The median FCP is under 3 s.
//!
//! ## Fail
//! The median FCP is 3 s or more.
//!
//! ## Not tested
//! The scan did not measure the page in a browser, no browser was found on the machine, or the
//! measurement was cancelled.
//!
//! ## Error
//! The page hung, crashed or did not load in the browser, or no load recorded the metric:
//! there is no figure to judge, which is never a fail.
//!
//! ## References
//! Criterion HN.01 (Thời gian hiển thị nội dung đầu tiên (FCP) < 3 s). Legal basis: Thông tư
//! 22/2023/TT-BTTTT, Yêu cầu về hiệu năng tải trang; Nghị định 224/2026/NĐ-CP, Điều 12 khoản 2
//! điểm b.

use super::perf::{self, judge_metric, Metric};
use super::{Check, Context, Finding, Msg, Need};

pub static CHECK: Check = Check {
    id: "performance.fcp",
    criteria: &["HN.01"],
    needs: &[Need::Browser],
    looked_for: FCP.looked_for,
    messages: &[&OK, &SLOW, &perf::NO_BROWSER, &perf::BROWSER_MISSING, &perf::CANCELLED, &perf::RUN_FAILED, &perf::METRIC_MISSING],
    doc_comment: crate::doc_header(include_str!("perf_fcp.rs")),
    evaluate,
};

const FCP: Metric = Metric {
    label: "FCP",
    limit_ms: 3000.0,
    get: |x| x.fcp_ms,
    pass: &OK,
    fail: &SLOW,
    looked_for: "Trung vị thời gian hiển thị nội dung đầu tiên (FCP) trong Chromium không giao diện, ngưỡng < 3 s",
};
const OK: Msg = Msg { code: "fcp_ok", vi: "Trung vị thời gian hiển thị nội dung đầu tiên (FCP) dưới 3 giây." };
const SLOW: Msg = Msg { code: "fcp_slow", vi: "Trung vị thời gian hiển thị nội dung đầu tiên (FCP) từ 3 giây trở lên." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    judge_metric(ctx, &FCP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_model::domain::Outcome;

    fn measured(fcps: &[f64]) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        snap.browser = Some(browser_run(&fcps.iter().map(|&f| load(f, f + 400.0, f + 600.0, 150.0)).collect::<Vec<_>>()));
        snap
    }

    #[test]
    fn the_limit_is_stated_in_the_messages() {
        perf::tests::assert_limit_in_words(&FCP);
    }

    #[test]
    fn passes_on_a_fast_median_even_with_one_slow_load() {
        let f = assert_outcome(&CHECK, &measured(&[1000.0, 9000.0, 2000.0]), Outcome::Pass);
        assert_eq!(f.msg.code, "fcp_ok");
        assert_eq!(f.data["median_ms"], 2000.0);
        assert_eq!(f.items.len(), 5, "the median, how it was measured and each load");
    }

    #[test]
    fn fails_on_a_slow_median() {
        let f = assert_outcome(&CHECK, &measured(&[2900.0, 3100.0, 3200.0]), Outcome::Fail);
        assert_eq!(f.msg.code, "fcp_slow");
        assert_eq!(f.data["median_ms"], 3100.0);
        assert_eq!(f.items[0].detail.as_deref(), Some("3,10 s (ngưỡng < 3,00 s)"));
    }

    #[test]
    fn the_limit_itself_fails() {
        assert_outcome(&CHECK, &measured(&[3000.0]), Outcome::Fail);
    }
}
