//! TM.04 — `http://` redirects to `https://`, and the HTTPS answer carries HSTS.
//!
//! ## What it checks
//! Two items:
//! - the `http://` form of the homepage, fetched without following redirects, answers a
//!   redirect (3xx) whose `Location` starts with `https://`;
//! - the homepage's HTTPS answer carries a `Strict-Transport-Security` header.
//!
//! ## Why
//! A visitor who types the address without `https://` must land on the encrypted site, and HSTS
//! tells the browser never to use plain HTTP for the portal again.
//!
//! ## Pass
//! Both hold.
//!
//! ## Partial
//! One of the two holds (share 0.5).
//!
//! ## Fail
//! Neither holds.
//!
//! ## Not tested
//! Collection did not probe the `http://` address.
//!
//! ## Error
//! The homepage gave no HTTPS answer because the site could not be reached: HSTS could not be
//! observed, which is not the same as missing.
//!
//! ## References
//! Criterion TM.04 (Tự chuyển HTTP sang HTTPS, có HSTS). Legal basis: Thông tư
//! 22/2023/TT-BTTTT, Yêu cầu chung: tuân thủ quy định về an toàn thông tin.

use super::{Check, Context, Finding, Item, Msg, Need, NOT_COLLECTED, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "tls.redirect_hsts",
    criteria: &["TM.04"],
    needs: &[Need::HttpProbe],
    looked_for: "Yêu cầu http:// được chuyển (301/302/307/308) sang https://; tiêu đề Strict-Transport-Security",
    messages: &[&ALL, &SOME, &NONE, &NOT_COLLECTED, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("hsts_redirect.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "redirect_hsts_all", vi: "HTTP tự chuyển sang HTTPS và có HSTS." };
const SOME: Msg = Msg { code: "redirect_hsts_some", vi: "Chỉ đạt một trong hai: tự chuyển HTTP sang HTTPS, có HSTS." };
const NONE: Msg = Msg { code: "redirect_hsts_none", vi: "HTTP không tự chuyển sang HTTPS và không có HSTS." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = CHECK.looked_for;
    let Some(probe) = &ctx.snap.http_probe else { return Finding::new(Outcome::NotTested, &NOT_COLLECTED).looking_for(looked_for) };
    let location = probe.header("location").unwrap_or("");
    let redirects = probe.http_status.is_some_and(|s| (300..400).contains(&s)) && location.to_ascii_lowercase().starts_with("https://");
    let redirect_detail = match probe.http_status {
        Some(s) => format!("HTTP {s} {location}"),
        None => probe.status.label_vi().to_string(),
    };
    let https_home = ctx.snap.homepage.as_ref().filter(|p| p.final_url.starts_with("https://") && p.http_status.is_some());
    let hsts = https_home.and_then(|p| p.header("strict-transport-security")).map(str::to_string);
    // Without an HTTPS answer from the homepage, HSTS could not be observed: not "missing".
    if https_home.is_none() && ctx.snap.status.is_unreachable() {
        return Finding::new(Outcome::Error, &SITE_UNREACHABLE)
            .looking_for(looked_for)
            .with_items(vec![Item::new("Chuyển http:// sang https://", redirects).at(&probe.url).detail(redirect_detail), Item::new("Strict-Transport-Security", false).detail(ctx.snap.status.label_vi())]);
    }
    let items = vec![
        Item::new("Chuyển http:// sang https://", redirects).at(&probe.url).detail(redirect_detail),
        Item::new("Strict-Transport-Security", hsts.is_some()).detail(hsts.clone().unwrap_or_default()),
    ];
    let found = usize::from(redirects) + usize::from(hsts.is_some());
    Finding::by_share(found, 2, &ALL, &SOME, &NONE).looking_for(looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::FetchStatus;

    const HSTS: &str = "max-age=31536000; includeSubDomains";

    fn site(probe_status: u16, location: Option<&str>, hsts: bool) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        if hsts {
            snap.homepage.as_mut().unwrap().headers.push(("strict-transport-security".into(), HSTS.into()));
        }
        snap.http_probe = Some(http_probe(probe_status, location));
        snap
    }

    #[test]
    fn passes_a_permanent_redirect_to_https_with_hsts() {
        let f = assert_outcome(&CHECK, &site(301, Some("https://sonha.gov.vn/"), true), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("HTTP 301 https://sonha.gov.vn/"));
        assert_eq!(f.items[1].detail.as_deref(), Some(HSTS));
    }

    #[test]
    fn a_redirect_without_hsts_is_partial() {
        assert_eq!(assert_outcome(&CHECK, &site(302, Some("https://sonha.gov.vn/"), false), Outcome::Partial).share, 0.5);
    }

    #[test]
    fn fails_when_plain_http_is_served_and_there_is_no_hsts() {
        assert_eq!(assert_outcome(&CHECK, &site(200, None, false), Outcome::Fail).msg.code, "redirect_hsts_none");
        // A redirect that stays on http:// is no redirect to HTTPS.
        assert_outcome(&CHECK, &site(301, Some("http://www.sonha.gov.vn/"), false), Outcome::Fail);
    }

    #[test]
    fn without_the_probe_it_is_not_tested_and_an_unreachable_site_is_an_error() {
        assert_outcome(&CHECK, &home(&portal_home()), Outcome::NotTested);
        let mut snap = site(301, Some("https://sonha.gov.vn/"), false);
        snap.homepage = None;
        snap.status = FetchStatus::Timeout;
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::Error).msg.code, "site_unreachable");
    }
}
