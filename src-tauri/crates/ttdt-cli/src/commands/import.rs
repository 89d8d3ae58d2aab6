//! `ttdt import`: a list of sites from XLSX, XLS, ODS or CSV, checked row by row before anything
//! is written.

use std::path::PathBuf;

use clap::Subcommand;
use ttdt_core::{import, Error, Store};

use crate::args::read_file;
use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    Sites {
        campaign: String,
        file: PathBuf,
        /// Sheet to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Columns, 1-based, e.g. agency=2,level=3,url=5,block=4,parent=6 (default: from the header row).
        #[arg(long)]
        map: Option<String>,
        /// Rows before the data: title rows, the header row and any numbering row under it
        /// (default: found in the file, as the app's preview finds them).
        #[arg(long)]
        header_rows: Option<usize>,
        /// Check every row and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows and leave the bad ones out (default: import nothing if any row is bad).
        #[arg(long)]
        skip_errors: bool,
        /// A row whose address is already in the campaign updates that site (agency, level,
        /// block, parent) instead of being refused as a duplicate.
        #[arg(long)]
        update_existing: bool,
        /// Write the refused rows, with their reasons, to this CSV file (opens in Excel).
        #[arg(long, value_name = "FILE")]
        rejected: Option<PathBuf>,
    },
}

pub fn exec(store: &mut Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    let Cmd::Sites { campaign, file, sheet, map, header_rows, dry_run, skip_errors, update_existing, rejected } = cmd;
    let c = store.find_campaign(campaign)?;
    let bytes = read_file(file)?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("tệp");
    let preview = import::preview(&bytes, name, sheet.as_deref())?;
    let header_rows = header_rows.unwrap_or(preview.header_rows as usize);
    let table = preview.table;
    let columns = match (map, header_rows == preview.header_rows as usize) {
        (Some(m), _) => parse_map(m)?,
        (None, true) => preview.map,
        (None, false) => import::guess_columns(table.rows.get(header_rows.saturating_sub(1)).map(Vec::as_slice).unwrap_or(&[])),
    };
    let rows = import::map_rows(&table, &columns, header_rows)?;
    let options = import::ImportOptions { skip_invalid: *skip_errors, dry_run: *dry_run, update_existing: *update_existing };
    let report = store.import_sites_with(c.id, &rows, options)?;
    let rejected_path = match rejected {
        Some(path) if report.invalid > 0 => Some(import::save_rejected(&table, header_rows, &report, &ttdt_core::files::Destination::File(path.clone()))?),
        _ => None,
    };
    let failed = !report.committed && !dry_run;
    out.print(&report, || {
        let mut s = format!("Trang tính “{}”: {} dòng tiêu đề, {} dòng hợp lệ, {} dòng lỗi.\n", table.sheet, header_rows, report.valid, report.invalid);
        for r in report.rows.iter().filter(|r| !r.errors.is_empty()) {
            s += &format!("  dòng {}: {}\n", r.line, r.errors.join("; "));
        }
        if let Some(p) = &rejected_path {
            s += &format!("Các dòng lỗi đã ghi vào {}.\n", p.display());
        }
        s += &if report.committed {
            let updated = if report.updated > 0 { format!(", cập nhật {} trang đã có", report.updated) } else { String::new() };
            format!("Đã nhập {} trang{updated}.\n", report.added)
        } else if *dry_run {
            "Chạy thử: chưa ghi gì.\n".to_string()
        } else {
            "Không nhập gì vì có dòng lỗi. Sửa tệp, hoặc dùng --skip-errors để bỏ qua các dòng lỗi.\n".to_string()
        };
        s
    })?;
    if failed {
        return Err(Error::Invalid {
            field: "file",
            reason: format!("{} rows with errors; nothing imported", report.invalid),
            message_vi: format!("Có {} dòng lỗi; chưa nhập gì.", report.invalid),
        });
    }
    Ok(())
}

/// A `--map` such as `agency=2,level=3,url=5`: 1-based columns.
fn parse_map(spec: &str) -> Result<import::ColumnMap, Error> {
    let bad = || Error::Invalid {
        field: "map",
        reason: format!("bad column map {spec:?}"),
        message_vi: format!("Ánh xạ cột “{spec}” không hợp lệ; ví dụ: agency=2,level=3,url=5,block=4,parent=6"),
    };
    let mut m = import::ColumnMap::default();
    for part in spec.split(',') {
        let (k, v) = part.split_once('=').ok_or_else(bad)?;
        let n: u32 = v.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(bad)?;
        let slot = match k.trim() {
            "agency" => &mut m.agency,
            "level" => &mut m.level,
            "url" => &mut m.url,
            "block" => &mut m.block,
            "parent" => &mut m.parent,
            _ => return Err(bad()),
        };
        *slot = Some(n - 1);
    }
    Ok(m)
}
