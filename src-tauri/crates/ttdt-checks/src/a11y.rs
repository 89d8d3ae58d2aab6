//! CT.24 — accessibility rules that hold on the HTML alone: page language, title, image alt texts,
//! form labels, heading order, link text, skip link. Rules that need a rendered page (contrast,
//! focus) are left to the reviewer.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;

pub static CHECK: Check = Check {
    id: "a11y.static_rules",
    criteria: &["CT.24"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT; Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm c",
    needs: &[Need::Homepage],
    evaluate,
};

pub fn rules(f: &PageFacts) -> Vec<Item> {
    let mut items = Vec::new();
    items.push(Item::new("Khai báo ngôn ngữ (html[lang])", f.lang.as_deref().is_some_and(|l| !l.is_empty())));
    items.push(Item::new("Tiêu đề trang (title)", f.title.as_deref().is_some_and(|t| !t.is_empty())));
    let no_alt: Vec<&str> = f.images.iter().filter(|i| i.alt.is_none()).map(|i| i.src.as_str()).collect();
    items.push(Item::new("Ảnh có văn bản thay thế (img[alt])", no_alt.is_empty()).detail(no_alt.iter().take(5).map(|s| format!("img[src=\"{s}\"]")).collect::<Vec<_>>().join(", ")));
    let unlabelled = f.forms.iter().flat_map(|fm| fm.inputs.iter()).filter(|i| !i.labelled).count();
    items.push(Item::new("Ô nhập liệu có nhãn (label)", unlabelled == 0).detail(if unlabelled > 0 { format!("{unlabelled} ô không có nhãn") } else { String::new() }));
    let order_ok = f.headings.first().is_some_and(|h| *h == 1) && f.headings.windows(2).all(|w| w[1] <= w[0] + 1);
    items.push(Item::new("Thứ tự tiêu đề (h1 → h2 → …)", order_ok).detail(f.headings.iter().map(|h| format!("h{h}")).collect::<Vec<_>>().join(" ")));
    let empty_links = f.links.iter().filter(|l| l.text.trim().is_empty()).count();
    items.push(Item::new("Liên kết có chữ mô tả", empty_links == 0).detail(if empty_links > 0 { format!("{empty_links} liên kết không có chữ") } else { String::new() }));
    items.push(Item::new("Liên kết bỏ qua đến nội dung chính", f.first_link_is_skip));
    items
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let items: Vec<Item> = rules(f).into_iter().map(|i| i.at(&home.final_url)).collect();
    let found = items.iter().filter(|i| i.found).count();
    Finding::by_share(found, items.len(), "a11y_all", "a11y_some", "a11y_none")
        .looking_for("7 quy tắc tĩnh: lang, title, alt, nhãn ô nhập, thứ tự tiêu đề, chữ của liên kết, liên kết bỏ qua")
        .with_items(items)
}
