//! HN.04 — every main-thread task under 0.6 s: the median over the browser loads of each load's
//! longest task. Total Blocking Time is shown with it.

use super::perf_fcp::{judge_metric, seconds, Metric};
use super::{Check, Context, Finding, Item};
use crate::Need;

pub static CHECK: Check = Check {
    id: "performance.long_task",
    criteria: &["HN.04"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về hiệu năng tải trang",
    needs: &[Need::Browser],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let mut f = judge_metric(
        ctx,
        &Metric {
            label: "tác vụ dài nhất",
            limit_ms: 600.0,
            get: |x| x.longest_task_ms,
            pass: "long_task_ok",
            fail: "long_task_slow",
            looked_for: "Trung vị tác vụ dài nhất trên luồng chính trong Chromium không giao diện, ngưỡng < 0,6 s (kèm tổng thời gian chặn TBT)",
        },
    );
    if let Some(tbt) = ctx.snap.browser.as_ref().and_then(|r| r.median.as_ref()).and_then(|m| m.tbt_ms) {
        if !f.items.is_empty() {
            f.items.insert(1, Item::new("Trung vị tổng thời gian chặn (TBT, từ FCP)", true).detail(seconds(tbt)));
        }
    }
    f
}
