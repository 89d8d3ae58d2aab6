//! Page-load metrics measured in a real headless Chromium over the DevTools protocol.
//!
//! A measurement launches the browser once with a fresh temporary profile, loads the page
//! `runs` times (each load in its own browser context, cache disabled, fixed viewport), and keeps
//! every load with its time and the medians: FCP, LCP, Speed Index (from screencast frames, as
//! Lighthouse's speedline computes it), Total Blocking Time, the longest main-thread task, CLS,
//! TTFB, bytes and requests. From the first load it also keeps the rendered HTML, a PNG screenshot
//! and the horizontal overflow at 360 px.
//!
//! The browser process (and its process group) is killed on every path: a guard does it on drop,
//! so a timeout, a crash, a cancel or a panic all end with no browser left behind. Measurements
//! run one at a time per process by default ([`BrowserConfig::max_parallel`]), since parallel
//! loads on a small machine distort each other's timings.
//!
//! The national profile judges the page as the national evaluation most likely measures it
//! (Lighthouse's default run): a mobile device, and a slow 4G network and CPU. By default those
//! are simulated ([`Method::Simulate`], `simulate.rs`): each load runs unthrottled while its
//! requests and main-thread tasks are recorded (a performance trace), and the metrics are
//! estimated on a model of the slow load. [`Method::Devtools`] applies the throttling in the
//! browser instead. The run says which method produced its figures.
//!
//! [`PdfPrinter`] prints the app's own documents (the evaluation report) to PDF with the same
//! launch and guard.
//!
//! This is collection code (it launches processes and reads clocks); the checks that judge its
//! results stay pure.

mod cdp;
mod find;
mod load;
mod pdf;
mod process;
pub mod simulate;
pub mod speed_index;
mod trace;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use ttdt_snapshot::{BrowserRun, BrowserStatus};

pub use find::find_browser;
pub use pdf::{print_pdf, PdfPrinter, MARGINS_MM};

pub use ttdt_snapshot::Profile;

/// Network and CPU throttling applied to every load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Throttling {
    pub name: String,
    /// Added round-trip latency.
    pub latency_ms: f64,
    pub download_kbps: f64,
    pub upload_kbps: f64,
    /// CPU slowdown factor (1 = none).
    pub cpu_slowdown: f64,
}

impl Throttling {
    /// Lighthouse's presets: "mobile-slow4g" (150 ms, 1.6 Mbit/s, CPU ×4) and "desktop-dense4g"
    /// (40 ms, 10 Mbit/s, no CPU slowdown).
    pub fn preset(name: &str) -> Option<Throttling> {
        let (latency_ms, download_kbps, upload_kbps, cpu_slowdown) = match name {
            "mobile-slow4g" => (150.0, 1638.4, 750.0, 4.0),
            "desktop-dense4g" => (40.0, 10240.0, 10240.0, 1.0),
            _ => return None,
        };
        Some(Throttling { name: name.to_string(), latency_ms, download_kbps, upload_kbps, cpu_slowdown })
    }
}

/// How the figures of a throttled load are obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// As the page loaded, with no throttling.
    Observed,
    /// Network and CPU throttling applied by the browser during the load.
    Devtools,
    /// Estimated from an unthrottled load on a model of the throttled network and CPU.
    Simulate,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim().to_ascii_lowercase().as_str() {
            "observed" | "provided" => Some(Method::Observed),
            "devtools" | "applied" => Some(Method::Devtools),
            "simulate" | "simulated" => Some(Method::Simulate),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Method::Observed => "observed",
            Method::Devtools => "devtools",
            Method::Simulate => "simulate",
        }
    }
}

/// Settings of a browser measurement.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct BrowserConfig {
    /// The browser to use; else `TTDT_CHROME`, then the usual names and install paths.
    pub chrome_path: Option<PathBuf>,
    /// Loads of the page; the verdicts use the medians.
    pub runs: usize,
    pub profile: Profile,
    /// The throttling; the national profile's is "mobile-slow4g" when none is given.
    pub throttling: Option<Throttling>,
    /// How throttling is done; by default the national profile simulates it, and the others
    /// apply a given throttling or measure the load as observed.
    pub method: Option<Method>,
    /// Hard limit of one load, from navigation to the metrics read.
    pub load_budget_ms: u64,
    /// Hard limit of the whole measurement (launch, every load, the extras).
    pub page_budget_ms: u64,
    /// After the load event, FCP, and no network activity, frame or long task for this long, the
    /// load is taken as finished.
    pub quiet_ms: u64,
    /// The longest wait after the load event for the page to become quiet (a page that animates
    /// for ever is measured as it is then).
    pub max_wait_after_load_ms: u64,
    /// Browser measurements at the same time in this process.
    pub max_parallel: usize,
    /// Passes `--ignore-certificate-errors` (only for test certificate authorities).
    pub ignore_certificate_errors: bool,
    /// Keep the rendered HTML, the screenshot and the 360 px overflow from the first load.
    pub capture_page: bool,
}

impl Default for BrowserConfig {
    fn default() -> Self {
        BrowserConfig {
            chrome_path: None,
            runs: 3,
            profile: Profile::default(),
            throttling: None,
            method: None,
            load_budget_ms: 30_000,
            page_budget_ms: 150_000,
            quiet_ms: 1_000,
            max_wait_after_load_ms: 10_000,
            max_parallel: 1,
            ignore_certificate_errors: false,
            capture_page: true,
        }
    }
}

impl BrowserConfig {
    /// The method and the throttling this configuration measures with.
    pub fn resolved(&self) -> (Method, Option<Throttling>) {
        let throttling = match (&self.throttling, self.profile) {
            (Some(t), _) => Some(t.clone()),
            (None, Profile::National) => Throttling::preset("mobile-slow4g"),
            (None, Profile::Mobile) if self.method.is_some_and(|m| m != Method::Observed) => Throttling::preset("mobile-slow4g"),
            (None, Profile::Desktop) if self.method.is_some_and(|m| m != Method::Observed) => Throttling::preset("desktop-dense4g"),
            (None, _) => None,
        };
        let method = match (self.method, &throttling) {
            (Some(Method::Observed), _) | (_, None) => Method::Observed,
            (Some(m), Some(_)) => m,
            (None, Some(_)) if self.profile == Profile::National => Method::Simulate,
            (None, Some(_)) => Method::Devtools,
        };
        let throttling = if method == Method::Observed { None } else { throttling };
        (method, throttling)
    }
}

/// A deadline and a cancel flag, checked by every wait of a measurement.
#[derive(Clone, Copy)]
pub(crate) struct Stop<'a> {
    pub cancel: &'a AtomicBool,
    pub deadline: Instant,
}

impl Stop<'_> {
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
    pub fn expired(&self) -> bool {
        Instant::now() >= self.deadline
    }
    pub fn until(&self, d: Duration) -> Instant {
        (Instant::now() + d).min(self.deadline)
    }
}

/// At most `max` measurements at once in this process.
struct Limiter {
    in_use: Mutex<usize>,
    freed: Condvar,
}

static LIMITER: Limiter = Limiter { in_use: Mutex::new(0), freed: Condvar::new() };

struct Permit;

impl Drop for Permit {
    fn drop(&mut self) {
        let mut n = LIMITER.in_use.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.saturating_sub(1);
        LIMITER.freed.notify_all();
    }
}

/// Waits for a free slot; only a cancel ends the wait (the measurement's budget starts after).
fn acquire(max: usize, cancel: &AtomicBool) -> Option<Permit> {
    let mut n = LIMITER.in_use.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        if *n < max.max(1) {
            *n += 1;
            return Some(Permit);
        }
        n = LIMITER.freed.wait_timeout(n, Duration::from_millis(100)).unwrap_or_else(|e| e.into_inner()).0;
    }
}

/// Measures a page. Blocking: call it from a blocking thread. Never fails: what went wrong is
/// the run's status. Setting `cancel` stops it within about 100 ms and kills the browser. The
/// page budget starts once the browser slot is free (waiting for it counts only in `duration_ms`).
pub fn measure(url: &str, cfg: &BrowserConfig, cancel: &AtomicBool) -> BrowserRun {
    let started = Instant::now();
    let profile = cfg.profile.name();
    let mut run = match find_browser(cfg.chrome_path.as_deref()) {
        Err(e) => BrowserRun::failed(url, profile, BrowserStatus::NotFound, e),
        Ok(path) => match acquire(cfg.max_parallel, cancel) {
            None => BrowserRun::failed(url, profile, BrowserStatus::Cancelled, "cancelled"),
            Some(_permit) => {
                let stop = Stop { cancel, deadline: Instant::now() + Duration::from_millis(cfg.page_budget_ms) };
                load::measure_with(&path, url, cfg, stop)
            }
        },
    };
    let (method, throttling) = cfg.resolved();
    run.throttling = throttling.map(|t| t.name);
    run.method = method.name().to_string();
    run.duration_ms = started.elapsed().as_millis() as u64;
    run
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// A flag set when the process gets SIGINT or SIGTERM (Unix), for callers in a terminal: passed
/// as the cancel flag of [`measure`], Ctrl-C ends the measurement and kills the browser instead of
/// leaving it behind. The handler is installed on the first call.
pub fn interrupt_flag() -> &'static AtomicBool {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        extern "C" fn on_signal(_: libc::c_int) {
            INTERRUPTED.store(true, Ordering::SeqCst);
        }
        ONCE.call_once(|| {
            let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
            unsafe {
                libc::signal(libc::SIGINT, handler);
                libc::signal(libc::SIGTERM, handler);
            }
        });
    }
    &INTERRUPTED
}

pub use ttdt_snapshot::{median, medians};

/// Total Blocking Time: the part over 50 ms of each main-thread task after FCP (a task that
/// straddles FCP counts from FCP), as Lighthouse computes it.
pub fn total_blocking_time(tasks: &[(f64, f64)], fcp_ms: f64) -> f64 {
    tasks
        .iter()
        .map(|&(start, dur)| {
            let end = start + dur;
            if end <= fcp_ms {
                return 0.0;
            }
            let clipped = end - start.max(fcp_ms);
            (clipped - 50.0).max(0.0)
        })
        .fold(0.0, |a, b| a + b)
}

/// Cumulative Layout Shift: the largest session window of shifts (gaps under 1 s, windows at most
/// 5 s long), shifts right after user input left out.
pub fn cumulative_layout_shift(shifts: &[(f64, f64, bool)]) -> f64 {
    let mut best: f64 = 0.0;
    let mut current = 0.0;
    let (mut first, mut last) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(t, value, _) in shifts.iter().filter(|s| !s.2) {
        if t - last < 1000.0 && t - first < 5000.0 {
            current += value;
        } else {
            current = value;
            first = t;
        }
        last = t;
        best = best.max(current);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn blocking_time_counts_from_fcp() {
        // A 700 ms task at 300 ms with FCP at 95 ms blocks 650 ms.
        assert_eq!(total_blocking_time(&[(300.0, 700.0)], 95.0), 650.0);
        // A task that ends before FCP does not count; one that straddles it counts from FCP.
        assert_eq!(total_blocking_time(&[(0.0, 90.0)], 95.0), 0.0);
        assert_eq!(total_blocking_time(&[(0.0, 200.0)], 100.0), 50.0);
    }

    #[test]
    fn layout_shift_session_windows() {
        let shifts = [(100.0, 0.05, false), (500.0, 0.05, false), (3000.0, 0.02, false), (3100.0, 0.5, true)];
        assert!((cumulative_layout_shift(&shifts) - 0.1).abs() < 1e-9);
        assert_eq!(cumulative_layout_shift(&[]), 0.0);
    }

    #[test]
    fn profiles_and_presets() {
        assert_eq!(Profile::parse("mobile").unwrap().viewport(), (412, 823, 1.75, true));
        assert_eq!(Profile::Desktop.viewport().0, 1350);
        assert_eq!(Throttling::preset("mobile-slow4g").unwrap().cpu_slowdown, 4.0);
        assert!(Throttling::preset("x").is_none());
        assert_eq!(Profile::National.viewport(), Profile::Mobile.viewport());
    }

    #[test]
    fn the_national_profile_simulates_slow_4g_unless_told_otherwise() {
        let national = BrowserConfig { profile: Profile::National, ..BrowserConfig::default() };
        assert_eq!(BrowserConfig::default().profile, Profile::National);
        let (m, t) = national.resolved();
        assert_eq!((m, t.unwrap().name.as_str()), (Method::Simulate, "mobile-slow4g"));
        let applied = BrowserConfig { method: Some(Method::Devtools), ..national.clone() };
        assert_eq!(applied.resolved().0, Method::Devtools);
        // Desktop and mobile load as observed unless a throttling or a method is asked for.
        let desktop = BrowserConfig { profile: Profile::Desktop, ..BrowserConfig::default() };
        assert_eq!(desktop.resolved(), (Method::Observed, None));
        let throttled = BrowserConfig { throttling: Throttling::preset("mobile-slow4g"), profile: Profile::Mobile, ..BrowserConfig::default() };
        assert_eq!(throttled.resolved().0, Method::Devtools);
        let simulated = BrowserConfig { method: Some(Method::Simulate), ..desktop };
        assert_eq!((simulated.resolved().0, simulated.resolved().1.unwrap().name), (Method::Simulate, "desktop-dense4g".to_string()));
        assert_eq!(Method::parse("simulate"), Some(Method::Simulate));
        assert_eq!(Method::parse("x"), None);
    }
}
