//! A list of sites read for import, its column mapping and the check of every row before
//! anything is written. Reading the file (XLSX, XLS, ODS, CSV) is the application layer's part.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::domain::Level;
use crate::error::{Error, Result};
use crate::text::Folded;

/// Rows of one sheet, as text.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Table {
    pub sheets: Vec<String>,
    pub sheet: String,
    pub rows: Vec<Vec<String>>,
}

/// Which column (0-based) holds what; agency, level and URL are required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnMap {
    pub agency: Option<u32>,
    pub level: Option<u32>,
    pub url: Option<u32>,
    pub block: Option<u32>,
    pub parent: Option<u32>,
}

/// One data row after mapping, with what is wrong with it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportRow {
    /// Line in the sheet, 1-based as a spreadsheet shows it.
    #[ts(type = "number")]
    pub line: u32,
    pub agency_name: String,
    pub level: Option<Level>,
    pub url: String,
    pub block: String,
    pub parent: String,
    /// Vietnamese messages; empty when the row can be imported.
    pub errors: Vec<String>,
    /// What the import does (or, in a dry run, would do) with the row when it has no errors.
    #[serde(default)]
    pub action: RowAction,
}

/// What an import does with a row that has no errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A new site.
    #[default]
    Add,
    /// The address is already in the campaign: its agency, level, block or parent are updated.
    Update,
    /// The address is already in the campaign with the same details.
    Unchanged,
    /// A line after the list that is no site (a signature, a note): left out, shown as such.
    Ignored,
}

impl RowAction {
    pub const ALL: [RowAction; 4] = [RowAction::Add, RowAction::Update, RowAction::Unchanged, RowAction::Ignored];

    pub fn label_vi(self) -> &'static str {
        match self {
            RowAction::Add => "Thêm mới",
            RowAction::Update => "Cập nhật",
            RowAction::Unchanged => "Đã có, không đổi",
            RowAction::Ignored => "Bỏ qua (không phải dòng dữ liệu)",
        }
    }
}

/// How an import treats its rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    /// Import the good rows and leave the bad ones out (otherwise nothing is imported if any row is bad).
    pub skip_invalid: bool,
    /// Check every row and write nothing.
    pub dry_run: bool,
    /// A row whose address is already in the campaign updates that site instead of being an error.
    pub update_existing: bool,
}

/// What an import did, row by row.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub rows: Vec<ImportRow>,
    #[ts(type = "number")]
    pub valid: u32,
    #[ts(type = "number")]
    pub invalid: u32,
    #[ts(type = "number")]
    pub added: u32,
    /// Sites updated from their row (`ImportOptions::update_existing`).
    #[serde(default)]
    #[ts(type = "number")]
    pub updated: u32,
    /// False for a dry run, or when rows had errors and were not to be skipped.
    pub committed: bool,
}

/// A file read for import, with the columns guessed from its header row.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub table: Table,
    pub map: ColumnMap,
    /// Rows before the data: title rows, the header row and any numbering row under it.
    #[ts(type = "number")]
    pub header_rows: u32,
}

/// Lower case, without diacritics, whitespace collapsed, whatever the Unicode form: a header or
/// level typed in NFD ("Sở" as "S", "o", U+031B, U+0309) folds as its NFC spelling does.
fn fold(s: &str) -> String {
    Folded::new(s).plain
}

/// A cell's text in NFC, so that the same name typed or exported in another normal form is one
/// name for comparisons, duplicates and storage.
fn nfc(s: String) -> String {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s,
        _ => s.nfc().collect(),
    }
}

/// Guesses the columns from a header row ("Tên cơ quan", "Cấp", "Khối", "Địa chỉ"/"URL", "Cổng chính").
pub fn guess_columns(header: &[String]) -> ColumnMap {
    let mut m = ColumnMap::default();
    for (i, h) in header.iter().enumerate() {
        let h = fold(h);
        let i = i as u32;
        if m.parent.is_none() && (h.contains("cong chinh") || h.contains("parent") || h.contains("truc thuoc")) {
            m.parent = Some(i);
        } else if m.url.is_none() && (h.contains("url") || h.contains("dia chi") || h.contains("ten mien") || h.contains("website")) {
            m.url = Some(i);
        } else if m.level.is_none() && (h == "cap" || h.starts_with("cap ") || h.contains("level")) {
            m.level = Some(i);
        } else if m.block.is_none() && (h.contains("khoi") || h.contains("block")) {
            m.block = Some(i);
        } else if m.agency.is_none() && (h.contains("co quan") || h.contains("don vi") || h.contains("agency") || h.contains("ten")) {
            m.agency = Some(i);
        }
    }
    m
}

/// How many of the first rows are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

/// (required columns found, all columns found) of a mapping: how well a row reads as a header.
fn header_score(m: &ColumnMap) -> (usize, usize) {
    let required = [m.agency, m.level, m.url].iter().filter(|c| c.is_some()).count();
    let all = required + [m.block, m.parent].iter().filter(|c| c.is_some()).count();
    (required, all)
}

/// A row of column numbers such as "(1) (2) (3)" or "1 2 3", which official forms put under
/// their headers.
fn is_numbering(row: &[String]) -> bool {
    let cells: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    cells.len() >= 2
        && cells.iter().all(|c| {
            let inner = c.strip_prefix('(').and_then(|c| c.strip_suffix(')')).unwrap_or(c);
            !inner.is_empty() && inner.chars().all(|ch| ch.is_ascii_digit())
        })
}

/// A row that holds a site: some cell is a web address.
fn holds_address(row: &[String]) -> bool {
    row.iter().any(|c| c.contains('.') && crate::site_url::normalise(c).is_ok())
}

/// The header row spread over two rows (cells merged across columns above, their parts below):
/// each column's text is the nearest upper text at or left of it, then its own lower text.
fn two_row_header(upper: &[String], lower: &[String]) -> Vec<String> {
    let width = upper.len().max(lower.len());
    let mut carried = String::new();
    (0..width)
        .map(|j| {
            let up = upper.get(j).map(|s| s.trim()).unwrap_or("");
            let low = lower.get(j).map(|s| s.trim()).unwrap_or("");
            if !up.is_empty() {
                carried = up.to_string();
            }
            match (up.is_empty(), low.is_empty()) {
                (_, true) => up.to_string(),
                (false, false) => format!("{up} {low}"),
                (true, false) => format!("{carried} {low}"),
            }
        })
        .collect()
}

/// Finds the header of a sheet as official lists lay it out: title and subtitle rows (one merged
/// cell each), blank rows, then the header row (perhaps over two rows, perhaps followed by a row
/// of column numbers). Returns how many rows come before the data, and the columns guessed from
/// the header. A sheet with no recognisable header reads its first row as the header.
pub fn detect_header(rows: &[Vec<String>]) -> (usize, ColumnMap) {
    let mut best: Option<(usize, ColumnMap, (usize, usize))> = None;
    for (i, row) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        // A title is one (merged) cell; a header names several columns.
        if row.iter().filter(|c| !c.trim().is_empty()).count() < 2 || holds_address(row) {
            continue;
        }
        let m = guess_columns(row);
        let score = header_score(&m);
        if score.0 >= 2 && best.as_ref().is_none_or(|b| score > b.2) {
            best = Some((i, m, score));
        }
    }
    let Some((i, mut map, score)) = best else {
        return (1, guess_columns(rows.first().map(Vec::as_slice).unwrap_or(&[])));
    };
    let mut end = i + 1;
    if let Some(next) = rows.get(end).filter(|r| !is_numbering(r) && !holds_address(r)) {
        let joined = guess_columns(&two_row_header(&rows[i], next));
        if header_score(&joined) > score {
            map = joined;
            end += 1;
        }
    }
    if rows.get(end).is_some_and(|r| is_numbering(r)) {
        end += 1;
    }
    (end, map)
}

/// The header of a sheet when the user says how many rows come before the data: the column names
/// (from the last of those rows that is not a row of column numbers, joined with the row above
/// when the two read better as one header) and the columns guessed from them.
pub fn header_at(rows: &[Vec<String>], header_rows: usize) -> ImportHeader {
    let top = &rows[..header_rows.min(rows.len())];
    let Some(last) = top.iter().rposition(|r| !is_numbering(r)) else {
        return ImportHeader { names: Vec::new(), map: ColumnMap::default() };
    };
    let mut names = top[last].clone();
    // A title (one merged cell) names no column, whatever words it has.
    if names.iter().filter(|c| !c.trim().is_empty()).count() < 2 {
        return ImportHeader { names, map: ColumnMap::default() };
    }
    let mut map = guess_columns(&names);
    if last > 0 && !top[last - 1].iter().all(|c| c.trim().is_empty()) {
        let joined = two_row_header(&top[last - 1], &top[last]);
        let joined_map = guess_columns(&joined);
        if header_score(&joined_map) > header_score(&map) {
            (names, map) = (joined, joined_map);
        }
    }
    ImportHeader { names, map }
}

/// The column names of a sheet's header and the columns guessed from them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportHeader {
    pub names: Vec<String>,
    pub map: ColumnMap,
}

/// A level from what people write: "Bộ", "Sở", "Xã", "Tỉnh, thành phố", "ministry", the short
/// forms typed on a command line ("bo", "cuc", "tinh", "so", "xa", "don-vi-thuoc-bo"), …
pub fn parse_level(s: &str) -> Option<Level> {
    let f = fold(s);
    if let Some(l) = Level::parse(&f) {
        return Some(l);
    }
    // Hyphens and underscores read as spaces: "don-vi-thuoc-bo", "xa_phuong".
    let f = f.replace(['-', '_'], " ");
    let starts = |p: &str| f == p || f.starts_with(&format!("{p} ")) || f.starts_with(&format!("{p},"));
    if starts("so") || starts("ban") || f.contains("so, ban") || f.contains("provincial") {
        Some(Level::ProvincialDepartment)
    } else if starts("xa") || starts("phuong") || starts("dac khu") || starts("thi tran") || f.contains("ubnd xa") || f.contains("ubnd phuong") {
        Some(Level::Commune)
    } else if starts("tinh") || starts("thanh pho") || f.contains("ubnd tinh") {
        Some(Level::Province)
    } else if starts("cuc") || starts("tong cuc") || f.contains("don vi thuoc bo") {
        Some(Level::MinistryUnit)
    } else if starts("bo") || f.contains("co quan ngang bo") {
        Some(Level::Ministry)
    } else {
        None
    }
}

/// Maps and checks the data rows (all rows after the header row). Addresses are checked here for
/// shape and for duplicates inside the file; the store checks them against the campaign.
pub fn map_rows(table: &Table, map: &ColumnMap, header_rows: usize) -> Result<Vec<ImportRow>> {
    let (Some(a), Some(l), Some(u)) = (map.agency, map.level, map.url) else {
        return Err(Error::invalid(
            "columns",
            "agency, level and url columns are required",
            "Hãy chọn cột tên cơ quan, cột cấp và cột địa chỉ trang.",
        ));
    };
    let get = |row: &[String], c: Option<u32>| nfc(c.and_then(|c| row.get(c as usize)).cloned().unwrap_or_default());
    let mut seen: Vec<(String, u32)> = Vec::new();
    let mut out = Vec::new();
    for (i, row) in table.rows.iter().enumerate().skip(header_rows) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = i as u32 + 1;
        let agency_name = get(row, Some(a));
        let level_text = get(row, Some(l));
        let url = get(row, Some(u));
        let mut errors = Vec::new();
        if agency_name.trim().is_empty() {
            errors.push("thiếu tên cơ quan".to_string());
        }
        let level = parse_level(&level_text);
        if level.is_none() {
            errors.push(format!("cấp “{level_text}” không hợp lệ"));
        }
        match crate::site_url::normalise(&url) {
            Ok(n) => {
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == n.key) {
                    errors.push(format!("trùng địa chỉ với dòng {first}"));
                } else {
                    seen.push((n.key, line));
                }
            }
            Err(e) => errors.push(e.user_message().trim_end_matches('.').to_string()),
        }
        let action = RowAction::Add;
        out.push(ImportRow { line, agency_name, level, url, block: get(row, map.block), parent: get(row, map.parent), errors, action });
    }
    // Lines after the list that hold no site (the place and date, "Người lập biểu", a note):
    // no level, no address and no row number. They are shown as left out, not as errors.
    let numbered = |line: u32| {
        table.rows[line as usize - 1].iter().any(|c| !c.trim().is_empty() && c.trim().chars().all(|ch| ch.is_ascii_digit()))
    };
    for r in out.iter_mut().rev() {
        let no_site = r.level.is_none() && crate::site_url::normalise(&r.url).is_err() && !numbered(r.line);
        if !no_site {
            break;
        }
        r.errors.clear();
        r.action = RowAction::Ignored;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_levels_are_recognised_in_vietnamese() {
        let header: Vec<String> = ["STT", "Tên cơ quan", "Cấp", "Khối", "Địa chỉ trang", "Cổng chính"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            guess_columns(&header),
            ColumnMap { agency: Some(1), level: Some(2), url: Some(4), block: Some(3), parent: Some(5) }
        );
        assert_eq!(parse_level("Sở, ban, ngành"), Some(Level::ProvincialDepartment));
        assert_eq!(parse_level("UBND xã"), Some(Level::Commune));
        assert_eq!(parse_level("Xã, phường"), Some(Level::Commune));
        assert_eq!(parse_level("Phường"), Some(Level::Commune));
        assert_eq!(parse_level("Bộ"), Some(Level::Ministry));
        assert_eq!(parse_level("Tỉnh"), Some(Level::Province));
        assert_eq!(parse_level("Cục"), Some(Level::MinistryUnit));
        assert_eq!(parse_level("province"), Some(Level::Province));
        assert_eq!(parse_level("huyện"), None);
    }

    #[test]
    fn command_line_spellings_of_levels_are_recognised() {
        let cases = [
            ("ministry", Level::Ministry),
            ("ministry_unit", Level::MinistryUnit),
            ("province", Level::Province),
            ("provincial_department", Level::ProvincialDepartment),
            ("commune", Level::Commune),
            (" Province ", Level::Province),
            ("MINISTRY_UNIT", Level::MinistryUnit),
            ("bo", Level::Ministry),
            ("bộ", Level::Ministry),
            ("cuc", Level::MinistryUnit),
            ("cục", Level::MinistryUnit),
            ("don-vi-thuoc-bo", Level::MinistryUnit),
            ("tinh", Level::Province),
            ("tỉnh", Level::Province),
            ("so", Level::ProvincialDepartment),
            ("sở", Level::ProvincialDepartment),
            ("xa", Level::Commune),
            ("xã", Level::Commune),
            ("phuong", Level::Commune),
            ("phường", Level::Commune),
        ];
        for (text, level) in cases {
            assert_eq!(parse_level(text), Some(level), "{text:?}");
        }
        for text in ["huyen", "bogus", ""] {
            assert_eq!(parse_level(text), None, "{text:?}");
        }
    }

    /// Decomposed text (NFD, as macOS and some exports write it) and the mixed form windows-1258
    /// decodes to (a base letter, then a combining tone mark) read as their NFC spelling.
    #[test]
    fn decomposed_headers_levels_and_cells_read_as_composed() {
        let nfd = |s: &str| s.nfd().collect::<String>();
        let header: Vec<String> = ["STT", "Tên cơ quan", "Cấp", "Khối", "Địa chỉ trang", "Cổng chính"].iter().map(|s| nfd(s)).collect();
        assert_ne!(header[2], "Cấp", "the header is really decomposed");
        assert_eq!(
            guess_columns(&header),
            ColumnMap { agency: Some(1), level: Some(2), url: Some(4), block: Some(3), parent: Some(5) }
        );
        for (text, level) in [
            ("Sở", Level::ProvincialDepartment),
            ("Sở, ban, ngành", Level::ProvincialDepartment),
            ("Xã", Level::Commune),
            ("Phường", Level::Commune),
            ("Tỉnh", Level::Province),
            ("Bộ", Level::Ministry),
            ("Cục", Level::MinistryUnit),
        ] {
            assert_eq!(parse_level(&nfd(text)), Some(level), "{text} in NFD");
        }
        // windows-1258 keeps ơ precomposed and writes the hook above as U+0309.
        assert_eq!(parse_level("S\u{1a1}\u{309}"), Some(Level::ProvincialDepartment));
        assert_eq!(parse_level(&nfd("Huyện")), None);

        let table = Table {
            sheets: vec!["CSV".into()],
            sheet: "CSV".into(),
            rows: vec![
                header.clone(),
                vec![nfd("1"), nfd("Sở Tư pháp tỉnh Sơn Hà"), nfd("Sở"), nfd("Khối sở, ngành"), nfd("stp.sonha.gov.vn"), nfd("sonha.gov.vn")],
            ],
        };
        let rows = map_rows(&table, &guess_columns(&header), 1).unwrap();
        assert!(rows[0].errors.is_empty(), "{:?}", rows[0].errors);
        assert_eq!(rows[0].agency_name, "Sở Tư pháp tỉnh Sơn Hà");
        assert_eq!(rows[0].block, "Khối sở, ngành");
        assert_eq!(rows[0].level, Some(Level::ProvincialDepartment));
    }

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    /// An official list: a merged title, a merged subtitle, a blank row, the header row, a row of
    /// column numbers, the data, then the place, date and signatures.
    #[test]
    fn the_header_is_found_below_title_rows_and_above_a_numbering_row() {
        let t = rows(&[
            &["DANH SÁCH CỔNG/TRANG THÔNG TIN ĐIỆN TỬ CỦA CÁC CƠ QUAN, ĐƠN VỊ TỈNH SƠN HÀ", "", "", "", "", ""],
            &["(Kèm theo Công văn số 1234/SKHCN-CĐS của Sở Khoa học và Công nghệ)", "", "", "", "", ""],
            &["", "", "", "", "", ""],
            &["STT", "Tên cơ quan", "Cấp", "Khối", "Địa chỉ cổng TTĐT", "Ghi chú"],
            &["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            &["1", "Ủy ban nhân dân tỉnh Sơn Hà", "Tỉnh", "", "sonha.gov.vn", ""],
            &["2", "Sở Tư pháp tỉnh Sơn Hà", "Sở", "", "stp.sonha.gov.vn", ""],
            &["3", "UBND huyện Đông Hải", "Huyện", "", "donghai.sonha.gov.vn", ""],
            &["", "", "", "", "", ""],
            &["", "", "", "", "Sơn Hà, ngày 15 tháng 11 năm 2026", ""],
            &["", "NGƯỜI LẬP BIỂU", "", "", "GIÁM ĐỐC", ""],
            &["", "Nguyễn Văn An", "", "", "Trần Thị Bình", ""],
        ]);
        let (header_rows, map) = detect_header(&t);
        assert_eq!(header_rows, 5);
        assert_eq!(map, ColumnMap { agency: Some(1), level: Some(2), url: Some(4), block: Some(3), parent: None });
        let table = Table { sheets: vec!["Danh sách".into()], sheet: "Danh sách".into(), rows: t };
        let out = map_rows(&table, &map, header_rows).unwrap();
        let lines: Vec<(u32, RowAction, usize)> = out.iter().map(|r| (r.line, r.action, r.errors.len())).collect();
        assert_eq!(
            lines,
            vec![
                (6, RowAction::Add, 0),
                (7, RowAction::Add, 0),
                // A district is no level of the 2026 round: an error, numbered, so never a signature.
                (8, RowAction::Add, 1),
                (10, RowAction::Ignored, 0),
                (11, RowAction::Ignored, 0),
                (12, RowAction::Ignored, 0),
            ]
        );
    }

    /// A header over two rows: merged group cells above, their parts below.
    #[test]
    fn a_header_over_two_rows_is_read_as_one() {
        let t = rows(&[
            &["Danh sách cổng thông tin điện tử", "", "", "", ""],
            &["STT", "Cơ quan, đơn vị", "", "Cổng/Trang TTĐT", ""],
            &["", "Tên", "Cấp", "Địa chỉ", "Cổng chính"],
            &["1", "Sở Y tế", "Sở", "syt.sonha.gov.vn", "sonha.gov.vn"],
        ]);
        let (header_rows, map) = detect_header(&t);
        assert_eq!(header_rows, 3);
        assert_eq!(map, ColumnMap { agency: Some(1), level: Some(2), url: Some(3), block: None, parent: Some(4) });
    }

    #[test]
    fn the_header_follows_the_number_of_header_rows_chosen() {
        let t = rows(&[
            &["Danh sách cổng thông tin điện tử của các cơ quan, đơn vị", "", "", "", ""],
            &["STT", "Cơ quan, đơn vị", "", "Cổng/Trang TTĐT", ""],
            &["", "Tên", "Cấp", "Địa chỉ", "Cổng chính"],
            &["(1)", "(2)", "(3)", "(4)", "(5)"],
            &["1", "Sở Y tế", "Sở", "syt.sonha.gov.vn", "sonha.gov.vn"],
        ]);
        let h = header_at(&t, 4);
        assert_eq!(h.names[1], "Tên", "the lower row names the columns well enough alone");
        assert_eq!(h.map, ColumnMap { agency: Some(1), level: Some(2), url: Some(3), block: None, parent: Some(4) });
        assert_eq!(header_at(&t, 4), header_at(&t, 3), "a row of column numbers names nothing");
        assert_eq!(header_at(&t, 1).map, ColumnMap::default(), "the title alone names no column");
        assert_eq!(header_at(&t, 0), ImportHeader::default());
        assert_eq!(header_at(&t, 2).map.agency, Some(1));
    }

    #[test]
    fn a_sheet_without_a_recognisable_header_reads_its_first_row() {
        let t = rows(&[&["a", "b"], &["Sở Y tế", "syt.sonha.gov.vn"]]);
        assert_eq!(detect_header(&t), (1, ColumnMap::default()));
        assert_eq!(detect_header(&[]), (1, ColumnMap::default()));
        // A plain header on the first row stays the first row.
        let t = rows(&[&["Tên cơ quan", "Cấp", "Địa chỉ"], &["Sở Y tế", "Sở", "syt.sonha.gov.vn"]]);
        assert_eq!(detect_header(&t).0, 1);
    }
}
