//! Collection against shapes of real agency portals, served on loopback by a small HTTP/1.1
//! server: a meta-refresh homepage, a script-only stub, a gzip body cut short, section candidates
//! behind a soft 404, sitemap indexes and gzip sitemaps, a page listing the feeds, a flag link
//! to the English version, and a search form that posts.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use ttdt_collect::{collect_site, runtime, CancelToken, CollectConfig, Fetcher, ScanTarget};
use ttdt_model::domain::Level;
use ttdt_snapshot::{FetchStatus, PageKind, Snapshot};

/// One answer: status, content type, extra headers, body.
#[derive(Clone)]
struct Answer {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn html(body: &str) -> Answer {
    Answer { status: 200, content_type: "text/html; charset=utf-8", headers: Vec::new(), body: body.as_bytes().to_vec() }
}

fn xml(body: &str) -> Answer {
    Answer { status: 200, content_type: "application/xml", headers: Vec::new(), body: body.as_bytes().to_vec() }
}

/// Routes by host and path; anything else answers `fallback` (a soft 404 when it is `200`).
struct Site {
    routes: HashMap<String, Answer>,
    fallback: Answer,
}

/// Serves the sites by their Host header on 127.0.0.1, one thread per connection.
fn serve(sites: HashMap<&'static str, Site>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let sites = Arc::new(sites);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let sites = sites.clone();
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let req = String::from_utf8_lossy(&buf).to_string();
                let method = req.split_whitespace().next().unwrap_or("GET").to_string();
                let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
                // A form's body, by its Content-Length: a POST is routed as "POST <path> <body>".
                let head_len = buf.windows(4).position(|w| w == b"\r\n\r\n").map_or(buf.len(), |i| i + 4);
                let length: usize = req
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                    .unwrap_or(0);
                let mut body = buf[head_len.min(buf.len())..].to_vec();
                while body.len() < length {
                    match stream.read(&mut chunk) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => body.extend_from_slice(&chunk[..n]),
                    }
                }
                let key = if method == "POST" { format!("POST {path} {}", String::from_utf8_lossy(&body)) } else { path };
                let host = req
                    .lines()
                    .find_map(|l| l.strip_prefix("host: ").or_else(|| l.strip_prefix("Host: ")))
                    .unwrap_or("")
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .to_string();
                let answer = match sites.get(host.as_str()) {
                    Some(site) => site.routes.get(&key).cloned().unwrap_or_else(|| site.fallback.clone()),
                    None => Answer { status: 404, content_type: "text/plain", headers: Vec::new(), body: b"no such host".to_vec() },
                };
                let mut head = format!(
                    "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\n",
                    answer.status,
                    answer.content_type,
                    answer.body.len()
                );
                for (k, v) in &answer.headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&answer.body);
            });
        }
    });
    port
}

fn scan(port: u16, host: &str) -> Snapshot {
    scan_sampling(port, host, CollectConfig::default().sample_size)
}

/// A scan that samples `sample_size` pages by kind and menu order before the sections' pages.
fn scan_sampling(port: u16, host: &str, sample_size: usize) -> Snapshot {
    let mut config = CollectConfig { request_timeout_ms: 3_000, site_budget_ms: 20_000, link_checks: 5, sample_size, ..CollectConfig::default() };
    for h in [host.to_string(), format!("en.{host}")] {
        config.resolve.insert(h, vec!["127.0.0.1".parse().unwrap()]);
    }
    let fetcher = Fetcher::new(config).unwrap();
    let target = ScanTarget { url: format!("http://{host}:{port}/"), level: Level::ProvincialDepartment, parent_url: None };
    let rt = runtime().unwrap();
    let started = std::time::Instant::now();
    let snap = rt.block_on(collect_site(&fetcher, &target, time::OffsetDateTime::UNIX_EPOCH, &CancelToken::default()));
    assert!(started.elapsed() < Duration::from_secs(20), "{host}: {:?}", started.elapsed());
    snap
}

/// A page of the department's site: banner, menu, `main`, footer.
fn page(title: &str, menu: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
         <header><strong>SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH SƠN HÀ</strong></header><nav class=\"menu\">{menu}</nav>\
         <main>{main}</main><footer>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn Hà. Địa chỉ: số 1 Trần Hưng Đạo.</footer></body></html>"
    )
}

const NEWS: &str = "<h1>Tin tức</h1><p>Sáng 20/11, Sở Thông tin và Truyền thông tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2026 \
    với sự tham dự của lãnh đạo các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố trong tỉnh.</p>";

fn not_found() -> Answer {
    html(&page("Sở Thông tin và Truyền thông", "<a href='/'>Trang chủ</a>", "<h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại.</p>"))
}

#[test]
fn a_meta_refresh_homepage_is_followed_as_a_redirect() {
    let mut routes = HashMap::new();
    routes.insert("/".to_string(), html(r#"<html><head><meta http-equiv="refresh" content="0; url=/portal/home"></head><body></body></html>"#));
    routes.insert("/portal/home".to_string(), html(&page("Trang chủ", "<a href='/portal/tin-tuc'>Tin tức</a>", NEWS)));
    let port = serve(HashMap::from([("refresh.test", Site { routes, fallback: not_found() })]));
    let snap = scan(port, "refresh.test");
    let home = snap.homepage.as_ref().unwrap();
    assert_eq!((snap.status, home.status), (FetchStatus::Ok, FetchStatus::Ok), "{:?}", home.error);
    assert_eq!(home.final_url, format!("http://refresh.test:{port}/portal/home"));
    assert_eq!(home.redirects, [format!("http://refresh.test:{port}/")]);
    assert!(home.body.contains("chuyển đổi số"));
}

#[test]
fn a_meta_refresh_loop_ends_at_the_redirect_cap() {
    let mut routes = HashMap::new();
    routes.insert("/".to_string(), html(r#"<meta http-equiv="refresh" content="0; url=/a">"#));
    routes.insert("/a".to_string(), html(r#"<meta http-equiv="refresh" content="0; url=/">"#));
    let port = serve(HashMap::from([("loop.test", Site { routes, fallback: not_found() })]));
    let snap = scan(port, "loop.test");
    assert_eq!(snap.status, FetchStatus::TooManyRedirects);
}

#[test]
fn a_script_only_stub_is_marked_with_its_target_and_not_read() {
    let mut routes = HashMap::new();
    routes.insert("/".to_string(), html(r#"<html><head><script>window.location.href = "/Pages/TrangChu.aspx";</script></head><body>Đang chuyển trang...</body></html>"#));
    let port = serve(HashMap::from([("stub.test", Site { routes, fallback: not_found() })]));
    let snap = scan(port, "stub.test");
    let home = snap.homepage.as_ref().unwrap();
    assert_eq!((snap.status, home.status), (FetchStatus::ScriptRedirect, FetchStatus::ScriptRedirect));
    assert_eq!(home.script_target.as_deref(), Some(format!("http://stub.test:{port}/Pages/TrangChu.aspx").as_str()));
    assert!(snap.pages.is_empty(), "nothing is sampled from a stub");
}

#[test]
fn a_gzip_body_cut_short_is_incomplete_not_a_page() {
    let full = page("Trang chủ", "<a href='/tin-tuc'>Tin tức</a>", &NEWS.repeat(40));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(full.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let cut = gz[..gz.len() * 2 / 3].to_vec();
    let mut routes = HashMap::new();
    routes.insert("/".to_string(), Answer { status: 200, content_type: "text/html; charset=utf-8", headers: vec![("content-encoding", "gzip".into())], body: cut });
    let port = serve(HashMap::from([("gzip.test", Site { routes, fallback: not_found() })]));
    let snap = scan(port, "gzip.test");
    let home = snap.homepage.as_ref().unwrap();
    assert_eq!((snap.status, home.status, home.http_status), (FetchStatus::Incomplete, FetchStatus::Incomplete, Some(200)));
    assert!(!home.ok() && home.error.as_deref().unwrap_or("").contains("ended early"), "{:?}", home.error);
    assert!(home.body.len() < full.len());
}

#[test]
fn section_candidates_are_tried_in_order_past_an_error_and_a_soft_404() {
    let menu = "<a href='/'>Trang chủ</a><a href='/ke-hoach-tai-chinh'>Kế hoạch tài chính</a>\
        <a href='/chien-luoc-quy-hoach'>Chiến lược – quy hoạch</a><a href='/ke-hoach'>Kế hoạch</a>";
    let mut routes = HashMap::new();
    routes.insert("/".to_string(), html(&page("Trang chủ", menu, NEWS)));
    // The strongest candidate is missing (404), the next is the site's "not found" page answered
    // 200, the third has content.
    routes.insert("/chien-luoc-quy-hoach".to_string(), Answer { status: 404, ..not_found() });
    routes.insert(
        "/ke-hoach".to_string(),
        html(&page("Kế hoạch", menu, "<h1>Kế hoạch</h1><ul><li>Kế hoạch 112/KH-SKHCN chuyển đổi số năm 2027</li><li>Kế hoạch 98/KH-SKHCN cải cách hành chính</li><li>Kế hoạch 75/KH-SKHCN phát triển khoa học</li></ul>")),
    );
    let port = serve(HashMap::from([("plans.test", Site { routes, fallback: not_found() })]));
    // No page sampled by menu order: only the candidates fetch the menu's pages.
    let snap = scan_sampling(port, "plans.test", 0);
    let at = |p: &str| format!("http://plans.test:{port}{p}");
    let probe = snap.probe_404.as_ref().unwrap();
    assert_eq!(probe.http_status, Some(200), "the site answers 200 for a missing address");
    let tried: Vec<(&str, Option<u16>)> = snap.pages.iter().filter(|p| p.kind == PageKind::Section).map(|p| (p.url.as_str(), p.http_status)).collect();
    for (path, status) in [("/chien-luoc-quy-hoach", 404), ("/ke-hoach-tai-chinh", 200), ("/ke-hoach", 200)] {
        assert!(tried.contains(&(at(path).as_str(), Some(status))), "{path} not tried: {tried:?}");
    }
    // Not more than the cap: the first of each section, then at most 12 more.
    assert!(tried.len() <= ttdt_snapshot::sections::SECTIONS.len() + 12, "{}", tried.len());
    // Each plans candidate is fetched once, in order, until the third serves the section.
    let plans: Vec<&str> = tried.iter().map(|t| t.0).filter(|u| u.contains("ke-hoach") || u.contains("chien-luoc")).collect();
    assert_eq!(plans.len(), 3, "{plans:?}");
}

#[test]
fn sitemap_indexes_gzip_sitemaps_feed_listings_and_flag_links_are_followed() {
    let home = page(
        "Trang chủ",
        "<a href='/'>Trang chủ</a><a href='/rss.html'><img src='/images/icon-rss.png' alt=''></a>\
         <a class='lang_us' href='/en.html'><img src='/images/flag-en.png' alt=''></a><a href='/so-do-cong'>Sơ đồ cổng</a>",
        NEWS,
    );
    let urlset = "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>http://maps.test/</loc></url></urlset>";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(urlset.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let mut routes = HashMap::new();
    routes.insert("/".to_string(), html(&home));
    routes.insert("/robots.txt".to_string(), Answer { content_type: "text/plain", ..html("User-agent: *\nSitemap: /sitemap_index.xml\nSitemap: /pages.xml.gz\n") });
    routes.insert("/sitemap_index.xml".to_string(), xml("<sitemapindex><sitemap><loc>/post-sitemap.xml</loc></sitemap><sitemap><loc>/page-sitemap.xml</loc></sitemap></sitemapindex>"));
    routes.insert("/post-sitemap.xml".to_string(), xml(urlset));
    routes.insert("/pages.xml.gz".to_string(), Answer { status: 200, content_type: "application/x-gzip", headers: Vec::new(), body: gz });
    routes.insert("/so-do-cong".to_string(), html(&page("Sơ đồ cổng", "", "<h1>Sơ đồ cổng</h1><ul><li><a href='/gioi-thieu'>Giới thiệu</a></li></ul>")));
    routes.insert("/rss.html".to_string(), html(&page("RSS", "", "<h1>RSS</h1><ul><li><a href='/rss/tin-tuc.xml'>Tin tức</a> RSS</li></ul>")));
    routes.insert("/rss/tin-tuc.xml".to_string(), xml("<?xml version='1.0'?><rss version='2.0'><channel><title>Tin tức</title><item><title>Tin 1</title></item></channel></rss>"));
    routes.insert("/en.html".to_string(), html("<html lang='en'><body><main><p>Welcome to the Department of Information and Communications of Son Ha province.</p></main></body></html>"));
    let port = serve(HashMap::from([("maps.test", Site { routes, fallback: not_found() })]));
    let snap = scan(port, "maps.test");
    let at = |p: &str| format!("http://maps.test:{port}{p}");
    let sitemap = |p: &str| snap.sitemaps.iter().find(|s| s.url == at(p)).unwrap_or_else(|| panic!("{p} not fetched: {:?}", snap.sitemaps.iter().map(|s| &s.url).collect::<Vec<_>>()));
    assert!(sitemap("/post-sitemap.xml").body.contains("<urlset"), "the index's first child is fetched");
    assert!(sitemap("/pages.xml.gz").body.contains("<urlset"), "a gzip sitemap is inflated");
    assert!(sitemap("/so-do-cong").body.contains("Sơ đồ cổng"), "the sitemap page is fetched");
    let feed = snap.feeds.iter().find(|f| f.url == at("/rss/tin-tuc.xml")).expect("the listed feed is fetched");
    assert!(feed.body.contains("<rss"));
    assert!(snap.feeds.iter().any(|f| f.url == at("/rss.html")));
    let en = snap.pages.iter().find(|p| p.url == at("/en.html")).expect("the flag link is followed");
    assert_eq!((en.url.as_str(), en.http_status), (at("/en.html").as_str(), Some(200)));
}

#[test]
fn a_search_form_that_posts_is_posted_with_its_hidden_fields() {
    // Joomla's mod_search: POST to index.php with the component and task in hidden fields.
    let search = "<form action='/index.php' method='post'><label for='s'>Tìm kiếm...</label><input name='searchword' id='s' type='text'>\
        <input type='hidden' name='task' value='search'><input type='hidden' name='option' value='com_search'><input type='hidden' name='Itemid' value='101'></form>";
    let home = page("Trang chủ", &format!("<a href='/'>Trang chủ</a>{search}"), &format!("{NEWS}<p><a href='/tin-tuc/hoi-nghi.html'>Hội nghị tuyên truyền pháp luật</a></p>"));
    let results = page("Tìm kiếm", "", "<h1>Kết quả tìm kiếm</h1><dl><dt><a href='/tin-tuc/hoi-nghi.html'>Hội nghị tuyên truyền pháp luật</a></dt></dl>");
    let mut routes = HashMap::new();
    routes.insert("/".to_string(), html(&home));
    routes.insert("POST /index.php searchword=tuy%C3%AAn&task=search&option=com_search&Itemid=101".to_string(), html(&results));
    let port = serve(HashMap::from([("joomla.test", Site { routes, fallback: not_found() })]));
    let snap = scan(port, "joomla.test");
    assert_eq!(snap.search_term.as_deref(), Some("tuyên"));
    assert_eq!(snap.search_form.as_deref(), Some("searchword=tuy%C3%AAn&task=search&option=com_search&Itemid=101"));
    let page = snap.search.as_ref().expect("the search was sent");
    assert_eq!((page.url.as_str(), page.http_status), (format!("http://joomla.test:{port}/index.php").as_str(), Some(200)));
    assert!(page.body.contains("Kết quả tìm kiếm"), "the posted form reached its route: {}", page.body);
}
