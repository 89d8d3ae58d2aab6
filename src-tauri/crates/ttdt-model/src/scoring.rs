//! Points from outcomes, as the framework's "Outcomes and points" rules say.
//!
//! Pure functions: no I/O, no clock. Given a campaign's criteria, a site's level and the
//! effective outcome of each criterion, they give the points of every criterion, the group
//! subtotals and the total, as points and as a percentage of the applicable maximum.
//!
//! - pass: full points; partial: share × points; fail: 0;
//! - not applicable (by the criterion's levels, retired, or judged so): out of score and maximum;
//! - needs review, not tested, error, or no result yet: no points yet, counted in the maximum,
//!   and they block finalising the evaluation.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Criterion, CriterionGroup, Level, Outcome};

/// What a criterion stands at for scoring.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Scored: pass, partial or fail.
    Scored,
    /// Out of the score and the maximum.
    Excluded,
    /// Needs a decision before the evaluation can be finalised.
    Blocking,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CriterionScore {
    pub code: String,
    pub group_code: String,
    /// The outcome used for scoring; `None` when there is no result yet.
    pub outcome: Option<Outcome>,
    pub standing: Standing,
    pub points: f64,
    /// Points this criterion adds to the maximum (0 when excluded).
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GroupScore {
    pub code: String,
    pub name: String,
    pub points: f64,
    pub max: f64,
    /// `points / max × 100`, or `None` when nothing in the group applies.
    pub percent: Option<f64>,
    pub separate_ranking: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScoreCard {
    pub criteria: Vec<CriterionScore>,
    pub groups: Vec<GroupScore>,
    /// Sum over groups that are not ranked separately.
    pub total: f64,
    pub max: f64,
    pub percent: Option<f64>,
    /// Codes that block finalising (needs review, not tested, error, or no result).
    pub blocking: Vec<String>,
}

/// The effective outcome of a criterion and, for partial, its share (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judged {
    pub outcome: Outcome,
    pub share: f64,
}

/// Points of one criterion for one outcome.
pub fn criterion_points(points: f64, judged: Judged) -> f64 {
    match judged.outcome {
        Outcome::Pass => points,
        Outcome::Partial => points * judged.share.clamp(0.0, 1.0),
        _ => 0.0,
    }
}

/// How one criterion stands for a site of `level` with result `judged`.
pub fn score_criterion(c: &Criterion, level: Level, judged: Option<Judged>) -> CriterionScore {
    let (standing, outcome) = if c.retired || !c.applies_to(level) {
        (Standing::Excluded, Some(Outcome::NotApplicable))
    } else {
        match judged.map(|j| j.outcome) {
            Some(Outcome::NotApplicable) => (Standing::Excluded, Some(Outcome::NotApplicable)),
            Some(o @ (Outcome::Pass | Outcome::Partial | Outcome::Fail)) => (Standing::Scored, Some(o)),
            Some(o) => (Standing::Blocking, Some(o)),
            None => (Standing::Blocking, None),
        }
    };
    let points = match (standing, judged) {
        (Standing::Scored, Some(j)) => criterion_points(c.points, j),
        _ => 0.0,
    };
    let max = if standing == Standing::Excluded { 0.0 } else { c.points };
    CriterionScore { code: c.code.clone(), group_code: c.group_code.clone(), outcome, standing, points, max }
}

fn percent(points: f64, max: f64) -> Option<f64> {
    (max > 0.0).then(|| points / max * 100.0)
}

/// The score card of one site.
pub fn score(
    groups: &[CriterionGroup],
    criteria: &[Criterion],
    level: Level,
    results: &HashMap<String, Judged>,
) -> ScoreCard {
    let scores: Vec<CriterionScore> =
        criteria.iter().map(|c| score_criterion(c, level, results.get(&c.code).copied())).collect();
    let group_scores: Vec<GroupScore> = groups
        .iter()
        .map(|g| {
            let (points, max) = scores
                .iter()
                .filter(|s| s.group_code == g.code)
                .fold((0.0, 0.0), |(p, m), s| (p + s.points, m + s.max));
            GroupScore {
                code: g.code.clone(),
                name: g.name.clone(),
                points,
                max,
                percent: percent(points, max),
                separate_ranking: g.separate_ranking,
            }
        })
        .collect();
    let (total, max) = group_scores
        .iter()
        .filter(|g| !g.separate_ranking)
        .fold((0.0, 0.0), |(p, m), g| (p + g.points, m + g.max));
    let blocking = scores.iter().filter(|s| s.standing == Standing::Blocking).map(|s| s.code.clone()).collect();
    ScoreCard { criteria: scores, groups: group_scores, total, max, percent: percent(total, max), blocking }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Method;

    fn crit(code: &str, group: &str, points: f64, levels: Vec<Level>) -> Criterion {
        Criterion {
            code: code.into(),
            group_code: group.into(),
            title: code.into(),
            method: Method::Automated,
            points,
            levels,
            legal_basis: vec![],
            guidance: String::new(),
            checks: vec![],
            retired: false,
            checklist: vec![],
            documents: vec![],
            document_required: false,
        }
    }

    fn groups() -> Vec<CriterionGroup> {
        vec![
            CriterionGroup { code: "KN".into(), name: "Kết nối".into(), points: 10.0, separate_ranking: false },
            CriterionGroup { code: "CT".into(), name: "Cấu trúc".into(), points: 4.0, separate_ranking: false },
            CriterionGroup { code: "SD".into(), name: "Sử dụng".into(), points: 5.0, separate_ranking: true },
        ]
    }

    fn criteria() -> Vec<Criterion> {
        vec![
            crit("KN.01", "KN", 4.0, vec![]),
            crit("KN.02", "KN", 6.0, vec![]),
            crit("CT.03", "CT", 2.0, vec![Level::Ministry, Level::ProvincialDepartment]),
            crit("CT.05", "CT", 2.0, vec![Level::Province, Level::Commune]),
            crit("SD.01", "SD", 5.0, vec![]),
        ]
    }

    fn judged(outcome: Outcome, share: f64) -> Judged {
        Judged { outcome, share }
    }

    fn results(list: &[(&str, Outcome, f64)]) -> HashMap<String, Judged> {
        list.iter().map(|(c, o, s)| (c.to_string(), judged(*o, *s))).collect()
    }

    #[test]
    fn every_outcome_scores_as_the_rules_say() {
        let c = crit("X.01", "KN", 4.0, vec![]);
        let at = |o, share| score_criterion(&c, Level::Province, Some(judged(o, share)));
        assert_eq!((at(Outcome::Pass, 0.0).points, at(Outcome::Pass, 0.0).max), (4.0, 4.0));
        assert_eq!(at(Outcome::Partial, 0.25).points, 1.0);
        assert_eq!(at(Outcome::Partial, 7.0).points, 4.0, "share is clamped to 1");
        assert_eq!(at(Outcome::Partial, -1.0).points, 0.0, "share is clamped to 0");
        assert_eq!((at(Outcome::Fail, 1.0).points, at(Outcome::Fail, 1.0).standing), (0.0, Standing::Scored));
        let na = at(Outcome::NotApplicable, 1.0);
        assert_eq!((na.points, na.max, na.standing), (0.0, 0.0, Standing::Excluded));
        for o in [Outcome::NeedsReview, Outcome::NotTested, Outcome::Error] {
            let s = at(o, 1.0);
            assert_eq!((s.points, s.max, s.standing), (0.0, 4.0, Standing::Blocking), "{o:?}");
        }
        let none = score_criterion(&c, Level::Province, None);
        assert_eq!((none.outcome, none.standing, none.max), (None, Standing::Blocking, 4.0));
    }

    #[test]
    fn level_restricted_criteria_leave_score_and_maximum() {
        let all_pass = results(&[
            ("KN.01", Outcome::Pass, 1.0),
            ("KN.02", Outcome::Pass, 1.0),
            ("CT.03", Outcome::Pass, 1.0),
            ("CT.05", Outcome::Pass, 1.0),
            ("SD.01", Outcome::Pass, 1.0),
        ]);
        let ministry = score(&groups(), &criteria(), Level::Ministry, &all_pass);
        assert_eq!((ministry.total, ministry.max), (12.0, 12.0));
        let ct = &ministry.groups[1];
        assert_eq!((ct.points, ct.max), (2.0, 2.0));
        assert_eq!(ministry.criteria[3].standing, Standing::Excluded, "CT.05 is for provinces and communes");
        let commune = score(&groups(), &criteria(), Level::Commune, &all_pass);
        assert_eq!(commune.criteria[2].standing, Standing::Excluded, "CT.03 is not for communes");
        assert_eq!(commune.max, 12.0);
        // A level neither criterion names loses both.
        let unit = score(&groups(), &criteria(), Level::MinistryUnit, &all_pass);
        assert_eq!((unit.total, unit.max), (10.0, 10.0));
        assert_eq!(unit.groups[1].percent, None);
    }

    #[test]
    fn subtotals_totals_and_percentages() {
        let r = results(&[
            ("KN.01", Outcome::Pass, 1.0),
            ("KN.02", Outcome::Partial, 0.5),
            ("CT.05", Outcome::Fail, 0.0),
            ("SD.01", Outcome::Pass, 1.0),
        ]);
        let card = score(&groups(), &criteria(), Level::Province, &r);
        let kn = &card.groups[0];
        assert_eq!((kn.points, kn.max, kn.percent), (7.0, 10.0, Some(70.0)));
        let ct = &card.groups[1];
        assert_eq!((ct.points, ct.max, ct.percent), (0.0, 2.0, Some(0.0)));
        // The separately ranked group has its own subtotal and stays out of the total.
        let sd = &card.groups[2];
        assert_eq!((sd.points, sd.max), (5.0, 5.0));
        assert_eq!((card.total, card.max), (7.0, 12.0));
        let pct = card.percent.unwrap();
        assert!((pct - 58.333333).abs() < 1e-4, "{pct}");
        assert!(card.blocking.is_empty());
    }

    #[test]
    fn undecided_criteria_block_and_score_nothing() {
        let r = results(&[("KN.01", Outcome::NeedsReview, 1.0), ("KN.02", Outcome::Error, 1.0)]);
        let card = score(&groups(), &criteria(), Level::Province, &r);
        assert_eq!(card.total, 0.0);
        assert_eq!(card.max, 12.0);
        assert_eq!(card.blocking, vec!["KN.01", "KN.02", "CT.05", "SD.01"]);
    }

    #[test]
    fn retired_criteria_are_excluded() {
        let mut cs = criteria();
        cs[1].retired = true;
        let r = results(&[("KN.01", Outcome::Pass, 1.0), ("KN.02", Outcome::Pass, 1.0)]);
        let card = score(&groups(), &cs, Level::Province, &r);
        assert_eq!((card.groups[0].points, card.groups[0].max), (4.0, 4.0));
    }
}
