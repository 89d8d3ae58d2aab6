//! The rules of merging work exchanged in bundles, as pure functions.
//!
//! Results and decisions are only ever added, each with a global uid, and each names the row it
//! followed (`supersedes`) and, when it settled a disagreement, the other decisions it replaced
//! (`resolves`). Two machines that decided the same criterion without seeing each other's
//! decision leave two *heads*: decisions that no later decision followed. Heads that disagree are
//! a conflict, listed for the coordinator until a decision made on a machine that holds both
//! resolves it. Meanwhile the effective decision follows the one rule used everywhere
//! (`campaign_scores::keep`): the newest decision by (`asserted_at`, uid), which does not depend
//! on the order in which bundles were imported.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Outcome, ResultMode};

/// One result row of a criterion as the merge rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Link<'a> {
    pub uid: &'a str,
    pub mode: ResultMode,
    /// The rows it followed: its `supersedes` and its `resolves`, as uids.
    pub parents: Vec<&'a str>,
    pub outcome: Outcome,
    pub share: f64,
    pub asserted_at: &'a str,
}

/// Indexes of the decisions (manual or override rows) that no other decision followed, directly
/// or through other rows; in (`asserted_at`, uid) order, newest last.
pub fn decision_heads(rows: &[Link<'_>]) -> Vec<usize> {
    let index: HashMap<&str, usize> = rows.iter().enumerate().map(|(i, r)| (r.uid, i)).collect();
    // Every row some decision descends from.
    let mut followed: HashSet<usize> = HashSet::new();
    for r in rows.iter().filter(|r| r.mode != ResultMode::Automatic) {
        let mut stack: Vec<&str> = r.parents.clone();
        while let Some(uid) = stack.pop() {
            if let Some(&i) = index.get(uid) {
                if followed.insert(i) {
                    stack.extend(rows[i].parents.iter().copied());
                }
            }
        }
    }
    let mut heads: Vec<usize> =
        (0..rows.len()).filter(|i| rows[*i].mode != ResultMode::Automatic && !followed.contains(i)).collect();
    heads.sort_by(|a, b| (rows[*a].asserted_at, rows[*a].uid).cmp(&(rows[*b].asserted_at, rows[*b].uid)));
    heads
}

/// The heads disagree: they do not all give the same outcome and share.
pub fn heads_disagree(rows: &[Link<'_>], heads: &[usize]) -> bool {
    heads.windows(2).any(|w| {
        let (a, b) = (&rows[w[0]], &rows[w[1]]);
        a.outcome != b.outcome || (a.share - b.share).abs() > 1e-9
    })
}

/// Why a criterion of a site is listed for the coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Two reviewers' latest decisions disagree.
    Decisions,
    /// The evaluation was finalised on one machine while decisions were made on another.
    AfterFinalised,
}

impl ConflictKind {
    pub fn label_vi(self) -> &'static str {
        match self {
            ConflictKind::Decisions => "Hai quyết định khác nhau",
            ConflictKind::AfterFinalised => "Quyết định sau khi phiếu đã chốt",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ResultMode::{Automatic, Manual};

    fn row<'a>(uid: &'a str, mode: ResultMode, parents: &[&'a str], outcome: Outcome, at: &'a str) -> Link<'a> {
        Link { uid, mode, parents: parents.to_vec(), outcome, share: if outcome == Outcome::Pass { 1.0 } else { 0.0 }, asserted_at: at }
    }

    #[test]
    fn one_chain_has_one_head() {
        let rows = [
            row("a", Automatic, &[], Outcome::Fail, "1"),
            row("b", Manual, &["a"], Outcome::Pass, "2"),
            row("c", Automatic, &["b"], Outcome::Fail, "3"),
            row("d", Manual, &["c"], Outcome::Fail, "4"),
        ];
        assert_eq!(decision_heads(&rows), vec![3]);
    }

    #[test]
    fn two_machines_leave_two_heads_until_one_resolves_them() {
        let mut rows = vec![
            row("t", Automatic, &[], Outcome::Fail, "1"),
            row("x", Manual, &["t"], Outcome::Pass, "2"),
            row("y", Manual, &["t"], Outcome::Fail, "3"),
        ];
        let heads = decision_heads(&rows);
        assert_eq!(heads, vec![1, 2]);
        assert!(heads_disagree(&rows, &heads));
        // A tool run after y on the second machine does not settle it.
        rows.push(row("t2", Automatic, &["y"], Outcome::Fail, "4"));
        assert_eq!(decision_heads(&rows).len(), 2);
        // The coordinator's decision follows y and resolves x.
        rows.push(row("z", Manual, &["t2", "x"], Outcome::Pass, "5"));
        assert_eq!(decision_heads(&rows), vec![4]);
    }

    #[test]
    fn heads_that_agree_are_no_conflict() {
        let rows = [row("x", Manual, &[], Outcome::Pass, "2"), row("y", Manual, &[], Outcome::Pass, "3")];
        let heads = decision_heads(&rows);
        assert_eq!(heads.len(), 2);
        assert!(!heads_disagree(&rows, &heads));
    }

    #[test]
    fn heads_are_in_the_same_order_whatever_the_order_of_rows() {
        let rows = [
            row("x", Manual, &[], Outcome::Pass, "2"),
            row("y", Manual, &[], Outcome::Fail, "2"),
            row("w", Manual, &[], Outcome::Fail, "1"),
        ];
        let mut reversed = rows.to_vec();
        reversed.reverse();
        fn uids<'a>(rs: &[Link<'a>]) -> Vec<&'a str> {
            decision_heads(rs).into_iter().map(|i| rs[i].uid).collect()
        }
        assert_eq!(uids(&rows), vec!["w", "x", "y"]);
        assert_eq!(uids(&rows), uids(&reversed));
    }

    #[test]
    fn a_cycle_in_hostile_data_ends() {
        let rows = [row("a", Manual, &["b"], Outcome::Pass, "1"), row("b", Manual, &["a"], Outcome::Fail, "2")];
        assert!(decision_heads(&rows).is_empty());
    }
}
