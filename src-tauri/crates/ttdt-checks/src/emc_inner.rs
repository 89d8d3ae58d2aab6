//! KN.02 — the EMC code on every sampled inner page, with the homepage's site id.

use serde_json::json;

use super::{emc, Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "emc.inner_pages",
    criteria: &["KN.02"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu chung: nhúng mã giám sát EMC",
    needs: &[Need::Homepage, Need::InnerPages],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let home_id = ctx.home.as_ref().and_then(|(p, f)| emc::detect(f, &p.body)).and_then(|e| e.site_id);
    let pages: Vec<_> = ctx.inner.iter().filter(|(p, _)| p.kind != ttdt_snapshot::PageKind::Foreign).collect();
    if pages.is_empty() {
        return Finding::new(Outcome::NotTested, "no_inner_pages");
    }
    let mut items = Vec::new();
    let mut good = 0;
    for (page, facts) in &pages {
        let found = emc::detect(facts, &page.body);
        let ok = found.as_ref().is_some_and(|e| home_id.is_none() || e.site_id == home_id);
        good += usize::from(ok);
        let detail = match &found {
            Some(e) => format!("site id {}", e.site_id.clone().unwrap_or_else(|| "?".into())),
            None => "không có mã EMC".into(),
        };
        items.push(Item::new("Mã EMC", ok).at(&page.final_url).detail(detail));
    }
    Finding::by_share(good, pages.len(), "emc_inner_all", "emc_inner_some", "emc_inner_none")
        .looking_for("Mã giám sát EMC với cùng mã trang trên từng trang bên trong được lấy mẫu")
        .with_items(items)
        .with_data(json!({ "site_id": home_id, "pages": pages.len(), "with_code": good }))
}
