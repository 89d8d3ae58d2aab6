//! Running automated checks for a campaign's sites: collect each site, keep its snapshot, judge it
//! and record the findings as the tool's results. The store is locked only to read the sites and
//! to write each site's results, so the app stays usable during a long run.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks;
use crate::collect::{self, CancelToken, CollectConfig, Fetcher, ScanTarget};
use crate::domain::Site;
use crate::error::{Error, Result};
use crate::checks::bind;
use crate::snapshot::{FetchStatus, Snapshot};
use crate::storage::Store;

/// Progress of a scan run, after each site.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct ScanProgress {
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
    #[ts(type = "number")]
    pub site_id: i64,
    pub agency_name: String,
    pub status: FetchStatus,
    pub status_label: String,
    /// Results recorded for the site.
    #[ts(type = "number")]
    pub recorded: usize,
    /// Why the site's results could not be recorded (e.g. the evaluation is finalised).
    pub error: Option<String>,
    pub cancelled: bool,
}

/// The end of a scan run.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct ScanSummary {
    #[ts(type = "number")]
    pub scanned: usize,
    #[ts(type = "number")]
    pub unreachable: usize,
    #[ts(type = "number")]
    pub recorded: usize,
    pub cancelled: bool,
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|p| p.into_inner())
}

/// Judges a snapshot and records its findings for the site's campaign criteria that bind checks.
/// Returns how many results were recorded.
pub fn record_findings(store: &mut Store, site: &Site, snap: &Snapshot) -> Result<usize> {
    let findings = checks::judge_all(snap);
    let criteria = store.campaign_framework(site.campaign_id)?.criteria;
    let bound = bind(&findings, Some(&criteria));
    let mut n = 0;
    for (code, f) in bound {
        store.record_tool_result(site.id, &f.to_result(&code))?;
        n += 1;
    }
    Ok(n)
}

/// Scans sites, `concurrency` at a time, calling `progress` after each. With a browser, page loads
/// are measured with the profile the (first) site's campaign chose.
pub fn scan_sites(
    store: &Mutex<Store>,
    site_ids: &[i64],
    mut config: CollectConfig,
    concurrency: usize,
    cancel: &CancelToken,
    mut progress: impl FnMut(&ScanProgress),
) -> Result<ScanSummary> {
    let (sites, targets) = {
        let st = lock(store);
        let mut sites = Vec::new();
        let mut targets = Vec::new();
        for id in site_ids {
            let site = st.site(*id)?;
            let parent_url = match site.parent_site_id {
                Some(p) => st.site(p).ok().map(|p| p.url),
                None => None,
            };
            targets.push(ScanTarget { url: site.url.clone(), level: site.level, parent_url });
            sites.push(site);
        }
        // The campaign chooses the device its page loads are measured as.
        if let (Some(browser), Some(site)) = (config.browser.as_mut(), sites.first()) {
            browser.profile = st.campaign_browser_profile(site.campaign_id)?;
        }
        (sites, targets)
    };
    let fetcher = Fetcher::new(config)?;
    let rt = collect::runtime()?;
    let total = sites.len();
    let mut summary = ScanSummary { scanned: 0, unreachable: 0, recorded: 0, cancelled: false };
    let clock = lock(store).clock_handle();
    rt.block_on(collect::collect_many(&fetcher, targets, concurrency, || clock.now(), cancel, |i, snap| {
        let site = &sites[i];
        summary.scanned += 1;
        let cancelled = cancel.is_cancelled();
        let mut p = ScanProgress {
            done: summary.scanned,
            total,
            site_id: site.id,
            agency_name: site.agency_name.clone(),
            status: snap.status,
            status_label: snap.status.label_vi().to_string(),
            recorded: 0,
            error: None,
            cancelled,
        };
        if snap.status != FetchStatus::Ok {
            summary.unreachable += 1;
        }
        // A cancelled site's partial snapshot is not judged: nothing half-done is recorded.
        if !cancelled {
            let mut st = lock(store);
            let r = st.save_scan(site.id, &snap).and_then(|_| record_findings(&mut st, site, &snap));
            match r {
                Ok(n) => {
                    p.recorded = n;
                    summary.recorded += n;
                }
                Err(e) => {
                    log::warn!("scan of site {}: {e}", site.id);
                    p.error = Some(e.user_message());
                }
            }
        }
        progress(&p);
    }));
    summary.cancelled = cancel.is_cancelled();
    Ok(summary)
}

/// Sites the app scans at the same time.
pub const APP_SCAN_CONCURRENCY: usize = 16;

/// The app's scans: one at a time, cancellable from another thread.
#[derive(Default)]
pub struct ScanRunner {
    running: Mutex<Option<CancelToken>>,
}

/// The running scan's slot, freed when the run ends (or panics).
struct Running<'a> {
    runner: &'a ScanRunner,
    cancel: CancelToken,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *self.runner.slot() = None;
    }
}

impl ScanRunner {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<CancelToken>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes the slot, or refuses when a scan is running.
    fn begin(&self) -> Result<Running<'_>> {
        let mut slot = self.slot();
        if slot.is_some() {
            return Err(Error::ScanRunning);
        }
        let cancel = CancelToken::default();
        *slot = Some(cancel.clone());
        Ok(Running { runner: self, cancel })
    }

    /// Scans the sites with the app's settings ([`APP_SCAN_CONCURRENCY`]; page-load metrics in a
    /// browser when `browser`), blocking until done or cancelled. Refuses an empty selection and a
    /// second scan while one runs.
    pub fn run(&self, store: &Mutex<Store>, site_ids: &[i64], browser: bool, progress: impl FnMut(&ScanProgress)) -> Result<ScanSummary> {
        if site_ids.is_empty() {
            return Err(Error::NothingSelected);
        }
        let run = self.begin()?;
        let config = CollectConfig { browser: browser.then(crate::browser::BrowserConfig::default), ..Default::default() };
        scan_sites(store, site_ids, config, APP_SCAN_CONCURRENCY, &run.cancel, progress)
    }

    /// Asks the running scan to stop; sites already finished keep their results. False when none runs.
    pub fn cancel(&self) -> bool {
        self.slot().as_ref().map(CancelToken::cancel).is_some()
    }

    pub fn is_running(&self) -> bool {
        self.slot().is_some()
    }
}

/// Judges a site's stored snapshot again (after a framework or check change) without fetching.
pub fn rejudge_site(store: &mut Store, site_id: i64) -> Result<usize> {
    let site = store.site(site_id)?;
    let Some((_, snap)) = store.latest_snapshot(site_id)? else {
        return Err(Error::invalid("scan", "no stored scan", "Trang này chưa được kiểm tra tự động lần nào."));
    };
    record_findings(store, &site, &snap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_scan_at_a_time_and_the_slot_is_freed() {
        let runner = ScanRunner::default();
        assert!(!runner.cancel(), "nothing to cancel");
        let run = runner.begin().unwrap();
        assert!(runner.is_running());
        assert_eq!(runner.begin().err().map(|e| e.code()), Some("scan_running"));
        assert!(runner.cancel());
        assert!(run.cancel.is_cancelled());
        drop(run);
        assert!(!runner.is_running());
        let again = runner.begin().unwrap();
        assert!(!again.cancel.is_cancelled(), "a new run starts uncancelled");
    }

    #[test]
    fn an_empty_selection_is_refused_before_anything_runs() {
        let dir = tempfile::tempdir().unwrap();
        let store = Mutex::new(Store::open(dir.path().join("t.db")).unwrap());
        let runner = ScanRunner::default();
        let err = runner.run(&store, &[], false, |_| {}).unwrap_err();
        assert_eq!(err.code(), "nothing_selected");
        assert!(!runner.is_running());
    }
}
