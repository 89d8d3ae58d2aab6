//! The demo campaign and the sample portals it points at.
//!
//! The sample portals are static sites kept in `tests/fixtures/portals/`, embedded in the binary,
//! and served on a loopback port, so the demo (and the tests) work with no internet.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use include_dir::{include_dir, Dir};

use crate::domain::{Campaign, DemoInfo, DemoPortalInfo, Level, NewCampaign, SiteInput};
use crate::error::{Error, Result};
use crate::framework::DEFAULT_FRAMEWORK_ID;
use crate::storage::Store;

static PORTALS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/portals");

/// The fixture portals embedded in the build.
pub fn portals_dir() -> &'static Dir<'static> {
    &PORTALS
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

/// Creates the demo campaign with its sample portals, unless a campaign of that name exists.
/// Returns the campaign and whether it was created now.
pub fn init_demo(store: &mut Store, base: &str) -> Result<(Campaign, bool)> {
    if let Ok(existing) = store.find_campaign(DEMO_CAMPAIGN_NAME) {
        return Ok((existing, false));
    }
    let year = store.clock().now().year();
    let campaign = store.create_campaign(&NewCampaign {
        name: DEMO_CAMPAIGN_NAME.to_string(),
        year,
        framework_id: DEFAULT_FRAMEWORK_ID.to_string(),
    })?;
    let mut ids: Vec<(&str, i64)> = Vec::new();
    for (dir, agency, level, parent) in DEMO_PORTALS {
        let parent_site_id = parent.and_then(|p| ids.iter().find(|(d, _)| *d == p).map(|(_, id)| *id));
        let site = store.add_site(
            campaign.id,
            &SiteInput {
                agency_name: agency.to_string(),
                level: *level,
                block: String::new(),
                url: format!("{base}/{dir}/"),
                parent_site_id,
            },
        )?;
        ids.push((dir, site.id));
    }
    Ok((store.campaign(campaign.id)?, true))
}

/// On first launch (no campaign at all), creates the demo campaign.
pub fn ensure_demo_on_first_launch(store: &mut Store, base: &str) -> Result<Option<Campaign>> {
    if store.list_campaigns()?.is_empty() {
        Ok(Some(init_demo(store, base)?.0))
    } else {
        Ok(None)
    }
}

/// A running static server for the sample portals. Stops when dropped.
pub struct DemoServer {
    server: Arc<tiny_http::Server>,
    addr: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl DemoServer {
    /// Serves the sample portals on `127.0.0.1:port` (0 picks a free port).
    pub fn start(port: u16) -> Result<DemoServer> {
        let bind = format!("127.0.0.1:{port}");
        let server = tiny_http::Server::http(&bind)
            .map_err(|e| Error::DemoServer { addr: bind.clone(), detail: e.to_string() })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::DemoServer { addr: bind.clone(), detail: "not an IP listener".into() })?;
        let server = Arc::new(server);
        let worker = Arc::clone(&server);
        let thread = std::thread::Builder::new()
            .name("demo-portals".into())
            .spawn(move || {
                for request in worker.incoming_requests() {
                    let host = request
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv("Host"))
                        .map(|h| h.value.as_str().to_string())
                        .unwrap_or_else(|| addr.to_string());
                    let response = respond(request.url(), &host);
                    if let Err(e) = request.respond(response) {
                        log::debug!("demo server: client went away: {e}");
                    }
                }
            })
            .map_err(|e| Error::DemoServer { addr: bind, detail: e.to_string() })?;
        Ok(DemoServer { server, addr, thread: Some(thread) })
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
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn respond(raw_url: &str, host: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let path = raw_url.split(['?', '#']).next().unwrap_or("/");
    let rel = crate::files::percent_decode(path.trim_start_matches('/'));
    let (status, body, mime) = match static_file(&PORTALS, &rel) {
        Some((name, f)) => {
            let mime = content_type(&name);
            // Here a portal's root is its folder under this server.
            let portal = rel.split('/').next().unwrap_or("");
            (200, with_root(f.contents().to_vec(), mime, &format!("http://{host}/{portal}/")), mime)
        }
        None => (404, NOT_FOUND_PAGE.as_bytes().to_vec(), "text/html; charset=utf-8"),
    };
    let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], mime.as_bytes())
        .expect("static header is valid");
    tiny_http::Response::from_data(body).with_status_code(status).with_header(header)
}

/// The file of an embedded folder a request path names: `a/` is `a/index.html`, `a` is `a` or
/// `a/index.html`; a path with `..` names nothing. Returns the file's path under `files`.
pub(crate) fn static_file(files: &'static Dir<'static>, rel: &str) -> Option<(String, &'static include_dir::File<'static>)> {
    if rel.split('/').any(|seg| seg == "..") {
        return None;
    }
    let candidates =
        if rel.is_empty() || rel.ends_with('/') { vec![format!("{rel}index.html")] } else { vec![rel.to_string(), format!("{rel}/index.html")] };
    candidates.into_iter().find_map(|c| files.get_file(files.path().join(&c)).map(|f| (c, f)))
}

/// Fixture portals name absolute addresses (sitemaps, robots.txt) as `{{root}}`: the portal's
/// root where it is served.
pub(crate) fn with_root(body: Vec<u8>, mime: &str, root: &str) -> Vec<u8> {
    if mime.starts_with("image/") || !body.windows(8).any(|w| w == b"{{root}}") {
        return body;
    }
    String::from_utf8_lossy(&body).replace("{{root}}", root).into_bytes()
}

pub(crate) fn content_type(path: &str) -> &'static str {
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

pub(crate) const NOT_FOUND_PAGE: &str = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Không tìm thấy trang</title></head>\
     <body><h1>404 — Không tìm thấy trang</h1></body></html>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_portal_has_a_homepage() {
        for (dir, ..) in DEMO_PORTALS {
            assert!(PORTALS.get_file(format!("{dir}/index.html")).is_some(), "{dir}");
        }
    }

    #[test]
    fn server_serves_homepages_and_404s() {
        use std::io::{Read, Write};
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
