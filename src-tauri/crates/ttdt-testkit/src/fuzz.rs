//! The bodies of the fuzz targets, their seed inputs and a deterministic mutator.
//!
//! `fuzz/fuzz_targets/*.rs` (cargo-fuzz, run by `scripts/fuzz.sh`) call these functions on what
//! libFuzzer generates; `tests/fuzz_smoke.rs` calls them on the seeds and a few thousand
//! mutations of them in every test run. A body panics only on a defect: every input, however
//! malformed, must be read or refused, quickly and in bounded memory.

use std::time::Duration;

use include_dir::{include_dir, Dir};
use time::macros::datetime;

use ttdt_core::checks::{self, REGISTRY};
use ttdt_core::domain::Level;
use ttdt_core::snapshot::{Page, PageKind, Snapshot};

use crate::PORTALS;

/// A fuzz target: its name (as in `fuzz/Cargo.toml`) and its body.
pub struct Target {
    pub name: &'static str,
    pub body: fn(&[u8]),
}

/// Every fuzz target.
pub const TARGETS: &[Target] = &[
    Target { name: "page", body: page },
    Target { name: "framework", body: framework },
    Target { name: "import", body: import },
    Target { name: "sniff", body: sniff },
];

/// The longest a body may take on one input (libFuzzer's `-timeout` in `scripts/fuzz.sh`).
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The address every fuzzed page is read at.
pub const PAGE_URL: &str = "https://sonha.gov.vn/";

/// `page`: the bytes as a homepage (lossy UTF-8), read once and judged by every check.
pub fn page(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    // The checks read the homepage (`PageFacts::read`) once, as a scan does.
    let findings = checks::judge_all(&homepage_snapshot(&html));
    assert_eq!(findings.len(), REGISTRY.len(), "one finding per check");
}

/// A snapshot of a portal whose homepage, answered `200 OK` as UTF-8 HTML, is `html`; nothing
/// else was collected.
pub fn homepage_snapshot(html: &str) -> Snapshot {
    let mut snap = Snapshot::new(PAGE_URL, Level::Province, None, datetime!(2026-11-23 03:00 UTC), "TTĐT Workbench");
    snap.host = "sonha.gov.vn".into();
    let p = Page::html_ok(PAGE_URL, PageKind::Home, html);
    snap.homepage = Some(p);
    snap
}

/// `framework`: the bytes as a framework file (lossy UTF-8), parsed and validated against this
/// build's checks.
pub fn framework(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = ttdt_core::frameworks::parse(&text);
}

/// The file names the `import` target reads its bytes under, chosen by the first byte.
pub const IMPORT_NAMES: [&str; 4] = ["x.xlsx", "x.xls", "x.ods", "x.csv"];

/// `import`: the first byte picks a file name from [`IMPORT_NAMES`], the rest is the file; it is
/// previewed as a site list and its rows checked as an import checks them.
///
/// The import catches a panic inside the spreadsheet library and refuses the file; the fuzz
/// target therefore keeps Rust's default panic hook (libFuzzer's would abort on a caught panic),
/// and only a panic that escapes the import is a crash.
pub fn import(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else { return };
    let name = IMPORT_NAMES[usize::from(first) % IMPORT_NAMES.len()];
    let Ok(preview) = ttdt_core::import::preview(bytes, name, None) else { return };
    assert!(preview.table.sheets.contains(&preview.table.sheet), "the sheet read is one of the file's sheets");
    let _ = ttdt_core::import::map_rows(&preview.table, &preview.map, 1);
}

/// `sniff`: the bytes as an attached document, recognised from their content.
pub fn sniff(data: &[u8]) {
    if let Some(kind) = ttdt_core::sniff::sniff(data) {
        assert!(!kind.media_type().is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Seeds.

static FRAMEWORK_FIXTURES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/frameworks");
static IMPORT_FIXTURES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/imports");
static DOCUMENT_FIXTURES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../tests/fixtures/documents");
/// The few seeds that are not generated here: spreadsheets as LibreOffice writes them.
static COMMITTED_SEEDS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../../fuzz/seeds");

/// The seed inputs of a target, each with a file name: fixture files of the repository, inputs
/// generated here and the few in `fuzz/seeds/`. Small, so that libFuzzer's mutations stay cheap.
pub fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    match target {
        "page" => page_seeds(),
        "framework" => framework_seeds(),
        "import" => import_seeds(),
        "sniff" => sniff_seeds(),
        _ => panic!("no fuzz target named {target}"),
    }
}

fn page_seeds() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = PORTALS
        .dirs()
        .filter_map(|d| d.get_file(d.path().join("index.html")).map(|f| (format!("{}.html", d.path().display()), f.contents().to_vec())))
        .collect();
    out.push(("empty.html".into(), Vec::new()));
    out.push(("nul.html".into(), b"<html><body>\0<p>a\0b</p></body></html>".to_vec()));
    // One level deeper than the pre-scan accepts.
    out.push(("too-deep.html".into(), format!("<body>{}</body>", "<div>".repeat(1001)).into_bytes()));
    out.sort();
    out
}

fn framework_seeds() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = FRAMEWORK_FIXTURES.files().map(|f| (f.path().display().to_string(), f.contents().to_vec())).collect();
    // The shipped frameworks cut after their fourth criterion (whole, they are about 28 kB).
    for (fw, text) in ttdt_core::framework::builtin_with_source() {
        let cut = text.match_indices("[[criteria]]").nth(4).map_or(text.len(), |(i, _)| i);
        out.push((format!("{}-cut.toml", fw.id), text.as_bytes()[..cut].to_vec()));
    }
    out.sort();
    out
}

/// The byte the `import` target maps to a file name like `name`'s.
fn import_prefix(name: &str) -> u8 {
    let ext = name.rsplit('.').next().unwrap_or("");
    IMPORT_NAMES.iter().position(|n| n.rsplit('.').next() == Some(ext)).unwrap_or(3) as u8
}

fn import_seeds() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for f in IMPORT_FIXTURES.files().filter(|f| f.path().extension().is_some_and(|e| e != "md")) {
        files.push((f.path().display().to_string(), f.contents().to_vec()));
    }
    for f in COMMITTED_SEEDS.get_dir("import").into_iter().flat_map(|d| d.files()) {
        files.push((f.path().file_name().unwrap_or_default().to_string_lossy().into_owned(), f.contents().to_vec()));
    }
    files.push(("stored.xlsx".into(), xlsx_stored()));
    files.push(("stored.ods".into(), ods_stored()));
    let header = "STT;Tên cơ quan;Cấp;Địa chỉ trang\r\n1;Sở Y tế tỉnh Sơn Hà;Sở, ban, ngành;https://syt.sonha.gov.vn\r\n";
    files.push(("semicolon.csv".into(), header.as_bytes().to_vec()));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(header.replace(';', "\t").encode_utf16().flat_map(u16::to_le_bytes));
    files.push(("utf16.csv".into(), utf16));
    // "Sở Y tế" in windows-1258: base letters with combining tone marks.
    files.push(("cp1258.csv".into(), b"T\xean c\xf4 quan,C\xe2\xecp\r\nS\xf5\xd2 Y t\xea\xec,T\xec\xf2nh\r\n".to_vec()));
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, bytes)| {
            let mut input = vec![import_prefix(&name)];
            input.extend(bytes);
            (name, input)
        })
        .collect();
    out.sort();
    out
}

fn sniff_seeds() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = DOCUMENT_FIXTURES.files().map(|f| (f.path().display().to_string(), f.contents().to_vec())).collect();
    for f in COMMITTED_SEEDS.get_dir("import").into_iter().flat_map(|d| d.files()) {
        out.push((f.path().file_name().unwrap_or_default().to_string_lossy().into_owned(), f.contents().to_vec()));
    }
    out.push(("stored.xlsx".into(), xlsx_stored()));
    out.push(("stored.ods".into(), ods_stored()));
    out.push(("stored.docx".into(), docx_stored()));
    out.push(("stored.odt".into(), odt_stored()));
    out.push(("program.docx".into(), stored_zip(&[("[Content_Types].xml", DOCX_TYPES.as_bytes()), ("word/document.xml", b"<w:document/>"), ("word/run.exe", b"MZ")])));
    out.push(("tiny.pdf".into(), b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec()));
    out.push(("tiny.png".into(), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec()));
    out.push(("tiny.jpg".into(), b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9".to_vec()));
    out.push(("tiny.gif".into(), b"GIF89a\x01\0\x01\0\0\0\0;".to_vec()));
    out.push(("tiny.webp".into(), b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0".to_vec()));
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Small documents, their zip entries stored uncompressed so that mutations reach the XML.

/// A zip archive of `parts`, each stored (not compressed), with its central directory.
pub fn stored_zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&(v as u16).to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&(v as u32).to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in parts {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let crc = crc.sum() as usize;
        let offset = out.len();
        // Local header: version 2.0, no flags, stored, 1980-01-01 00:00, CRC, sizes, name.
        out.extend_from_slice(b"PK\x03\x04");
        for v in [20, 0, 0, 0, 0x21] {
            u16le(&mut out, v);
        }
        for v in [crc, data.len(), data.len()] {
            u32le(&mut out, v);
        }
        u16le(&mut out, name.len());
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Its central directory record.
        central.extend_from_slice(b"PK\x01\x02");
        for v in [20, 20, 0, 0, 0, 0x21] {
            u16le(&mut central, v);
        }
        for v in [crc, data.len(), data.len()] {
            u32le(&mut central, v);
        }
        for v in [name.len(), 0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let (central_offset, central_len, count) = (out.len(), central.len(), parts.len());
    out.extend(central);
    out.extend_from_slice(b"PK\x05\x06");
    for v in [0, 0, count, count] {
        u16le(&mut out, v);
    }
    u32le(&mut out, central_len);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHARED_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>Tên cơ quan</t></si><si><t>Cấp</t></si><si><t>Địa chỉ trang</t></si><si><t>Sở, ban, ngành</t></si></sst>"#;
const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Sở Y tế tỉnh Sơn Hà</t></is></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="inlineStr"><is><t>https://syt.sonha.gov.vn</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>UBND xã Thanh Bình</t></is></c><c r="B3" t="inlineStr"><is><t>Xã</t></is></c><c r="C3"><v>42</v></c></row></sheetData></worksheet>"#;

/// A small XLSX: one sheet of a header and two sites, shared and inline strings.
pub fn xlsx_stored() -> Vec<u8> {
    stored_zip(&[
        ("[Content_Types].xml", XLSX_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", SHEET.as_bytes()),
        ("xl/sharedStrings.xml", SHARED_STRINGS.as_bytes()),
    ])
}

const ODF_NAMESPACES: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3""#;

fn odf(media_type: &str, body: &str) -> Vec<u8> {
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="{media_type}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
    );
    let content = format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NAMESPACES}><office:body>{body}</office:body></office:document-content>"#);
    stored_zip(&[("mimetype", media_type.as_bytes()), ("META-INF/manifest.xml", manifest.as_bytes()), ("content.xml", content.as_bytes())])
}

/// A small ODS as LibreOffice lays it out: rows closed with repeated empty cells, then repeated
/// empty rows.
pub fn ods_stored() -> Vec<u8> {
    let cell = |t: &str| format!(r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#);
    let row = |cells: &[&str]| {
        let cells: String = cells.iter().map(|t| cell(t)).collect();
        format!(r#"<table:table-row>{cells}<table:table-cell table:number-columns-repeated="3"/></table:table-row>"#)
    };
    let rows = [
        row(&["Tên cơ quan", "Cấp", "Địa chỉ trang"]),
        row(&["Sở Y tế tỉnh Sơn Hà", "Sở, ban, ngành", "https://syt.sonha.gov.vn"]),
        r#"<table:table-row><table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell></table:table-row>"#.to_string(),
        r#"<table:table-row table:number-rows-repeated="4"><table:table-cell table:number-columns-repeated="6"/></table:table-row>"#.to_string(),
    ];
    odf("application/vnd.oasis.opendocument.spreadsheet", &format!(r#"<office:spreadsheet><table:table table:name="Danh sách">{}</table:table></office:spreadsheet>"#, rows.concat()))
}

/// A small ODT of one paragraph.
pub fn odt_stored() -> Vec<u8> {
    odf("application/vnd.oasis.opendocument.text", "<office:text><text:p>Quy chế hoạt động của Cổng</text:p></office:text>")
}

const DOCX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

/// A small DOCX of one paragraph.
pub fn docx_stored() -> Vec<u8> {
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Quy chế hoạt động của Cổng</w:t></w:r></w:p></w:body></w:document>"#;
    stored_zip(&[("[Content_Types].xml", DOCX_TYPES.as_bytes()), ("_rels/.rels", rels.as_bytes()), ("word/document.xml", document.as_bytes())])
}

// ---------------------------------------------------------------------------------------------
// Deterministic mutations for the smoke test.

/// Byte sequences that matter to the formats fuzzed: markup, TOML, CSV and zip structure.
const TOKENS: &[&[u8]] = &[
    b"<", b">", b"</", b"<div>", b"<a href=\"", b"<script>", b"<!--", b"\"", b"'", b"&", b"&#", b"=", b"[", b"]", b"[[criteria]]",
    b"{", b"}", b"\n", b"\r\n", b",", b";", b"\t", b"\0", b"\xff", b"\xef\xbb\xbf", b"\xc3", b"PK\x03\x04", b"PK\x01\x02",
    b"PK\x05\x06", b"9999999999", b"-1", b"1e309", b"points = ", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
];

/// A fixed-seed generator of mutations (xorshift64*): byte flips, overwrites, truncations,
/// insertions of bytes, tokens or copies of the input, and deletions.
pub struct Mutator(u64);

impl Mutator {
    pub fn new(seed: u64) -> Mutator {
        Mutator(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `input` changed in one to four places.
    pub fn mutate(&mut self, input: &[u8]) -> Vec<u8> {
        let mut out = input.to_vec();
        for _ in 0..=self.below(4) {
            let at = self.below(out.len() + 1);
            match self.below(7) {
                0 if at < out.len() => out[at] ^= 1 << self.below(8),
                1 if at < out.len() => out[at] = self.next() as u8,
                2 => out.truncate(at),
                3 => {
                    let token = TOKENS[self.below(TOKENS.len())];
                    out.splice(at..at, token.iter().copied());
                }
                4 if !out.is_empty() => {
                    // A copy of a slice of the input, as nested or repeated structure.
                    let from = self.below(out.len());
                    let len = 1 + self.below((out.len() - from).min(256));
                    let piece = out[from..from + len].to_vec();
                    out.splice(at..at, piece);
                }
                5 if at < out.len() => {
                    let len = 1 + self.below((out.len() - at).min(64));
                    out.drain(at..at + len);
                }
                _ => {
                    let bytes: Vec<u8> = (0..1 + self.below(8)).map(|_| self.next() as u8).collect();
                    out.splice(at..at, bytes);
                }
            }
        }
        out
    }
}
