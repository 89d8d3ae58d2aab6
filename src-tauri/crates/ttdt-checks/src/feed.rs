//! CT.20 — an RSS or Atom feed is advertised or linked, and it parses.
//!
//! ## What it checks
//! The feeds collection found on the homepage (a `<link rel="alternate">` of an RSS or Atom type
//! in the head, or a link to a feed, an RSS icon included) and fetched; when such a link leads to
//! an HTML page that lists the site's feeds, collection follows it one step to the feeds it
//! lists. A feed counts when it answered, is well-formed XML (every element closed in order, one
//! root, entities written as XML writes them) and its root is an RSS `<rss>` with a `<channel>`,
//! an RSS 1.0 `<rdf:RDF>`, or an Atom `<feed>` in the Atom namespace. The evidence lists each
//! feed with its number of items, where it stops parsing, or its HTTP status.
//!
//! ## Why
//! A feed lets readers, other portals and aggregators follow the news without visiting the page.
//!
//! ## Pass
//! At least one feed parses as RSS or Atom.
//!
//! ## Fail
//! No feed is advertised or linked, or every feed answered something that is not RSS or Atom
//! (an error page, an HTML page, XML that does not parse).
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

/// The number of items of an RSS or Atom document, when it is one and parses.
pub fn feed_items(body: &str) -> Option<usize> {
    read_feed(body).ok()
}

/// The number of items of an RSS or Atom document, or why it is not one.
pub fn read_feed(body: &str) -> Result<usize, String> {
    let root = xml_root(body)?;
    let lower = body.to_ascii_lowercase();
    let items = |tag: &str| lower.matches(&format!("<{tag}>")).count() + lower.matches(&format!("<{tag} ")).count();
    match root.to_ascii_lowercase().as_str() {
        "rss" if lower.contains("<channel") => Ok(items("item")),
        "rdf:rdf" => Ok(items("item")),
        "feed" if lower.contains("http://www.w3.org/2005/atom") => Ok(items("entry")),
        other => Err(format!("gốc <{other}> không phải RSS/Atom")),
    }
}

/// The root element's name of a well-formed XML document, or where it stops being well-formed.
fn xml_root(body: &str) -> Result<String, String> {
    let b = body.trim_start_matches('\u{feff}');
    let mut stack: Vec<&str> = Vec::new();
    let mut root: Option<String> = None;
    let mut i = 0;
    let at = |i: usize| format!("ký tự thứ {i}");
    while i < b.len() {
        let rest = &b[i..];
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("có chữ ngoài phần tử gốc ({})", at(i)));
            }
            check_entities(text).map_err(|e| format!("{e} ({})", at(i)))?;
            i += end;
            continue;
        }
        let skip = |open: &str, close: &str| -> Result<usize, String> {
            rest.strip_prefix(open).and_then(|r| r.find(close)).map(|e| open.len() + e + close.len()).ok_or_else(|| format!("“{open}” không đóng ({})", at(i)))
        };
        if rest.starts_with("<?") {
            i += skip("<?", "?>")?;
        } else if rest.starts_with("<!--") {
            i += skip("<!--", "-->")?;
        } else if rest.starts_with("<![CDATA[") {
            if stack.is_empty() {
                return Err(format!("CDATA ngoài phần tử gốc ({})", at(i)));
            }
            i += skip("<![CDATA[", "]]>")?;
        } else if rest.starts_with("<!") {
            i += skip("<!", ">")?;
        } else {
            // A tag: up to the `>` outside quotes.
            let mut quote = None;
            let mut end = None;
            for (k, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '>') => {
                        end = Some(k);
                        break;
                    }
                    (None, '<') => return Err(format!("thẻ không đóng ({})", at(i))),
                    _ => {}
                }
            }
            let Some(end) = end else { return Err(format!("thẻ không đóng ({})", at(i))) };
            let inner = &rest[1..end];
            if let Some(name) = inner.strip_prefix('/') {
                let name = name.trim();
                match stack.pop() {
                    Some(open) if open == name => {}
                    Some(open) => return Err(format!("</{name}> đóng <{open}> ({})", at(i))),
                    None => return Err(format!("</{name}> không có thẻ mở ({})", at(i))),
                }
            } else {
                let self_closing = inner.ends_with('/');
                let name = inner.trim_end_matches('/').split(|c: char| c.is_whitespace()).next().unwrap_or("");
                if name.is_empty() {
                    return Err(format!("thẻ không có tên ({})", at(i)));
                }
                if stack.is_empty() {
                    if root.is_some() {
                        return Err(format!("có hơn một phần tử gốc ({})", at(i)));
                    }
                    root = Some(name.to_string());
                }
                if !self_closing {
                    stack.push(name);
                }
            }
            i += end + 1;
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{open}> không đóng (hết tài liệu)"));
    }
    root.ok_or_else(|| "không có phần tử nào".to_string())
}

/// Every `&` of a text starts an entity (`&amp;`, `&#39;`, `&#x27;`).
fn check_entities(text: &str) -> Result<(), String> {
    for (k, _) in text.match_indices('&') {
        let after = &text[k + 1..];
        let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
        if name.is_empty() || !after[name.len()..].starts_with(';') {
            return Err("ký tự & không thuộc thực thể XML".to_string());
        }
    }
    Ok(())
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
        let read = feed.ok().then(|| read_feed(&feed.body));
        unreachable &= feed.status.is_unreachable();
        let n = read.as_ref().and_then(|r| r.as_ref().ok()).copied();
        ok |= n.is_some();
        let detail = match read {
            Some(Ok(n)) => format!("{n} mục"),
            Some(Err(_)) if feed.is_html() && !feed.body.trim_start().starts_with("<?xml") => "trang HTML, không phải RSS/Atom".to_string(),
            Some(Err(why)) => format!("không đọc được: {why}"),
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

    #[test]
    fn a_feed_that_does_not_parse_fails() {
        let broken = RSS.replace("</item>\n</channel>", "\n</channel>");
        let f = assert_outcome(&CHECK, &with_feed(html_page(&url("/rss/tin-tuc.rss"), PageKind::Feed, &broken)), Outcome::Fail);
        assert!(f.items[0].detail.as_deref().unwrap().starts_with("không đọc được: </channel> đóng <item>"), "{:?}", f.items[0]);
        let amp = RSS.replace("Tuần Văn hóa - Du lịch", "Văn hóa & Du lịch");
        assert_outcome(&CHECK, &with_feed(html_page(&url("/rss/tin-tuc.rss"), PageKind::Feed, &amp)), Outcome::Fail);
        let cut = &RSS[..RSS.len() - 30];
        assert_outcome(&CHECK, &with_feed(html_page(&url("/rss/tin-tuc.rss"), PageKind::Feed, cut)), Outcome::Fail);
    }

    #[test]
    fn a_page_listing_the_feeds_leads_to_a_feed_that_counts() {
        let listing = html_page(&url("/rss.html"), PageKind::Feed, &page_html("", "<main><h1>RSS</h1><a href='/rss/tin-tuc.rss'>Tin tức</a></main>"));
        let mut snap = with_feed(listing);
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!(f.items[0].detail.as_deref(), Some("trang HTML, không phải RSS/Atom"));
        snap.feeds.push(html_page(&url("/rss/tin-tuc.rss"), PageKind::Feed, RSS));
        assert_outcome(&CHECK, &snap, Outcome::Pass);
    }

    #[test]
    fn atom_and_rss_1_parse() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title><entry><title>A &amp; B</title></entry><entry><title><![CDATA[C & D]]></title></entry></feed>"#;
        assert_eq!(read_feed(atom), Ok(2));
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"/><item rdf:about="y"><title>T</title></item></rdf:RDF>"#;
        assert_eq!(read_feed(rdf), Ok(1));
        assert!(read_feed("<html><body>RSS</body></html>").is_err());
    }
}
