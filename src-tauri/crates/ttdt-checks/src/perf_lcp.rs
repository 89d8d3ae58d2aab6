//! HN.02 — Largest Contentful Paint under 4 s, judged on the median of the browser loads.

use super::perf_fcp::{judge_metric, Metric};
use super::{Check, Context, Finding, Need};

pub static CHECK: Check = Check {
    id: "performance.lcp",
    criteria: &["HN.02"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về hiệu năng tải trang; Nghị định 224/2026/NĐ-CP, Điều 12 khoản 2 điểm b",
    needs: &[Need::Browser],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    judge_metric(
        ctx,
        &Metric {
            label: "LCP",
            limit_ms: 4000.0,
            get: |x| x.lcp_ms,
            pass: "lcp_ok",
            fail: "lcp_slow",
            looked_for: "Trung vị thời gian hiển thị nội dung lớn nhất (LCP) trong Chromium không giao diện, ngưỡng < 4 s",
        },
    )
}
