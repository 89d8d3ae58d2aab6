//! CT.09 — administrative procedures and online public services: a section, or a link to a public service portal.
//!
//! ## What it checks
//! The homepage's links (those of its "Liên kết website" select boxes included), for:
//! - a link to a public service portal: a host under `.vn` with a name such portals take
//!   (`dichvucong.gov.vn`, `dichvucong.<tỉnh>.gov.vn`, `dvc.<…>.gov.vn`, `motcua.<…>`,
//!   `hcc.<…>`, `thutuchanhchinh.vn`…), which counts as it is;
//! - a link named "thủ tục hành chính", "dịch vụ công", "TTHC" or "một cửa", which counts only
//!   when its page was fetched and answered with content (not an error, not a "not found" page,
//!   not an empty page): a name pointing at a dead page is no section.
//!
//! Each link tried is an item of the evidence, with what its page turned out to be.
//!
//! ## Why
//! Citizens and businesses come to an agency's portal to find its procedures and carry them out
//! online; the law and the decree ask that the portal lead them there.
//!
//! ## Pass
//! A link to a public service portal, or a procedures section with content.
//!
//! ## Fail
//! Neither: no such link, or only links whose page answered an error or no content.
//!
//! ## Needs review
//! A procedures link whose page was not fetched or is on another site that is not a known
//! public service portal: the reviewer opens it.
//!
//! ## References
//! Criterion CT.09 (Thủ tục hành chính, dịch vụ công trực tuyến). Legal basis: Luật Công nghệ
//! thông tin 67/2006/QH11, Điều 28 khoản 2 điểm c, g; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1
//! điểm a.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::{bare_host, Link};
use ttdt_snapshot::sections::{PageVerdict, SectionDef};

pub static CHECK: Check = Check {
    id: "services.public_services",
    criteria: &["CT.09"],
    needs: &[Need::Homepage],
    looked_for: "Chuyên mục thủ tục hành chính / dịch vụ công có nội dung, hoặc liên kết đến Cổng Dịch vụ công",
    messages: &[&FOUND, &UNVERIFIED, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("public_services.rs")),
    evaluate,
};

const FOUND: Msg = Msg { code: "services_found", vi: "Có chuyên mục thủ tục hành chính hoặc liên kết đến Cổng Dịch vụ công." };
const UNVERIFIED: Msg = Msg {
    code: "services_unverified",
    vi: "Có liên kết thủ tục hành chính / dịch vụ công nhưng chưa xem được trang đích; cần người đánh giá mở liên kết.",
};
const MISSING: Msg = Msg { code: "services_missing", vi: "Không có chuyên mục thủ tục hành chính hay liên kết đến Cổng Dịch vụ công." };

/// Names a public service portal's host takes (one label of the host, or its beginning).
const PORTAL_HOST_LABELS: &[&str] = &["dichvucong", "dvc", "dvctt", "dvcqg", "motcua", "mot-cua", "hcc", "hanhchinhcong", "thutuchanhchinh", "tthc"];

/// The procedures section, named and judged as the section criteria are.
const PROCEDURES: SectionDef = SectionDef {
    code: "CT.09",
    check_id: "services.public_services",
    names: &["thủ tục hành chính", "dịch vụ công", "tthc", "một cửa"],
    slugs: &["thu-tuc-hanh-chinh", "dich-vu-cong", "thutuchanhchinh", "dichvucong", "tthc"],
    needs_list: false,
    accepts_form: false,
    open_items: false,
};

/// Whether an address is a public service portal's.
pub(crate) fn is_service_portal(u: &url::Url) -> bool {
    let host = bare_host(u);
    host.ends_with(".vn") && host.split('.').any(|label| PORTAL_HOST_LABELS.iter().any(|p| label == *p || (p.len() > 4 && label.starts_with(p))))
}

/// What a procedures link turned out to be.
enum Tried {
    Content,
    Unverified,
    Dead,
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let links = || f.links.iter().chain(f.select_links.iter());
    let where_ = |l: &Link| if f.select_links.iter().any(|s| std::ptr::eq(s, l)) { format!("option[value=\"{}\"]", l.href) } else { format!("a[href=\"{}\"]", l.href) };
    if let Some(l) = links().find(|l| l.url.as_ref().is_some_and(is_service_portal)) {
        let item = Item::new("Liên kết Cổng Dịch vụ công", true).at(&home.final_url).detail(format!("{}: {}", where_(l), l.text));
        return Finding::new(Outcome::Pass, &FOUND).looking_for(looked_for).with_items(vec![item]);
    }
    let mut items = Vec::new();
    let mut seen = Vec::new();
    let mut tried_urls: Vec<&url::Url> = Vec::new();
    for l in links().filter(|l| PROCEDURES.matches(l)) {
        let Some(target) = l.url.as_ref().filter(|u| matches!(u.scheme(), "http" | "https")) else { continue };
        if tried_urls.contains(&target) {
            continue;
        }
        tried_urls.push(target);
        let named = format!("{}: {}", where_(l), l.text);
        let (tried, detail, at) = if let Some((page, facts)) = ctx.facts_for(target) {
            match PROCEDURES.judge_page(page, facts, ctx.not_found.as_ref()) {
                PageVerdict::Rejected(why) => (Tried::Dead, why, page.final_url.clone()),
                _ => (Tried::Content, format!("{} ký tự nội dung", facts.main_len), page.final_url.clone()),
            }
        } else {
            match ctx.page_for(target) {
                Some(p) if p.http_status.is_some_and(|s| s >= 400) => (Tried::Dead, format!("HTTP {}", p.http_status.unwrap_or(0)), p.final_url.clone()),
                Some(p) => (Tried::Unverified, p.status.label_vi().to_string(), p.url.clone()),
                None if bare_host(target) != bare_host(&f.url) => (Tried::Unverified, "trang ngoài, chưa tải".to_string(), target.to_string()),
                None => (Tried::Unverified, "chưa tải trang này".to_string(), target.to_string()),
            }
        };
        let ok = matches!(tried, Tried::Content);
        items.push(Item::new("Chuyên mục thủ tục hành chính", ok).at(&home.final_url).detail(&named));
        items.push(Item::new(format!("Trang “{}”", l.text), ok).at(at).detail(detail));
        seen.push(tried);
        if ok {
            return Finding::new(Outcome::Pass, &FOUND).looking_for(looked_for).with_items(items);
        }
    }
    if items.is_empty() {
        items.push(Item::new("Thủ tục hành chính / dịch vụ công", false).at(&home.final_url));
    }
    let f = if seen.iter().any(|t| matches!(t, Tried::Unverified)) { Finding::new(Outcome::NeedsReview, &UNVERIFIED) } else { Finding::new(Outcome::Fail, &MISSING) };
    f.looking_for(looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    const SMALL_MENU: &str = r#"<nav class="main-menu"><a href="/">Trang chủ</a> <a href="/gioi-thieu/">Giới thiệu</a> <a href="/tin-tuc/">Tin tức</a> <a href="/lien-he/">Liên hệ</a></nav>"#;

    const PROCEDURES_PAGE: &str = r#"<main><h1>Thủ tục hành chính</h1><table><tr><td>Cấp giấy phép xây dựng nhà ở riêng lẻ</td></tr>
        <tr><td>Đăng ký khai sinh</td></tr><tr><td>Chứng thực bản sao từ bản chính</td></tr></table></main>"#;

    #[test]
    fn passes_with_a_procedures_section_in_the_menu() {
        let mut snap = home(&portal_home());
        add_page(&mut snap, "/thu-tuc-hanh-chinh/", ttdt_snapshot::PageKind::Procedures, &page_html("", PROCEDURES_PAGE));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("a[href=\"/thu-tuc-hanh-chinh/\"]: Thủ tục hành chính"));
    }

    #[test]
    fn a_procedures_link_to_a_dead_page_is_no_section() {
        let mut snap = home(&portal_home());
        snap.pages.push(error_page(&url("/thu-tuc-hanh-chinh/"), ttdt_snapshot::PageKind::Procedures, 404));
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!(f.items[1].detail.as_deref(), Some("HTTP 404"));
        // Not fetched: the reviewer opens it.
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::NeedsReview).msg.code, "services_unverified");
    }

    #[test]
    fn public_service_portal_hosts() {
        for (href, counts) in [
            ("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", true),
            ("https://dichvucong.sonha.gov.vn/", true),
            ("https://dvc.sonha.gov.vn/", true),
            ("http://motcua.sonha.gov.vn/", true),
            ("https://hcc.sonha.gov.vn/", true),
            ("https://csdl.thutuchanhchinh.vn/", true),
            ("https://sonha.gov.vn/dich-vu/", false),
            ("https://dvcxyz.example.com/", false),
        ] {
            assert_eq!(is_service_portal(&url::Url::parse(href).unwrap()), counts, "{href}");
        }
        let select = r#"<select onchange="window.open(this.value)"><option value="">Liên kết website</option><option value="https://dichvucong.sonha.gov.vn">Cổng DVC tỉnh</option></select>"#;
        let f = assert_outcome(&CHECK, &home(&page_html("", &[HEADER, SMALL_MENU, select, NEWS, FOOTER].join("\n"))), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("option[value=\"https://dichvucong.sonha.gov.vn\"]: Cổng DVC tỉnh"));
    }

    #[test]
    fn passes_with_a_link_to_the_provincial_public_service_portal() {
        let banner = r#"<a class="banner" href="https://dichvucong.sonha.gov.vn/"><img src="/images/banner-hcc.png" alt="Hệ thống thông tin giải quyết TTHC tỉnh"></a>"#;
        let f = assert_outcome(&CHECK, &home(&page_html("", &[HEADER, SMALL_MENU, banner, NEWS, FOOTER].join("\n"))), Outcome::Pass);
        assert_eq!(f.items[0].what, "Liên kết Cổng Dịch vụ công");
    }

    #[test]
    fn fails_without_procedures_or_a_public_service_portal() {
        let f = assert_outcome(&CHECK, &home(&page_html("", &[HEADER, SMALL_MENU, NEWS, FOOTER].join("\n"))), Outcome::Fail);
        assert_eq!(f.msg.code, "services_missing");
    }
}
