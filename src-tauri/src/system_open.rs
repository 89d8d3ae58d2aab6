//! Opening a document or a web address with the system's programs (the `opener` crate), and
//! saying so when nothing opens it.
//!
//! On Linux and the BSDs `opener` starts `xdg-open` and returns at once, so a machine with no
//! viewer would fail silently (and leave the process unreaped). There `xdg-open` is started here
//! and given a few seconds: an exit with an error (no program for the type) is reported; a viewer
//! still running after that is taken as opened, and a thread reaps it when it ends.

use std::ffi::OsStr;
use std::path::Path;

use ttdt_core::Error;

/// Opens a stored document with the system viewer.
pub fn document(path: &Path) -> Result<(), Error> {
    open(path.as_os_str()).map_err(|detail| Error::OpenFailed { path: path.to_path_buf(), detail })
}

/// Opens an http or https address in the system browser; any other address is refused.
pub fn link(url: &str) -> Result<(), Error> {
    let url = web_url(url)?;
    open(OsStr::new(&url)).map_err(|detail| Error::OpenLinkFailed { url, detail })
}

/// The address when it is a plain http or https one (sites, evidence and scan data come from
/// outside: a `file:` or `javascript:` address, or one with spaces or control characters, is refused).
fn web_url(url: &str) -> Result<String, Error> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'));
    if !host_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid("url", "not an http(s) address", "Chỉ mở được địa chỉ web bắt đầu bằng http:// hoặc https://."));
    }
    Ok(url.to_string())
}

#[cfg(all(unix, not(target_os = "macos")))]
fn open(target: &OsStr) -> Result<(), String> {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let mut child = match Command::new("xdg-open").arg(target).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn() {
        Ok(c) => c,
        // No xdg-open at all: let `opener` try its own copy of the script.
        Err(_) => return opener::open(target).map_err(|e| e.to_string()),
    };
    let deadline = Instant::now() + Duration::from_secs(4);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("xdg-open: {status}")),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) => {
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn open(target: &OsStr) -> Result<(), String> {
    opener::open(target).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_addresses_are_opened() {
        assert_eq!(web_url(" https://sonha.gov.vn/tin-tuc ").unwrap(), "https://sonha.gov.vn/tin-tuc");
        assert_eq!(web_url("HTTP://127.0.0.1:8080/").unwrap(), "HTTP://127.0.0.1:8080/");
        for bad in ["file:///etc/passwd", "javascript:alert(1)", "ftp://a.gov.vn", "https://", "http:///x", "https://a.gov.vn/ x", "sonha.gov.vn", ""] {
            let e = web_url(bad).unwrap_err();
            assert_eq!(e.code(), "invalid_input", "{bad}");
            assert!(e.user_message().contains("http://"), "{bad}");
        }
    }
}
