//! KN.05 — links to the National Public Service Portal and the Government portal.
//!
//! ## What it checks
//! The homepage's links, and the addresses offered in its "Liên kết website" select boxes
//! (`<option value="https://chinhphu.vn">`), for:
//! - the Government portal (Cổng TTĐT Chính phủ): `chinhphu.vn` and its subdomains
//!   (`vanban.chinhphu.vn`, `congbao.chinhphu.vn`, `xaydungchinhsach.chinhphu.vn`), and
//!   `baochinhphu.vn`, the Government's news site that was part of the portal;
//! - the National Public Service Portal (Cổng Dịch vụ công quốc gia): `dichvucong.gov.vn`. A
//!   ministry's or province's own public service portal (`dichvucong.<tỉnh>.gov.vn`,
//!   `dvc.<…>.gov.vn`) is not the national portal the criterion names, though it is tied to it:
//!   it does not count, and when it is the only one the evidence shows it, so that a reviewer
//!   who judges otherwise overrides with the link at hand.
//!
//! ## Why
//! Every state portal leads citizens to the national public services and to the Government's
//! information, where procedures and policies are published once for the whole country.
//!
//! ## Pass
//! Both links are on the homepage.
//!
//! ## Partial
//! One of the two is (share 0.5).
//!
//! ## Fail
//! Neither is.
//!
//! ## References
//! Criterion KN.05 (Liên kết Cổng Dịch vụ công quốc gia, Cổng TTĐT Chính phủ). Legal basis:
//! Thông tư 22/2023/TT-BTTTT, Yêu cầu về kết nối, liên kết; Nghị định 224/2026/NĐ-CP, Điều 11
//! khoản 3.

use super::public_services::is_service_portal;
use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::{bare_host, Link, PageFacts};

pub static CHECK: Check = Check {
    id: "links.national_portals",
    criteria: &["KN.05"],
    needs: &[Need::Homepage],
    looked_for: "Liên kết trên trang chủ đến dichvucong.gov.vn và chinhphu.vn (cả trong hộp chọn “Liên kết website”)",
    messages: &[&ALL, &SOME, &NONE, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("national_links.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "national_links_all", vi: "Có liên kết đến Cổng Dịch vụ công quốc gia và Cổng TTĐT Chính phủ." };
const SOME: Msg = Msg { code: "national_links_some", vi: "Chỉ có một trong hai liên kết (Cổng Dịch vụ công quốc gia, Cổng TTĐT Chính phủ)." };
const NONE: Msg = Msg { code: "national_links_none", vi: "Không có liên kết đến Cổng Dịch vụ công quốc gia và Cổng TTĐT Chính phủ." };

/// A national portal: its label in the evidence and the hosts that stand for it (each with its
/// subdomains).
struct Target {
    label: &'static str,
    hosts: &'static [&'static str],
}

const NATIONAL_SERVICES: Target = Target { label: "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)", hosts: &["dichvucong.gov.vn"] };
const GOVERNMENT: Target = Target { label: "Cổng TTĐT Chính phủ (chinhphu.vn)", hosts: &["chinhphu.vn", "baochinhphu.vn"] };

fn on_host(l: &Link, hosts: &[&str]) -> bool {
    l.url.as_ref().is_some_and(|u| {
        let h = bare_host(u);
        hosts.iter().any(|d| h == *d || h.ends_with(&format!(".{d}")))
    })
}

/// The first link that `pred` accepts, with where it is written.
fn find(f: &PageFacts, pred: impl Fn(&Link) -> bool) -> Option<(&Link, String)> {
    f.links
        .iter()
        .find(|l| pred(l))
        .map(|l| (l, format!("a[href=\"{}\"]", l.href)))
        .or_else(|| f.select_links.iter().find(|l| pred(l)).map(|l| (l, format!("option[value=\"{}\"]", l.href))))
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let mut items = Vec::new();
    let mut found = 0;
    for target in [NATIONAL_SERVICES, GOVERNMENT] {
        let hit = find(f, |l| on_host(l, target.hosts));
        found += usize::from(hit.is_some());
        let mut item = Item::new(target.label, hit.is_some()).at(&page.final_url);
        if let Some((l, at)) = &hit {
            item = item.detail(if l.text.is_empty() { at.clone() } else { format!("{at}: {}", l.text) });
        } else if target.hosts == NATIONAL_SERVICES.hosts {
            // A ministry's or province's own portal: shown, for the reviewer.
            if let Some((l, at)) = find(f, |l| l.url.as_ref().is_some_and(is_service_portal)) {
                item = item.detail(format!("chỉ có cổng dịch vụ công của bộ, tỉnh (không phải cổng quốc gia) — {at}: {}", l.text));
            }
        }
        items.push(item);
    }
    Finding::by_share(found, 2, &ALL, &SOME, &NONE).looking_for(CHECK.looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    fn with_links(links: &str) -> ttdt_snapshot::Snapshot {
        home(&page_html("", &[HEADER, MENU, NEWS, &format!(r#"<aside class="lien-ket"><h2>Liên kết</h2>{links}</aside>"#), FOOTER].join("\n")))
    }

    const DVC: &str = r#"<a href="https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"><img src="/images/banner-dvcqg.png" alt="Cổng Dịch vụ công quốc gia"></a>"#;

    #[test]
    fn passes_with_both_national_portals_linked() {
        let f = assert_outcome(&CHECK, &with_links(&format!(r#"{DVC}<a href="https://chinhphu.vn/">Cổng Thông tin điện tử Chính phủ</a>"#)), Outcome::Pass);
        assert_eq!(f.items[1].detail.as_deref(), Some("a[href=\"https://chinhphu.vn/\"]: Cổng Thông tin điện tử Chính phủ"));
        // A subdomain of the Government portal counts.
        assert_outcome(&CHECK, &with_links(&format!(r#"{DVC}<a href="https://xaydungchinhsach.chinhphu.vn/">Xây dựng chính sách, pháp luật</a>"#)), Outcome::Pass);
    }

    #[test]
    fn the_government_portal_in_its_other_forms_and_in_a_select_box() {
        for gov in [
            r#"<a href="http://vanban.chinhphu.vn/portal/page/portal/chinhphu/hethongvanban">Hệ thống văn bản</a>"#,
            r#"<a href="https://congbao.chinhphu.vn/">Công báo</a>"#,
            r#"<a href="https://baochinhphu.vn/"><img src="/images/bcp.png" alt=""></a>"#,
            r#"<select id="lienket" onchange="window.open(this.value)"><option value="">-- Liên kết website --</option><option value="http://chinhphu.vn">Cổng TTĐT Chính phủ</option></select>"#,
        ] {
            let f = assert_outcome(&CHECK, &with_links(&format!("{DVC}{gov}")), Outcome::Pass);
            assert!(f.items[1].found, "{gov}");
        }
        let f = assert_outcome(&CHECK, &with_links(&format!("{DVC}<select><option value=\"http://chinhphu.vn\">Chính phủ</option></select>")), Outcome::Pass);
        assert_eq!(f.items[1].detail.as_deref(), Some("option[value=\"http://chinhphu.vn\"]: Chính phủ"));
    }

    #[test]
    fn a_provincial_public_service_portal_is_not_the_national_one_and_is_shown() {
        let links = r#"<a href="https://dichvucong.sonha.gov.vn/">Cổng dịch vụ công tỉnh Sơn Hà</a><a href="https://chinhphu.vn/">Chính phủ</a>"#;
        let f = assert_outcome(&CHECK, &with_links(links), Outcome::Partial);
        assert_eq!(f.items[0].detail.as_deref(), Some("chỉ có cổng dịch vụ công của bộ, tỉnh (không phải cổng quốc gia) — a[href=\"https://dichvucong.sonha.gov.vn/\"]: Cổng dịch vụ công tỉnh Sơn Hà"));
        assert_outcome(&CHECK, &with_links(r#"<a href="https://dvc.sonha.gov.vn/">DVC</a>"#), Outcome::Fail);
    }

    #[test]
    fn one_of_the_two_is_partial() {
        assert_eq!(assert_outcome(&CHECK, &with_links(DVC), Outcome::Partial).share, 0.5);
    }

    #[test]
    fn fails_without_either_link() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail).msg.code, "national_links_none");
    }
}
