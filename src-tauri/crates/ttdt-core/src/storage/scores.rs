//! Everything needed to score, rank and export a campaign, loaded in a few queries.
//!
//! A campaign of 10,000 sites × 60 criteria has 600,000 effective results, so they are kept
//! compact: one slot per site and criterion (criterion order of `criteria`), numbers and enums
//! inline, and every text in one shared buffer. Evidence is kept as its JSON text and parsed only
//! where it is read (the export reads just its summary).

use std::collections::{BTreeMap, HashMap};

use super::Store;
use crate::domain::{Campaign, Criterion, CriterionGroup, Outcome, ResultMode, Site};
use crate::error::{Error, Result};
use crate::export::EffectiveResult;
use crate::ranking::SiteScore;
use crate::scoring::{self, Judged};

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

/// Text of a column, or "" for NULL.
fn text_of<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    match row.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(""),
        v => v.as_str().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e))),
    }
}

/// Keeps the effective one of two results of the same criterion, whatever order they are read in:
/// the reviewer's decision wins over the tool's, and among results of the same kind the newer
/// (higher id) wins.
fn keep(slot: &mut Option<Stored>, new: Stored) {
    let review = |r: &Stored| r.mode != ResultMode::Automatic;
    let replace = match slot {
        None => true,
        Some(old) => match (review(old), review(&new)) {
            (false, true) => true,
            (true, false) => false,
            _ => new.id > old.id,
        },
    };
    if replace {
        *slot = Some(new);
    }
}

impl Store {
    pub fn campaign_scores(&self, campaign_id: i64) -> Result<CampaignScores> {
        let campaign = self.campaign(campaign_id)?;
        let fw = self.campaign_framework(campaign_id)?;
        let sites = self.list_sites(campaign_id)?;
        // Group by group (stable inside a group), so that a group's criteria are contiguous columns.
        let mut criteria: Vec<Criterion> = fw.criteria.into_iter().filter(|c| !c.retired).collect();
        criteria.sort_by_key(|c| fw.groups.iter().position(|g| g.code == c.group_code).unwrap_or(usize::MAX));
        let width = criteria.len();
        let column: HashMap<&str, usize> = criteria.iter().enumerate().map(|(j, c)| (c.code.as_str(), j)).collect();
        let by_evaluation: HashMap<i64, usize> = sites.iter().enumerate().map(|(i, s)| (s.evaluation_id, i)).collect();

        let mut results: Vec<Option<Stored>> = vec![None; sites.len() * width];
        let mut others: BTreeMap<(usize, String), Stored> = BTreeMap::new();
        let mut text = String::new();
        let mut names: Vec<String> = Vec::new();
        let mut name_index: HashMap<String, u32> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                // One pass over the campaign's results through the (evaluation, criterion) index.
                // No ORDER BY: `keep` does not depend on the order, and sorting 600,000 rows in
                // SQLite costs more than the read itself.
                "SELECT r.id, r.criterion_code, r.outcome, r.share, r.points, r.mode, r.evidence, r.note, r.asserted_by,
                        r.asserted_at, r.evaluation_id
                 FROM criterion_result r
                 WHERE r.evaluation_id IN (SELECT id FROM evaluation WHERE campaign_id = ?1)",
            )?;
            let mut rows = stmt.query([campaign_id])?;
            // Rows mostly come grouped by evaluation, and results stamped by one run share their
            // author and time: remember the last ones.
            let mut last_evaluation: Option<(i64, Option<usize>)> = None;
            let mut last_by: Option<u32> = None;
            let mut last_at: Option<Span> = None;
            while let Some(r) = rows.next()? {
                let evaluation: i64 = r.get(10)?;
                let site = match last_evaluation {
                    Some((e, site)) if e == evaluation => site,
                    _ => {
                        let site = by_evaluation.get(&evaluation).copied();
                        last_evaluation = Some((evaluation, site));
                        site
                    }
                };
                let Some(site) = site else { continue };
                let by = text_of(r, 8)?;
                let asserted_by = match last_by {
                    Some(k) if names[k as usize] == by => k,
                    _ => {
                        let k = match name_index.get(by) {
                            Some(k) => *k,
                            None => {
                                let k = names.len() as u32;
                                names.push(by.to_string());
                                name_index.insert(by.to_string(), k);
                                k
                            }
                        };
                        last_by = Some(k);
                        k
                    }
                };
                let stored = Stored {
                    id: r.get(0)?,
                    outcome: Outcome::parse(text_of(r, 2)?).unwrap_or(Outcome::Error),
                    share: r.get(3)?,
                    points: r.get(4)?,
                    mode: ResultMode::parse(text_of(r, 5)?).unwrap_or(ResultMode::Manual),
                    evidence: push_text(&mut text, text_of(r, 6)?)?,
                    note: push_text(&mut text, text_of(r, 7)?)?,
                    asserted_by,
                    asserted_at: {
                        let at = text_of(r, 9)?;
                        match last_at {
                            Some(span) if span_text(&text, span) == at => span,
                            _ => {
                                let span = push_text(&mut text, at)?;
                                last_at = Some(span);
                                span
                            }
                        }
                    },
                };
                let code = text_of(r, 1)?;
                match column.get(code) {
                    Some(j) => keep(&mut results[site * width + j], stored),
                    None => {
                        let mut slot = others.remove(&(site, code.to_string()));
                        keep(&mut slot, stored);
                        others.extend(slot.map(|s| ((site, code.to_string()), s)));
                    }
                }
            }
        }
        text.shrink_to_fit();
        drop(column);
        let mut data = CampaignScores {
            campaign,
            groups: fw.groups,
            criteria,
            sites,
            scores: Vec::new(),
            results,
            others,
            text,
            names,
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
        Ok(data)
    }
}

impl Store {
    /// The letterhead of exported documents: the reviewer's unit issues them, dated today (Vietnam time).
    pub fn letterhead(&self, issuer: Option<&str>, place: Option<&str>) -> Result<crate::export::Letterhead> {
        let reviewer = self.reviewer()?;
        let now = self.clock().now().to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
        let issuer = issuer
            .map(str::to_string)
            .or_else(|| reviewer.as_ref().map(|r| r.unit.clone()).filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "Đoàn đánh giá".to_string());
        Ok(crate::export::Letterhead {
            issuer,
            place: place.map(str::to_string).or(self.setting("place")?).unwrap_or_else(|| "Hà Nội".to_string()),
            date: (now.day(), u8::from(now.month()), now.year()),
            reviewer: reviewer.map(|r| r.name).unwrap_or_default(),
        })
    }

    /// Writes the scorecard of a site (into a folder under its default name, or to a chosen file); returns the file.
    pub fn save_scorecard(&self, site_id: i64, to: &crate::files::Destination) -> Result<std::path::PathBuf> {
        let site = self.site(site_id)?;
        let data = self.campaign_scores(site.campaign_id)?;
        let bytes = crate::export::scorecard_xlsx(&data, site_id, &self.letterhead(None, None)?, Default::default())?;
        let host = url::Url::parse(&site.url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
        let safe: String = host.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' }).collect();
        let path = to.path(&format!("phieu-danh-gia-{}-{safe}.xlsx", site.id));
        crate::files::write_atomic(&path, &bytes)?;
        Ok(path)
    }

    /// Writes the scorecards of every site of a campaign into `dir`, one file per site.
    pub fn save_all_scorecards(&self, campaign_id: i64, dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
        let to = crate::files::Destination::Folder(dir.to_path_buf());
        self.list_sites(campaign_id)?.iter().map(|s| self.save_scorecard(s.id, &to)).collect()
    }

    /// Writes the ranking workbook of a campaign; returns the file.
    pub fn save_ranking(&self, campaign_id: i64, to: &crate::files::Destination, exclude_incomplete: bool) -> Result<std::path::PathBuf> {
        let data = self.campaign_scores(campaign_id)?;
        let opts = crate::export::ExportOptions { exclude_incomplete, ..Default::default() };
        let bytes = crate::export::ranking_xlsx(&data, &self.letterhead(None, None)?, opts)?;
        let path = to.path(&format!("xep-hang-chien-dich-{campaign_id}-{}.xlsx", data.campaign.year));
        crate::files::write_atomic(&path, &bytes)?;
        Ok(path)
    }

    /// Writes the campaign's results as CSV or JSON; returns the file.
    pub fn save_results(&self, campaign_id: i64, to: &crate::files::Destination, json: bool) -> Result<std::path::PathBuf> {
        let data = self.campaign_scores(campaign_id)?;
        let (text, ext) = if json {
            (serde_json::to_string_pretty(&crate::export::results_json(&data, false)).unwrap_or_default(), "json")
        } else {
            (crate::export::results_csv(&data), "csv")
        };
        let path = to.path(&format!("ket-qua-chien-dich-{campaign_id}.{ext}"));
        crate::files::write_atomic(&path, text.as_bytes())?;
        Ok(path)
    }

    /// Ranking, group averages and the weakest criteria, for the reports page.
    pub fn campaign_report(&self, campaign_id: i64, exclude_incomplete: bool) -> Result<crate::ranking::CampaignReport> {
        let data = self.campaign_scores(campaign_id)?;
        let all: Vec<&SiteScore> = data.scores.iter().collect();
        let weakest: Vec<_> = crate::ranking::weakest_criteria(&data.scores).into_iter().filter(|w| w.mean_share.is_some()).take(10).collect();
        let titles = weakest
            .iter()
            .filter_map(|w| data.criteria.iter().find(|c| c.code == w.code).map(|c| (c.code.clone(), c.title.clone())))
            .collect();
        Ok(crate::ranking::CampaignReport {
            blocks: crate::ranking::rank_by_points(&data.scores, exclude_incomplete),
            groups: crate::ranking::group_stats(&data.groups, &all),
            weakest,
            titles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(id: i64, mode: ResultMode) -> Stored {
        Stored {
            id,
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
                    keep(&mut slot, r.clone());
                }
                assert_eq!(slot.map(|s| s.id), Some(4));
            }
        }
        let mut slot = None;
        for r in [stored(7, Automatic), stored(6, Automatic)] {
            keep(&mut slot, r);
        }
        assert_eq!(slot.map(|s| s.id), Some(7));
    }
}
