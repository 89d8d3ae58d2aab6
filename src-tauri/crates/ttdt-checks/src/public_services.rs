//! CT.09 — administrative procedures and online public services: a section, or links to the
//! national or provincial public service portal.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::bare_host;

pub static CHECK: Check = Check {
    id: "services.public_services",
    criteria: &["CT.09"],
    legal_basis: "Luật CNTT 2006, Điều 28 khoản 2 điểm c, g; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm a",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Chuyên mục thủ tục hành chính / dịch vụ công, hoặc liên kết đến Cổng Dịch vụ công";
    let portal = f.links.iter().find(|l| l.url.as_ref().is_some_and(|u| bare_host(u).contains("dichvucong")));
    let section = f.links.iter().find(|l| l.folded.contains("thủ tục hành chính") || l.folded.contains("dịch vụ công"));
    let mut items = Vec::new();
    if let Some(l) = portal {
        items.push(Item::new("Liên kết Cổng Dịch vụ công", true).at(&home.final_url).detail(format!("a[href=\"{}\"]", l.href)));
    }
    if let Some(l) = section {
        items.push(Item::new("Chuyên mục thủ tục hành chính", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text)));
    }
    if items.is_empty() {
        return Finding::new(Outcome::Fail, "services_missing").looking_for(looked_for).with_items(vec![Item::new("Thủ tục hành chính / dịch vụ công", false).at(&home.final_url)]);
    }
    Finding::new(Outcome::Pass, "services_found").looking_for(looked_for).with_items(items)
}
