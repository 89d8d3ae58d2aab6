//! A loopback server for the fixture portals, under realistic host names: plain HTTP and HTTPS on
//! the same port (told apart by the first byte), certificates from a test certificate authority
//! made at start, an optional added latency per response, and the hostile behaviours real scans
//! meet (redirect loop, 50 MB page, slow drip, gzip bomb, markup nested 40,000 deep). Portals
//! that imitate real CMSes also get what those CMSes do: pages chosen by query parameters, a
//! soft 404, redirects, case-insensitive paths, a search that lists the pages holding the words,
//! feeds served from addresses without an extension, gzip sitemaps and version headers.
//!
//! A dev-only test kit: used by the fixture-portal scan tests, the CLI's scan tests and the scan
//! benchmark, never by the product. Each portal folder holds an `expected.toml` naming its host,
//! level, how it is served and the outcomes the criteria expect.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use include_dir::{include_dir, Dir};
use serde::Deserialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub mod fuzz;

use ttdt_core::demo::{content_type, static_file, with_root, NOT_FOUND_PAGE};
use ttdt_core::domain::Level;
use ttdt_core::error::{Error, Result};

/// Every fixture portal with its expected outcomes.
pub static PORTALS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/portals");

/// How a portal is served, from its `expected.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Serve {
    /// "valid", "wrong-name" (a certificate for another name) or "none" (the handshake is refused).
    pub tls: String,
    pub redirect_http: bool,
    pub hsts: bool,
    pub security_headers: bool,
    pub gzip: bool,
    pub server_header: String,
    /// A hostile behaviour: "redirect-loop", "huge", "slow-drip", "gzip-bomb", "deep-nesting".
    pub behaviour: String,
    /// A soft 404: the file answered with 200 for any unknown path (as SharePoint does); empty
    /// for a real 404.
    pub soft_404: String,
    /// Paths match files whatever their case (IIS).
    pub ignore_case: bool,
    /// Headers added to every answer (`X-Powered-By`, `Liferay-Portal`…).
    pub headers: BTreeMap<String, String>,
    /// Paths answered with a redirect before any file is looked up.
    pub redirects: Vec<Redirect>,
    /// Addresses with a query, as CMSes write them (`/index.php?option=com_content&id=3`) → the
    /// file served. A route matches when its path is the request's and each of its parameters is
    /// in the request (a route without a query: when the request has none); the route naming
    /// most parameters wins. A path some route names serves nothing else.
    pub routes: BTreeMap<String, String>,
    /// File (relative to the portal) → the `Content-Type` it is served with, for feeds and
    /// sitemaps served from addresses without an extension (`/feed/`).
    pub content_types: BTreeMap<String, String>,
    /// A search that works: results computed from the portal's pages.
    pub search: Option<Search>,
}

/// A redirect the server answers for one path.
#[derive(Debug, Clone, Deserialize)]
pub struct Redirect {
    pub from: String,
    pub to: String,
    #[serde(default = "moved_permanently")]
    pub status: u16,
}

fn moved_permanently() -> u16 {
    301
}

/// A portal's search: a request to `path` carrying `param` (in the query, or in a POST body)
/// answers `page` with `{{query}}` and `{{results}}` filled in: one `item` per page of the portal
/// whose indexed text contains the words (case folded), else `empty`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Search {
    pub path: String,
    pub param: String,
    /// The results page (a template), relative to the portal.
    pub page: String,
    /// One result: `{{url}}`, `{{title}}` and `{{snippet}}` are filled in.
    pub item: String,
    pub empty: String,
    /// Only the text between these markers is indexed (the CMS's content area, not its menus and
    /// footer); the whole page when `index_from` is absent.
    pub index_from: String,
    pub index_to: String,
    /// Files never listed (the homepage, stubs).
    pub skip: Vec<String>,
}

impl Default for Serve {
    fn default() -> Self {
        Serve {
            tls: "valid".into(),
            redirect_http: true,
            hsts: true,
            security_headers: true,
            gzip: true,
            server_header: "nginx".into(),
            behaviour: String::new(),
            soft_404: String::new(),
            ignore_case: false,
            headers: BTreeMap::new(),
            redirects: Vec::new(),
            routes: BTreeMap::new(),
            content_types: BTreeMap::new(),
            search: None,
        }
    }
}

/// A fixture portal's `expected.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct PortalSpec {
    pub host: String,
    pub level: Level,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub ipv6: bool,
    #[serde(default)]
    pub serve: Serve,
    /// Criterion code → outcome name, as the scan JSON writes it.
    #[serde(default)]
    pub outcomes: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub description: String,
    /// The portal imitates a real CMS and its outcomes are an inspector's verdicts written from
    /// the criteria: the accuracy report measures agreement with them, and the fixture scan does
    /// not require each one.
    #[serde(default)]
    pub accuracy_only: bool,
}

/// One portal served by the server.
#[derive(Clone)]
pub struct Mount {
    pub dir: String,
    pub files: &'static Dir<'static>,
    pub spec: PortalSpec,
}

/// The fixture portals embedded in the build, with their specs.
pub fn fixture_portals() -> Result<Vec<Mount>> {
    let mut out = Vec::new();
    for d in PORTALS.dirs() {
        let Some(spec_file) = d.get_file(d.path().join("expected.toml")) else { continue };
        let text = spec_file.contents_utf8().unwrap_or("");
        let spec: PortalSpec = toml::from_str(text)
            .map_err(|e| Error::Scanner(format!("{}: {e}", d.path().display())))?;
        out.push(Mount { dir: d.path().display().to_string(), files: d, spec });
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(out)
}

struct State {
    hosts: HashMap<String, Mount>,
    /// Hosts not listed are served this portal (the benchmark's many sites).
    fallback: Option<Mount>,
    latency: Duration,
    tls: Arc<rustls::ServerConfig>,
    bomb: Vec<u8>,
}

/// A running server. Dropping it stops it.
pub struct PortalServer {
    pub port: u16,
    /// The test certificate authority, PEM, to trust in clients.
    pub ca_pem: String,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for PortalServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

#[derive(Debug)]
struct ByName {
    certs: HashMap<String, Arc<rustls::sign::CertifiedKey>>,
    default: Option<Arc<rustls::sign::CertifiedKey>>,
}

impl rustls::server::ResolvesServerCert for ByName {
    fn resolve(&self, hello: rustls::server::ClientHello<'_>) -> Option<Arc<rustls::sign::CertifiedKey>> {
        match hello.server_name() {
            Some(n) => self.certs.get(&n.to_ascii_lowercase()).cloned().or_else(|| self.default.clone()),
            None => self.default.clone(),
        }
    }
}

fn certified(
    names: Vec<String>,
    issuer: &rcgen::Issuer<'_, rcgen::KeyPair>,
    provider: &rustls::crypto::CryptoProvider,
) -> Result<Arc<rustls::sign::CertifiedKey>> {
    let err = |e: rcgen::Error| Error::Scanner(format!("test certificate: {e}"));
    let key = rcgen::KeyPair::generate().map_err(err)?;
    let params = rcgen::CertificateParams::new(names).map_err(err)?;
    let cert = params.signed_by(&key, issuer).map_err(err)?;
    let der = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).map_err(|e| Error::Scanner(e.to_string()))?;
    let signing = provider.key_provider.load_private_key(der).map_err(|e| Error::Scanner(e.to_string()))?;
    Ok(Arc::new(rustls::sign::CertifiedKey::new(vec![cert.der().clone()], signing)))
}

impl PortalServer {
    /// Serves `mounts` (and `fallback` for any other host) on a loopback port (0: any free port).
    pub fn start(mounts: Vec<Mount>, fallback: Option<Mount>, latency: Duration, port: u16) -> Result<PortalServer> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let err = |e: rcgen::Error| Error::Scanner(format!("test CA: {e}"));
        let ca_key = rcgen::KeyPair::generate().map_err(err)?;
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(err)?;
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "TTDT Fixture CA");
        ca_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
        let ca_cert = ca_params.self_signed(&ca_key).map_err(err)?;
        let ca_pem = ca_cert.pem();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);

        let mut certs = HashMap::new();
        for m in &mounts {
            match m.spec.serve.tls.as_str() {
                "none" => {}
                "wrong-name" => {
                    certs.insert(m.spec.host.clone(), certified(vec!["khac.example.vn".into()], &issuer, &provider)?);
                }
                _ => {
                    certs.insert(m.spec.host.clone(), certified(vec![m.spec.host.clone(), format!("www.{}", m.spec.host)], &issuer, &provider)?);
                }
            }
        }
        let default = match &fallback {
            Some(_) => Some(certified(vec!["*.bench.gov.vn".into(), "bench.gov.vn".into()], &issuer, &provider)?),
            None => None,
        };
        let tls = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Scanner(e.to_string()))?
            .with_no_client_auth()
            .with_cert_resolver(Arc::new(ByName { certs, default }));

        // 200 MB of zeros, gzip-compressed once (about 200 KB).
        let bomb = if mounts.iter().any(|m| m.spec.serve.behaviour == "gzip-bomb") {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let zeros = vec![0u8; 1 << 20];
            for _ in 0..200 {
                enc.write_all(&zeros).map_err(|e| Error::Scanner(e.to_string()))?;
            }
            enc.finish().map_err(|e| Error::Scanner(e.to_string()))?
        } else {
            Vec::new()
        };
        let state = Arc::new(State {
            hosts: mounts.into_iter().map(|m| (m.spec.host.clone(), m)).collect(),
            fallback,
            latency,
            tls: Arc::new(tls),
            bomb,
        });

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .thread_name("portal-server")
            .build()
            .map_err(|e| Error::Scanner(e.to_string()))?;
        let v4 = runtime
            .block_on(TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))))
            .map_err(|e| Error::DemoServer { addr: format!("127.0.0.1:{port}"), detail: e.to_string() })?;
        let port = v4.local_addr().map_err(|e| Error::Scanner(e.to_string()))?.port();
        // The same port on IPv6 loopback, where the machine has it, answers the IPv6 probe.
        let v6 = runtime.block_on(TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port)))).ok();
        for listener in std::iter::once(v4).chain(v6) {
            let state = state.clone();
            runtime.spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else { continue };
                    let state = state.clone();
                    tokio::spawn(async move {
                        let _ = serve_connection(stream, state).await;
                    });
                }
            });
        }
        Ok(PortalServer { port, ca_pem, runtime: Some(runtime) })
    }

    /// Serves every fixture portal.
    pub fn fixtures(latency: Duration) -> Result<PortalServer> {
        PortalServer::start(fixture_portals()?, None, latency, 0)
    }
}

async fn serve_connection(stream: TcpStream, state: Arc<State>) -> std::io::Result<()> {
    let mut first = [0u8; 1];
    let n = stream.peek(&mut first).await?;
    if n == 1 && first[0] == 0x16 {
        let acceptor = tokio_rustls::TlsAcceptor::from(state.tls.clone());
        let tls = acceptor.accept(stream).await?;
        serve_http(tls, state, true).await
    } else {
        serve_http(stream, state, false).await
    }
}

struct Request {
    path: String,
    host: String,
    /// ":port" as the Host header gave it, kept in redirects and templates.
    port: String,
    accepts_gzip: bool,
    /// The query's parameters, then a form body's (POST), decoded.
    params: Vec<(String, String)>,
}

/// `a=1&b=x+y` → [("a", "1"), ("b", "x y")].
fn parse_params(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |t: &str| ttdt_core::text::percent_decode(&t.replace('+', " "));
            (dec(k), dec(v))
        })
        .collect()
}

/// A request body is read up to this size; a larger one closes the connection.
const MAX_BODY: usize = 64 * 1024;

async fn read_request<S: AsyncRead + Unpin>(s: &mut S, buf: &mut Vec<u8>) -> std::io::Result<Option<Request>> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            buf.drain(..end + 4);
            let mut lines = head.lines();
            let first = lines.next().unwrap_or("");
            let target = first.split_whitespace().nth(1).unwrap_or("/");
            let (path, query) = target.split_once('?').unwrap_or((target, ""));
            let mut host = String::new();
            let mut port = String::new();
            let mut accepts_gzip = false;
            let mut length = 0usize;
            let mut form = false;
            for l in lines {
                if let Some((k, v)) = l.split_once(':') {
                    if k.eq_ignore_ascii_case("host") {
                        let v = v.trim();
                        match v.rsplit_once(':') {
                            Some((h, p)) if !h.ends_with(']') || v.starts_with('[') => {
                                host = h.to_ascii_lowercase();
                                port = format!(":{p}");
                            }
                            _ => host = v.to_ascii_lowercase(),
                        }
                    } else if k.eq_ignore_ascii_case("accept-encoding") {
                        accepts_gzip = v.contains("gzip");
                    } else if k.eq_ignore_ascii_case("content-length") {
                        length = v.trim().parse().unwrap_or(usize::MAX);
                    } else if k.eq_ignore_ascii_case("content-type") {
                        form = v.contains("application/x-www-form-urlencoded");
                    }
                }
            }
            if length > MAX_BODY {
                return Ok(None);
            }
            while buf.len() < length {
                let mut chunk = [0u8; 4096];
                let n = s.read(&mut chunk).await?;
                if n == 0 {
                    return Ok(None);
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let body: Vec<u8> = buf.drain(..length).collect();
            let mut params = parse_params(query);
            if form {
                params.extend(parse_params(&String::from_utf8_lossy(&body)));
            }
            return Ok(Some(Request { path: path.to_string(), host, port, accepts_gzip, params }));
        }
        if buf.len() > 32 * 1024 {
            return Ok(None);
        }
        let mut chunk = [0u8; 4096];
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

async fn write_response<S: AsyncWrite + Unpin>(s: &mut S, status: &str, headers: &[(String, String)], body: &[u8]) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).await?;
    s.write_all(body).await?;
    s.flush().await
}

async fn serve_http<S: AsyncRead + AsyncWrite + Unpin>(mut s: S, state: Arc<State>, tls: bool) -> std::io::Result<()> {
    let mut buf = Vec::new();
    while let Some(req) = read_request(&mut s, &mut buf).await? {
        if !state.latency.is_zero() {
            tokio::time::sleep(state.latency).await;
        }
        let Some(mount) = state.hosts.get(&req.host).or(state.fallback.as_ref()) else {
            write_response(&mut s, "421 Misdirected Request", &[], b"unknown host").await?;
            continue;
        };
        let serve = &mount.spec.serve;
        let scheme = if tls { "https" } else { "http" };
        let port = req.port.clone();
        let mut headers: Vec<(String, String)> = Vec::new();
        if !serve.server_header.is_empty() {
            headers.push(("server".into(), serve.server_header.clone()));
        }
        if !tls && serve.redirect_http && serve.tls != "none" {
            headers.push(("location".into(), format!("https://{}{port}{}", req.host, req.path)));
            write_response(&mut s, "301 Moved Permanently", &headers, b"").await?;
            continue;
        }
        if tls && serve.hsts {
            headers.push(("strict-transport-security".into(), "max-age=31536000".into()));
        }
        if serve.security_headers {
            headers.push(("x-content-type-options".into(), "nosniff".into()));
            headers.push(("x-frame-options".into(), "SAMEORIGIN".into()));
            headers.push(("referrer-policy".into(), "strict-origin-when-cross-origin".into()));
        }
        headers.extend(serve.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())));
        match serve.behaviour.as_str() {
            "redirect-loop" => {
                let next = if req.path.ends_with("/a") { "/vong/b" } else { "/vong/a" };
                headers.push(("location".into(), next.into()));
                write_response(&mut s, "302 Found", &headers, b"").await?;
                continue;
            }
            "huge" if req.path == "/" => {
                // 50 MB of HTML, streamed.
                let total: usize = 50 * 1024 * 1024;
                let head = format!("HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {total}\r\n\r\n");
                s.write_all(head.as_bytes()).await?;
                let chunk = "<p>Nội dung rất dài của trang thử nghiệm.</p>\n".repeat(1500);
                let mut sent = 0;
                while sent < total {
                    let n = chunk.len().min(total - sent);
                    if s.write_all(&chunk.as_bytes()[..n]).await.is_err() {
                        return Ok(());
                    }
                    sent += n;
                }
                continue;
            }
            "slow-drip" if req.path == "/" => {
                s.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: 100000\r\n\r\n<html><body>").await?;
                for _ in 0..100_000 {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    if s.write_all(b" ").await.is_err() || s.flush().await.is_err() {
                        return Ok(());
                    }
                }
                return Ok(());
            }
            "deep-nesting" if req.path == "/" => {
                // 40,000 nested divs (440 KB): quadratic to parse, tens of seconds unchecked.
                let depth = 40_000;
                let mut body = String::with_capacity(12 * depth + 300);
                body.push_str("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Sở Tư pháp tỉnh Sơn Hà</title></head><body>");
                body.push_str(&"<div>".repeat(depth));
                body.push_str("Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn Hà");
                body.push_str(&"</div>".repeat(depth));
                body.push_str("</body></html>");
                headers.push(("content-type".into(), "text/html; charset=utf-8".into()));
                write_response(&mut s, "200 OK", &headers, body.as_bytes()).await?;
                continue;
            }
            "gzip-bomb" if req.path == "/" => {
                headers.push(("content-type".into(), "text/html; charset=utf-8".into()));
                headers.push(("content-encoding".into(), "gzip".into()));
                write_response(&mut s, "200 OK", &headers, &state.bomb).await?;
                continue;
            }
            _ => {}
        }
        let root = format!("{scheme}://{}{port}", req.host);
        if let Some(r) = serve.redirects.iter().find(|r| same_path(serve, &r.from, &req.path)) {
            let to = if r.to.starts_with('/') { format!("{root}{}", r.to) } else { r.to.clone() };
            headers.push(("location".into(), to));
            let status = match r.status {
                302 => "302 Found",
                303 => "303 See Other",
                307 => "307 Temporary Redirect",
                _ => "301 Moved Permanently",
            };
            write_response(&mut s, status, &headers, b"").await?;
            continue;
        }
        if let Some(search) = serve.search.as_ref().filter(|x| same_path(serve, &x.path, &req.path)) {
            if let Some((_, words)) = req.params.iter().find(|(k, _)| *k == search.param) {
                let body = search_page(mount, search, words, &format!("{root}/"));
                headers.push(("content-type".into(), "text/html; charset=utf-8".into()));
                write_response(&mut s, "200 OK", &headers, body.as_bytes()).await?;
                continue;
            }
        }
        let found = find_file(mount, &req.path, &req.params).filter(|(n, _)| !n.ends_with("expected.toml"));
        let (name, file, status) = match found {
            Some((n, f)) => (n, f, "200 OK"),
            None => match (!serve.soft_404.is_empty()).then(|| static_file(mount.files, &serve.soft_404)).flatten() {
                // The CMS answers its error page with 200, as if the page existed.
                Some((n, f)) => (n, f, "200 OK"),
                None => {
                    headers.push(("content-type".into(), "text/html; charset=utf-8".into()));
                    write_response(&mut s, "404 Not Found", &headers, NOT_FOUND_PAGE.as_bytes()).await?;
                    continue;
                }
            },
        };
        let ct = match serve.content_types.get(&name) {
            Some(t) => t.as_str(),
            None if name.ends_with(".gz") => "application/x-gzip",
            None if name.ends_with(".pdf") => "application/pdf",
            None => content_type(&name),
        };
        let mut body = with_root(file.contents().to_vec(), ct, &format!("{root}/"));
        // A `.gz` file is kept as text in the repository (its addresses filled in like any
        // other) and compressed when served.
        if name.ends_with(".gz") && !body.starts_with(&[0x1f, 0x8b]) {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&body)?;
            body = enc.finish()?;
        }
        // A page may declare its own charset in a first-line comment: <!-- charset: windows-1258 -->.
        let ct = if name.ends_with(".html") && body.starts_with(b"<!-- charset: windows-1258 -->") {
            "text/html; charset=windows-1258".to_string()
        } else {
            ct.to_string()
        };
        headers.push(("content-type".into(), ct.clone()));
        headers.push(("cache-control".into(), "max-age=300".into()));
        if serve.gzip && req.accepts_gzip && (ct.starts_with("text/") || ct.contains("xml")) {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&body)?;
            body = enc.finish()?;
            headers.push(("content-encoding".into(), "gzip".into()));
        }
        write_response(&mut s, status, &headers, &body).await?;
    }
    Ok(())
}

fn same_path(serve: &Serve, a: &str, b: &str) -> bool {
    if serve.ignore_case {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// The file a request names: through the routes when some route names its path, else by path
/// (any case when the portal ignores case).
fn find_file(mount: &Mount, path: &str, params: &[(String, String)]) -> Option<(String, &'static include_dir::File<'static>)> {
    let serve = &mount.spec.serve;
    let mut routed = false;
    let mut best: Option<(usize, &String)> = None;
    for (key, file) in &serve.routes {
        let (rpath, rquery) = key.split_once('?').unwrap_or((key.as_str(), ""));
        if !same_path(serve, rpath, path) {
            continue;
        }
        routed = true;
        let wanted = parse_params(rquery);
        // A route without a query serves only the bare path (`/index.php`), never `?id=99`.
        let matches = if wanted.is_empty() { params.is_empty() } else { wanted.iter().all(|w| params.contains(w)) };
        if matches && best.is_none_or(|(n, _)| wanted.len() > n) {
            best = Some((wanted.len(), file));
        }
    }
    if routed {
        return best.and_then(|(_, f)| static_file(mount.files, f));
    }
    let rel = ttdt_core::text::percent_decode(path.trim_start_matches('/'));
    static_file(mount.files, &rel).or_else(|| {
        if !serve.ignore_case {
            return None;
        }
        let want = rel.trim_end_matches('/').to_lowercase();
        let mut all = Vec::new();
        walk(mount.files, &mut all);
        let base = mount.files.path().to_path_buf();
        all.into_iter().find_map(|f| {
            let name = f.path().strip_prefix(&base).ok()?.display().to_string();
            let lower = name.to_lowercase();
            (lower == want || lower == format!("{want}/index.html")).then_some((name, f))
        })
    })
}

fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    out.extend(dir.files());
    for d in dir.dirs() {
        walk(d, out);
    }
}

/// The text of a page between the markers: tags, scripts and styles removed, a few entities
/// decoded, whitespace collapsed.
fn page_text(html: &str, from: &str, to: &str) -> String {
    let start = if from.is_empty() { None } else { html.find(from) };
    let region = match start {
        Some(i) => {
            let rest = &html[i..];
            match (!to.is_empty()).then(|| rest.find(to)).flatten() {
                Some(j) => &rest[..j],
                None => rest,
            }
        }
        None => html,
    };
    let mut out = String::with_capacity(region.len());
    let mut rest = region;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = &rest[i..];
        let lower = rest.get(..8).unwrap_or("").to_ascii_lowercase();
        let close = if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else {
            ">"
        };
        match rest.to_ascii_lowercase().find(close) {
            Some(j) => rest = &rest[j + close.len()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    let decoded = out.replace("&nbsp;", " ").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The address a page is reached at: its route when one serves it, else its path.
fn page_url(serve: &Serve, name: &str) -> String {
    if let Some((key, _)) = serve.routes.iter().find(|(_, f)| f.as_str() == name) {
        return key.clone();
    }
    match name.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{name}"),
    }
}

/// The results page of a search for `words` over the portal's pages.
fn search_page(mount: &Mount, search: &Search, words: &str, root: &str) -> String {
    let serve = &mount.spec.serve;
    let words = words.trim();
    let needle = ttdt_core::text::fold_marked(words);
    let plain = ttdt_core::text::strip_marks(&needle) == needle;
    let mut files = Vec::new();
    walk(mount.files, &mut files);
    let base = mount.files.path().to_path_buf();
    let mut items = Vec::new();
    for f in files {
        let Ok(name) = f.path().strip_prefix(&base).map(|p| p.display().to_string()) else { continue };
        let page = [".html", ".aspx", ".php"].iter().any(|e| name.ends_with(e));
        if !page || name == search.page || name == serve.soft_404 || search.skip.contains(&name) || serve.content_types.contains_key(&name) {
            continue;
        }
        let html = String::from_utf8_lossy(f.contents());
        let text = page_text(&html, &search.index_from, &search.index_to);
        let folded = ttdt_core::text::fold_marked(&text);
        // Words typed without diacritics find pages written with them, as CMS search engines do.
        let hit = !needle.is_empty()
            && (folded.contains(&needle) || (plain && ttdt_core::text::strip_marks(&folded).contains(&needle)));
        if !hit {
            continue;
        }
        let title = html
            .find("<title>")
            .and_then(|i| html[i + 7..].find("</title>").map(|j| page_text(&html[i + 7..i + 7 + j], "", "")))
            .unwrap_or_default();
        let title = title.rsplit_once(" | ").or_else(|| title.rsplit_once(" - ")).map_or(title.as_str(), |(t, _)| t).to_string();
        let lower = text.to_lowercase();
        let at = lower.find(&words.to_lowercase()).map_or(0, |b| lower[..b].chars().count());
        let snippet: String = text.chars().skip(at.saturating_sub(60)).take(180).collect();
        items.push(
            search
                .item
                .replace("{{url}}", &escape(&page_url(serve, &name)))
                .replace("{{title}}", &escape(&title))
                .replace("{{snippet}}", &escape(&snippet)),
        );
    }
    items.truncate(20);
    let results = if items.is_empty() { search.empty.clone() } else { items.join("\n") };
    let template = static_file(mount.files, &search.page).map(|(_, f)| String::from_utf8_lossy(f.contents()).into_owned()).unwrap_or_default();
    let page = template.replace("{{query}}", &escape(words)).replace("{{count}}", &items.len().to_string()).replace("{{results}}", &results);
    String::from_utf8_lossy(&with_root(page.into_bytes(), "text/html", root)).into_owned()
}
