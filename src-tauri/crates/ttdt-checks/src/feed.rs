//! CT.20 — an RSS or Atom feed is advertised or linked, and it parses.
//!
//! ## What it checks
//! The feeds collection found on the homepage (a `<link rel="alternate">` of an RSS or Atom type
//! in the head, or a link to a feed) and fetched: a feed counts when it answered and holds an RSS
//! `<rss>` with a `<channel>`, or an Atom `<feed>` in the Atom namespace. The evidence lists each
//! feed with its number of items or its HTTP status.
//!
//! ## Why
//! A feed lets readers, other portals and aggregators follow the news without visiting the page.
//!
//! ## Pass
//! At least one feed parses as RSS or Atom.
//!
//! ## Fail
//! No feed is advertised or linked, or every feed answered something that is not RSS or Atom
//! (an error page, an HTML page).
//!
//! ## Error
//! Every feed could not be fetched (the site did not answer): nothing was read to judge.
//!
//! ## References
//! Criterion CT.20 (RSS). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về chức năng.

use super::{Check, Context, Finding, Item, Msg, Need, NOT_COLLECTED, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "feed.rss",
    criteria: &["CT.20"],
    needs: &[Need::Homepage],
    looked_for: "Thẻ <link rel=alternate type=application/rss+xml> hoặc liên kết RSS, và nội dung RSS/Atom đọc được",
    messages: &[&OK, &INVALID, &MISSING, &NOT_COLLECTED, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("feed.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "feed_ok", vi: "Có nguồn tin RSS/Atom và đọc được." };
const INVALID: Msg = Msg { code: "feed_invalid", vi: "Có liên kết RSS nhưng nội dung không phải RSS/Atom hợp lệ." };
const MISSING: Msg = Msg { code: "feed_missing", vi: "Không có nguồn tin RSS/Atom." };

/// The number of items of an RSS or Atom document, when it is one.
pub fn feed_items(body: &str) -> Option<usize> {
    let lower = body.to_ascii_lowercase();
    if lower.contains("<rss") && lower.contains("<channel") {
        return Some(lower.matches("<item").count());
    }
    if lower.contains("<feed") && lower.contains("http://www.w3.org/2005/atom") {
        return Some(lower.matches("<entry").count());
    }
    None
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, _)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    if ctx.snap.feeds.is_empty() {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Nguồn tin RSS/Atom", false).at(&home.final_url)]);
    }
    let mut items = Vec::new();
    let mut ok = false;
    let mut unreachable = true;
    for feed in &ctx.snap.feeds {
        let n = feed.ok().then(|| feed_items(&feed.body)).flatten();
        unreachable &= feed.status.is_unreachable();
        ok |= n.is_some();
        let detail = match n {
            Some(n) => format!("{n} mục"),
            None => feed.http_status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| feed.status.label_vi().into()),
        };
        items.push(Item::new("Nguồn tin", n.is_some()).at(&feed.url).detail(detail));
    }
    if ok {
        Finding::new(Outcome::Pass, &OK).looking_for(looked_for).with_items(items)
    } else if unreachable {
        Finding::new(Outcome::Error, &NOT_COLLECTED).looking_for(looked_for).with_items(items)
    } else {
        Finding::new(Outcome::Fail, &INVALID).looking_for(looked_for).with_items(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::{FetchStatus, Page, PageKind};

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tin tức - Sự kiện - Cổng thông tin điện tử tỉnh Sơn Hà</title><link>https://sonha.gov.vn/tin-tuc/</link>
<item><title>Hội nghị triển khai chuyển đổi số năm 2026</title><link>https://sonha.gov.vn/tin-tuc/hoi-nghi-chuyen-doi-so-2026.html</link><pubDate>Fri, 20 Nov 2026 08:30:00 +0700</pubDate></item>
<item><title>Khai mạc Tuần Văn hóa - Du lịch tỉnh Sơn Hà</title><link>https://sonha.gov.vn/tin-tuc/khai-mac-tuan-van-hoa.html</link><pubDate>Thu, 19 Nov 2026 16:00:00 +0700</pubDate></item>
</channel></rss>"#;

    fn with_feed(feed: Page) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&page_html(r#"<link rel="alternate" type="application/rss+xml" title="Tin tức - Sự kiện" href="/rss/tin-tuc.rss">"#, &[HEADER, MENU, NEWS, FOOTER].join("\n")));
        snap.feeds.push(feed);
        snap
    }

    #[test]
    fn passes_with_a_readable_rss_feed() {
        let f = assert_outcome(&CHECK, &with_feed(html_page(&url("/rss/tin-tuc.rss"), PageKind::Feed, RSS)), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("2 mục"));
    }

    #[test]
    fn fails_without_a_feed() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail).msg.code, "feed_missing");
    }

    #[test]
    fn fails_when_the_feed_link_leads_to_an_error_page() {
        let f = assert_outcome(&CHECK, &with_feed(error_page(&url("/rss/tin-tuc.rss"), PageKind::Feed, 404)), Outcome::Fail);
        assert_eq!((f.msg.code, f.items[0].detail.as_deref()), ("feed_invalid", Some("HTTP 404")));
    }

    #[test]
    fn a_feed_that_could_not_be_fetched_is_an_error() {
        let f = assert_outcome(&CHECK, &with_feed(Page::failed(&url("/rss/tin-tuc.rss"), PageKind::Feed, FetchStatus::Timeout, "timeout")), Outcome::Error);
        assert_eq!(f.msg.code, "not_collected");
    }
}
