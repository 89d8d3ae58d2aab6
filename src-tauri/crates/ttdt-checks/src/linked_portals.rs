//! KN.04 — a portal links to its component sites (subdomains); a component site links back to its parent portal.
//!
//! ## What it checks
//! Which way depends on the site:
//! - a ministry's or province's portal (no parent recorded) must link from its homepage to
//!   component sites: links to subdomains of its own host (`sotttt.sonha.gov.vn` from
//!   `sonha.gov.vn`); the evidence lists up to ten;
//! - any other site must link from its homepage to its parent portal: the parent recorded for
//!   the site, else the host without its first label when that still has three labels
//!   (`sonha.gov.vn` for `sotttt.sonha.gov.vn`).
//!
//! ## Why
//! The component sites of a portal form one system: visitors move from the portal to the
//! departments and communes, and back.
//!
//! ## Pass
//! The portal links to at least one subdomain; or the component site links to its parent.
//!
//! ## Fail
//! The portal links to no subdomain; or the component site does not link to its parent.
//!
//! ## Needs review
//! The site's address is not a domain name (an IP address, `localhost`), or the parent portal
//! cannot be told: the reviewer checks the links.
//!
//! ## References
//! Criterion KN.04 (Liên kết đến các trang thành phần (cổng) / về cổng chính (trang thành
//! phần)), hybrid. Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu chung: trang thành phần thuộc
//! một cổng thông tin điện tử; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 1.

use url::Url;

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::{Level, Outcome};
use ttdt_snapshot::html::bare_host;

pub static CHECK: Check = Check {
    id: "links.portal_components",
    criteria: &["KN.04"],
    needs: &[Need::Homepage],
    looked_for: "Cổng: liên kết từ trang chủ đến các trang thành phần (tên miền con của cổng); trang thành phần: liên kết về cổng thông tin điện tử cấp trên",
    messages: &[&PORTAL_FOUND, &PORTAL_MISSING, &PARENT_FOUND, &PARENT_MISSING, &UNKNOWN_DOMAIN, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("linked_portals.rs")),
    evaluate,
};

/// What a portal's finding says it looked for.
const PORTAL_LOOKED_FOR: &str = "Liên kết từ trang chủ đến các trang thành phần (tên miền con của cổng)";
/// What a component site's finding says it looked for.
const COMPONENT_LOOKED_FOR: &str = "Liên kết về cổng thông tin điện tử cấp trên";

const PORTAL_FOUND: Msg = Msg { code: "portal_links_found", vi: "Trang chủ có liên kết đến các trang thành phần (tên miền con)." };
const PORTAL_MISSING: Msg = Msg { code: "portal_links_missing", vi: "Trang chủ không có liên kết đến trang thành phần nào (tên miền con)." };
const PARENT_FOUND: Msg = Msg { code: "parent_link_found", vi: "Có liên kết về cổng thông tin điện tử cấp trên." };
const PARENT_MISSING: Msg = Msg { code: "parent_link_missing", vi: "Không có liên kết về cổng thông tin điện tử cấp trên." };
const UNKNOWN_DOMAIN: Msg = Msg {
    code: "links_unknown_domain",
    vi: "Địa chỉ trang không phải tên miền nên không xác định được liên kết trang thành phần; cần người đánh giá xem.",
};

fn is_domain(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_err() && host.contains('.') && host != "localhost"
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let host = bare_host(&f.url);
    let is_portal = matches!(ctx.snap.level, Level::Ministry | Level::Province) && ctx.snap.parent_url.is_none();
    if is_portal {
        let looked_for = PORTAL_LOOKED_FOR;
        if !is_domain(&host) {
            return Finding::new(Outcome::NeedsReview, &UNKNOWN_DOMAIN).looking_for(looked_for);
        }
        let subs: Vec<_> = f
            .links
            .iter()
            .filter_map(|l| l.url.as_ref().map(|u| (l, bare_host(u))))
            .filter(|(_, h)| h.ends_with(&format!(".{host}")))
            .collect();
        let mut items: Vec<Item> = subs.iter().take(10).map(|(l, h)| Item::new("Trang thành phần", true).at(&page.final_url).detail(format!("{h}: {}", l.text))).collect();
        if subs.is_empty() {
            items.push(Item::new("Trang thành phần", false).at(&page.final_url));
            return Finding::new(Outcome::Fail, &PORTAL_MISSING).looking_for(looked_for).with_items(items);
        }
        return Finding::new(Outcome::Pass, &PORTAL_FOUND).looking_for(looked_for).with_items(items);
    }
    let looked_for = COMPONENT_LOOKED_FOR;
    let parent_host = ctx
        .snap
        .parent_url
        .as_deref()
        .and_then(|p| Url::parse(p).ok())
        .map(|u| bare_host(&u))
        .or_else(|| host.split_once('.').map(|(_, rest)| rest.to_string()).filter(|r| r.matches('.').count() >= 2));
    let Some(parent) = parent_host.filter(|p| is_domain(p)) else {
        return Finding::new(Outcome::NeedsReview, &UNKNOWN_DOMAIN).looking_for(looked_for);
    };
    match f.links.iter().find(|l| l.url.as_ref().is_some_and(|u| bare_host(u) == parent)) {
        Some(l) => Finding::new(Outcome::Pass, &PARENT_FOUND)
            .looking_for(looked_for)
            .with_items(vec![Item::new(format!("Liên kết đến {parent}"), true).at(&page.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text))]),
        None => Finding::new(Outcome::Fail, &PARENT_MISSING).looking_for(looked_for).with_items(vec![Item::new(format!("Liên kết đến {parent}"), false).at(&page.final_url)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    const DEPARTMENTS: &str = r#"<div class="lien-ket-website"><h2>Sở, ban, ngành</h2><ul>
        <li><a href="https://sotttt.sonha.gov.vn/">Sở Thông tin và Truyền thông</a></li>
        <li><a href="https://sotnmt.sonha.gov.vn/">Sở Tài nguyên và Môi trường</a></li>
        <li><a href="https://phuonghagiang.sonha.gov.vn/">UBND phường Hà Giang</a></li></ul></div>"#;

    /// The site of the province's Department of Information and Communications.
    fn department(extra: &str, parent: Option<&str>) -> ttdt_snapshot::Snapshot {
        let mut snap = empty();
        snap.url = "https://sotttt.sonha.gov.vn/".into();
        snap.host = "sotttt.sonha.gov.vn".into();
        snap.level = Level::ProvincialDepartment;
        snap.parent_url = parent.map(str::to_string);
        let html = page_html("", &format!("<header><strong>SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH SƠN HÀ</strong></header>{MENU}{NEWS}{extra}{FOOTER}"));
        snap.homepage = Some(html_page("https://sotttt.sonha.gov.vn/", PageKind::Home, &html));
        snap
    }

    #[test]
    fn passes_a_province_portal_linking_to_its_departments() {
        let f = assert_outcome(&CHECK, &home(&page_html("", &[HEADER, MENU, NEWS, DEPARTMENTS, FOOTER].join("\n"))), Outcome::Pass);
        assert_eq!(f.items.len(), 3);
        assert_eq!(f.items[0].detail.as_deref(), Some("sotttt.sonha.gov.vn: Sở Thông tin và Truyền thông"));
        assert_eq!(f.looked_for, PORTAL_LOOKED_FOR);
    }

    #[test]
    fn fails_a_province_portal_without_links_to_its_component_sites() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail).msg.code, "portal_links_missing");
    }

    #[test]
    fn passes_a_department_linking_back_to_the_province_portal() {
        let back = r#"<div class="lien-ket"><a href="https://sonha.gov.vn/">Cổng thông tin điện tử tỉnh Sơn Hà</a></div>"#;
        let f = assert_outcome(&CHECK, &department(back, None), Outcome::Pass);
        assert_eq!((f.msg.code, f.items[0].what.as_str()), ("parent_link_found", "Liên kết đến sonha.gov.vn"));
        assert_eq!(f.looked_for, COMPONENT_LOOKED_FOR);
    }

    #[test]
    fn fails_a_department_without_a_link_to_its_recorded_parent() {
        let f = assert_outcome(&CHECK, &department("", Some("https://sonha.gov.vn/")), Outcome::Fail);
        assert_eq!(f.msg.code, "parent_link_missing");
    }

    #[test]
    fn a_portal_on_an_ip_address_needs_review() {
        let mut snap = empty();
        snap.url = "http://10.20.30.40/".into();
        snap.homepage = Some(html_page("http://10.20.30.40/", PageKind::Home, &portal_home()));
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::NeedsReview).msg.code, "links_unknown_domain");
    }
}
