//! DT.04 — data shared as services: a machine-readable feed, or an open-data or API link; the reviewer confirms actual web services.
//!
//! ## What it checks
//! Two kinds of machine-readable source, each one an item of the evidence:
//! - every feed collection found (advertised in the head or linked) that parses as RSS or Atom;
//! - every homepage link named "dữ liệu mở" or "open data", named exactly "API", or whose
//!   address contains `/api/`.
//!
//! ## Why
//! The criterion asks that a portal share its data as services other systems can read, not only
//! as pages for people. A feed or an open-data link is the visible sign; whether real web
//! services stand behind it is for the reviewer to confirm.
//!
//! ## Pass
//! At least one readable feed or one open-data or API link.
//!
//! ## Fail
//! Neither a readable feed nor an open-data or API link.
//!
//! ## References
//! Criterion DT.04 (Chia sẻ dữ liệu dạng dịch vụ (RSS, API, dữ liệu mở)), hybrid: the reviewer
//! confirms the web services. Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu chung: dữ liệu có
//! cấu trúc, chia sẻ qua dịch vụ web; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 5.

use super::feed::feed_items;
use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "data.services",
    criteria: &["DT.04"],
    needs: &[Need::Homepage],
    looked_for: "Nguồn RSS/Atom đọc được, liên kết dữ liệu mở hoặc API",
    messages: &[&FOUND, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("data_services.rs")),
    evaluate,
};

const FOUND: Msg = Msg { code: "data_services_found", vi: "Có nguồn dữ liệu máy đọc được (RSS, API hoặc dữ liệu mở); người đánh giá xác nhận dịch vụ web." };
const MISSING: Msg = Msg { code: "data_services_missing", vi: "Không thấy nguồn dữ liệu máy đọc được (RSS, API, dữ liệu mở)." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let mut items = Vec::new();
    for feed in ctx.snap.feeds.iter().filter(|p| p.ok() && feed_items(&p.body).is_some()) {
        items.push(Item::new("Nguồn RSS/Atom", true).at(&feed.url));
    }
    for l in f.links.iter().filter(|l| l.folded.contains("dữ liệu mở") || l.folded.contains("open data") || l.folded.marked == "api" || l.href.to_ascii_lowercase().contains("/api/")) {
        items.push(Item::new("Dữ liệu mở / API", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text)));
    }
    let looked_for = CHECK.looked_for;
    if items.is_empty() {
        Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Dữ liệu máy đọc được", false).at(&home.final_url)])
    } else {
        Finding::new(Outcome::Pass, &FOUND).looking_for(looked_for).with_items(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    #[test]
    fn passes_with_an_open_data_link() {
        let body = [HEADER, MENU, NEWS, r#"<div class="box-lien-ket"><a href="https://dulieu.sonha.gov.vn/">Cổng dữ liệu mở tỉnh Sơn Hà</a></div>"#, FOOTER].join("\n");
        let f = assert_outcome(&CHECK, &home(&page_html("", &body)), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("a[href=\"https://dulieu.sonha.gov.vn/\"]: Cổng dữ liệu mở tỉnh Sơn Hà"));
    }

    #[test]
    fn passes_with_a_readable_feed() {
        let mut snap = home(&portal_home());
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin tức - Sự kiện</title>
            <item><title>Hội nghị triển khai chuyển đổi số năm 2026</title><link>https://sonha.gov.vn/tin-tuc/hoi-nghi.html</link></item></channel></rss>"#;
        snap.feeds.push(html_page(&url("/rss/tin-tuc.rss"), PageKind::Feed, rss));
        assert_outcome(&CHECK, &snap, Outcome::Pass);
    }

    #[test]
    fn fails_without_any_machine_readable_source() {
        let f = assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail);
        assert_eq!(f.items[0].what, "Dữ liệu máy đọc được");
    }
}
