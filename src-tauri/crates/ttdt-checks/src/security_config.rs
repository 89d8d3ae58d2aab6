//! AT.04 — observable secure configuration: TLS 1.2 or newer, no mixed content, security headers, no server version disclosed.
//!
//! ## What it checks
//! Four items, from what any visitor can observe without probing further:
//! - TLS 1.2 or newer: the verifying handshake succeeded (the client speaks only TLS 1.2 and 1.3);
//! - no mixed content: the homepage is served over `https://` and loads no script, image, frame,
//!   media or stylesheet over `http://`;
//! - security headers: at least two of `Content-Security-Policy`, `X-Frame-Options`,
//!   `X-Content-Type-Options` and `Referrer-Policy`;
//! - no version disclosed: no header that names the server's or the platform's version —
//!   `X-AspNet-Version` and `X-AspNetMvc-Version` (their value is a version), and `Server`,
//!   `X-Powered-By`, `Liferay-Portal`, `MicrosoftSharePointTeamServices` or `X-Generator` with a
//!   version number in their value (`X-Powered-By: ASP.NET` names a platform, not its version).
//!
//! ## Why
//! Each item is a common weakness that attackers scan for; the level-based security rules ask
//! that a portal's configuration close them.
//!
//! ## Pass
//! All four items hold.
//!
//! ## Partial
//! Some do: the share is the items that hold out of four.
//!
//! ## Fail
//! None does.
//!
//! ## References
//! Criterion AT.04 (Cấu hình an toàn quan sát được: TLS ≥ 1.2, không nội dung hỗn hợp, tiêu đề
//! bảo mật, không lộ phiên bản máy chủ). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu chung:
//! tuân thủ quy định về an toàn thông tin theo cấp độ.

use regex::Regex;
use std::sync::OnceLock;

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "security.observable_config",
    criteria: &["AT.04"],
    needs: &[Need::Homepage, Need::Tls],
    looked_for: "TLS ≥ 1.2, không nội dung hỗn hợp, tiêu đề bảo mật, không lộ phiên bản máy chủ",
    messages: &[&ALL, &SOME, &NONE, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("security_config.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "security_all", vi: "Đạt mọi mục cấu hình an toàn quan sát được." };
const SOME: Msg = Msg { code: "security_some", vi: "Đạt một phần các mục cấu hình an toàn quan sát được." };
const NONE: Msg = Msg { code: "security_none", vi: "Không đạt mục cấu hình an toàn quan sát được nào." };

fn version_like(v: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\d+\.\d+").expect("static regex")).is_match(v)
}

/// Headers whose value is a version whatever it looks like.
const VERSION_HEADERS: &[&str] = &["x-aspnet-version", "x-aspnetmvc-version"];
/// Headers that name the server or the platform (CMS, framework), a disclosure when their value
/// carries a version number ("Liferay Community Edition Portal 6.2 CE GA6", "14.0.0.6029").
const PLATFORM_HEADERS: &[&str] = &["server", "x-powered-by", "liferay-portal", "microsoftsharepointteamservices", "x-generator"];

/// The headers of a page that disclose a version, as `name: value`.
fn disclosed_versions(home: &ttdt_snapshot::Page) -> Vec<String> {
    let exact = VERSION_HEADERS.iter().filter_map(|h| home.header(h).filter(|v| !v.trim().is_empty()).map(|v| (*h, v)));
    let named = PLATFORM_HEADERS.iter().filter_map(|h| home.header(h).filter(|v| version_like(v)).map(|v| (*h, v)));
    named.chain(exact).map(|(h, v)| format!("{h}: {v}")).collect()
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let tls = ctx.snap.tls.as_ref();
    let tls_ok = tls.is_some_and(|t| t.verified);
    let tls_item = Item::new("TLS 1.2 trở lên", tls_ok).detail(tls.and_then(|t| t.protocol.clone().or(t.error.clone())).unwrap_or_default());
    let mixed = &f.insecure_resources;
    let mixed_item = Item::new("Không có nội dung hỗn hợp (http:// trên trang https://)", home.final_url.starts_with("https://") && mixed.is_empty())
        .at(&home.final_url)
        .detail(if home.final_url.starts_with("https://") { mixed.iter().take(5).cloned().collect::<Vec<_>>().join(", ") } else { "trang không dùng https".into() });
    let headers = ["content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"];
    let present: Vec<&str> = headers.iter().copied().filter(|h| home.header(h).is_some()).collect();
    let headers_item = Item::new("Tiêu đề bảo mật (ít nhất 2 trong CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy)", present.len() >= 2)
        .detail(if present.is_empty() { "không có".to_string() } else { present.join(", ") });
    let leaks = disclosed_versions(home);
    let leak_item = Item::new("Không lộ phiên bản máy chủ", leaks.is_empty()).detail(leaks.join("; "));
    let items = vec![tls_item, mixed_item, headers_item, leak_item];
    let found = items.iter().filter(|i| i.found).count();
    Finding::by_share(found, items.len(), &ALL, &SOME, &NONE).looking_for(CHECK.looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::PageKind;

    fn with_headers(snap: &mut ttdt_snapshot::Snapshot, headers: &[(&str, &str)]) {
        let page = snap.homepage.as_mut().unwrap();
        page.headers.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    }

    #[test]
    fn passes_a_hardened_https_portal() {
        let mut snap = home(&portal_home());
        snap.tls = Some(tls(60));
        with_headers(&mut snap, &[("server", "nginx"), ("x-frame-options", "SAMEORIGIN"), ("x-content-type-options", "nosniff"), ("referrer-policy", "strict-origin-when-cross-origin")]);
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.items[2].detail.as_deref(), Some("x-frame-options, x-content-type-options, referrer-policy"));
    }

    #[test]
    fn a_disclosed_version_and_missing_headers_are_partial() {
        let mut snap = home(&portal_home());
        snap.tls = Some(tls(60));
        with_headers(&mut snap, &[("server", "Microsoft-IIS/10.0"), ("x-powered-by", "ASP.NET")]);
        let f = assert_outcome(&CHECK, &snap, Outcome::Partial);
        assert_eq!(f.share, 0.5);
        // "ASP.NET" names the platform but no version: only the server's version is shown.
        assert_eq!(f.items[3].detail.as_deref(), Some("server: Microsoft-IIS/10.0"));
    }

    #[test]
    fn a_cms_header_with_its_build_discloses_the_version() {
        let mut snap = home(&portal_home());
        snap.tls = Some(tls(60));
        with_headers(
            &mut snap,
            &[
                ("server", "Apache"),
                ("liferay-portal", "Liferay Community Edition Portal 6.2 CE GA6 (Newton / Build 6205 / January 6, 2016)"),
                ("x-frame-options", "SAMEORIGIN"),
                ("x-content-type-options", "nosniff"),
            ],
        );
        let f = assert_outcome(&CHECK, &snap, Outcome::Partial);
        assert_eq!(f.share, 0.75);
        assert!(!f.items[3].found);
        assert_eq!(f.items[3].detail.as_deref(), Some("liferay-portal: Liferay Community Edition Portal 6.2 CE GA6 (Newton / Build 6205 / January 6, 2016)"));
    }

    #[test]
    fn sharepoint_and_asp_net_version_headers_disclose_versions() {
        let mut snap = home(&portal_home());
        snap.tls = Some(tls(60));
        with_headers(
            &mut snap,
            &[
                ("Server", "Microsoft-IIS"),
                ("X-Powered-By", "ASP.NET"),
                ("X-AspNet-Version", "4.0.30319"),
                ("X-AspNetMvc-Version", "5.2"),
                ("MicrosoftSharePointTeamServices", "14.0.0.6029"),
                ("SPRequestGuid", "5c1f7a9e-2b3d-4c8e-9f10-6a7b8c9d0e1f"),
            ],
        );
        let f = assert_outcome(&CHECK, &snap, Outcome::Partial);
        assert_eq!(
            f.items[3].detail.as_deref(),
            Some("microsoftsharepointteamservices: 14.0.0.6029; x-aspnet-version: 4.0.30319; x-aspnetmvc-version: 5.2")
        );
    }

    #[test]
    fn platform_names_without_versions_disclose_nothing() {
        let mut snap = home(&portal_home());
        snap.tls = Some(tls(60));
        with_headers(&mut snap, &[("server", "Microsoft-IIS"), ("x-powered-by", "ASP.NET"), ("x-frame-options", "DENY"), ("x-content-type-options", "nosniff")]);
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert!(f.items[3].found);
    }

    #[test]
    fn fails_a_plain_http_portal_that_discloses_its_stack() {
        let mut snap = empty();
        snap.url = "http://sonha.gov.vn/".into();
        snap.homepage = Some(html_page("http://sonha.gov.vn/", PageKind::Home, &page_html(r#"<script src="http://cdn.sonha.gov.vn/js/jquery-1.8.3.min.js"></script>"#, "<main>Trang chủ</main>")));
        with_headers(&mut snap, &[("server", "Apache/2.4.41 (Ubuntu)"), ("x-powered-by", "PHP/7.4.3")]);
        let f = assert_outcome(&CHECK, &snap, Outcome::Fail);
        assert_eq!(f.items[1].detail.as_deref(), Some("trang không dùng https"));
    }
}
