//! DT.01 — title, description and keywords on every sampled page.
//!
//! ## What it checks
//! The homepage and every sampled inner page, for a non-empty `<title>`, a
//! `<meta name="description">` and a `<meta name="keywords">` (also in `http-equiv`, as old
//! templates write them). Names are read in any case (`NAME="Description"`); a tag with an empty
//! `content` counts as missing; when a tag is repeated, the first non-empty one counts and the
//! evidence says it is repeated. A name written with quotes inside it (`name="”keywords”"`, typographic
//! quotes pasted from a word processor) is no such tag for search engines and the national
//! platforms that read it: it counts as missing, and the evidence names the mistake so that it is
//! fixed in one place. The evidence lists each page with what it lacks.
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

/// Quotes a template may leave inside a name.
const QUOTES: &[char] = &['"', '\'', '“', '”', '‘', '’', '„', ' '];

fn evaluate(ctx: &Context<'_>) -> Finding {
    if ctx.home.is_none() {
        return Finding::new(Outcome::Error, &SITE_UNREACHABLE);
    }
    let mut items = Vec::new();
    let mut good = 0;
    let mut total = 0;
    for (page, f) in ctx.all_pages() {
        total += 1;
        let mut missing = Vec::new();
        let mut notes = Vec::new();
        if f.title.as_deref().is_none_or(str::is_empty) {
            missing.push("title".to_string());
        }
        for name in ["description", "keywords"] {
            let tags = f.metas.iter().filter(|(k, _)| k == name).count();
            let misnamed = f.metas.iter().find(|(k, v)| k != name && !v.is_empty() && k.trim_matches(QUOTES) == name);
            match f.meta(name) {
                None if misnamed.is_some() => missing.push(format!("{name} (thẻ viết sai tên: name=\"{}\")", misnamed.map(|(k, _)| k.as_str()).unwrap_or(""))),
                None if tags > 0 => missing.push(format!("{name} (nội dung rỗng)")),
                None => missing.push(name.to_string()),
                Some(_) if tags > 1 => notes.push(format!("{tags} thẻ {name}, dùng thẻ đầu tiên có nội dung")),
                Some(_) => {}
            }
        }
        good += usize::from(missing.is_empty());
        let mut detail = if missing.is_empty() { String::new() } else { format!("thiếu: {}", missing.join(", ")) };
        if !notes.is_empty() {
            detail = [detail, notes.join("; ")].into_iter().filter(|d| !d.is_empty()).collect::<Vec<_>>().join("; ");
        }
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
    fn reads_tags_as_careless_templates_write_them() {
        let head = "<meta NAME=\"Description\" content=\"Cổng thông tin điện tử tỉnh Sơn Hà\">\n<meta http-equiv=\"keywords\" content=\"Sơn Hà, UBND tỉnh\">";
        assert_outcome(&CHECK, &portal(head, head), Outcome::Pass);
        // Typographic quotes inside the name: no keywords tag, and the evidence says why.
        let quoted = "<meta name=\"description\" content=\"Cổng thông tin điện tử tỉnh Sơn Hà\">\n<meta name=\"”keywords”\" content=\"Sơn Hà\">";
        let f = assert_outcome(&CHECK, &portal(quoted, quoted), Outcome::Fail);
        assert_eq!(f.items[0].detail.as_deref(), Some("thiếu: keywords (thẻ viết sai tên: name=\"”keywords”\")"));
        // Repeated: the first non-empty one counts, and the evidence says so.
        let repeated = format!("<meta name=\"description\" content=\"\">{TAGS}<meta name=\"keywords\" content=\"Sơn Hà\">");
        let f = assert_outcome(&CHECK, &portal(&repeated, TAGS), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("2 thẻ description, dùng thẻ đầu tiên có nội dung; 2 thẻ keywords, dùng thẻ đầu tiên có nội dung"));
        // Empty content is missing.
        let empty = r#"<meta name="description" content="Giới thiệu"><meta name="keywords" content="  ">"#;
        let f = assert_outcome(&CHECK, &portal(TAGS, empty), Outcome::Partial);
        assert_eq!(f.items[1].detail.as_deref(), Some("thiếu: keywords (nội dung rỗng)"));
    }

    #[test]
    fn fails_when_no_page_has_a_description_or_keywords() {
        assert_eq!(assert_outcome(&CHECK, &portal("", ""), Outcome::Fail).msg.code, "meta_none");
    }
}
