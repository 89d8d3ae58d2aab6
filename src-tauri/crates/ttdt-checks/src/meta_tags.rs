//! DT.01 — title, description and keywords on every sampled page.
//!
//! ## What it checks
//! The homepage and every sampled inner page, for a non-empty `<title>`, a
//! `<meta name="description">` and a `<meta name="keywords">`. The evidence lists each page
//! with what it lacks.
//!
//! ## Why
//! The title, description and keywords are what search engines show and index: without them a
//! page is hard to find and its result says nothing.
//!
//! ## Pass
//! Every sampled page has all three.
//!
//! ## Partial
//! Some pages do: the share is the pages with all three out of the pages sampled.
//!
//! ## Fail
//! No sampled page has all three.
//!
//! ## References
//! Criterion DT.01 (Thẻ mô tả trang: title, description, keywords). Legal basis: Thông tư
//! 22/2023/TT-BTTTT, Yêu cầu về đặc tả dữ liệu; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 5.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "metadata.page_tags",
    criteria: &["DT.01"],
    needs: &[Need::Homepage, Need::InnerPages],
    looked_for: "<title>, <meta name=description>, <meta name=keywords> trên từng trang được lấy mẫu",
    messages: &[&ALL, &SOME, &NONE, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("meta_tags.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "meta_all", vi: "Mọi trang được lấy mẫu có đủ title, description, keywords." };
const SOME: Msg = Msg { code: "meta_some", vi: "Một phần trang thiếu title, description hoặc keywords." };
const NONE: Msg = Msg { code: "meta_none", vi: "Không trang nào có đủ title, description, keywords." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    if ctx.home.is_none() {
        return Finding::new(Outcome::Error, &SITE_UNREACHABLE);
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
    Finding::by_share(good, total, &ALL, &SOME, &NONE).looking_for(CHECK.looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    const TAGS: &str = r#"<meta name="description" content="Cổng thông tin điện tử tỉnh Sơn Hà: tin tức, văn bản, thủ tục hành chính">
<meta name="keywords" content="Sơn Hà, UBND tỉnh Sơn Hà, cổng thông tin điện tử">"#;

    fn portal(home_head: &str, inner_head: &str) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&page_html(home_head, &[HEADER, MENU, NEWS, FOOTER].join("\n")));
        add_page(&mut snap, "/gioi-thieu/", PageKind::Introduction, &page_html(inner_head, &format!("{HEADER}{MENU}<main><h1>Giới thiệu</h1></main>{FOOTER}")));
        snap
    }

    #[test]
    fn passes_when_every_page_has_the_three_tags() {
        assert_outcome(&CHECK, &portal(TAGS, TAGS), Outcome::Pass);
    }

    #[test]
    fn an_inner_page_without_keywords_is_partial() {
        let f = assert_outcome(&CHECK, &portal(TAGS, r#"<meta name="description" content="Giới thiệu tỉnh Sơn Hà">"#), Outcome::Partial);
        assert_eq!((f.share, f.items[1].detail.as_deref()), (0.5, Some("thiếu: keywords")));
    }

    #[test]
    fn fails_when_no_page_has_a_description_or_keywords() {
        assert_eq!(assert_outcome(&CHECK, &portal("", ""), Outcome::Fail).msg.code, "meta_none");
    }
}
