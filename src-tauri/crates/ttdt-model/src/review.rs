//! The rules of a reviewer's decision on one criterion, without storage: the outcomes a reviewer
//! may choose, partial credit given as points or as a share, a document required before a pass,
//! and a reason required when the decision differs from the tool's result.
//!
//! The store applies them before it writes anything; the UI's form follows the same rules.

use crate::domain::{Criterion, CriterionResult, Level, Outcome, ResultMode, ReviewInput};
use crate::error::{Error, Result};
use crate::scoring::{self, Judged};

/// A reviewer's decision that the rules accept, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub outcome: Outcome,
    /// The share of the criterion's points, 0–1.
    pub share: f64,
    /// `Override` when the outcome differs from the tool's result, else `Manual`.
    pub mode: ResultMode,
    /// The reviewer's reason, trimmed.
    pub reason: String,
    /// What the decision rests on: the checklist, the tool result reviewed, the reason.
    pub evidence: serde_json::Value,
}

impl Decision {
    /// The points the decision gives on `criterion`.
    pub fn points(&self, criterion: &Criterion) -> f64 {
        scoring::criterion_points(criterion.points, Judged { outcome: self.outcome, share: self.share })
    }

    /// The decision with the EMC visits a reviewer entered for [`VISITS_CRITERION`], kept in its
    /// evidence as `{"visits": N}` (where the tool's results and the workbooks read them).
    pub fn with_visits(mut self, criterion: &Criterion, visits: Option<f64>) -> Result<Decision> {
        let Some(v) = visits else { return Ok(self) };
        let code = &criterion.code;
        if code != VISITS_CRITERION {
            return Err(Error::invalid("visits", format!("{code} takes no visits"), format!("Tiêu chí {code} không ghi lượt truy cập.")));
        }
        if !(v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 1e15) {
            return Err(Error::invalid("visits", format!("visits {v}"), "Lượt truy cập phải là một số nguyên không âm."));
        }
        self.evidence["visits"] = serde_json::json!(v as u64);
        Ok(self)
    }
}

/// The criterion whose result carries the visits counted by EMC.
pub const VISITS_CRITERION: &str = "SD.01";

/// Whether `outcome` needs a document attached to `criterion` first (a pass, full or partial,
/// of a criterion that requires one).
pub fn needs_document(criterion: &Criterion, outcome: Outcome) -> bool {
    criterion.document_required && matches!(outcome, Outcome::Pass | Outcome::Partial)
}

/// Decides a reviewer's `input` on `criterion` for a site of `level`. `tool` is the tool's
/// current result, if any; `has_document` whether a document is attached to the criterion (only
/// read when [`needs_document`]).
pub fn decide(criterion: &Criterion, level: Level, tool: Option<&CriterionResult>, has_document: bool, input: &ReviewInput) -> Result<Decision> {
    let code = &criterion.code;
    if !criterion.applies_to(level) {
        return Err(Error::invalid(
            "criterion",
            "not applicable to this level",
            format!("Tiêu chí {code} không áp dụng cho cấp của trang này."),
        ));
    }
    let share = reviewer_share(criterion, input)?;
    check_share(code, share)?;
    if needs_document(criterion, input.outcome) && !has_document {
        // Named after what the reviewer chose: a partial is not a pass.
        let before = if input.outcome == Outcome::Partial { "cho điểm một phần" } else { "chấm đạt" };
        return Err(Error::invalid(
            "attachment",
            format!("{code} requires a document"),
            format!("Tiêu chí {code} bắt buộc có tài liệu minh chứng: hãy đính kèm trước khi {before}."),
        ));
    }
    let overrides = tool.is_some_and(|t| t.outcome != input.outcome);
    let reason = input.reason.trim();
    if overrides && reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "override without a reason",
            format!("Kết quả khác với kết quả của công cụ: hãy ghi lý do điều chỉnh cho tiêu chí {code}."),
        ));
    }
    if input.checklist.len() > criterion.checklist.len() {
        return Err(Error::invalid("checklist", "too many items", "Danh mục kiểm tra không khớp với tiêu chí."));
    }
    let evidence = serde_json::json!({
        "checklist": input.checklist,
        "reviewed_tool_result": tool.map(|t| t.id),
        "reviewed_tool_outcome": tool.map(|t| t.outcome.as_str()),
        "reason": reason,
    });
    Ok(Decision {
        outcome: input.outcome,
        share,
        mode: if overrides { ResultMode::Override } else { ResultMode::Manual },
        reason: reason.to_string(),
        evidence,
    })
}

/// The share of a reviewer's outcome: pass 1; fail and not applicable 0; partial from the points
/// (0 to the criterion's maximum) or else the share given. Other outcomes are the tool's alone.
fn reviewer_share(criterion: &Criterion, input: &ReviewInput) -> Result<f64> {
    let code = &criterion.code;
    match input.outcome {
        Outcome::Pass => Ok(1.0),
        Outcome::Fail | Outcome::NotApplicable => Ok(0.0),
        Outcome::Partial => match (input.points, input.share) {
            (Some(p), _) => {
                if !(p.is_finite() && p >= 0.0 && p <= criterion.points) {
                    return Err(Error::invalid(
                        "points",
                        format!("{code}: points {p} outside 0..={}", criterion.points),
                        format!("Điểm của tiêu chí {code} phải từ 0 đến {}.", fmt_points(criterion.points)),
                    ));
                }
                Ok(if criterion.points > 0.0 { p / criterion.points } else { 0.0 })
            }
            (None, Some(s)) => Ok(s),
            (None, None) => Err(Error::invalid(
                "points",
                "partial without points",
                format!("Đạt một phần: hãy nhập số điểm của tiêu chí {code}."),
            )),
        },
        other => Err(Error::invalid(
            "outcome",
            format!("reviewer outcome {} not allowed", other.as_str()),
            "Người đánh giá chỉ chọn: Đạt, Đạt một phần, Không đạt hoặc Không áp dụng.",
        )),
    }
}

/// The share of a tool's result: pass 1, partial as given, anything else 0; within 0–1.
pub fn tool_share(code: &str, outcome: Outcome, share: f64) -> Result<f64> {
    let share = match outcome {
        Outcome::Pass => 1.0,
        Outcome::Partial => share,
        _ => 0.0,
    };
    check_share(code, share)?;
    Ok(share)
}

/// A share must be a number from 0 to 1.
fn check_share(code: &str, share: f64) -> Result<()> {
    if share.is_finite() && (0.0..=1.0).contains(&share) {
        Ok(())
    } else {
        Err(Error::invalid(
            "share",
            format!("{code}: share {share} outside 0..1"),
            format!("Tỷ lệ đạt của tiêu chí {code} phải từ 0 đến 1."),
        ))
    }
}

/// Points the Vietnamese way, at most three decimals: 1,5; 4; 0,125.
pub fn fmt_points(p: f64) -> String {
    let s = format!("{p:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Method;

    fn criterion(points: f64, document_required: bool) -> Criterion {
        Criterion {
            code: "CC.01".into(),
            group_code: "CC".into(),
            title: "Chuyên mục hỏi đáp".into(),
            method: Method::Manual,
            points,
            levels: vec![Level::Province],
            legal_basis: Vec::new(),
            guidance: String::new(),
            checks: Vec::new(),
            retired: false,
            checklist: vec!["Có chuyên mục".into(), "Có trả lời".into()],
            documents: Vec::new(),
            document_required,
        }
    }

    fn input(outcome: Outcome) -> ReviewInput {
        ReviewInput { outcome, share: None, points: None, note: String::new(), checklist: Vec::new(), reason: String::new() }
    }

    fn tool(outcome: Outcome) -> CriterionResult {
        CriterionResult {
            id: 7,
            criterion_code: "CC.01".into(),
            outcome,
            share: 1.0,
            points: 2.0,
            mode: ResultMode::Automatic,
            evidence: serde_json::json!({}),
            note: String::new(),
            asserted_by: "Công cụ".into(),
            asserted_at: "2026-11-23T09:00:00Z".into(),
        }
    }

    fn message(r: Result<Decision>) -> String {
        r.unwrap_err().user_message()
    }

    #[test]
    fn partial_needs_points_within_the_maximum() {
        let c = criterion(2.0, false);
        let partial = |points, share| ReviewInput { points, share, ..input(Outcome::Partial) };
        let d = decide(&c, Level::Province, None, false, &partial(Some(1.5), None)).unwrap();
        assert_eq!((d.share, d.points(&c), d.mode), (0.75, 1.5, ResultMode::Manual));
        assert_eq!(decide(&c, Level::Province, None, false, &partial(None, Some(0.5))).unwrap().share, 0.5);
        assert_eq!(message(decide(&c, Level::Province, None, false, &partial(None, None))), "Đạt một phần: hãy nhập số điểm của tiêu chí CC.01.");
        assert_eq!(message(decide(&c, Level::Province, None, false, &partial(Some(2.5), None))), "Điểm của tiêu chí CC.01 phải từ 0 đến 2.");
        assert_eq!(message(decide(&c, Level::Province, None, false, &partial(None, Some(1.5)))), "Tỷ lệ đạt của tiêu chí CC.01 phải từ 0 đến 1.");
    }

    #[test]
    fn a_reviewer_chooses_among_four_outcomes_on_an_applicable_criterion() {
        let c = criterion(2.0, false);
        for o in [Outcome::Pass, Outcome::Fail, Outcome::NotApplicable] {
            assert!(decide(&c, Level::Province, None, false, &input(o)).is_ok(), "{o:?}");
        }
        for o in [Outcome::NeedsReview, Outcome::NotTested, Outcome::Error] {
            assert_eq!(message(decide(&c, Level::Province, None, false, &input(o))), "Người đánh giá chỉ chọn: Đạt, Đạt một phần, Không đạt hoặc Không áp dụng.");
        }
        assert_eq!(message(decide(&c, Level::Commune, None, false, &input(Outcome::Pass))), "Tiêu chí CC.01 không áp dụng cho cấp của trang này.");
        let too_many = ReviewInput { checklist: vec![true; 3], ..input(Outcome::Pass) };
        assert_eq!(message(decide(&c, Level::Province, None, false, &too_many)), "Danh mục kiểm tra không khớp với tiêu chí.");
    }

    #[test]
    fn an_override_needs_a_reason() {
        let c = criterion(2.0, false);
        let t = tool(Outcome::Pass);
        assert_eq!(
            message(decide(&c, Level::Province, Some(&t), false, &input(Outcome::Fail))),
            "Kết quả khác với kết quả của công cụ: hãy ghi lý do điều chỉnh cho tiêu chí CC.01."
        );
        let d = decide(&c, Level::Province, Some(&t), false, &ReviewInput { reason: "  Trang lỗi khi mở  ".into(), ..input(Outcome::Fail) }).unwrap();
        assert_eq!((d.mode, d.reason.as_str()), (ResultMode::Override, "Trang lỗi khi mở"));
        assert_eq!(d.evidence["reviewed_tool_result"], 7);
        assert_eq!(d.evidence["reviewed_tool_outcome"], "pass");
        assert_eq!(decide(&c, Level::Province, Some(&t), false, &input(Outcome::Pass)).unwrap().mode, ResultMode::Manual);
    }

    #[test]
    fn a_required_document_comes_before_a_pass() {
        let c = criterion(2.0, true);
        assert!(needs_document(&c, Outcome::Partial) && !needs_document(&c, Outcome::Fail));
        assert_eq!(
            message(decide(&c, Level::Province, None, false, &input(Outcome::Pass))),
            "Tiêu chí CC.01 bắt buộc có tài liệu minh chứng: hãy đính kèm trước khi chấm đạt."
        );
        // A partial is refused without calling it a pass.
        let partial = ReviewInput { points: Some(1.0), ..input(Outcome::Partial) };
        let refused = message(decide(&c, Level::Province, None, false, &partial));
        assert_eq!(refused, "Tiêu chí CC.01 bắt buộc có tài liệu minh chứng: hãy đính kèm trước khi cho điểm một phần.");
        assert!(!refused.to_lowercase().contains("đạt"), "{refused}");
        assert!(decide(&c, Level::Province, None, true, &input(Outcome::Pass)).is_ok());
        assert!(decide(&c, Level::Province, None, false, &input(Outcome::Fail)).is_ok());
    }

    #[test]
    fn visits_are_whole_numbers_kept_in_the_evidence_of_sd01_only() {
        let d = |c: &Criterion| decide(c, Level::Province, None, false, &input(Outcome::Pass)).unwrap();
        let mut c = criterion(0.0, false);
        assert_eq!(message(d(&c).with_visits(&c, Some(10.0))), "Tiêu chí CC.01 không ghi lượt truy cập.");
        assert_eq!(d(&c).with_visits(&c, None).unwrap().evidence.get("visits"), None);
        c.code = VISITS_CRITERION.into();
        let d = || d(&c);
        assert_eq!(d().with_visits(&c, Some(120_500.0)).unwrap().evidence["visits"], 120_500);
        for bad in [-1.0, 2.5, f64::NAN, f64::INFINITY] {
            assert_eq!(message(d().with_visits(&c, Some(bad))), "Lượt truy cập phải là một số nguyên không âm.", "{bad}");
        }
    }

    #[test]
    fn tool_shares() {
        assert_eq!(tool_share("CC.01", Outcome::Pass, 0.2).unwrap(), 1.0);
        assert_eq!(tool_share("CC.01", Outcome::Partial, 0.2).unwrap(), 0.2);
        assert_eq!(tool_share("CC.01", Outcome::NeedsReview, 0.2).unwrap(), 0.0);
        assert!(tool_share("CC.01", Outcome::Partial, f64::NAN).is_err());
    }

    #[test]
    fn points_are_written_the_vietnamese_way() {
        assert_eq!(fmt_points(1.5), "1,5");
        assert_eq!(fmt_points(4.0), "4");
        assert_eq!(fmt_points(0.0), "0");
        assert_eq!(fmt_points(0.125), "0,125");
    }
}
