//! Site-list files as inspection teams receive them, and hostile ones: every file is built here.
//! The preview reads files inside the app, so a hostile file must be refused quickly and in
//! little memory; the process surviving these tests is the point.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use ttdt_core::domain::Level;
use ttdt_core::import::{self, ImportRow, Table};
use unicode_normalization::UnicodeNormalization;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The provincial departments of the fictional province of Sơn Hà, with their portals.
const DEPARTMENTS: [(&str, &str); 8] = [
    ("Sở Nội vụ tỉnh Sơn Hà", "snv.sonha.gov.vn"),
    ("Sở Tư pháp tỉnh Sơn Hà", "stp.sonha.gov.vn"),
    ("Sở Kế hoạch và Đầu tư tỉnh Sơn Hà", "skhdt.sonha.gov.vn"),
    ("Sở Tài nguyên và Môi trường tỉnh Sơn Hà", "stnmt.sonha.gov.vn"),
    ("Sở Lao động - Thương binh và Xã hội tỉnh Sơn Hà", "sldtbxh.sonha.gov.vn"),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh Sơn Hà", "svhttdl.sonha.gov.vn"),
    ("Sở Giáo dục và Đào tạo tỉnh Sơn Hà", "sgddt.sonha.gov.vn"),
    ("Ban Dân tộc tỉnh Sơn Hà", "bdt.sonha.gov.vn"),
];

const HEADER: [&str; 5] = ["STT", "Tên cơ quan", "Cấp", "Khối", "Địa chỉ trang"];

fn department_rows() -> Vec<Vec<String>> {
    let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for (i, (name, host)) in DEPARTMENTS.iter().enumerate() {
        rows.push(vec![(i + 1).to_string(), name.to_string(), "Sở, ban, ngành".into(), "Khối sở, ngành".into(), format!("https://{host}")]);
    }
    rows
}

/// The rows of a table mapped by its header, as the import does.
fn mapped(table: &Table) -> Vec<ImportRow> {
    import::map_rows(table, &import::guess_columns(&table.rows[0]), 1).unwrap()
}

fn assert_departments(table: &Table) {
    let rows = mapped(table);
    assert_eq!(rows.len(), DEPARTMENTS.len());
    for (row, (name, host)) in rows.iter().zip(DEPARTMENTS) {
        assert!(row.errors.is_empty(), "{row:?}");
        assert_eq!(row.agency_name, name);
        assert_eq!(row.level, Some(Level::ProvincialDepartment));
        assert_eq!(row.url, format!("https://{host}"));
        assert_eq!(row.block, "Khối sở, ngành");
    }
    for cell in table.rows.iter().flatten() {
        assert_eq!(*cell, cell.nfc().collect::<String>(), "every cell is NFC");
    }
}

/// The process's peak resident memory so far, in MB (Linux).
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb / 1024)
}

/// Reads a hostile file and checks it is refused with a message starting with `expect`, quickly
/// and without a large peak of memory (the tests of this file together stay far below it).
fn refused(bytes: &[u8], name: &str, expect: &str) -> String {
    let start = Instant::now();
    let err = import::read_table(bytes, name, None).expect_err("a hostile file is refused");
    let took = start.elapsed();
    let message = err.user_message();
    assert!(message.starts_with(expect), "{name}: {message}");
    assert!(took < Duration::from_secs(10), "{name}: refused after {took:?}");
    if let Some(mb) = peak_mb() {
        assert!(mb < 1024, "{name}: peak memory {mb} MB");
    }
    eprintln!("{name} ({} bytes): refused in {took:?}, peak {:?} MB: {message}", bytes.len(), peak_mb());
    message.to_string()
}

// ---------------------------------------------------------------------------------------------
// Zip containers built part by part.

fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if *name == "mimetype" { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        w.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

fn sheet_xml(rows: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#)
}

/// An XLSX of one sheet, with the shared strings and styles given (or none).
fn xlsx(sheet: &str, shared: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(s) = shared {
        parts.push(("xl/sharedStrings.xml", s.as_bytes()));
    }
    if let Some(s) = styles {
        parts.push(("xl/styles.xml", s.as_bytes()));
    }
    zip(&parts)
}

fn inline_row(r: usize, cells: &[String]) -> String {
    let mut out = format!(r#"<row r="{r}">"#);
    for (c, text) in cells.iter().enumerate() {
        out += &format!(r#"<c r="{}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#, (b'A' + c as u8) as char);
    }
    out + "</row>"
}

#[test]
fn a_workbook_with_one_far_cell_is_refused_before_it_is_laid_out() {
    // Two cells, A1 and XFD1048576: laid out as a range they are 17 billion cells (512 GiB).
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").unwrap();
    ws.write_string(0, 0, "Tên cơ quan").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let message = refused(&bytes, "danh-sach.xlsx", "Bảng tính quá lớn");
    assert!(message.contains("“Danh sách”") && message.contains("XFD1048576") && message.contains("100.000 dòng"), "{message}");

    // The same without a dimension element, and a far row alone.
    let sheet = sheet_xml(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Tên cơ quan</t></is></c></row><row r="200001"><c r="A200001"><v>1</v></c></row>"#);
    let message = refused(&xlsx(&sheet, None, None), "dong-xa.xlsx", "Bảng tính quá lớn");
    assert!(message.contains("A200001"), "{message}");
}

#[test]
fn a_zip_bomb_is_refused_by_its_unpacked_size() {
    // A sheet that unpacks to 64 MB from a file of some 70 KB.
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)] {
        w.start_file(name, deflated).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.start_file("xl/worksheets/sheet1.xml", deflated).unwrap();
    w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..64 {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(b"</t></is></c></row></sheetData></worksheet>").unwrap();
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let message = refused(&bomb, "bom.xlsx", "Bảng tính quá lớn");
    assert!(message.contains("50 MB"), "{message}");

    // The same part declaring a small size: the zip reader stops at the declared size.
    let liar = declare_size(bomb, "xl/worksheets/sheet1.xml", 4096);
    let start = Instant::now();
    let err = import::read_table(&liar, "bom-khai-gian.xlsx", None).unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(10));
    assert!(err.user_message().contains("bom-khai-gian.xlsx"), "{}", err.user_message());
    if let Some(mb) = peak_mb() {
        assert!(mb < 1024, "peak memory {mb} MB");
    }
}

/// Rewrites the uncompressed size an entry declares, in its local header and in the central
/// directory.
fn declare_size(mut bytes: Vec<u8>, entry: &str, size: u32) -> Vec<u8> {
    let mut patched = 0;
    for i in 0..bytes.len().saturating_sub(46) {
        let (sig, size_at, name_len_at, name_at) = match &bytes[i..i + 4] {
            b"PK\x03\x04" => ("local", 22, 26, 30),
            b"PK\x01\x02" => ("central", 24, 28, 46),
            _ => continue,
        };
        let name_len = u16::from_le_bytes([bytes[i + name_len_at], bytes[i + name_len_at + 1]]) as usize;
        if bytes.get(i + name_at..i + name_at + name_len) == Some(entry.as_bytes()) {
            bytes[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
            let _ = sig;
        }
    }
    assert_eq!(patched, 2, "both headers of {entry}");
    bytes
}

#[test]
fn shared_strings_and_styles_that_would_multiply_are_refused() {
    let sheet = sheet_xml(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#);
    // The library reserves room for the declared count: 96 GB here.
    let shared = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>Tên cơ quan</t></si></sst>"#;
    refused(&xlsx(&sheet, Some(shared), None), "chuoi.xlsx", "Bảng tính quá lớn");

    // Every cell format gets its own copy of the font it names: 100,000 copies of a 1 MB name.
    let mut styles = format!(r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><name val="{}"/></font></fonts><cellXfs count="100000">"#, "a".repeat(1 << 20));
    styles += &r#"<xf fontId="0"/>"#.repeat(100_000);
    styles += "</cellXfs></styleSheet>";
    let shared = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Tên cơ quan</t></si></sst>"#;
    refused(&xlsx(&sheet, Some(shared), Some(&styles)), "kieu.xlsx", "Bảng tính quá lớn");

    // A template bloated with 64,000 ordinary cell formats still reads.
    let mut bloated = String::from(r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Times New Roman"/><family val="2"/><charset val="163"/></font><font><b/><sz val="13"/><name val="Times New Roman"/><charset val="163"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left style="thin"><color indexed="64"/></left><right style="thin"><color indexed="64"/></right><top/><bottom/><diagonal/></border></borders><cellXfs count="64000">"#);
    bloated += &r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#.repeat(64_000);
    bloated += "</cellXfs></styleSheet>";
    let t = import::read_table(&xlsx(&sheet, Some(shared), Some(&bloated)), "mau.xlsx", None).unwrap();
    assert_eq!(t.rows, vec![vec!["Tên cơ quan".to_string()]]);

    // One shared string of 1 MB named by 100,000 cells.
    let shared = format!(r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#, "a".repeat(1 << 20));
    let rows: String = (1..=100_000).map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#)).collect();
    refused(&xlsx(&sheet_xml(&rows), Some(&shared), None), "lap-chuoi.xlsx", "Bảng tính quá lớn");
}

#[test]
fn a_hand_made_xlsx_reads_with_its_text_in_nfc() {
    // A list as an exporter writes it, the names decomposed (NFD).
    let rows: String = department_rows()
        .iter()
        .enumerate()
        .map(|(i, r)| inline_row(i + 1, &r.iter().map(|c| c.nfd().collect::<String>()).collect::<Vec<_>>()))
        .collect();
    let table = import::read_table(&xlsx(&sheet_xml(&rows), None, None), "ds.xlsx", None).unwrap();
    assert_eq!(table.sheet, "Danh sách");
    assert_departments(&table);
}

#[test]
fn other_zip_files_are_named_for_what_they_are() {
    // A binary workbook (XLSB) is not read; a Word document is not a table.
    let xlsb = zip(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes()), ("_rels/.rels", ROOT_RELS.as_bytes()), ("xl/workbook.bin", b"\x83\x01\x00")]);
    let err = import::read_table(&xlsb, "danh-sach.xlsb", None).unwrap_err();
    assert!(err.user_message().contains("XLSB"), "{}", err.user_message());
    let docx = zip(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes()), ("word/document.xml", b"<w:document/>")]);
    let err = import::read_table(&docx, "cong-van.docx", None).unwrap_err();
    assert!(err.user_message().contains("không phải bảng tính"), "{}", err.user_message());
}

// ---------------------------------------------------------------------------------------------
// ODS.

fn ods(tables: &str) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

fn ods_cell(text: &str) -> String {
    if let Ok(n) = text.parse::<u32>() {
        format!(r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#)
    } else {
        format!(r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#)
    }
}

#[test]
fn an_ods_as_libreoffice_writes_it_reads_and_repeated_cells_that_would_multiply_are_refused() {
    // LibreOffice closes each row with the empty columns repeated to the sheet's edge, and the
    // sheet with the empty rows repeated to its bottom.
    let mut table = String::from(r#"<table:table table:name="Danh sách"><table:table-column table:number-columns-repeated="1024"/>"#);
    for row in department_rows() {
        table += "<table:table-row>";
        for c in &row {
            table += &ods_cell(c);
        }
        table += r#"<table:table-cell table:number-columns-repeated="1019"/></table:table-row>"#;
    }
    table += r#"<table:table-row table:number-rows-repeated="1048567"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
    let t = import::read_table(&ods(&table), "ds.ods", None).unwrap();
    assert_eq!(t.sheet, "Danh sách");
    assert_eq!(t.rows.len(), DEPARTMENTS.len() + 1);
    assert_departments(&t);

    // One cell repeated over 16,384 columns and 6,000 rows: 98 million cells, under the library's
    // own limit of 100 million, each with its text and formula.
    let bomb = r#"<table:table table:name="Danh sách"><table:table-row table:number-rows-repeated="6000"><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>Sở</text:p></table:table-cell></table:table-row></table:table>"#;
    let message = refused(&ods(bomb), "lap.ods", "Bảng tính quá lớn");
    assert!(message.contains("“Danh sách”"), "{message}");
    // A row repeated down to the bottom of the sheet.
    let rows = r#"<table:table table:name="Danh sách"><table:table-row><table:table-cell office:value-type="string"><text:p>Tên cơ quan</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string"><text:p>Sở</text:p></table:table-cell></table:table-row></table:table>"#;
    refused(&ods(rows), "dong.ods", "Bảng tính quá lớn");
    // A run of two billion spaces.
    let spaces = r#"<table:table table:name="Danh sách"><table:table-row><table:table-cell office:value-type="string"><text:p>Sở<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row></table:table>"#;
    refused(&ods(spaces), "khoang-trang.ods", "Bảng tính quá lớn");
    // A 1 MB text repeated over 200 columns and 10,000 rows: within the cell limits, not the text.
    let text = format!(
        r#"<table:table table:name="Danh sách"><table:table-row table:number-rows-repeated="10000"><table:table-cell office:value-type="string" table:number-columns-repeated="200"><text:p>{}</text:p></table:table-cell></table:table-row></table:table>"#,
        "a".repeat(1 << 20)
    );
    refused(&ods(&text), "chu.ods", "Bảng tính quá lớn");
}

// ---------------------------------------------------------------------------------------------
// Legacy XLS: BIFF8 records in a compound file.

enum XlsCell {
    /// Row, column, index in the shared strings.
    Text(u16, u16, u32),
    Number(u16, u16, f64),
}

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = Vec::new();
    for v in [0x0600u16, dt, 0x0DBB, 0x07CC] {
        d.extend_from_slice(&v.to_le_bytes());
    }
    d.extend_from_slice(&[0, 0, 0, 0, 6, 0, 0, 0]);
    d
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A BIFF8 workbook stream of one sheet. `dimensions` overrides the DIMENSIONS record (first
/// row, last row + 1, first column, last column + 1).
fn biff(sheet: &str, strings: &[&str], cells: &[XlsCell], dimensions: Option<(u32, u32, u16, u16)>) -> Vec<u8> {
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    record(&mut globals, 0x0042, &1200u16.to_le_bytes());
    let mut boundsheet = vec![0u8; 4];
    boundsheet.extend_from_slice(&[0, 0, sheet.encode_utf16().count() as u8, 1]);
    boundsheet.extend_from_slice(&utf16(sheet));
    let boundsheet_at = globals.len() + 4;
    record(&mut globals, 0x0085, &boundsheet);
    let mut sst = Vec::new();
    sst.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    sst.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    for s in strings {
        sst.extend_from_slice(&(s.encode_utf16().count() as u16).to_le_bytes());
        sst.push(1);
        sst.extend_from_slice(&utf16(s));
    }
    record(&mut globals, 0x00FC, &sst);
    record(&mut globals, 0x000A, &[]);
    let sheet_at = globals.len() as u32;
    globals[boundsheet_at..boundsheet_at + 4].copy_from_slice(&sheet_at.to_le_bytes());

    let mut s = globals;
    record(&mut s, 0x0809, &bof(0x0010));
    let pos = |c: &XlsCell| match c {
        XlsCell::Text(r, c, _) | XlsCell::Number(r, c, _) => (*r as u32, *c as u32),
    };
    let (rows, cols) = cells.iter().map(pos).fold((0u32, 0u32), |(r, c), (r2, c2)| (r.max(r2 + 1), c.max(c2 + 1)));
    let (r0, r1, c0, c1) = dimensions.unwrap_or((0, rows, 0, cols as u16));
    let mut dims = Vec::new();
    dims.extend_from_slice(&r0.to_le_bytes());
    dims.extend_from_slice(&r1.to_le_bytes());
    dims.extend_from_slice(&c0.to_le_bytes());
    dims.extend_from_slice(&c1.to_le_bytes());
    dims.extend_from_slice(&[0, 0]);
    record(&mut s, 0x0200, &dims);
    for c in cells {
        let mut d = Vec::new();
        match c {
            XlsCell::Text(r, col, i) => {
                for v in [*r, *col, 0] {
                    d.extend_from_slice(&v.to_le_bytes());
                }
                d.extend_from_slice(&i.to_le_bytes());
                record(&mut s, 0x00FD, &d);
            }
            XlsCell::Number(r, col, v) => {
                for x in [*r, *col, 0] {
                    d.extend_from_slice(&x.to_le_bytes());
                }
                d.extend_from_slice(&v.to_le_bytes());
                record(&mut s, 0x0203, &d);
            }
        }
    }
    record(&mut s, 0x000A, &[]);
    s
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;

/// A compound file (version 3, 512-byte sectors) holding `stream` as "Workbook": the allocation
/// table first (one sector for a small file: sector 0), then the directory (sector 1), then the
/// stream (at least 4096 bytes, so that it is not in the mini stream).
fn cfb(stream: &[u8]) -> Vec<u8> {
    cfb_named(stream, "Workbook")
}

fn cfb_named(stream: &[u8], name: &str) -> Vec<u8> {
    let len = stream.len().max(4096);
    let mut data = stream.to_vec();
    data.resize(len.div_ceil(512) * 512, 0);
    let sectors = data.len() / 512;
    let fats = (sectors + 1).div_ceil(127);
    assert!(fats <= 109, "the header's DIFAT is enough");
    let (dir, first) = (fats, fats + 1);
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 = |o: &mut Vec<u8>, at: usize, v: u16| o[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |o: &mut Vec<u8>, at: usize, v: u32| o[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut out, 24, 0x3E);
    put16(&mut out, 26, 3);
    put16(&mut out, 28, 0xFFFE);
    put16(&mut out, 30, 9);
    put16(&mut out, 32, 6);
    put32(&mut out, 44, fats as u32);
    put32(&mut out, 48, dir as u32);
    put32(&mut out, 56, 4096);
    put32(&mut out, 60, ENDOFCHAIN);
    put32(&mut out, 68, ENDOFCHAIN);
    for i in 0..109 {
        put32(&mut out, 76 + 4 * i, if i < fats { i as u32 } else { FREESECT });
    }
    // Allocation table.
    let mut fat = vec![FREESECT; fats * 128];
    fat[..fats].fill(0xFFFF_FFFD);
    fat[dir] = ENDOFCHAIN;
    for i in 0..sectors {
        fat[first + i] = if i + 1 == sectors { ENDOFCHAIN } else { (first + i + 1) as u32 };
    }
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    // Directory: the root and the stream.
    let entry = |name: &str, typ: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let n = utf16(name);
        e[..n.len()].copy_from_slice(&n);
        e[64..66].copy_from_slice(&((n.len() + 2) as u16).to_le_bytes());
        e[66] = typ;
        e[67] = 1;
        e[68..80].copy_from_slice(&[0xFF; 12]);
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    out.extend(entry("Root Entry", 5, 1, ENDOFCHAIN, 0));
    out.extend(entry(name, 2, FREESECT, first as u32, len as u32));
    out.extend(vec![0u8; 256]);
    out.extend(data);
    out
}

fn department_xls(cells: &mut Vec<XlsCell>) -> (Vec<String>, Vec<XlsCell>) {
    let mut strings = Vec::new();
    let mut out = Vec::new();
    for (r, row) in department_rows().iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if r > 0 && c == 0 {
                out.push(XlsCell::Number(r as u16, 0, text.parse().unwrap()));
            } else {
                out.push(XlsCell::Text(r as u16, c as u16, strings.len() as u32));
                strings.push(text.clone());
            }
        }
    }
    out.append(cells);
    (strings, out)
}

#[test]
fn a_legacy_xls_reads_and_its_hostile_variants_are_refused() {
    let (strings, cells) = department_xls(&mut Vec::new());
    let strs: Vec<&str> = strings.iter().map(String::as_str).collect();
    let good = cfb(&biff("Danh sách", &strs, &cells, None));
    let t = import::read_table(&good, "ds.xls", None).unwrap();
    assert_eq!(t.sheet, "Danh sách");
    assert_departments(&t);

    // A far cell: 65,536 rows by 65,536 columns once laid out.
    let (strings, cells) = department_xls(&mut vec![XlsCell::Number(65_535, 65_535, 1.0)]);
    let strs: Vec<&str> = strings.iter().map(String::as_str).collect();
    let message = refused(&cfb(&biff("Danh sách", &strs, &cells, Some((0, 9, 0, 5)))), "xa.xls", "Bảng tính quá lớn");
    assert!(message.contains("“Danh sách”") && message.contains("CRXP65536"), "{message}");

    // DIMENSIONS declaring a million rows by 16,384 columns: the library reserves room for them.
    let (strings, cells) = department_xls(&mut Vec::new());
    let strs: Vec<&str> = strings.iter().map(String::as_str).collect();
    refused(&cfb(&biff("Danh sách", &strs, &cells, Some((0, 1_048_576, 0, 16_384)))), "kich-thuoc.xls", "Bảng tính quá lớn");
    // A DIMENSIONS record ending before it starts.
    refused(&cfb(&biff("Danh sách", &strs, &cells, Some((100, 50, 0, 5)))), "nguoc.xls", "Tệp “nguoc.xls” bị hỏng");

    // One shared string of 30,000 characters copied into 10,000 cells.
    let long = "Sở".repeat(15_000);
    let many: Vec<XlsCell> = (0..10_000).map(|r| XlsCell::Text(r as u16, 0, 0)).collect();
    let mut stream = biff("Danh sách", &[], &many, None);
    // The SST record holds one string too long for a record; give it in CONTINUE records.
    stream = with_long_shared_string(stream, &long);
    refused(&cfb(&stream), "chuoi.xls", "Bảng tính quá lớn");

    // The workbook stream's chain loops back on itself, with a length of 2 GB declared.
    let mut looped = good.clone();
    let sectors = (looped.len() - 1536) / 512;
    let fat_at = 512 + 4 * (2 + sectors - 1);
    looped[fat_at..fat_at + 4].copy_from_slice(&2u32.to_le_bytes());
    let size_at = 1024 + 128 + 120;
    looped[size_at..size_at + 4].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    refused(&looped, "vong.xls", "Tệp “vong.xls” bị hỏng");
    // The directory's chain loops: the library reads a directory without a declared end.
    let mut looped = good;
    looped[516..520].copy_from_slice(&1u32.to_le_bytes());
    refused(&looped, "thu-muc.xls", "Tệp “thu-muc.xls” bị hỏng");

    // Other compound files: a Word document, a workbook encrypted with a password.
    let (strings, cells) = department_xls(&mut Vec::new());
    let strs: Vec<&str> = strings.iter().map(String::as_str).collect();
    let stream = biff("Danh sách", &strs, &cells, None);
    let err = import::read_table(&cfb_named(&stream, "WordDocument"), "bao-cao.doc", None).unwrap_err();
    assert!(err.user_message().contains("không phải bảng tính"), "{}", err.user_message());
    let err = import::read_table(&cfb_named(&stream, "EncryptedPackage"), "mat-khau.xlsx", None).unwrap_err();
    assert!(err.user_message().contains("mật khẩu"), "{}", err.user_message());
}

/// Replaces the SST record of a stream by one holding `text`, split over CONTINUE records, and
/// moves the sheet's position accordingly.
fn with_long_shared_string(stream: Vec<u8>, text: &str) -> Vec<u8> {
    // Find the SST record and the BOUNDSHEET position.
    let mut at = 0;
    let (mut sst_at, mut bs_at) = (0, 0);
    while at + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        match typ {
            0x00FC => sst_at = at,
            0x0085 => bs_at = at + 4,
            0x000A => break,
            _ => {}
        }
        at += 4 + len;
    }
    let sst_len = u16::from_le_bytes([stream[sst_at + 2], stream[sst_at + 3]]) as usize;
    let chars = utf16(text);
    let mut first = Vec::new();
    first.extend_from_slice(&1u32.to_le_bytes());
    first.extend_from_slice(&1u32.to_le_bytes());
    first.extend_from_slice(&(text.encode_utf16().count() as u16).to_le_bytes());
    first.push(1);
    let mut records = Vec::new();
    let take = (8000 - first.len()) & !1;
    first.extend_from_slice(&chars[..take]);
    record(&mut records, 0x00FC, &first);
    for chunk in chars[take..].chunks(8000) {
        let mut d = vec![1u8];
        d.extend_from_slice(chunk);
        record(&mut records, 0x003C, &d);
    }
    let mut out = stream[..sst_at].to_vec();
    out.extend_from_slice(&records);
    out.extend_from_slice(&stream[sst_at + 4 + sst_len..]);
    let shift = records.len() as i64 - (4 + sst_len) as i64;
    let old = u32::from_le_bytes(out[bs_at..bs_at + 4].try_into().unwrap());
    out[bs_at..bs_at + 4].copy_from_slice(&((old as i64 + shift) as u32).to_le_bytes());
    out
}

// ---------------------------------------------------------------------------------------------
// CSV as Excel saves it on Vietnamese Windows.

/// Text as windows-1258 holds it: letters with a circumflex, breve or horn precomposed, tone
/// marks combining after them.
fn cp1258(text: &str) -> Vec<u8> {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = String::new();
    let mut base: Option<char> = None;
    let mut tones = Vec::new();
    let flush = |out: &mut String, base: &mut Option<char>, tones: &mut Vec<char>| {
        out.extend(base.take());
        out.extend(tones.drain(..));
    };
    for c in text.nfd() {
        if TONES.contains(&c) {
            tones.push(c);
        } else if let Some(composed) = base.and_then(|b| unicode_normalization::char::compose(b, c)) {
            base = Some(composed);
        } else {
            flush(&mut out, &mut base, &mut tones);
            base = Some(c);
        }
    }
    flush(&mut out, &mut base, &mut tones);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&out);
    assert!(!unmappable, "{out:?}");
    bytes.into_owned()
}

fn csv_text(sep: &str, line_end: &str) -> String {
    department_rows()
        .iter()
        .map(|r| r.iter().map(|c| if c.contains(sep) { format!("\"{c}\"") } else { c.clone() }).collect::<Vec<_>>().join(sep))
        .collect::<Vec<_>>()
        .join(line_end)
        + line_end
}

#[test]
fn a_windows_1258_csv_imports_with_its_vietnamese_names() {
    let bytes = cp1258(&csv_text(",", "\r\n"));
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    // "Sở" is S, ơ, then the hook above as a separate mark.
    assert!(bytes.windows(3).any(|w| w == b"S\xF5\xD2"));
    let table = import::read_table(&bytes, "danh-sach.csv", None).unwrap();
    assert_departments(&table);
    // Excel also keeps the Latin-1 letters that have a precomposed code ("á" as 0xE1).
    let table = import::read_table(b"T\xEAn c\xF5 quan;C\xE2\xECp;\xD0i\xF2a chi\xD2\r\nS\xF5\xD2 T\xFD ph\xE1p;S\xF5\xD2;stp.sonha.gov.vn\r\n", "a.csv", None).unwrap();
    let rows = mapped(&table);
    assert_eq!(rows[0].agency_name, "Sở Tư pháp");
    assert_eq!(rows[0].level, Some(Level::ProvincialDepartment));
}

#[test]
fn a_utf16_unicode_text_file_imports_with_its_vietnamese_names() {
    // "Unicode Text": UTF-16LE with a BOM, tab-separated, CRLF.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(csv_text("\t", "\r\n").encode_utf16().flat_map(u16::to_le_bytes));
    let table = import::read_table(&bytes, "danh-sach.txt", None).unwrap();
    assert_departments(&table);
    // Big endian too.
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(csv_text("\t", "\r\n").encode_utf16().flat_map(u16::to_be_bytes));
    assert_departments(&import::read_table(&bytes, "danh-sach.txt", None).unwrap());
}

#[test]
fn a_decomposed_csv_has_its_header_and_levels_recognised() {
    let text: String = csv_text(";", "\n").nfd().collect();
    assert_ne!(text, csv_text(";", "\n"), "really decomposed");
    let table = import::read_table(text.as_bytes(), "nfd.csv", None).unwrap();
    let map = import::guess_columns(&table.rows[0]);
    assert_eq!((map.agency, map.level, map.url, map.block), (Some(1), Some(2), Some(4), Some(3)));
    assert_departments(&table);
    let one = "Tên cơ quan;Cấp;Địa chỉ\nSở Y tế;Sở;syt.sonha.gov.vn\n".nfd().collect::<String>();
    let rows = mapped(&import::read_table(one.as_bytes(), "a.csv", None).unwrap());
    assert_eq!(rows[0].level, Some(Level::ProvincialDepartment));
}
