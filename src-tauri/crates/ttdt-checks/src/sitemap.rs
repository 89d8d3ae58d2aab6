//! CT.19 — a sitemap: a sitemap page linked from the homepage, or a valid sitemap.xml.
//!
//! ## What it checks
//! Two sources, each one an item of the evidence:
//! - a homepage link named "Sơ đồ cổng", "Sơ đồ trang", "Sơ đồ website" or "Sitemap";
//! - the sitemaps collection fetched (`/sitemap.xml` and those named in `robots.txt`): one
//!   counts when it answered and is a `<urlset>` or `<sitemapindex>` with at least one `<loc>`.
//!
//! ## Why
//! A sitemap shows visitors the whole structure of the portal and tells search engines every
//! page to index.
//!
//! ## Pass
//! A sitemap link, or a valid sitemap.xml.
//!
//! ## Fail
//! Neither: no link, and every sitemap.xml is missing or not a sitemap (an error page, an HTML
//! page answered for any address).
//!
//! ## References
//! Criterion CT.19 (Sơ đồ cổng / sitemap). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về
//! chức năng.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "sitemap.present",
    criteria: &["CT.19"],
    needs: &[Need::Homepage],
    looked_for: "Liên kết “Sơ đồ cổng/Sitemap” hoặc tệp sitemap.xml hợp lệ (cả tệp khai trong robots.txt)",
    messages: &[&FOUND, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("sitemap.rs")),
    evaluate,
};

const FOUND: Msg = Msg { code: "sitemap_found", vi: "Có sơ đồ cổng hoặc tệp sitemap.xml hợp lệ." };
const MISSING: Msg = Msg { code: "sitemap_missing", vi: "Không có sơ đồ cổng và không có sitemap.xml hợp lệ." };

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

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let mut items = Vec::new();
    if let Some(l) = f.links.iter().find(|l| l.folded.contains("sơ đồ cổng") || l.folded.contains("sơ đồ trang") || l.folded.contains("sơ đồ website") || l.folded.contains("sitemap")) {
        items.push(Item::new("Liên kết sơ đồ cổng", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text)));
    }
    for s in &ctx.snap.sitemaps {
        let n = s.ok().then(|| sitemap_entries(&s.body)).flatten();
        let detail = match (n, s.http_status) {
            (Some(n), _) => format!("{n} địa chỉ"),
            (None, Some(code)) if s.ok() => format!("HTTP {code}, không phải sitemap XML"),
            (None, Some(code)) => format!("HTTP {code}"),
            (None, None) => s.status.label_vi().to_string(),
        };
        items.push(Item::new("sitemap.xml", n.is_some()).at(&s.url).detail(detail));
    }
    if items.iter().any(|i| i.found) {
        Finding::new(Outcome::Pass, &FOUND).looking_for(looked_for).with_items(items)
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

    #[test]
    fn passes_with_a_sitemap_link_in_the_footer() {
        let footer = FOOTER.replace("</footer>", r#"<p><a href="/so-do-cong/">Sơ đồ cổng</a> | <a href="/lien-he/">Liên hệ</a></p></footer>"#);
        let f = assert_outcome(&CHECK, &home(&page_html("", &[HEADER, MENU, NEWS, &footer].join("\n"))), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("a[href=\"/so-do-cong/\"]: Sơ đồ cổng"));
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
