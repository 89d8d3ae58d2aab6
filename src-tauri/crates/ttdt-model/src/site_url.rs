//! Site addresses: normalisation, validation and the key used to refuse duplicates.

use crate::error::{Error, Result, UrlProblem};

/// A validated, normalised site address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl {
    /// The address as stored and shown: scheme, lower-case host (IDNA), port only when not the default,
    /// path (at least "/"), query kept, fragment dropped.
    pub url: String,
    /// Scheme-less identity of the site used to refuse duplicates: `http://a.gov.vn/` and
    /// `https://A.gov.vn` are the same site.
    pub key: String,
}

/// Normalises what a user typed into a site address, or says why it cannot be one.
///
/// A missing scheme means `https://`, as every portal is required to serve HTTPS.
pub fn normalise(input: &str) -> Result<SiteUrl> {
    let trimmed = input.trim();
    let err = |reason| Error::InvalidUrl { input: trimmed.to_string(), reason };
    if trimmed.is_empty() {
        return Err(err(UrlProblem::Empty));
    }
    if trimmed.chars().any(char::is_whitespace) {
        return Err(err(UrlProblem::Unparsable));
    }
    let lower = trimmed.to_ascii_lowercase();
    let with_scheme = if lower.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let mut parsed = url::Url::parse(&with_scheme).map_err(|e| match e {
        url::ParseError::EmptyHost => err(UrlProblem::NoHost),
        _ => err(UrlProblem::Unparsable),
    })?;
    if parsed.scheme() != "http" && parsed.scheme() != "https" {
        return Err(err(UrlProblem::Scheme));
    }
    let host = match parsed.host_str() {
        Some(h) if !h.is_empty() => h.to_string(),
        _ => return Err(err(UrlProblem::NoHost)),
    };
    // A bare word like "https://portal" is almost always a typing slip; a real site has a dot
    // (or is an IP address / localhost used for local sample portals).
    let is_ip = matches!(parsed.host(), Some(url::Host::Ipv4(_)) | Some(url::Host::Ipv6(_)));
    if !is_ip && host != "localhost" && !host.contains('.') {
        return Err(err(UrlProblem::NoHost));
    }
    if host.starts_with('.') || host.ends_with("..") || host.contains("..") {
        return Err(err(UrlProblem::Unparsable));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(err(UrlProblem::Credentials));
    }
    parsed.set_fragment(None);
    if parsed.query() == Some("") {
        parsed.set_query(None);
    }
    let host_with_trailing_dot_removed = host.trim_end_matches('.').to_string();
    if host_with_trailing_dot_removed != host {
        parsed
            .set_host(Some(&host_with_trailing_dot_removed))
            .map_err(|_| err(UrlProblem::Unparsable))?;
    }
    let url = parsed.to_string();
    let mut key = String::new();
    key.push_str(parsed.host_str().unwrap_or_default());
    if let Some(port) = parsed.port() {
        key.push(':');
        key.push_str(&port.to_string());
    }
    let path = parsed.path().trim_end_matches('/');
    key.push_str(path);
    key.push('/');
    if let Some(q) = parsed.query() {
        key.push('?');
        key.push_str(q);
    }
    Ok(SiteUrl { url, key })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> SiteUrl {
        normalise(input).unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    fn problem(input: &str) -> UrlProblem {
        match normalise(input) {
            Err(Error::InvalidUrl { reason, .. }) => reason,
            other => panic!("{input}: expected invalid URL, got {other:?}"),
        }
    }

    #[test]
    fn adds_https_lowercases_host_and_drops_fragment() {
        let u = ok("  HaNoi.GOV.vn/gioi-thieu#top ");
        assert_eq!(u.url, "https://hanoi.gov.vn/gioi-thieu");
        assert_eq!(u.key, "hanoi.gov.vn/gioi-thieu/");
    }

    #[test]
    fn root_gets_a_slash_and_default_port_is_dropped() {
        assert_eq!(ok("https://mic.gov.vn:443").url, "https://mic.gov.vn/");
        assert_eq!(ok("http://127.0.0.1:8080").url, "http://127.0.0.1:8080/");
    }

    #[test]
    fn http_and_https_of_the_same_site_share_a_key() {
        assert_eq!(ok("http://mic.gov.vn").key, ok("https://MIC.gov.vn/").key);
        assert_ne!(ok("https://mic.gov.vn").key, ok("https://mst.gov.vn").key);
        assert_ne!(ok("http://127.0.0.1:1/a/").key, ok("http://127.0.0.1:1/b/").key);
    }

    #[test]
    fn vietnamese_host_becomes_punycode() {
        let u = ok("https://hànội.vn");
        assert!(u.url.starts_with("https://xn--"), "{}", u.url);
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(problem(""), UrlProblem::Empty);
        assert_eq!(problem("   "), UrlProblem::Empty);
        assert_eq!(problem("ftp://mic.gov.vn"), UrlProblem::Scheme);
        assert_eq!(problem("javascript:alert(1)"), UrlProblem::Unparsable);
        assert_eq!(problem("https://"), UrlProblem::NoHost);
        assert_eq!(problem("không phải url"), UrlProblem::Unparsable);
        assert_eq!(problem("https://user:pw@mic.gov.vn"), UrlProblem::Credentials);
        assert_eq!(problem("portal"), UrlProblem::NoHost);
        assert_eq!(problem("https://a..gov.vn"), UrlProblem::Unparsable);
    }
}
