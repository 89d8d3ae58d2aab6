//! CT.26 — broken internal links on the sampled pages: none passes, up to 5 % is partial.
//!
//! ## What it checks
//! Every internal link collection tried from the sampled pages, and every sampled page itself,
//! counts as a tried link; one that answered an HTTP error (4xx, 5xx) is broken, and so is a
//! sampled page that answered `2xx` with a "not found" page ("Không tìm thấy trang", "Trang không
//! tồn tại", "404" in its title) or with the site's own answer to an address that does not exist.
//! A link that could not be tried (timeout, the site's time budget spent) is not counted either
//! way. The evidence lists up to 20 broken links with the page they were found on, and the data
//! keep the numbers tried and broken.
//!
//! The 404 behaviour itself is reported here, as no criterion of the framework names it: the
//! answer to an address that should not exist (collection asks for one) is the first item of the
//! evidence. A site that answers it `2xx` (a soft 404) hides its broken links from their status,
//! so the links tried with their status alone cannot be trusted to be whole.
//!
//! ## Why
//! A broken link is a dead end for the visitor and a sign that the portal's content is not kept
//! up: the law asks that the information be kept accurate and available.
//!
//! ## Pass
//! No tried link is broken, and the site answers a missing address with an HTTP error.
//!
//! ## Partial
//! Some links are broken, at most 5 % of those tried (share 0.5).
//!
//! ## Fail
//! More than 5 % of the tried links are broken.
//!
//! ## Needs review
//! No tried link is broken, but the site answers a missing address `2xx` (a soft 404): links
//! tried by their status alone may be broken in fact.
//!
//! ## Not tested
//! No internal link could be tried.
//!
//! ## References
//! Criterion CT.26 (Liên kết hỏng). Legal basis: Luật Công nghệ thông tin 67/2006/QH11, Điều 28
//! khoản 1.

use serde_json::json;

use super::{Check, Context, Finding, Item, Msg, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "links.broken",
    criteria: &["CT.26"],
    needs: &[Need::Homepage],
    looked_for: "Liên kết nội bộ trên các trang được lấy mẫu trả mã HTTP lỗi (4xx, 5xx)",
    messages: &[&OK, &FEW_BROKEN, &MANY_BROKEN, &SOFT_404, &NONE_TRIED],
    doc_comment: crate::doc_header(include_str!("broken_links.rs")),
    evaluate,
};

/// The largest share of broken links that is still partial.
const MAX_FEW_BROKEN: f64 = 0.05;
const OK: Msg = Msg { code: "links_ok", vi: "Không có liên kết nội bộ hỏng trong các trang được lấy mẫu." };
const FEW_BROKEN: Msg = Msg { code: "links_few_broken", vi: "Có liên kết hỏng, không quá 5%." };
const MANY_BROKEN: Msg = Msg { code: "links_many_broken", vi: "Hơn 5% liên kết nội bộ bị hỏng." };
const SOFT_404: Msg = Msg {
    code: "links_soft_404",
    vi: "Cổng trả lời thành công (mã 2xx) cho địa chỉ không tồn tại nên không nhận ra liên kết hỏng qua mã trạng thái; cần người đánh giá xem.",
};
const NONE_TRIED: Msg = Msg { code: "links_none", vi: "Không có liên kết nội bộ nào để kiểm tra." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = CHECK.looked_for;
    // Fetched pages count as tried links too.
    let mut tried: Vec<(String, String, bool)> = Vec::new();
    for l in &ctx.snap.links {
        if let Some(s) = l.http_status {
            tried.push((l.url.clone(), l.from.clone(), s >= 400));
        }
    }
    for p in &ctx.snap.pages {
        if let Some(s) = p.http_status {
            tried.push((p.url.clone(), ctx.snap.url.clone(), s >= 400 || answered_not_found(ctx, p)));
        }
    }
    let probe = ctx.snap.probe_404.as_ref().filter(|p| p.http_status.is_some());
    let soft_404 = probe.is_some_and(|p| p.ok());
    if tried.is_empty() {
        return Finding::new(Outcome::NotTested, &NONE_TRIED).looking_for(looked_for);
    }
    let broken: Vec<&(String, String, bool)> = tried.iter().filter(|t| t.2).collect();
    let share_broken = broken.len() as f64 / tried.len() as f64;
    let mut items: Vec<Item> = Vec::new();
    if let Some(p) = probe {
        let status = p.http_status.unwrap_or(0);
        let detail = if soft_404 { format!("HTTP {status}: trả lời thành công cho địa chỉ không tồn tại (soft 404)") } else { format!("HTTP {status}") };
        items.push(Item::new("Địa chỉ không tồn tại trả mã lỗi 404", !soft_404).at(&p.url).detail(detail));
    }
    items.extend(broken.iter().take(20).map(|(u, from, _)| Item::new("Liên kết hỏng", false).at(u).detail(format!("trên trang {from}"))));
    let data = json!({ "tried": tried.len(), "broken": broken.len(), "probe_404_status": probe.and_then(|p| p.http_status) });
    // Broken links seen are broken whatever the 404 behaviour; only "none broken" cannot be
    // believed on a site that answers 2xx for a missing address.
    let f = if broken.is_empty() && soft_404 {
        Finding::new(Outcome::NeedsReview, &SOFT_404)
    } else if broken.is_empty() {
        Finding::new(Outcome::Pass, &OK)
    } else if share_broken <= MAX_FEW_BROKEN {
        Finding::partial(0.5, &FEW_BROKEN)
    } else {
        Finding::new(Outcome::Fail, &MANY_BROKEN)
    };
    f.looking_for(looked_for).with_items(items).with_data(data)
}

/// Whether a sampled page that answered `2xx` is a "not found" page: by its own words, or because
/// it is the site's answer to an address that does not exist.
fn answered_not_found(ctx: &Context<'_>, page: &ttdt_snapshot::Page) -> bool {
    if !page.ok() {
        return false;
    }
    ctx.inner.iter().find(|(p, _)| std::ptr::eq(*p, page)).is_some_and(|(p, facts)| {
        ttdt_snapshot::stub::says_not_found(facts).is_some() || ctx.not_found.as_ref().is_some_and(|nf| nf.like(p, facts))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    /// The portal with `ok` working links and `broken` links answering 404, tried from the news list.
    fn tried(ok: usize, broken: usize) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        for i in 0..ok {
            snap.links.push(link_probe(&format!("/tin-tuc/tin-{i}.html"), "/tin-tuc/", 200));
        }
        for i in 0..broken {
            snap.links.push(link_probe(&format!("/van-ban/qd-{i}-2019.pdf"), "/tin-tuc/", 404));
        }
        snap
    }

    #[test]
    fn the_threshold_is_stated_in_the_messages() {
        let pct = format!("{}%", MAX_FEW_BROKEN * 100.0);
        assert!(FEW_BROKEN.vi.contains(&pct) && MANY_BROKEN.vi.contains(&pct));
    }

    #[test]
    fn passes_when_every_link_answers() {
        let f = assert_outcome(&CHECK, &tried(12, 0), Outcome::Pass);
        assert_eq!(f.data["tried"], 12);
    }

    #[test]
    fn a_few_broken_links_are_partial() {
        let f = assert_outcome(&CHECK, &tried(24, 1), Outcome::Partial);
        assert_eq!((f.share, f.items.len()), (0.5, 1));
        assert_eq!(f.items[0].detail.as_deref(), Some("trên trang https://sonha.gov.vn/tin-tuc/"));
    }

    #[test]
    fn fails_when_more_than_five_percent_are_broken() {
        let mut snap = tried(8, 1);
        snap.pages.push(error_page(&url("/gioi-thieu/"), PageKind::Introduction, 500));
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!(f.data["broken"], 2);
    }

    #[test]
    fn links_not_tried_are_not_counted() {
        let mut snap = home(&portal_home());
        snap.links.push(ttdt_snapshot::LinkProbe { url: url("/lien-he/"), from: url("/"), status: ttdt_snapshot::FetchStatus::Timeout, http_status: None });
        assert_outcome(&CHECK, &snap, Outcome::NotTested);
    }

    #[test]
    fn a_soft_404_site_needs_review_and_its_not_found_pages_count_as_broken() {
        let mut snap = tried(12, 0);
        let not_found = page_html("", "<main><h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại.</p></main>");
        snap.probe_404 = Some(html_page(&url("/ttdt-khong-ton-tai-0a1b2c.html"), PageKind::Probe404, &not_found));
        let f = assert_outcome(&CHECK, &snap, Outcome::NeedsReview);
        assert_eq!((f.msg.code, f.items[0].found), ("links_soft_404", false));
        assert!(f.items[0].detail.as_deref().unwrap().contains("soft 404"));
        // A sampled page answered 200 with the "not found" page is a broken link.
        add_page(&mut snap, "/gioi-thieu/lich-su.html", PageKind::Section, &not_found);
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!((f.data["broken"].as_u64(), f.items[1].url.as_deref()), (Some(1), Some(url("/gioi-thieu/lich-su.html").as_str())));
    }

    #[test]
    fn a_site_answering_404_for_a_missing_address_says_so() {
        let mut snap = tried(12, 0);
        snap.probe_404 = Some(error_page(&url("/ttdt-khong-ton-tai-0a1b2c.html"), PageKind::Probe404, 404));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!((f.items[0].found, f.data["probe_404_status"].as_u64()), (true, Some(404)));
    }
}
