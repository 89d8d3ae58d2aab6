//! CT.06 — news are kept up to date: the newest dated item of the news list, against the scan's
//! start time (7 days pass, 30 days partial).

use serde_json::json;

use ttdt_snapshot::sections::SectionDef;
use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "news.freshness",
    criteria: &["CT.06"],
    legal_basis: "Luật CNTT 2006, Điều 28 khoản 1; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 3",
    needs: &[Need::Homepage, Need::InnerPages],
    evaluate,
};

const NEWS: SectionDef = SectionDef { code: "CT.06", check_id: "news.freshness", names: &["tin tức", "tin hoạt động", "sự kiện"], slugs: &["tin-tuc", "tintuc", "news"] };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Chuyên mục tin tức và ngày đăng của tin mới nhất (dd/mm/yyyy)";
    let link = NEWS.link(f);
    let list = link.and_then(|l| l.url.as_ref()).and_then(|u| ctx.facts_for(u));
    if link.is_none() && !f.text.contains("tin tức") {
        return Finding::new(Outcome::Fail, "news_missing").looking_for(looked_for).with_items(vec![Item::new("Chuyên mục tin tức", false).at(&home.final_url)]);
    }
    let today = ctx.snap.started_at.date();
    let (where_url, dates) = match list {
        Some((p, lf)) if !lf.dates.is_empty() => (p.final_url.clone(), lf.dates.clone()),
        _ => (home.final_url.clone(), f.dates.clone()),
    };
    let newest = dates.iter().filter(|d| **d <= today).max().copied();
    let Some(newest) = newest else {
        return Finding::new(Outcome::NeedsReview, "news_no_dates").looking_for(looked_for).with_items(vec![Item::new("Ngày đăng tin", false).at(where_url)]);
    };
    let age = (today - newest).whole_days();
    let item = Item::new("Tin mới nhất", age <= 30).at(where_url).detail(format!("{:02}/{:02}/{} ({} ngày trước)", newest.day(), u8::from(newest.month()), newest.year(), age));
    let f = if age <= 7 {
        Finding::new(Outcome::Pass, "news_fresh")
    } else if age <= 30 {
        Finding::partial(0.5, "news_month")
    } else {
        Finding::new(Outcome::Fail, "news_stale")
    };
    f.looking_for(looked_for).with_items(vec![item]).with_data(json!({ "newest": newest.to_string(), "age_days": age }))
}
