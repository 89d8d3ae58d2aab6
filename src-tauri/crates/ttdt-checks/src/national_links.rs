//! KN.05 — links to the National Public Service Portal and the Government portal.
//!
//! ## What it checks
//! The homepage's links, for one to `dichvucong.gov.vn` (Cổng Dịch vụ công quốc gia) and one to
//! `chinhphu.vn` (Cổng TTĐT Chính phủ), their subdomains included (`xaydungchinhsach.chinhphu.vn`).
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

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::bare_host;

pub static CHECK: Check = Check {
    id: "links.national_portals",
    criteria: &["KN.05"],
    needs: &[Need::Homepage],
    looked_for: "Liên kết trên trang chủ đến dichvucong.gov.vn và chinhphu.vn",
    messages: &[&ALL, &SOME, &NONE, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("national_links.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "national_links_all", vi: "Có liên kết đến Cổng Dịch vụ công quốc gia và Cổng TTĐT Chính phủ." };
const SOME: Msg = Msg { code: "national_links_some", vi: "Chỉ có một trong hai liên kết (Cổng Dịch vụ công quốc gia, Cổng TTĐT Chính phủ)." };
const NONE: Msg = Msg { code: "national_links_none", vi: "Không có liên kết đến Cổng Dịch vụ công quốc gia và Cổng TTĐT Chính phủ." };

/// The national portals: their label in the evidence and their domain.
const TARGETS: [(&str, &str); 2] = [("Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)", "dichvucong.gov.vn"), ("Cổng TTĐT Chính phủ (chinhphu.vn)", "chinhphu.vn")];

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let mut items = Vec::new();
    let mut found = 0;
    for (label, domain) in TARGETS {
        let hit = f.links.iter().find(|l| {
            l.url.as_ref().is_some_and(|u| {
                let h = bare_host(u);
                h == domain || h.ends_with(&format!(".{domain}"))
            })
        });
        found += usize::from(hit.is_some());
        let mut item = Item::new(label, hit.is_some()).at(&page.final_url);
        if let Some(l) = hit {
            item = item.detail(format!("a[href=\"{}\"]", l.href));
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
        assert_eq!(f.items[1].detail.as_deref(), Some("a[href=\"https://chinhphu.vn/\"]"));
        // A subdomain of the Government portal counts.
        assert_outcome(&CHECK, &with_links(&format!(r#"{DVC}<a href="https://xaydungchinhsach.chinhphu.vn/">Xây dựng chính sách, pháp luật</a>"#)), Outcome::Pass);
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
