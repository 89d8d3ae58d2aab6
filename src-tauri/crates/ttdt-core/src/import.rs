//! Reading a list of sites from XLSX, XLS, ODS or CSV, mapping its columns and checking every row
//! before anything is written.
//!
//! The preview runs inside the app, so a hostile or broken file must be refused, never allowed to
//! exhaust memory or time. Every reader is bounded before the spreadsheet library builds anything:
//! the file size; for zip containers (XLSX, ODS) the unpacked size, the number of parts and what
//! the parts the library reads eagerly would make (`zipped`); for XLS the container's chains and
//! the records of every sheet (`xls_scan`); and for every sheet the rows, columns and text it
//! would hold once laid out as a table. A panic inside the library is a refusal too.
//! CSV is decoded from UTF-8, UTF-16 (with its BOM) or windows-1258 (`csv_text`), and every cell
//! is trimmed and put in NFC.

mod csv_text;
mod rejected;
mod xls_scan;
mod zipped;

pub use rejected::{rejected_csv, save_rejected, REJECTED_FILE_NAME};

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, Range, Reader, Xls};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use ttdt_model::import::*;
use crate::error::{Error, Result};

/// Reads a file, finds its header row below any title rows and guesses its columns from it.
pub fn preview(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<ImportPreview> {
    let table = read_table(bytes, name, sheet)?;
    let (header_rows, map) = detect_header(&table.rows);
    Ok(ImportPreview { table, map, header_rows: header_rows as u32 })
}

/// Largest file accepted for an import.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Largest total a zip container (XLSX, ODS) may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;
/// Most rows a sheet may span (from its first to its last cell with data).
pub const MAX_ROWS: u64 = 100_000;
/// Most columns a sheet may span.
pub const MAX_COLUMNS: u64 = 200;
/// Most cells a sheet may span (rows × columns), and all sheets together where the library reads
/// every sheet at once (ODS, XLS).
pub const MAX_CELLS: u64 = 2_000_000;
/// Most text the cells of a file may hold once read.
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a sheet (the first one unless `sheet` names another) from spreadsheet or CSV bytes.
pub fn read_table(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<Table> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid("file", "file too large", format!("Tệp “{name}” lớn quá 20 MB.")));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zipped::read(bytes, name, sheet);
    }
    if bytes.starts_with(&xls_scan::CFB_SIGNATURE) {
        return read_xls(bytes, name, sheet);
    }
    let rows = csv_text::read(bytes, name)?;
    Ok(Table { sheets: vec!["CSV".into()], sheet: "CSV".into(), rows })
}

fn read_xls(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<Table> {
    xls_scan::check(bytes, name)?;
    let (sheets, chosen, range) = guarded(name, || {
        let mut wb = Xls::new(Cursor::new(bytes)).map_err(|e| {
            log::info!("{name}: not read as XLS: {e}");
            not_a_table(name)
        })?;
        let sheets = wb.sheet_names().to_vec();
        let chosen = choose_sheet(&sheets, sheet, name)?;
        let range = wb.worksheet_range(&chosen).map_err(|_| not_a_table(name))?;
        Ok((sheets, chosen, range))
    })?;
    Ok(Table { rows: range_rows(&range, &chosen)?, sheets, sheet: chosen })
}

/// Runs a spreadsheet library call; a panic inside it (a malformed file it did not expect) is a
/// refusal of the file, not the end of the app.
fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        log::warn!("{name}: the spreadsheet reader panicked");
        Err(damaged(name))
    })
}

fn choose_sheet(sheets: &[String], wanted: Option<&str>, name: &str) -> Result<String> {
    match wanted {
        Some(s) if sheets.iter().any(|x| x == s) => Ok(s.to_string()),
        Some(s) => Err(Error::invalid("sheet", format!("no sheet {s}"), format!("Không có trang tính “{s}” trong tệp."))),
        None => sheets.first().cloned().ok_or_else(|| not_a_table(name)),
    }
}

/// The rows of a range read by the library, as trimmed NFC text, within the limits.
fn range_rows(range: &Range<Data>, sheet: &str) -> Result<Vec<Vec<String>>> {
    let (h, w) = range.get_size();
    check_span(sheet, h as u64, w as u64, None)?;
    let mut text = 0u64;
    let mut rows = Vec::with_capacity(h);
    for r in range.rows() {
        let mut row = Vec::with_capacity(r.len());
        for d in r {
            let t = cell_text(d);
            text += t.len() as u64;
            if text > MAX_TEXT_BYTES {
                return Err(too_much_text(sheet));
            }
            row.push(t);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Cells met one by one (XLSX), laid out as the rows of a table once all are known. The span is
/// checked at every cell, so a far cell is refused as soon as it is met.
struct Grid<'a> {
    sheet: &'a str,
    cells: Vec<(u32, u32, String)>,
    /// First and last (row, column) met.
    bounds: Option<((u32, u32), (u32, u32))>,
    text: u64,
}

impl<'a> Grid<'a> {
    fn new(sheet: &'a str) -> Self {
        Grid { sheet, cells: Vec::new(), bounds: None, text: 0 }
    }

    /// Whether a cell of `len` more bytes of text fits; checked before the text is copied.
    fn reserve_text(&mut self, len: usize) -> Result<()> {
        self.text += len as u64;
        if self.text > MAX_TEXT_BYTES {
            return Err(too_much_text(self.sheet));
        }
        Ok(())
    }

    fn push(&mut self, (row, col): (u32, u32), text: String) -> Result<()> {
        let ((r0, c0), (r1, c1)) = self.bounds.unwrap_or(((row, col), (row, col)));
        self.bounds = Some(((r0.min(row), c0.min(col)), (r1.max(row), c1.max(col))));
        let (h, w) = self.size();
        check_span(self.sheet, h, w, Some((row, col)))?;
        if self.cells.len() as u64 >= MAX_CELLS {
            return Err(too_big(self.sheet, h, w, None));
        }
        self.cells.push((row, col, text));
        Ok(())
    }

    fn size(&self) -> (u64, u64) {
        self.bounds.map_or((0, 0), |((r0, c0), (r1, c1))| ((r1 - r0) as u64 + 1, (c1 - c0) as u64 + 1))
    }

    /// Rows from the first to the last row with data, columns likewise, as the library lays out
    /// a range; a cell given twice keeps its last value.
    fn into_rows(self) -> Vec<Vec<String>> {
        let (h, w) = self.size();
        let ((r0, c0), _) = self.bounds.unwrap_or_default();
        let mut rows = vec![vec![String::new(); w as usize]; h as usize];
        for (r, c, t) in self.cells {
            rows[(r - r0) as usize][(c - c0) as usize] = t;
        }
        rows
    }
}

/// Refuses a sheet spanning more rows, columns or cells than a list of sites can need.
fn check_span(sheet: &str, rows: u64, cols: u64, cell: Option<(u32, u32)>) -> Result<()> {
    if rows > MAX_ROWS || cols > MAX_COLUMNS || rows.saturating_mul(cols) > MAX_CELLS {
        return Err(too_big(sheet, rows, cols, cell));
    }
    Ok(())
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => nfc(s.trim()),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => nfc(other.to_string().trim()),
    }
}

/// Text in NFC: Vietnamese written with combining tone marks (windows-1258, NFD) becomes the
/// precomposed letters people type, so names compare, match and store as one.
fn nfc(s: &str) -> String {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

/// "AB12" for a 0-based (row, column).
fn cell_name((row, col): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// 1048576 → "1.048.576", as numbers are grouped in Vietnamese.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    digits.as_bytes().rchunks(3).rev().map(|c| String::from_utf8_lossy(c)).collect::<Vec<_>>().join(".")
}

fn not_a_table(name: &str) -> Error {
    Error::invalid(
        "file",
        format!("{name}: not a spreadsheet or CSV"),
        format!("Tệp “{name}” không phải bảng tính (XLSX, XLS, ODS) hay CSV."),
    )
}

fn password(name: &str) -> Error {
    Error::invalid(
        "file",
        format!("{name}: encrypted with a password"),
        format!("Tệp “{name}” được đặt mật khẩu nên không đọc được. Hãy mở tệp, bỏ mật khẩu rồi lưu lại."),
    )
}

fn damaged(name: &str) -> Error {
    Error::invalid(
        "file",
        format!("{name}: damaged or malformed spreadsheet"),
        format!("Tệp “{name}” bị hỏng hoặc có cấu trúc bất thường. Hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại thành XLSX."),
    )
}

fn too_big(sheet: &str, rows: u64, cols: u64, cell: Option<(u32, u32)>) -> Error {
    let (at_en, at_vi) = match cell {
        Some(c) => (format!(", to cell {}", cell_name(c)), format!(", tới ô {}", cell_name(c))),
        None => (String::new(), String::new()),
    };
    Error::invalid(
        "file",
        format!("sheet {sheet} spans {rows} rows x {cols} columns{at_en}; the limits are {MAX_ROWS} rows, {MAX_COLUMNS} columns, {MAX_CELLS} cells"),
        format!(
            "Bảng tính quá lớn: trang “{sheet}” trải trên {} dòng × {} cột{at_vi}, trong khi tệp nhập chỉ nhận tối đa {} dòng và {} cột. \
             Hãy xoá các dòng, cột thừa ở xa (Ctrl+End đưa tới ô cuối cùng có dữ liệu) rồi lưu lại.",
            grouped(rows),
            grouped(cols),
            grouped(MAX_ROWS),
            grouped(MAX_COLUMNS),
        ),
    )
}

fn too_much_text(sheet: &str) -> Error {
    Error::invalid(
        "file",
        format!("sheet {sheet} holds more than {MAX_TEXT_BYTES} bytes of text"),
        format!("Bảng tính quá lớn: chữ trong trang “{sheet}” vượt quá {} MB, quá nhiều với một danh sách trang.", MAX_TEXT_BYTES >> 20),
    )
}

/// A file whose parts, once unpacked or read, would exceed the limits: `reason` in English for
/// the log, `detail` the Vietnamese clause saying what ("giải nén ra hơn 50 MB").
fn too_large_file(name: &str, reason: &str, detail: &str) -> Error {
    Error::invalid(
        "file",
        format!("{name}: {reason}"),
        format!("Bảng tính quá lớn: tệp “{name}” {detail}, quá nhiều với một danh sách trang. Hãy chép danh sách sang một tệp mới rồi lưu lại."),
    )
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

    #[test]
    fn cell_names_and_grouped_numbers() {
        assert_eq!(cell_name((0, 0)), "A1");
        assert_eq!(cell_name((1_048_575, 16_383)), "XFD1048576");
        assert_eq!(cell_name((9, 26)), "AA10");
        assert_eq!(grouped(1_048_576), "1.048.576");
        assert_eq!(grouped(200), "200");
        assert_eq!(grouped(100_000), "100.000");
    }

    #[test]
    fn a_far_cell_is_refused_when_met() {
        let mut g = Grid::new("Danh sách");
        g.push((0, 0), "Tên cơ quan".into()).unwrap();
        g.push((2, 3), "Sở Tư pháp".into()).unwrap();
        let err = g.push((1_048_575, 16_383), "x".into()).unwrap_err();
        assert!(err.user_message().starts_with("Bảng tính quá lớn"), "{}", err.user_message());
        assert!(err.user_message().contains("XFD1048576"), "{}", err.user_message());
        let mut g = Grid::new("Danh sách");
        g.push((4, 1), "b".into()).unwrap();
        g.push((3, 2), "a".into()).unwrap();
        assert_eq!(g.into_rows(), vec![vec!["".to_string(), "a".into()], vec!["b".into(), "".into()]]);
    }
}
