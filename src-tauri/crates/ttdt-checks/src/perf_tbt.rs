//! HN.04 — Total Blocking Time under 0.6 s, judged on the median of the browser loads.
//!
//! ## What it checks
//! When the scan measured the homepage in a headless Chromium, the check takes the Total
//! Blocking Time of every load (the part over 50 ms of each main-thread task between the first
//! contentful paint and the moment the page becomes interactive) and judges their median against
//! 0.6 seconds. The median longest task is shown beside it and is not judged. Under the national
//! profile the figures are those of a mobile device on slow 4G with a CPU 4× slower, simulated
//! from an unthrottled load as Lighthouse does by default.
//!
//! ## Why
//! The limit the national evaluation publishes for "each task" (0.6 s) is the boundary Lighthouse
//! uses for a poor Total Blocking Time on mobile, so its figure is most likely this one; a single
//! long task is what the visitor feels as a frozen page, which is why it is shown too.
//!
//! ## Pass
//! The median Total Blocking Time is under 0.6 s.
//!
//! ## Fail
//! The median Total Blocking Time is 0.6 s or more.
//!
//! ## Not tested
//! The scan did not measure the page in a browser, no browser was found on the machine, or the
//! measurement was cancelled.
//!
//! ## Error
//! The page hung, crashed or did not load in the browser, or no load recorded the metric.
//!
//! ## References
//! Criterion HN.04 (Thời gian xử lý mỗi tác vụ < 0,6 s). Legal basis: Thông tư 22/2023/TT-BTTTT,
//! Yêu cầu về hiệu năng tải trang; Nghị định 224/2026/NĐ-CP, Điều 12 khoản 2 điểm b.

use super::perf::{self, judge_metric_beside, Metric};
use super::{Check, Context, Finding, Msg, Need};

pub static CHECK: Check = Check {
    id: "performance.tbt",
    criteria: &["HN.04"],
    needs: &[Need::Browser],
    looked_for: TBT.looked_for,
    messages: &[&OK, &SLOW, &perf::NO_BROWSER, &perf::BROWSER_MISSING, &perf::CANCELLED, &perf::RUN_FAILED, &perf::METRIC_MISSING],
    doc_comment: crate::doc_header(include_str!("perf_tbt.rs")),
    evaluate,
};

const TBT: Metric = Metric {
    label: "tổng thời gian chặn (TBT)",
    limit_ms: 600.0,
    get: |x| x.tbt_ms,
    pass: &OK,
    fail: &SLOW,
    looked_for: "Trung vị tổng thời gian chặn luồng chính (TBT) trong Chromium không giao diện, ngưỡng < 0,6 s (kèm tác vụ dài nhất)",
};
const OK: Msg = Msg { code: "tbt_ok", vi: "Trung vị tổng thời gian chặn luồng chính (TBT) dưới 0,6 giây." };
const SLOW: Msg = Msg {
    code: "tbt_slow",
    vi: "Trung vị tổng thời gian chặn luồng chính (TBT) từ 0,6 giây trở lên: trang không phản hồi thao tác trong lúc tải.",
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    judge_metric_beside(ctx, &TBT, "Trung vị tác vụ dài nhất (không tính điểm ở đây)", |m| m.longest_task_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_model::domain::Outcome;

    #[test]
    fn the_limit_is_stated_in_the_messages() {
        perf::tests::assert_limit_in_words(&TBT);
    }

    #[test]
    fn passes_with_little_blocking_and_shows_the_longest_task() {
        let f = assert_outcome(&CHECK, &measured_by_longest_task(&[180.0, 640.0, 210.0]), Outcome::Pass);
        assert_eq!((f.msg.code, f.data["median_ms"].as_f64()), ("tbt_ok", Some(160.0)));
        assert_eq!(f.items[2].what, "Trung vị tác vụ dài nhất (không tính điểm ở đây)");
        assert_eq!(f.items[2].detail.as_deref(), Some("0,21 s"));
    }

    #[test]
    fn fails_when_the_main_thread_blocks_for_long() {
        let f = assert_outcome(&CHECK, &measured_by_longest_task(&[700.0, 650.0, 400.0]), Outcome::Fail);
        assert_eq!((f.msg.code, f.data["median_ms"].as_f64()), ("tbt_slow", Some(600.0)));
    }
}
