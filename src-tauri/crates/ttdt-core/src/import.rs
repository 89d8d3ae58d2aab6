//! Reading a list of sites from XLSX, XLS, ODS or CSV, mapping its columns and checking every row
//! before anything is written.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
pub use ttdt_model::import::*;
use crate::error::{Error, Result};

/// Reads a file and guesses its columns from the first row.
pub fn preview(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<ImportPreview> {
    let table = read_table(bytes, name, sheet)?;
    let map = guess_columns(table.rows.first().map(Vec::as_slice).unwrap_or(&[]));
    Ok(ImportPreview { table, map })
}

/// Largest file accepted for an import.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

fn not_a_table(name: &str) -> Error {
    Error::invalid(
        "file",
        format!("{name}: not a spreadsheet or CSV"),
        format!("Tệp “{name}” không phải bảng tính (XLSX, XLS, ODS) hay CSV."),
    )
}

/// Reads a sheet (the first one unless `sheet` names another) from spreadsheet or CSV bytes.
pub fn read_table(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<Table> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid("file", "file too large", format!("Tệp “{name}” lớn quá 20 MB.")));
    }
    if let Ok(mut wb) = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())) {
        let sheets = wb.sheet_names().to_vec();
        let chosen = match sheet {
            Some(s) if sheets.iter().any(|x| x == s) => s.to_string(),
            Some(s) => {
                return Err(Error::invalid("sheet", format!("no sheet {s}"), format!("Không có trang tính “{s}” trong tệp.")))
            }
            None => sheets.first().cloned().ok_or_else(|| not_a_table(name))?,
        };
        let range = wb.worksheet_range(&chosen).map_err(|_| not_a_table(name))?;
        let rows = range.rows().map(|r| r.iter().map(cell_text).collect()).collect();
        return Ok(Table { sheets, sheet: chosen, rows });
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|_| not_a_table(name))?;
    if text.contains('\0') || !text.lines().take(5).any(|l| l.contains(',') || l.contains(';') || l.contains('\t')) {
        return Err(not_a_table(name));
    }
    Ok(Table { sheets: vec!["CSV".into()], sheet: "CSV".into(), rows: parse_csv(text) })
}

/// CSV with `,`, `;` or tab (whichever the first line uses most), and quoted cells.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let first = text.lines().next().unwrap_or("");
    let sep = [',', ';', '\t'].into_iter().max_by_key(|c| first.matches(*c).count()).unwrap_or(',');
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, c) if c == sep => row.push(std::mem::take(&mut cell).trim().to_string()),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell).trim().to_string());
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell.trim().to_string());
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|c| !c.is_empty()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_semicolons_and_bom() {
        let t = read_table("\u{feff}Tên cơ quan;Cấp;Địa chỉ\r\n\"Sở Y tế; tỉnh Sơn Hà\";Sở;syt.sonha.gov.vn\r\n".as_bytes(), "a.csv", None).unwrap();
        assert_eq!(t.rows[1], vec!["Sở Y tế; tỉnh Sơn Hà", "Sở", "syt.sonha.gov.vn"]);
    }

    #[test]
    fn a_file_that_is_not_a_table_is_refused() {
        let err = read_table(b"%PDF-1.4 not a table", "bao-cao.pdf", None).unwrap_err();
        assert!(err.user_message().contains("không phải bảng tính"));
        assert!(read_table(&[0u8, 159, 146, 150], "x.bin", None).is_err());
    }
}
