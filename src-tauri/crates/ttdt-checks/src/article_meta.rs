//! DT.02 — article metadata (title, author, date, language) by Dublin Core, Open Graph or schema.org, on the sampled article pages.
//!
//! ## What it checks
//! On each sampled article page, four pieces of metadata, each found by any of:
//! - title: `DC.title`, `DCTERMS.title`, `og:title`, or a JSON-LD `headline`;
//! - author: `DC.creator`, `DCTERMS.creator`, `author`, `article:author`, or a JSON-LD `author`;
//! - date: `DC.date`, `DCTERMS.date`, `DCTERMS.created`, `article:published_time`, `date`,
//!   `pubdate`, or a JSON-LD `datePublished`;
//! - language: `DC.language`, `DCTERMS.language`, `og:locale`, `language`, `content-language`,
//!   a JSON-LD `inLanguage`, or the page's `<html lang>`.
//!
//! The `<title>` element alone does not count: the criterion asks for structured metadata.
//! A declared language counts only when it is the article's: where the article's text is plainly
//! Vietnamese or English and every declaration names another language (a template's
//! `lang="en-us"` over a Vietnamese article), the language is wrong metadata, not metadata.
//!
//! ## Why
//! Structured metadata let search engines, aggregators and the national data platforms read an
//! article's title, author and date without guessing from the layout.
//!
//! ## Pass
//! Every sampled article has all four pieces.
//!
//! ## Partial
//! Some pieces are there: the share is the pieces found out of four per article, over all the
//! sampled articles.
//!
//! ## Fail
//! No sampled article has any of the four pieces.
//!
//! ## Needs review
//! The scan sampled no article page (no news list, or no article link found on it).
//!
//! ## References
//! Criterion DT.02 (Đặc tả bài viết: Dublin Core / Open Graph / schema.org (tiêu đề, tác giả,
//! ngày, ngôn ngữ)). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về đặc tả dữ liệu; Nghị định
//! 224/2026/NĐ-CP, Điều 11 khoản 5.

use regex::Regex;
use std::sync::OnceLock;

use super::{Check, Context, Finding, Item, Msg, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;
use ttdt_snapshot::language::{self, primary_subtag};
use ttdt_snapshot::PageKind;

pub static CHECK: Check = Check {
    id: "metadata.article",
    criteria: &["DT.02"],
    needs: &[Need::Homepage, Need::InnerPages],
    looked_for: "Thẻ DC.*, og:*, article:* hoặc JSON-LD schema.org: tiêu đề, tác giả, ngày, ngôn ngữ",
    messages: &[&ALL, &SOME, &NONE, &NO_ARTICLES],
    doc_comment: crate::doc_header(include_str!("article_meta.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "article_meta_all", vi: "Các bài viết được lấy mẫu có đặc tả tiêu đề, tác giả, ngày, ngôn ngữ." };
const SOME: Msg = Msg { code: "article_meta_some", vi: "Đặc tả bài viết chưa đủ." };
const NONE: Msg = Msg { code: "article_meta_none", vi: "Bài viết không có đặc tả Dublin Core / Open Graph / schema.org." };
const NO_ARTICLES: Msg = Msg { code: "no_articles", vi: "Không lấy được bài viết nào để kiểm tra; cần người đánh giá xem." };

fn any(f: &PageFacts, keys: &[&str]) -> bool {
    keys.iter().any(|k| f.meta(k).is_some())
}

fn ld(f: &PageFacts, key: &str) -> bool {
    f.json_ld.iter().any(|j| j.contains(&format!("\"{key}\"")))
}

/// The languages the page declares, from its metas, its JSON-LD and its `<html lang>`.
fn declared_languages(f: &PageFacts) -> Vec<String> {
    static LD: OnceLock<Regex> = OnceLock::new();
    let ld_re = LD.get_or_init(|| Regex::new(r#""inLanguage"\s*:\s*"([^"]*)""#).expect("static regex"));
    let metas = ["dc.language", "dcterms.language", "og:locale", "language", "content-language"].into_iter().filter_map(|k| f.meta(k)).map(str::to_string);
    let ld = f.json_ld.iter().flat_map(|j| ld_re.captures_iter(j).map(|c| c[1].to_string()).collect::<Vec<_>>());
    metas.chain(ld).chain(f.lang.clone()).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// Whether the page declares a language and at least one declaration is the text's (or the text
/// is too short or too mixed to tell); else what was declared against what the text is.
fn language_ok(f: &PageFacts) -> Result<(), String> {
    let declared = declared_languages(f);
    if declared.is_empty() {
        return Err("ngôn ngữ".into());
    }
    let content = language::of_page(f);
    let Some(code) = content.language.code() else { return Ok(()) };
    if declared.iter().any(|d| primary_subtag(d) == code) {
        return Ok(());
    }
    Err(format!("ngôn ngữ (khai báo {}, nội dung {})", declared.join(", "), content.language.label_vi()))
}

pub fn missing(f: &PageFacts) -> Vec<String> {
    let mut out = Vec::new();
    if !(any(f, &["dc.title", "dcterms.title", "og:title"]) || ld(f, "headline")) {
        out.push("tiêu đề".to_string());
    }
    if !(any(f, &["dc.creator", "dcterms.creator", "author", "article:author"]) || ld(f, "author")) {
        out.push("tác giả".to_string());
    }
    if !(any(f, &["dc.date", "dcterms.date", "dcterms.created", "article:published_time", "date", "pubdate"]) || ld(f, "datePublished")) {
        out.push("ngày".to_string());
    }
    if let Err(why) = language_ok(f) {
        out.push(why);
    }
    out
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = CHECK.looked_for;
    let articles: Vec<_> = ctx.inner_of_kind(PageKind::Article).collect();
    if articles.is_empty() {
        return Finding::new(Outcome::NeedsReview, &NO_ARTICLES).looking_for(looked_for);
    }
    let mut items = Vec::new();
    let mut parts = 0;
    for (page, f) in &articles {
        let m = missing(f);
        parts += 4 - m.len();
        let detail = if m.is_empty() { String::new() } else { format!("thiếu: {}", m.join(", ")) };
        items.push(Item::new("Đặc tả bài viết", m.is_empty()).at(&page.final_url).detail(detail));
    }
    Finding::by_share(parts, articles.len() * 4, &ALL, &SOME, &NONE).looking_for(looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    const ARTICLE: &str = r#"<main><article><h1>Hội nghị triển khai chuyển đổi số năm 2026</h1>
        <p class="date">Thứ Sáu, 20/11/2026</p>
        <p>Sáng 20/11, Ủy ban nhân dân tỉnh Sơn Hà tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2026.</p>
        <p class="author">Minh Anh - Văn phòng UBND tỉnh</p></article></main>"#;

    fn with_article(head: &str, html_open: &str) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        let html = format!("<!DOCTYPE html>{html_open}<head><meta charset=\"utf-8\"><title>Hội nghị triển khai chuyển đổi số năm 2026</title>{head}</head><body>{MENU}{ARTICLE}{FOOTER}</body></html>");
        add_page(&mut snap, "/tin-tuc/hoi-nghi-chuyen-doi-so-2026.html", PageKind::Article, &html);
        snap
    }

    #[test]
    fn passes_an_article_with_open_graph_and_author_metadata() {
        let head = r#"<meta property="og:title" content="Hội nghị triển khai chuyển đổi số năm 2026">
            <meta name="author" content="Minh Anh"><meta property="article:published_time" content="2026-11-20T08:30:00+07:00">"#;
        assert_outcome(&CHECK, &with_article(head, r#"<html lang="vi">"#), Outcome::Pass);
    }

    #[test]
    fn passes_an_article_with_dublin_core() {
        let head = r#"<meta name="DC.title" content="Hội nghị triển khai chuyển đổi số năm 2026"><meta name="DC.creator" content="Minh Anh">
            <meta name="DC.date" content="2026-11-20"><meta name="DC.language" content="vi">"#;
        assert_outcome(&CHECK, &with_article(head, "<html>"), Outcome::Pass);
    }

    #[test]
    fn an_article_with_only_a_title_and_a_language_is_partial() {
        let f = assert_outcome(&CHECK, &with_article(r#"<meta property="og:title" content="Hội nghị chuyển đổi số">"#, r#"<html lang="vi">"#), Outcome::Partial);
        assert_eq!(f.share, 0.5);
        assert_eq!(f.items[0].detail.as_deref(), Some("thiếu: tác giả, ngày"));
    }

    #[test]
    fn fails_an_article_without_any_metadata() {
        let f = assert_outcome(&CHECK, &with_article("", "<html>"), Outcome::Fail);
        assert_eq!(f.msg.code, "article_meta_none");
    }

    #[test]
    fn an_english_declaration_over_a_vietnamese_article_is_no_language_metadata() {
        // SharePoint 2010 leaves its template's lang="en-us" on every page.
        let f = assert_outcome(&CHECK, &with_article("", r#"<html dir="ltr" lang="en-us">"#), Outcome::Fail);
        assert_eq!(f.msg.code, "article_meta_none");
        assert_eq!(f.items[0].detail.as_deref(), Some("thiếu: tiêu đề, tác giả, ngày, ngôn ngữ (khai báo en-us, nội dung tiếng Việt)"));
    }

    #[test]
    fn one_declaration_that_matches_the_article_is_enough() {
        let head = r#"<meta property="og:title" content="Hội nghị"><meta property="og:locale" content="vi_VN">"#;
        let f = assert_outcome(&CHECK, &with_article(head, r#"<html lang="en-us">"#), Outcome::Partial);
        assert_eq!(f.items[0].detail.as_deref(), Some("thiếu: tác giả, ngày"));
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Hội nghị","inLanguage":"vi-VN"}</script>"#;
        let f = assert_outcome(&CHECK, &with_article(ld, r#"<html lang="en">"#), Outcome::Partial);
        assert_eq!(f.items[0].detail.as_deref(), Some("thiếu: tác giả, ngày"));
    }

    #[test]
    fn no_sampled_article_needs_review() {
        assert_outcome(&CHECK, &home(&portal_home()), Outcome::NeedsReview);
    }
}
