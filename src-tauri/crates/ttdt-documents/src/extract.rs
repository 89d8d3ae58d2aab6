//! Bytes to pages of passages: PDF through pdf-extract (lopdf), DOCX and ODT through `zipped`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use ttdt_model::error::{Error, Result};
use unicode_normalization::UnicodeNormalization;

use crate::{Document, Kind, Page, Passage, Role};

/// What a document may cost; past these it is refused, never read on.
pub mod limits {
    /// The largest file read (the store accepts 50 MB by default).
    pub const MAX_BYTES: usize = 64 * 1024 * 1024;
    /// Pages of a PDF, or pages counted by breaks in DOCX and ODT.
    pub const MAX_PAGES: usize = 2_000;
    /// Characters of text kept from the whole document.
    pub const MAX_CHARS: usize = 4_000_000;
    /// Entries of a DOCX or ODT zip.
    pub const MAX_ZIP_ENTRIES: usize = 5_000;
    /// Unpacked size of the one XML part read (word/document.xml, content.xml, styles.xml).
    pub const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;
    /// Unpacked size over packed size past which a part is a zip bomb.
    pub const MAX_RATIO: u64 = 200;
    /// Letters a page needs to count as having a text layer (a scan has none, or a stray few).
    pub const MIN_LETTERS_PER_PAGE: usize = 20;
}

/// Reads a document: its kind from its bytes, its pages and passages.
pub fn extract(bytes: &[u8]) -> Result<Document> {
    if bytes.len() > limits::MAX_BYTES {
        return Err(refused(
            format!("{} bytes over the limit", bytes.len()),
            format!("tệp lớn hơn {} MB.", limits::MAX_BYTES / 1024 / 1024),
        ));
    }
    match sniff(bytes) {
        Some(Kind::Pdf) => pdf(bytes),
        Some(Kind::Docx) => crate::zipped::docx(bytes),
        Some(Kind::Odt) => crate::zipped::odt(bytes),
        Some(Kind::Image) => Ok(Document { kind: Kind::Image, pages: vec![Page { number: 1, passages: Vec::new(), text_layer: false }] }),
        // A zip that does not open is a damaged DOCX or ODT, not a file of another kind.
        None if bytes.starts_with(b"PK\x03\x04") && crate::zipped::broken(bytes) => Err(corrupt("DOCX/ODT", "the zip does not open")),
        None => Err(refused(
            "not a PDF, DOCX, ODT or image",
            "tệp không phải PDF, DOCX, ODT hay ảnh, hoặc đã bị hỏng.",
        )),
    }
}

fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(Kind::Pdf);
    }
    let image: &[&[u8]] = &[b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"];
    if image.iter().any(|m| bytes.starts_with(m)) || (bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP") {
        return Some(Kind::Image);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return crate::zipped::kind(bytes);
    }
    None
}

/// A document refused, with why in English (logs) and in Vietnamese (people).
pub(crate) fn refused(reason: impl Into<String>, message_vi: impl Into<String>) -> Error {
    Error::Document { reason: reason.into(), message_vi: message_vi.into() }
}

pub(crate) fn corrupt(kind: &str, detail: impl std::fmt::Display) -> Error {
    refused(format!("{kind}: {detail}"), format!("tệp {kind} bị hỏng hoặc không đúng định dạng."))
}

/// NFC, whitespace collapsed to single spaces except line breaks, trimmed.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<char> = None;
    for c in text.nfc() {
        if c == '\n' {
            pending = Some('\n');
        } else if c.is_whitespace() || c == '\u{a0}' || c == '\u{ad}' {
            if pending.is_none() {
                pending = Some(' ');
            }
        } else if !c.is_control() {
            if let Some(p) = pending.take() {
                if !out.is_empty() {
                    out.push(p);
                }
            }
            out.push(c);
        }
    }
    out
}

pub(crate) fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

/// Builds pages from passages grouped by page, with the text-layer flag and the bounds.
pub(crate) fn finish(kind: Kind, pages: Vec<Vec<Passage>>) -> Result<Document> {
    if pages.len() > limits::MAX_PAGES {
        return Err(too_many_pages(pages.len()));
    }
    let mut chars = 0;
    let mut out = Vec::with_capacity(pages.len());
    for (i, passages) in pages.into_iter().enumerate() {
        let passages: Vec<Passage> = passages.into_iter().filter(|p| !p.text.is_empty()).collect();
        chars += passages.iter().map(|p| p.text.len()).sum::<usize>();
        if chars > limits::MAX_CHARS * 4 {
            return Err(refused("too much text", "tài liệu có quá nhiều chữ để đọc."));
        }
        let text_layer = passages.iter().map(|p| letters(&p.text)).sum::<usize>() >= limits::MIN_LETTERS_PER_PAGE;
        out.push(Page { number: i as u32 + 1, passages, text_layer });
    }
    if out.is_empty() {
        out.push(Page { number: 1, passages: Vec::new(), text_layer: false });
    }
    Ok(Document { kind, pages: out })
}

pub(crate) fn too_many_pages(n: usize) -> Error {
    refused(format!("{n} pages"), format!("tài liệu có hơn {} trang.", limits::MAX_PAGES))
}

// ---------------------------------------------------------------- PDF

fn pdf(bytes: &[u8]) -> Result<Document> {
    // pdf-extract and lopdf panic on some malformed files: a panic is a corrupt file, not a crash.
    let loaded = catch_unwind(|| pdf_extract::Document::load_mem(bytes));
    let mut doc = match loaded {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => return Err(corrupt("PDF", e)),
        Err(_) => return Err(corrupt("PDF", "parser panicked")),
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(refused("encrypted PDF", "tệp PDF được đặt mật khẩu; hãy tải lên bản không đặt mật khẩu."));
    }
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    if numbers.len() > limits::MAX_PAGES {
        return Err(too_many_pages(numbers.len()));
    }
    if numbers.is_empty() {
        return Err(corrupt("PDF", "no pages"));
    }
    let mut pages = Vec::with_capacity(numbers.len());
    for n in numbers {
        let mut lines = Lines::default();
        let ok = catch_unwind(AssertUnwindSafe(|| pdf_extract::output_doc_page(&doc, &mut lines, n)));
        match ok {
            Ok(Ok(())) => {}
            // A page that cannot be read keeps what was read of it; an unreadable page reads as
            // one without text, so an item missing there is "cannot tell".
            Ok(Err(e)) => log::warn!("PDF page {n}: {e}"),
            Err(_) => log::warn!("PDF page {n}: text extraction panicked"),
        }
        pages.push(paragraphs(lines.finish()));
    }
    finish(Kind::Pdf, pages)
}

/// A line of a PDF page: glyphs at one height, cut where a wide gap separates columns.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
}

/// Collects the glyphs of a page into lines, with their extent (pdf-extract's plain output
/// loses where a line ends, which is what tells a paragraph's last line).
#[derive(Default)]
struct Lines {
    height: f64,
    lines: Vec<Line>,
    current: Option<Line>,
    chars: usize,
}

impl Lines {
    fn finish(mut self) -> Vec<Line> {
        if let Some(l) = self.current.take() {
            self.lines.push(l);
        }
        self.lines
    }
}

impl OutputDev for Lines {
    fn begin_page(&mut self, _page: u32, media_box: &MediaBox, _art: Option<(f64, f64, f64, f64)>) -> std::result::Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        Ok(())
    }
    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn output_character(&mut self, trm: &Transform, width: f64, _spacing: f64, font_size: f64, ch: &str) -> std::result::Result<(), OutputError> {
        if self.chars > limits::MAX_CHARS {
            return Ok(());
        }
        self.chars += 1;
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).max(1.0);
        let (x, y) = (trm.m31, self.height - trm.m32);
        let end = x + width * size;
        if let Some(l) = &mut self.current {
            let same_line = (y - l.y).abs() <= l.size * 0.5;
            let gap = x - l.x1;
            if same_line && gap > -l.size && gap < l.size * 1.2 {
                // pdf-extract's glyph widths can be off by a quarter of an em (seen on Chromium's
                // fonts), and most producers write spaces as glyphs: only a wide gap is a space.
                if gap > l.size * 0.3 && !l.text.ends_with(' ') && ch != " " {
                    l.text.push(' ');
                }
                l.text.push_str(ch);
                l.x1 = l.x1.max(end);
                return Ok(());
            }
            let done = self.current.take().expect("current line");
            self.lines.push(done);
        }
        if ch.trim().is_empty() {
            return Ok(());
        }
        self.current = Some(Line { text: ch.to_string(), x0: x, x1: end, y, size });
        Ok(())
    }
    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
}

/// Lines to passages. A line stands alone when it is a heading by shape, in capitals, or a
/// short cell of a table row (another column on its baseline); a heading's wrapped second line
/// (starting in lower case, same indent) joins it. Centred lines in mixed case join (a title's
/// summary, a note in brackets). A body line joins the next while it reaches the right margin,
/// the next is not indented and no wider gap than the page's usual line pitch separates them.
fn paragraphs(lines: Vec<Line>) -> Vec<Passage> {
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|mut l| {
            l.text = clean(&l.text);
            l
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    if lines.is_empty() {
        return Vec::new();
    }
    let left = lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
    let right = lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
    let middle = (left + right) / 2.0;
    let centred = |l: &Line| l.x0 > left + l.size * 3.0 && ((l.x0 + l.x1) / 2.0 - middle).abs() < l.size * 2.0;
    let full = |l: &Line| l.x1 >= right - l.size * 2.0;
    // The usual pitch between a line and the next: a wider gap is space between paragraphs.
    let mut pitches: Vec<f64> =
        lines.windows(2).map(|w| w[1].y - w[0].y).filter(|d| *d > 0.0 && *d < w_size(&lines) * 3.0).collect();
    pitches.sort_by(|a, b| a.total_cmp(b));
    let pitch = pitches.get(pitches.len() / 2).copied().unwrap_or(f64::MAX);
    // Several segments on one baseline: columns of a table (or of the header).
    let split = |i: usize| {
        let near = |j: usize| (lines[j].y - lines[i].y).abs() <= lines[i].size * 0.5;
        (i > 0 && near(i - 1)) || (i + 1 < lines.len() && near(i + 1))
    };

    let mut out: Vec<(Passage, bool)> = Vec::new();
    // How the last passage may continue.
    #[derive(PartialEq)]
    enum Open {
        Closed,
        Centred,
        Body,
        /// A heading line, and whether it filled the line (then it wrapped).
        Heading(bool),
    }
    let mut open = Open::Closed;
    for (i, l) in lines.iter().enumerate() {
        let upper = crate::find::is_upper(&l.text);
        let cell = split(i) && crate::extract::letters(&l.text) > 0 && l.text.split_whitespace().count() <= 15;
        let heading = upper || cell || crate::find::heading_shape(&l.text);
        let c = centred(l);
        let gap = i > 0 && l.y - lines[i - 1].y > pitch * 1.15;
        let lower_start = l.text.chars().next().is_some_and(char::is_lowercase);
        let joins = match open {
            Open::Centred => c && !upper && !heading && !gap && !l.text.starts_with('('),
            Open::Body => !c && !heading && !gap && l.x0 < left + l.size,
            Open::Heading(filled) => (lower_start || filled) && !gap && !heading,
            Open::Closed => false,
        };
        if joins {
            let last = &mut out.last_mut().expect("an open passage").0;
            last.text.push(' ');
            last.text.push_str(&l.text);
        } else {
            out.push((Passage { text: l.text.clone(), role: Role::Text, row: None }, cell));
        }
        open = if matches!(open, Open::Heading(_)) && joins {
            Open::Closed
        } else if heading && !c && !upper {
            Open::Heading(full(l))
        } else if c {
            if upper { Open::Closed } else { Open::Centred }
        } else if full(l) && !heading {
            Open::Body
        } else {
            Open::Closed
        };
    }
    // Roles are told once lines are joined: a wrapped "Điều 3. …" sentence is no heading.
    out.into_iter()
        .map(|(mut p, cell)| {
            let heading = cell || crate::find::is_upper(&p.text) || crate::find::heading_shape(&p.text);
            p.role = if heading { Role::Heading } else { Role::Text };
            p
        })
        .collect()
}

fn w_size(lines: &[Line]) -> f64 {
    let mut sizes: Vec<f64> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(|a, b| a.total_cmp(b));
    sizes[sizes.len() / 2]
}
