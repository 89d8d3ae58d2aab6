//! Launching the browser with a fresh temporary profile, and the guard that kills it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::Stop;
use ttdt_snapshot::BrowserStatus;

/// A running browser. Dropping it kills the browser, its process group and any process still
/// naming the profile folder, then removes the folder.
pub struct BrowserProcess {
    child: Child,
    pub profile_dir: PathBuf,
    /// The browser-level DevTools WebSocket address.
    pub ws_url: String,
}

fn fresh_profile_dir() -> std::io::Result<PathBuf> {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("ttdt-chrome-{}-{}-{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The flags every launch uses (the profile folder and the debugging port are added): headless
/// without a sandbox or GPU, and every default of Lighthouse's launcher (chrome-launcher's
/// `DEFAULT_FLAGS`), so a page loads as it does under Lighthouse. One of them matters to the
/// timings: with `RenderDocument` on, each navigation commits a new document that is laid out at
/// once, before its viewport tag is read (980 px wide under mobile emulation), and resized when the
/// tag is read; the trace then shows a layout in the task that commits the navigation, which the
/// simulation takes as the first paint's layout.
pub const FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,CalculateNativeWinOcclusion,InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,AutofillServerCommunication,PrivacySandboxSettings4,RenderDocument",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--metrics-recording-only",
    "--disable-default-apps",
    "--mute-audio",
    "--no-default-browser-check",
    "--no-first-run",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-ipc-flooding-protection",
    "--password-store=basic",
    "--use-mock-keychain",
    "--force-fieldtrials=*BackgroundTracing/default/",
    "--disable-hang-monitor",
    "--disable-prompt-on-repost",
    "--disable-domain-reliability",
    "--propagate-iph-for-testing",
    "--remote-debugging-port=0",
];

impl BrowserProcess {
    pub fn launch(path: &Path, ignore_certificate_errors: bool, stop: Stop<'_>) -> Result<BrowserProcess, (BrowserStatus, String)> {
        let dir = fresh_profile_dir().map_err(|e| (BrowserStatus::LaunchFailed, format!("cannot create a profile folder: {e}")))?;
        let mut cmd = Command::new(path);
        cmd.args(FLAGS).arg(format!("--user-data-dir={}", dir.display()));
        if ignore_certificate_errors {
            cmd.arg("--ignore-certificate-errors");
        }
        cmd.arg("about:blank").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
            // If this process dies without unwinding (SIGKILL), the kernel kills the browser.
            #[cfg(target_os = "linux")]
            // SAFETY: prctl is async-signal-safe and is the only call made between fork and exec.
            unsafe {
                cmd.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
                    Ok(())
                });
            }
        }
        let child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err((BrowserStatus::LaunchFailed, format!("cannot start {}: {e}", path.display())));
            }
        };
        // From here on the guard owns the process: every return below kills it.
        let mut guard = BrowserProcess { child, profile_dir: dir, ws_url: String::new() };
        let port_file = guard.profile_dir.join("DevToolsActivePort");
        let until = stop.until(Duration::from_secs(20));
        loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    if let Ok(port) = port.trim().parse::<u16>() {
                        guard.ws_url = format!("ws://127.0.0.1:{port}{}", path.trim());
                        return Ok(guard);
                    }
                }
            }
            if let Ok(Some(status)) = guard.child.try_wait() {
                return Err((BrowserStatus::LaunchFailed, format!("the browser exited at start ({status})")));
            }
            if stop.cancelled() {
                return Err((BrowserStatus::Cancelled, "cancelled".into()));
            }
            if Instant::now() >= until {
                return Err((BrowserStatus::LaunchFailed, "the browser did not open its DevTools port in time".into()));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn kill_all(&mut self) {
        #[cfg(unix)]
        {
            let pid = self.child.id() as libc::pid_t;
            // SAFETY: kill(2) with a negative pid signals the process group the browser leads
            // (it was started with `process_group(0)`); it touches no memory.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Helpers that left the group still name the profile folder on their command line.
        #[cfg(target_os = "linux")]
        for pid in processes_naming(&self.profile_dir) {
            // SAFETY: as above, a signal to one process id.
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
        }
    }
}

impl Drop for BrowserProcess {
    fn drop(&mut self) {
        self.kill_all();
        for _ in 0..20 {
            match std::fs::remove_dir_all(&self.profile_dir) {
                Ok(()) => break,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
}

/// Process ids whose command line mentions `needle` (Linux only; empty elsewhere).
pub fn processes_naming(needle: &Path) -> Vec<u32> {
    let mut out = Vec::new();
    let needle = needle.to_string_lossy().into_owned();
    let Ok(dir) = std::fs::read_dir("/proc") else { return out };
    let me = std::process::id();
    for entry in dir.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        if pid == me {
            continue;
        }
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            if String::from_utf8_lossy(&cmdline).contains(&needle) {
                out.push(pid);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::FLAGS;

    #[test]
    fn the_browser_starts_headless_with_render_document_off_and_no_flag_twice() {
        // What the flags do to a load is shown in real Chromium (`load.rs`: no layout before the
        // page's HTML is read); here, what would silently undo them.
        for flag in ["--headless=new", "--no-sandbox", "--remote-debugging-port=0"] {
            assert!(FLAGS.contains(&flag), "{flag} is missing");
        }
        let mut seen = std::collections::HashSet::new();
        for flag in FLAGS {
            assert!(seen.insert(flag.split('=').next().unwrap()), "{flag} is given twice: Chromium keeps the last one");
        }
        let features = FLAGS.iter().find_map(|f| f.strip_prefix("--disable-features=")).expect("a --disable-features flag");
        assert!(features.split(',').any(|f| f == "RenderDocument"), "{features}");
    }
}
