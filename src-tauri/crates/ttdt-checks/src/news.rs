//! CT.06 — news are kept up to date: the newest dated item of the news list is at most 7 days old.
//!
//! ## What it checks
//! The news section is found like a section (names "tin tức", "tin hoạt động", "tin mới", "sự
//! kiện"; slugs `tin-tuc`, `tintuc`, `news`). The dates written on its page, or on the homepage
//! when the list page was not fetched or shows no date, or else on the sampled articles, give
//! the newest news item. Dates are read as portals write them:
//! - day first, with slashes, hyphens or dots: `26/08/2022`, `26-08-2022`, `26.08.2022`, also
//!   inside "Thứ Sáu, 26/08/2022 10:15", "26/8/2022 | 10:15", "Cập nhật: 26/08/2022"; "ngày 26
//!   tháng 8 năm 2022"; ISO `2022-08-26`;
//! - day and month without a year, in brackets (`(26/8)`): the year is the scan's, or the one
//!   before when that date would be after the scan;
//! - relative: "2 giờ trước" (today), "3 ngày trước", "2 tuần trước", "1 tháng trước".
//!
//! The date of the day that many portals show in their banner or menu bar is left out (it is no
//! news item's date), and dates after the scan's start are ignored. The age is counted in days
//! from the scan's start, never from the clock, so a stored scan is judged the same later.
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
//! It is more than 30 days old; or there is no news section (no link names it, the homepage
//! never says "tin tức" and shows no dated item).
//!
//! ## Needs review
//! There is a news section but no date could be read: the reviewer looks at the list.
//!
//! ## References
//! Criterion CT.06 (Tin tức, sự kiện được cập nhật). Legal basis: Luật Công nghệ thông tin
//! 67/2006/QH11, Điều 28 khoản 1; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 3.

use serde_json::json;
use time::Date;

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
    names: &["tin tức", "tin hoạt động", "tin mới", "sự kiện"],
    slugs: &["tin-tuc", "tintuc", "news"],
    needs_list: false,
    accepts_form: false,
    open_items: false,
};

/// The dates a page shows, as days on or before `today`: written in full, day and month with the
/// year inferred, or relative.
fn dates_of(f: &ttdt_snapshot::html::PageFacts, today: Date) -> Vec<Date> {
    let mut out: Vec<Date> = f.dates.iter().copied().filter(|d| *d <= today).collect();
    for (d, m) in &f.day_months {
        let Ok(month) = time::Month::try_from(*m) else { continue };
        // The year of the scan, or the one before when that day is still to come.
        let date = [today.year(), today.year() - 1].into_iter().filter_map(|y| Date::from_calendar_date(y, month, *d).ok()).find(|x| *x <= today);
        out.extend(date);
    }
    out.extend(f.ages_days.iter().filter_map(|n| today.checked_sub(time::Duration::days(i64::from(*n)))));
    out
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let today = ctx.snap.started_at.date();
    let link = NEWS.link(f);
    let list = link.and_then(|l| l.url.as_ref()).and_then(|u| ctx.facts_for(u));
    let home_dates = dates_of(f, today);
    if link.is_none() && !NEWS.names.iter().any(|n| f.text.contains(n)) && home_dates.is_empty() {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Chuyên mục tin tức", false).at(&home.final_url)]);
    }
    // The list page first, then the homepage, then the sampled articles.
    let sources = list
        .map(|(p, lf)| (p.final_url.clone(), dates_of(lf, today)))
        .into_iter()
        .chain(std::iter::once((home.final_url.clone(), home_dates)))
        .chain(ctx.inner_of_kind(ttdt_snapshot::PageKind::Article).map(|(p, af)| (p.final_url.clone(), dates_of(af, today))));
    let mut looked = Vec::new();
    let mut best = None;
    for (url, dates) in sources {
        if let Some(newest) = dates.iter().max().copied() {
            best = Some((url, newest));
            break;
        }
        looked.push(url);
    }
    let Some((where_url, newest)) = best else {
        let items = looked.into_iter().map(|u| Item::new("Ngày đăng tin", false).at(u).detail("không thấy ngày đăng nào (dd/mm/yyyy, (dd/mm), “… ngày trước”)")).collect();
        return Finding::new(Outcome::NeedsReview, &NO_DATES).looking_for(looked_for).with_items(items);
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
    fn reads_the_dates_as_real_news_lists_write_them() {
        for (written, age) in [
            ("26/11/2026", None),
            ("20-11-2026", Some(3)),
            ("20.11.2026", Some(3)),
            ("Thứ Sáu, 20/11/2026 10:15", Some(3)),
            ("20/11/2026 | 10:15", Some(3)),
            ("Cập nhật: 16/11/2026", Some(7)),
            ("(20/11)", Some(3)),
            ("2 giờ trước", Some(0)),
            ("3 ngày trước", Some(3)),
            ("2 tuần trước", Some(14)),
        ] {
            let snap = news_list(&[written]);
            let f = crate::judge(&CHECK, &crate::Context::new(&snap));
            match age {
                Some(a) => assert_eq!(f.data["age_days"], a, "{written}: {}", f.evidence()),
                // A date after the scan is no news of today.
                None => assert_eq!(f.outcome, Outcome::NeedsReview, "{written}: {}", f.evidence()),
            }
        }
    }

    #[test]
    fn a_day_and_month_without_a_year_is_never_in_the_future() {
        // Scanned on 23/11/2026: "(20/12)" is last December, a year old.
        let f = assert_outcome(&CHECK, &news_list(&["(20/12)"]), Outcome::Fail);
        assert_eq!(f.data["newest"], "2025-12-20");
    }

    #[test]
    fn the_date_of_the_day_in_the_banner_is_no_news_date() {
        let banner = r#"<header class="site-header"><span class="today">Thứ Hai, 23/11/2026</span></header>"#;
        let mut snap = home(&page_html("", &[banner, MENU, crate::test::NEWS, FOOTER].join("\n")));
        let list = format!("{banner}{MENU}<main><ul><li><a href=\"/tin-tuc/1.html\">Hội nghị</a> (01/10/2026)</li></ul></main>");
        add_page(&mut snap, "/tin-tuc/", PageKind::NewsList, &page_html("", &list));
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!(f.data["newest"], "2026-10-01");
    }

    #[test]
    fn the_sampled_articles_give_the_date_when_the_lists_show_none() {
        let mut snap = home(&portal_home());
        add_page(&mut snap, "/tin-tuc/hoi-nghi.html", PageKind::Article, &page_html("", "<main><article><h1>Hội nghị</h1><p class=\"date\">Ngày đăng: 19/11/2026</p></article></main>"));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.items[0].url.as_deref(), Some("https://sonha.gov.vn/tin-tuc/hoi-nghi.html"));
    }

    #[test]
    fn a_homepage_with_dated_items_but_no_news_link_is_judged_on_them() {
        let html = page_html("", &format!(r#"{HEADER}<nav class="main-menu"><a href="/">Trang chủ</a></nav><main><h2>Hoạt động</h2><ul><li>Hội nghị cán bộ (18/11/2026)</li></ul></main>{FOOTER}"#));
        assert_outcome(&CHECK, &home(&html), Outcome::Pass);
    }

    #[test]
    fn fails_without_a_news_section() {
        let html = page_html("", &format!(r#"{HEADER}<nav class="main-menu"><a href="/">Trang chủ</a> <a href="/lien-he/">Liên hệ</a></nav><main><h1>Ủy ban nhân dân xã Hà Sơn</h1></main>{FOOTER}"#));
        assert_eq!(assert_outcome(&CHECK, &home(&html), Outcome::Fail).msg.code, "news_missing");
    }
}
