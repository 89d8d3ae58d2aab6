//! CT.26 — broken internal links on the sampled pages: none passes, up to 5 % is partial.
//!
//! ## What it checks
//! Every internal link collection tried from the sampled pages, and every sampled page itself,
//! counts as a tried link; one that answered an HTTP error (4xx, 5xx) is broken. A link that
//! could not be tried (timeout, the site's time budget spent) is not counted either way. The
//! evidence lists up to 20 broken links with the page they were found on, and the data keep the
//! numbers tried and broken.
//!
//! ## Why
//! A broken link is a dead end for the visitor and a sign that the portal's content is not kept
//! up: the law asks that the information be kept accurate and available.
//!
//! ## Pass
//! No tried link is broken.
//!
//! ## Partial
//! Some links are broken, at most 5 % of those tried (share 0.5).
//!
//! ## Fail
//! More than 5 % of the tried links are broken.
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
    messages: &[&OK, &FEW_BROKEN, &MANY_BROKEN, &NONE_TRIED],
    doc_comment: crate::doc_header(include_str!("broken_links.rs")),
    evaluate,
};

/// The largest share of broken links that is still partial.
const MAX_FEW_BROKEN: f64 = 0.05;
const OK: Msg = Msg { code: "links_ok", vi: "Không có liên kết nội bộ hỏng trong các trang được lấy mẫu." };
const FEW_BROKEN: Msg = Msg { code: "links_few_broken", vi: "Có liên kết hỏng, không quá 5%." };
const MANY_BROKEN: Msg = Msg { code: "links_many_broken", vi: "Hơn 5% liên kết nội bộ bị hỏng." };
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
            tried.push((p.url.clone(), ctx.snap.url.clone(), s >= 400));
        }
    }
    if tried.is_empty() {
        return Finding::new(Outcome::NotTested, &NONE_TRIED).looking_for(looked_for);
    }
    let broken: Vec<&(String, String, bool)> = tried.iter().filter(|t| t.2).collect();
    let share_broken = broken.len() as f64 / tried.len() as f64;
    let items: Vec<Item> = broken.iter().take(20).map(|(u, from, _)| Item::new("Liên kết hỏng", false).at(u).detail(format!("trên trang {from}"))).collect();
    let data = json!({ "tried": tried.len(), "broken": broken.len() });
    let f = if broken.is_empty() {
        Finding::new(Outcome::Pass, &OK)
    } else if share_broken <= MAX_FEW_BROKEN {
        Finding::partial(0.5, &FEW_BROKEN)
    } else {
        Finding::new(Outcome::Fail, &MANY_BROKEN)
    };
    f.looking_for(looked_for).with_items(items).with_data(data)
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
}
