//! DT.03 — the homepage declares its language (`<html lang="vi">`).
//!
//! ## What it checks
//! The `lang` (or `xml:lang`) attribute of the homepage's `<html>` element.
//!
//! ## Why
//! The declared language tells screen readers how to pronounce the text and tells search
//! engines and translation tools what they read.
//!
//! ## Pass
//! The language is Vietnamese (`vi`, `vi-VN`).
//!
//! ## Fail
//! No language is declared.
//!
//! ## Needs review
//! Another language is declared (often a template's `en` left unchanged): the reviewer checks
//! whether the page is in that language.
//!
//! ## References
//! Criterion DT.03 (Khai báo ngôn ngữ trang). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về
//! đặc tả dữ liệu; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 5.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "metadata.language",
    criteria: &["DT.03"],
    needs: &[Need::Homepage],
    looked_for: "Thuộc tính lang của thẻ <html>",
    messages: &[&OK, &OTHER, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("lang.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "lang_ok", vi: "Trang khai báo ngôn ngữ (thuộc tính lang)." };
const OTHER: Msg = Msg { code: "lang_other", vi: "Trang khai báo ngôn ngữ khác tiếng Việt; cần người đánh giá xem." };
const MISSING: Msg = Msg { code: "lang_missing", vi: "Trang không khai báo ngôn ngữ (thiếu thuộc tính lang)." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    match f.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(l) if l.to_ascii_lowercase().starts_with("vi") => Finding::new(Outcome::Pass, &OK).looking_for(looked_for).with_items(vec![Item::new("html[lang]", true).at(&home.final_url).detail(l)]),
        Some(l) => Finding::new(Outcome::NeedsReview, &OTHER).looking_for(looked_for).with_items(vec![Item::new("html[lang]", true).at(&home.final_url).detail(l)]),
        None => Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("html[lang]", false).at(&home.final_url)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    #[test]
    fn passes_a_page_declared_vietnamese() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::Pass).items[0].detail.as_deref(), Some("vi"));
        assert_outcome(&CHECK, &home(&portal_home().replace("lang=\"vi\"", "lang=\"vi-VN\"")), Outcome::Pass);
    }

    #[test]
    fn a_template_left_in_english_needs_review() {
        assert_outcome(&CHECK, &home(&portal_home().replace("lang=\"vi\"", "lang=\"en-US\"")), Outcome::NeedsReview);
    }

    #[test]
    fn fails_without_a_declared_language() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home().replace(" lang=\"vi\"", "")), Outcome::Fail).msg.code, "lang_missing");
    }
}
