//! Exports written to files: the store reads the data, the export crate formats it, and the file
//! is written whole or not at all.

use std::path::{Path, PathBuf};

use ttdt_model::campaign_scores::{CampaignScores, Letterhead};
use ttdt_model::domain::Site;
use ttdt_model::error::Result;
use ttdt_store::files::{self, Destination};
use ttdt_store::Store;

/// The letterhead of a campaign's documents: the campaign's issuer, place and signatories (or
/// the `issuer` and `place` given, e.g. by the command line), dated now, with the versions of this
/// application and of its checks.
pub fn letterhead(store: &Store, campaign_id: i64, issuer: Option<&str>, place: Option<&str>) -> Result<Letterhead> {
    let mut head = store.letterhead(campaign_id, issuer, place)?;
    head.versions.app = env!("CARGO_PKG_VERSION").to_string();
    head.versions.checks = ttdt_checks::CHECKS_VERSION.to_string();
    Ok(head)
}

/// Writes the scorecard of a site (into a folder under its default name, or to a chosen file); returns the file.
pub fn save_scorecard(store: &Store, site_id: i64, to: &Destination) -> Result<PathBuf> {
    let site = store.site(site_id)?;
    let data = store.campaign_scores(site.campaign_id)?;
    write_scorecard(&data, &site, &letterhead(store, site.campaign_id, None, None)?, to)
}

/// Writes the scorecards of every site of a campaign into `dir`, one file per site. The campaign
/// is read and scored once for all of them.
pub fn save_all_scorecards(store: &Store, campaign_id: i64, dir: &Path) -> Result<Vec<PathBuf>> {
    let to = Destination::Folder(dir.to_path_buf());
    let data = store.campaign_scores(campaign_id)?;
    let head = letterhead(store, campaign_id, None, None)?;
    data.sites.iter().map(|site| write_scorecard(&data, site, &head, &to)).collect()
}

fn write_scorecard(data: &CampaignScores, site: &Site, head: &Letterhead, to: &Destination) -> Result<PathBuf> {
    let bytes = ttdt_export::scorecard_xlsx(data, site.id, head, Default::default())?;
    let path = to.path(&scorecard_name(site));
    files::write_atomic(&path, &bytes)?;
    Ok(path)
}

/// The scorecard's file name: `phieu-danh-gia-<id>-<host>.xlsx`.
pub fn scorecard_name(site: &Site) -> String {
    format!("phieu-danh-gia-{}-{}.xlsx", site.id, file_host(&site.url))
}

/// A site's host as a file name part (letters, digits, dots and dashes).
pub fn file_host(url: &str) -> String {
    let host = url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    host.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' }).collect()
}

/// Writes the ranking workbook of a campaign; returns the file.
pub fn save_ranking(store: &Store, campaign_id: i64, to: &Destination, exclude_incomplete: bool) -> Result<PathBuf> {
    let data = store.campaign_scores(campaign_id)?;
    let opts = ttdt_export::ExportOptions { exclude_incomplete, ..Default::default() };
    let bytes = ttdt_export::ranking_xlsx(&data, &letterhead(store, campaign_id, None, None)?, opts)?;
    let path = to.path(&format!("xep-hang-chien-dich-{campaign_id}-{}.xlsx", data.campaign.year));
    files::write_atomic(&path, &bytes)?;
    Ok(path)
}

/// Writes the campaign's results as CSV or JSON; returns the file.
pub fn save_results(store: &Store, campaign_id: i64, to: &Destination, json: bool) -> Result<PathBuf> {
    let data = store.campaign_scores(campaign_id)?;
    let (text, ext) = if json {
        (serde_json::to_string_pretty(&ttdt_export::results_json(&data, false)).unwrap_or_default(), "json")
    } else {
        (ttdt_export::results_csv(&data), "csv")
    };
    let path = to.path(&format!("ket-qua-chien-dich-{campaign_id}.{ext}"));
    files::write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

