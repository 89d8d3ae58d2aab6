//! Everything needed to score, rank and export a campaign, as plain data: the store fills it
//! through `CampaignScoresBuilder`, the exports and reports read it.
//!
//! A campaign of 10,000 sites × 60 criteria has 600,000 effective results, so they are kept
//! compact: one slot per site and criterion (criterion order of `criteria`), numbers and enums
//! inline, and every text in one shared buffer. Evidence is kept as its JSON text and parsed only
//! where it is read (the export reads just its summary).

use std::collections::{BTreeMap, HashMap};

use crate::domain::{Campaign, Criterion, CriterionGroup, CriterionResult, Outcome, ResultMode, Site};
use crate::error::{Error, Result};
use crate::ranking::SiteScore;
use crate::scoring::{self, Judged};

/// Who issues the documents and where, for the administrative header.
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    /// The issuing body, e.g. "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA".
    pub issuer: String,
    /// Place of issue, e.g. "Hà Nội"; empty leaves a blank to fill by hand.
    pub place: String,
    /// (day, month, year)
    pub date: (u8, u8, i32),
    /// The reviewer who signs when the campaign names no signatories.
    pub reviewer: String,
    /// Who signs, left to right (the campaign's settings).
    pub signatories: Vec<crate::domain::Signatory>,
    /// When the document was exported, as its footer prints it, e.g. "23/11/2026 16:00".
    pub exported_at: String,
    /// What produced the figures, stamped on every export.
    pub versions: ExportVersions,
}

/// The versions an exported document names, so that its figures can be reproduced.
#[derive(Debug, Clone, Default)]
pub struct ExportVersions {
    /// The application's version.
    pub app: String,
    /// The id of the framework the campaign copied.
    pub framework_id: String,
    /// The version of that framework when the campaign copied it.
    pub framework_version: String,
    /// The version of the automated checks.
    pub checks: String,
}

/// An effective result as the exports read it, borrowed from `CampaignScores`.
/// The evidence stays JSON text; it is parsed only as far as a reader needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectiveResult<'a> {
    pub id: i64,
    pub criterion_code: &'a str,
    pub outcome: Outcome,
    pub share: f64,
    pub points: f64,
    pub mode: ResultMode,
    /// The evidence as stored: JSON text.
    pub evidence: &'a str,
    pub note: &'a str,
    pub asserted_by: &'a str,
    pub asserted_at: &'a str,
}

impl EffectiveResult<'_> {
    /// The evidence parsed (`null` when the stored text is not JSON).
    pub fn evidence_value(&self) -> serde_json::Value {
        serde_json::from_str(self.evidence).unwrap_or(serde_json::Value::Null)
    }

    /// The full record, evidence parsed.
    pub fn to_result(&self) -> CriterionResult {
        CriterionResult {
            id: self.id,
            criterion_code: self.criterion_code.to_string(),
            outcome: self.outcome,
            share: self.share,
            points: self.points,
            mode: self.mode,
            evidence: self.evidence_value(),
            note: self.note.to_string(),
            asserted_by: self.asserted_by.to_string(),
            asserted_at: self.asserted_at.to_string(),
        }
    }
}

/// A part of `CampaignScores::text`.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

/// One stored result, its texts in the shared buffer.
#[derive(Debug, Clone)]
struct Stored {
    id: i64,
    /// The row's uid as a number: among rows asserted at the same second, the later uid is the newer.
    order: u128,
    share: f64,
    points: f64,
    outcome: Outcome,
    mode: ResultMode,
    /// Index into `CampaignScores::names`.
    asserted_by: u32,
    evidence: Span,
    note: Span,
    asserted_at: Span,
}

/// A campaign with its frozen framework, its sites, their effective results and score cards.
#[derive(Debug, Clone)]
pub struct CampaignScores {
    pub campaign: Campaign,
    pub groups: Vec<CriterionGroup>,
    /// Criteria that are not retired, group by group in framework order.
    pub criteria: Vec<Criterion>,
    pub sites: Vec<Site>,
    /// Score of each site, in the order of `sites`.
    pub scores: Vec<SiteScore>,
    /// The effective result of criterion `j` of site `i` at `i * criteria.len() + j`.
    results: Vec<Option<Stored>>,
    /// Effective results of codes that are not in `criteria` (retired criteria), by site index and code.
    others: BTreeMap<(usize, String), Stored>,
    /// The texts of the results, one after another.
    text: String,
    /// Who asserted results (few distinct names).
    names: Vec<String>,
    /// Site id → index in `sites`.
    index: HashMap<i64, usize>,
}

impl CampaignScores {
    fn span(&self, s: Span) -> &str {
        span_text(&self.text, s)
    }

    fn view<'a>(&'a self, row: &'a Stored, code: &'a str) -> EffectiveResult<'a> {
        EffectiveResult {
            id: row.id,
            criterion_code: code,
            outcome: row.outcome,
            share: row.share,
            points: row.points,
            mode: row.mode,
            evidence: self.span(row.evidence),
            note: self.span(row.note),
            asserted_by: self.names.get(row.asserted_by as usize).map(String::as_str).unwrap_or(""),
            asserted_at: self.span(row.asserted_at),
        }
    }

    /// Position of a site in `sites` (and `scores`).
    pub fn site_index(&self, site_id: i64) -> Option<usize> {
        self.index.get(&site_id).copied()
    }

    pub fn site(&self, site_id: i64) -> Option<(&Site, &SiteScore)> {
        let i = self.site_index(site_id)?;
        Some((&self.sites[i], &self.scores[i]))
    }

    /// The effective result of `criteria[criterion]` for `sites[site]`.
    pub fn result_at(&self, site: usize, criterion: usize) -> Option<EffectiveResult<'_>> {
        let c = self.criteria.get(criterion)?;
        let row = self.results.get(site * self.criteria.len() + criterion)?.as_ref()?;
        Some(self.view(row, &c.code))
    }

    /// The effective result of a criterion (by code, retired ones included) for a site (by id).
    pub fn result(&self, site_id: i64, code: &str) -> Option<EffectiveResult<'_>> {
        let i = self.site_index(site_id)?;
        match self.criteria.iter().position(|c| c.code == code) {
            Some(j) => self.result_at(i, j),
            None => self
                .others
                .get_key_value(&(i, code.to_string()))
                .map(|((_, code), row)| self.view(row, code)),
        }
    }

    /// Every effective result of a site, criteria in order, then results of retired criteria by code.
    pub fn results_of(&self, site: usize) -> impl Iterator<Item = EffectiveResult<'_>> {
        let listed = (0..self.criteria.len()).filter_map(move |j| self.result_at(site, j));
        let others = self
            .others
            .range((site, String::new())..)
            .take_while(move |((i, _), _)| *i == site)
            .map(move |((_, code), row)| self.view(row, code));
        listed.chain(others)
    }
}

/// The visits number of SD.01, read from its result's evidence (`{"visits": N}`).
fn visits_of(evidence: &serde_json::Value) -> Option<f64> {
    evidence.get("visits").and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|s| s.replace(['.', ','], "").parse().ok())))
}

/// Appends `s` to the shared text buffer.
fn push_text(text: &mut String, s: &str) -> Result<Span> {
    let too_big = || Error::invalid("results", "result texts exceed 4 GiB", "Dữ liệu kết quả quá lớn để xuất.");
    let start = u32::try_from(text.len()).map_err(|_| too_big())?;
    let len = u32::try_from(s.len()).map_err(|_| too_big())?;
    start.checked_add(len).ok_or_else(too_big)?;
    text.push_str(s);
    Ok(Span { start, len })
}

fn span_text(text: &str, s: Span) -> &str {
    &text[s.start as usize..(s.start + s.len) as usize]
}

/// Keeps the effective one of two results of the same criterion, whatever order they are read in:
/// the reviewer's decision wins over the tool's, and among results of the same kind the newer
/// wins: the later `asserted_at`, then the greater uid. The order is that of the rows' content,
/// not of their local ids, so that databases merged from bundles in any order agree.
fn keep(slot: &mut Option<Stored>, new: Stored, text: &str) {
    let review = |r: &Stored| r.mode != ResultMode::Automatic;
    let replace = match slot {
        None => true,
        Some(old) => match (review(old), review(&new)) {
            (false, true) => true,
            (true, false) => false,
            _ => (span_text(text, new.asserted_at), new.order) > (span_text(text, old.asserted_at), old.order),
        },
    };
    if replace {
        *slot = Some(new);
    }
}

/// A uid (a UUID in its text form) as a number; 0 when it is not one.
pub fn uid_order(uid: &str) -> u128 {
    let mut n: u128 = 0;
    let mut digits = 0;
    for c in uid.chars().filter(|c| *c != '-') {
        let Some(d) = c.to_digit(16) else { return 0 };
        n = (n << 4) | u128::from(d);
        digits += 1;
    }
    if digits == 32 { n } else { 0 }
}

/// One stored result as the store reads it, before it is kept in `CampaignScores`.
#[derive(Debug, Clone, Copy)]
pub struct ResultRow<'a> {
    pub id: i64,
    pub uid: &'a str,
    pub evaluation_id: i64,
    pub criterion_code: &'a str,
    pub outcome: Outcome,
    pub share: f64,
    pub points: f64,
    pub mode: ResultMode,
    pub evidence: &'a str,
    pub note: &'a str,
    pub asserted_by: &'a str,
    pub asserted_at: &'a str,
}

/// Fills a `CampaignScores` from result rows read in any order, then scores every site.
pub struct CampaignScoresBuilder {
    campaign: Campaign,
    groups: Vec<CriterionGroup>,
    criteria: Vec<Criterion>,
    sites: Vec<Site>,
    column: HashMap<String, usize>,
    by_evaluation: HashMap<i64, usize>,
    results: Vec<Option<Stored>>,
    others: BTreeMap<(usize, String), Stored>,
    text: String,
    names: Vec<String>,
    name_index: HashMap<String, u32>,
    // Rows mostly come grouped by evaluation, and results stamped by one run share their author
    // and time: the last ones are remembered.
    last_evaluation: Option<(i64, Option<usize>)>,
    last_by: Option<u32>,
    last_at: Option<Span>,
}

impl CampaignScoresBuilder {
    /// `criteria` are the campaign's criteria; retired ones are left out, and the rest are kept
    /// group by group (stable inside a group), so that a group's criteria are contiguous columns.
    pub fn new(campaign: Campaign, groups: Vec<CriterionGroup>, criteria: Vec<Criterion>, sites: Vec<Site>) -> Self {
        let mut criteria: Vec<Criterion> = criteria.into_iter().filter(|c| !c.retired).collect();
        criteria.sort_by_key(|c| groups.iter().position(|g| g.code == c.group_code).unwrap_or(usize::MAX));
        let column = criteria.iter().enumerate().map(|(j, c)| (c.code.clone(), j)).collect();
        let by_evaluation = sites.iter().enumerate().map(|(i, s)| (s.evaluation_id, i)).collect();
        let results = vec![None; sites.len() * criteria.len()];
        CampaignScoresBuilder {
            campaign,
            groups,
            criteria,
            sites,
            column,
            by_evaluation,
            results,
            others: BTreeMap::new(),
            text: String::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            last_evaluation: None,
            last_by: None,
            last_at: None,
        }
    }

    /// Keeps a result if it is the effective one of its criterion so far; rows of evaluations
    /// outside the campaign are ignored.
    pub fn add(&mut self, r: ResultRow<'_>) -> Result<()> {
        let site = match self.last_evaluation {
            Some((e, site)) if e == r.evaluation_id => site,
            _ => {
                let site = self.by_evaluation.get(&r.evaluation_id).copied();
                self.last_evaluation = Some((r.evaluation_id, site));
                site
            }
        };
        let Some(site) = site else { return Ok(()) };
        let by = r.asserted_by;
        let asserted_by = match self.last_by {
            Some(k) if self.names[k as usize] == by => k,
            _ => {
                let k = match self.name_index.get(by) {
                    Some(k) => *k,
                    None => {
                        let k = self.names.len() as u32;
                        self.names.push(by.to_string());
                        self.name_index.insert(by.to_string(), k);
                        k
                    }
                };
                self.last_by = Some(k);
                k
            }
        };
        let asserted_at = match self.last_at {
            Some(span) if span_text(&self.text, span) == r.asserted_at => span,
            _ => {
                let span = push_text(&mut self.text, r.asserted_at)?;
                self.last_at = Some(span);
                span
            }
        };
        let stored = Stored {
            id: r.id,
            order: uid_order(r.uid),
            outcome: r.outcome,
            share: r.share,
            points: r.points,
            mode: r.mode,
            evidence: push_text(&mut self.text, r.evidence)?,
            note: push_text(&mut self.text, r.note)?,
            asserted_by,
            asserted_at,
        };
        let width = self.criteria.len();
        match self.column.get(r.criterion_code) {
            Some(j) => keep(&mut self.results[site * width + j], stored, &self.text),
            None => {
                let code = r.criterion_code.to_string();
                let mut slot = self.others.remove(&(site, code.clone()));
                keep(&mut slot, stored, &self.text);
                self.others.extend(slot.map(|s| ((site, code), s)));
            }
        }
        Ok(())
    }

    /// The campaign's data with every site scored.
    pub fn finish(self) -> CampaignScores {
        let mut text = self.text;
        text.shrink_to_fit();
        let width = self.criteria.len();
        let mut data = CampaignScores {
            campaign: self.campaign,
            groups: self.groups,
            criteria: self.criteria,
            sites: self.sites,
            scores: Vec::new(),
            results: self.results,
            others: self.others,
            text,
            names: self.names,
            index: HashMap::new(),
        };
        data.index = data.sites.iter().enumerate().map(|(i, s)| (s.id, i)).collect();

        // Scoring reads outcomes by code; one map is kept and updated site by site.
        let mut judged: HashMap<String, Judged> = HashMap::with_capacity(width);
        let visits_column = data.criteria.iter().position(|c| c.code == "SD.01");
        let mut scores = Vec::with_capacity(data.sites.len());
        for (i, site) in data.sites.iter().enumerate() {
            for (j, c) in data.criteria.iter().enumerate() {
                match &data.results[i * width + j] {
                    Some(r) => {
                        let value = Judged { outcome: r.outcome, share: r.share };
                        match judged.get_mut(&c.code) {
                            Some(v) => *v = value,
                            None => {
                                judged.insert(c.code.clone(), value);
                            }
                        }
                    }
                    None => {
                        judged.remove(&c.code);
                    }
                }
            }
            let card = scoring::score(&data.groups, &data.criteria, site.level, &judged);
            let visits = match visits_column {
                Some(j) => data.result_at(i, j),
                None => data.result(site.id, "SD.01"),
            }
            .and_then(|r| visits_of(&r.evidence_value()));
            scores.push(SiteScore {
                site_id: site.id,
                agency_name: site.agency_name.clone(),
                url: site.url.clone(),
                level: site.level,
                block: site.block.clone(),
                status: site.status,
                card,
                visits,
            });
        }
        data.scores = scores;
        data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(id: i64, mode: ResultMode) -> Stored {
        Stored {
            id,
            order: id as u128,
            share: 0.0,
            points: 0.0,
            outcome: Outcome::Pass,
            mode,
            asserted_by: 0,
            evidence: Span::default(),
            note: Span::default(),
            asserted_at: Span::default(),
        }
    }

    #[test]
    fn the_newest_decision_wins_over_tools_in_any_order() {
        use ResultMode::{Automatic, Manual, Override};
        let rows = [stored(1, Automatic), stored(2, Manual), stored(3, Automatic), stored(4, Override), stored(5, Automatic)];
        // Every rotation and the reverse of the rows give the same effective result.
        for start in 0..rows.len() {
            for reverse in [false, true] {
                let mut order: Vec<&Stored> = rows.iter().cycle().skip(start).take(rows.len()).collect();
                if reverse {
                    order.reverse();
                }
                let mut slot = None;
                for r in order {
                    keep(&mut slot, r.clone(), "");
                }
                assert_eq!(slot.map(|s| s.id), Some(4));
            }
        }
        let mut slot = None;
        for r in [stored(7, Automatic), stored(6, Automatic)] {
            keep(&mut slot, r, "");
        }
        assert_eq!(slot.map(|s| s.id), Some(7));
    }
}
