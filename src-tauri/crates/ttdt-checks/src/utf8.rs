//! CT.25 — Unicode: the declared charset is UTF-8 and the body decodes as UTF-8.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "encoding.utf8",
    criteria: &["CT.25"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về kỹ thuật",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Bảng mã khai báo (HTTP Content-Type hoặc <meta charset>) là UTF-8 và nội dung giải mã được theo UTF-8";
    let header = home.content_type.as_deref().and_then(ttdt_snapshot::html::charset_from_content_type);
    let declared = header.clone().or_else(|| f.meta_charset.clone());
    let used = home.charset.clone().unwrap_or_default();
    let item = Item::new("Bảng mã", true).at(&home.final_url).detail(format!(
        "khai báo: {}; giải mã: {} (từ {})",
        declared.clone().unwrap_or_else(|| "không có".into()),
        used,
        home.charset_source.clone().unwrap_or_default()
    ));
    let is_utf8 = |c: &str| matches!(c, "utf-8" | "utf8");
    match declared.as_deref() {
        Some(c) if is_utf8(c) && !home.decode_errors => Finding::new(Outcome::Pass, "utf8_ok").looking_for(looked_for).with_items(vec![item]),
        Some(c) if is_utf8(c) => Finding::new(Outcome::Fail, "utf8_invalid").looking_for(looked_for).with_items(vec![Item { found: false, ..item }]),
        Some(_) => Finding::new(Outcome::Fail, "legacy_charset").looking_for(looked_for).with_items(vec![Item { found: false, ..item }]),
        None => Finding::new(Outcome::Fail, "utf8_not_declared").looking_for(looked_for).with_items(vec![Item { found: false, ..item }]),
    }
}
