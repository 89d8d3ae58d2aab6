//! `ttdt db`: the database file and its settings.

use clap::Subcommand;
use ttdt_core::{storage, Error, Store};

use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    /// Path, schema version and durability settings.
    Info,
    /// Largest document a reviewer may attach, in MB (default 50).
    MaxAttachmentMb { mb: Option<u64> },
    /// Snapshots of automated scans kept per site (default 3; the one a finalised evaluation was judged on is always kept).
    ScansKept { n: Option<u32> },
}

pub fn exec(store: &mut Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::Info => {
            let (journal, sync, fk) = store.durability()?;
            let info = serde_json::json!({
                "path": store.path().display().to_string(),
                "schema_version": store.schema_version()?,
                "journal_mode": journal,
                "synchronous": sync,
                "foreign_keys": fk,
            });
            out.print(&info, || format!("{}\n", serde_json::to_string_pretty(&info).unwrap_or_default()))
        }
        Cmd::MaxAttachmentMb { mb } => {
            let current = match mb {
                Some(mb) => store.set_max_attachment_mb(*mb)?,
                None => store
                    .setting("max_attachment_mb")?
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(storage::DEFAULT_MAX_ATTACHMENT_MB),
            };
            out.print(&serde_json::json!({ "max_attachment_mb": current }), || format!("Giới hạn tệp đính kèm: {current} MB.\n"))
        }
        Cmd::ScansKept { n } => {
            let current = match n {
                Some(n) => store.set_scans_kept_per_site(*n)?,
                None => store.scans_kept_per_site()?,
            };
            out.print(&serde_json::json!({ "scans_kept_per_site": current }), || format!("Số lần quét giữ lại cho mỗi trang: {current}.\n"))
        }
    }
}
