//! CT.21 — a foreign-language version: a language switch or a linked English version that answers.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::sections::foreign_link;

pub static CHECK: Check = Check {
    id: "foreign.version",
    criteria: &["CT.21"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về chức năng",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Liên kết hreflang hoặc “English/Tiếng Anh”, và trang đó trả lời";
    let Some(link) = foreign_link(f) else {
        return Finding::new(Outcome::Fail, "foreign_missing").looking_for(looked_for).with_items(vec![Item::new("Phiên bản tiếng nước ngoài", false).at(&home.final_url)]);
    };
    let found = Item::new("Liên kết phiên bản tiếng nước ngoài", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", link.href, link.text));
    let Some(target) = &link.url else { return Finding::new(Outcome::NeedsReview, "section_unverified").looking_for(looked_for).with_items(vec![found]) };
    match ctx.page_for(target) {
        Some(p) if p.ok() => Finding::new(Outcome::Pass, "foreign_ok").looking_for(looked_for).with_items(vec![found, Item::new("Trang tiếng nước ngoài", true).at(&p.final_url)]),
        Some(p) if p.status.is_unreachable() => Finding::new(Outcome::NeedsReview, "section_unverified").looking_for(looked_for).with_items(vec![found, Item::new("Trang tiếng nước ngoài", false).at(&p.url).detail(p.status.label_vi())]),
        Some(p) => Finding::new(Outcome::Fail, "foreign_broken").looking_for(looked_for).with_items(vec![found, Item::new("Trang tiếng nước ngoài", false).at(&p.url).detail(format!("HTTP {}", p.http_status.unwrap_or(0)))]),
        // A link to another site (en.example.gov.vn) is not fetched: the reviewer confirms it.
        None => Finding::new(Outcome::NeedsReview, "section_external").looking_for(looked_for).with_items(vec![found]),
    }
}
