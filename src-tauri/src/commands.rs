//! Tauri commands: each validates its arguments, calls one core function on a worker thread
//! (so the window never waits on the database), and maps the error to `{code, message}`.
//! Every error the UI sees is a `ttdt_core::Error` converted with `UserError::from`, so its
//! code is one of `Error::CODES`.

use std::sync::{Arc, Mutex};

use tauri::State;
use ttdt_core::domain::{Attachment, AuditEntry, ChecklistAnswer, CriterionResult, ReviewInput, Reviewer, Campaign, CampaignDocument, CampaignFramework, Criterion, CriterionEdit, NewCriterion, NewCampaign, Site, SiteInput};
use ttdt_core::views::{SiteProgress, AppInfo, FrameworkDetail, CampaignSummary, FrameworkSummary, SiteDetail};
use ttdt_core::error::UserError;
use ttdt_core::files::Destination;
use ttdt_core::{Error, Store};

use crate::AppState;

/// Errors reach the UI as `{code, message}` (see `UserError`); the English text goes to the log.
pub type ApiError = UserError;

fn to_api(e: Error) -> ApiError {
    log::warn!("{e}");
    UserError::from(&e)
}

/// A worker thread that panicked or was cancelled.
fn join_failed(e: impl std::fmt::Display) -> ApiError {
    to_api(Error::Internal(format!("worker thread: {e}")))
}

type CmdResult<T> = Result<T, ApiError>;

/// Runs `f` with the store on a blocking worker thread.
async fn with_store<T, F>(state: &State<'_, AppState>, f: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> ttdt_core::Result<T> + Send + 'static,
{
    let store: Arc<Mutex<Store>> = state.store.clone()?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard).map_err(to_api)
    })
    .await
    .map_err(join_failed)?
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let demo_base = state.demo_base.clone();
    let demo_serving = state.demo_serving;
    let export_dir = state.export_dir.display().to_string();
    let export_dir_fixed = state.export_dir_fixed;
    let browser_path = state
        .browser_path
        .get_or_init(|| ttdt_core::browser::find_browser(None).ok().map(|p| p.display().to_string()))
        .clone();
    with_store(&state, move |s| {
        Ok(AppInfo {
            db_path: s.path().display().to_string(),
            read_only: s.is_read_only(),
            schema_version: s.schema_version()?,
            actor: s.actor().to_string(),
            demo_base,
            demo_serving,
            version: env!("CARGO_PKG_VERSION").to_string(),
            export_dir,
            export_dir_fixed,
            browser_path,
        })
    })
    .await
}

#[tauri::command]
pub async fn list_frameworks(state: State<'_, AppState>) -> CmdResult<Vec<FrameworkSummary>> {
    with_store(&state, |s| s.list_frameworks()).await
}

#[tauri::command]
pub async fn list_campaigns(state: State<'_, AppState>) -> CmdResult<Vec<Campaign>> {
    with_store(&state, |s| s.list_campaigns()).await
}

#[tauri::command]
pub async fn create_campaign(state: State<'_, AppState>, input: NewCampaign) -> CmdResult<Campaign> {
    with_store(&state, move |s| s.create_campaign(&input)).await
}

#[tauri::command]
pub async fn campaign_framework(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<CampaignFramework> {
    with_store(&state, move |s| s.campaign_framework(campaign_id)).await
}

#[tauri::command]
pub async fn campaign_summary(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<CampaignSummary> {
    with_store(&state, move |s| s.campaign_summary(campaign_id)).await
}

#[tauri::command]
pub async fn list_sites(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<Vec<Site>> {
    with_store(&state, move |s| s.list_sites(campaign_id)).await
}

#[tauri::command]
pub async fn add_site(state: State<'_, AppState>, campaign_id: i64, input: SiteInput) -> CmdResult<Site> {
    with_store(&state, move |s| s.add_site(campaign_id, &input)).await
}

#[tauri::command]
pub async fn update_site(state: State<'_, AppState>, site_id: i64, input: SiteInput) -> CmdResult<Site> {
    with_store(&state, move |s| s.update_site(site_id, &input)).await
}

#[tauri::command]
pub async fn remove_site(state: State<'_, AppState>, site_id: i64) -> CmdResult<Site> {
    with_store(&state, move |s| s.remove_site(site_id)).await
}

#[tauri::command]
pub async fn site_work(state: State<'_, AppState>, site_id: i64) -> CmdResult<ttdt_core::storage::SiteWork> {
    with_store(&state, move |s| s.site_work(site_id)).await
}

#[tauri::command]
pub async fn site_detail(state: State<'_, AppState>, site_id: i64) -> CmdResult<SiteDetail> {
    with_store(&state, move |s| s.site_detail(site_id)).await
}

#[tauri::command]
pub async fn framework_detail(state: State<'_, AppState>, id: String) -> CmdResult<FrameworkDetail> {
    with_store(&state, move |s| s.framework_detail(&id)).await
}

#[tauri::command]
pub async fn import_framework(state: State<'_, AppState>, text: String, replace: bool) -> CmdResult<FrameworkSummary> {
    with_store(&state, move |s| ttdt_core::frameworks::import(s, &text, replace)).await
}

#[tauri::command]
pub async fn edit_campaign_criterion(
    state: State<'_, AppState>,
    campaign_id: i64,
    code: String,
    edit: CriterionEdit,
) -> CmdResult<Criterion> {
    with_store(&state, move |s| s.edit_campaign_criterion(campaign_id, &code, &edit)).await
}

#[tauri::command]
pub async fn add_campaign_criterion(
    state: State<'_, AppState>,
    campaign_id: i64,
    input: NewCriterion,
) -> CmdResult<Criterion> {
    with_store(&state, move |s| s.add_campaign_criterion(campaign_id, &input)).await
}

/// Saves the campaign's framework copy in the export folder; returns the file's path.
/// The destination of an export: a file the user chose in the export dialog (each choice serves
/// one export), else the export folder. A path the dialog did not return is refused.
fn destination(state: &State<'_, AppState>, path: Option<String>) -> CmdResult<Destination> {
    match path.filter(|p| !p.trim().is_empty()) {
        None => Ok(Destination::Folder(state.export_dir.clone())),
        Some(p) => Ok(Destination::File(take_chosen(state, &p)?)),
    }
}

fn take_chosen(state: &State<'_, AppState>, path: &str) -> CmdResult<std::path::PathBuf> {
    state.chosen_exports.take(path).map_err(to_api)
}

/// Asks where to save an export (the native save dialog, in the export folder, under the
/// suggested name); returns the chosen file, or nothing when the user cancelled.
#[tauri::command]
pub async fn choose_export_file(app: tauri::AppHandle, state: State<'_, AppState>, default_name: String) -> CmdResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let ext = default_name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let filter = match ext.as_str() {
        "xlsx" => Some(("Bảng tính Excel", "xlsx")),
        "csv" => Some(("CSV", "csv")),
        "json" => Some(("JSON", "json")),
        "toml" => Some(("Bộ tiêu chí (TOML)", "toml")),
        "ttdt" => Some(("Gói công việc TTĐT", "ttdt")),
        _ => None,
    };
    let dir = state.export_dir.clone();
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_directory(&dir).set_file_name(default_name);
        if let Some((name, ext)) = filter {
            dialog = dialog.add_filter(name, &[ext]);
        }
        dialog.blocking_save_file().and_then(|p| p.into_path().ok())
    })
    .await
    .map_err(join_failed)?;
    Ok(chosen.map(|p| remember(&state, p)))
}

/// Asks for a folder to save several exports in; returns it, or nothing when cancelled.
#[tauri::command]
pub async fn choose_export_folder(app: tauri::AppHandle, state: State<'_, AppState>) -> CmdResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let dir = state.export_dir.clone();
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        app.dialog().file().set_directory(&dir).set_title("Chọn thư mục lưu phiếu đánh giá").blocking_pick_folder().and_then(|p| p.into_path().ok())
    })
    .await
    .map_err(join_failed)?;
    Ok(chosen.map(|p| remember(&state, p)))
}

fn remember(state: &State<'_, AppState>, p: std::path::PathBuf) -> String {
    state.chosen_exports.remember(p)
}

#[tauri::command]
pub async fn export_campaign_framework(state: State<'_, AppState>, campaign_id: i64, path: Option<String>) -> CmdResult<String> {
    let to = destination(&state, path)?;
    with_store(&state, move |s| s.save_campaign_framework(campaign_id, &to).map(|p| p.display().to_string())).await.map(|p| state.written.remember(p))
}

#[tauri::command]
pub async fn get_reviewer(state: State<'_, AppState>) -> CmdResult<Option<Reviewer>> {
    with_store(&state, |s| s.reviewer()).await
}

#[tauri::command]
pub async fn set_reviewer(state: State<'_, AppState>, reviewer: Reviewer) -> CmdResult<Reviewer> {
    with_store(&state, move |s| s.set_reviewer(&reviewer)).await
}

#[tauri::command]
pub async fn review_criterion(
    state: State<'_, AppState>,
    site_id: i64,
    code: String,
    input: ReviewInput,
    visits: Option<f64>,
) -> CmdResult<CriterionResult> {
    with_store(&state, move |s| s.review_with_visits(site_id, &code, &input, visits)).await
}

#[tauri::command]
pub async fn save_review_draft(
    state: State<'_, AppState>,
    site_id: i64,
    code: String,
    draft: ttdt_core::views::ReviewDraft,
    problem: String,
) -> CmdResult<ttdt_core::views::SavedDraft> {
    with_store(&state, move |s| s.save_review_draft(site_id, &code, &draft, &problem)).await
}

#[tauri::command]
pub async fn discard_review_draft(state: State<'_, AppState>, site_id: i64, code: String) -> CmdResult<()> {
    with_store(&state, move |s| s.discard_review_draft(site_id, &code)).await
}

#[tauri::command]
pub async fn second_approval(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<bool> {
    with_store(&state, move |s| s.second_approval(campaign_id)).await
}

#[tauri::command]
pub async fn set_second_approval(state: State<'_, AppState>, campaign_id: i64, on: bool) -> CmdResult<bool> {
    with_store(&state, move |s| s.set_second_approval(campaign_id, on)).await
}

/// Opens an http(s) address in the system browser (waits a few seconds for a refusal).
#[tauri::command]
pub async fn open_link(url: String) -> CmdResult<()> {
    tauri::async_runtime::spawn_blocking(move || crate::system_open::link(&url).map_err(to_api))
        .await
        .map_err(join_failed)?
}

fn optional_header(request: &tauri::ipc::Request<'_>, name: &str) -> Option<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(ttdt_core::text::percent_decode)
}

fn header(request: &tauri::ipc::Request<'_>, name: &str) -> CmdResult<String> {
    optional_header(request, name)
        .ok_or_else(|| to_api(Error::invalid("request", format!("header {name} missing"), format!("Thiếu thông tin {name} khi gửi tệp."))))
}

/// A file's bytes sent as the request body.
fn raw_body(request: &tauri::ipc::Request<'_>) -> CmdResult<Vec<u8>> {
    match request.body() {
        tauri::ipc::InvokeBody::Raw(b) => Ok(b.clone()),
        // Where the webview cannot send a raw body, the bytes arrive as a JSON array of numbers.
        tauri::ipc::InvokeBody::Json(v) => json_bytes(v).ok_or_else(|| {
            to_api(Error::invalid("request", "body is neither raw bytes nor a byte array", "Tệp phải được gửi dạng nhị phân."))
        }),
    }
}

fn json_bytes(v: &serde_json::Value) -> Option<Vec<u8>> {
    let byte = |x: &serde_json::Value| x.as_u64().filter(|n| *n <= 255).map(|n| n as u8);
    match v {
        serde_json::Value::Array(items) => items.iter().map(byte).collect(),
        serde_json::Value::Object(map) => (0..map.len()).map(|i| map.get(&i.to_string()).and_then(byte)).collect(),
        _ => None,
    }
}

/// The length of a document sent as the request body, without copying it: the raw bytes, or
/// the items of a JSON byte array.
fn body_len(request: &tauri::ipc::Request<'_>) -> CmdResult<u64> {
    match request.body() {
        tauri::ipc::InvokeBody::Raw(b) => Ok(b.len() as u64),
        tauri::ipc::InvokeBody::Json(serde_json::Value::Array(items)) => Ok(items.len() as u64),
        tauri::ipc::InvokeBody::Json(serde_json::Value::Object(map)) => Ok(map.len() as u64),
        tauri::ipc::InvokeBody::Json(_) => Err(to_api(Error::invalid(
            "request",
            "body is neither raw bytes nor a byte array",
            "Tệp phải được gửi dạng nhị phân.",
        ))),
    }
}

/// The document's bytes come as the raw request body; site, criterion and file name as headers.
/// A body over the attachment limit is refused before it is copied or decoded.
#[tauri::command]
pub async fn attach_document(state: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> CmdResult<Attachment> {
    let site_id: i64 = header(&request, "x-site")?
        .parse()
        .map_err(|_| to_api(Error::invalid("site", "x-site is not a number", "Mã trang không hợp lệ.")))?;
    let code = header(&request, "x-code")?;
    let name = header(&request, "x-name")?;
    let len = body_len(&request)?;
    let checked = name.clone();
    with_store(&state, move |s| s.check_attachment_size(&checked, len)).await?;
    let bytes = raw_body(&request)?;
    with_store(&state, move |s| s.attach(site_id, &code, &name, &bytes)).await
}

#[tauri::command]
pub async fn detach_document(state: State<'_, AppState>, attachment_id: i64, reason: String) -> CmdResult<Attachment> {
    with_store(&state, move |s| s.detach(attachment_id, &reason)).await
}

/// What the document assistant reads in an attached document, against its criterion's checklist.
#[tauri::command]
pub async fn analyse_attachment(state: State<'_, AppState>, attachment_id: i64) -> CmdResult<ttdt_core::documents::Analysis> {
    with_store(&state, move |s| ttdt_core::documents::analyse_attachment(s, attachment_id)).await
}

/// The pages of an attached document as text, for the viewer.
#[tauri::command]
pub async fn attachment_pages(state: State<'_, AppState>, attachment_id: i64) -> CmdResult<Vec<ttdt_core::documents::PageText>> {
    with_store(&state, move |s| ttdt_core::documents::attachment_pages(s, attachment_id)).await
}

/// An attached picture as a `data:` address, for the viewer.
#[tauri::command]
pub async fn attachment_image(state: State<'_, AppState>, attachment_id: i64) -> CmdResult<String> {
    with_store(&state, move |s| ttdt_core::documents::attachment_image(s, attachment_id)).await
}

/// Records the reviewer's answer to the assistant's finding on one checklist item.
#[tauri::command]
pub async fn answer_checklist_item(state: State<'_, AppState>, attachment_id: i64, index: u32, present: bool) -> CmdResult<ChecklistAnswer> {
    with_store(&state, move |s| ttdt_core::documents::answer_checklist_item(s, attachment_id, index, present)).await
}

/// The reviewer's latest answers on a criterion's checklist, per document.
#[tauri::command]
pub async fn checklist_answers(state: State<'_, AppState>, site_id: i64, code: String) -> CmdResult<Vec<ChecklistAnswer>> {
    with_store(&state, move |s| s.checklist_answers(site_id, &code)).await
}

/// Opens a document with the system's viewer.
#[tauri::command]
pub async fn open_document(state: State<'_, AppState>, attachment_id: i64) -> CmdResult<()> {
    let path = with_store(&state, move |s| s.attachment_file(attachment_id)).await?;
    tauri::async_runtime::spawn_blocking(move || crate::system_open::document(&path).map_err(to_api))
        .await
        .map_err(join_failed)?
}

#[tauri::command]
pub async fn submit_evaluation(state: State<'_, AppState>, site_id: i64) -> CmdResult<Site> {
    with_store(&state, move |s| s.submit(site_id)).await
}

#[tauri::command]
pub async fn finalise_evaluation(state: State<'_, AppState>, site_id: i64) -> CmdResult<Site> {
    with_store(&state, move |s| s.finalise(site_id)).await
}

#[tauri::command]
pub async fn reopen_evaluation(state: State<'_, AppState>, site_id: i64, reason: String) -> CmdResult<Site> {
    with_store(&state, move |s| s.reopen(site_id, &reason)).await
}

#[tauri::command]
pub async fn audit_trail(state: State<'_, AppState>, site_id: i64, code: Option<String>) -> CmdResult<Vec<AuditEntry>> {
    with_store(&state, move |s| s.audit_trail(site_id, code.as_deref())).await
}

/// Saves a site's audit trail as CSV in the export folder; returns the file's path.
#[tauri::command]
pub async fn export_audit(state: State<'_, AppState>, site_id: i64, path: Option<String>) -> CmdResult<String> {
    let to = destination(&state, path)?;
    with_store(&state, move |s| s.save_audit_csv(site_id, &to).map(|p| p.display().to_string())).await.map(|p| state.written.remember(p))
}

#[tauri::command]
pub async fn campaign_progress(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<Vec<SiteProgress>> {
    with_store(&state, move |s| s.campaign_progress(campaign_id)).await
}

#[tauri::command]
pub async fn export_scorecard(state: State<'_, AppState>, site_id: i64, path: Option<String>) -> CmdResult<String> {
    let to = destination(&state, path)?;
    with_store(&state, move |s| ttdt_core::exports::save_scorecard(s, site_id, &to).map(|p| p.display().to_string())).await.map(|p| state.written.remember(p))
}

/// Writes one scorecard per site into a folder (the chosen one, else one in the export directory); returns it.
#[tauri::command]
pub async fn export_all_scorecards(state: State<'_, AppState>, campaign_id: i64, folder: Option<String>) -> CmdResult<String> {
    let dir = match folder.filter(|f| !f.trim().is_empty()) {
        Some(f) => take_chosen(&state, &f)?,
        None => state.export_dir.join(format!("phieu-danh-gia-chien-dich-{campaign_id}")),
    };
    with_store(&state, move |s| ttdt_core::exports::save_all_scorecards(s, campaign_id, &dir).map(|_| dir.display().to_string())).await.map(|p| state.written.remember(p))
}

/// Writes a site's evaluation report as PDF (the chosen file, else the export folder); returns the
/// file's path. The store is held only while the report is read, not while the browser prints.
#[tauri::command]
pub async fn export_report(state: State<'_, AppState>, site_id: i64, path: Option<String>) -> CmdResult<String> {
    let to = destination(&state, path)?;
    let store: Arc<Mutex<Store>> = state.store.clone()?;
    tauri::async_runtime::spawn_blocking(move || {
        ttdt_core::report::save_report(&*store, site_id, &to, &Default::default()).map(|p| p.display().to_string()).map_err(to_api)
    })
    .await
    .map_err(join_failed)?
    .map(|p| state.written.remember(p))
}

/// Writes one PDF report per site into a folder (the chosen one, else one in the export
/// directory), reporting each site on `on_progress`; one batch at a time, cancellable.
#[tauri::command]
pub async fn export_all_reports(
    state: State<'_, AppState>,
    campaign_id: i64,
    folder: Option<String>,
    on_progress: tauri::ipc::Channel<ttdt_core::report::ReportProgress>,
) -> CmdResult<ttdt_core::report::ReportBatch> {
    let dir = match folder.filter(|f| !f.trim().is_empty()) {
        Some(f) => take_chosen(&state, &f)?,
        None => state.export_dir.join(format!("bao-cao-danh-gia-chien-dich-{campaign_id}")),
    };
    let runner = state.reports.clone();
    let store: Arc<Mutex<Store>> = state.store.clone()?;
    tauri::async_runtime::spawn_blocking(move || {
        runner
            .run(&store, campaign_id, &dir, |p| {
                let _ = on_progress.send(p.clone());
            })
            .map_err(to_api)
    })
    .await
    .map_err(join_failed)?
    .map(|mut batch| {
        batch.dir = state.written.remember(batch.dir);
        batch
    })
}

/// Stops the running batch of reports after the current site; reports written stay.
#[tauri::command]
pub async fn cancel_reports(state: State<'_, AppState>) -> CmdResult<bool> {
    Ok(state.reports.cancel())
}

#[tauri::command]
pub async fn export_ranking(
    state: State<'_, AppState>,
    campaign_id: i64,
    exclude_incomplete: bool,
    path: Option<String>,
) -> CmdResult<String> {
    let to = destination(&state, path)?;
    with_store(&state, move |s| ttdt_core::exports::save_ranking(s, campaign_id, &to, exclude_incomplete).map(|p| p.display().to_string())).await.map(|p| state.written.remember(p))
}

#[tauri::command]
pub async fn export_results(state: State<'_, AppState>, campaign_id: i64, json: bool, path: Option<String>) -> CmdResult<String> {
    let to = destination(&state, path)?;
    with_store(&state, move |s| ttdt_core::exports::save_results(s, campaign_id, &to, json).map(|p| p.display().to_string())).await.map(|p| state.written.remember(p))
}

/// Opens a file an export of this window just wrote (or, with `folder`, the folder holding it) with
/// the system's programs; any other path is refused.
#[tauri::command]
pub async fn open_export(state: State<'_, AppState>, path: String, folder: bool) -> CmdResult<()> {
    let target = state.written.target(&path, folder).map_err(to_api)?;
    tauri::async_runtime::spawn_blocking(move || crate::system_open::document(&target).map_err(to_api))
        .await
        .map_err(join_failed)?
}

#[tauri::command]
pub async fn campaign_report(
    state: State<'_, AppState>,
    campaign_id: i64,
    exclude_incomplete: bool,
) -> CmdResult<ttdt_core::ranking::CampaignReport> {
    with_store(&state, move |s| s.campaign_report(campaign_id, exclude_incomplete)).await
}

/// Reads a spreadsheet or CSV sent as the raw body (name and sheet as headers).
#[tauri::command]
pub async fn preview_import(request: tauri::ipc::Request<'_>) -> CmdResult<ttdt_core::import::ImportPreview> {
    let name = header(&request, "x-name")?;
    let sheet = optional_header(&request, "x-sheet").filter(|s| !s.is_empty());
    let bytes = raw_body(&request)?;
    tauri::async_runtime::spawn_blocking(move || ttdt_core::import::preview(&bytes, &name, sheet.as_deref()).map_err(to_api))
        .await
        .map_err(join_failed)?
}

#[tauri::command]
pub async fn import_sites(
    state: State<'_, AppState>,
    campaign_id: i64,
    table: ttdt_core::import::Table,
    map: ttdt_core::import::ColumnMap,
    header_rows: u32,
    options: ttdt_core::import::ImportOptions,
) -> CmdResult<ttdt_core::import::ImportReport> {
    with_store(&state, move |s| {
        let rows = ttdt_core::import::map_rows(&table, &map, header_rows as usize)?;
        s.import_sites_with(campaign_id, &rows, options)
    })
    .await
}

/// The column names and the guessed columns when the user says how many rows come before the
/// data (`rows`: those rows of the sheet).
#[tauri::command]
pub async fn import_header(rows: Vec<Vec<String>>, header_rows: u32) -> CmdResult<ttdt_core::import::ImportHeader> {
    Ok(ttdt_core::import::header_at(&rows, header_rows as usize))
}

/// Writes the rows an import refused, with why, to the chosen file (else the export folder).
#[tauri::command]
pub async fn export_rejected_rows(
    state: State<'_, AppState>,
    table: ttdt_core::import::Table,
    header_rows: u32,
    report: ttdt_core::import::ImportReport,
    path: Option<String>,
) -> CmdResult<String> {
    let to = destination(&state, path)?;
    tauri::async_runtime::spawn_blocking(move || {
        ttdt_core::import::save_rejected(&table, header_rows as usize, &report, &to).map(|p| p.display().to_string()).map_err(to_api)
    })
    .await
    .map_err(join_failed)?
}

/// Every criterion of a campaign that still needs a person, with why.
#[tauri::command]
pub async fn work_queue(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<ttdt_core::queue::WorkQueue> {
    with_store(&state, move |s| s.work_queue(campaign_id)).await
}

/// Runs the automated checks on sites (one scan at a time), reporting each finished site on `on_progress`.
#[tauri::command]
pub async fn scan_sites(
    state: State<'_, AppState>,
    site_ids: Vec<i64>,
    browser: bool,
    on_progress: tauri::ipc::Channel<ttdt_core::scanning::ScanProgress>,
) -> CmdResult<ttdt_core::scanning::ScanSummary> {
    let runner = state.scan.clone();
    let store: Arc<Mutex<Store>> = state.store.clone()?;
    tauri::async_runtime::spawn_blocking(move || {
        runner
            .run(&store, &site_ids, browser, |p| {
                let _ = on_progress.send(p.clone());
            })
            .map_err(to_api)
    })
    .await
    .map_err(join_failed)?
}

/// Stops the running scan; sites already finished keep their results.
#[tauri::command]
pub async fn cancel_scan(state: State<'_, AppState>) -> CmdResult<bool> {
    Ok(state.scan.cancel())
}

#[tauri::command]
pub async fn last_scan(state: State<'_, AppState>, site_id: i64) -> CmdResult<Option<ttdt_core::storage::ScanInfo>> {
    with_store(&state, move |s| s.last_scan(site_id)).await
}

/// Judges the stored snapshot again, without fetching.
#[tauri::command]
pub async fn rejudge_site(state: State<'_, AppState>, site_id: i64) -> CmdResult<usize> {
    with_store(&state, move |s| ttdt_core::scanning::rejudge_site(s, site_id)).await
}

/// The device the campaign measures page loads as: "desktop" or "mobile".
#[tauri::command]
pub async fn campaign_browser_profile(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<String> {
    with_store(&state, move |s| s.campaign_browser_profile(campaign_id).map(|p| p.name().to_string())).await
}

#[tauri::command]
pub async fn set_campaign_browser_profile(state: State<'_, AppState>, campaign_id: i64, profile: String) -> CmdResult<String> {
    with_store(&state, move |s| s.set_campaign_browser_profile(campaign_id, &profile).map(|p| p.name().to_string())).await
}

/// What the campaign's exported documents carry: issuer, place and signatories.
#[tauri::command]
pub async fn campaign_document(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<CampaignDocument> {
    with_store(&state, move |s| s.campaign_document(campaign_id)).await
}

#[tauri::command]
pub async fn set_campaign_document(state: State<'_, AppState>, campaign_id: i64, document: CampaignDocument) -> CmdResult<CampaignDocument> {
    with_store(&state, move |s| s.set_campaign_document(campaign_id, &document)).await
}

/// Writes a bundle of a campaign with the given sites (every site when none): the chosen file,
/// else the export folder under its default name; returns the file.
#[tauri::command]
pub async fn export_bundle(state: State<'_, AppState>, campaign_id: i64, site_ids: Vec<i64>, path: Option<String>) -> CmdResult<String> {
    let to = destination(&state, path)?;
    with_store(&state, move |s| ttdt_core::bundle::save_bundle_to(s, campaign_id, &site_ids, &to).map(|p| p.display().to_string())).await
}

/// Merges a bundle sent as the raw body; with the header `x-dry-run: 1`, only says what it would add.
#[tauri::command]
pub async fn import_bundle(state: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> CmdResult<ttdt_core::storage::BundleReport> {
    let dry_run = optional_header(&request, "x-dry-run").as_deref() == Some("1");
    let bytes = raw_body(&request)?;
    with_store(&state, move |s| ttdt_core::bundle::import_bundle_bytes(s, bytes, dry_run)).await
}

#[tauri::command]
pub async fn list_conflicts(state: State<'_, AppState>, campaign_id: i64) -> CmdResult<Vec<ttdt_core::storage::Conflict>> {
    with_store(&state, move |s| s.conflicts(campaign_id)).await
}

#[tauri::command]
pub async fn assign_sites(state: State<'_, AppState>, site_ids: Vec<i64>, inspector: String, unit: String) -> CmdResult<usize> {
    with_store(&state, move |s| s.assign_sites(&site_ids, &inspector, &unit)).await
}
