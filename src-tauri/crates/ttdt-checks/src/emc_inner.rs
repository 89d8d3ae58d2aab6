//! KN.02 — the EMC code on every sampled inner page, with the homepage's site id.
//!
//! ## What it checks
//! Every sampled inner page (the foreign-language version excepted) is searched for the EMC
//! snippet as on the homepage (see KN.01). A page counts when it has the snippet with the
//! homepage's site id; when the homepage's site id could not be read, any snippet counts. The
//! evidence lists each page with the site id found, and the data keep the counts.
//!
//! ## Why
//! The monitoring system counts the visits of every page, not only of the homepage; a template
//! that embeds the code on the homepage alone leaves the rest of the portal unmeasured.
//!
//! ## Pass
//! Every sampled inner page has the snippet with the same site id.
//!
//! ## Partial
//! Some pages have it: the share is the pages with the code out of the pages sampled.
//!
//! ## Fail
//! No sampled inner page has the snippet (with the homepage's site id).
//!
//! ## Not tested
//! No inner page could be fetched.
//!
//! ## References
//! Criterion KN.02 (Mã giám sát EMC trên các trang bên trong). Legal basis: Thông tư
//! 22/2023/TT-BTTTT, Yêu cầu chung: nhúng mã giám sát EMC.

use serde_json::json;

use super::{emc, Check, Context, Finding, Item, Msg, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "emc.inner_pages",
    criteria: &["KN.02"],
    needs: &[Need::Homepage, Need::InnerPages],
    looked_for: "Mã giám sát EMC với cùng mã trang trên từng trang bên trong được lấy mẫu",
    messages: &[&ALL, &SOME, &NONE, &NO_INNER_PAGES],
    doc_comment: crate::doc_header(include_str!("emc_inner.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "emc_inner_all", vi: "Mọi trang bên trong được lấy mẫu đều có mã EMC với cùng mã trang." };
const SOME: Msg = Msg { code: "emc_inner_some", vi: "Chỉ một phần trang bên trong có mã EMC (hoặc mã trang khác trang chủ)." };
const NONE: Msg = Msg { code: "emc_inner_none", vi: "Không trang bên trong nào được lấy mẫu có mã EMC." };
const NO_INNER_PAGES: Msg = Msg { code: "no_inner_pages", vi: "Không tải được trang bên trong nào để kiểm tra." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let home_id = ctx.home.as_ref().and_then(|(p, f)| emc::detect(f, &p.body)).and_then(|e| e.site_id);
    let pages: Vec<_> = ctx.inner.iter().filter(|(p, _)| p.kind != ttdt_snapshot::PageKind::Foreign).collect();
    if pages.is_empty() {
        return Finding::new(Outcome::NotTested, &NO_INNER_PAGES);
    }
    let mut items = Vec::new();
    let mut good = 0;
    for (page, facts) in &pages {
        let found = emc::detect(facts, &page.body);
        let ok = found.as_ref().is_some_and(|e| home_id.is_none() || e.site_id == home_id);
        good += usize::from(ok);
        let detail = match &found {
            Some(e) => format!("site id {}", e.site_id.clone().unwrap_or_else(|| "?".into())),
            None => "không có mã EMC".into(),
        };
        items.push(Item::new("Mã EMC", ok).at(&page.final_url).detail(detail));
    }
    Finding::by_share(good, pages.len(), &ALL, &SOME, &NONE)
        .looking_for(CHECK.looked_for)
        .with_items(items)
        .with_data(json!({ "site_id": home_id, "pages": pages.len(), "with_code": good }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    fn snippet(site_id: &str) -> String {
        format!(
            "<script>var _govaq = window._govaq || []; _govaq.push(['trackPageView']);\
             _govaq.push(['setTrackerUrl', 'https://f-emc.ngsp.gov.vn/tracking']); _govaq.push(['setSiteId', '{site_id}']);</script>"
        )
    }

    fn inner(title: &str, head: &str) -> String {
        page_html(head, &format!("{HEADER}{MENU}<main><h1>{title}</h1><p>Nội dung đang được cập nhật.</p></main>{FOOTER}"))
    }

    /// The portal (site id 5021) with its introduction and news pages carrying these site ids.
    fn portal(intro: Option<&str>, news: Option<&str>) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&page_html(&snippet("5021"), &[HEADER, MENU, NEWS, FOOTER].join("\n")));
        add_page(&mut snap, "/gioi-thieu/", PageKind::Introduction, &inner("Giới thiệu", &intro.map(snippet).unwrap_or_default()));
        add_page(&mut snap, "/tin-tuc/", PageKind::NewsList, &inner("Tin tức - Sự kiện", &news.map(snippet).unwrap_or_default()));
        snap
    }

    #[test]
    fn passes_when_every_inner_page_has_the_homepage_site_id() {
        let f = assert_outcome(&CHECK, &portal(Some("5021"), Some("5021")), Outcome::Pass);
        assert_eq!(f.data, serde_json::json!({ "site_id": "5021", "pages": 2, "with_code": 2 }));
    }

    #[test]
    fn another_site_id_on_one_page_is_partial() {
        let f = assert_outcome(&CHECK, &portal(Some("5021"), Some("4410")), Outcome::Partial);
        assert_eq!((f.share, f.items[1].detail.as_deref()), (0.5, Some("site id 4410")));
    }

    #[test]
    fn fails_when_only_the_homepage_has_the_code() {
        let f = assert_outcome(&CHECK, &portal(None, None), Outcome::Fail);
        assert_eq!(f.items[0].detail.as_deref(), Some("không có mã EMC"));
    }

    #[test]
    fn without_inner_pages_it_is_not_tested() {
        let mut snap = portal(None, None);
        snap.pages.clear();
        add_page(&mut snap, "/en/", PageKind::Foreign, &inner("Welcome to Son Ha province", ""));
        assert_outcome(&CHECK, &snap, Outcome::NotTested);
    }
}
