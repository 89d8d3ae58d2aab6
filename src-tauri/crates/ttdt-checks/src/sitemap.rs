//! CT.19 — a sitemap: a sitemap page linked from the homepage, or a valid sitemap.xml.
//!
//! ## What it checks
//! Every sitemap collection fetched, and the homepage's sitemap link, each one an item of the
//! evidence:
//! - the sitemaps named in `robots.txt` (gzip `.xml.gz` ones inflated), else `/sitemap.xml`, and
//!   `/sitemap_index.xml` when that is not one: a `<urlset>` with at least one `<loc>` counts; a
//!   `<sitemapindex>` counts when the child sitemap collection fetched from it is a valid one;
//! - a homepage link named "Sơ đồ cổng", "Sơ đồ trang", "Sơ đồ website" or "Sitemap", whose page
//!   collection fetched: it counts when it answered with content and is neither a "not found"
//!   page nor the site's answer to an address that does not exist (a soft 404).
//!
//! ## Why
//! A sitemap shows visitors the whole structure of the portal and tells search engines every
//! page to index.
//!
//! ## Pass
//! A sitemap page, or a valid sitemap.xml (directly or through a sitemap index).
//!
//! ## Fail
//! Neither: no link, and every sitemap answered is missing or not a sitemap (an error page, an
//! HTML page answered for any address, a sitemap index whose child is missing).
//!
//! ## Needs review
//! Nothing valid was seen, but something could not be read: the sitemap page or a sitemap did
//! not answer (timeout, budget spent, body cut short), a sitemap index's children were not
//! fetched, or the sitemap link leads to another site.
//!
//! ## References
//! Criterion CT.19 (Sơ đồ cổng / sitemap). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về
//! chức năng.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::sections::{names_sitemap, MIN_CONTENT};
use ttdt_snapshot::stub::not_content;
use ttdt_snapshot::Page;

pub static CHECK: Check = Check {
    id: "sitemap.present",
    criteria: &["CT.19"],
    needs: &[Need::Homepage],
    looked_for: "Liên kết “Sơ đồ cổng/Sitemap” hoặc tệp sitemap.xml hợp lệ (cả tệp khai trong robots.txt)",
    messages: &[&FOUND, &MISSING, &UNVERIFIED, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("sitemap.rs")),
    evaluate,
};

const FOUND: Msg = Msg { code: "sitemap_found", vi: "Có sơ đồ cổng hoặc tệp sitemap.xml hợp lệ." };
const MISSING: Msg = Msg { code: "sitemap_missing", vi: "Không có sơ đồ cổng và không có sitemap.xml hợp lệ." };
const UNVERIFIED: Msg = Msg { code: "sitemap_unverified", vi: "Chưa thấy sơ đồ cổng hợp lệ nhưng có trang sơ đồ hoặc sitemap không tải được; cần người đánh giá xem." };

/// The number of `<loc>` entries of a sitemap or sitemap index, when it is one.
pub fn sitemap_entries(body: &str) -> Option<usize> {
    let b = body.trim_start_matches('\u{feff}').trim_start();
    let lower = b.to_ascii_lowercase();
    if !(lower.contains("<urlset") || lower.contains("<sitemapindex")) {
        return None;
    }
    let n = lower.matches("<loc>").count();
    (n > 0).then_some(n)
}

/// The `<loc>` addresses of a sitemap index.
fn index_children(body: &str) -> Vec<String> {
    let lower = body.to_ascii_lowercase();
    if !lower.contains("<sitemapindex") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<loc>") {
        let start = from + i + 5;
        let Some(end) = lower[start..].find("</loc>") else { break };
        out.push(body[start..start + end].trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>").replace("&amp;", "&"));
        from = start + end;
    }
    out
}

/// What one sitemap answer is.
enum Seen {
    Valid(String),
    Unverified(String),
    Invalid(String),
}

/// An XML sitemap, or a sitemap index judged by its children among `all`.
fn judge_xml(s: &Page, all: &[Page]) -> Seen {
    if !s.ok() {
        return match s.http_status {
            Some(code) if code >= 400 => Seen::Invalid(format!("HTTP {code}")),
            _ => Seen::Unverified(s.status.label_vi().to_string()),
        };
    }
    let Some(n) = sitemap_entries(&s.body) else {
        return Seen::Invalid(format!("HTTP {}, không phải sitemap XML", s.http_status.unwrap_or(200)));
    };
    let children = index_children(&s.body);
    if children.is_empty() {
        return Seen::Valid(format!("{n} địa chỉ"));
    }
    let base = url::Url::parse(&s.final_url).ok();
    let fetched: Vec<&Page> = all
        .iter()
        .filter(|p| children.iter().any(|c| base.as_ref().and_then(|b| b.join(c).ok()).is_some_and(|u| u.as_str() == p.url)))
        .collect();
    if let Some(child) = fetched.iter().find(|c| c.ok() && sitemap_entries(&c.body).is_some()) {
        return Seen::Valid(format!("chỉ mục {n} sitemap con; {} hợp lệ", child.url));
    }
    match fetched.first() {
        Some(c) if c.http_status.is_some_and(|s| s >= 400) || c.ok() => Seen::Invalid(format!("chỉ mục {n} sitemap con; {} không phải sitemap hợp lệ", c.url)),
        _ => Seen::Unverified(format!("chỉ mục {n} sitemap con; chưa tải được sitemap con")),
    }
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let mut items = Vec::new();
    let mut unverified = false;
    let link = f.links.iter().find(|l| names_sitemap(l));
    let page_url = link.and_then(|l| l.url.as_ref()).map(|u| {
        let mut u = u.clone();
        u.set_fragment(None);
        u.to_string()
    });
    if let Some(l) = link {
        items.push(Item::new("Liên kết sơ đồ cổng", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text)));
        let page = page_url.as_deref().and_then(|u| ctx.snap.sitemaps.iter().find(|p| p.url == u));
        match page {
            Some(p) if p.ok() && p.is_html() => {
                let read = url::Url::parse(&p.final_url).ok().and_then(|u| ttdt_snapshot::html::PageFacts::read(&u, &p.body).ok());
                match read.map(|facts| not_content(p, &facts, ctx.not_found.as_ref(), MIN_CONTENT)) {
                    Some(None) => items.push(Item::new("Trang sơ đồ cổng", true).at(&p.final_url)),
                    Some(Some(why)) => items.push(Item::new("Trang sơ đồ cổng", false).at(&p.final_url).detail(why)),
                    None => {
                        unverified = true;
                        items.push(Item::new("Trang sơ đồ cổng", false).at(&p.final_url).detail("không đọc được trang"));
                    }
                }
            }
            Some(p) if p.ok() => {}
            Some(p) if p.http_status.is_some_and(|s| s >= 400) => items.push(Item::new("Trang sơ đồ cổng", false).at(&p.url).detail(format!("HTTP {}", p.http_status.unwrap_or(0)))),
            Some(p) => {
                unverified = true;
                items.push(Item::new("Trang sơ đồ cổng", false).at(&p.url).detail(p.status.label_vi()));
            }
            None => {
                unverified = true;
                items.push(Item::new("Trang sơ đồ cổng", false).at(page_url.as_deref().unwrap_or(&l.href)).detail("chưa tải trang này"));
            }
        }
    }
    for s in &ctx.snap.sitemaps {
        if page_url.as_deref() == Some(s.url.as_str()) && s.is_html() {
            continue;
        }
        match judge_xml(s, &ctx.snap.sitemaps) {
            Seen::Valid(d) => items.push(Item::new("sitemap.xml", true).at(&s.url).detail(d)),
            Seen::Invalid(d) => items.push(Item::new("sitemap.xml", false).at(&s.url).detail(d)),
            Seen::Unverified(d) => {
                unverified = true;
                items.push(Item::new("sitemap.xml", false).at(&s.url).detail(d));
            }
        }
    }
    // A sitemap page counts alone; the link is evidence only.
    if items.iter().any(|i| i.found && i.what != "Liên kết sơ đồ cổng") {
        Finding::new(Outcome::Pass, &FOUND).looking_for(looked_for).with_items(items)
    } else if unverified {
        Finding::new(Outcome::NeedsReview, &UNVERIFIED).looking_for(looked_for).with_items(items)
    } else {
        if items.is_empty() {
            items.push(Item::new("Sơ đồ cổng / sitemap.xml", false).at(&home.final_url));
        }
        Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    /// The portal with a "Sơ đồ cổng" link in the footer, its page answered with `page`.
    fn with_sitemap_link(page: Option<ttdt_snapshot::Page>) -> ttdt_snapshot::Snapshot {
        let footer = FOOTER.replace("</footer>", r#"<p><a href="/so-do-cong/">Sơ đồ cổng</a> | <a href="/lien-he/">Liên hệ</a></p></footer>"#);
        let mut snap = home(&page_html("", &[HEADER, MENU, NEWS, &footer].join("\n")));
        snap.sitemaps.extend(page);
        snap
    }

    const SITEMAP_PAGE: &str = r#"<main><h1>Sơ đồ cổng</h1><ul><li><a href="/gioi-thieu/">Giới thiệu</a><ul><li><a href="/gioi-thieu/co-cau-to-chuc/">Cơ cấu tổ chức</a></li></ul></li>
        <li><a href="/tin-tuc/">Tin tức - Sự kiện</a></li><li><a href="/van-ban/">Văn bản</a></li><li><a href="/lien-he/">Liên hệ</a></li></ul></main>"#;

    #[test]
    fn passes_with_a_sitemap_page_linked_from_the_footer() {
        let page = html_page(&url("/so-do-cong/"), PageKind::Sitemap, &page_html("", SITEMAP_PAGE));
        let f = assert_outcome(&CHECK, &with_sitemap_link(Some(page)), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("a[href=\"/so-do-cong/\"]: Sơ đồ cổng"));
        assert_eq!((f.items[1].what.as_str(), f.items[1].found), ("Trang sơ đồ cổng", true));
    }

    #[test]
    fn a_sitemap_link_to_a_not_found_page_does_not_count_and_one_not_fetched_needs_review() {
        let soft_404 = html_page(&url("/so-do-cong/"), PageKind::Sitemap, &page_html("", "<main><h1>Không tìm thấy trang</h1></main>"));
        let f = assert_outcome(&CHECK, &with_sitemap_link(Some(soft_404)), Outcome::Fail);
        assert!(f.items[1].detail.as_deref().unwrap().contains("không tìm thấy"), "{:?}", f.items[1]);
        assert_eq!(assert_outcome(&CHECK, &with_sitemap_link(None), Outcome::NeedsReview).msg.code, "sitemap_unverified");
    }

    #[test]
    fn a_sitemap_index_counts_through_a_valid_child_only() {
        let index = r#"<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>https://sonha.gov.vn/post-sitemap.xml</loc></sitemap><sitemap><loc>https://sonha.gov.vn/page-sitemap.xml</loc></sitemap></sitemapindex>"#;
        let child = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://sonha.gov.vn/tin-tuc/</loc></url></urlset>"#;
        let mut snap = home(&portal_home());
        snap.sitemaps.push(html_page(&url("/sitemap_index.xml"), PageKind::Sitemap, index));
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::NeedsReview).items[0].detail.as_deref(), Some("chỉ mục 2 sitemap con; chưa tải được sitemap con"));
        snap.sitemaps.push(error_page(&url("/post-sitemap.xml"), PageKind::Sitemap, 404));
        assert_outcome(&CHECK, &snap, Outcome::Fail);
        snap.sitemaps.pop();
        snap.sitemaps.push(html_page(&url("/post-sitemap.xml"), PageKind::Sitemap, child));
        assert_outcome(&CHECK, &snap, Outcome::Pass);
    }

    #[test]
    fn passes_with_a_valid_sitemap_xml() {
        let mut snap = home(&portal_home());
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>https://sonha.gov.vn/</loc></url><url><loc>https://sonha.gov.vn/gioi-thieu/</loc></url><url><loc>https://sonha.gov.vn/tin-tuc/</loc></url></urlset>"#;
        snap.sitemaps.push(html_page(&url("/sitemap.xml"), PageKind::Sitemap, xml));
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::Pass).items[0].detail.as_deref(), Some("3 địa chỉ"));
    }

    #[test]
    fn fails_when_sitemap_xml_is_the_homepage_answered_for_any_address() {
        let mut snap = home(&portal_home());
        snap.sitemaps.push(html_page(&url("/sitemap.xml"), PageKind::Sitemap, &portal_home()));
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!(f.items[0].detail.as_deref(), Some("HTTP 200, không phải sitemap XML"));
    }

    #[test]
    fn fails_without_any_sitemap() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail).items[0].what, "Sơ đồ cổng / sitemap.xml");
    }
}
