//! CT.05 — the locality is introduced: administration, map, natural conditions, history, culture, relics and landscapes.
//!
//! ## What it checks
//! Six parts of a locality's introduction, each found when a homepage link names it or when the
//! text of the overview page (the page the CT.05 entry of the section vocabulary links to:
//! "Tổng quan", "Giới thiệu chung", "Điều kiện tự nhiên", "Bản đồ hành chính"…) mentions it:
//! - "Tổ chức bộ máy" ("bộ máy", "cơ cấu tổ chức");
//! - "Bản đồ hành chính" ("bản đồ");
//! - "Điều kiện tự nhiên" ("điều kiện tự nhiên", "vị trí địa lý");
//! - "Lịch sử" ("lịch sử");
//! - "Văn hóa" ("văn hóa", "truyền thống");
//! - "Di tích, danh thắng" ("di tích", "danh thắng", "danh lam").
//!
//! ## Why
//! A province's or commune's portal presents the locality to citizens, investors and visitors:
//! how it is administered, where it lies, and its history and heritage.
//!
//! ## Pass
//! All six parts are found.
//!
//! ## Partial
//! Some parts are: the share is the parts found out of six.
//!
//! ## Fail
//! None of the six parts is found.
//!
//! ## References
//! Criterion CT.05 (Tổ chức bộ máy, bản đồ hành chính, điều kiện tự nhiên, lịch sử, văn hóa, di
//! tích, danh thắng), hybrid; the framework applies it to provinces and communes. Legal basis:
//! Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::sections;

pub static CHECK: Check = Check {
    id: sections::LOCALITY.check_id,
    criteria: &[sections::LOCALITY.code],
    needs: &[Need::Homepage, Need::InnerPages],
    looked_for: "Bộ máy, bản đồ hành chính, điều kiện tự nhiên, lịch sử, văn hóa, di tích – danh thắng",
    messages: &[&ALL, &SOME, &NONE, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("locality.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "locality_all", vi: "Có đủ các phần giới thiệu địa phương." };
const SOME: Msg = Msg { code: "locality_some", vi: "Chỉ có một phần các nội dung giới thiệu địa phương." };
const NONE: Msg = Msg { code: "locality_none", vi: "Không thấy nội dung giới thiệu địa phương (bộ máy, bản đồ, điều kiện tự nhiên, lịch sử, văn hóa, di tích)." };

const PARTS: &[(&str, &[&str])] = &[
    ("Tổ chức bộ máy", &["bộ máy", "cơ cấu tổ chức"]),
    ("Bản đồ hành chính", &["bản đồ"]),
    ("Điều kiện tự nhiên", &["điều kiện tự nhiên", "vị trí địa lý"]),
    ("Lịch sử", &["lịch sử"]),
    ("Văn hóa", &["văn hóa", "truyền thống"]),
    ("Di tích, danh thắng", &["di tích", "danh thắng", "danh lam"]),
];

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    // Parts are found in the homepage's links and in the text of the overview page.
    let overview = sections::LOCALITY.link(f).and_then(|l| l.url.as_ref()).and_then(|u| ctx.facts_for(u));
    let mut items = Vec::new();
    let mut found = 0;
    for (label, words) in PARTS {
        let in_links = f.links.iter().find(|l| words.iter().any(|w| l.folded.contains(w)));
        let in_page = overview.filter(|(_, pf)| words.iter().any(|w| pf.text.contains(w)));
        let item = match (in_links, in_page) {
            (Some(l), _) => Item::new(*label, true).at(&home.final_url).detail(format!("a: {}", l.text)),
            (None, Some((p, _))) => Item::new(*label, true).at(&p.final_url),
            (None, None) => Item::new(*label, false),
        };
        found += usize::from(item.found);
        items.push(item);
    }
    Finding::by_share(found, PARTS.len(), &ALL, &SOME, &NONE).looking_for(CHECK.looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    const SMALL_MENU: &str = r#"<nav class="main-menu"><a href="/">Trang chủ</a> <a href="/tin-tuc/">Tin tức</a> <a href="/lien-he/">Liên hệ</a></nav>"#;

    fn with_menu(entries: &str) -> ttdt_snapshot::Snapshot {
        home(&page_html("", &[HEADER, SMALL_MENU, &format!(r#"<nav class="sub-menu">{entries}</nav>"#), NEWS, FOOTER].join("\n")))
    }

    #[test]
    fn passes_with_every_part_linked_from_the_homepage() {
        let snap = with_menu(
            r#"<a href="/gioi-thieu/to-chuc-bo-may/">Tổ chức bộ máy</a><a href="/gioi-thieu/ban-do/">Bản đồ hành chính</a>
            <a href="/gioi-thieu/dieu-kien-tu-nhien/">Điều kiện tự nhiên</a><a href="/gioi-thieu/lich-su/">Lịch sử Sơn Hà</a>
            <a href="/gioi-thieu/van-hoa/">Văn hóa - Lễ hội</a><a href="/du-lich/">Di tích, danh thắng</a>"#,
        );
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.items[3].detail.as_deref(), Some("a: Lịch sử Sơn Hà"));
    }

    #[test]
    fn parts_mentioned_on_the_overview_page_count_and_the_rest_is_partial() {
        let mut snap = with_menu(r#"<a href="/tong-quan/">Tổng quan về Sơn Hà</a>"#);
        let overview = page_html("", &format!("{HEADER}{SMALL_MENU}<main><h1>Tổng quan về tỉnh Sơn Hà</h1>\
            <h2>Vị trí địa lý</h2><p>Sơn Hà là tỉnh miền núi phía Bắc, phía bắc giáp nước bạn, phía nam giáp tỉnh Tuyên Quang.</p>\
            <h2>Lịch sử</h2><p>Tỉnh được thành lập năm 1891, trải qua nhiều lần chia tách, sáp nhập.</p></main>{FOOTER}"));
        add_page(&mut snap, "/tong-quan/", PageKind::Section, &overview);
        let f = assert_outcome(&CHECK, &snap, Outcome::Partial);
        assert_eq!(f.share, 0.333);
        assert_eq!(f.items[2].url.as_deref(), Some("https://sonha.gov.vn/tong-quan/"));
    }

    #[test]
    fn fails_without_any_part() {
        let f = assert_outcome(&CHECK, &with_menu(r#"<a href="/thu-tuc-hanh-chinh/">Thủ tục hành chính</a>"#), Outcome::Fail);
        assert_eq!(f.msg.code, "locality_none");
    }
}
