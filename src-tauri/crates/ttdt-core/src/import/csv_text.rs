//! CSV as spreadsheets on Vietnamese Windows save it: "CSV" in windows-1258 (Vietnamese written
//! partly with combining tone marks), "CSV UTF-8" with a BOM, "Unicode Text" in UTF-16 with a BOM
//! and tabs; `,`, `;` or tab, quoted cells. Text is decoded, read with the `csv` crate, and every
//! cell trimmed and put in NFC.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1258};

use super::{check_span, nfc, not_a_table, too_big, too_much_text, MAX_COLUMNS, MAX_TEXT_BYTES};
use crate::error::Result;

/// The sheet name a CSV file is given.
const SHEET: &str = "CSV";
/// Most separators a line may hold before the reader would keep an index of every field; more is
/// no list of sites.
const MAX_SEPARATORS_PER_LINE: usize = 100_000;

pub(super) fn read(bytes: &[u8], name: &str) -> Result<Vec<Vec<String>>> {
    let text = decode(bytes).ok_or_else(|| not_a_table(name))?;
    if text.contains('\0') || !text.lines().take(5).any(|l| l.contains([',', ';', '\t'])) {
        return Err(not_a_table(name));
    }
    // The separator is whichever the first line uses most.
    let first = text.lines().next().unwrap_or("");
    let sep = [b',', b';', b'\t'].into_iter().max_by_key(|c| first.matches(*c as char).count()).unwrap_or(b',');
    if text.lines().any(|l| l.bytes().filter(|b| *b == sep).count() > MAX_SEPARATORS_PER_LINE) {
        return Err(too_big(SHEET, 1, MAX_SEPARATORS_PER_LINE as u64 + 1, None));
    }
    let mut reader = csv::ReaderBuilder::new().delimiter(sep).flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut width, mut cells, mut text_bytes) = (0u64, 0u64, 0u64);
    for record in reader.records() {
        // The text is UTF-8 already and the reader is flexible: an error here is not a CSV.
        let record = record.map_err(|_| not_a_table(name))?;
        // Trailing empty cells (a stray far column in the sheet it came from) are dropped when
        // the row is wider than a sheet may be.
        let used = (0..record.len()).rev().find(|i| !record[*i].trim().is_empty()).map_or(0, |i| i + 1);
        if used == 0 {
            continue;
        }
        let keep = if record.len() as u64 > MAX_COLUMNS { used } else { record.len() };
        width = width.max(keep as u64);
        cells += keep as u64;
        check_span(SHEET, rows.len() as u64 + 1, width, None)?;
        if cells > super::MAX_CELLS {
            return Err(too_big(SHEET, rows.len() as u64 + 1, width, None));
        }
        let mut row = Vec::with_capacity(keep);
        for c in record.iter().take(keep) {
            let c = nfc(c.trim());
            text_bytes += c.len() as u64;
            row.push(c);
        }
        if text_bytes > MAX_TEXT_BYTES {
            return Err(too_much_text(SHEET));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// The text of a CSV file: by its BOM (UTF-8, UTF-16LE, UTF-16BE); else UTF-16 recognised by its
/// zero bytes; else UTF-8 if it is valid; else windows-1258, the "CSV" Excel writes on Vietnamese
/// Windows, unless the bytes hold control codes no text file has.
pub(super) fn decode(bytes: &[u8]) -> Option<String> {
    let strict = |enc: &'static Encoding, b: &[u8]| enc.decode_without_bom_handling_and_without_replacement(b).map(|c| c.into_owned());
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return strict(UTF_8, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Some(UTF_16LE.decode_without_bom_handling(rest).0.into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Some(UTF_16BE.decode_without_bom_handling(rest).0.into_owned());
    }
    // Guessed encodings must give text: bytes windows-1258 leaves undefined decode to C1
    // controls, and C0 controls other than tab, line ends, form feed and the old end-of-file
    // mark do not occur in text either.
    let text = |s: String| (!s.chars().any(|c| matches!(c, '\0'..='\u{8}' | '\u{e}'..='\u{19}' | '\u{1b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'))).then_some(s);
    if let Some(enc) = sniff_utf16(bytes) {
        return strict(enc, bytes).and_then(text);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    text(WINDOWS_1258.decode_without_bom_handling(bytes).0.into_owned())
}

/// UTF-16 without a BOM: text mostly in ASCII (addresses, separators) has a zero in every other
/// byte, on the odd side for little endian and the even side for big endian.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| head.iter().skip(offset).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 3 >= pairs && even * 20 < pairs {
        Some(UTF_16LE)
    } else if even * 3 >= pairs && odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_recognised() {
        let text = "Tên cơ quan,Cấp\nSở Y tế,Sở\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), text);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&[&[0xFF, 0xFE][..], &le].concat()).unwrap(), text);
        assert_eq!(decode(&le).unwrap(), text, "UTF-16LE without a BOM");
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&[&[0xFE, 0xFF][..], &be].concat()).unwrap(), text);
        // windows-1258: "Sở" is S, ơ (0xF5), then the combining hook above (0xD2).
        let decoded = decode(b"S\xF5\xD2,S\xF5\xD2 Y t\xEA\xEC\n").unwrap();
        assert_eq!(nfc(&decoded), "Sở,Sở Y tế\n");
        assert!(decode(b"\x01\x02\x81binary,junk\xff").is_none());
    }

    #[test]
    fn a_far_stray_column_is_dropped_but_a_wide_row_is_refused() {
        let mut stray = "Tên cơ quan,Cấp,Địa chỉ".to_string();
        stray.push_str(&",".repeat(700));
        stray.push_str("\nSở Y tế,Sở,syt.sonha.gov.vn\n");
        let rows = read(stray.as_bytes(), "a.csv").unwrap();
        assert_eq!(rows[0].len(), 3);
        let wide: Vec<String> = (0..300).map(|i| format!("c{i}")).collect();
        let err = read(format!("{}\n", wide.join(",")).as_bytes(), "a.csv").unwrap_err();
        assert!(err.user_message().starts_with("Bảng tính quá lớn"), "{}", err.user_message());
    }
}
