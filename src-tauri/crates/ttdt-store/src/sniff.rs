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
    if bytes.starts_with(b"PK\x03\x04") {
        // OpenDocument: an uncompressed "mimetype" entry first, holding the type.
        if bytes.len() > 38 && &bytes[30..38] == b"mimetype" {
            let rest = &bytes[38..bytes.len().min(38 + 80)];
            if rest.starts_with(b"application/vnd.oasis.opendocument.text") {
                return Some(DocKind::Odt);
            }
            if rest.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
                return Some(DocKind::Ods);
            }
        }
        // Office Open XML: the entry names are stored in clear in the archive.
        if contains(bytes, b"[Content_Types].xml") {
            if contains(bytes, b"word/document.xml") {
                return Some(DocKind::Docx);
            }
            if contains(bytes, b"xl/workbook.xml") {
                return Some(DocKind::Xlsx);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend_from_slice(&[0u8; 26]);
        for n in names {
            v.extend_from_slice(n.as_bytes());
            v.extend_from_slice(b"....");
        }
        v
    }

    #[test]
    fn recognises_each_kind_from_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(DocKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(DocKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(DocKind::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(DocKind::Webp));
        assert_eq!(sniff(&zip_with(&["[Content_Types].xml", "word/document.xml"])), Some(DocKind::Docx));
        assert_eq!(sniff(&zip_with(&["[Content_Types].xml", "xl/workbook.xml"])), Some(DocKind::Xlsx));
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0u8; 26]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(sniff(&odt), Some(DocKind::Odt));
    }

    #[test]
    fn refuses_what_it_does_not_know_whatever_the_name() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"MZ\x90\0 an .exe renamed to .pdf"), None);
        assert_eq!(sniff(b"<html>not a pdf</html>"), None);
        assert_eq!(sniff(&zip_with(&["random.txt"])), None, "a plain zip is not a document");
    }
}
