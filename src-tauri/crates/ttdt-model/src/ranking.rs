//! Rankings inside each block, and statistics across sites. Pure functions of scored sites.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{CriterionGroup, EvaluationStatus, Level};
use crate::scoring::ScoreCard;

/// One site with its score card, as ranked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SiteScore {
    #[ts(type = "number")]
    pub site_id: i64,
    pub agency_name: String,
    pub url: String,
    pub level: Level,
    pub block: String,
    pub status: EvaluationStatus,
    pub card: ScoreCard,
    /// Visits measured by EMC (criterion SD.01), when recorded.
    pub visits: Option<f64>,
}

impl SiteScore {
    /// Every applicable criterion has a final outcome.
    pub fn complete(&self) -> bool {
        self.card.blocking.is_empty()
    }
}

/// A site's place in its block; `None` when it is left out of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Ranked {
    pub rank: Option<u32>,
    pub site: SiteScore,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BlockRanking {
    pub block: String,
    /// Ranked sites first (best first), then the ones left out.
    pub sites: Vec<Ranked>,
}

/// Points compared at a thousandth, so that 0.1 + 0.2 and 0.3 tie.
fn key(x: f64) -> i64 {
    (x * 1000.0).round() as i64
}

/// A block's ranking as positions in the list of scored sites: `(index, rank)`, ranked sites
/// first (best first), then the ones left out. Lets large exports rank without copying score cards.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockOrder {
    pub block: String,
    pub sites: Vec<(usize, Option<u32>)>,
}

/// Standard competition ranking ("1, 2, 2, 4") of `value` (higher is better) inside each block,
/// blocks in order of first appearance. Sites for which `value` is `None` are left out, at the end.
fn order_by(sites: &[SiteScore], value: impl Fn(&SiteScore) -> Option<f64>) -> Vec<BlockOrder> {
    let mut blocks: Vec<(&str, Vec<(usize, Option<i64>)>)> = Vec::new();
    for (i, s) in sites.iter().enumerate() {
        let entry = (i, value(s).map(key));
        match blocks.iter_mut().find(|(b, _)| *b == s.block) {
            Some((_, members)) => members.push(entry),
            None => blocks.push((&s.block, vec![entry])),
        }
    }
    blocks
        .into_iter()
        .map(|(block, mut members)| {
            members.sort_by(|(ia, va), (ib, vb)| {
                let (a, b) = (&sites[*ia], &sites[*ib]);
                vb.cmp(va).then_with(|| a.agency_name.cmp(&b.agency_name)).then(a.site_id.cmp(&b.site_id))
            });
            let mut out = Vec::with_capacity(members.len());
            let mut last: Option<(i64, u32)> = None;
            for (i, (index, k)) in members.into_iter().enumerate() {
                let rank = k.map(|k| match last {
                    Some((prev, r)) if prev == k => r,
                    _ => {
                        let r = i as u32 + 1;
                        last = Some((k, r));
                        r
                    }
                });
                out.push((index, rank));
            }
            BlockOrder { block: block.to_string(), sites: out }
        })
        .collect()
}

fn rank_by(sites: &[SiteScore], value: impl Fn(&SiteScore) -> Option<f64>) -> Vec<BlockRanking> {
    order_by(sites, value)
        .into_iter()
        .map(|b| BlockRanking {
            block: b.block,
            sites: b.sites.into_iter().map(|(i, rank)| Ranked { rank, site: sites[i].clone() }).collect(),
        })
        .collect()
}

fn points_value(exclude_incomplete: bool) -> impl Fn(&SiteScore) -> Option<f64> {
    move |s| (!exclude_incomplete || s.complete()).then_some(s.card.total)
}

/// The ranking by total points. With `exclude_incomplete`, evaluations that still have undecided
/// criteria are left out.
pub fn rank_by_points(sites: &[SiteScore], exclude_incomplete: bool) -> Vec<BlockRanking> {
    rank_by(sites, points_value(exclude_incomplete))
}

/// `rank_by_points` as positions in `sites`.
pub fn order_by_points(sites: &[SiteScore], exclude_incomplete: bool) -> Vec<BlockOrder> {
    order_by(sites, points_value(exclude_incomplete))
}

/// The ranking by visits measured through EMC (SD.01), as the 2024 round published.
pub fn rank_by_visits(sites: &[SiteScore]) -> Vec<BlockRanking> {
    rank_by(sites, |s| s.visits)
}

/// `rank_by_visits` as positions in `sites`.
pub fn order_by_visits(sites: &[SiteScore]) -> Vec<BlockOrder> {
    order_by(sites, |s| s.visits)
}

/// Mean, median, minimum and maximum of a list; `None` when empty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Stats {
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    #[ts(type = "number")]
    pub count: u32,
}

pub fn stats(values: &[f64]) -> Option<Stats> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
    Some(Stats { mean: v.iter().sum::<f64>() / n as f64, median, min: v[0], max: v[n - 1], count: n as u32 })
}

/// Statistics of one group's points across sites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GroupStats {
    pub code: String,
    pub name: String,
    pub stats: Option<Stats>,
}

pub fn group_stats(groups: &[CriterionGroup], sites: &[&SiteScore]) -> Vec<GroupStats> {
    groups
        .iter()
        .map(|g| {
            let values: Vec<f64> = sites
                .iter()
                .filter_map(|s| s.card.groups.iter().find(|x| x.code == g.code).map(|x| x.points))
                .collect();
            GroupStats { code: g.code.clone(), name: g.name.clone(), stats: stats(&values) }
        })
        .collect()
}

/// How a criterion fared across sites: the share of its points obtained where it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CriterionFare {
    pub code: String,
    /// Mean of points / maximum over sites where it is scored; `None` when nowhere scored.
    pub mean_share: Option<f64>,
    #[ts(type = "number")]
    pub scored: u32,
}

/// Criteria sorted from the weakest (lowest mean share) up; unscored criteria last.
pub fn weakest_criteria(sites: &[SiteScore]) -> Vec<CriterionFare> {
    let mut codes: Vec<String> = Vec::new();
    for s in sites {
        for c in &s.card.criteria {
            if !codes.contains(&c.code) {
                codes.push(c.code.clone());
            }
        }
    }
    let mut out: Vec<CriterionFare> = codes
        .into_iter()
        .map(|code| {
            let shares: Vec<f64> = sites
                .iter()
                .filter_map(|s| s.card.criteria.iter().find(|c| c.code == code))
                .filter(|c| c.standing == crate::scoring::Standing::Scored && c.max > 0.0)
                .map(|c| c.points / c.max)
                .collect();
            CriterionFare {
                code,
                mean_share: (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64),
                scored: shares.len() as u32,
            }
        })
        .collect();
    out.sort_by(|a, b| match (a.mean_share, b.mean_share) {
        (Some(x), Some(y)) => x.total_cmp(&y).then(a.code.cmp(&b.code)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.code.cmp(&b.code),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{CriterionScore, Standing};

    fn site(id: i64, block: &str, total: f64, blocking: bool, visits: Option<f64>) -> SiteScore {
        SiteScore {
            site_id: id,
            agency_name: format!("Đơn vị {id}"),
            url: format!("https://dv{id}.gov.vn/"),
            level: Level::Province,
            block: block.into(),
            status: EvaluationStatus::Draft,
            card: ScoreCard {
                criteria: vec![CriterionScore {
                    code: "KN.01".into(),
                    group_code: "KN".into(),
                    outcome: None,
                    standing: Standing::Scored,
                    points: total / 25.0,
                    max: 4.0,
                }],
                groups: vec![],
                total,
                max: 100.0,
                percent: Some(total),
                blocking: if blocking { vec!["QL.01".into()] } else { vec![] },
            },
            visits,
        }
    }

    fn ranks(b: &BlockRanking) -> Vec<(i64, Option<u32>)> {
        b.sites.iter().map(|r| (r.site.site_id, r.rank)).collect()
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let sites = vec![site(1, "A", 80.0, false, None), site(2, "A", 90.0, false, None), site(3, "A", 80.0, false, None), site(4, "A", 70.0, false, None)];
        let r = rank_by_points(&sites, false);
        assert_eq!(ranks(&r[0]), vec![(2, Some(1)), (1, Some(2)), (3, Some(2)), (4, Some(4))]);
    }

    #[test]
    fn each_block_is_ranked_on_its_own_and_points_tie_at_a_thousandth() {
        let sites = vec![site(1, "Tỉnh", 0.1 + 0.2, false, None), site(2, "Bộ", 50.0, false, None), site(3, "Tỉnh", 0.3, false, None)];
        let r = rank_by_points(&sites, false);
        assert_eq!(r.iter().map(|b| b.block.as_str()).collect::<Vec<_>>(), vec!["Tỉnh", "Bộ"]);
        assert_eq!(ranks(&r[0]), vec![(1, Some(1)), (3, Some(1))]);
        assert_eq!(ranks(&r[1]), vec![(2, Some(1))]);
    }

    #[test]
    fn incomplete_evaluations_can_be_left_out() {
        let sites = vec![site(1, "A", 95.0, true, None), site(2, "A", 60.0, false, None)];
        assert_eq!(ranks(&rank_by_points(&sites, false)[0]), vec![(1, Some(1)), (2, Some(2))]);
        assert_eq!(ranks(&rank_by_points(&sites, true)[0]), vec![(2, Some(1)), (1, None)]);
    }

    #[test]
    fn visits_rank_separately_and_sites_without_visits_are_unranked() {
        let sites = vec![site(1, "A", 95.0, false, Some(100.0)), site(2, "A", 60.0, false, Some(5000.0)), site(3, "A", 70.0, false, None)];
        assert_eq!(ranks(&rank_by_visits(&sites)[0]), vec![(2, Some(1)), (1, Some(2)), (3, None)]);
    }

    #[test]
    fn statistics() {
        let s = stats(&[3.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!((s.mean, s.median, s.min, s.max, s.count), (4.0, 2.5, 1.0, 10.0, 4));
        assert_eq!(stats(&[7.0]).unwrap().median, 7.0);
        assert!(stats(&[]).is_none());
    }

    #[test]
    fn weakest_criteria_come_first() {
        let sites = vec![site(1, "A", 20.0, false, None), site(2, "A", 60.0, false, None)];
        let w = weakest_criteria(&sites);
        assert_eq!(w[0].code, "KN.01");
        assert!((w[0].mean_share.unwrap() - 0.4).abs() < 1e-9);
        assert_eq!(w[0].scored, 2);
    }
}

/// What the reports page shows: the ranking per block, group averages and the weakest criteria.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CampaignReport {
    pub blocks: Vec<BlockRanking>,
    pub groups: Vec<GroupStats>,
    /// Up to 10 criteria, weakest first.
    pub weakest: Vec<CriterionFare>,
    /// Titles of the criteria named in `weakest`.
    pub titles: Vec<(String, String)>,
}
