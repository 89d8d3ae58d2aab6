//! Synthetic snapshots for the checks' unit tests: the portal of the (fictional) province of
//! Sơn Hà, built from realistic pieces (banner, menu, footer), with inner pages, network probes
//! and browser runs added field by field.

use time::macros::datetime;
use time::OffsetDateTime;

use ttdt_model::domain::{Level, Outcome};
use ttdt_snapshot::{BrowserRun, BrowserStatus, DnsInfo, FetchStatus, Ipv6Probe, LinkProbe, LoadMetrics, LoadRun, Page, PageKind, Snapshot, TlsInfo};

use crate::{judge, Check, Context, Finding, JUDGE_MESSAGES};

/// The portal's address.
pub const SITE: &str = "https://sonha.gov.vn/";

/// An address on the portal: `url("/van-ban/")`.
pub fn url(path: &str) -> String {
    format!("https://sonha.gov.vn{path}")
}

/// When the scan started: dates on the pages are judged against it.
pub fn scan_time() -> OffsetDateTime {
    datetime!(2026-11-23 03:00 UTC)
}

/// The portal's banner.
pub const HEADER: &str = r#"<header class="site-header">
  <a href="/" class="logo"><img src="/images/quoc-huy.png" alt="Quốc huy"></a>
  <div class="site-name"><span>CỔNG THÔNG TIN ĐIỆN TỬ</span> <strong>TỈNH SƠN HÀ</strong></div>
</header>"#;

/// The main menu.
pub const MENU: &str = r#"<nav class="main-menu"><ul>
  <li><a href="/">Trang chủ</a></li>
  <li><a href="/gioi-thieu/">Giới thiệu</a></li>
  <li><a href="/tin-tuc/">Tin tức - Sự kiện</a></li>
  <li><a href="/van-ban/">Văn bản</a></li>
  <li><a href="/thu-tuc-hanh-chinh/">Thủ tục hành chính</a></li>
  <li><a href="/lien-he/">Liên hệ</a></li>
</ul></nav>"#;

/// A footer with every element the footer criterion asks for.
pub const FOOTER: &str = r#"<footer class="site-footer">
  <p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn Hà</p>
  <p>Chịu trách nhiệm chính: Ông Nguyễn Văn An, Chánh Văn phòng UBND tỉnh</p>
  <p>Địa chỉ: Số 1 đường Trần Hưng Đạo, phường Hà Giang, tỉnh Sơn Hà</p>
  <p>Điện thoại: 0219 3867 123 - Email: vanphong@sonha.gov.vn</p>
  <p>Ghi rõ nguồn "Cổng thông tin điện tử tỉnh Sơn Hà" khi phát hành lại thông tin từ Cổng.</p>
</footer>"#;

/// A news block of the homepage.
pub const NEWS: &str = r#"<main id="noi-dung"><h1>Tin tức - Sự kiện</h1>
  <article><h2><a href="/tin-tuc/hoi-nghi-chuyen-doi-so-2026.html">Hội nghị triển khai chuyển đổi số năm 2026</a></h2>
  <p>Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai kế hoạch chuyển đổi số của tỉnh.</p></article>
</main>"#;

/// A whole page in Vietnamese: UTF-8, a title and a responsive viewport, then `head` and `body`.
pub fn page_html(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>Cổng thông tin điện tử tỉnh Sơn Hà</title>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>"
    )
}

/// The usual homepage: banner, menu, news and footer.
pub fn portal_home() -> String {
    page_html("", &[HEADER, MENU, NEWS, FOOTER].join("\n"))
}

/// A snapshot of the portal with nothing collected.
pub fn empty() -> Snapshot {
    let mut snap = Snapshot::new(SITE, Level::Province, None, scan_time(), "Mozilla/5.0 (TTĐT Workbench)");
    snap.host = "sonha.gov.vn".into();
    snap
}

/// A page answered `200 OK` as `text/html; charset=utf-8`.
pub fn html_page(url: &str, kind: PageKind, html: &str) -> Page {
    let mut p = Page::html_ok(url, kind, html);
    p.ttfb_ms = Some(120);
    p.total_ms = Some(180);
    p
}

/// A page answered with an HTTP error status.
pub fn error_page(url: &str, kind: PageKind, status: u16) -> Page {
    let mut p = Page::failed(url, kind, FetchStatus::HttpError, format!("HTTP {status}"));
    p.http_status = Some(status);
    p.content_type = Some("text/html; charset=utf-8".into());
    p
}

/// The portal with this homepage.
pub fn home(html: &str) -> Snapshot {
    let mut snap = empty();
    snap.homepage = Some(html_page(SITE, PageKind::Home, html));
    snap
}

/// Adds an inner page of the portal answered with `200 OK`.
pub fn add_page(snap: &mut Snapshot, path: &str, kind: PageKind, html: &str) {
    snap.pages.push(html_page(&url(path), kind, html));
}

/// A certificate verified for the portal's host, valid for `days_left` more days after the scan.
pub fn tls(days_left: i64) -> TlsInfo {
    TlsInfo {
        verified: true,
        error: None,
        subject: Some("CN=sonha.gov.vn".into()),
        issuer: Some("CN=GlobalSign GCC R3 DV TLS CA 2020".into()),
        names: vec!["sonha.gov.vn".into(), "www.sonha.gov.vn".into()],
        not_before: Some(scan_time() - time::Duration::days(300)),
        not_after: Some(scan_time() + time::Duration::days(days_left)),
        protocol: Some("TLSv1.3".into()),
    }
}

/// DNS answers for the portal's host.
pub fn dns(v4: &[&str], v6: &[&str]) -> DnsInfo {
    DnsInfo { v4: v4.iter().map(|s| s.to_string()).collect(), v6: v6.iter().map(|s| s.to_string()).collect(), error: None, fixed: false }
}

/// An IPv6 connection attempt to the portal.
pub fn ipv6(answered: bool, no_route_here: bool) -> Ipv6Probe {
    let error = (!answered).then(|| "connect: network unreachable".to_string());
    Ipv6Probe { address: "2001:ee0:4f01::18".into(), answered, no_route_here, error }
}

/// The answer to `http://sonha.gov.vn/`, fetched without following redirects.
pub fn http_probe(status: u16, location: Option<&str>) -> Page {
    let mut p = Page::failed("http://sonha.gov.vn/", PageKind::Home, FetchStatus::Ok, "");
    p.error = None;
    p.http_status = Some(status);
    if let Some(l) = location {
        p.headers.push(("location".into(), l.to_string()));
    }
    p
}

/// An internal link tried for the broken-links criterion.
pub fn link_probe(path: &str, from: &str, status: u16) -> LinkProbe {
    let fetch = if status < 400 { FetchStatus::Ok } else { FetchStatus::HttpError };
    LinkProbe { url: url(path), from: url(from), status: fetch, http_status: Some(status) }
}

/// The metrics of one browser load.
pub fn load(fcp_ms: f64, lcp_ms: f64, speed_index_ms: f64, longest_task_ms: f64) -> LoadMetrics {
    LoadMetrics {
        fcp_ms: Some(fcp_ms),
        lcp_ms: Some(lcp_ms),
        speed_index_ms: Some(speed_index_ms),
        tbt_ms: Some((longest_task_ms - 50.0).max(0.0)),
        longest_task_ms: Some(longest_task_ms),
        cls: Some(0.02),
        ttfb_ms: Some(180.0),
        bytes: Some(2_400_000),
        requests: Some(85),
    }
}

/// A browser measurement of the homepage that completed, with these loads.
pub fn browser_run(loads: &[LoadMetrics]) -> BrowserRun {
    let mut run = BrowserRun::failed(SITE, "desktop", BrowserStatus::Ok, "");
    run.error = None;
    run.version = Some("Chromium 140.0.7339.80".into());
    run.runs = loads
        .iter()
        .enumerate()
        .map(|(i, m)| LoadRun { at: scan_time() + time::Duration::seconds(10 * i as i64), status: BrowserStatus::Ok, error: None, wall_ms: 3000, metrics: m.clone() })
        .collect();
    run.median = ttdt_snapshot::medians(&run.runs);
    run
}

/// A portal's homepage measured with loads whose longest tasks are these (first paint 0.9 s,
/// largest 1.5 s, Speed Index 2 s; each load blocks for its longest task less 50 ms).
pub fn measured_by_longest_task(longest: &[f64]) -> Snapshot {
    let mut snap = home(&portal_home());
    snap.browser = Some(browser_run(&longest.iter().map(|&t| load(900.0, 1500.0, 2000.0, t)).collect::<Vec<_>>()));
    snap
}

/// Judges the snapshot with the check as a scan does (through [`judge`]) and asserts the outcome
/// and that the message is one the check declares.
#[track_caller]
pub fn assert_outcome(check: &Check, snap: &Snapshot, outcome: Outcome) -> Finding {
    let f = judge(check, &Context::new(snap));
    assert_eq!(f.outcome, outcome, "{}: got {:?} ({}): {}", check.id, f.outcome, f.msg.code, f.evidence());
    assert_eq!(f.check_id, check.id);
    assert!(
        check.messages.iter().chain(JUDGE_MESSAGES).any(|m| *m == f.msg),
        "{}: message {} is not among the check's messages",
        check.id,
        f.msg.code
    );
    f
}

/// The message code and outcome of a finding, for short assertions.
pub fn verdict(f: &Finding) -> (Outcome, &'static str) {
    (f.outcome, f.msg.code)
}
