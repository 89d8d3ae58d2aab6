//! The demo campaign and the sample portals it points at.
//!
//! The sample portals are static sites kept in `tests/fixtures/portals/`, embedded in the binary,
//! and served on a loopback port, so the demo (and the tests) work with no internet.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use include_dir::{include_dir, Dir};

use crate::domain::{Campaign, Level, NewCampaign, SiteInput};
use crate::views::{DemoInfo, DemoPortalInfo};
use crate::error::{Error, Result};
use crate::framework::DEFAULT_FRAMEWORK_ID;
use crate::storage::{NewSite, Store};

// Only the four sample portals are embedded in the product; the other fixture portals (and every
// portal's expected outcomes) belong to the tests, through the dev-only test kit.
static BO_MAU: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/portals/bo-mau");
static TINH_MAU: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/portals/tinh-mau");
static SO_MAU: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/portals/so-mau");
static XA_MAU: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/portals/xa-mau");

/// The embedded folder of a sample portal.
fn portal_files(dir: &str) -> Option<&'static Dir<'static>> {
    match dir {
        "bo-mau" => Some(&BO_MAU),
        "tinh-mau" => Some(&TINH_MAU),
        "so-mau" => Some(&SO_MAU),
        "xa-mau" => Some(&XA_MAU),
        _ => None,
    }
}

/// Name of the campaign created on first launch.
pub const DEMO_CAMPAIGN_NAME: &str = "Chiến dịch mẫu";

/// Port the sample portals are served on unless `TTDT_DEMO_PORT` says otherwise.
pub const DEFAULT_DEMO_PORT: u16 = 47380;

pub const DEMO_PORT_ENV: &str = "TTDT_DEMO_PORT";

/// The sample portals: folder under `tests/fixtures/portals`, agency, level, parent folder.
pub const DEMO_PORTALS: &[(&str, &str, Level, Option<&str>)] = &[
    ("bo-mau", "Bộ Thông tin Mẫu", Level::Ministry, None),
    ("tinh-mau", "Ủy ban nhân dân tỉnh Sơn Hà", Level::Province, None),
    ("so-mau", "Sở Khoa học và Công nghệ tỉnh Sơn Hà", Level::ProvincialDepartment, Some("tinh-mau")),
    ("xa-mau", "Ủy ban nhân dân xã Thanh Bình", Level::Commune, Some("tinh-mau")),
];

/// The demo port from the environment, or the default.
pub fn demo_port() -> u16 {
    std::env::var(DEMO_PORT_ENV).ok().and_then(|p| p.parse().ok()).unwrap_or(DEFAULT_DEMO_PORT)
}

/// The base address the sample portals are served under for a port.
pub fn base_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// Where each sample portal is served under `base`.
pub fn demo_info(base: &str) -> DemoInfo {
    DemoInfo {
        base_url: base.to_string(),
        portals: DEMO_PORTALS
            .iter()
            .map(|(dir, agency, level, _)| DemoPortalInfo {
                agency_name: agency.to_string(),
                level: *level,
                url: format!("{base}/{dir}/"),
            })
            .collect(),
    }
}

/// The sample portals as sites of a campaign, parents named by address, in creation order.
fn demo_sites(base: &str) -> Vec<NewSite> {
    DEMO_PORTALS
        .iter()
        .map(|(dir, agency, level, parent)| NewSite {
            input: SiteInput {
                agency_name: agency.to_string(),
                level: *level,
                block: String::new(),
                url: format!("{base}/{dir}/"),
                parent_site_id: None,
            },
            parent_url: parent.map(|p| format!("{base}/{p}/")),
        })
        .collect()
}

/// Creates the demo campaign with its sample portals in one transaction, unless a campaign of
/// that name exists; an existing demo campaign gets back any sample portal it lacks (the demo is
/// the program's sample, and an interrupted or concurrent first run must not leave it partial).
/// Returns the campaign and whether it was created now.
pub fn init_demo(store: &mut Store, base: &str) -> Result<(Campaign, bool)> {
    if let Ok(existing) = store.find_campaign(DEMO_CAMPAIGN_NAME) {
        repair_demo(store, &existing, base)?;
        return Ok((store.campaign(existing.id)?, false));
    }
    let year = store.clock().now().year();
    let new = NewCampaign { name: DEMO_CAMPAIGN_NAME.to_string(), year, framework_id: DEFAULT_FRAMEWORK_ID.to_string() };
    match store.create_campaign_with_sites(&new, &demo_sites(base)) {
        Ok(c) => Ok((c, true)),
        // Another program created it meanwhile: it is whole, being one transaction.
        Err(Error::DuplicateCampaign { .. }) => Ok((store.find_campaign(DEMO_CAMPAIGN_NAME)?, false)),
        Err(e) => Err(e),
    }
}

/// Adds the sample portals the demo campaign lacks, all in one transaction. A portal counts as
/// present under any host and port (the demo port may have changed since), by its folder.
fn repair_demo(store: &mut Store, demo: &Campaign, base: &str) -> Result<()> {
    let present: Vec<(String, i64)> = store
        .list_sites(demo.id)?
        .iter()
        .filter_map(|s| url::Url::parse(&s.url).ok().map(|u| (u.path().to_string(), s.id)))
        .collect();
    let path_of = |url: &str| url::Url::parse(url).map(|u| u.path().to_string()).unwrap_or_default();
    let mut missing: Vec<NewSite> =
        demo_sites(base).into_iter().filter(|s| !present.iter().any(|(p, _)| *p == path_of(&s.input.url))).collect();
    // A parent already in the campaign is linked by its id (it may be served under an old port).
    for s in &mut missing {
        if let Some((_, id)) = s.parent_url.as_deref().and_then(|p| present.iter().find(|(path, _)| *path == path_of(p))) {
            s.input.parent_site_id = Some(*id);
            s.parent_url = None;
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    log::warn!("demo campaign {} lacks {} sample portals; adding them", demo.id, missing.len());
    store.add_sites(demo.id, &missing)?;
    Ok(())
}

/// On first launch (no campaign at all), creates the demo campaign; later, puts back any sample
/// portal the demo campaign lacks.
pub fn ensure_demo_on_first_launch(store: &mut Store, base: &str) -> Result<Option<Campaign>> {
    if store.list_campaigns()?.is_empty() {
        return Ok(Some(init_demo(store, base)?.0));
    }
    if let Ok(demo) = store.find_campaign(DEMO_CAMPAIGN_NAME) {
        repair_demo(store, &demo, base)?;
    }
    Ok(None)
}

/// A running static server for the sample portals. Stops when dropped.
///
/// A plain HTTP/1.1 server on the standard library: `GET` and `HEAD` of static files, one thread
/// per connection, `Connection: close`. It serves four static sites to this machine only.
pub struct DemoServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl DemoServer {
    /// Serves the sample portals on `127.0.0.1:port` (0 picks a free port).
    pub fn start(port: u16) -> Result<DemoServer> {
        let bind = format!("127.0.0.1:{port}");
        let fail = |e: std::io::Error| Error::DemoServer { addr: bind.clone(), detail: e.to_string() };
        let listener = TcpListener::bind(&bind).map_err(fail)?;
        let addr = listener.local_addr().map_err(fail)?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("demo-portals".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = conn else { continue };
                    let spawned = std::thread::Builder::new().name("demo-request".into()).spawn(move || {
                        if let Err(e) = serve_connection(stream, addr) {
                            log::debug!("demo server: client went away: {e}");
                        }
                    });
                    if let Err(e) = spawned {
                        log::warn!("demo server: cannot start a request thread: {e}");
                    }
                }
            })
            .map_err(fail)?;
        Ok(DemoServer { addr, stop, thread: Some(thread) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn base_url(&self) -> String {
        base_url(self.addr.port())
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one request (line and headers, at most 16 KiB) and answers it.
fn serve_connection(mut stream: TcpStream, addr: SocketAddr) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
        if head.len() > 16 * 1024 {
            return write_response(&mut stream, 431, b"", "text/plain; charset=utf-8", false);
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.split("\r\n");
    let mut request = lines.next().unwrap_or("").split_whitespace();
    let (method, target) = (request.next().unwrap_or(""), request.next().unwrap_or("/"));
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| addr.to_string());
    match method {
        "GET" | "HEAD" => {
            let (status, body, mime) = respond(target, &host);
            write_response(&mut stream, status, &body, mime, method == "GET")
        }
        _ => write_response(&mut stream, 405, b"", "text/plain; charset=utf-8", false),
    }
}

fn write_response(stream: &mut TcpStream, status: u16, body: &[u8], mime: &str, with_body: bool) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Request Header Fields Too Large",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Status, body and content type of the file a request target names.
fn respond(raw_url: &str, host: &str) -> (u16, Vec<u8>, &'static str) {
    let path = raw_url.split(['?', '#']).next().unwrap_or("/");
    let rel = crate::text::percent_decode(path.trim_start_matches('/'));
    let (portal, inner) = rel.split_once('/').unwrap_or((rel.as_str(), ""));
    match portal_files(portal).and_then(|files| static_file(files, inner)) {
        Some((name, f)) => {
            let mime = content_type(&name);
            // Here a portal's root is its folder under this server.
            (200, with_root(f.contents().to_vec(), mime, &format!("http://{host}/{portal}/")), mime)
        }
        None => (404, NOT_FOUND_PAGE.as_bytes().to_vec(), "text/html; charset=utf-8"),
    }
}

/// The file of an embedded folder a request path names: `a/` is `a/index.html`, `a` is `a` or
/// `a/index.html`; a path with `..` names nothing. Returns the file's path under `files`.
pub fn static_file(files: &'static Dir<'static>, rel: &str) -> Option<(String, &'static include_dir::File<'static>)> {
    if rel.split('/').any(|seg| seg == "..") {
        return None;
    }
    let candidates =
        if rel.is_empty() || rel.ends_with('/') { vec![format!("{rel}index.html")] } else { vec![rel.to_string(), format!("{rel}/index.html")] };
    candidates.into_iter().find_map(|c| files.get_file(files.path().join(&c)).map(|f| (c, f)))
}

/// Fixture portals name absolute addresses (sitemaps, robots.txt) as `{{root}}`: the portal's
/// root where it is served.
pub fn with_root(body: Vec<u8>, mime: &str, root: &str) -> Vec<u8> {
    if mime.starts_with("image/") || !body.windows(8).any(|w| w == b"{{root}}") {
        return body;
    }
    String::from_utf8_lossy(&body).replace("{{root}}", root).into_bytes()
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "json" => "application/json",
        _ => "text/html; charset=utf-8",
    }
}

pub const NOT_FOUND_PAGE: &str = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Không tìm thấy trang</title></head>\
     <body><h1>404 — Không tìm thấy trang</h1></body></html>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_portal_has_a_homepage() {
        for (dir, ..) in DEMO_PORTALS {
            assert!(portal_files(dir).and_then(|f| f.get_file("index.html")).is_some(), "{dir}");
        }
    }

    #[test]
    fn server_serves_homepages_and_404s() {
        let server = DemoServer::start(0).unwrap();
        let get = |path: &str| {
            let mut s = std::net::TcpStream::connect(server.addr()).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            out
        };
        let home = get("/bo-mau/");
        assert!(home.starts_with("HTTP/1.1 200"), "{home}");
        assert!(home.contains("Bộ Thông tin Mẫu"));
        assert!(get("/bo-mau/khong-co-trang-nay-8f3a").starts_with("HTTP/1.1 404"));
        assert!(get("/bo-mau/../../Cargo.toml").starts_with("HTTP/1.1 404"));
    }
}
