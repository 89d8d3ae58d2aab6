//! DT.03 — the homepage declares its language (`<html lang="vi">`), and the declaration matches its content.
//!
//! ## What it checks
//! The `lang` (or `xml:lang`) attribute of the homepage's `<html>` element, against the language
//! of the page's content told from its words (`ttdt_snapshot::language`: Vietnamese letters and
//! common words against English function words, read in the main content when the page marks
//! one, else in the whole text).
//!
//! ## Why
//! The declared language tells screen readers how to pronounce the text and tells search
//! engines and translation tools what they read. A template's `lang="en-us"` over Vietnamese
//! content (SharePoint, some CMS themes) makes a screen reader read Vietnamese with English
//! pronunciation.
//!
//! ## Pass
//! The declared language is the content's: Vietnamese (`vi`, `vi-VN`) over Vietnamese content,
//! or content that is not clearly another language; English over English content.
//!
//! ## Fail
//! No language is declared; or the declaration contradicts the content (`en-US` over Vietnamese
//! content, `vi` over English content).
//!
//! ## Needs review
//! Another language than Vietnamese is declared and the content is both languages at length, or
//! too short to tell; or the declaration is not a language code this check knows (`vn`).
//!
//! ## References
//! Criterion DT.03 (Khai báo ngôn ngữ trang). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về
//! đặc tả dữ liệu; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 5.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::language::{self, primary_subtag, Language};

pub static CHECK: Check = Check {
    id: "metadata.language",
    criteria: &["DT.03"],
    needs: &[Need::Homepage],
    looked_for: "Thuộc tính lang của thẻ <html>, so với ngôn ngữ của nội dung trang",
    messages: &[&OK, &OTHER, &CONTRADICTS, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("lang.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "lang_ok", vi: "Trang khai báo ngôn ngữ (thuộc tính lang)." };
const OTHER: Msg = Msg { code: "lang_other", vi: "Trang khai báo ngôn ngữ khác tiếng Việt; cần người đánh giá xem." };
const CONTRADICTS: Msg = Msg { code: "lang_contradicts", vi: "Ngôn ngữ khai báo (thuộc tính lang) khác ngôn ngữ của nội dung trang." };
const MISSING: Msg = Msg { code: "lang_missing", vi: "Trang không khai báo ngôn ngữ (thiếu thuộc tính lang)." };

/// Primary subtags of a few languages a Vietnamese portal may declare, besides those the
/// detector tells: a declaration outside these is shown to a reviewer.
const KNOWN_OTHER: &[&str] = &["fr", "zh", "ja", "ko", "ru", "de", "lo", "km"];

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let Some(declared) = f.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()) else {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("html[lang]", false).at(&home.final_url)]);
    };
    let content = language::of_page(f);
    let declared_item = Item::new("html[lang]", true).at(&home.final_url).detail(declared);
    let content_item = |agrees: bool| {
        Item::new("Ngôn ngữ của nội dung", agrees).at(&home.final_url).detail(format!(
            "{} ({} từ; tiếng Việt {:.0}%, từ tiếng Anh {:.0}%)",
            content.language.label_vi(),
            content.words,
            content.vietnamese * 100.0,
            content.english * 100.0
        ))
    };
    let subtag = primary_subtag(declared);
    let told = content.language.code();
    let outcome = match (subtag.as_str(), content.language) {
        // The content is plainly another language than the one declared.
        (d, Language::Vietnamese | Language::English) if (d == "vi" || d == "en" || KNOWN_OTHER.contains(&d)) && told != Some(d) => Some((Outcome::Fail, &CONTRADICTS, false)),
        ("vi", _) => Some((Outcome::Pass, &OK, true)),
        ("en", Language::English) => Some((Outcome::Pass, &OK, true)),
        _ => None,
    };
    let (outcome, msg, agrees) = outcome.unwrap_or((Outcome::NeedsReview, &OTHER, false));
    Finding::new(outcome, msg).looking_for(looked_for).with_items(vec![declared_item, content_item(agrees)]).with_data(serde_json::json!({
        "declared": declared,
        "content_language": told,
        "words": content.words,
    }))
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
    fn a_template_left_in_english_over_the_portals_vietnamese_fails() {
        assert_outcome(&CHECK, &home(&portal_home().replace("lang=\"vi\"", "lang=\"en-US\"")), Outcome::Fail);
    }

    #[test]
    fn fails_without_a_declared_language() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home().replace(" lang=\"vi\"", "")), Outcome::Fail).msg.code, "lang_missing");
    }

    /// A SharePoint 2010 homepage: `lang="en-us"` from the template, content in Vietnamese.
    fn sharepoint(lang: &str, main: &str) -> String {
        format!(
            r#"<!DOCTYPE html><html dir="ltr" lang="{lang}"><head><meta charset="utf-8"><title>Sở Thông tin và Truyền thông</title></head>
            <body><div id="s4-ribbonrow"><a href="/_layouts/Authenticate.aspx">Sign In</a></div>{HEADER}{MENU}<div id="s4-bodyContainer"><main>{main}</main></div>{FOOTER}</body></html>"#
        )
    }

    const VI_MAIN: &str = "<h1>Tin tức - Sự kiện</h1><p>Sáng ngày 20/11, Ủy ban nhân dân tỉnh Sơn Hà tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2026. \
        Đồng chí Chủ tịch UBND tỉnh chủ trì hội nghị; tham dự có lãnh đạo các sở, ban, ngành và UBND các huyện, thành phố.</p>";
    const EN_MAIN: &str = "<h1>News</h1><p>On 20 November, the People's Committee of Son Ha province held a conference to launch the digital \
        transformation plan for 2026. The Chairman of the committee chaired the conference, which was attended by leaders of departments.</p>";

    #[test]
    fn an_english_declaration_over_vietnamese_content_fails() {
        let f = assert_outcome(&CHECK, &home(&sharepoint("en-us", VI_MAIN)), Outcome::Fail);
        assert_eq!(f.msg.code, "lang_contradicts");
        assert!(f.items[1].detail.as_deref().unwrap().starts_with("tiếng Việt"), "{:?}", f.items[1]);
        assert_eq!(assert_outcome(&CHECK, &home(&sharepoint("vi", EN_MAIN)), Outcome::Fail).msg.code, "lang_contradicts");
    }

    #[test]
    fn a_declaration_that_matches_the_content_passes() {
        assert_outcome(&CHECK, &home(&sharepoint("vi-VN", VI_MAIN)), Outcome::Pass);
        assert_outcome(&CHECK, &home(&sharepoint("en-GB", EN_MAIN)), Outcome::Pass);
    }

    #[test]
    fn mixed_content_or_an_unknown_code_needs_review() {
        let both = format!("{VI_MAIN}{EN_MAIN}");
        assert_eq!(assert_outcome(&CHECK, &home(&sharepoint("en-us", &both)), Outcome::NeedsReview).msg.code, "lang_other");
        assert_eq!(assert_outcome(&CHECK, &home(&sharepoint("vn", VI_MAIN)), Outcome::NeedsReview).msg.code, "lang_other");
    }
}
