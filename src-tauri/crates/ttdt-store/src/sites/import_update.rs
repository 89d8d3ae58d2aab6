//! "Update existing" on a re-import: a row whose address is already in the campaign brings that
//! site's agency, level, block and parent up to date instead of being refused as a duplicate.
//! Every changed field is logged as an edit by hand is.

use rusqlite::{params, OptionalExtension, Transaction};

use super::{log_change, validate_site, Change};
use ttdt_model::domain::{EvaluationStatus, Level, SiteInput};
use ttdt_model::error::{Error, Result};
use ttdt_model::import::RowAction;
use ttdt_model::site_url;

/// A site of the campaign as a row may update it.
pub(super) struct Existing {
    id: i64,
    agency_name: String,
    level: Level,
    block: String,
    url: String,
    parent_site_id: Option<i64>,
    finalised: bool,
}

/// The campaign's site at the address of a row, if any.
pub(super) fn existing(tx: &Transaction<'_>, campaign_id: i64, url: &str) -> Result<Option<Existing>> {
    let Ok(key) = site_url::normalise(url).map(|u| u.key) else { return Ok(None) };
    Ok(tx
        .query_row(
            "SELECT s.id, s.agency_name, s.level, s.block, s.url, s.parent_site_id, e.status
             FROM site s JOIN evaluation e ON e.site_id = s.id
             WHERE s.campaign_id = ?1 AND s.url_key = ?2",
            params![campaign_id, key],
            |r| {
                let level: String = r.get(2)?;
                let status: String = r.get(6)?;
                Ok(Existing {
                    id: r.get(0)?,
                    agency_name: r.get(1)?,
                    level: Level::parse(&level).unwrap_or(Level::ProvincialDepartment),
                    block: r.get(3)?,
                    url: r.get(4)?,
                    parent_site_id: r.get(5)?,
                    finalised: EvaluationStatus::parse(&status) == Some(EvaluationStatus::Finalised),
                })
            },
        )
        .optional()?)
}

/// Updates `old` from a row's values (`row.url` is ignored: the address stays as stored). An
/// empty block keeps the site's block (or takes the new level's default when the level changes);
/// no parent in the row keeps the site's parent. A finalised evaluation's site is not changed.
pub(super) fn update(tx: &Transaction<'_>, now: &str, actor: &str, campaign_id: i64, old: &Existing, row: &SiteInput) -> Result<RowAction> {
    let block = match row.block.trim() {
        "" if row.level == old.level => old.block.clone(),
        "" => String::new(),
        b => b.to_string(),
    };
    let input = SiteInput {
        agency_name: row.agency_name.clone(),
        level: row.level,
        block,
        url: old.url.clone(),
        parent_site_id: row.parent_site_id.or(old.parent_site_id),
    };
    let v = validate_site(tx, campaign_id, &input, Some(old.id))?;
    let id_text = |p: Option<i64>| p.map(|p| p.to_string()).unwrap_or_default();
    let fields: [(&'static str, String, String); 4] = [
        ("agency_name", old.agency_name.clone(), v.agency_name.clone()),
        ("level", old.level.as_str().into(), v.level.as_str().into()),
        ("block", old.block.clone(), v.block.clone()),
        ("parent_site_id", id_text(old.parent_site_id), id_text(v.parent_site_id)),
    ];
    if fields.iter().all(|(_, before, after)| before == after) {
        return Ok(RowAction::Unchanged);
    }
    if old.finalised {
        return Err(Error::invalid(
            "site",
            "evaluation is finalised",
            "Trang đã chốt kết quả đánh giá nên không cập nhật được; hãy mở lại phiếu trước.",
        ));
    }
    tx.execute(
        "UPDATE site SET agency_name = ?1, level = ?2, block = ?3, parent_site_id = ?4 WHERE id = ?5",
        params![v.agency_name, v.level.as_str(), v.block, v.parent_site_id, old.id],
    )?;
    for (field, before, after) in fields {
        if before != after {
            log_change(tx, now, actor, Change::new("site", old.id, field).before(Some(before)).after(Some(after)))?;
        }
    }
    Ok(RowAction::Update)
}
