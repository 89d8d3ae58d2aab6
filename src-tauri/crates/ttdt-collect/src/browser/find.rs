//! Finding a Chromium-based browser: the configured path, `TTDT_CHROME`, the usual names on
//! `PATH`, then the usual install paths on Windows and macOS.

use std::path::{Path, PathBuf};

const NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable"];

fn is_file(p: &Path) -> bool {
    p.is_file()
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join(name);
        if is_file(&candidate) {
            return Some(candidate);
        }
        if cfg!(windows) {
            let exe = dir.join(format!("{name}.exe"));
            if is_file(&exe) {
                return Some(exe);
            }
        }
    }
    None
}

fn install_paths() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if cfg!(windows) {
        for var in ["ProgramFiles", "ProgramFiles(x86)", "LocalAppData"] {
            if let Some(base) = std::env::var_os(var).map(PathBuf::from) {
                out.push(base.join(r"Google\Chrome\Application\chrome.exe"));
                out.push(base.join(r"Chromium\Application\chrome.exe"));
                out.push(base.join(r"Microsoft\Edge\Application\msedge.exe"));
            }
        }
    }
    if cfg!(target_os = "macos") {
        for app in [
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
        ] {
            out.push(PathBuf::from(app));
            if let Some(home) = dirs::home_dir() {
                out.push(home.join(app.trim_start_matches('/')));
            }
        }
    }
    out
}

/// The browser to launch, or why there is none (English, for the log and the evidence).
pub fn find_browser(configured: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = configured {
        return if is_file(p) { Ok(p.to_path_buf()) } else { Err(format!("configured browser {} does not exist", p.display())) };
    }
    if let Some(p) = std::env::var_os("TTDT_CHROME").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        return if is_file(&p) { Ok(p) } else { Err(format!("TTDT_CHROME={} does not exist", p.display())) };
    }
    NAMES
        .iter()
        .find_map(|n| on_path(n))
        .or_else(|| install_paths().into_iter().find(|p| is_file(p)))
        .ok_or_else(|| format!("no browser found (TTDT_CHROME, {} on PATH, usual install paths)", NAMES.join(", ")))
}
