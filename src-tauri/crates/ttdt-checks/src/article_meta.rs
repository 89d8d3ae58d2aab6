//! DT.02 — article metadata (title, author, date, language) by Dublin Core, Open Graph or
//! schema.org, on the sampled article pages.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;
use ttdt_snapshot::PageKind;

pub static CHECK: Check = Check {
    id: "metadata.article",
    criteria: &["DT.02"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về đặc tả dữ liệu; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 5",
    needs: &[Need::Homepage, Need::InnerPages],
    evaluate,
};

fn any(f: &PageFacts, keys: &[&str]) -> bool {
    keys.iter().any(|k| f.meta(k).is_some())
}

fn ld(f: &PageFacts, key: &str) -> bool {
    f.json_ld.iter().any(|j| j.contains(&format!("\"{key}\"")))
}

pub fn missing(f: &PageFacts) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !(any(f, &["dc.title", "dcterms.title", "og:title"]) || ld(f, "headline")) {
        out.push("tiêu đề");
    }
    if !(any(f, &["dc.creator", "dcterms.creator", "author", "article:author"]) || ld(f, "author")) {
        out.push("tác giả");
    }
    if !(any(f, &["dc.date", "dcterms.date", "dcterms.created", "article:published_time", "date", "pubdate"]) || ld(f, "datePublished")) {
        out.push("ngày");
    }
    if !(any(f, &["dc.language", "dcterms.language", "og:locale", "language", "content-language"]) || ld(f, "inLanguage") || f.lang.is_some()) {
        out.push("ngôn ngữ");
    }
    out
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = "Thẻ DC.*, og:*, article:* hoặc JSON-LD schema.org: tiêu đề, tác giả, ngày, ngôn ngữ";
    let articles: Vec<_> = ctx.inner_of_kind(PageKind::Article).collect();
    if articles.is_empty() {
        return Finding::new(Outcome::NeedsReview, "no_articles").looking_for(looked_for);
    }
    let mut items = Vec::new();
    let mut parts = 0;
    for (page, f) in &articles {
        let m = missing(f);
        parts += 4 - m.len();
        let detail = if m.is_empty() { String::new() } else { format!("thiếu: {}", m.join(", ")) };
        items.push(Item::new("Đặc tả bài viết", m.is_empty()).at(&page.final_url).detail(detail));
    }
    Finding::by_share(parts, articles.len() * 4, "article_meta_all", "article_meta_some", "article_meta_none").looking_for(looked_for).with_items(items)
}
