//! CT.18 — a working search: the homepage has a search form, and searching a word of the site shows it in the results.
//!
//! ## What it checks
//! The homepage's forms, for a search form: `role="search"`, a `type="search"` field, a field
//! named as the usual platforms name it (`q`, `s` of WordPress, `k` of SharePoint, `searchword`
//! of Joomla, `…_keywords` of Liferay, `…$txtSearch` of ASP.NET, `keyword`, `tukhoa`…), an
//! action of a search page (`/web/guest/tim-kiem`, `osssearchresults.aspx`, `…search…`,
//! `com_finder`) or a hidden `option=com_search`; else a search field outside any form that a
//! script submits, or a search widget a script renders. Collection then searched once with a
//! word taken from the site, through the form with its hidden fields (a GET form, else the
//! address the script builds, `'/Portal/Search.aspx?keyword=' + encodeURIComponent(…)`, else a
//! form that posts, as Joomla's `com_search` does); the results page must hold a link, outside
//! the menus and the footer and not an in-page anchor, whose text contains that word.
//!
//! ## Why
//! On a portal of thousands of documents and articles, search is how citizens find what the
//! menus do not show; a box that returns nothing is no search.
//!
//! ## Pass
//! The search returned a result containing the word.
//!
//! ## Fail
//! No search form and no search field at all; or the results page says it found nothing ("Không
//! tìm thấy", "Không có kết quả", "No results"…), or answered an HTTP error.
//!
//! ## Needs review
//! - a search field outside any form, submitted by a script, or a search widget a script renders,
//!   which collection could not try (the evidence names the field);
//! - a search form collection could not try (no field to fill, or no word to search);
//! - a results page that neither shows the word in a result nor says it found nothing: results
//!   that match the word in their text but not in their titles, results a script loads, or the
//!   homepage served again (the query ignored). The evidence gives the results page.
//!
//! The reviewer tries the search.
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
use ttdt_model::text::Vocab;
use ttdt_snapshot::html::{PageFacts, Region};

/// What a results page says when it found nothing (Vietnamese and English templates of the usual
/// platforms).
static NOTHING_FOUND: Vocab = Vocab::new(&[
    "không tìm thấy", "không có kết quả", "không tìm được", "chưa có dữ liệu", "không có dữ liệu", "không có bài viết", "không có tin",
    "không có mục nào", "no results", "nothing found", "did not match any", "nothing here matches", "no items match",
]);

pub static CHECK: Check = Check {
    id: "search.works",
    criteria: &["CT.18"],
    needs: &[Need::Homepage],
    looked_for: "Ô tìm kiếm trên trang chủ; tìm thử một từ của trang và xem trang kết quả",
    messages: &[&WORKS, &NO_RESULTS, &NOT_RUN, &SCRIPTED, &UNCLEAR, &ERROR, &TOO_COMPLEX, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("search.rs")),
    evaluate,
};

const WORKS: Msg = Msg { code: "search_works", vi: "Có ô tìm kiếm và tìm thử trả về kết quả chứa từ khóa." };
const NO_RESULTS: Msg = Msg { code: "search_no_results", vi: "Có ô tìm kiếm nhưng tìm thử không trả về kết quả chứa từ khóa." };
const NOT_RUN: Msg = Msg { code: "search_not_run", vi: "Có ô tìm kiếm nhưng không tìm thử được (không có ô nhập hoặc không có từ khóa); cần người đánh giá thử." };
const SCRIPTED: Msg = Msg {
    code: "search_scripted",
    vi: "Có ô tìm kiếm nhưng được gửi bằng JavaScript (không nằm trong biểu mẫu) nên không tìm thử được; cần người đánh giá thử.",
};
const UNCLEAR: Msg = Msg {
    code: "search_unclear",
    vi: "Đã tìm thử nhưng trang kết quả không có mục nào chứa từ khóa ở tiêu đề và cũng không báo “không tìm thấy”; cần người đánh giá xem.",
};
const ERROR: Msg = Msg { code: "search_error", vi: "Tìm thử không tải được trang kết quả." };
const TOO_COMPLEX: Msg = Msg {
    code: "search_too_complex",
    vi: "Trang kết quả tìm thử quá phức tạp để phân tích (lồng quá sâu hoặc quá nhiều thẻ); cần người đánh giá xem.",
};
const MISSING: Msg = Msg { code: "search_missing", vi: "Không có chức năng tìm kiếm." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let in_form = f.forms.iter().any(|fm| fm.is_search);
    let scripted = f.search_boxes.first().cloned().or_else(|| f.scripted_search.as_ref().map(|(u, p)| format!("{u}?{p}=…")));
    let form = match (in_form, &scripted) {
        // A posted search shows what was sent: its address has no query to show it.
        (true, _) => match (&ctx.snap.search_form, &ctx.snap.search) {
            (Some(body), Some(page)) => Item::new("Ô tìm kiếm", true).at(&home.final_url).detail(format!("POST {}: {}", page.url, ttdt_model::text::clip(body, 200))),
            _ => Item::new("Ô tìm kiếm", true).at(&home.final_url),
        },
        (false, Some(field)) => Item::new("Ô tìm kiếm (gửi bằng JavaScript)", true).at(&home.final_url).detail(field),
        (false, None) => {
            return Finding::new(Outcome::Fail, &MISSING)
                .looking_for(looked_for)
                .with_items(vec![Item::new("Ô tìm kiếm", false).at(&home.final_url).detail("form[role=search], input[type=search], input[name=q|s|k|keyword|searchword…]")]);
        }
    };
    let (Some(page), Some(term)) = (&ctx.snap.search, &ctx.snap.search_term) else {
        let msg = if in_form { &NOT_RUN } else { &SCRIPTED };
        return Finding::new(Outcome::NeedsReview, msg).looking_for(looked_for).with_items(vec![form]);
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
    let what = format!("Kết quả cho “{term}”");
    // The homepage served again: the query was ignored (a hidden field the form needs was not
    // sent), so its links prove nothing.
    if results.title == f.title && results.links.len() == f.links.len() && results.text_len.abs_diff(f.text_len) * 50 <= f.text_len {
        return Finding::new(Outcome::NeedsReview, &UNCLEAR)
            .looking_for(looked_for)
            .with_items(vec![form, Item::new(what, false).at(&page.final_url).detail("trang trả về giống trang chủ (từ khóa bị bỏ qua)")]);
    }
    // Results are links outside the menus and footer, not in-page anchors.
    let content: Vec<_> = results.links.iter().filter(|l| matches!(l.region, Region::Main | Region::Other) && !l.href.trim_start().starts_with('#')).collect();
    if let Some(l) = content.iter().find(|l| l.folded.contains(term)) {
        return Finding::new(Outcome::Pass, &WORKS).looking_for(looked_for).with_items(vec![form, Item::new(what, true).at(&page.final_url).detail(&l.text)]);
    }
    if let Some(said) = NOTHING_FOUND.find_in(&results.text) {
        return Finding::new(Outcome::Fail, &NO_RESULTS).looking_for(looked_for).with_items(vec![form, Item::new(what, false).at(&page.final_url).detail(format!("trang kết quả ghi “{said}”"))]);
    }
    // Results whose titles do not hold the word, or results a script loads: a person looks.
    let titles = content.iter().filter(|l| l.text.split_whitespace().count() >= 4).count();
    let detail = if titles > 0 {
        format!("{titles} liên kết trong nội dung, không liên kết nào chứa từ khóa ở tiêu đề; trang không báo “không tìm thấy”")
    } else {
        "trang không hiện kết quả nào đọc được (có thể tải bằng JavaScript) và không báo “không tìm thấy”".to_string()
    };
    Finding::new(Outcome::NeedsReview, &UNCLEAR).looking_for(looked_for).with_items(vec![form, Item::new(what, false).at(&page.final_url).detail(detail)])
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
    fn a_posted_search_passes_on_its_results_and_shows_what_was_sent() {
        let joomla = r#"<form action="/index.php" method="post"><label for="s">Tìm kiếm...</label><input name="searchword" id="s" type="text">
            <input type="hidden" name="option" value="com_search"><input type="hidden" name="task" value="search"></form>"#;
        let mut snap = home(&page_html("", &[HEADER, MENU, joomla, NEWS, FOOTER].join("\n")));
        let results = r#"<dl class="search-results"><dt class="result-title"><a href="/index.php?option=com_content&amp;view=article&amp;id=152">Chuyển đổi số ở xã Tân Phú</a></dt></dl>"#;
        let mut page = results_page(results);
        page.url = url("/index.php");
        page.final_url = page.url.clone();
        snap.search = Some(page);
        snap.search_term = Some("chuyển".into());
        snap.search_form = Some("searchword=chuy%E1%BB%83n&option=com_search&task=search".into());
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("POST https://sonha.gov.vn/index.php: searchword=chuy%E1%BB%83n&option=com_search&task=search"));
        assert_eq!(f.items[1].detail.as_deref(), Some("Chuyển đổi số ở xã Tân Phú"));
    }

    #[test]
    fn fails_when_the_results_page_shows_nothing() {
        let f = assert_outcome(&CHECK, &searched(Some(results_page("<p>Không tìm thấy kết quả nào phù hợp.</p>"))), Outcome::Fail);
        assert_eq!(f.msg.code, "search_no_results");
        let f = assert_outcome(&CHECK, &searched(Some(error_page(RESULTS_URL, PageKind::Search, 500))), Outcome::Fail);
        assert_eq!(f.items[1].detail.as_deref(), Some("HTTP 500"));
    }

    #[test]
    fn results_that_do_not_echo_the_word_or_load_by_script_need_review() {
        let main = r#"<ul class="search-results"><li><a href="/van-ban/112-kh-ubnd.html">Kế hoạch số 112/KH-UBND năm 2026 của tỉnh</a></li>
            <li><a href="/tin-tuc/hoi-nghi.html">Hội nghị triển khai nhiệm vụ năm 2027 của tỉnh</a></li></ul>"#;
        let f = assert_outcome(&CHECK, &searched(Some(results_page(main))), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "search_unclear");
        assert!(f.items[1].detail.as_deref().unwrap().starts_with("2 liên kết"), "{}", f.evidence());
        // SharePoint's results page, which a script fills.
        let f = assert_outcome(&CHECK, &searched(Some(results_page(r#"<div id="ctl00_PlaceHolderMain_SearchResults"></div>"#))), Outcome::NeedsReview);
        assert!(f.items[1].detail.as_deref().unwrap().contains("JavaScript"));
    }

    #[test]
    fn the_homepage_served_again_proves_nothing() {
        let mut snap = searched(None);
        let body = snap.homepage.as_ref().unwrap().body.clone();
        snap.search = Some(html_page(RESULTS_URL, PageKind::Search, &body));
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::NeedsReview).msg.code, "search_unclear");
    }

    #[test]
    fn finds_the_search_forms_of_the_usual_platforms() {
        for form in [
            // Liferay
            r#"<form action="/web/guest/tim-kiem" method="get"><input name="_3_keywords" type="text"><input type="submit" value="Tìm"></form>"#,
            // SharePoint 2010
            r#"<form action="/_layouts/OSSSearchResults.aspx" method="get"><input name="k" type="text"></form>"#,
            // Joomla
            r#"<form action="/index.php" method="post"><input name="searchword" type="text"><input type="hidden" name="option" value="com_search"></form>"#,
            r#"<form action="/index.php?option=com_finder&view=search"><input name="q"></form>"#,
            // WordPress
            r#"<form action="https://sonha.gov.vn/" method="get"><input type="text" name="s"></form>"#,
            // ASP.NET: one form around the page
            r#"<form id="aspnetForm" action="./Default.aspx" method="post"><input name="ctl00$Header$txtSearch" type="text"><input name="__VIEWSTATE" type="hidden" value="x"></form>"#,
        ] {
            let snap = home(&page_html("", &[HEADER, MENU, form, NEWS, FOOTER].join("\n")));
            let f = assert_outcome(&CHECK, &snap, Outcome::NeedsReview);
            assert_eq!(f.msg.code, "search_not_run", "{form}");
        }
    }

    #[test]
    fn a_search_box_a_script_submits_needs_review_with_the_field() {
        let boxed = r#"<div class="search"><input type="text" id="txtSearch" placeholder="Nhập từ khóa..." onkeypress="doSearch(event)"><a href="javascript:doSearch()">Tìm</a></div>"#;
        let f = assert_outcome(&CHECK, &home(&page_html("", &[HEADER, MENU, boxed, NEWS, FOOTER].join("\n"))), Outcome::NeedsReview);
        assert_eq!((f.msg.code, f.items[0].detail.as_deref()), ("search_scripted", Some(r#"input#txtSearch[placeholder="Nhập từ khóa..."]"#)));
    }

    #[test]
    fn a_search_a_script_sends_is_judged_on_its_results() {
        let boxed = r#"<div class="search-box"><input type="text" id="txtSearch" placeholder="Nhập từ khóa tìm kiếm..."><a href="javascript:DoSearch();">Tìm kiếm</a></div>
            <script>function DoSearch(){ window.location.href = '/Portal/Search.aspx?keyword=' + encodeURIComponent(document.getElementById('txtSearch').value); }</script>"#;
        let mut snap = home(&page_html("", &[HEADER, MENU, boxed, NEWS, FOOTER].join("\n")));
        snap.search_term = Some("chuyển đổi số".into());
        let main = r#"<ul><li><a href="/Portal/ViewNews.aspx?NewsID=2418">Hội nghị triển khai chuyển đổi số năm 2026</a></li></ul>"#;
        snap.search = Some(results_page(main));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.items[0].what, "Ô tìm kiếm (gửi bằng JavaScript)");
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
