//! XLSX and ODS: zip containers of XML parts.
//!
//! Before the spreadsheet library opens one, the container is checked: how many parts, how much
//! they unpack to (the zip reader refuses to inflate an entry past its declared size, so the
//! declared sizes bound what is read), and what the parts the library reads eagerly would build:
//! the shared strings it reserves room for, the styles it copies into every cell format, and for
//! ODS every sheet, with its repeated rows and columns laid out. An XLSX sheet is then read cell
//! by cell, each checked against the limits before the table is laid out.

use std::io::{BufRead, BufReader, Cursor, Read};

use calamine::{open_workbook_from_rs, DataRef, Ods, OdsError, Reader, Xlsx, XlsxError};
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::{check_span, choose_sheet, damaged, grouped, guarded, nfc, not_a_table, password, range_rows, Grid};
use super::{too_big, too_large_file, too_much_text, MAX_CELLS, MAX_COLUMNS, MAX_TEXT_BYTES, MAX_UNPACKED_BYTES};
use crate::error::{Error, Result};
use crate::import::Table;

type Zip<'a> = ZipArchive<Cursor<&'a [u8]>>;
type PartReader<'z, 'a> = quick_xml::Reader<BufReader<std::io::Take<zip::read::ZipFile<'z, Cursor<&'a [u8]>>>>>;

/// Most parts a container may hold (a workbook from Excel has a few dozen).
const MAX_ENTRIES: usize = 10_000;
/// Most bytes the cell formats may take once each has its copies, by an estimate from the largest
/// font, fill, border and number format. A workbook bloated with Excel's maximum of some 64,000
/// formats stays under it; a few huge fonts named by thousands of formats do not.
const MAX_STYLE_BYTES: u64 = 128 * 1024 * 1024;

pub(super) fn read(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<Table> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_a_table(name))?;
    check_sizes(&zip, name)?;
    if is_ods(&mut zip) {
        scan_ods_content(&mut zip, name)?;
        return read_ods(bytes, name, sheet);
    }
    let parts = part_names(&zip);
    for (i, part) in parts.iter().enumerate() {
        if part.ends_with("sharedstrings.xml") {
            scan_shared_strings(xml(&mut zip, i, name)?, name)?;
        } else if part.ends_with("styles.xml") {
            scan_styles(xml(&mut zip, i, name)?, name)?;
        }
    }
    let binary = parts.iter().any(|p| p.ends_with("workbook.bin"));
    drop(zip);
    read_xlsx(bytes, name, sheet, binary)
}

/// Part names as the library looks them up: lower case, `/` separated.
fn part_names(zip: &Zip) -> Vec<String> {
    zip.file_names().map(|n| n.map(|n| n.replace('\\', "/").to_ascii_lowercase()).unwrap_or_default()).collect()
}

fn check_sizes(zip: &Zip, name: &str) -> Result<()> {
    if zip.len() > MAX_ENTRIES {
        let reason = format!("{} zip entries, more than {MAX_ENTRIES}", zip.len());
        return Err(too_large_file(name, &reason, &format!("gồm hơn {} phần", grouped(MAX_ENTRIES as u64))));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_data(i).map_err(|_| damaged(name))?;
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(too_large_file(
                name,
                &format!("zip entries unpack to more than {MAX_UNPACKED_BYTES} bytes"),
                &format!("giải nén ra hơn {} MB", MAX_UNPACKED_BYTES >> 20),
            ));
        }
    }
    Ok(())
}

fn is_ods(zip: &mut Zip) -> bool {
    let Ok(entry) = zip.by_name("mimetype") else { return false };
    let mut head = Vec::new();
    entry.take(64).read_to_end(&mut head).is_ok() && head.starts_with(b"application/vnd.oasis.opendocument.spreadsheet")
}

/// An XML reader over one part, never reading past the unpacked limit.
fn xml<'z, 'a>(zip: &'z mut Zip<'a>, index: usize, name: &str) -> Result<PartReader<'z, 'a>> {
    let entry = zip.by_index(index).map_err(|_| damaged(name))?;
    let mut r = quick_xml::Reader::from_reader(BufReader::new(entry.take(MAX_UNPACKED_BYTES)));
    let config = r.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    Ok(r)
}

fn attr<'e>(e: &'e BytesStart, key: &str) -> Option<std::borrow::Cow<'e, str>> {
    e.attributes().with_checks(false).flatten().find(|a| a.key.as_ref() == key).map(|a| a.value)
}

fn number(value: Option<std::borrow::Cow<'_, str>>) -> Option<u64> {
    value.and_then(|v| v.trim().parse::<u64>().ok())
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The shared strings: the library reserves room for the count the part declares, then keeps
/// every string.
fn scan_shared_strings<R: BufRead>(mut xml: quick_xml::Reader<R>, name: &str) -> Result<()> {
    let mut buf = Vec::new();
    let mut strings = 0u64;
    loop {
        match xml.read_event_into(&mut buf).map_err(|_| damaged(name))? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "sst" => {
                    let declared = number(attr(&e, "uniqueCount")).unwrap_or(0);
                    if declared > MAX_CELLS {
                        return Err(too_large_file(name, &format!("{declared} shared strings declared"), &format!("khai báo {} chuỗi chữ", grouped(declared))));
                    }
                }
                "si" => {
                    strings += 1;
                    if strings > MAX_CELLS {
                        return Err(too_large_file(name, &format!("more than {MAX_CELLS} shared strings"), &format!("có hơn {} chuỗi chữ", grouped(MAX_CELLS))));
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The styles: the library gives every cell format (`xf`) its own copy of the font, fill,
/// border and number format it names, so a few large ones named by many formats multiply.
fn scan_styles<R: BufRead>(mut xml: quick_xml::Reader<R>, name: &str) -> Result<()> {
    let mut buf = Vec::new();
    let (mut formats, mut in_formats) = (0u64, false);
    let mut group: Option<&'static str> = None;
    let mut started: Option<u64> = None;
    // Largest font, fill, border (bytes of XML) and number format code.
    let mut largest = [0u64; 4];
    loop {
        let before = xml.buffer_position();
        let event = xml.read_event_into(&mut buf).map_err(|_| damaged(name))?;
        let after = xml.buffer_position();
        let slot = |n: &str| ["font", "fill", "border"].iter().position(|k| *k == n);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let n = local(e.name().as_ref()).to_string();
                match n.as_str() {
                    "cellXfs" => in_formats = !empty,
                    "xf" if in_formats => formats += 1,
                    "fonts" => group = Some("font"),
                    "fills" => group = Some("fill"),
                    "borders" => group = Some("border"),
                    "numFmt" => largest[3] = largest[3].max(attr(e, "formatCode").map_or(0, |v| v.len() as u64)),
                    n if group == Some(n) => {
                        if empty {
                            let i = slot(n).unwrap_or(0);
                            largest[i] = largest[i].max(after - before);
                        } else {
                            started = Some(before);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                let n = local(e.name().as_ref()).to_string();
                match n.as_str() {
                    "cellXfs" => in_formats = false,
                    "fonts" | "fills" | "borders" => group = None,
                    n if group == Some(n) => {
                        if let (Some(s), Some(i)) = (started.take(), slot(n)) {
                            largest[i] = largest[i].max(after - s);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let each = std::mem::size_of::<calamine::Style>() as u64 + largest.iter().sum::<u64>();
    if formats.saturating_mul(each) > MAX_STYLE_BYTES {
        return Err(too_large_file(name, &format!("{formats} cell formats of up to {each} bytes each"), "có định dạng ô phình ra quá lớn khi đọc"));
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8], name: &str, sheet: Option<&str>, binary: bool) -> Result<Table> {
    guarded(name, || {
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
            log::info!("{name}: not read as XLSX: {e}");
            if binary {
                Error::invalid(
                    "file",
                    format!("{name}: XLSB workbooks are not read"),
                    format!("Tệp “{name}” là bảng tính nhị phân (XLSB), chưa đọc được. Hãy mở bằng Excel rồi lưu lại thành XLSX."),
                )
            } else {
                not_a_table(name)
            }
        })?;
        let sheets = wb.sheet_names().to_vec();
        let chosen = choose_sheet(&sheets, sheet, name)?;
        let mut grid = Grid::new(&chosen);
        match wb.worksheet_cells_reader(&chosen) {
            Ok(mut cells) => {
                while let Some(cell) = cells.next_cell().map_err(|e| {
                    log::info!("{name}: sheet {chosen} not read: {e}");
                    damaged(name)
                })? {
                    let pos = cell.get_position();
                    let text = match cell.get_value() {
                        DataRef::Empty => continue,
                        DataRef::SharedString(s) => {
                            grid.reserve_text(s.len())?;
                            nfc(s.trim())
                        }
                        DataRef::String(s) => {
                            grid.reserve_text(s.len())?;
                            nfc(s.trim())
                        }
                        other => {
                            let text = super::cell_text(&other.clone().into());
                            grid.reserve_text(text.len())?;
                            text
                        }
                    };
                    grid.push(pos, text)?;
                }
            }
            // A chart sheet has no cells.
            Err(XlsxError::NotAWorksheet(_)) => {}
            Err(e) => {
                log::info!("{name}: sheet {chosen} not read: {e}");
                return Err(damaged(name));
            }
        }
        Ok(Table { rows: grid.into_rows(), sheets, sheet: chosen })
    })
}

fn read_ods(bytes: &[u8], name: &str, sheet: Option<&str>) -> Result<Table> {
    let (sheets, chosen, range) = guarded(name, || {
        let mut wb: Ods<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
            log::info!("{name}: not read as ODS: {e}");
            if matches!(e, OdsError::Password) {
                password(name)
            } else {
                not_a_table(name)
            }
        })?;
        let sheets = wb.sheet_names().to_vec();
        let chosen = choose_sheet(&sheets, sheet, name)?;
        let range = wb.worksheet_range(&chosen).map_err(|_| not_a_table(name))?;
        Ok((sheets, chosen, range))
    })?;
    Ok(Table { rows: range_rows(&range, &chosen)?, sheets, sheet: chosen })
}

/// One ODS sheet as the library will lay it out: from its first to its last row with data
/// (repeated rows counted as many times), as wide as its widest row up to the last cell with data
/// (repeated columns likewise), and the text of every cell times its repetitions.
#[derive(Default)]
struct OdsSheet {
    name: String,
    rows: u64,
    empty_rows: u64,
    width: u64,
    text: u64,
    row: Option<OdsRow>,
    cell: Option<OdsCell>,
}

#[derive(Default)]
struct OdsRow {
    repeats: u64,
    column: u64,
    width: u64,
    text: u64,
}

struct OdsCell {
    repeats: u64,
    filled: bool,
    text: u64,
}

/// Attributes that give a cell a value (or a formula) in the library's reading.
const VALUE_ATTRIBUTES: [&str; 6] =
    ["office:value", "office:string-value", "office:date-value", "office:time-value", "office:boolean-value", "table:formula"];

/// content.xml, which the library reads whole, every sheet, when it opens the file.
fn scan_ods_content(zip: &mut Zip, name: &str) -> Result<()> {
    let Some(index) = zip.index_for_name("content.xml") else { return Ok(()) };
    let mut xml = xml(zip, index, name)?;
    let mut buf = Vec::new();
    let mut open: Vec<OdsSheet> = Vec::new();
    let (mut cells, mut text) = (0u64, 0u64);
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|_| damaged(name))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let tag = e.name().as_ref().to_string();
                // Anything inside a cell gives it content, as far as this estimate goes.
                if let Some(c) = open.last_mut().and_then(|s| s.cell.as_mut()) {
                    c.filled = true;
                    if tag == "text:s" {
                        c.text = c.text.saturating_add(number(attr(e, "text:c")).unwrap_or(1));
                    }
                }
                match tag.as_str() {
                    "table:table" => open.push(OdsSheet { name: attr(e, "table:name").map(|n| n.into_owned()).unwrap_or_default(), ..Default::default() }),
                    "table:table-row" => {
                        if let Some(s) = open.last_mut() {
                            let repeats = number(attr(e, "table:number-rows-repeated")).unwrap_or(1);
                            s.row = Some(OdsRow { repeats, ..Default::default() });
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        if let Some(s) = open.last_mut().filter(|s| s.row.is_some()) {
                            let mut c = OdsCell { repeats: number(attr(e, "table:number-columns-repeated")).unwrap_or(1), filled: false, text: 1 };
                            for a in e.attributes().with_checks(false).flatten() {
                                if VALUE_ATTRIBUTES.contains(&a.key.as_ref()) {
                                    c.filled = true;
                                    c.text = c.text.saturating_add(a.value.len() as u64);
                                }
                            }
                            s.cell = Some(c);
                        }
                    }
                    _ => {}
                }
                if empty {
                    close(&mut open, &tag, &mut cells, &mut text)?;
                }
            }
            Event::End(ref e) => {
                let tag = e.name().as_ref().to_string();
                close(&mut open, &tag, &mut cells, &mut text)?;
            }
            Event::Text(ref t) => add_text(&mut open, t.len()),
            Event::CData(ref t) => add_text(&mut open, t.len()),
            Event::GeneralRef(_) => add_text(&mut open, 4),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

fn add_text(open: &mut [OdsSheet], len: usize) {
    if let Some(c) = open.last_mut().and_then(|s| s.cell.as_mut()) {
        c.filled = true;
        c.text = c.text.saturating_add(len as u64);
    }
}

/// The end of a cell, row or sheet: its size added up, and the limits checked as soon as passed.
fn close(open: &mut Vec<OdsSheet>, tag: &str, cells: &mut u64, text: &mut u64) -> Result<()> {
    match tag {
        "table:table-cell" | "table:covered-table-cell" => {
            let Some(s) = open.last_mut() else { return Ok(()) };
            let (Some(c), Some(r)) = (s.cell.take(), s.row.as_mut()) else { return Ok(()) };
            r.column = r.column.saturating_add(c.repeats);
            if c.filled {
                r.width = r.column;
                r.text = r.text.saturating_add(c.text.saturating_mul(c.repeats));
                if r.width > MAX_COLUMNS {
                    return Err(too_big(&s.name, s.rows.saturating_add(s.empty_rows).saturating_add(r.repeats), r.width, None));
                }
            }
        }
        "table:table-row" => {
            let Some(s) = open.last_mut() else { return Ok(()) };
            let Some(r) = s.row.take() else { return Ok(()) };
            if r.width > 0 {
                s.rows = s.rows.saturating_add(s.empty_rows).saturating_add(r.repeats);
                s.empty_rows = 0;
                s.width = s.width.max(r.width);
                s.text = s.text.saturating_add(r.text.saturating_mul(r.repeats));
                check_span(&s.name, s.rows, s.width, None)?;
                if cells.saturating_add(s.rows.saturating_mul(s.width)) > MAX_CELLS {
                    return Err(too_big(&s.name, s.rows, s.width, None));
                }
                if text.saturating_add(s.text) > MAX_TEXT_BYTES {
                    return Err(too_much_text(&s.name));
                }
            } else if s.rows > 0 {
                // Empty rows count only when a row with data follows them.
                s.empty_rows = s.empty_rows.saturating_add(r.repeats);
            }
        }
        "table:table" => {
            if let Some(s) = open.pop() {
                *cells = cells.saturating_add(s.rows.saturating_mul(s.width));
                *text = text.saturating_add(s.text);
            }
        }
        _ => {}
    }
    Ok(())
}
