//! DT.01 — title, description and keywords on every sampled page.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "metadata.page_tags",
    criteria: &["DT.01"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về đặc tả dữ liệu; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 5",
    needs: &[Need::Homepage, Need::InnerPages],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    if ctx.home.is_none() {
        return Finding::new(Outcome::Error, "site_unreachable");
    }
    let mut items = Vec::new();
    let mut good = 0;
    let mut total = 0;
    for (page, f) in ctx.all_pages() {
        total += 1;
        let missing: Vec<&str> = [
            ("title", f.title.as_deref().is_some_and(|t| !t.is_empty())),
            ("description", f.meta("description").is_some()),
            ("keywords", f.meta("keywords").is_some()),
        ]
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(n, _)| *n)
        .collect();
        good += usize::from(missing.is_empty());
        let detail = if missing.is_empty() { String::new() } else { format!("thiếu: {}", missing.join(", ")) };
        items.push(Item::new("title, description, keywords", missing.is_empty()).at(&page.final_url).detail(detail));
    }
    Finding::by_share(good, total, "meta_all", "meta_some", "meta_none")
        .looking_for("<title>, <meta name=description>, <meta name=keywords> trên từng trang được lấy mẫu")
        .with_items(items)
}
