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
    /// False for a dry run, or when rows had errors and were not to be skipped.
    pub committed: bool,
}

/// A file read for import, with the columns guessed from its header row.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub table: Table,
    pub map: ColumnMap,
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
        out.push(ImportRow { line, agency_name, level, url, block: get(row, map.block), parent: get(row, map.parent), errors });
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
}
