//! One HTTP client per scan run, and the fetch of one resource within the limits.

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::CollectConfig;
use ttdt_model::error::{Error, Result};
use ttdt_snapshot::html::charset_from_content_type;
use ttdt_snapshot::{FetchStatus, Page, PageKind};

/// The HTTP client of a scan run, with its limits. Cheap to share between tasks.
pub struct Fetcher {
    client: reqwest::Client,
    config: CollectConfig,
    roots: Arc<rustls::RootCertStore>,
    /// Pages parsed at the same time, across the sites in flight: one per core, so that parsing
    /// neither waits on the network's runtime nor holds many documents in memory at once.
    parsing: tokio::sync::Semaphore,
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

impl Fetcher {
    pub fn new(config: CollectConfig) -> Result<Fetcher> {
        let mut roots = rustls::RootCertStore::empty();
        let native = rustls_native_certs::load_native_certs();
        if !native.errors.is_empty() {
            log::warn!("some system certificates could not be loaded: {:?}", native.errors.len());
        }
        roots.add_parsable_certificates(native.certs);
        for pem in &config.extra_ca_pem {
            let mut reader = std::io::BufReader::new(pem.as_bytes());
            let certs: Vec<_> = rustls_pemfile::certs(&mut reader).filter_map(|c| c.ok()).collect();
            if certs.is_empty() {
                return Err(Error::invalid("ca_cert", "no certificate in PEM", "Tệp chứng chỉ CA không chứa chứng chỉ nào (cần định dạng PEM)."));
            }
            for c in certs {
                roots.add(c).map_err(|e| {
                    Error::invalid("ca_cert", format!("bad CA certificate: {e}"), "Chứng chỉ CA không hợp lệ.")
                })?;
            }
        }
        let roots = Arc::new(roots);
        let tls = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Scanner(format!("tls config: {e}")))?
            .with_root_certificates(roots.clone())
            .with_no_client_auth();
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(config.user_agent.clone())
            .connect_timeout(Duration::from_millis(config.request_timeout_ms.min(10_000)))
            .pool_max_idle_per_host(config.per_host.max(1))
            .no_proxy();
        for (host, addrs) in &config.resolve {
            // IPv4 first, so that a stub AAAA answer never decides where requests go.
            let mut list: Vec<SocketAddr> = addrs.iter().map(|a| SocketAddr::new(*a, 0)).collect();
            list.sort_by_key(|a| a.is_ipv6());
            builder = builder.resolve_to_addrs(host, &list);
        }
        let client = builder.build().map_err(|e| Error::Scanner(format!("http client: {e}")))?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Fetcher { client, config, roots, parsing: tokio::sync::Semaphore::new(cores) })
    }

    pub fn config(&self) -> &CollectConfig {
        &self.config
    }

    pub fn tls_roots(&self) -> Arc<rustls::RootCertStore> {
        self.roots.clone()
    }

    /// A slot to parse a page in (see `parsing`).
    pub(crate) async fn parse_slot(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        self.parsing.acquire().await.ok()
    }

    /// The addresses a host name connects to (the fixed table first).
    pub async fn addresses(&self, host: &str, port: u16) -> Vec<SocketAddr> {
        if let Ok(ip) = host.trim_matches(['[', ']']).parse::<IpAddr>() {
            return vec![SocketAddr::new(ip, port)];
        }
        if let Some(fixed) = self.config.resolve.get(host) {
            let mut v: Vec<SocketAddr> = fixed.iter().map(|a| SocketAddr::new(*a, port)).collect();
            v.sort_by_key(|a| a.is_ipv6());
            return v;
        }
        tokio::net::lookup_host((host, port)).await.map(|it| it.collect()).unwrap_or_default()
    }

    /// Fetches a resource, following redirects (up to the limit) and retrying network errors.
    pub async fn fetch(&self, url: &str, kind: PageKind, deadline: Instant) -> Page {
        self.follow(url, None, kind, deadline).await
    }

    /// Posts a form body (`application/x-www-form-urlencoded`) as a browser submits a form, then
    /// follows redirects as [`Fetcher::fetch`] does (with GET, except after a 307 or 308).
    pub async fn submit(&self, url: &str, form_body: &str, kind: PageKind, deadline: Instant) -> Page {
        self.follow(url, Some(form_body), kind, deadline).await
    }

    async fn follow(&self, url: &str, form_body: Option<&str>, kind: PageKind, deadline: Instant) -> Page {
        let mut current = url.to_string();
        let mut redirects: Vec<String> = Vec::new();
        let mut body = form_body;
        loop {
            let mut page = self.fetch_with_retries(&current, body, kind, deadline).await;
            if let (Some(s), Some(loc)) = (page.http_status, page.header("location").map(str::to_string)) {
                if (300..400).contains(&s) {
                    // Only 307 and 308 ask the client to send the same request again.
                    if !matches!(s, 307 | 308) {
                        body = None;
                    }
                    let next = url::Url::parse(&current).and_then(|u| u.join(&loc)).map(|u| u.to_string());
                    let Ok(next) = next else {
                        page.url = url.to_string();
                        page.redirects = redirects;
                        page.status = FetchStatus::HttpError;
                        page.error = Some(format!("bad redirect location: {loc}"));
                        return page;
                    };
                    redirects.push(current.clone());
                    if redirects.len() > self.config.max_redirects || redirects.contains(&next) {
                        let mut p = Page::failed(url, kind, FetchStatus::TooManyRedirects, format!("redirects: {}", redirects.len()));
                        redirects.push(next);
                        p.redirects = redirects;
                        return p;
                    }
                    current = next;
                    continue;
                }
            }
            // A `<meta http-equiv="refresh" content="0; url=…">` stub is a redirect a browser follows
            // at once: follow it too, under the same cap.
            if page.ok() && page.is_html() {
                if let Some(next) = url::Url::parse(&current).ok().and_then(|u| ttdt_snapshot::stub::meta_refresh(&page.body, &u)) {
                    let next = next.to_string();
                    body = None;
                    redirects.push(current.clone());
                    if redirects.len() > self.config.max_redirects || redirects.contains(&next) {
                        let mut p = Page::failed(url, kind, FetchStatus::TooManyRedirects, format!("redirects: {} (meta refresh)", redirects.len()));
                        redirects.push(next);
                        p.redirects = redirects;
                        return p;
                    }
                    current = next;
                    continue;
                }
            }
            page.url = url.to_string();
            page.redirects = redirects;
            return page;
        }
    }

    async fn fetch_with_retries(&self, url: &str, form_body: Option<&str>, kind: PageKind, deadline: Instant) -> Page {
        let mut attempt = 0;
        loop {
            // A search posted again on a network error changes nothing on the site.
            let page = self.send_once(url, form_body, kind, deadline).await;
            let retry = matches!(page.status, FetchStatus::NetworkError | FetchStatus::Refused)
                && attempt < self.config.retries
                && Instant::now() + Duration::from_millis(200) < deadline;
            if !retry {
                return page;
            }
            attempt += 1;
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// One request, no redirect followed.
    pub async fn fetch_once(&self, url: &str, kind: PageKind, deadline: Instant) -> Page {
        self.send_once(url, None, kind, deadline).await
    }

    /// One GET, or one POST of `form_body`, no redirect followed.
    async fn send_once(&self, url: &str, form_body: Option<&str>, kind: PageKind, deadline: Instant) -> Page {
        let now = Instant::now();
        if now >= deadline {
            return Page::failed(url, kind, FetchStatus::BudgetExceeded, "site time budget spent");
        }
        let timeout = Duration::from_millis(self.config.request_timeout_ms).min(deadline - now);
        match tokio::time::timeout(timeout, self.request(url, form_body, kind, now)).await {
            Ok(page) => page,
            Err(_) => {
                let status = if deadline - now <= Duration::from_millis(self.config.request_timeout_ms) {
                    FetchStatus::BudgetExceeded
                } else {
                    FetchStatus::Timeout
                };
                let mut p = Page::failed(url, kind, status, format!("no complete answer in {} ms", timeout.as_millis()));
                p.total_ms = Some(timeout.as_millis() as u64);
                p
            }
        }
    }

    async fn request(&self, url: &str, form_body: Option<&str>, kind: PageKind, started: Instant) -> Page {
        let req = match form_body {
            Some(b) => self.client.post(url).header("content-type", "application/x-www-form-urlencoded").body(b.to_string()),
            None => self.client.get(url),
        };
        let req = req.header("accept-encoding", "gzip, deflate").header("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").header("accept-language", "vi,en;q=0.5");
        let mut resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return Page::failed(url, kind, classify(&e), error_chain(&e)),
        };
        let ttfb = started.elapsed().as_millis() as u64;
        let status = resp.status().as_u16();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let header = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        let content_type = header("content-type");
        let encoding = header("content-encoding").map(|e| e.trim().to_ascii_lowercase()).filter(|e| e != "identity");
        let max = self.config.max_body_bytes;
        let mut wire: Vec<u8> = Vec::new();
        let mut truncated = false;
        let mut read_error = None;
        // Redirect and error bodies are not needed: skip them.
        let mut reading = !(300..400).contains(&status);
        while reading {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    let room = max - wire.len();
                    if chunk.len() > room {
                        wire.extend_from_slice(&chunk[..room]);
                        truncated = true;
                        reading = false;
                        continue;
                    }
                    wire.extend_from_slice(&chunk);
                }
                Ok(None) => reading = false,
                Err(e) => {
                    read_error = Some((classify(&e), error_chain(&e)));
                    reading = false;
                }
            }
        }
        if let Some((st, msg)) = read_error {
            let mut p = Page::failed(url, kind, st, msg);
            p.http_status = Some(status);
            p.headers = headers;
            return p;
        }
        let wire_bytes = wire.len() as u64;
        // A sitemap or feed served as a `.gz` file is gzip without a Content-Encoding.
        let gz_file = encoding.is_none() && matches!(kind, PageKind::Sitemap | PageKind::Feed) && wire.starts_with(&[0x1f, 0x8b]);
        let (bytes, inflated) = match encoding.as_deref() {
            Some("gzip") | Some("x-gzip") => inflate(flate2::read::MultiGzDecoder::new(&wire[..]), max),
            _ if gz_file => inflate(flate2::read::MultiGzDecoder::new(&wire[..]), max),
            Some("deflate") => {
                // "deflate" is zlib-wrapped by the standard, raw in some servers.
                let (z, how) = inflate(flate2::read::ZlibDecoder::new(&wire[..]), max);
                if z.is_empty() && !wire.is_empty() { inflate(flate2::read::DeflateDecoder::new(&wire[..]), max) } else { (z, how) }
            }
            _ => (wire, Inflated::Whole),
        };
        truncated |= inflated == Inflated::Cut;
        let incomplete = match &inflated {
            Inflated::Broken(e) => Some(format!("the compressed body ended early or is corrupt after {} bytes: {e}", bytes.len())),
            _ => None,
        };
        let sha256 = ttdt_model::text::hex(&Sha256::digest(&bytes));
        let (body, charset, source, decode_errors) = decode(&bytes, content_type.as_deref());
        let is_html = content_type.as_deref().map_or(true, |t| t.contains("html"));
        let st = if incomplete.is_some() {
            FetchStatus::Incomplete
        } else if truncated {
            FetchStatus::TooLarge
        } else if matches!(kind, PageKind::Home) && !is_html {
            FetchStatus::NotHtml
        } else {
            FetchStatus::Ok
        };
        Page {
            url: url.to_string(),
            final_url: url.to_string(),
            kind,
            status: st,
            http_status: Some(status),
            headers,
            redirects: Vec::new(),
            content_type,
            charset: Some(charset),
            charset_source: Some(source),
            decode_errors,
            body,
            truncated,
            wire_bytes,
            body_bytes: bytes.len() as u64,
            content_encoding: encoding,
            sha256,
            ttfb_ms: Some(ttfb),
            total_ms: Some(started.elapsed().as_millis() as u64),
            error: incomplete,
            script_target: None,
        }
    }

    /// The status of a link, reading no body.
    pub async fn head(&self, url: &str, deadline: Instant) -> (FetchStatus, Option<u16>) {
        let now = Instant::now();
        if now >= deadline {
            return (FetchStatus::BudgetExceeded, None);
        }
        let timeout = Duration::from_millis(self.config.request_timeout_ms).min(deadline - now);
        let mut current = url.to_string();
        for _ in 0..=self.config.max_redirects {
            let r = tokio::time::timeout(timeout, self.client.get(&current).send()).await;
            match r {
                Err(_) => return (FetchStatus::Timeout, None),
                Ok(Err(e)) => return (classify(&e), None),
                Ok(Ok(resp)) => {
                    let s = resp.status().as_u16();
                    if (300..400).contains(&s) {
                        if let Some(next) = resp
                            .headers()
                            .get("location")
                            .and_then(|l| l.to_str().ok())
                            .and_then(|l| url::Url::parse(&current).ok()?.join(l).ok())
                        {
                            current = next.to_string();
                            continue;
                        }
                    }
                    return (FetchStatus::Ok, Some(s));
                }
            }
        }
        (FetchStatus::TooManyRedirects, None)
    }
}

/// How a compressed body inflated.
#[derive(Debug, PartialEq)]
enum Inflated {
    /// To the end of its stream.
    Whole,
    /// Cut at the size limit (a bomb, or a very large page).
    Cut,
    /// The stream ended early or is corrupt: what came out is only part of the page.
    Broken(String),
}

fn inflate(mut r: impl Read, max: usize) -> (Vec<u8>, Inflated) {
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return (out, Inflated::Whole),
            Ok(n) => {
                if out.len() + n > max {
                    out.extend_from_slice(&buf[..max - out.len()]);
                    return (out, Inflated::Cut);
                }
                out.extend_from_slice(&buf[..n]);
            }
            Err(e) => return (out, Inflated::Broken(e.to_string())),
        }
    }
}

/// Decodes a body: the charset from the header, else a BOM, else a `<meta>` in the first 2 KB,
/// else UTF-8 when valid, else windows-1258 (the legacy Vietnamese code page).
fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, String, String, bool) {
    let (enc, source) = if let Some((e, _)) = encoding_rs::Encoding::for_bom(bytes) {
        (e, "bom")
    } else if let Some(e) = content_type.and_then(charset_from_content_type).and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())) {
        (e, "header")
    } else if let Some(e) = meta_charset(bytes).and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())) {
        (e, "meta")
    } else if std::str::from_utf8(bytes).is_ok() {
        (encoding_rs::UTF_8, "sniffed")
    } else {
        (encoding_rs::WINDOWS_1258, "sniffed")
    };
    let (text, used, errors) = enc.decode(bytes);
    (text.into_owned(), used.name().to_ascii_lowercase(), source.to_string(), errors)
}

fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let i = head.find("charset=")?;
    let rest = &head[i + 8..];
    let v: String = rest.trim_start_matches(['"', '\'']).chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    (!v.is_empty()).then_some(v)
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

fn classify(e: &reqwest::Error) -> FetchStatus {
    let chain = error_chain(e).to_ascii_lowercase();
    if e.is_timeout() || chain.contains("timed out") {
        FetchStatus::Timeout
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake") {
        FetchStatus::TlsError
    } else if chain.contains("dns") || chain.contains("lookup") || chain.contains("resolve") {
        FetchStatus::DnsFailure
    } else if chain.contains("refused") {
        FetchStatus::Refused
    } else {
        FetchStatus::NetworkError
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn a_compressed_body_cut_short_is_broken_not_whole() {
        let page = "<html><body>".to_string() + &"<p>Ủy ban nhân dân tỉnh Sơn Hà</p>".repeat(2000) + "</body></html>";
        let z = gzip(page.as_bytes());
        let (whole, how) = inflate(flate2::read::MultiGzDecoder::new(&z[..]), 1 << 20);
        assert_eq!((whole.len(), how), (page.len(), Inflated::Whole));
        let (part, how) = inflate(flate2::read::MultiGzDecoder::new(&z[..z.len() / 2]), 1 << 20);
        assert!(matches!(how, Inflated::Broken(_)) && part.len() < page.len(), "{how:?}");
        let mut zl = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        zl.write_all(page.as_bytes()).unwrap();
        let zl = zl.finish().unwrap();
        let (_, how) = inflate(flate2::read::ZlibDecoder::new(&zl[..zl.len() - 10]), 1 << 20);
        assert!(matches!(how, Inflated::Broken(_)), "{how:?}");
        let (_, how) = inflate(flate2::read::MultiGzDecoder::new(&z[..]), 1000);
        assert_eq!(how, Inflated::Cut);
    }
}
