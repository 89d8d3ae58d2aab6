//! Recognising an evidence document from its bytes, never from its name.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kinds of document a reviewer may attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Pdf,
    Docx,
    Xlsx,
    Odt,
    Ods,
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl DocKind {
    pub fn media_type(self) -> &'static str {
        match self {
            DocKind::Pdf => "application/pdf",
            DocKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            DocKind::Odt => "application/vnd.oasis.opendocument.text",
            DocKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            DocKind::Png => "image/png",
            DocKind::Jpeg => "image/jpeg",
            DocKind::Gif => "image/gif",
            DocKind::Webp => "image/webp",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocKind::Pdf => "PDF",
            DocKind::Docx => "DOCX",
            DocKind::Xlsx => "XLSX",
            DocKind::Odt => "ODT",
            DocKind::Ods => "ODS",
            DocKind::Png => "PNG",
            DocKind::Jpeg => "JPEG",
            DocKind::Gif => "GIF",
            DocKind::Webp => "WEBP",
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// What a file is, from its content; `None` when it is none of the accepted kinds.
pub fn sniff(bytes: &[u8]) -> Option<DocKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(DocKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(DocKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(DocKind::Jpeg);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(DocKind::Gif);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(DocKind::Webp);
    }
    if bytes.starts_with(LOCAL_HEADER) {
        return sniff_package(bytes);
    }
    None
}

const LOCAL_HEADER: &[u8] = b"PK\x03\x04";
const CENTRAL_HEADER: &[u8] = b"PK\x01\x02";
const END_OF_CENTRAL_DIRECTORY: &[u8] = b"PK\x05\x06";

/// The media types an OpenDocument file holds in its `mimetype` entry.
const ODT_MEDIA_TYPE: &[u8] = b"application/vnd.oasis.opendocument.text";
const ODS_MEDIA_TYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
/// The content types `[Content_Types].xml` gives an Office Open XML file's main part (the
/// macro-enabled and template variants have others, and are refused).
const DOCX_MAIN: &[u8] = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const XLSX_MAIN: &[u8] = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
/// Most bytes read from `[Content_Types].xml` (a real one is a few kB).
const MAX_CONTENT_TYPES_BYTES: u64 = 1024 * 1024;

/// Names that mark a program or a script inside an archive: no document carries one.
const PROGRAM_EXTENSIONS: &[&str] = &[
    "exe", "dll", "com", "scr", "msi", "msp", "cpl", "sys", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse",
    "wsf", "wsh", "hta", "jar", "lnk", "pif", "reg", "sh", "elf", "so", "dylib", "apk",
];

/// An Office Open XML or OpenDocument file, from the structure of its zip archive: for OOXML,
/// `[Content_Types].xml` at the root declaring the main part's type and the main part at its
/// proper path (`word/document.xml`, `xl/workbook.xml`); for ODF, a first entry named
/// `mimetype`, stored uncompressed at the start of the file, holding the media type. An archive
/// that is not well formed, or that carries a program, is none of them.
fn sniff_package(bytes: &[u8]) -> Option<DocKind> {
    let entries = zip_entries(bytes)?;
    if entries.iter().any(|e| is_program_name(e.name)) {
        return None;
    }
    let entry = |name: &[u8]| entries.iter().find(|e| e.name == name);
    // OpenDocument: the entry at the very start of the file.
    let first = entries.iter().find(|e| e.local_offset == 0)?;
    if first.name == b"mimetype" {
        if first.method != 0 || first.compressed != first.size || first.flags & 1 != 0 {
            return None;
        }
        return match bytes.get(first.data..first.data + first.size)? {
            t if t == ODT_MEDIA_TYPE => Some(DocKind::Odt),
            t if t == ODS_MEDIA_TYPE => Some(DocKind::Ods),
            _ => None,
        };
    }
    // Office Open XML.
    let types = entry_bytes(bytes, entry(b"[Content_Types].xml")?, MAX_CONTENT_TYPES_BYTES)?;
    if entry(b"word/document.xml").is_some() && contains(&types, DOCX_MAIN) {
        return Some(DocKind::Docx);
    }
    if entry(b"xl/workbook.xml").is_some() && contains(&types, XLSX_MAIN) {
        return Some(DocKind::Xlsx);
    }
    None
}

fn is_program_name(name: &[u8]) -> bool {
    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
    let base = name.rsplit('/').next().unwrap_or(&name);
    match base.rsplit_once('.') {
        Some((_, ext)) => PROGRAM_EXTENSIONS.contains(&ext),
        None => false,
    }
}

/// One entry of a zip archive, as its central directory describes it.
#[derive(Debug)]
struct ZipEntry<'a> {
    name: &'a [u8],
    flags: u16,
    method: u16,
    compressed: usize,
    size: usize,
    local_offset: usize,
    /// Where the entry's (compressed) data starts.
    data: usize,
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    let s = b.get(i..i.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], i: usize) -> Option<usize> {
    let s = b.get(i..i.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

/// The entries of a zip archive, read from its central directory, each checked against its
/// local header; `None` unless the archive is well formed: one end record closing the file, the
/// central directory just before it, every entry's local header and data inside the file, no
/// two entries with one name, no multi-disk or Zip64 archive (no document needs 4 GB).
fn zip_entries(bytes: &[u8]) -> Option<Vec<ZipEntry<'_>>> {
    // The end record: 22 bytes and a comment of up to 64 kB, ending the file.
    let last = bytes.len().checked_sub(22)?;
    let mut eocd = None;
    for i in (last.saturating_sub(0xFFFF)..=last).rev() {
        if &bytes[i..i + 4] == END_OF_CENTRAL_DIRECTORY && i + 22 + usize::from(u16_at(bytes, i + 20)?) == bytes.len() {
            eocd = Some(i);
            break;
        }
    }
    let eocd = eocd?;
    let (disk, cd_disk) = (u16_at(bytes, eocd + 4)?, u16_at(bytes, eocd + 6)?);
    let (here, count) = (u16_at(bytes, eocd + 8)?, u16_at(bytes, eocd + 10)?);
    let (cd_size, cd_offset) = (u32_at(bytes, eocd + 12)?, u32_at(bytes, eocd + 16)?);
    if disk != 0 || cd_disk != 0 || here != count || count == 0 || cd_offset.checked_add(cd_size)? != eocd {
        return None;
    }
    let mut entries: Vec<ZipEntry<'_>> = Vec::with_capacity(usize::from(count));
    let mut p = cd_offset;
    for _ in 0..count {
        if bytes.get(p..p + 4)? != CENTRAL_HEADER {
            return None;
        }
        let flags = u16_at(bytes, p + 8)?;
        let method = u16_at(bytes, p + 10)?;
        let compressed = u32_at(bytes, p + 20)?;
        let size = u32_at(bytes, p + 24)?;
        let name_len = usize::from(u16_at(bytes, p + 28)?);
        let extra_len = usize::from(u16_at(bytes, p + 30)?);
        let comment_len = usize::from(u16_at(bytes, p + 32)?);
        let local_offset = u32_at(bytes, p + 42)?;
        let name = bytes.get(p + 46..p + 46 + name_len)?;
        if name.is_empty() || entries.iter().any(|e| e.name == name) {
            return None;
        }
        // The local header must describe the same entry.
        if bytes.get(local_offset..local_offset + 4)? != LOCAL_HEADER || u16_at(bytes, local_offset + 8)? != method {
            return None;
        }
        let local_name_len = usize::from(u16_at(bytes, local_offset + 26)?);
        let local_extra_len = usize::from(u16_at(bytes, local_offset + 28)?);
        if bytes.get(local_offset + 30..local_offset + 30 + local_name_len)? != name {
            return None;
        }
        let data = local_offset + 30 + local_name_len + local_extra_len;
        if data.checked_add(compressed)? > cd_offset {
            return None;
        }
        entries.push(ZipEntry { name, flags, method, compressed, size, local_offset, data });
        p += 46 + name_len + extra_len + comment_len;
    }
    (p == eocd).then_some(entries)
}

/// An entry's bytes, stored or deflated, at most `max`; `None` for an encrypted entry, another
/// compression, or data that does not inflate to its recorded size.
fn entry_bytes(bytes: &[u8], e: &ZipEntry<'_>, max: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    if e.flags & 1 != 0 || e.size as u64 > max {
        return None;
    }
    let raw = bytes.get(e.data..e.data + e.compressed)?;
    match e.method {
        0 => (e.compressed == e.size).then(|| raw.to_vec()),
        8 => {
            let mut out = Vec::with_capacity(e.size);
            flate2::read::DeflateDecoder::new(raw).take(max + 1).read_to_end(&mut out).ok()?;
            (out.len() == e.size).then_some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A well-formed zip archive of `(name, content, deflated)` entries, as archivers write
    /// them (CRC-32, sizes in the local headers, a central directory and its end record).
    fn zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
        use std::io::Write;
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, content, deflate) in entries {
            let mut crc = flate2::Crc::new();
            crc.update(content);
            let (method, data): (u16, Vec<u8>) = if *deflate {
                let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
                enc.write_all(content).unwrap();
                (8, enc.finish().unwrap())
            } else {
                (0, content.to_vec())
            };
            let offset = out.len() as u32;
            let common = |v: &mut Vec<u8>| {
                v.extend_from_slice(&20u16.to_le_bytes()); // version needed
                v.extend_from_slice(&0u16.to_le_bytes()); // flags
                v.extend_from_slice(&method.to_le_bytes());
                v.extend_from_slice(&[0, 0, 0x21, 0x00]); // time, date (1980-01-01)
                v.extend_from_slice(&crc.sum().to_le_bytes());
                v.extend_from_slice(&(data.len() as u32).to_le_bytes());
                v.extend_from_slice(&(content.len() as u32).to_le_bytes());
                v.extend_from_slice(&(name.len() as u16).to_le_bytes());
                v.extend_from_slice(&0u16.to_le_bytes()); // extra length
            };
            out.extend_from_slice(LOCAL_HEADER);
            common(&mut out);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&data);
            central.extend_from_slice(CENTRAL_HEADER);
            central.extend_from_slice(&20u16.to_le_bytes()); // version made by
            common(&mut central);
            central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
            central.extend_from_slice(&[0; 4]); // external attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(END_OF_CENTRAL_DIRECTORY);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    const DOCX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Quyết định ban hành quy chế</w:t></w:r></w:p></w:body></w:document>"#;

    /// A minimal valid DOCX, as Word writes one (deflated parts).
    fn docx() -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", DOCX_TYPES.as_bytes(), true),
            ("_rels/.rels", RELS.as_bytes(), true),
            ("word/document.xml", DOCUMENT.as_bytes(), true),
        ])
    }

    fn xlsx() -> Vec<u8> {
        let types = DOCX_TYPES
            .replace("/word/document.xml", "/xl/workbook.xml")
            .replace("wordprocessingml.document.main", "spreadsheetml.sheet.main");
        zip(&[
            ("[Content_Types].xml", types.as_bytes(), true),
            ("_rels/.rels", RELS.replace("word/document.xml", "xl/workbook.xml").as_bytes(), true),
            ("xl/workbook.xml", b"<workbook/>", true),
        ])
    }

    fn odf(media_type: &[u8], deflate_mimetype: bool) -> Vec<u8> {
        zip(&[
            ("mimetype", media_type, deflate_mimetype),
            ("content.xml", b"<office:document-content/>", true),
            ("META-INF/manifest.xml", b"<manifest:manifest/>", true),
        ])
    }

    #[test]
    fn recognises_each_kind_from_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(DocKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(DocKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(DocKind::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(DocKind::Webp));
        assert_eq!(sniff(&docx()), Some(DocKind::Docx));
        assert_eq!(sniff(&xlsx()), Some(DocKind::Xlsx));
        assert_eq!(sniff(&odf(ODT_MEDIA_TYPE, false)), Some(DocKind::Odt));
        assert_eq!(sniff(&odf(ODS_MEDIA_TYPE, false)), Some(DocKind::Ods));
        // Parts stored rather than deflated are as good.
        let stored = zip(&[("[Content_Types].xml", DOCX_TYPES.as_bytes(), false), ("word/document.xml", DOCUMENT.as_bytes(), false)]);
        assert_eq!(sniff(&stored), Some(DocKind::Docx));
    }

    #[test]
    fn refuses_what_it_does_not_know_whatever_the_name() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"MZ\x90\0 an .exe renamed to .pdf"), None);
        assert_eq!(sniff(b"<html>not a pdf</html>"), None);
        assert_eq!(sniff(&zip(&[("random.txt", b"x", false)])), None, "a plain zip is not a document");
    }

    /// The marker names used to be looked for anywhere in the bytes: an archive carrying a
    /// program and the two names passed as a DOCX.
    #[test]
    fn marker_names_outside_their_place_are_not_a_document() {
        const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode.";
        // The old check's forgery: the names inside another entry's bytes.
        let names_in_content = zip(&[("setup.txt", b"[Content_Types].xml word/document.xml xl/workbook.xml", false)]);
        assert_eq!(sniff(&names_in_content), None);
        // The names in sub-folders, not at the root.
        let nested = zip(&[
            ("setup.bin", EXE, false),
            ("x/[Content_Types].xml", DOCX_TYPES.as_bytes(), true),
            ("x/word/document.xml", DOCUMENT.as_bytes(), true),
        ]);
        assert_eq!(sniff(&nested), None);
        // Empty marker entries: no declared main part.
        let empty_markers = zip(&[("[Content_Types].xml", b"", false), ("word/document.xml", b"", false)]);
        assert_eq!(sniff(&empty_markers), None);
        // A program beside a real DOCX's parts.
        let with_program = zip(&[
            ("[Content_Types].xml", DOCX_TYPES.as_bytes(), true),
            ("word/document.xml", DOCUMENT.as_bytes(), true),
            ("word/media/setup.EXE", EXE, false),
        ]);
        assert_eq!(sniff(&with_program), None);
        // A macro-enabled document declares another main type.
        let docm = zip(&[
            ("[Content_Types].xml", DOCX_TYPES.replace("officedocument.wordprocessingml.document.main", "ms-word.document.macroEnabled.main").as_bytes(), true),
            ("word/document.xml", DOCUMENT.as_bytes(), true),
        ]);
        assert_eq!(sniff(&docm), None);
        // Entry headers without a central directory (the old tests' "zips").
        let mut headers_only = LOCAL_HEADER.to_vec();
        headers_only.extend_from_slice(&[0u8; 26]);
        headers_only.extend_from_slice(b"[Content_Types].xml....word/document.xml....");
        assert_eq!(sniff(&headers_only), None);
        // Bytes after the archive's end, and a cut archive.
        let mut trailing = docx();
        trailing.extend_from_slice(EXE);
        assert_eq!(sniff(&trailing), None);
        let doc = docx();
        assert_eq!(sniff(&doc[..doc.len() - 1]), None);
        assert_eq!(sniff(&doc[..doc.len() / 2]), None);
    }

    #[test]
    fn opendocument_needs_its_mimetype_first_stored_and_exact() {
        assert_eq!(sniff(&odf(ODT_MEDIA_TYPE, true)), None, "a compressed mimetype");
        assert_eq!(sniff(&odf(b"application/vnd.oasis.opendocument.textx", false)), None);
        assert_eq!(sniff(&odf(b"application/vnd.oasis.opendocument.graphics", false)), None);
        assert_eq!(sniff(&odf(b"application/x-msdownload", false)), None);
        let not_first = zip(&[("content.xml", b"<office:document-content/>", true), ("mimetype", ODT_MEDIA_TYPE, false)]);
        assert_eq!(sniff(&not_first), None);
        let nested = zip(&[("a/mimetype", ODT_MEDIA_TYPE, false), ("content.xml", b"<x/>", true)]);
        assert_eq!(sniff(&nested), None);
        let with_program = zip(&[("mimetype", ODS_MEDIA_TYPE, false), ("Scripts/run.vbs", b"x", false)]);
        assert_eq!(sniff(&with_program), None);
    }
}
