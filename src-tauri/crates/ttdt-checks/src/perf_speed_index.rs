//! HN.03 — Speed Index under 5.8 s, judged on the median of the browser loads.
//!
//! ## What it checks
//! When the scan measured the homepage in a headless Chromium, the check takes the Speed Index
//! of every load (how quickly the visible area fills, from the visual progress of the screen
//! frames, as Lighthouse computes it) and judges their median against 5.8 seconds.
//!
//! ## Why
//! A page may paint its first text early and still stay half empty for long; Speed Index
//! measures how soon the whole first screen is complete.
//!
//! ## Pass
//! The median Speed Index is under 5.8 s.
//!
//! ## Fail
//! The median Speed Index is 5.8 s or more.
//!
//! ## Not tested
//! The scan did not measure the page in a browser, no browser was found on the machine, or the
//! measurement was cancelled.
//!
//! ## Error
//! The page hung, crashed or did not load in the browser, or no load recorded the metric.
//!
//! ## References
//! Criterion HN.03 (Thời gian hiển thị đầy đủ nội dung (Speed Index) < 5,8 s). Legal basis:
//! Thông tư 22/2023/TT-BTTTT, Yêu cầu về hiệu năng tải trang; Nghị định 224/2026/NĐ-CP, Điều 12
//! khoản 2 điểm b.

use super::perf::{self, judge_metric, Metric};
use super::{Check, Context, Finding, Msg, Need};

pub static CHECK: Check = Check {
    id: "performance.speed_index",
    criteria: &["HN.03"],
    needs: &[Need::Browser],
    looked_for: SPEED_INDEX.looked_for,
    messages: &[&OK, &SLOW, &perf::NO_BROWSER, &perf::BROWSER_MISSING, &perf::CANCELLED, &perf::RUN_FAILED, &perf::METRIC_MISSING],
    doc_comment: crate::doc_header(include_str!("perf_speed_index.rs")),
    evaluate,
};

const SPEED_INDEX: Metric = Metric {
    label: "Speed Index",
    limit_ms: 5800.0,
    get: |x| x.speed_index_ms,
    pass: &OK,
    fail: &SLOW,
    looked_for: "Trung vị Speed Index (tốc độ hiển thị đầy đủ nội dung) trong Chromium không giao diện, ngưỡng < 5,8 s",
};
const OK: Msg = Msg { code: "speed_index_ok", vi: "Trung vị Speed Index dưới 5,8 giây." };
const SLOW: Msg = Msg { code: "speed_index_slow", vi: "Trung vị Speed Index từ 5,8 giây trở lên." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    judge_metric(ctx, &SPEED_INDEX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_model::domain::Outcome;

    fn measured(speed_indexes: &[f64]) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        snap.browser = Some(browser_run(&speed_indexes.iter().map(|&s| load(900.0, 1500.0, s, 150.0)).collect::<Vec<_>>()));
        snap
    }

    #[test]
    fn the_limit_is_stated_in_the_messages() {
        perf::tests::assert_limit_in_words(&SPEED_INDEX);
    }

    #[test]
    fn passes_when_the_first_screen_fills_quickly() {
        let f = assert_outcome(&CHECK, &measured(&[3100.0, 2900.0, 3400.0]), Outcome::Pass);
        assert_eq!(f.msg.code, "speed_index_ok");
    }

    #[test]
    fn fails_when_the_first_screen_fills_slowly() {
        let f = assert_outcome(&CHECK, &measured(&[6100.0, 5900.0, 5600.0]), Outcome::Fail);
        assert_eq!((f.msg.code, f.data["median_ms"].as_f64()), ("speed_index_slow", Some(5900.0)));
    }
}
