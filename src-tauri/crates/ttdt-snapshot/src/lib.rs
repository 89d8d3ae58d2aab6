//! What a scan collects from one site: plain data, produced once by the collect crate and judged
//! by the pure functions of the checks crate, which never see each other.
//!
//! A snapshot keeps every fetched body (decoded text) with its SHA-256, so a stored scan can be
//! judged again and shown as evidence without fetching anything.

pub mod html;
pub mod language;
pub mod sections;
pub mod stub;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use ttdt_model::domain::Level;

/// Why a fetch (or a whole scan) produced no usable page. Kept apart from findings: a criterion
/// whose data could not be collected is "error" or "not tested", never "fail".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "bindings.ts")]
pub enum FetchStatus {
    Ok,
    DnsFailure,
    Refused,
    Timeout,
    TlsError,
    HttpError,
    TooLarge,
    /// The page answered, but its markup nests too deep or has too many elements to be parsed in
    /// bounded time ([`html::Complexity`]): it was not read.
    TooComplex,
    NotHtml,
    TooManyRedirects,
    BudgetExceeded,
    Cancelled,
    NetworkError,
    /// The body ended before its compressed stream did (a gzip or deflate body cut short): what
    /// arrived is only part of the page, which is not judged.
    Incomplete,
    /// The page shows almost nothing and only sends the visitor elsewhere with a script
    /// (`window.location = …`): the page the visitor would see was not fetched, so it is not
    /// judged ([`Page::script_target`] says where it sends).
    ScriptRedirect,
}

impl FetchStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            FetchStatus::Ok => "Tải được",
            FetchStatus::DnsFailure => "Không phân giải được tên miền",
            FetchStatus::Refused => "Máy chủ từ chối kết nối",
            FetchStatus::Timeout => "Quá thời gian chờ",
            FetchStatus::TlsError => "Lỗi TLS/chứng chỉ",
            FetchStatus::HttpError => "Máy chủ trả mã lỗi HTTP",
            FetchStatus::TooLarge => "Trang quá lớn (đã cắt)",
            FetchStatus::TooComplex => "Trang quá phức tạp để phân tích (lồng quá sâu hoặc quá nhiều thẻ)",
            FetchStatus::NotHtml => "Không phải trang HTML",
            FetchStatus::TooManyRedirects => "Chuyển hướng quá nhiều lần",
            FetchStatus::BudgetExceeded => "Hết thời gian dành cho trang này",
            FetchStatus::Cancelled => "Đã hủy",
            FetchStatus::NetworkError => "Lỗi mạng",
            FetchStatus::Incomplete => "Nội dung nhận về không đầy đủ (dữ liệu nén bị cắt giữa chừng)",
            FetchStatus::ScriptRedirect => "Trang chỉ chuyển hướng bằng JavaScript sang địa chỉ khác",
        }
    }

    /// A failure that says nothing about the site's content (the site could not be reached).
    /// A page too large or too complex was reached: what it lacks is "could not check" because it
    /// was not (wholly) read, which the checks tell from the page's status.
    pub fn is_unreachable(self) -> bool {
        matches!(
            self,
            FetchStatus::DnsFailure
                | FetchStatus::Refused
                | FetchStatus::Timeout
                | FetchStatus::TlsError
                | FetchStatus::BudgetExceeded
                | FetchStatus::Cancelled
                | FetchStatus::NetworkError
                | FetchStatus::TooManyRedirects
                | FetchStatus::Incomplete
        )
    }
}

/// What a page was fetched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "bindings.ts")]
pub enum PageKind {
    Home,
    Introduction,
    Organisation,
    Leaders,
    NewsList,
    Article,
    Documents,
    Procedures,
    Contact,
    Section,
    Foreign,
    Search,
    Robots,
    Sitemap,
    Feed,
    Probe404,
    Other,
}

impl PageKind {
    pub const ALL: [PageKind; 17] = [
        PageKind::Home,
        PageKind::Introduction,
        PageKind::Organisation,
        PageKind::Leaders,
        PageKind::NewsList,
        PageKind::Article,
        PageKind::Documents,
        PageKind::Procedures,
        PageKind::Contact,
        PageKind::Section,
        PageKind::Foreign,
        PageKind::Search,
        PageKind::Robots,
        PageKind::Sitemap,
        PageKind::Feed,
        PageKind::Probe404,
        PageKind::Other,
    ];

    pub fn label_vi(self) -> &'static str {
        match self {
            PageKind::Home => "Trang chủ",
            PageKind::Introduction => "Giới thiệu",
            PageKind::Organisation => "Cơ cấu tổ chức",
            PageKind::Leaders => "Lãnh đạo",
            PageKind::NewsList => "Danh sách tin",
            PageKind::Article => "Bài viết",
            PageKind::Documents => "Văn bản",
            PageKind::Procedures => "Thủ tục hành chính",
            PageKind::Contact => "Liên hệ",
            PageKind::Section => "Chuyên mục",
            PageKind::Foreign => "Tiếng nước ngoài",
            PageKind::Search => "Kết quả tìm kiếm",
            PageKind::Robots => "robots.txt",
            PageKind::Sitemap => "Sitemap",
            PageKind::Feed => "RSS",
            PageKind::Probe404 => "Trang không tồn tại (thử 404)",
            PageKind::Other => "Trang khác",
        }
    }
}

/// One fetched resource.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    /// The URL asked for.
    pub url: String,
    /// Where the redirects ended.
    pub final_url: String,
    pub kind: PageKind,
    pub status: FetchStatus,
    pub http_status: Option<u16>,
    /// Response headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The addresses redirected from, in order: HTTP `3xx` answers and `<meta http-equiv="refresh">` stubs.
    pub redirects: Vec<String>,
    pub content_type: Option<String>,
    /// The charset the body was decoded with, and where it was declared (header, meta, bom, sniffed).
    pub charset: Option<String>,
    pub charset_source: Option<String>,
    /// Whether the body had bytes that are not valid in its charset.
    pub decode_errors: bool,
    /// The decoded body (cut at the size limit when `truncated`).
    pub body: String,
    pub truncated: bool,
    /// Bytes on the wire (compressed when the server compressed) and after decompression.
    pub wire_bytes: u64,
    pub body_bytes: u64,
    pub content_encoding: Option<String>,
    /// SHA-256 of the decompressed body bytes, hex.
    pub sha256: String,
    pub ttfb_ms: Option<u64>,
    pub total_ms: Option<u64>,
    pub error: Option<String>,
    /// Where a script-only redirect stub sends the visitor (status [`FetchStatus::ScriptRedirect`]):
    /// the address, or the script's expression when the address is computed.
    #[serde(default)]
    pub script_target: Option<String>,
}

impl Page {
    /// A page answered `200 OK` as UTF-8 HTML with this body (pages built without fetching: a
    /// stored report, a test, a fuzz input).
    pub fn html_ok(url: &str, kind: PageKind, html: &str) -> Self {
        let mut p = Page::failed(url, kind, FetchStatus::Ok, "");
        p.error = None;
        p.http_status = Some(200);
        p.content_type = Some("text/html; charset=utf-8".into());
        p.headers = vec![("content-type".into(), "text/html; charset=utf-8".into())];
        p.charset = Some("utf-8".into());
        p.charset_source = Some("header".into());
        p.body = html.to_string();
        p.body_bytes = html.len() as u64;
        p.wire_bytes = html.len() as u64;
        p
    }

    pub fn failed(url: &str, kind: PageKind, status: FetchStatus, error: impl Into<String>) -> Self {
        Page {
            url: url.to_string(),
            final_url: url.to_string(),
            kind,
            status,
            http_status: None,
            headers: Vec::new(),
            redirects: Vec::new(),
            content_type: None,
            charset: None,
            charset_source: None,
            decode_errors: false,
            body: String::new(),
            truncated: false,
            wire_bytes: 0,
            body_bytes: 0,
            content_encoding: None,
            sha256: String::new(),
            ttfb_ms: None,
            total_ms: None,
            error: Some(error.into()),
            script_target: None,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Fetched with a 2xx answer (its body possibly cut at the size limit, or too complex to parse).
    pub fn ok(&self) -> bool {
        matches!(self.status, FetchStatus::Ok | FetchStatus::TooLarge | FetchStatus::TooComplex)
            && self.http_status.is_some_and(|s| (200..300).contains(&s))
    }

    pub fn is_html(&self) -> bool {
        self.content_type.as_deref().map_or(true, |t| t.contains("html"))
    }
}

/// DNS answers for the site's host.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DnsInfo {
    pub v4: Vec<String>,
    pub v6: Vec<String>,
    pub error: Option<String>,
    /// The answers came from a fixed table (`--resolve`), not from the system resolver.
    pub fixed: bool,
}

/// Whether the site answered over IPv6.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ipv6Probe {
    pub address: String,
    pub answered: bool,
    /// This machine has no route to IPv6 addresses, so nothing could be concluded.
    pub no_route_here: bool,
    pub error: Option<String>,
}

/// The site's TLS certificate, as seen by a verifying client.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TlsInfo {
    /// The handshake and chain verification for the host succeeded.
    pub verified: bool,
    pub error: Option<String>,
    pub subject: Option<String>,
    pub issuer: Option<String>,
    pub names: Vec<String>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub not_before: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub not_after: Option<OffsetDateTime>,
    /// rustls speaks only TLS 1.2 and 1.3, so a verified handshake means at least TLS 1.2.
    pub protocol: Option<String>,
}

/// One internal link tried for the broken-links criterion.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkProbe {
    pub url: String,
    /// The page the link was found on.
    pub from: String,
    pub status: FetchStatus,
    pub http_status: Option<u16>,
}

/// Everything collected from one site, once.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    /// The site's address as given.
    pub url: String,
    pub host: String,
    pub level: Level,
    /// The parent portal's address, for a component site.
    pub parent_url: Option<String>,
    /// When collection started: checks judge dates against this, never against a clock.
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    pub duration_ms: u64,
    /// The outcome of fetching the homepage; anything but `ok` means the site could not be judged.
    pub status: FetchStatus,
    pub user_agent: String,
    pub dns: Option<DnsInfo>,
    pub ipv6: Option<Ipv6Probe>,
    pub tls: Option<TlsInfo>,
    /// The `http://` form of the homepage, fetched without following redirects.
    pub http_probe: Option<Page>,
    pub homepage: Option<Page>,
    /// The sampled inner pages and the pages section criteria need, in fetch order.
    pub pages: Vec<Page>,
    pub robots: Option<Page>,
    pub sitemaps: Vec<Page>,
    pub feeds: Vec<Page>,
    pub probe_404: Option<Page>,
    pub search: Option<Page>,
    pub search_term: Option<String>,
    /// The form body the search was posted with (`application/x-www-form-urlencoded`), when the
    /// site's search form says POST; `None` when the search was a GET.
    #[serde(default)]
    pub search_form: Option<String>,
    pub links: Vec<LinkProbe>,
    pub notes: Vec<String>,
    /// Page-load metrics of the homepage measured in a headless browser, when one was asked for.
    #[serde(default)]
    pub browser: Option<BrowserRun>,
}

impl Snapshot {
    /// A snapshot with nothing collected yet.
    pub fn new(url: &str, level: Level, parent_url: Option<String>, started_at: OffsetDateTime, user_agent: &str) -> Snapshot {
        Snapshot {
            url: url.to_string(),
            host: String::new(),
            level,
            parent_url,
            started_at,
            duration_ms: 0,
            status: FetchStatus::Ok,
            user_agent: user_agent.to_string(),
            dns: None,
            ipv6: None,
            tls: None,
            http_probe: None,
            homepage: None,
            pages: Vec::new(),
            robots: None,
            sitemaps: Vec::new(),
            feeds: Vec::new(),
            probe_404: None,
            search: None,
            search_term: None,
            search_form: None,
            links: Vec::new(),
            notes: Vec::new(),
            browser: None,
        }
    }

    /// A fetched page by the URL it was asked for or ended at.
    pub fn page(&self, url: &str) -> Option<&Page> {
        self.homepage
            .iter()
            .chain(self.pages.iter())
            .find(|p| p.url == url || p.final_url == url)
    }

    /// The homepage, when it was fetched as HTML.
    pub fn home(&self) -> Option<&Page> {
        self.homepage.as_ref().filter(|p| p.ok())
    }

    /// The URLs of the sample, in order, with their kind.
    pub fn sample(&self) -> Vec<SampledPage> {
        self.homepage
            .iter()
            .chain(self.pages.iter())
            .map(|p| SampledPage { url: p.url.clone(), kind: p.kind, status: p.status, http_status: p.http_status })
            .collect()
    }
}

/// A line of the recorded sample.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct SampledPage {
    pub url: String,
    pub kind: PageKind,
    pub status: FetchStatus,
    pub http_status: Option<u16>,
}

/// How a browser measurement ended. Only `ok` carries metrics; the others say why there are none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrowserStatus {
    Ok,
    /// No browser was found on this machine.
    NotFound,
    /// The browser was found but did not start or did not open its DevTools port.
    LaunchFailed,
    /// A load did not finish within its time budget (the page hung).
    Timeout,
    /// The page's renderer or the browser crashed.
    Crashed,
    /// The navigation itself failed (DNS, refused, TLS…).
    NavigationFailed,
    /// The page never painted any content.
    NoContent,
    Cancelled,
    Error,
}

impl BrowserStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            BrowserStatus::Ok => "Đo được",
            BrowserStatus::NotFound => "Không tìm thấy trình duyệt Chromium/Chrome/Edge trên máy",
            BrowserStatus::LaunchFailed => "Không khởi động được trình duyệt",
            BrowserStatus::Timeout => "Trang không tải xong trong thời gian cho phép (treo)",
            BrowserStatus::Crashed => "Trình duyệt hoặc trang bị lỗi dừng đột ngột",
            BrowserStatus::NavigationFailed => "Trình duyệt không mở được trang",
            BrowserStatus::NoContent => "Trang không hiển thị nội dung nào",
            BrowserStatus::Cancelled => "Đã hủy",
            BrowserStatus::Error => "Lỗi khi đo bằng trình duyệt",
        }
    }

    /// The measurement was never made (no browser, cancelled): the criteria are "not tested".
    pub fn not_run(self) -> bool {
        matches!(self, BrowserStatus::NotFound | BrowserStatus::LaunchFailed | BrowserStatus::Cancelled)
    }
}

/// The metrics of one page load (or their medians). Times in milliseconds from navigation start.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadMetrics {
    pub fcp_ms: Option<f64>,
    pub lcp_ms: Option<f64>,
    pub speed_index_ms: Option<f64>,
    /// Total Blocking Time, from FCP to the end of the load.
    pub tbt_ms: Option<f64>,
    /// The longest main-thread task of the load.
    pub longest_task_ms: Option<f64>,
    pub cls: Option<f64>,
    pub ttfb_ms: Option<f64>,
    /// Bytes on the wire for every request of the page.
    pub bytes: Option<u64>,
    pub requests: Option<u64>,
}

/// One load of the page in the browser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadRun {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub status: BrowserStatus,
    pub error: Option<String>,
    pub wall_ms: u64,
    pub metrics: LoadMetrics,
}

/// Horizontal overflow of the rendered page at a narrow width (CT.23).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overflow {
    pub viewport_width: u32,
    pub scroll_width: u32,
    pub overflows: bool,
}

/// A page measured in a headless browser: every load with its time, the medians, and what was
/// read from the rendered page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BrowserRun {
    pub url: String,
    pub status: BrowserStatus,
    pub error: Option<String>,
    /// The browser's executable and version.
    pub browser: Option<String>,
    pub version: Option<String>,
    /// "national", "desktop" or "mobile".
    pub profile: String,
    /// The throttling profile, when one was applied or simulated.
    pub throttling: Option<String>,
    /// How the figures were obtained: "observed" (as the page loaded, no throttling), "devtools"
    /// (throttling applied by the browser during the load) or "simulate" (estimated from an
    /// unthrottled load on a model of the throttled network and CPU, as Lighthouse does).
    #[serde(default = "observed")]
    pub method: String,
    pub runs: Vec<LoadRun>,
    /// Medians over the loads that completed.
    pub median: Option<LoadMetrics>,
    pub overflow: Option<Overflow>,
    /// The document as the browser rendered it (after scripts ran), cut at 5 MB.
    pub rendered_html: Option<String>,
    /// A PNG screenshot of the homepage, base64.
    pub screenshot_png_base64: Option<String>,
    pub duration_ms: u64,
}

impl BrowserRun {
    /// A measurement that produced nothing, with its reason.
    pub fn failed(url: &str, profile: &str, status: BrowserStatus, error: impl Into<String>) -> BrowserRun {
        BrowserRun {
            url: url.to_string(),
            status,
            error: Some(error.into()),
            browser: None,
            version: None,
            profile: profile.to_string(),
            throttling: None,
            method: observed(),
            runs: Vec::new(),
            median: None,
            overflow: None,
            rendered_html: None,
            screenshot_png_base64: None,
            duration_ms: 0,
        }
    }

    /// The screenshot's PNG bytes.
    pub fn screenshot_png(&self) -> Option<Vec<u8>> {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(self.screenshot_png_base64.as_deref()?).ok()
    }
}

/// The device a page is loaded as, and the network and CPU it is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// 1350×940, device scale factor 1, as Lighthouse's desktop preset.
    Desktop,
    /// 412×823, device scale factor 1.75, touch and a mobile user agent, as Lighthouse's mobile.
    Mobile,
    /// As the national evaluation most likely measures (Lighthouse's default run): the mobile
    /// device, and a slow 4G network (150 ms, 1.6 Mbit/s) with a CPU 4× slower, simulated from an
    /// unthrottled load unless throttling is applied instead.
    #[default]
    National,
}

impl Profile {
    pub fn parse(s: &str) -> Option<Profile> {
        match s.trim().to_ascii_lowercase().as_str() {
            "desktop" | "may-tinh" => Some(Profile::Desktop),
            "mobile" | "di-dong" => Some(Profile::Mobile),
            "national" | "quoc-gia" => Some(Profile::National),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Profile::Desktop => "desktop",
            Profile::Mobile => "mobile",
            Profile::National => "national",
        }
    }
    /// The profile in words, for evidence.
    pub fn label_vi(self) -> &'static str {
        match self {
            Profile::Desktop => "máy tính (1350×940, không giới hạn mạng)",
            Profile::Mobile => "di động (412×823, không giới hạn mạng)",
            Profile::National => "chuẩn đánh giá quốc gia (di động 412×823, mạng 4G chậm 150 ms – 1,6 Mbit/s, CPU chậm 4 lần)",
        }
    }
    /// Width, height, device scale factor, mobile.
    pub fn viewport(self) -> (u32, u32, f64, bool) {
        match self {
            Profile::Desktop => (1350, 940, 1.0, false),
            Profile::Mobile | Profile::National => (412, 823, 1.75, true),
        }
    }
}

fn observed() -> String {
    "observed".into()
}

/// The median of some values (the mean of the two middle ones for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 { v[m] } else { (v[m - 1] + v[m]) / 2.0 })
}

/// Per-metric medians over the loads that completed.
pub fn medians(runs: &[LoadRun]) -> Option<LoadMetrics> {
    let ok: Vec<&LoadMetrics> = runs.iter().filter(|r| r.status == BrowserStatus::Ok).map(|r| &r.metrics).collect();
    if ok.is_empty() {
        return None;
    }
    let f = |get: fn(&LoadMetrics) -> Option<f64>| median(&ok.iter().filter_map(|m| get(m)).collect::<Vec<_>>());
    let u = |get: fn(&LoadMetrics) -> Option<u64>| median(&ok.iter().filter_map(|m| get(m).map(|x| x as f64)).collect::<Vec<_>>()).map(|x| x.round() as u64);
    Some(LoadMetrics {
        fcp_ms: f(|m| m.fcp_ms),
        lcp_ms: f(|m| m.lcp_ms),
        speed_index_ms: f(|m| m.speed_index_ms),
        tbt_ms: f(|m| m.tbt_ms),
        longest_task_ms: f(|m| m.longest_task_ms),
        cls: f(|m| m.cls),
        ttfb_ms: f(|m| m.ttfb_ms),
        bytes: u(|m| m.bytes),
        requests: u(|m| m.requests),
    })
}
