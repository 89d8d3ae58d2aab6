//! CT.21 — a foreign-language version: a language switch or a link to an English version that answers in another language.
//!
//! ## What it checks
//! Where a foreign-language version may be, strongest first: `<link rel="alternate" hreflang>`
//! in the head, links with a non-Vietnamese `hreflang`, links or language-box options named
//! "English", "EN", "Tiếng Anh" or shown as a flag (an icon whose class or file name says `en`,
//! `us`, `uk`), then links whose address has the form of one (an `en.` subdomain, `/en`,
//! `/english`, a segment ending in `-eng` such as `/sotttt-eng/`). Collection fetches the first
//! two on the portal or a related host. A candidate is judged by what answers, not by how it is
//! named: it must answer `2xx` with a page that is not a "not found" page (nor the site's answer
//! to an address that does not exist) and whose main content is in another language than
//! Vietnamese, as told from its words (Vietnamese letters and words against English ones).
//!
//! ## Why
//! Foreign investors, visitors and partners read the portal in another language; a switch that
//! leads to an error page, or back to Vietnamese pages, serves none of them.
//!
//! ## Pass
//! A candidate's page answered in another language.
//!
//! ## Fail
//! No candidate; or every candidate fetched answered an HTTP error, a "not found" page, or a page
//! in Vietnamese.
//!
//! ## Needs review
//! No candidate passed, and one leads to a site that is not fetched (a translation service),
//! could not be fetched (timeout, budget spent), or answered a page whose language could not be
//! told (too little text, both languages at length).
//!
//! ## References
//! Criterion CT.21 (Phiên bản tiếng nước ngoài). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu
//! về chức năng.

use super::section::{EXTERNAL, UNVERIFIED};
use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;
use ttdt_snapshot::language::{self, Language};
use ttdt_snapshot::sections::foreign_candidates;
use ttdt_snapshot::stub::says_not_found;

pub static CHECK: Check = Check {
    id: "foreign.version",
    criteria: &["CT.21"],
    needs: &[Need::Homepage],
    looked_for: "Liên kết hreflang, “English/Tiếng Anh”, cờ hoặc địa chỉ dạng /en, en.; trang đó trả lời bằng tiếng nước ngoài",
    messages: &[&OK, &BROKEN, &VIETNAMESE, &UNCLEAR, &MISSING, &UNVERIFIED, &EXTERNAL, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("foreign.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "foreign_ok", vi: "Có phiên bản tiếng nước ngoài và trang đó tải được." };
const BROKEN: Msg = Msg { code: "foreign_broken", vi: "Có liên kết phiên bản tiếng nước ngoài nhưng trang đó lỗi." };
const VIETNAMESE: Msg = Msg { code: "foreign_vietnamese", vi: "Liên kết phiên bản tiếng nước ngoài dẫn đến trang tiếng Việt." };
const UNCLEAR: Msg = Msg { code: "foreign_unclear", vi: "Trang phiên bản tiếng nước ngoài tải được nhưng chưa xác định được ngôn ngữ; cần người đánh giá xem." };
const MISSING: Msg = Msg { code: "foreign_missing", vi: "Không có liên kết phiên bản tiếng nước ngoài." };

/// Candidates judged: those collection fetched, and one more to show what was not.
const JUDGED: usize = 3;

/// What a candidate turned out to be, from the most to the least favourable.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Seen {
    Foreign,
    Unclear,
    Unverified,
    External,
    Vietnamese,
    Broken,
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let candidates = foreign_candidates(f);
    if candidates.is_empty() {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Phiên bản tiếng nước ngoài", false).at(&home.final_url)]);
    }
    let mut items = Vec::new();
    let mut best: Option<Seen> = None;
    for target in candidates.iter().take(JUDGED) {
        let link = f.links.iter().chain(f.select_links.iter()).find(|l| l.url.as_ref().is_some_and(|u| u.as_str().split('#').next() == Some(target.as_str())));
        let named = match link {
            Some(l) => format!("a[href=\"{}\"]: {}", l.href, if l.text.is_empty() { l.hint.as_str() } else { l.text.as_str() }),
            None => format!("link[rel=alternate][hreflang]: {target}"),
        };
        items.push(Item::new("Liên kết phiên bản tiếng nước ngoài", true).at(&home.final_url).detail(named));
        let (seen, item) = judge_candidate(ctx, target, f);
        items.push(item);
        best = Some(best.map_or(seen, |b| b.min(seen)));
        if seen == Seen::Foreign {
            break;
        }
    }
    let f = match best.unwrap_or(Seen::Broken) {
        Seen::Foreign => Finding::new(Outcome::Pass, &OK),
        Seen::Unclear => Finding::new(Outcome::NeedsReview, &UNCLEAR),
        Seen::Unverified => Finding::new(Outcome::NeedsReview, &UNVERIFIED),
        Seen::External => Finding::new(Outcome::NeedsReview, &EXTERNAL),
        Seen::Vietnamese => Finding::new(Outcome::Fail, &VIETNAMESE),
        Seen::Broken => Finding::new(Outcome::Fail, &BROKEN),
    };
    f.looking_for(looked_for).with_items(items)
}

/// The words of a page that the homepage does not show (English function words kept): its own
/// text, without the menus, banner and footer it shares with the homepage.
fn own_text(facts: &PageFacts, home: &PageFacts) -> String {
    let words = |t: &str| t.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>();
    let on_home: std::collections::HashSet<String> = words(&home.text.marked).into_iter().collect();
    words(&facts.text.marked).into_iter().filter(|w| language::is_english_word(w) || !on_home.contains(w)).collect::<Vec<_>>().join(" ")
}

/// What a candidate's address answered, with its evidence item.
fn judge_candidate(ctx: &Context<'_>, target: &url::Url, home: &PageFacts) -> (Seen, Item) {
    let item = |found: bool, url: &str| Item::new("Trang tiếng nước ngoài", found).at(url);
    let Some(p) = ctx.page_for(target) else {
        // Not fetched: another site (a translation service), or beyond what collection fetched.
        let seen = if ttdt_snapshot::html::bare_host(target) != ttdt_snapshot::html::bare_host(&home.url) { Seen::External } else { Seen::Unverified };
        return (seen, item(false, target.as_str()).detail("chưa tải trang này"));
    };
    if !p.ok() {
        return match p.http_status {
            Some(s) if s >= 400 => (Seen::Broken, item(false, &p.url).detail(format!("HTTP {s}"))),
            _ => (Seen::Unverified, item(false, &p.url).detail(p.status.label_vi())),
        };
    }
    let Some((_, facts)) = ctx.facts_for(target) else {
        // Answered, but not HTML or not readable: a document in another language is possible.
        return (Seen::Unclear, item(false, &p.final_url).detail(p.content_type.clone().unwrap_or_else(|| p.status.label_vi().into())));
    };
    if let Some(why) = says_not_found(facts).map(|w| format!("trang báo không tìm thấy ({w})")).or_else(|| {
        ctx.not_found.as_ref().filter(|nf| nf.like(p, facts)).map(|_| "giống trang báo lỗi của cổng khi mở một địa chỉ không tồn tại".to_string())
    }) {
        return (Seen::Broken, item(false, &p.final_url).detail(why));
    }
    // An English version often keeps the Vietnamese menus and footer: what the page says beyond
    // the homepage decides when there is enough of it.
    let own = language::detect(&own_text(facts, home));
    let lang = if own.language != Language::Unknown { own } else { language::of_page(facts) };
    let detail = format!("nội dung {} ({} từ; tiếng Việt {:.0}%, từ tiếng Anh {:.0}%)", lang.language.label_vi(), lang.words, lang.vietnamese * 100.0, lang.english * 100.0);
    match lang.language {
        Language::English => (Seen::Foreign, item(true, &p.final_url).detail(detail)),
        Language::Vietnamese => (Seen::Vietnamese, item(false, &p.final_url).detail(detail)),
        Language::Mixed | Language::Unknown => (Seen::Unclear, item(false, &p.final_url).detail(detail)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::{FetchStatus, Page, PageKind};

    /// The homepage with a language switch in the banner pointing to `href`.
    fn with_switch(href: &str) -> ttdt_snapshot::Snapshot {
        let header = HEADER.replace("</header>", &format!(r#"<div class="lang"><a href="/" hreflang="vi">Tiếng Việt</a> | <a href="{href}" hreflang="en">English</a></div></header>"#));
        home(&page_html("", &[header.as_str(), MENU, NEWS, FOOTER].join("\n")))
    }

    #[test]
    fn passes_when_the_english_version_answers() {
        let mut snap = with_switch("/en/");
        add_page(&mut snap, "/en/", PageKind::Foreign, &page_html("", ENGLISH));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.items[1].url.as_deref(), Some("https://sonha.gov.vn/en/"));
    }

    #[test]
    fn fails_without_a_foreign_language_link() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail).msg.code, "foreign_missing");
    }

    #[test]
    fn fails_when_the_english_version_is_an_error_page() {
        let mut snap = with_switch("/en/");
        snap.pages.push(error_page(&url("/en/"), PageKind::Foreign, 404));
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!((f.msg.code, f.items[1].detail.as_deref()), ("foreign_broken", Some("HTTP 404")));
    }

    #[test]
    fn another_site_or_a_page_that_timed_out_needs_review() {
        let f = assert_outcome(&CHECK, &with_switch("https://en.sonha.gov.vn/"), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "section_external");
        let mut snap = with_switch("/en/");
        snap.pages.push(Page::failed(&url("/en/"), PageKind::Foreign, FetchStatus::Timeout, "timeout"));
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::NeedsReview).msg.code, "section_unverified");
    }

    const ENGLISH: &str = "<main><h1>Son Ha Provincial People's Committee</h1><p>Welcome to the Son Ha province portal. The portal publishes the news, \
        policies and public services of the province for investors, visitors and partners.</p></main>";

    #[test]
    fn a_flag_icon_link_leading_to_an_english_page_passes() {
        let header = HEADER.replace("</header>", r#"<a class="lang_us" href="/en.html"><img src="/images/flag-en.png" alt=""></a></header>"#);
        let mut snap = home(&page_html("", &[header.as_str(), MENU, NEWS, FOOTER].join("\n")));
        // Vietnamese menus and footer around English content, as English versions keep them.
        add_page(&mut snap, "/en.html", PageKind::Foreign, &page_html("", &[HEADER, MENU, ENGLISH, FOOTER].join("\n")));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert!(f.items[1].detail.as_deref().unwrap().starts_with("nội dung tiếng Anh"), "{:?}", f.items[1]);
    }

    #[test]
    fn a_switch_that_leads_to_a_vietnamese_page_or_a_not_found_page_fails() {
        let mut snap = with_switch("/en/");
        add_page(&mut snap, "/en/", PageKind::Foreign, &portal_home());
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!(f.msg.code, "foreign_vietnamese");
        let mut snap = with_switch("/en/");
        add_page(&mut snap, "/en/", PageKind::Foreign, &page_html("", "<main><h1>404 - Không tìm thấy trang</h1></main>"));
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::Fail).msg.code, "foreign_broken");
    }

    #[test]
    fn a_page_too_short_to_tell_its_language_needs_review() {
        let mut snap = with_switch("/en/");
        add_page(&mut snap, "/en/", PageKind::Foreign, &page_html("", "<main><div id='app'></div></main>"));
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::NeedsReview).msg.code, "foreign_unclear");
    }
}
