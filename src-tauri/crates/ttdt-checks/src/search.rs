//! CT.18 — a working search: the homepage has a search form, and searching a word of the site shows it in the results.
//!
//! ## What it checks
//! The homepage's forms, for a search form (`role="search"`, a `type="search"` field, a field
//! named `q`, `s`, `search`, `keyword`, `tukhoa`…, or an action containing `tim-kiem` or
//! `search`). Collection then submitted the form once (GET) with a word taken from the site; the
//! results page must hold a link, outside the menus and the footer and not an in-page anchor,
//! whose text contains that word.
//!
//! ## Why
//! On a portal of thousands of documents and articles, search is how citizens find what the
//! menus do not show; a box that returns nothing is no search.
//!
//! ## Pass
//! The search returned a result containing the word.
//!
//! ## Fail
//! No search form; or the results page shows no result with the word, or answered an HTTP
//! error.
//!
//! ## Needs review
//! There is a search form but collection could not try it (a POST form, or no word to search):
//! the reviewer tries it.
//!
//! ## Error
//! The results page could not be fetched (timeout, the site stopped answering), or is too
//! complex to parse (nested too deep or too many elements): it was not seen.
//!
//! ## References
//! Criterion CT.18 (Chức năng tìm kiếm hoạt động). Legal basis: Luật Công nghệ thông tin
//! 67/2006/QH11, Điều 28 khoản 1; Thông tư 22/2023/TT-BTTTT, Yêu cầu về chức năng.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;

pub static CHECK: Check = Check {
    id: "search.works",
    criteria: &["CT.18"],
    needs: &[Need::Homepage],
    looked_for: "Ô tìm kiếm trên trang chủ; tìm thử một từ của trang và xem trang kết quả",
    messages: &[&WORKS, &NO_RESULTS, &NOT_RUN, &ERROR, &TOO_COMPLEX, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("search.rs")),
    evaluate,
};

const WORKS: Msg = Msg { code: "search_works", vi: "Có ô tìm kiếm và tìm thử trả về kết quả chứa từ khóa." };
const NO_RESULTS: Msg = Msg { code: "search_no_results", vi: "Có ô tìm kiếm nhưng tìm thử không trả về kết quả chứa từ khóa." };
const NOT_RUN: Msg = Msg { code: "search_not_run", vi: "Có ô tìm kiếm nhưng không tìm thử được (biểu mẫu POST hoặc không có từ khóa); cần người đánh giá thử." };
const ERROR: Msg = Msg { code: "search_error", vi: "Tìm thử không tải được trang kết quả." };
const TOO_COMPLEX: Msg = Msg {
    code: "search_too_complex",
    vi: "Trang kết quả tìm thử quá phức tạp để phân tích (lồng quá sâu hoặc quá nhiều thẻ); cần người đánh giá xem.",
};
const MISSING: Msg = Msg { code: "search_missing", vi: "Không có chức năng tìm kiếm." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    if !f.forms.iter().any(|fm| fm.is_search) {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Ô tìm kiếm", false).at(&home.final_url).detail("form[role=search], input[type=search]")]);
    }
    let form = Item::new("Ô tìm kiếm", true).at(&home.final_url);
    let (Some(page), Some(term)) = (&ctx.snap.search, &ctx.snap.search_term) else {
        return Finding::new(Outcome::NeedsReview, &NOT_RUN).looking_for(looked_for).with_items(vec![form]);
    };
    if !(page.ok() && page.is_html()) {
        let detail = page.http_status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| page.status.label_vi().to_string());
        if page.status.is_unreachable() {
            return Finding::new(Outcome::Error, &ERROR).looking_for(looked_for).with_items(vec![form, Item::new("Trang kết quả", false).at(&page.url).detail(detail)]);
        }
        return Finding::new(Outcome::Fail, &NO_RESULTS).looking_for(looked_for).with_items(vec![form, Item::new("Trang kết quả", false).at(&page.url).detail(detail)]);
    }
    let Ok(u) = url::Url::parse(&page.final_url) else { return Finding::new(Outcome::Error, &ERROR) };
    // A results page too complex to parse was not seen: that is no verdict on the search.
    let Ok(results) = PageFacts::read(&u, &page.body) else {
        return Finding::new(Outcome::Error, &TOO_COMPLEX)
            .looking_for(looked_for)
            .with_items(vec![form, Item::new("Trang kết quả", false).at(&page.url).detail(ttdt_snapshot::FetchStatus::TooComplex.label_vi())]);
    };
    // A result is a link (outside the menus and footer, not an in-page anchor) whose text holds the word.
    let hit = results
        .links
        .iter()
        .filter(|l| matches!(l.region, ttdt_snapshot::html::Region::Main | ttdt_snapshot::html::Region::Other) && !l.href.trim_start().starts_with('#'))
        .find(|l| l.folded.contains(term));
    match hit {
        Some(l) => Finding::new(Outcome::Pass, &WORKS)
            .looking_for(looked_for)
            .with_items(vec![form, Item::new(format!("Kết quả cho “{term}”"), true).at(&page.final_url).detail(&l.text)]),
        None => Finding::new(Outcome::Fail, &NO_RESULTS)
            .looking_for(looked_for)
            .with_items(vec![form, Item::new(format!("Kết quả cho “{term}”"), false).at(&page.final_url)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::{FetchStatus, Page, PageKind};

    const SEARCH_FORM: &str = r#"<form class="search-box" action="/tim-kiem/" method="get"><input type="text" name="keyword" aria-label="Từ khóa" placeholder="Nhập từ khóa tìm kiếm"><button type="submit">Tìm kiếm</button></form>"#;
    const RESULTS_URL: &str = "https://sonha.gov.vn/tim-kiem/?keyword=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91";

    fn searched(results: Option<Page>) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&page_html("", &[HEADER, MENU, SEARCH_FORM, NEWS, FOOTER].join("\n")));
        snap.search = results;
        snap.search_term = Some("chuyển đổi số".into());
        snap
    }

    fn results_page(main: &str) -> Page {
        html_page(RESULTS_URL, PageKind::Search, &page_html("", &format!("{HEADER}{MENU}<main><h1>Kết quả tìm kiếm</h1>{main}</main>{FOOTER}")))
    }

    #[test]
    fn passes_when_the_results_hold_the_word() {
        let main = r#"<p>Tìm thấy 2 kết quả</p><ul><li><a href="/tin-tuc/hoi-nghi-chuyen-doi-so-2026.html">Hội nghị triển khai chuyển đổi số năm 2026</a></li>
            <li><a href="/van-ban/112-kh-ubnd.html">Kế hoạch chuyển đổi số năm 2027</a></li></ul>"#;
        let f = assert_outcome(&CHECK, &searched(Some(results_page(main))), Outcome::Pass);
        assert_eq!(f.items[1].detail.as_deref(), Some("Hội nghị triển khai chuyển đổi số năm 2026"));
    }

    #[test]
    fn fails_when_the_results_page_shows_nothing() {
        let f = assert_outcome(&CHECK, &searched(Some(results_page("<p>Không tìm thấy kết quả nào phù hợp.</p>"))), Outcome::Fail);
        assert_eq!(f.msg.code, "search_no_results");
        let f = assert_outcome(&CHECK, &searched(Some(error_page(RESULTS_URL, PageKind::Search, 500))), Outcome::Fail);
        assert_eq!(f.items[1].detail.as_deref(), Some("HTTP 500"));
    }

    #[test]
    fn fails_without_a_search_form() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail).msg.code, "search_missing");
    }

    #[test]
    fn a_search_not_tried_needs_review_and_one_that_timed_out_is_an_error() {
        assert_eq!(assert_outcome(&CHECK, &searched(None), Outcome::NeedsReview).msg.code, "search_not_run");
        let timed_out = Page::failed(RESULTS_URL, PageKind::Search, FetchStatus::Timeout, "timeout");
        assert_eq!(assert_outcome(&CHECK, &searched(Some(timed_out)), Outcome::Error).msg.code, "search_error");
    }

    #[test]
    fn a_results_page_too_complex_to_parse_is_an_error_not_a_fail() {
        let deep = format!("{}chuyển đổi số{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let f = assert_outcome(&CHECK, &searched(Some(results_page(&deep))), Outcome::Error);
        assert_eq!(f.msg.code, "search_too_complex");
    }
}
