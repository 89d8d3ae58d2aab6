//! The evaluation report of a site ("báo cáo kết quả đánh giá") as a PDF an agency can sign in
//! its e-office system, with the Excel scorecard as its annex.
//!
//! The report is HTML in the layout of administrative documents (Decree 30/2020/NĐ-CP: the
//! issuing body and the national motto side by side, number, place and date, title, body,
//! recipients and signature), printed by the headless browser the app already drives. Its scores
//! come from the same `CampaignScores` as the scorecard, so the two documents agree. Every text
//! that came from a site or a person is escaped.
//!
//! The store is held only while a report's data is read, never while the browser prints, so the
//! app stays usable during a campaign-wide batch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::browser::PdfPrinter;
use crate::campaign_scores::{CampaignScores, Letterhead};
use crate::domain::{AuditEntry, Campaign, CriterionGroup, Outcome, ResultMode, Site};
use crate::error::{Error, Result};
use crate::scoring::{ScoreCard, Standing};
use crate::storage::files::{self, Destination};
use crate::storage::Store;

/// Reading from the store, whether the caller owns it (the command line) or shares it behind a
/// lock (the app): a lock is held only for one read.
pub trait StoreAccess {
    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T>;
}

impl StoreAccess for Store {
    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        f(self)
    }
}

impl StoreAccess for Mutex<Store> {
    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        f(&self.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// One criterion as the report lists it.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub code: String,
    pub group_code: String,
    pub title: String,
    pub legal_basis: String,
    pub outcome: Option<Outcome>,
    pub standing: Standing,
    pub points: f64,
    pub max: f64,
    /// A short account of the evidence (who decided, what was found).
    pub evidence: String,
}

/// The change log of the evaluation, summed up.
#[derive(Debug, Clone, Default)]
pub struct AuditSummary {
    pub changes: usize,
    /// Results the automated checks recorded.
    pub by_tool: usize,
    pub last: Option<AuditEntry>,
    /// People who decided, attached documents or changed the status, with their count of changes.
    pub reviewers: Vec<(String, usize)>,
}

/// Everything a site's report shows, read from the store.
#[derive(Debug, Clone)]
pub struct SiteReport {
    /// Issuer, place, date, signatories and the versions of what produced the figures.
    pub head: Letterhead,
    pub campaign: Campaign,
    pub site: Site,
    pub groups: Vec<CriterionGroup>,
    pub card: ScoreCard,
    pub rows: Vec<ReportRow>,
    /// The homepage as the browser rendered it in the last scan (PNG, base64).
    pub screenshot_png_base64: Option<String>,
    /// When the last scan started (RFC 3339), and the browser that measured it.
    pub scanned_at: Option<String>,
    pub browser_version: Option<String>,
    pub audit: AuditSummary,
    /// The file name of the scorecard this report has as its annex.
    pub annex_name: String,
}

impl SiteReport {
    /// Reads a site's report; `data` is its campaign's scores (read once for a batch).
    pub fn read(store: &Store, data: &CampaignScores, head: &Letterhead, site_id: i64) -> Result<SiteReport> {
        let index = data.site_index(site_id).ok_or_else(|| Error::NotFound { entity: "site", key: site_id.to_string() })?;
        let site = data.sites[index].clone();
        let card = data.scores[index].card.clone();
        let rows = data
            .criteria
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let score = card.criteria.iter().find(|s| s.code == c.code);
                let result = data.result_at(index, j);
                let mut evidence = result.map(|r| ttdt_export::evidence_summary(&r)).unwrap_or_default();
                if let Some(note) = result.filter(|r| r.mode != ResultMode::Automatic).map(|r| r.note.trim()).filter(|n| !n.is_empty()) {
                    evidence = format!("{evidence}. Ghi chú: {note}");
                }
                ReportRow {
                    code: c.code.clone(),
                    group_code: c.group_code.clone(),
                    title: c.title.clone(),
                    legal_basis: c
                        .legal_basis
                        .iter()
                        .map(|l| if l.article.is_empty() { l.text.clone() } else { format!("{}, {}", l.text, l.article) })
                        .collect::<Vec<_>>()
                        .join("; "),
                    outcome: score.and_then(|s| s.outcome),
                    standing: score.map(|s| s.standing).unwrap_or(Standing::Blocking),
                    points: score.map(|s| s.points).unwrap_or(0.0),
                    max: score.map(|s| s.max).unwrap_or(c.points),
                    evidence: crate::text::clip(&evidence, 220),
                }
            })
            .collect();
        // An unreadable stored scan costs the report its screenshot, not the report.
        let scan = store.latest_snapshot(site_id).unwrap_or_else(|e| {
            log::warn!("report of site {site_id}: {e}");
            None
        });
        let browser = scan.as_ref().and_then(|(_, s)| s.browser.as_ref());
        Ok(SiteReport {
            head: head.clone(),
            campaign: data.campaign.clone(),
            groups: data.groups.clone(),
            card,
            rows,
            screenshot_png_base64: browser.and_then(|b| b.screenshot_png_base64.clone()).filter(|b| is_base64(b)),
            scanned_at: scan.as_ref().and_then(|(_, s)| s.started_at.format(&time::format_description::well_known::Rfc3339).ok()),
            browser_version: browser.and_then(|b| b.version.clone()),
            audit: audit_summary(&store.audit_trail(site_id, None)?),
            annex_name: crate::exports::scorecard_name(&site),
            site,
        })
    }

    /// The report's file name: `bao-cao-danh-gia-<id>-<host>.pdf`.
    pub fn file_name(&self) -> String {
        format!("bao-cao-danh-gia-{}-{}.pdf", self.site.id, crate::exports::file_host(&self.site.url))
    }

    /// The report as one HTML document (no external resource).
    pub fn html(&self) -> String {
        html::document(self)
    }
}

fn is_base64(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

fn audit_summary(entries: &[AuditEntry]) -> AuditSummary {
    let by_tool = entries.iter().filter(|e| e.field == "tool_outcome").count();
    let mut people: BTreeMap<&str, usize> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.field != "tool_outcome" && !e.actor.trim().is_empty()) {
        *people.entry(e.actor.trim()).or_default() += 1;
    }
    AuditSummary {
        changes: entries.len(),
        by_tool,
        last: entries.last().cloned(),
        reviewers: people.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    }
}

/// How reports are made: the header's issuer and place (default: the campaign's settings) and the
/// browser to print with (default: `TTDT_CHROME`, then the usual names and install paths).
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub chrome: Option<PathBuf>,
}

impl ReportOptions {
    fn letterhead(&self, store: &Store, campaign_id: i64) -> Result<Letterhead> {
        crate::exports::letterhead(store, campaign_id, self.issuer.as_deref(), self.place.as_deref())
    }
}

/// Writes the report of one site as PDF (to a chosen file, or under its name in a folder);
/// returns the file. Nothing is written when the browser is missing or fails.
pub fn save_report(store: &impl StoreAccess, site_id: i64, to: &Destination, opts: &ReportOptions) -> Result<PathBuf> {
    let report = store.read(|s| {
        let site = s.site(site_id)?;
        let data = s.campaign_scores(site.campaign_id)?;
        SiteReport::read(s, &data, &opts.letterhead(s, site.campaign_id)?, site_id)
    })?;
    let cancel = AtomicBool::new(false);
    let pdf = crate::browser::print_pdf(&report.html(), opts.chrome.as_deref(), &cancel)?;
    let path = to.path(&report.file_name());
    files::write_atomic(&path, &pdf)?;
    Ok(path)
}

/// Progress of a batch of reports, after each site.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct ReportProgress {
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
    #[ts(type = "number")]
    pub site_id: i64,
    pub agency_name: String,
    /// The file written, when it was.
    pub path: Option<String>,
    /// Why this site's report was not written (Vietnamese).
    pub error: Option<String>,
}

/// The end of a batch of reports.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings.ts")]
pub struct ReportBatch {
    pub dir: String,
    #[ts(type = "number")]
    pub written: usize,
    #[ts(type = "number")]
    pub failed: usize,
    pub cancelled: bool,
}

/// Writes one PDF report per site of a campaign into `dir`, with one browser for the whole batch.
/// The campaign is scored once; `progress` is called after each site; setting `cancel` stops
/// before the next site (reports already written stay). A missing browser fails the batch before
/// anything is written; a site whose report fails is reported and the batch goes on.
pub fn save_all_reports(
    store: &impl StoreAccess,
    campaign_id: i64,
    dir: &Path,
    opts: &ReportOptions,
    cancel: &AtomicBool,
    mut progress: impl FnMut(&ReportProgress),
) -> Result<ReportBatch> {
    let (data, head) = store.read(|s| Ok((s.campaign_scores(campaign_id)?, opts.letterhead(s, campaign_id)?)))?;
    let chrome = opts.chrome.as_deref();
    let mut printer = PdfPrinter::launch(chrome, cancel)?;
    let total = data.sites.len();
    let mut batch = ReportBatch { dir: dir.display().to_string(), written: 0, failed: 0, cancelled: false };
    for (i, site) in data.sites.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            batch.cancelled = true;
            break;
        }
        let written = store.read(|s| SiteReport::read(s, &data, &head, site.id)).and_then(|report| {
            let pdf = printer.print(&report.html(), cancel)?;
            let path = dir.join(report.file_name());
            files::write_atomic(&path, &pdf)?;
            Ok(path)
        });
        let mut p = ReportProgress { done: i + 1, total, site_id: site.id, agency_name: site.agency_name.clone(), path: None, error: None };
        match written {
            Ok(path) => {
                batch.written += 1;
                p.path = Some(path.display().to_string());
            }
            Err(e) if cancel.load(Ordering::Relaxed) => {
                log::info!("report of site {} cancelled: {e}", site.id);
                batch.cancelled = true;
                break;
            }
            Err(e) => {
                log::warn!("report of site {}: {e}", site.id);
                batch.failed += 1;
                p.error = Some(e.user_message());
                // A browser that crashed would fail every later report: start a fresh one.
                if matches!(e, Error::Pdf(_)) {
                    printer = PdfPrinter::launch(chrome, cancel)?;
                }
            }
        }
        progress(&p);
    }
    Ok(batch)
}

/// The app's report batches: one at a time, cancellable from another thread.
#[derive(Default)]
pub struct ReportRunner {
    cancel: Mutex<Option<std::sync::Arc<AtomicBool>>>,
}

impl ReportRunner {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<std::sync::Arc<AtomicBool>>> {
        self.cancel.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs [`save_all_reports`], refusing a second batch while one runs.
    pub fn run(
        &self,
        store: &Mutex<Store>,
        campaign_id: i64,
        dir: &Path,
        progress: impl FnMut(&ReportProgress),
    ) -> Result<ReportBatch> {
        let flag = {
            let mut slot = self.slot();
            if slot.is_some() {
                return Err(Error::invalid("reports", "a report batch is running", "Đang xuất báo cáo PDF; hãy chờ xong hoặc hủy lượt đó."));
            }
            let flag = std::sync::Arc::new(AtomicBool::new(false));
            *slot = Some(flag.clone());
            flag
        };
        struct Free<'a>(&'a ReportRunner);
        impl Drop for Free<'_> {
            fn drop(&mut self) {
                *self.0.slot() = None;
            }
        }
        let _free = Free(self);
        save_all_reports(store, campaign_id, dir, &ReportOptions::default(), &flag, progress)
    }

    /// Asks the running batch to stop after the current site; false when none runs.
    pub fn cancel(&self) -> bool {
        self.slot().as_ref().map(|f| f.store(true, Ordering::Relaxed)).is_some()
    }
}

mod html {
    //! The report's HTML. Every text from a site or a person goes through `esc`.

    use std::fmt::Write;

    use super::SiteReport;
    use crate::domain::Outcome;
    use crate::scoring::Standing;

    const STYLE: &str = include_str!("report.css");

    /// HTML-escapes text for element content and quoted attributes.
    pub fn esc(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                // Control characters have no place in a printed document.
                c if c.is_control() && c != '\n' && c != '\t' => {}
                c => out.push(c),
            }
        }
        out
    }

    /// A number as Vietnamese documents write it: at most two decimals, a decimal comma.
    pub fn num(x: f64) -> String {
        let s = format!("{:.2}", (x * 100.0).round() / 100.0);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        let s = if s == "-0" { "0" } else { s };
        s.replace('.', ",")
    }

    fn percent(p: Option<f64>) -> String {
        match p {
            Some(p) => format!("{}%", format!("{:.1}", p).replace('.', ",")),
            None => "—".to_string(),
        }
    }

    /// "HH:MM ngày dd/mm/yyyy" in Vietnam's time, from an RFC 3339 stamp (as stored when unreadable).
    pub fn when(stamp: &str) -> String {
        use time::format_description::well_known::Rfc3339;
        match time::OffsetDateTime::parse(stamp, &Rfc3339) {
            Ok(t) => {
                let t = t.to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
                format!("{:02}:{:02} ngày {:02}/{:02}/{}", t.hour(), t.minute(), t.day(), u8::from(t.month()), t.year())
            }
            Err(_) => stamp.to_string(),
        }
    }

    /// Decree 30 writes a zero before days under 10 and before months 1 and 2; an empty place is
    /// left as dots to fill by hand.
    pub fn date_line(place: &str, (d, m, y): (u8, u8, i32)) -> String {
        let month = if m < 3 { format!("{m:02}") } else { m.to_string() };
        let place = if place.trim().is_empty() { "……" } else { place };
        format!("{place}, ngày {d:02} tháng {month} năm {y}")
    }

    fn field_vi(field: &str) -> &str {
        match field {
            "tool_outcome" => "kết quả của công cụ",
            "outcome" => "kết quả",
            "points" => "điểm",
            "note" => "ghi chú",
            "checklist" => "danh mục kiểm tra",
            "resolves" => "xử lý thay đổi của công cụ",
            "status" => "trạng thái",
            "attached" => "đính kèm tài liệu",
            "detached" => "gỡ tài liệu",
            "created" => "tạo mới",
            "restored" => "khôi phục",
            other => other,
        }
    }

    pub fn document(r: &SiteReport) -> String {
        let mut h = String::with_capacity(64 * 1024);
        let title = format!("Báo cáo kết quả đánh giá — {}", r.site.agency_name);
        let _ = write!(
            h,
            "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\
             <title>{}</title><style>{STYLE}</style></head><body>",
            esc(&title)
        );
        letterhead(&mut h, r);
        general(&mut h, r);
        summary(&mut h, r);
        criteria(&mut h, r);
        screenshot(&mut h, r);
        people(&mut h, r);
        versions(&mut h, r);
        signature(&mut h, r);
        h.push_str("</body></html>");
        h
    }

    fn letterhead(h: &mut String, r: &SiteReport) {
        let _ = write!(
            h,
            "<table class=\"head\"><colgroup><col style=\"width:40%\"><col style=\"width:60%\"></colgroup><tr>\
             <td><div class=\"issuer\">{}</div><div class=\"rule short\"></div><div class=\"number\">Số: &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/BC-ĐGTTĐT</div></td>\
             <td><div class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class=\"motto\">Độc lập - Tự do - Hạnh phúc</div><div class=\"rule long\"></div>\
             <div class=\"date\">{}</div></td></tr></table>",
            esc(&r.head.issuer.to_uppercase()),
            esc(&date_line(&r.head.place, r.head.date))
        );
        let _ = write!(
            h,
            "<h1>BÁO CÁO<br>KẾT QUẢ ĐÁNH GIÁ CỔNG/TRANG THÔNG TIN ĐIỆN TỬ</h1><p class=\"subtitle\">{}</p>\
             <p class=\"basis\">Căn cứ Thông tư số 22/2023/TT-BTTTT và Nghị định số 224/2026/NĐ-CP</p>",
            esc(&r.site.agency_name),
        );
    }

    fn general(h: &mut String, r: &SiteReport) {
        let version = Some(r.head.versions.framework_version.as_str()).filter(|v| !v.is_empty()).map(|v| format!(", phiên bản {}", esc(v))).unwrap_or_default();
        let rows = [
            ("Cơ quan được đánh giá", esc(&r.site.agency_name)),
            ("Địa chỉ cổng/trang", esc(&r.site.url)),
            ("Cấp, khối xếp hạng", format!("{} — {}", esc(r.site.level.label_vi()), esc(&r.site.block))),
            ("Đợt đánh giá", format!("{} (năm {})", esc(&r.campaign.name), r.campaign.year)),
            ("Bộ tiêu chí", format!("{} — {}{version}", esc(&r.campaign.framework_id), esc(&r.campaign.framework_name))),
            ("Trạng thái phiếu", esc(r.site.status.label_vi()).to_string()),
            ("Kiểm tra tự động gần nhất", r.scanned_at.as_deref().map(when).map(|w| esc(&w)).unwrap_or_else(|| "Chưa kiểm tra".to_string())),
        ];
        h.push_str("<h2>I. THÔNG TIN CHUNG</h2><table class=\"info\"><colgroup><col style=\"width:32%\"><col style=\"width:68%\"></colgroup>");
        for (k, v) in rows {
            let _ = write!(h, "<tr><th>{k}</th><td>{v}</td></tr>");
        }
        h.push_str("</table>");
    }

    fn summary(h: &mut String, r: &SiteReport) {
        let c = &r.card;
        h.push_str("<h2>II. KẾT QUẢ TỔNG HỢP</h2>");
        let _ = write!(
            h,
            "<p>Tổng điểm: <b>{}</b> trên {} điểm tối đa áp dụng (tỷ lệ {}).</p>",
            num(c.total),
            num(c.max),
            percent(c.percent)
        );
        if !c.blocking.is_empty() {
            let _ = write!(
                h,
                "<p>Còn {} tiêu chí chưa có kết quả cuối cùng, chưa được tính điểm: {}.</p>",
                c.blocking.len(),
                esc(&c.blocking.join(", "))
            );
        }
        h.push_str(
            "<table class=\"grid\"><colgroup><col style=\"width:12%\"><col style=\"width:52%\"><col style=\"width:12%\"><col style=\"width:12%\"><col style=\"width:12%\"></colgroup>\
             <thead><tr><th>Nhóm</th><th>Tên nhóm tiêu chí</th><th>Điểm</th><th>Tối đa</th><th>Tỷ lệ</th></tr></thead><tbody>",
        );
        for g in &c.groups {
            let name = if g.separate_ranking { format!("{} (xếp hạng riêng, không cộng vào tổng)", g.name) } else { g.name.clone() };
            let _ = write!(
                h,
                "<tr><td class=\"c\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&g.code),
                esc(&name),
                num(g.points),
                num(g.max),
                percent(g.percent)
            );
        }
        let _ = write!(
            h,
            "<tr class=\"total\"><td colspan=\"2\">TỔNG ĐIỂM</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr></tbody></table>",
            num(c.total),
            num(c.max),
            percent(c.percent)
        );
    }

    fn criteria(h: &mut String, r: &SiteReport) {
        h.push_str(
            "<h2>III. KẾT QUẢ THEO TỪNG TIÊU CHÍ</h2>\
             <table class=\"grid small\"><colgroup><col style=\"width:8%\"><col style=\"width:26%\"><col style=\"width:22%\"><col style=\"width:11%\"><col style=\"width:8%\"><col style=\"width:25%\"></colgroup>\
             <thead><tr><th>Mã</th><th>Tiêu chí</th><th>Căn cứ pháp lý</th><th>Kết quả</th><th>Điểm</th><th>Bằng chứng</th></tr></thead><tbody>",
        );
        for g in &r.groups {
            let rows: Vec<_> = r.rows.iter().filter(|x| x.group_code == g.code).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = write!(h, "<tr class=\"group\"><td class=\"c\">{}</td><td colspan=\"5\">{}</td></tr>", esc(&g.code), esc(&g.name));
            for x in rows {
                let outcome = x.outcome.map(Outcome::label_vi).unwrap_or("Chưa có kết quả");
                let points = if x.standing == Standing::Excluded { "—".to_string() } else { format!("{}/{}", num(x.points), num(x.max)) };
                let _ = write!(
                    h,
                    "<tr><td class=\"c\">{}</td><td>{}</td><td>{}</td><td class=\"c\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    esc(&x.code),
                    esc(&x.title),
                    esc(&x.legal_basis),
                    outcome,
                    points,
                    esc(&x.evidence)
                );
            }
        }
        h.push_str("</tbody></table>");
    }

    fn screenshot(h: &mut String, r: &SiteReport) {
        let Some(png) = &r.screenshot_png_base64 else { return };
        let at = r.scanned_at.as_deref().map(|w| format!(" lúc {}", esc(&when(w)))).unwrap_or_default();
        // `png` holds only base64 characters (checked when read), so it cannot leave the attribute.
        let _ = write!(
            h,
            "<h2>IV. ẢNH CHỤP TRANG CHỦ</h2><figure><img alt=\"Ảnh chụp trang chủ\" src=\"data:image/png;base64,{png}\">\
             <figcaption>Trang chủ {} do trình duyệt hiển thị trong lần kiểm tra tự động{at}.</figcaption></figure>",
            esc(&r.site.url)
        );
    }

    fn people(h: &mut String, r: &SiteReport) {
        let n = if r.screenshot_png_base64.is_some() { "V" } else { "IV" };
        let _ = write!(h, "<h2>{n}. NGƯỜI ĐÁNH GIÁ VÀ NHẬT KÝ THAY ĐỔI</h2>");
        let a = &r.audit;
        if a.reviewers.is_empty() {
            h.push_str("<p>Người đánh giá: chưa có quyết định nào của người đánh giá.</p>");
        } else {
            let list: Vec<String> = a.reviewers.iter().map(|(who, k)| format!("{} ({k} thay đổi)", esc(who))).collect();
            let _ = write!(h, "<p>Người đánh giá: {}.</p>", list.join("; "));
        }
        let _ = write!(
            h,
            "<p>Nhật ký thay đổi ghi {} thay đổi, trong đó {} kết quả do công cụ kiểm tra tự động ghi nhận và {} thay đổi của người đánh giá.",
            a.changes,
            a.by_tool,
            a.changes - a.by_tool
        );
        if let Some(last) = &a.last {
            let code = last.entity_id.split('/').nth(1).map(|c| format!(", tiêu chí {}", esc(c))).unwrap_or_default();
            let _ = write!(h, " Thay đổi gần nhất: {}, {}{code}, {}.", esc(&when(&last.at)), esc(&last.actor), esc(field_vi(&last.field)));
        }
        h.push_str("</p>");
    }

    fn versions(h: &mut String, r: &SiteReport) {
        let n = if r.screenshot_png_base64.is_some() { "VI" } else { "V" };
        let v = &r.head.versions;
        let or = |s: &str, default: &str| if s.is_empty() { default.to_string() } else { s.to_string() };
        let framework = or(&v.framework_id, &r.campaign.framework_id);
        let fw_version = Some(v.framework_version.as_str()).filter(|x| !x.is_empty()).map(|x| format!(" phiên bản {}", esc(x))).unwrap_or_default();
        let _ = write!(
            h,
            "<h2>{n}. PHIÊN BẢN VÀ PHỤ LỤC</h2><p>Phần mềm TTĐT Workbench phiên bản {app}; bộ tiêu chí {fw}{fw_version}; bộ kiểm tra tự động phiên bản {checks}, gồm {count} kiểm tra{browser}.</p>\
             <p>Phụ lục kèm theo: Phiếu đánh giá chi tiết (tệp Excel {annex}).</p>",
            app = esc(&or(&v.app, env!("CARGO_PKG_VERSION"))),
            fw = esc(&framework),
            checks = esc(&or(&v.checks, crate::checks::CHECKS_VERSION)),
            count = crate::checks::REGISTRY.len(),
            browser = r.browser_version.as_deref().map(|b| format!("; trình duyệt đo tải trang: {}", esc(b))).unwrap_or_default(),
            annex = esc(&r.annex_name),
        );
    }

    /// Recipients at the left, then who signs: the campaign's signatories, else the reviewer. The
    /// last signatory signs at the right of the recipients, the others on a row above it.
    fn signature(h: &mut String, r: &SiteReport) {
        let mut signers: Vec<(String, String)> = r.head.signatories.iter().map(|s| (s.title.clone(), s.name.clone())).collect();
        if signers.is_empty() {
            signers.push(("NGƯỜI ĐÁNH GIÁ".to_string(), r.head.reviewer.clone()));
        }
        let block = |(title, name): &(String, String)| {
            format!(
                "<td class=\"signer\"><div class=\"role\">{}</div><div class=\"hint\">(Ký, ghi rõ họ tên)</div><div class=\"space\"></div><div class=\"name\">{}</div></td>",
                esc(&title.to_uppercase()),
                esc(name)
            )
        };
        let last = signers.pop().unwrap_or_default();
        h.push_str("<table class=\"sign\"><colgroup><col style=\"width:50%\"><col style=\"width:50%\"></colgroup>");
        for pair in signers.chunks(2) {
            h.push_str("<tr>");
            for s in pair {
                h.push_str(&block(s));
            }
            if pair.len() == 1 {
                h.push_str("<td></td>");
            }
            h.push_str("</tr>");
        }
        let _ = write!(
            h,
            "<tr><td class=\"recipients\"><div class=\"to\">Nơi nhận:</div><div>- {};</div><div>- Lưu: hồ sơ đánh giá.</div></td>{}</tr></table>",
            esc(&r.site.agency_name),
            block(&last)
        );
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn escapes_markup_and_quotes() {
            assert_eq!(esc("<script>alert('x')</script>&\""), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
            assert_eq!(esc("a\u{0}b\u{1b}c"), "abc");
        }

        #[test]
        fn numbers_and_dates_as_vietnamese_documents_write_them() {
            assert_eq!(num(35.5), "35,5");
            assert_eq!(num(35.0), "35");
            assert_eq!(num(1.256), "1,26");
            assert_eq!(num(0.0), "0");
            assert_eq!(date_line("Hà Nội", (5, 2, 2026)), "Hà Nội, ngày 05 tháng 02 năm 2026");
            assert_eq!(date_line("Huế", (23, 11, 2026)), "Huế, ngày 23 tháng 11 năm 2026");
            assert_eq!(when("2026-11-23T02:05:00Z"), "09:05 ngày 23/11/2026");
        }
    }
}
