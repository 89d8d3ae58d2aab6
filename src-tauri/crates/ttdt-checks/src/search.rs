//! CT.18 — a working search: the form exists, and searching a word taken from the site returns a
//! page that shows it in its results.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;

pub static CHECK: Check = Check {
    id: "search.works",
    criteria: &["CT.18"],
    legal_basis: "Luật CNTT 2006, Điều 28 khoản 1; Thông tư 22/2023/TT-BTTTT, yêu cầu về chức năng",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Ô tìm kiếm trên trang chủ; tìm thử một từ của trang và xem trang kết quả";
    if !f.forms.iter().any(|fm| fm.is_search) {
        return Finding::new(Outcome::Fail, "search_missing").looking_for(looked_for).with_items(vec![Item::new("Ô tìm kiếm", false).at(&home.final_url).detail("form[role=search], input[type=search]")]);
    }
    let form = Item::new("Ô tìm kiếm", true).at(&home.final_url);
    let (Some(page), Some(term)) = (&ctx.snap.search, &ctx.snap.search_term) else {
        return Finding::new(Outcome::NeedsReview, "search_not_run").looking_for(looked_for).with_items(vec![form]);
    };
    if !(page.ok() && page.is_html()) {
        let detail = page.http_status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| page.status.label_vi().to_string());
        if page.status.is_unreachable() {
            return Finding::new(Outcome::Error, "search_error").looking_for(looked_for).with_items(vec![form, Item::new("Trang kết quả", false).at(&page.url).detail(detail)]);
        }
        return Finding::new(Outcome::Fail, "search_no_results").looking_for(looked_for).with_items(vec![form, Item::new("Trang kết quả", false).at(&page.url).detail(detail)]);
    }
    let Ok(u) = url::Url::parse(&page.final_url) else { return Finding::new(Outcome::Error, "search_error") };
    let results = PageFacts::parse(&u, &page.body);
    // A result is a link (outside the menus and footer, not an in-page anchor) whose text holds the word.
    let hit = results
        .links
        .iter()
        .filter(|l| matches!(l.region, ttdt_snapshot::html::Region::Main | ttdt_snapshot::html::Region::Other) && !l.href.trim_start().starts_with('#'))
        .find(|l| l.folded.contains(term));
    match hit {
        Some(l) => Finding::new(Outcome::Pass, "search_works")
            .looking_for(looked_for)
            .with_items(vec![form, Item::new(format!("Kết quả cho “{term}”"), true).at(&page.final_url).detail(&l.text)]),
        None => Finding::new(Outcome::Fail, "search_no_results")
            .looking_for(looked_for)
            .with_items(vec![form, Item::new(format!("Kết quả cho “{term}”"), false).at(&page.final_url)]),
    }
}
