//! Pages that stand in for content: redirect stubs (a `<meta http-equiv="refresh">` or a script
//! that sends the visitor elsewhere) and "not found" pages answered with `200 OK` (soft 404s).
//!
//! Shared by collection (which follows a meta refresh, marks a script stub and skips a section
//! candidate that is not really there) and the checks (which must not judge such a page as if it
//! were the content it stands for).

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use url::Url;

use crate::html::PageFacts;
use crate::Page;
use ttdt_model::text::Folded;

/// How far into a body a `<meta http-equiv="refresh">` is looked for (it belongs in the head).
const META_SCAN: usize = 64 * 1024;
/// The longest delay of a refresh that is a redirect; a longer one reloads a page for news.
pub const MAX_REFRESH_DELAY_S: f64 = 10.0;

/// The target of a `<meta http-equiv="refresh" content="0; url=…">` that sends the visitor to
/// another address at once (within [`MAX_REFRESH_DELAY_S`]), resolved against `base`.
pub fn meta_refresh(body: &str, base: &Url) -> Option<Url> {
    let mut head = &body[..floor_boundary(body, META_SCAN)];
    let lower_all = head.to_ascii_lowercase();
    let mut lower = lower_all.as_str();
    while let Some(i) = lower.find("<meta") {
        let tag_end = lower[i..].find('>').map_or(lower.len(), |e| i + e);
        let (tag, tag_lower) = (&head[i..tag_end], &lower[i..tag_end]);
        if attr(tag, tag_lower, "http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh")) {
            if let Some(content) = attr(tag, tag_lower, "content") {
                if let Some(u) = refresh_target(content, base) {
                    return Some(u);
                }
            }
        }
        head = &head[tag_end..];
        lower = &lower[tag_end..];
    }
    None
}

/// The largest index at most `max` that is a character boundary of `s`.
fn floor_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// An attribute's value in a tag (quoted or not); `lower` is the tag in lower case.
fn attr<'t>(tag: &'t str, lower: &str, name: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = lower[..start].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = lower.len() - rest.len() + 1;
        let raw = &tag[value_at..];
        let raw_trim = raw.trim_start();
        return Some(match raw_trim.chars().next() {
            Some(q @ ('"' | '\'')) => raw_trim[1..].split(q).next().unwrap_or(""),
            _ => raw_trim.split(|c: char| c.is_ascii_whitespace() || c == '>').next().unwrap_or(""),
        });
    }
    None
}

/// `0; url=/portal/home` (also `0;URL='…'` and `0, url=…`) → the target, when the delay is short.
fn refresh_target(content: &str, base: &Url) -> Option<Url> {
    let decoded = content.replace("&amp;", "&");
    let (delay, rest) = decoded.split_once([';', ','])?;
    let delay: f64 = delay.trim().parse().ok()?;
    if !(0.0..=MAX_REFRESH_DELAY_S).contains(&delay) {
        return None;
    }
    let rest = rest.trim();
    let value = if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("url") {
        rest[3..].trim_start().strip_prefix('=')?.trim()
    } else {
        rest
    };
    let value = value.trim_matches(['"', '\'']).trim();
    if value.is_empty() {
        return None;
    }
    let target = base.join(value).ok()?;
    (matches!(target.scheme(), "http" | "https") && !same_address(&target, base)).then_some(target)
}

fn same_address(a: &Url, b: &Url) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.set_fragment(None);
    b.set_fragment(None);
    a == b
}

/// The most visible text a script redirect stub may show ("Đang chuyển trang…").
const STUB_MAX_TEXT: usize = 300;
/// The most links a script redirect stub may have ("bấm vào đây nếu trình duyệt không tự chuyển").
const STUB_MAX_LINKS: usize = 3;

/// A page that shows (almost) nothing and only sends the visitor elsewhere with a script
/// (`window.location = …`, `location.href = …`, `location.replace(…)`): the address it sends to,
/// or the script's text when the address is computed.
pub fn script_redirect(facts: &PageFacts, body: &str) -> Option<String> {
    if facts.text_len > STUB_MAX_TEXT || facts.links.len() > STUB_MAX_LINKS || facts.framework_shell {
        return None;
    }
    static ASSIGN: OnceLock<Regex> = OnceLock::new();
    let re = ASSIGN.get_or_init(|| {
        Regex::new(concat!(
            r#"(?i)(?:window\.|document\.|top\.|self\.|parent\.)?location(?:\.href)?\s*=\s*(?:(?P<q1>['"])(?P<v1>[^'"]*)|(?P<e1>[^'";\s)=]+))"#,
            r#"|location\.(?:replace|assign)\s*\(\s*(?:(?P<q2>['"])(?P<v2>[^'"]*)|(?P<e2>[^'")]+))"#
        ))
        .expect("static regex")
    });
    let scripts: String = facts.inline_scripts.join("\n");
    // `<body onload="location.href='…'">` is not a script element: read the small body itself.
    let source = if scripts.trim().is_empty() { &body[..floor_boundary(body, META_SCAN)] } else { scripts.as_str() };
    let c = re.captures(source)?;
    let whole = c.get(0)?;
    if let (Some(q), Some(v)) = (c.name("q1").or(c.name("q2")), c.name("v1").or(c.name("v2"))) {
        let after = source[v.end()..].strip_prefix(q.as_str()).unwrap_or("").trim_start();
        // A literal address resolves; an expression (`"/" + lang`) is shown as written.
        if !after.starts_with('+') && !v.as_str().trim().is_empty() {
            if let Ok(u) = facts.url.join(v.as_str().trim()) {
                return Some(u.to_string());
            }
        }
    }
    let end = source[whole.start()..].find([';', '\n']).map_or(source.len(), |e| whole.start() + e);
    Some(source[whole.start()..end].trim().to_string())
}

/// Phrases a "not found" page says, anywhere in a short page.
const NOT_FOUND_PHRASES: &[&str] = &[
    "không tìm thấy trang",
    "trang không tồn tại",
    "trang bạn tìm",
    "trang bạn yêu cầu",
    "trang bạn truy cập",
    "không tồn tại hoặc đã bị",
    "đường dẫn không tồn tại",
    "liên kết không tồn tại",
    "nội dung không tồn tại",
    "bài viết không tồn tại",
    "không tìm thấy nội dung",
    "không tìm thấy đường dẫn",
    "page not found",
    "404 not found",
    "the page you requested",
    "lỗi 404",
    "error 404",
];
/// Words that, in a page's title, say it is a "not found" page.
const NOT_FOUND_TITLE: &[&str] = &["không tìm thấy", "không tồn tại", "not found", "lỗi 404", "error 404"];
/// A page with more main content than this is a real page that may quote such words.
const NOT_FOUND_MAX_MAIN: usize = 800;

/// What a page says that makes it a "not found" page, when it does: a phrase of its title, or of
/// its text when it has little content.
pub fn says_not_found(facts: &PageFacts) -> Option<String> {
    if let Some(title) = facts.title.as_deref() {
        let t = Folded::new(title);
        if let Some(p) = NOT_FOUND_TITLE.iter().find(|p| t.contains(p)) {
            return Some(format!("tiêu đề “{}”: {p}", title.trim()));
        }
        if t.plain.split(|c: char| !c.is_alphanumeric()).any(|w| w == "404") {
            return Some(format!("tiêu đề “{}”: 404", title.trim()));
        }
    }
    if facts.main_len <= NOT_FOUND_MAX_MAIN {
        if let Some(p) = NOT_FOUND_PHRASES.iter().find(|p| facts.text.contains(p)) {
            return Some(format!("nội dung: “{p}”"));
        }
    }
    None
}

/// Two pages that differ by fewer distinct words than this, each way, are the same page (the
/// address a "not found" page echoes aside).
pub const SAME_PAGE_WORDS: usize = 10;

/// The site's answer to an address that does not exist (the 404 probe), read to compare pages with.
pub struct NotFoundPage {
    /// The probe answered `2xx`: the site does not say "not found" with its status.
    pub soft: bool,
    words: HashSet<String>,
    sha256: String,
}

impl NotFoundPage {
    /// The probe, when it answered with a body to compare with.
    pub fn of(probe: &Page) -> Option<NotFoundPage> {
        if probe.body.trim().is_empty() || !probe.is_html() {
            return None;
        }
        let url = Url::parse(&probe.final_url).ok()?;
        let facts = PageFacts::read(&url, &probe.body).ok()?;
        Some(NotFoundPage { soft: probe.ok(), words: words(&facts), sha256: probe.sha256.clone() })
    }

    /// Whether a page is the site's "not found" page again: the same bytes, or the same words
    /// give or take a few (a site that answers its homepage, or one error page, for any address).
    pub fn like(&self, page: &Page, facts: &PageFacts) -> bool {
        if !self.sha256.is_empty() && page.sha256 == self.sha256 {
            return true;
        }
        let w = words(facts);
        w.difference(&self.words).count() < SAME_PAGE_WORDS && self.words.difference(&w).count() < SAME_PAGE_WORDS
    }
}

fn words(facts: &PageFacts) -> HashSet<String> {
    facts.text.plain.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2).map(str::to_string).collect()
}

/// Why a page fetched for some content is not that content: a redirect stub, a "not found" page
/// (by its own words or because it is the site's answer to a missing address), or no content.
/// `None` when the page is real content (at least `min_main` characters of main content).
pub fn not_content(page: &Page, facts: &PageFacts, not_found: Option<&NotFoundPage>, min_main: usize) -> Option<String> {
    if let Some(why) = says_not_found(facts) {
        return Some(format!("trang báo không tìm thấy ({why})"));
    }
    if let Some(nf) = not_found {
        if nf.like(page, facts) {
            return Some("giống trang báo lỗi của cổng khi mở một địa chỉ không tồn tại".into());
        }
    }
    if facts.main_len < min_main {
        return Some("trang gần như không có nội dung".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PageKind;

    fn base() -> Url {
        Url::parse("https://sotttt.sonha.gov.vn/").unwrap()
    }

    fn facts(html: &str) -> PageFacts {
        PageFacts::parse(&base(), html)
    }

    #[test]
    fn a_meta_refresh_stub_is_a_redirect_and_a_news_reload_is_not() {
        let stub = r#"<html><head><META HTTP-EQUIV="Refresh" CONTENT="0; URL=/portal/home"></head><body></body></html>"#;
        assert_eq!(meta_refresh(stub, &base()).unwrap().as_str(), "https://sotttt.sonha.gov.vn/portal/home");
        let quoted = r#"<meta content="1;url='https://sonha.gov.vn/web/guest/trang-chu'" http-equiv="refresh" />"#;
        assert_eq!(meta_refresh(quoted, &base()).unwrap().as_str(), "https://sonha.gov.vn/web/guest/trang-chu");
        let reload = r#"<meta http-equiv="refresh" content="600"><meta http-equiv="refresh" content="300; url=/">"#;
        assert_eq!(meta_refresh(reload, &base()), None, "a reload after minutes is not a redirect");
        assert_eq!(meta_refresh(r#"<meta http-equiv="refresh" content="0; url=/">"#, &base()), None, "to itself");
        assert_eq!(meta_refresh(r#"<meta name="description" content="0; url=/x">"#, &base()), None);
    }

    #[test]
    fn a_script_stub_is_found_with_its_target_and_a_real_page_with_the_same_script_is_not() {
        let stub = r#"<html><head><script>window.location = "/Pages/home.aspx";</script></head><body>Đang chuyển trang...</body></html>"#;
        assert_eq!(script_redirect(&facts(stub), stub).as_deref(), Some("https://sotttt.sonha.gov.vn/Pages/home.aspx"));
        let replace = r#"<script type="text/javascript">location.replace('https://sonha.gov.vn/web/sotttt');</script>"#;
        assert_eq!(script_redirect(&facts(replace), replace).as_deref(), Some("https://sonha.gov.vn/web/sotttt"));
        let onload = r#"<body onload="location.href='index.php?lang=vi'"><noscript>Bật JavaScript</noscript></body>"#;
        assert_eq!(script_redirect(&facts(onload), onload).as_deref(), Some("https://sotttt.sonha.gov.vn/index.php?lang=vi"));
        let computed = r#"<script>var l = navigator.language; window.location.href = "/" + l + "/home";</script>"#;
        assert_eq!(script_redirect(&facts(computed), computed).as_deref(), Some(r#"window.location.href = "/" + l + "/home""#));
        let real = format!(
            "<script>if (screen.width < 600) window.location = '/m/';</script><main>{}</main>",
            "<p>Ủy ban nhân dân tỉnh Sơn Hà tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2026.</p>".repeat(5)
        );
        assert_eq!(script_redirect(&facts(&real), &real), None);
    }

    #[test]
    fn a_not_found_page_is_told_by_its_title_or_short_text_and_a_real_page_is_not() {
        assert!(says_not_found(&facts("<title>404 - Không tìm thấy trang</title><p>x</p>")).is_some());
        assert!(says_not_found(&facts("<title>Cổng TTĐT</title><main><h1>Trang không tồn tại</h1><p>Đường dẫn bạn truy cập đã bị gỡ bỏ.</p></main>")).is_some());
        assert!(says_not_found(&facts("<title>Lỗi</title><p>Error 404: Page Not Found</p>")).is_some());
        let real = format!("<title>Văn bản</title><main><p>Quyết định số 404/QĐ-UBND về việc ban hành kế hoạch.</p>{}</main>", "<p>Nội dung văn bản được công bố đầy đủ theo quy định tại Nghị định 224/2026/NĐ-CP.</p>".repeat(12));
        assert_eq!(says_not_found(&facts(&real)), None);
    }

    #[test]
    fn a_page_that_says_nothing_beyond_the_sites_not_found_page_is_like_it() {
        let chrome = |main: &str| format!("<title>Cổng thông tin điện tử Sở Thông tin và Truyền thông</title><nav><a href='/gioi-thieu'>Giới thiệu</a><a href='/tin-tuc'>Tin tức</a></nav><main>{main}</main><footer>Cơ quan chủ quản: UBND tỉnh Sơn Hà. Địa chỉ: số 1 Trần Hưng Đạo.</footer>");
        let probe_html = chrome("<p>Nội dung đang được cập nhật.</p>");
        let probe = Page::html_ok("https://sotttt.sonha.gov.vn/ttdt-khong-ton-tai.html", PageKind::Probe404, &probe_html);
        let nf = NotFoundPage::of(&probe).unwrap();
        assert!(nf.soft);
        let same = chrome("<p>Nội dung đang được cập nhật.</p>");
        let page = Page::html_ok("https://sotttt.sonha.gov.vn/ke-hoach", PageKind::Section, &same);
        assert!(nf.like(&page, &facts(&same)));
        assert!(not_content(&page, &facts(&same), Some(&nf), 60).unwrap().contains("không tồn tại"));
        let real = chrome("<h1>Kế hoạch</h1><ul><li>Kế hoạch 112/KH-UBND chuyển đổi số năm 2027</li><li>Kế hoạch 98/KH-UBND cải cách hành chính giai đoạn 2026 - 2030</li><li>Kế hoạch 75/KH-UBND phát triển du lịch bền vững</li></ul>");
        let page = Page::html_ok("https://sotttt.sonha.gov.vn/ke-hoach", PageKind::Section, &real);
        assert!(!nf.like(&page, &facts(&real)));
        assert_eq!(not_content(&page, &facts(&real), Some(&nf), 60), None);
    }
}
