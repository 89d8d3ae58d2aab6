//! Evidence documents read for a reviewer: the text of each page of a PDF, DOCX or ODT, the facts
//! of its header (number, date, issuer, title), and where each checklist item of a manual
//! criterion is satisfied (page and quote).
//!
//! Pure: bytes in, findings out. No network, no database, no clock. Every input is bounded
//! (`limits`), so a hostile file is refused rather than read whole. A PDF without a text layer
//! (a scan) is recognised and answered "cannot tell", never "not found"; there is no OCR.

mod extract;
mod find;
mod meta;
mod zipped;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use ttdt_model::error::Result;

pub use extract::{extract, limits};
pub use find::{has_vocabulary, items as find_items};
pub use meta::read_meta;

/// What a document is, from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "DocumentKind")]
pub enum Kind {
    Pdf,
    Docx,
    Odt,
    /// A picture (PNG, JPEG, GIF, WebP): a photographed or scanned page, never read.
    Image,
}

/// How a passage stands in its document: what may satisfy a checklist item depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A heading by style (DOCX heading style, ODT `text:h`) or by shape ("Chương II",
    /// "Điều 12. …", "II. …" on a short line of its own).
    Heading,
    /// A paragraph, a line of a PDF joined to its paragraph, or a table cell.
    Text,
}

/// One paragraph, heading or table cell, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Passage {
    /// NFC, whitespace collapsed.
    pub text: String,
    pub role: Role,
    /// Where a table cell sits: the texts of the other cells of its row count as its body.
    #[ts(type = "number | null")]
    pub row: Option<u32>,
}

/// One page, counted from 1 (by explicit page breaks in DOCX and ODT).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Page {
    pub number: u32,
    pub passages: Vec<Passage>,
    /// The page carries readable text (at least a few words' worth of letters).
    pub text_layer: bool,
}

impl Page {
    /// The page's text, one passage a line.
    pub fn text(&self) -> String {
        self.passages.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// A document read into pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Document {
    pub kind: Kind,
    pub pages: Vec<Page>,
}

impl Document {
    /// Whether the document has text to read: a scan or a picture has none.
    pub fn text_layer(&self) -> bool {
        self.kind != Kind::Image && !self.pages.is_empty() && self.pages.iter().any(|p| p.text_layer)
    }
}

/// Facts read from a document's header; `None` where the header does not show them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "DocumentMeta")]
pub struct Meta {
    /// "15/QĐ-UBND", "15/2024/QĐ-UBND".
    pub number: Option<String>,
    /// YYYY-MM-DD, from "…, ngày 12 tháng 3 năm 2024".
    pub date: Option<String>,
    /// The issuing body (the last body named in the top-left block).
    pub issuer: Option<String>,
    /// The kind of document and its summary: "QUYẾT ĐỊNH / Về việc ban hành Quy chế …".
    pub title: Option<String>,
}

/// Whether a checklist item is satisfied by the document, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemFinding {
    /// The checklist item as the criterion words it.
    pub label: String,
    /// `true` found, `false` not found, `None` cannot tell (no text layer, or no vocabulary for
    /// the item): a reviewer decides.
    pub found: Option<bool>,
    /// Page of the quote, from 1.
    #[ts(type = "number | null")]
    pub page: Option<u32>,
    /// The heading or sentence that satisfies the item (or, when a condition fails, the one
    /// that shows why: "Cấp độ 2").
    pub quote: Option<String>,
}

/// What the document assistant reports about one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Analysis {
    pub kind: Kind,
    pub text_layer: bool,
    #[ts(type = "number")]
    pub pages: u32,
    pub meta: Meta,
    pub items: Vec<ItemFinding>,
}

/// Reads a document and, when a criterion is given (its code and checklist), finds each item.
pub fn analyse(bytes: &[u8], criterion: Option<(&str, &[String])>) -> Result<Analysis> {
    let doc = extract(bytes)?;
    Ok(analyse_document(&doc, criterion))
}

/// [`analyse`] on a document already read.
pub fn analyse_document(doc: &Document, criterion: Option<(&str, &[String])>) -> Analysis {
    let items = match criterion {
        Some((code, checklist)) => find_items(doc, code, checklist),
        None => Vec::new(),
    };
    Analysis {
        kind: doc.kind,
        text_layer: doc.text_layer(),
        pages: doc.pages.len() as u32,
        meta: if doc.text_layer() { read_meta(doc) } else { Meta::default() },
        items,
    }
}
