//! CT.21 — a foreign-language version: a language switch or a link to an English version that answers.
//!
//! ## What it checks
//! The homepage's links, for a foreign-language version: a link with an `hreflang` other than
//! Vietnamese, or named "English", "EN", "Tiếng Anh" or "English version". Collection fetches the
//! linked page when it is on the portal's own host; it must answer `2xx`.
//!
//! ## Why
//! Foreign investors, visitors and partners read the portal in another language; a switch that
//! leads to an error page serves none of them.
//!
//! ## Pass
//! The link's page was fetched and answered.
//!
//! ## Fail
//! No such link; or its page answered an HTTP error.
//!
//! ## Needs review
//! The link leads to another site (`en.example.gov.vn`), which is not fetched; its page could not
//! be fetched (timeout, budget spent); or its address cannot be resolved.
//!
//! ## References
//! Criterion CT.21 (Phiên bản tiếng nước ngoài). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu
//! về chức năng.

use super::section::{EXTERNAL, UNVERIFIED};
use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::sections::foreign_link;

pub static CHECK: Check = Check {
    id: "foreign.version",
    criteria: &["CT.21"],
    needs: &[Need::Homepage],
    looked_for: "Liên kết hreflang hoặc “English/Tiếng Anh”, và trang đó trả lời",
    messages: &[&OK, &BROKEN, &MISSING, &UNVERIFIED, &EXTERNAL, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("foreign.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "foreign_ok", vi: "Có phiên bản tiếng nước ngoài và trang đó tải được." };
const BROKEN: Msg = Msg { code: "foreign_broken", vi: "Có liên kết phiên bản tiếng nước ngoài nhưng trang đó lỗi." };
const MISSING: Msg = Msg { code: "foreign_missing", vi: "Không có liên kết phiên bản tiếng nước ngoài." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let Some(link) = foreign_link(f) else {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Phiên bản tiếng nước ngoài", false).at(&home.final_url)]);
    };
    let found = Item::new("Liên kết phiên bản tiếng nước ngoài", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", link.href, link.text));
    let Some(target) = &link.url else { return Finding::new(Outcome::NeedsReview, &UNVERIFIED).looking_for(looked_for).with_items(vec![found]) };
    match ctx.page_for(target) {
        Some(p) if p.ok() => Finding::new(Outcome::Pass, &OK).looking_for(looked_for).with_items(vec![found, Item::new("Trang tiếng nước ngoài", true).at(&p.final_url)]),
        Some(p) if p.status.is_unreachable() => Finding::new(Outcome::NeedsReview, &UNVERIFIED).looking_for(looked_for).with_items(vec![found, Item::new("Trang tiếng nước ngoài", false).at(&p.url).detail(p.status.label_vi())]),
        Some(p) => Finding::new(Outcome::Fail, &BROKEN).looking_for(looked_for).with_items(vec![found, Item::new("Trang tiếng nước ngoài", false).at(&p.url).detail(format!("HTTP {}", p.http_status.unwrap_or(0)))]),
        // A link to another site (en.example.gov.vn) is not fetched: the reviewer confirms it.
        None => Finding::new(Outcome::NeedsReview, &EXTERNAL).looking_for(looked_for).with_items(vec![found]),
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
        add_page(&mut snap, "/en/", PageKind::Foreign, &page_html("", "<main><h1>Son Ha Provincial People's Committee</h1><p>Welcome to the Son Ha province portal.</p></main>"));
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
}
