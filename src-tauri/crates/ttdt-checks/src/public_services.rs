//! CT.09 — administrative procedures and online public services: a section, or a link to a public service portal.
//!
//! ## What it checks
//! The homepage's links, for a link to a public service portal (a host containing
//! `dichvucong`: the national `dichvucong.gov.vn` or a province's `dichvucong.sonha.gov.vn`) or
//! a link named "thủ tục hành chính" or "dịch vụ công". Each one found is an item of the
//! evidence.
//!
//! ## Why
//! Citizens and businesses come to an agency's portal to find its procedures and carry them out
//! online; the law and the decree ask that the portal lead them there.
//!
//! ## Pass
//! At least one such link.
//!
//! ## Fail
//! Neither a public service portal link nor a procedures link.
//!
//! ## References
//! Criterion CT.09 (Thủ tục hành chính, dịch vụ công trực tuyến). Legal basis: Luật Công nghệ
//! thông tin 67/2006/QH11, Điều 28 khoản 2 điểm c, g; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1
//! điểm a.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::bare_host;

pub static CHECK: Check = Check {
    id: "services.public_services",
    criteria: &["CT.09"],
    needs: &[Need::Homepage],
    looked_for: "Chuyên mục thủ tục hành chính / dịch vụ công, hoặc liên kết đến Cổng Dịch vụ công",
    messages: &[&FOUND, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("public_services.rs")),
    evaluate,
};

const FOUND: Msg = Msg { code: "services_found", vi: "Có chuyên mục thủ tục hành chính hoặc liên kết đến Cổng Dịch vụ công." };
const MISSING: Msg = Msg { code: "services_missing", vi: "Không có chuyên mục thủ tục hành chính hay liên kết đến Cổng Dịch vụ công." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let portal = f.links.iter().find(|l| l.url.as_ref().is_some_and(|u| bare_host(u).contains("dichvucong")));
    let section = f.links.iter().find(|l| l.folded.contains("thủ tục hành chính") || l.folded.contains("dịch vụ công"));
    let mut items = Vec::new();
    if let Some(l) = portal {
        items.push(Item::new("Liên kết Cổng Dịch vụ công", true).at(&home.final_url).detail(format!("a[href=\"{}\"]", l.href)));
    }
    if let Some(l) = section {
        items.push(Item::new("Chuyên mục thủ tục hành chính", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text)));
    }
    if items.is_empty() {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Thủ tục hành chính / dịch vụ công", false).at(&home.final_url)]);
    }
    Finding::new(Outcome::Pass, &FOUND).looking_for(looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    const SMALL_MENU: &str = r#"<nav class="main-menu"><a href="/">Trang chủ</a> <a href="/gioi-thieu/">Giới thiệu</a> <a href="/tin-tuc/">Tin tức</a> <a href="/lien-he/">Liên hệ</a></nav>"#;

    #[test]
    fn passes_with_a_procedures_section_in_the_menu() {
        let f = assert_outcome(&CHECK, &home(&portal_home()), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("a[href=\"/thu-tuc-hanh-chinh/\"]: Thủ tục hành chính"));
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
