//! TTĐT Workbench desktop shell: opens the database, serves the sample portals,
//! and exposes the core to the UI through thin commands.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod chosen;
mod commands;
mod system_open;
mod written;

use std::sync::{Arc, Mutex};

use ttdt_core::{demo, storage, Store};

/// What the commands share: the open database (or why it could not be opened) and the demo base URL.
pub struct AppState {
    pub store: Result<Arc<Mutex<Store>>, commands::ApiError>,
    pub demo_base: String,
    pub demo_serving: bool,
    /// Where exports are written when no file is chosen (`TTDT_EXPORT_DIR`, else the Downloads folder).
    pub export_dir: std::path::PathBuf,
    /// `TTDT_EXPORT_DIR` was set: export without asking for a file.
    pub export_dir_fixed: bool,
    /// The browser found for page-load metrics, looked up once.
    pub browser_path: std::sync::OnceLock<Option<String>>,
    /// The automated scans: one at a time, cancellable.
    pub scan: Arc<ttdt_core::scanning::ScanRunner>,
    /// The campaign-wide PDF reports: one batch at a time, cancellable.
    pub reports: Arc<ttdt_core::report::ReportRunner>,
    /// Files and folders the user chose in an export dialog and that no export has used yet:
    /// an export writes only there (or in `export_dir`), never to a path the page made up.
    pub chosen_exports: chosen::ChosenExports,
    /// Files and folders this window's exports wrote: the only paths `open_export` opens.
    pub written: written::WrittenExports,
}

fn main() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();

    let db_path = storage::default_db_path();
    let port = demo::demo_port();
    let demo_server = match demo::DemoServer::start(port) {
        Ok(s) => {
            log::info!("sample portals served at {}", s.base_url());
            Some(s)
        }
        Err(e) => {
            log::warn!("{e}");
            None
        }
    };
    let demo_base = demo::base_url(port);
    // One window per database: a second one is told the database is open elsewhere.
    let (instance, opened) = match storage::instance::InstanceLock::acquire(&db_path) {
        Ok(lock) => (Some(lock), Store::open(&db_path)),
        Err(e) => (None, Err(e)),
    };
    let store = match opened {
        Ok(mut store) => {
            log::info!("database {}", db_path.display());
            match demo::ensure_demo_on_first_launch(&mut store, &demo_base) {
                Ok(Some(c)) => log::info!("created demo campaign {}", c.id),
                Ok(None) => {}
                Err(e) => log::error!("demo campaign: {e}"),
            }
            Ok(Arc::new(Mutex::new(store)))
        }
        Err(e) => {
            log::error!("{e}");
            Err(ttdt_core::error::UserError::from(&e))
        }
    };
    let fixed_export_dir = std::env::var_os("TTDT_EXPORT_DIR").map(std::path::PathBuf::from);
    let export_dir_fixed = fixed_export_dir.is_some();
    let export_dir = fixed_export_dir.unwrap_or_else(ttdt_core::files::default_export_dir);
    let state = AppState { store, demo_base, demo_serving: demo_server.is_some(), export_dir, export_dir_fixed, browser_path: Default::default(), scan: Default::default(), reports: Default::default(), chosen_exports: Default::default(), written: Default::default() };

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_frameworks,
            commands::list_campaigns,
            commands::create_campaign,
            commands::campaign_framework,
            commands::campaign_summary,
            commands::list_sites,
            commands::add_site,
            commands::update_site,
            commands::remove_site,
            commands::choose_export_file,
            commands::choose_export_folder,
            commands::site_work,
            commands::site_detail,
            commands::framework_detail,
            commands::import_framework,
            commands::edit_campaign_criterion,
            commands::add_campaign_criterion,
            commands::export_campaign_framework,
            commands::get_reviewer,
            commands::set_reviewer,
            commands::review_criterion,
            commands::save_review_draft,
            commands::discard_review_draft,
            commands::second_approval,
            commands::set_second_approval,
            commands::open_link,
            commands::attach_document,
            commands::detach_document,
            commands::open_document,
            commands::analyse_attachment,
            commands::attachment_pages,
            commands::attachment_image,
            commands::answer_checklist_item,
            commands::checklist_answers,
            commands::submit_evaluation,
            commands::finalise_evaluation,
            commands::reopen_evaluation,
            commands::audit_trail,
            commands::export_audit,
            commands::campaign_progress,
            commands::export_scorecard,
            commands::export_all_scorecards,
            commands::export_report,
            commands::export_all_reports,
            commands::cancel_reports,
            commands::export_ranking,
            commands::export_results,
            commands::open_export,
            commands::campaign_report,
            commands::preview_import,
            commands::import_sites,
            commands::export_rejected_rows,
            commands::import_header,
            commands::work_queue,
            commands::export_bundle,
            commands::import_bundle,
            commands::list_conflicts,
            commands::assign_sites,
            commands::scan_sites,
            commands::cancel_scan,
            commands::last_scan,
            commands::rejudge_site,
            commands::campaign_browser_profile,
            commands::set_campaign_browser_profile,
            commands::campaign_document,
            commands::set_campaign_document,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    drop(demo_server);
    drop(instance);
    if let Err(e) = result {
        log::error!("window could not start: {e}");
        std::process::exit(1);
    }
}
