//! HN.04 — every main-thread task under 0.6 s, judged on the median of each browser load's longest task.
//!
//! ## What it checks
//! When the scan measured the homepage in a headless Chromium, the check takes the longest
//! main-thread task of every load and judges their median against 0.6 seconds. The median Total
//! Blocking Time is shown with it, third in the evidence, and is not judged here: a framework
//! that judges the blocking time binds `performance.tbt` instead. Under the national profile
//! the task's time is the simulated one (the observed time on a CPU 4× slower).
//!
//! ## Why
//! While a script runs for long on the main thread the page does not answer clicks or scrolling:
//! the visitor sees a frozen page.
//!
//! ## Pass
//! The median longest task is under 0.6 s.
//!
//! ## Fail
//! The median longest task is 0.6 s or more.
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
    id: "performance.long_task",
    criteria: &["HN.04"],
    needs: &[Need::Browser],
    looked_for: LONG_TASK.looked_for,
    messages: &[&OK, &SLOW, &perf::NO_BROWSER, &perf::BROWSER_MISSING, &perf::CANCELLED, &perf::RUN_FAILED, &perf::METRIC_MISSING],
    doc_comment: crate::doc_header(include_str!("perf_long_task.rs")),
    evaluate,
};

const LONG_TASK: Metric = Metric {
    label: "tác vụ dài nhất",
    limit_ms: 600.0,
    get: |x| x.longest_task_ms,
    pass: &OK,
    fail: &SLOW,
    looked_for: "Trung vị tác vụ dài nhất trên luồng chính trong Chromium không giao diện, ngưỡng < 0,6 s (kèm tổng thời gian chặn TBT)",
};
const OK: Msg = Msg { code: "long_task_ok", vi: "Trung vị tác vụ dài nhất trên luồng chính dưới 0,6 giây." };
const SLOW: Msg = Msg { code: "long_task_slow", vi: "Trung vị tác vụ dài nhất trên luồng chính từ 0,6 giây trở lên: trang bị đứng khi xử lý." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    judge_metric_beside(ctx, &LONG_TASK, "Trung vị tổng thời gian chặn (TBT, không tính điểm ở đây)", |m| m.tbt_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_model::domain::Outcome;

    #[test]
    fn the_limit_is_stated_in_the_messages() {
        perf::tests::assert_limit_in_words(&LONG_TASK);
    }

    #[test]
    fn passes_with_short_tasks_and_shows_the_blocking_time_second() {
        let f = assert_outcome(&CHECK, &measured_by_longest_task(&[180.0, 240.0, 210.0]), Outcome::Pass);
        assert_eq!(f.msg.code, "long_task_ok");
        assert_eq!(f.items[2].what, "Trung vị tổng thời gian chặn (TBT, không tính điểm ở đây)");
        assert_eq!(f.items[2].detail.as_deref(), Some("0,16 s"));
        assert_eq!(f.items.len(), 6, "the median, how it was measured, the TBT and each load");
    }

    #[test]
    fn fails_when_a_script_freezes_the_page() {
        let f = assert_outcome(&CHECK, &measured_by_longest_task(&[1200.0, 950.0, 400.0]), Outcome::Fail);
        assert_eq!((f.msg.code, f.data["median_ms"].as_f64()), ("long_task_slow", Some(950.0)));
    }
}
