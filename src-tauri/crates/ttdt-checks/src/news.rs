//! CT.06 — news are kept up to date: the newest dated item of the news list is at most 7 days old.
//!
//! ## What it checks
//! The news section is found like a section (names "tin tức", "tin hoạt động", "sự kiện"; slugs
//! `tin-tuc`, `tintuc`, `news`). The dates written on its page (day first: `20/11/2026`,
//! `20-11-2026`, "ngày 20 tháng 11 năm 2026"), or on the homepage when the list page was not
//! fetched or shows no date, give the newest news item; dates after the scan's start are
//! ignored. Its age is counted in days from the scan's start, never from the clock, so a stored
//! scan is judged the same later.
//!
//! ## Why
//! A portal whose newest item is weeks old no longer informs: the law asks that the information
//! be kept up to date.
//!
//! ## Pass
//! The newest item is at most 7 days old.
//!
//! ## Partial
//! It is 8 to 30 days old (share 0.5).
//!
//! ## Fail
//! It is more than 30 days old; or there is no news section (no link names it and the homepage
//! never says "tin tức").
//!
//! ## Needs review
//! There is a news section but no date could be read.
//!
//! ## References
//! Criterion CT.06 (Tin tức, sự kiện được cập nhật). Legal basis: Luật Công nghệ thông tin
//! 67/2006/QH11, Điều 28 khoản 1; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 3.

use serde_json::json;

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::sections::SectionDef;

pub static CHECK: Check = Check {
    id: "news.freshness",
    criteria: &["CT.06"],
    needs: &[Need::Homepage, Need::InnerPages],
    looked_for: "Chuyên mục tin tức và ngày đăng của tin mới nhất (dd/mm/yyyy)",
    messages: &[&FRESH, &MONTH, &STALE, &NO_DATES, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("news.rs")),
    evaluate,
};

/// The most days old the newest item may be to pass.
const FRESH_DAYS: i64 = 7;
/// The most days old it may be to be partial.
const MONTH_DAYS: i64 = 30;
const FRESH: Msg = Msg { code: "news_fresh", vi: "Tin mới nhất đăng trong vòng 7 ngày." };
const MONTH: Msg = Msg { code: "news_month", vi: "Tin mới nhất đăng trong vòng 30 ngày (chưa trong 7 ngày)." };
const STALE: Msg = Msg { code: "news_stale", vi: "Tin mới nhất đã quá 30 ngày." };
const NO_DATES: Msg = Msg { code: "news_no_dates", vi: "Có chuyên mục tin tức nhưng không đọc được ngày đăng; cần người đánh giá xem." };
const MISSING: Msg = Msg { code: "news_missing", vi: "Không tìm thấy chuyên mục tin tức." };

const NEWS: SectionDef = SectionDef {
    code: "CT.06",
    check_id: "news.freshness",
    names: &["tin tức", "tin hoạt động", "sự kiện"],
    slugs: &["tin-tuc", "tintuc", "news"],
    needs_list: false,
    accepts_form: false,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let link = NEWS.link(f);
    let list = link.and_then(|l| l.url.as_ref()).and_then(|u| ctx.facts_for(u));
    if link.is_none() && !f.text.contains("tin tức") {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Chuyên mục tin tức", false).at(&home.final_url)]);
    }
    let today = ctx.snap.started_at.date();
    let (where_url, dates) = match list {
        Some((p, lf)) if !lf.dates.is_empty() => (p.final_url.clone(), lf.dates.clone()),
        _ => (home.final_url.clone(), f.dates.clone()),
    };
    let newest = dates.iter().filter(|d| **d <= today).max().copied();
    let Some(newest) = newest else {
        return Finding::new(Outcome::NeedsReview, &NO_DATES).looking_for(looked_for).with_items(vec![Item::new("Ngày đăng tin", false).at(where_url)]);
    };
    let age = (today - newest).whole_days();
    let item = Item::new("Tin mới nhất", age <= MONTH_DAYS).at(where_url).detail(format!("{:02}/{:02}/{} ({} ngày trước)", newest.day(), u8::from(newest.month()), newest.year(), age));
    let f = if age <= FRESH_DAYS {
        Finding::new(Outcome::Pass, &FRESH)
    } else if age <= MONTH_DAYS {
        Finding::partial(0.5, &MONTH)
    } else {
        Finding::new(Outcome::Fail, &STALE)
    };
    f.looking_for(looked_for).with_items(vec![item]).with_data(json!({ "newest": newest.to_string(), "age_days": age }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    #[test]
    fn the_thresholds_are_stated_in_the_messages() {
        assert!(FRESH.vi.contains(&format!("{FRESH_DAYS} ngày")) && MONTH.vi.contains(&format!("{MONTH_DAYS} ngày")) && MONTH.vi.contains(&format!("{FRESH_DAYS} ngày")));
        assert!(STALE.vi.contains(&format!("quá {MONTH_DAYS} ngày")));
    }

    /// The portal whose news list shows items dated `dates` (the scan starts on 23/11/2026).
    fn news_list(dates: &[&str]) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        let items: String = dates
            .iter()
            .enumerate()
            .map(|(i, d)| format!(r#"<li><a href="/tin-tuc/tin-{i}.html">Ủy ban nhân dân tỉnh làm việc với các sở, ngành</a> <span class="date">{d}</span></li>"#))
            .collect();
        add_page(&mut snap, "/tin-tuc/", PageKind::NewsList, &page_html("", &format!("{HEADER}{MENU}<main><h1>Tin tức - Sự kiện</h1><ul class=\"list-news\">{items}</ul></main>{FOOTER}")));
        snap
    }

    #[test]
    fn passes_news_posted_this_week() {
        let f = assert_outcome(&CHECK, &news_list(&["20/11/2026", "18/11/2026", "12/11/2026"]), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("20/11/2026 (3 ngày trước)"));
        assert_eq!(f.items[0].url.as_deref(), Some("https://sonha.gov.vn/tin-tuc/"));
    }

    #[test]
    fn news_from_earlier_this_month_are_partial() {
        let f = assert_outcome(&CHECK, &news_list(&["02/11/2026", "28/10/2026"]), Outcome::Partial);
        assert_eq!(f.data["age_days"], 21);
    }

    #[test]
    fn fails_stale_news() {
        assert_eq!(assert_outcome(&CHECK, &news_list(&["15/09/2026", "01/09/2026"]), Outcome::Fail).msg.code, "news_stale");
    }

    #[test]
    fn dates_after_the_scan_start_are_ignored() {
        // An event announced for next month is not news of today.
        assert_outcome(&CHECK, &news_list(&["15/12/2026", "01/10/2026"]), Outcome::Fail);
    }

    #[test]
    fn a_news_section_without_dates_needs_review() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::NeedsReview).msg.code, "news_no_dates");
    }

    #[test]
    fn fails_without_a_news_section() {
        let html = page_html("", &format!(r#"{HEADER}<nav class="main-menu"><a href="/">Trang chủ</a> <a href="/lien-he/">Liên hệ</a></nav><main><h1>Ủy ban nhân dân xã Hà Sơn</h1></main>{FOOTER}"#));
        assert_eq!(assert_outcome(&CHECK, &home(&html), Outcome::Fail).msg.code, "news_missing");
    }
}
