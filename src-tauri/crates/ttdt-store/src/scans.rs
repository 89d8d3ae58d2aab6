//! The `scan` table: snapshots of automated scans, compressed, newest last.

use std::io::{Read, Write};

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{log_change, Change, Store};
use ttdt_model::error::{Error, Result};
use ttdt_snapshot::{FetchStatus, SampledPage, Snapshot};

/// What the app shows of a site's last scan.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct ScanInfo {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub site_id: i64,
    pub started_at: String,
    #[ts(type = "number")]
    pub duration_ms: u64,
    pub status: FetchStatus,
    pub status_label: String,
    pub sample: Vec<SampledPage>,
    pub notes: Vec<String>,
    /// The homepage as the browser rendered it (PNG, base64), when the load was measured.
    pub screenshot_png_base64: Option<String>,
}

/// Snapshots kept per site unless the setting says otherwise: a hostile site's snapshot can weigh
/// tens of MB, so old ones are not kept for ever.
pub const DEFAULT_SCANS_KEPT: u32 = 3;
/// The values the setting may take.
pub const SCANS_KEPT_RANGE: std::ops::RangeInclusive<u32> = 1..=100;
const SCANS_KEPT_KEY: &str = "scans_kept_per_site";

fn corrupt(detail: impl Into<String>) -> Error {
    Error::Scanner(format!("stored snapshot unreadable: {}", detail.into()))
}

impl Store {
    /// The profile a campaign measures page loads with (national unless the campaign chose desktop
    /// or mobile).
    pub fn campaign_browser_profile(&self, campaign_id: i64) -> Result<ttdt_snapshot::Profile> {
        let name: String = self
            .conn
            .query_row("SELECT browser_profile FROM campaign WHERE id = ?1", [campaign_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "campaign", key: campaign_id.to_string() })?;
        Ok(ttdt_snapshot::Profile::parse(&name).unwrap_or_default())
    }

    /// Chooses the profile a campaign measures page loads with: "national", "desktop" or "mobile".
    pub fn set_campaign_browser_profile(&mut self, campaign_id: i64, profile: &str) -> Result<ttdt_snapshot::Profile> {
        self.campaign(campaign_id)?;
        let p = ttdt_snapshot::Profile::parse(profile).ok_or_else(|| {
            Error::invalid("profile", format!("unknown profile {profile:?}"), "Cấu hình đo chỉ có thể là chuẩn đánh giá quốc gia (national), máy tính (desktop) hoặc di động (mobile).")
        })?;
        let before = self.campaign_browser_profile(campaign_id)?;
        let tx = crate::write_tx(&mut self.conn)?;
        tx.execute("UPDATE campaign SET browser_profile = ?1 WHERE id = ?2", params![p.name(), campaign_id])?;
        if before != p {
            let change = Change::new("campaign", campaign_id, "browser_profile").before(Some(before.name().into())).after(Some(p.name().into()));
            log_change(&tx, &self.clock.stamp(), &self.actor, change)?;
        }
        tx.commit()?;
        Ok(p)
    }

    /// Keeps a scan's snapshot; returns its id.
    pub fn save_scan(&mut self, site_id: i64, snap: &Snapshot) -> Result<i64> {
        let json = serde_json::to_vec(snap).map_err(|e| Error::Scanner(e.to_string()))?;
        let sha = ttdt_model::text::hex(&Sha256::digest(&json));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&json).map_err(|e| Error::Scanner(e.to_string()))?;
        let blob = gz.finish().map_err(|e| Error::Scanner(e.to_string()))?;
        let status = serde_json::to_value(snap.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let started = snap.started_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        let now = self.clock.stamp();
        let kept = self.scans_kept_per_site()?;
        let tx = crate::write_tx(&mut self.conn)?;
        tx.execute(
            "INSERT INTO scan (site_id, started_at, duration_ms, status, snapshot_gz, snapshot_sha256, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![site_id, started, snap.duration_ms as i64, status, blob, sha, now],
        )?;
        let id = tx.last_insert_rowid();
        // Older snapshots go, but for the last `kept` and the one a finalised evaluation was
        // judged on (the newest before it was finalised).
        tx.execute(
            "DELETE FROM scan WHERE site_id = ?1
               AND id NOT IN (SELECT id FROM scan WHERE site_id = ?1 ORDER BY id DESC LIMIT ?2)
               AND id IS NOT (SELECT s.id FROM scan s JOIN evaluation e ON e.site_id = s.site_id
                               WHERE s.site_id = ?1 AND e.status = 'finalised' AND s.created_at <= e.status_at
                               ORDER BY s.id DESC LIMIT 1)",
            params![site_id, kept as i64],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// How many snapshots are kept per site (setting `scans_kept_per_site`, default
    /// [`DEFAULT_SCANS_KEPT`]).
    pub fn scans_kept_per_site(&self) -> Result<u32> {
        Ok(self.setting(SCANS_KEPT_KEY)?.and_then(|v| v.parse::<u32>().ok()).filter(|n| SCANS_KEPT_RANGE.contains(n)).unwrap_or(DEFAULT_SCANS_KEPT))
    }

    /// Sets how many snapshots are kept per site, within [`SCANS_KEPT_RANGE`]; applies from the
    /// next scan of each site.
    pub fn set_scans_kept_per_site(&mut self, n: u32) -> Result<u32> {
        let (min, max) = (*SCANS_KEPT_RANGE.start(), *SCANS_KEPT_RANGE.end());
        if !SCANS_KEPT_RANGE.contains(&n) {
            return Err(Error::invalid("scans_kept", format!("{n} out of {min}..={max}"), format!("Số lần quét giữ lại cho mỗi trang phải từ {min} đến {max}.")));
        }
        self.set_setting(SCANS_KEPT_KEY, &n.to_string())?;
        Ok(n)
    }

    /// The newest snapshot of a site, with its scan id.
    pub fn latest_snapshot(&self, site_id: i64) -> Result<Option<(i64, Snapshot)>> {
        let row: Option<(i64, Vec<u8>, String)> = self
            .conn
            .query_row(
                "SELECT id, snapshot_gz, snapshot_sha256 FROM scan WHERE site_id = ?1 ORDER BY id DESC LIMIT 1",
                [site_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((id, blob, sha)) = row else { return Ok(None) };
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(&blob[..]).read_to_end(&mut json).map_err(|e| corrupt(e.to_string()))?;
        if ttdt_model::text::hex(&Sha256::digest(&json)) != sha {
            return Err(corrupt("checksum mismatch"));
        }
        let snap: Snapshot = serde_json::from_slice(&json).map_err(|e| corrupt(e.to_string()))?;
        Ok(Some((id, snap)))
    }

    /// The last scan of a site, as the app shows it.
    pub fn last_scan(&self, site_id: i64) -> Result<Option<ScanInfo>> {
        Ok(self.latest_snapshot(site_id)?.map(|(id, s)| ScanInfo {
            id,
            site_id,
            started_at: s.started_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
            duration_ms: s.duration_ms,
            status: s.status,
            status_label: s.status.label_vi().to_string(),
            sample: s.sample(),
            screenshot_png_base64: s.browser.as_ref().and_then(|b| b.screenshot_png_base64.clone()),
            notes: s.notes,
        }))
    }
}
