//! The serving options the CMS-like fixture portals rely on, over plain HTTP on loopback: routes
//! by query, a soft 404, redirects, a search computed from the portal's pages (GET and POST),
//! sitemaps compressed when served, content types and extra headers.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use ttdt_testkit::{fixture_portals, Mount, PortalServer};

struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn request(port: u16, raw: &str) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    // The server keeps connections open: read the head, then as many bytes as it announces.
    let mut out = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(end) = out.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "connection closed before the head");
        out.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&out[..end]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-length")).map(|(_, v)| v.trim().parse().unwrap()))
        .unwrap_or(0);
    while out.len() < end + 4 + length {
        let n = s.read(&mut chunk).unwrap();
        assert!(n > 0, "connection closed before the body");
        out.extend_from_slice(&chunk[..n]);
    }
    Answer { status, head, body: out[end + 4..end + 4 + length].to_vec() }
}

fn get(port: u16, host: &str, target: &str) -> Answer {
    request(port, &format!("GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"))
}

/// The fixture portals served over plain HTTP, uncompressed, so that a test reads them with a
/// socket.
fn serve(dirs: &[&str]) -> (PortalServer, Vec<Mount>) {
    let mounts: Vec<Mount> = fixture_portals()
        .unwrap()
        .into_iter()
        .filter(|m| dirs.contains(&m.dir.as_str()))
        .map(|mut m| {
            m.spec.serve.redirect_http = false;
            m.spec.serve.gzip = false;
            m
        })
        .collect();
    assert_eq!(mounts.len(), dirs.len());
    (PortalServer::start(mounts.clone(), None, Duration::ZERO, 0).unwrap(), mounts)
}

#[test]
fn routes_by_query_serve_their_page_and_an_unknown_id_is_a_404() {
    let (server, _) = serve(&["xa-tan-phu"]);
    let host = "tanphu.sonha.gov.vn";
    let page = get(server.port, host, "/index.php?option=com_content&view=article&id=3&Itemid=105");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Cơ cấu tổ chức"), "{}", page.text());
    // Parameters in another order, and one more, still name the same page.
    let page = get(server.port, host, "/index.php?Itemid=105&id=3&view=article&option=com_content&lang=vi");
    assert!(page.text().contains("<title>Cơ cấu tổ chức"), "{}", page.text());
    // A deleted article is a real 404, not the homepage.
    assert_eq!(get(server.port, host, "/index.php?option=com_content&view=article&id=99&catid=8&Itemid=120").status, 404);
    // The bare path is the homepage.
    assert!(get(server.port, host, "/index.php").text().contains("Trang chủ - Trang thông tin điện tử xã Tân Phú"));
    // The feed is served with its own type.
    let feed = get(server.port, host, "/index.php?format=feed&type=rss");
    assert_eq!(feed.header("content-type").as_deref(), Some("application/rss+xml; charset=utf-8"));
    assert!(feed.text().contains("<rss version=\"2.0\""), "{}", feed.text());
    assert!(feed.text().contains(&format!("http://{host}:{}/index.php?", server.port)), "addresses are filled in");
    // Extra headers.
    assert_eq!(feed.header("x-powered-by").as_deref(), Some("PHP/5.6.40"));
}

#[test]
fn search_lists_the_pages_holding_the_words_by_get_and_by_post() {
    let (server, _) = serve(&["xa-tan-phu", "bo-thuy-san"]);
    // Liferay, GET: a word of an article's body finds the article, not the menus of every page.
    let found = get(server.port, "thuysan.gov.vn", "/web/guest/tim-kiem?p_p_id=3&_3_keywords=gi%C3%A1m+s%C3%A1t+h%C3%A0nh+tr%C3%ACnh");
    assert_eq!(found.status, 200);
    let text = found.text();
    assert!(text.contains("chong-khai-thac-iuu"), "{text}");
    assert!(text.contains("Kết quả tìm kiếm cho: <strong>giám sát hành trình</strong>"), "{text}");
    assert!(!text.contains("{{"), "the template is filled in");
    let results = text.matches("class=\"search-result\"").count();
    assert!((1..=3).contains(&results), "{results} results");
    // Typed without diacritics.
    let plain = get(server.port, "thuysan.gov.vn", "/web/guest/tim-kiem?_3_keywords=giam+sat+hanh+trinh");
    assert!(plain.text().contains("chong-khai-thac-iuu"));
    // A word found nowhere.
    let none = get(server.port, "thuysan.gov.vn", "/web/guest/tim-kiem?_3_keywords=zzqxv");
    assert!(none.text().contains("Không tìm thấy kết quả nào"), "{}", none.text());
    // Without the parameter the page is the plain search page.
    assert_eq!(get(server.port, "thuysan.gov.vn", "/web/guest/tim-kiem").status, 200);

    // Joomla, POST: the form body carries the words.
    let body = "searchword=ti%C3%AAm+ph%C3%B2ng&task=search&option=com_search&Itemid=101";
    let posted = request(
        server.port,
        &format!(
            "POST /index.php HTTP/1.1\r\nHost: tanphu.sonha.gov.vn\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(posted.status, 200);
    let text = posted.text();
    assert!(text.contains("/index.php?option=com_content&amp;view=article&amp;id=147:tiem-phong-gia-suc"), "{text}");
    assert!(text.contains("value=\"tiêm phòng\""), "{text}");
}

#[test]
fn a_soft_404_answers_200_and_paths_ignore_case_on_iis() {
    let (server, _) = serve(&["so-tai-chinh", "so-noi-vu"]);
    let host = "stc.sonha.gov.vn";
    let missing = get(server.port, host, "/Pages/du-an-dau-thau.aspx");
    assert_eq!(missing.status, 200);
    assert!(missing.text().contains("Không tìm thấy trang"));
    let sitemap = get(server.port, host, "/sitemap.xml");
    assert_eq!((sitemap.status, sitemap.header("content-type").as_deref()), (200, Some("text/html; charset=utf-8")));
    // IIS: any case names the same file.
    assert!(get(server.port, host, "/pages/LIEN-HE.aspx").text().contains("0238.3840100"));
    assert!(get(server.port, host, "/_layouts/osssearchresults.aspx?k=quy%E1%BA%BFt+to%C3%A1n").text().contains("kiem-tra-quyet-toan-xa"));
    // The root redirects to the homepage, as SharePoint does.
    let root = get(server.port, host, "/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some(format!("http://{host}:{}/Pages/default.aspx", server.port)));
    assert_eq!(root.header("microsoftsharepointteamservices").as_deref(), Some("14.0.0.6029"));
    // Elsewhere an unknown address is a real 404.
    assert_eq!(get(server.port, "snv.sonha.gov.vn", "/Portal/en/Default.aspx").status, 404);
}

#[test]
fn a_gz_file_is_compressed_when_served() {
    let (server, _) = serve(&["so-noi-vu"]);
    let gz = get(server.port, "snv.sonha.gov.vn", "/sitemap.xml.gz");
    assert_eq!(gz.status, 200);
    assert_eq!(gz.header("content-type").as_deref(), Some("application/x-gzip"));
    assert_eq!(gz.header("content-encoding"), None);
    let mut xml = String::new();
    flate2::read::GzDecoder::new(&gz.body[..]).read_to_string(&mut xml).unwrap();
    assert!(xml.starts_with("<?xml") && xml.contains("<urlset"), "{xml}");
    assert!(xml.contains(&format!("<loc>http://snv.sonha.gov.vn:{}/Portal/Default.aspx</loc>", server.port)), "{xml}");
    assert!(get(server.port, "snv.sonha.gov.vn", "/robots.txt").text().contains("sitemap.xml.gz"));
}
