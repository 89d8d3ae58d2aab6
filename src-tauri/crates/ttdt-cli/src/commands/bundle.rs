//! `ttdt bundle`: evaluation bundles that carry a campaign and its work between machines.

use std::path::PathBuf;

use clap::Subcommand;
use ttdt_core::{bundle, Error, Store};

use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    /// Write a bundle (.ttdt) of a campaign: its framework copy, sites and all work on them.
    Export {
        campaign: String,
        /// The bundle file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Only these sites (ids or addresses, comma-separated).
        #[arg(long, value_delimiter = ',')]
        sites: Vec<String>,
        /// Only the sites assigned to this inspector.
        #[arg(long, conflicts_with = "sites")]
        inspector: Option<String>,
    },
    /// Merge a bundle into this database: add what is new, skip what is here. A bundle that fails
    /// its checks changes nothing.
    Import {
        file: PathBuf,
        /// Say what would be added and the conflicts, without writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Criteria whose decisions from different machines disagree, and decisions made after
    /// their evaluation was finalised; `ttdt review set` settles one.
    Conflicts { campaign: String },
}

pub fn exec(store: &mut Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::Export { campaign, output, sites, inspector } => {
            let c = store.find_campaign(campaign)?;
            let ids = match inspector {
                Some(name) => store.sites_of_inspector(c.id, name)?,
                None => sites.iter().map(|s| store.find_site(c.id, s).map(|s| s.id)).collect::<Result<Vec<_>, _>>()?,
            };
            let path = bundle::save_bundle(store, c.id, &ids, output)?;
            let n = if ids.is_empty() { store.list_sites(c.id)?.len() } else { ids.len() };
            let body = serde_json::json!({ "path": path.display().to_string(), "campaign": c.name, "sites": n });
            out.print(&body, || format!("Đã ghi gói {} ({n} trang của “{}”).\n", path.display(), c.name))
        }
        Cmd::Import { file, dry_run } => {
            let report = bundle::import_bundle_file(store, file, *dry_run)?;
            out.print(&report, || {
                let verb = if report.dry_run { "Sẽ thêm" } else { "Đã thêm" };
                let created = if report.campaign_created { " (chiến dịch mới trên máy này)" } else { "" };
                format!(
                    "{verb} {} mục vào “{}”{created}; {} mục đã có; {} xung đột cần người điều phối quyết định.\n",
                    report.added, report.campaign, report.already_present, report.conflicts
                )
            })
        }
        Cmd::Conflicts { campaign } => {
            let c = store.find_campaign(campaign)?;
            let list = store.conflicts(c.id)?;
            out.print(&list, || {
                if list.is_empty() {
                    return "Không có xung đột.\n".to_string();
                }
                let mut s = String::new();
                for k in &list {
                    s += &format!("#{} {} — {}: {}\n", k.site_id, k.agency_name, k.criterion_code, k.label);
                    for d in &k.decisions {
                        let note = if d.note.is_empty() { String::new() } else { format!(" — {}", d.note) };
                        s += &format!("    {} lúc {}: {} ({} điểm){note}\n", d.asserted_by, d.asserted_at, d.outcome.label_vi(), d.points);
                    }
                }
                s
            })
        }
    }
}
