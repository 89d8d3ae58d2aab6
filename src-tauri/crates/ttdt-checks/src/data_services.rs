//! DT.04 — data shared as services: a machine-readable feed, or an open-data or API link. The
//! reviewer confirms actual web services.

use super::feed::feed_items;
use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "data.services",
    criteria: &["DT.04"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu chung: chia sẻ dữ liệu qua dịch vụ web; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 5",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let mut items = Vec::new();
    for feed in ctx.snap.feeds.iter().filter(|p| p.ok() && feed_items(&p.body).is_some()) {
        items.push(Item::new("Nguồn RSS/Atom", true).at(&feed.url));
    }
    for l in f.links.iter().filter(|l| l.folded.contains("dữ liệu mở") || l.folded.contains("open data") || l.folded.marked == "api" || l.href.to_ascii_lowercase().contains("/api/")) {
        items.push(Item::new("Dữ liệu mở / API", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text)));
    }
    let looked_for = "Nguồn RSS/Atom đọc được, liên kết dữ liệu mở hoặc API";
    if items.is_empty() {
        Finding::new(Outcome::Fail, "data_services_missing").looking_for(looked_for).with_items(vec![Item::new("Dữ liệu máy đọc được", false).at(&home.final_url)])
    } else {
        Finding::new(Outcome::Pass, "data_services_found").looking_for(looked_for).with_items(items)
    }
}
