//! DT.03 — the page declares its language (`<html lang="vi">`).

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "metadata.language",
    criteria: &["DT.03"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về đặc tả dữ liệu; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 5",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Thuộc tính lang của thẻ <html>";
    match f.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(l) if l.to_ascii_lowercase().starts_with("vi") => Finding::new(Outcome::Pass, "lang_ok").looking_for(looked_for).with_items(vec![Item::new("html[lang]", true).at(&home.final_url).detail(l)]),
        Some(l) => Finding::new(Outcome::NeedsReview, "lang_other").looking_for(looked_for).with_items(vec![Item::new("html[lang]", true).at(&home.final_url).detail(l)]),
        None => Finding::new(Outcome::Fail, "lang_missing").looking_for(looked_for).with_items(vec![Item::new("html[lang]", false).at(&home.final_url)]),
    }
}
