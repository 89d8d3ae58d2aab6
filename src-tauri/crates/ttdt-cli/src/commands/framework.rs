//! `ttdt framework`: criteria frameworks. `validate` reads only the file; the other commands
//! work on the frameworks installed in the database.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;
use ttdt_core::domain::{Criterion, CriterionGroup};
use ttdt_core::{frameworks, Error, Store};

use crate::args::read_file;
use crate::output::Output;

/// The framework commands; `display_order` keeps them listed in this order in the help.
#[derive(Subcommand)]
pub enum Cmd {
    #[command(flatten)]
    Stored(StoredCmd),
    #[command(flatten)]
    Offline(OfflineCmd),
}

#[derive(Subcommand)]
pub enum StoredCmd {
    /// List the frameworks installed in this database.
    #[command(display_order = 0)]
    List,
    /// Show a framework's groups and criteria (an installed framework, or a campaign's copy).
    #[command(display_order = 1)]
    Show {
        /// Framework id (e.g. TT22-ND224-2026).
        id: Option<String>,
        /// Show this campaign's own copy instead (id or name).
        #[arg(long, conflicts_with = "id")]
        campaign: Option<String>,
    },
    /// Import a framework file (all or nothing).
    #[command(display_order = 3)]
    Import {
        file: PathBuf,
        /// Replace an imported framework with the same id.
        #[arg(long)]
        replace: bool,
    },
    /// Write a framework file: an installed framework, or a campaign's copy.
    #[command(display_order = 4)]
    Export {
        id: Option<String>,
        #[arg(long, conflicts_with = "id")]
        campaign: Option<String>,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum OfflineCmd {
    /// Check a framework file without importing it.
    #[command(display_order = 2)]
    Validate { file: PathBuf },
}

pub fn exec_offline(cmd: &OfflineCmd, out: &Output) -> Result<(), Error> {
    match cmd {
        OfflineCmd::Validate { file } => {
            let fw = frameworks::parse(&read_framework_file(file)?)?;
            #[derive(Serialize)]
            struct Valid<'a> {
                valid: bool,
                id: &'a str,
                criteria: usize,
                max_points: f64,
            }
            let v = Valid { valid: true, id: &fw.id, criteria: fw.criteria.len(), max_points: fw.max_points() };
            out.print(&v, || format!("Hợp lệ: {} — {} tiêu chí, {} điểm.\n", fw.id, v.criteria, v.max_points))
        }
    }
}

pub fn exec(store: &mut Store, cmd: &StoredCmd, out: &Output) -> Result<(), Error> {
    match cmd {
        StoredCmd::List => {
            let list = store.list_frameworks()?;
            out.print(&list, || {
                let mut s = String::new();
                for f in &list {
                    s += &format!("{:<18} {:>4}  {:>3} tiêu chí  {:>6} điểm  {}\n", f.id, f.year, f.criterion_count, f.max_points, f.name);
                }
                s
            })
        }
        StoredCmd::Show { id, campaign } => show(store, id.as_deref(), campaign.as_deref(), out),
        StoredCmd::Import { file, replace } => {
            let f = frameworks::import(store, &read_framework_file(file)?, *replace)?;
            out.print(&f, || format!("Đã nhập {} — {} tiêu chí, {} điểm.\n", f.id, f.criterion_count, f.max_points))
        }
        StoredCmd::Export { id, campaign, output } => {
            let text = match (id, campaign) {
                (_, Some(c)) => {
                    let c = store.find_campaign(c)?;
                    store.export_campaign_framework(c.id)?
                }
                (Some(id), None) => store.framework_source(id)?,
                (None, None) => return Err(missing_framework_arg()),
            };
            out.write_or_print(output.as_deref(), &text, "")
        }
    }
}

fn show(store: &Store, id: Option<&str>, campaign: Option<&str>, out: &Output) -> Result<(), Error> {
    let (title, groups, criteria) = match (id, campaign) {
        (_, Some(c)) => {
            let c = store.find_campaign(c)?;
            let fw = store.campaign_framework(c.id)?;
            (format!("{} — bản của chiến dịch “{}”", fw.framework_id, c.name), fw.groups, fw.criteria)
        }
        (Some(id), None) => {
            let d = store.framework_detail(id)?;
            (format!("{} — {}", d.summary.id, d.summary.name), d.groups, d.criteria)
        }
        (None, None) => return Err(missing_framework_arg()),
    };
    #[derive(Serialize)]
    struct Show<'a> {
        title: &'a str,
        groups: &'a [CriterionGroup],
        criteria: &'a [Criterion],
    }
    out.print(&Show { title: &title, groups: &groups, criteria: &criteria }, || {
        let mut s = format!("{title}\n");
        for g in &groups {
            s += &format!("\n{} {} ({} điểm)\n", g.code, g.name, g.points);
            for c in criteria.iter().filter(|c| c.group_code == g.code) {
                let method = c.method.short_vi();
                let basis: Vec<String> = c
                    .legal_basis
                    .iter()
                    .map(|l| if l.article.is_empty() { l.text.clone() } else { format!("{}, {}", l.text, l.article) })
                    .collect();
                let retired = if c.retired { " [ngừng áp dụng]" } else { "" };
                s += &format!("  {:<6} {} {:>5}  {}{retired}\n         {}\n", c.code, method, c.points, c.title, basis.join("; "));
            }
        }
        s
    })
}

fn missing_framework_arg() -> Error {
    Error::Invalid {
        field: "id",
        reason: "neither a framework id nor --campaign given".into(),
        message_vi: "Hãy nêu mã bộ tiêu chí hoặc --campaign.".into(),
    }
}

/// A framework file as text.
fn read_framework_file(path: &Path) -> Result<String, Error> {
    String::from_utf8(read_file(path)?).map_err(|_| Error::Framework {
        id: "?".into(),
        reason: format!("tệp {} không phải văn bản UTF-8", path.display()),
    })
}
