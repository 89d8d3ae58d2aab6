//! The rows an import refused, as a CSV to send back to the agency that sent the list: each
//! refused row as the file had it, with its line number and why it was refused.

use std::path::PathBuf;

use ttdt_model::import::{header_at, ImportReport, Table};
use ttdt_model::text::csv_cell;
use ttdt_store::files::{self, Destination};

use crate::error::{Error, Result};

/// The file name a refused-rows export is saved under unless the user picks another.
pub const REJECTED_FILE_NAME: &str = "dong-loi-danh-sach-trang.csv";

/// The CSV text: a UTF-8 BOM (so that Excel reads the Vietnamese), the header row of the sheet
/// (the names of its columns) with "Dòng" before it and "Lý do" after it, then every refused row.
pub fn rejected_csv(table: &Table, header_rows: usize, report: &ImportReport) -> Result<String> {
    let rejected: Vec<_> = report.rows.iter().filter(|r| !r.errors.is_empty()).collect();
    if rejected.is_empty() {
        return Err(Error::invalid("rows", "no refused rows", "Không có dòng lỗi nào để xuất."));
    }
    let header = header_at(&table.rows, header_rows).names;
    let width = rejected.iter().filter_map(|r| table.rows.get(r.line as usize - 1)).map(Vec::len).chain([header.len()]).max().unwrap_or(0);
    let line = |first: &str, cells: &[String], last: &str| {
        let mut out: Vec<String> = vec![csv_cell(first)];
        out.extend((0..width).map(|j| csv_cell(cells.get(j).map(String::as_str).unwrap_or(""))));
        out.push(csv_cell(last));
        out.join(",") + "\r\n"
    };
    let mut text = String::from("\u{feff}");
    text += &line("Dòng", &header, "Lý do");
    for r in rejected {
        let cells = table.rows.get(r.line as usize - 1).cloned().unwrap_or_default();
        text += &line(&r.line.to_string(), &cells, &r.errors.join("; "));
    }
    Ok(text)
}

/// Writes the refused rows to the chosen file (or the export folder); returns the file.
pub fn save_rejected(table: &Table, header_rows: usize, report: &ImportReport, to: &Destination) -> Result<PathBuf> {
    let text = rejected_csv(table, header_rows, report)?;
    let path = to.path(REJECTED_FILE_NAME);
    files::write_atomic(&path, text.as_bytes())?;
    Ok(path)
}
