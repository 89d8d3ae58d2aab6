//! HN.03 — Speed Index under 5.8 s, judged on the median of the browser loads (visual progress
//! of screen frames, as Lighthouse computes it).

use super::perf_fcp::{judge_metric, Metric};
use super::{Check, Context, Finding, Need};

pub static CHECK: Check = Check {
    id: "performance.speed_index",
    criteria: &["HN.03"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về hiệu năng tải trang; Nghị định 224/2026/NĐ-CP, Điều 12 khoản 2 điểm b",
    needs: &[Need::Browser],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    judge_metric(
        ctx,
        &Metric {
            label: "Speed Index",
            limit_ms: 5800.0,
            get: |x| x.speed_index_ms,
            pass: "speed_index_ok",
            fail: "speed_index_slow",
            looked_for: "Trung vị Speed Index (tốc độ hiển thị đầy đủ nội dung) trong Chromium không giao diện, ngưỡng < 5,8 s",
        },
    )
}
