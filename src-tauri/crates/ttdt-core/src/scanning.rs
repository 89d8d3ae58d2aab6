//! Running automated checks for a campaign's sites: collect each site, keep its snapshot, judge it
//! and record the findings as the tool's results. The store is locked only to read the sites and
//! to write each site's results, so the app stays usable during a long run.

use std::sync::Mutex;

use futures_util::{stream, StreamExt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checks;
use crate::collect::{self, CancelToken, CollectConfig, Fetcher, ScanTarget};
use crate::domain::Site;
use crate::error::{Error, Result};
use crate::checks::bind;
use crate::snapshot::{FetchStatus, Snapshot};
use crate::storage::Store;

/// What a progress event says of its site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "bindings.ts")]
pub enum ScanEvent {
    /// The site's collection began: pages are being fetched (and measured in a browser).
    Started,
    /// The site was collected; its findings are being judged and recorded.
    Judging,
    /// The site is finished: `status`, `recorded` and `error` say how it went.
    Done,
}

/// Progress of a scan run: each site is reported when it starts, when it is judged and when it
/// is done, so the window can show which sites are running from the first second.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct ScanProgress {
    pub event: ScanEvent,
    /// What is happening to the site, in Vietnamese ("Đang tải các trang", …).
    pub phase_label: String,
    /// Sites finished so far.
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
    #[ts(type = "number")]
    pub site_id: i64,
    pub agency_name: String,
    /// How collection went; known once the site is collected.
    pub status: Option<FetchStatus>,
    pub status_label: String,
    /// Results recorded for the site.
    #[ts(type = "number")]
    pub recorded: usize,
    /// Why the site's results could not be recorded (e.g. the evaluation is finalised).
    pub error: Option<String>,
    pub cancelled: bool,
}

impl ScanProgress {
    /// The site could not be fetched, or its results could not be recorded.
    pub fn failed(&self) -> bool {
        self.event == ScanEvent::Done && (self.status != Some(FetchStatus::Ok) || self.error.is_some())
    }
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

/// Scans sites, `concurrency` at a time, calling `progress` as each starts, is judged and ends. With a browser, page loads
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
    let collecting = if config.browser.is_some() { "Đang tải các trang và đo tốc độ tải" } else { "Đang tải các trang" };
    let fetcher = Fetcher::new(config)?;
    let rt = collect::runtime()?;
    let total = sites.len();
    let mut summary = ScanSummary { scanned: 0, unreachable: 0, recorded: 0, cancelled: false };
    let clock = lock(store).clock_handle();
    let event = |event, phase_label: &str, done, site: &Site| ScanProgress {
        event,
        phase_label: phase_label.to_string(),
        done,
        total,
        site_id: site.id,
        agency_name: site.agency_name.clone(),
        status: None,
        status_label: String::new(),
        recorded: 0,
        error: None,
        cancelled: cancel.is_cancelled(),
    };
    rt.block_on(async {
        // Each site says when it starts; the loop reports starts as they come and finished
        // sites as they end, so a slow first site does not leave the window at "0/N".
        let (started_tx, mut started) = tokio::sync::mpsc::unbounded_channel::<usize>();
        let now = || clock.now();
        let now = &now;
        let fetcher = &fetcher;
        let mut runs = stream::iter(targets.into_iter().enumerate().map(move |(i, t)| {
            let started_tx = started_tx.clone();
            async move {
                let _ = started_tx.send(i);
                (i, collect::collect_site(fetcher, &t, now(), cancel).await)
            }
        }))
        .buffer_unordered(concurrency.max(1));
        loop {
            let next = tokio::select! {
                biased;
                Some(i) = started.recv() => {
                    progress(&event(ScanEvent::Started, collecting, summary.scanned, &sites[i]));
                    continue;
                }
                next = runs.next() => next,
            };
            let Some((i, snap)) = next else { break };
            // A start not yet reported (the site finished at once) is reported first.
            while let Ok(j) = started.try_recv() {
                progress(&event(ScanEvent::Started, collecting, summary.scanned, &sites[j]));
            }
            let site = &sites[i];
            let cancelled = cancel.is_cancelled();
            if snap.status != FetchStatus::Ok {
                summary.unreachable += 1;
            }
            if !cancelled {
                progress(&event(ScanEvent::Judging, "Đang chấm và ghi kết quả", summary.scanned, site));
            }
            summary.scanned += 1;
            let mut p = event(ScanEvent::Done, "Xong", summary.scanned, site);
            p.status = Some(snap.status);
            p.status_label = snap.status.label_vi().to_string();
            p.cancelled = cancelled;
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
        }
    });
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

    /// A loopback address where nothing listens: connections are refused at once.
    fn closed_port_url() -> String {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{port}/")
    }

    fn two_unreachable_sites(store: &mut Store) -> Vec<i64> {
        use crate::domain::{Level, NewCampaign, SiteInput};
        let c = store
            .create_campaign(&NewCampaign { name: "Tiến độ".into(), year: 2026, framework_id: crate::framework::DEFAULT_FRAMEWORK_ID.into() })
            .unwrap();
        ["Sở Tư pháp", "Sở Y tế"]
            .iter()
            .map(|name| {
                let input = SiteInput { agency_name: (*name).into(), level: Level::ProvincialDepartment, block: String::new(), url: closed_port_url(), parent_site_id: None };
                store.add_site(c.id, &input).unwrap().id
            })
            .collect()
    }

    #[test]
    fn each_site_is_reported_when_it_starts_is_judged_and_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let ids = two_unreachable_sites(&mut store);
        let store = Mutex::new(store);
        for concurrency in [1, 2] {
            let mut events: Vec<ScanProgress> = Vec::new();
            let summary = scan_sites(&store, &ids, CollectConfig::default(), concurrency, &CancelToken::default(), |p| events.push(p.clone())).unwrap();
            assert_eq!((summary.scanned, summary.unreachable), (2, 2), "{summary:?}");
            assert_eq!(events[0].event, ScanEvent::Started, "the first event names a running site");
            assert_eq!(events[0].done, 0);
            assert!(!events[0].phase_label.is_empty());
            for id in &ids {
                let kinds: Vec<ScanEvent> = events.iter().filter(|e| e.site_id == *id).map(|e| e.event).collect();
                assert_eq!(kinds, [ScanEvent::Started, ScanEvent::Judging, ScanEvent::Done], "site {id}, concurrency {concurrency}");
            }
            let done: Vec<&ScanProgress> = events.iter().filter(|e| e.event == ScanEvent::Done).collect();
            assert_eq!(done.iter().map(|e| e.done).collect::<Vec<_>>(), [1, 2]);
            // Refused connections are failures the window must not show as success.
            assert!(done.iter().all(|e| e.failed() && e.status.is_some_and(|s| s != FetchStatus::Ok)), "{done:?}");
            if concurrency == 1 {
                let order: Vec<(i64, ScanEvent)> = events.iter().map(|e| (e.site_id, e.event)).collect();
                assert_eq!(order[2], (ids[0], ScanEvent::Done));
                assert_eq!(order[3], (ids[1], ScanEvent::Started), "one at a time: the second starts after the first ends");
            }
        }
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
