//! DOCX and ODT: a zip read within bounds, then its XML walked once.
//!
//! Pages are counted from explicit breaks (`w:br w:type="page"`, `w:pageBreakBefore`,
//! `w:lastRenderedPageBreak`; ODT paragraph styles with `fo:break-before`/`fo:break-after="page"`
//! and `text:soft-page-break`). A break with no text since the last one starts no new page, so
//! the rendered break Word writes after an explicit one is not counted twice.

use std::collections::HashSet;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use ttdt_model::error::Result;

use crate::extract::{clean, corrupt, finish, limits, refused, too_many_pages};
use crate::{Document, Kind, Passage, Role};

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn open<'a>(bytes: &'a [u8], kind: &str) -> Result<Archive<'a>> {
    let z = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(kind, e))?;
    if z.len() > limits::MAX_ZIP_ENTRIES {
        return Err(refused(format!("{} zip entries", z.len()), format!("tệp {kind} có quá nhiều phần ({}).", z.len())));
    }
    Ok(z)
}

/// Whether a zip's directory cannot be read (a truncated or damaged file).
pub(crate) fn broken(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_err()
}

/// DOCX, ODT or neither, from the zip's parts.
pub(crate) fn kind(bytes: &[u8]) -> Option<Kind> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if let Ok(mut m) = z.by_name("mimetype") {
        let mut s = String::new();
        (&mut m).take(100).read_to_string(&mut s).ok()?;
        return (s.trim() == "application/vnd.oasis.opendocument.text").then_some(Kind::Odt);
    }
    let docx = z.by_name("word/document.xml").is_ok();
    docx.then_some(Kind::Docx)
}

/// One part's bytes, refused past the size limit or the compression ratio, whatever the zip's
/// directory claims (the bytes are counted as they are inflated).
fn part(z: &mut Archive<'_>, name: &str, kind: &str) -> Result<Option<Vec<u8>>> {
    let mut f = match z.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(corrupt(kind, e)),
    };
    let packed = f.compressed_size().max(1);
    let cap = limits::MAX_XML_BYTES.min(packed.saturating_mul(limits::MAX_RATIO).max(64 * 1024));
    let mut out = Vec::new();
    (&mut f).take(cap + 1).read_to_end(&mut out).map_err(|e| corrupt(kind, e))?;
    if out.len() as u64 > cap {
        return Err(refused(
            format!("{name}: unpacks past {cap} bytes"),
            format!("tệp {kind} giải nén ra quá lớn (có thể là tệp độc hại); không đọc tiếp."),
        ));
    }
    Ok(Some(out))
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find(|a| local(a.key.as_ref()) == key).map(|a| a.value.into_owned())
}

/// Passages by page, as the XML walk finds them.
struct Pages {
    pages: Vec<Vec<Passage>>,
    text_since_break: bool,
    /// Text of the paragraph (or table cell) being read.
    buf: String,
    role: Role,
    /// Depth of tables and the row counter: a cell of the outermost table is one passage.
    table_depth: u32,
    row: u32,
    kind: &'static str,
}

impl Pages {
    fn new(kind: &'static str) -> Self {
        Pages { pages: vec![Vec::new()], text_since_break: false, buf: String::new(), role: Role::Text, table_depth: 0, row: 0, kind }
    }

    fn text(&mut self, t: &str) {
        if !t.trim().is_empty() {
            self.text_since_break = true;
        }
        self.buf.push_str(t);
    }

    fn page_break(&mut self) -> Result<()> {
        if !self.text_since_break {
            return Ok(());
        }
        if self.table_depth == 0 {
            self.flush();
        }
        self.text_since_break = false;
        self.pages.push(Vec::new());
        if self.pages.len() > limits::MAX_PAGES {
            return Err(too_many_pages(self.pages.len()));
        }
        Ok(())
    }

    /// Ends a paragraph outside tables (inside a cell, paragraphs are lines of the cell).
    fn end_paragraph(&mut self) {
        if self.table_depth == 0 {
            self.flush();
        } else {
            self.buf.push('\n');
        }
    }

    fn end_cell(&mut self) {
        if self.table_depth == 1 {
            let row = self.row;
            self.flush_as(Some(row));
        }
    }

    fn flush(&mut self) {
        self.flush_as(None);
    }

    fn flush_as(&mut self, row: Option<u32>) {
        let text = clean(&self.buf);
        self.buf.clear();
        if text.is_empty() {
            return;
        }
        let role = std::mem::replace(&mut self.role, Role::Text);
        let role = if role == Role::Heading || (row.is_none() && crate::find::heading_shape(&text)) || (row.is_none() && crate::find::is_upper(&text)) {
            Role::Heading
        } else {
            Role::Text
        };
        self.pages.last_mut().expect("a page").push(Passage { text, role, row });
    }

    fn finish(mut self) -> Result<Document> {
        self.flush();
        let kind = if self.kind == "DOCX" { Kind::Docx } else { Kind::Odt };
        finish(kind, self.pages)
    }
}

fn reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(xml);
    r.config_mut().trim_text(false);
    r
}

// ---------------------------------------------------------------- DOCX

pub(crate) fn docx(bytes: &[u8]) -> Result<Document> {
    let mut z = open(bytes, "DOCX")?;
    let xml = part(&mut z, "word/document.xml", "DOCX")?.ok_or_else(|| corrupt("DOCX", "no word/document.xml"))?;
    let mut r = reader(&xml);
    let mut p = Pages::new("DOCX");
    let mut in_text = false;
    let mut in_ppr = false;
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| corrupt("DOCX", e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match local(e.name().as_ref()) {
                    "p" if !empty && p.table_depth == 0 => p.role = Role::Text,
                    "t" if !empty => in_text = true,
                    "tab" if !in_ppr => p.text(" "),
                    "br" | "cr" => {
                        if attr(e, "type").as_deref() == Some("page") {
                            p.page_break()?;
                        } else {
                            p.text(" ");
                        }
                    }
                    "lastRenderedPageBreak" => p.page_break()?,
                    "pPr" if !empty => in_ppr = true,
                    "pageBreakBefore" if in_ppr => {
                        if !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off")) {
                            p.page_break()?;
                        }
                    }
                    "pStyle" if in_ppr => {
                        let style = attr(e, "val").unwrap_or_default().to_ascii_lowercase();
                        if style.starts_with("heading") || style == "title" || style.starts_with("tieude") {
                            p.role = Role::Heading;
                        }
                    }
                    "outlineLvl" if in_ppr => p.role = Role::Heading,
                    "tbl" if !empty => {
                        if p.table_depth == 0 {
                            p.flush();
                        }
                        p.table_depth += 1;
                    }
                    "tr" if !empty && p.table_depth == 1 => p.row += 1,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                p.text(&t.xml10_content());
            }
            Event::GeneralRef(g) if in_text => {
                p.text(&entity(g.as_ref()));
            }
            Event::End(e) => match local(e.name().as_ref()) {
                "t" => in_text = false,
                "pPr" => in_ppr = false,
                "p" => p.end_paragraph(),
                "tc" => p.end_cell(),
                "tbl" => p.table_depth = p.table_depth.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    p.finish()
}

/// The text of an XML character or entity reference (`&amp;`, `&#7899;`).
fn entity(name: &str) -> String {
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        _ => {
            let n = name.strip_prefix("#x").map(|h| u32::from_str_radix(h, 16)).or_else(|| name.strip_prefix('#').map(|d| d.parse::<u32>()));
            n.and_then(|r| r.ok()).and_then(char::from_u32).map(String::from).unwrap_or_default()
        }
    }
}

// ---------------------------------------------------------------- ODT

/// Paragraph styles that break the page before or after, and their heirs.
#[derive(Default)]
struct Breaks {
    before: HashSet<String>,
    after: HashSet<String>,
}

fn odt_styles(xml: &[u8], breaks: &mut Breaks) -> Result<()> {
    let mut r = reader(xml);
    let mut buf = Vec::new();
    let mut parents: Vec<(String, String)> = Vec::new();
    let mut current: Option<String> = None;
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| corrupt("ODT", e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "style" => {
                    let name = attr(e, "name").unwrap_or_default();
                    if let Some(parent) = attr(e, "parent-style-name") {
                        parents.push((name.clone(), parent));
                    }
                    current = matches!(ev, Event::Start(_)).then_some(name);
                }
                "paragraph-properties" | "table-properties" => {
                    if let Some(name) = &current {
                        if attr(e, "break-before").as_deref() == Some("page") {
                            breaks.before.insert(name.clone());
                        }
                        if attr(e, "break-after").as_deref() == Some("page") {
                            breaks.after.insert(name.clone());
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "style" => current = None,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // A style inherits its parent's break (a few rounds cover any real chain).
    for _ in 0..4 {
        for (child, parent) in &parents {
            if breaks.before.contains(parent) {
                breaks.before.insert(child.clone());
            }
            if breaks.after.contains(parent) {
                breaks.after.insert(child.clone());
            }
        }
    }
    Ok(())
}

pub(crate) fn odt(bytes: &[u8]) -> Result<Document> {
    let mut z = open(bytes, "ODT")?;
    let mut breaks = Breaks::default();
    if let Some(styles) = part(&mut z, "styles.xml", "ODT")? {
        odt_styles(&styles, &mut breaks)?;
    }
    let xml = part(&mut z, "content.xml", "ODT")?.ok_or_else(|| corrupt("ODT", "no content.xml"))?;
    odt_styles(&xml, &mut breaks)?;
    let mut r = reader(&xml);
    let mut p = Pages::new("ODT");
    // Paragraph depth: text counts only inside text:p / text:h (not in style definitions).
    let mut depth = 0u32;
    let mut break_after: Vec<bool> = Vec::new();
    let mut in_body = false;
    let mut skip = 0u32;
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| corrupt("ODT", e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                let qname = e.name();
                let name = local(qname.as_ref()).to_string();
                match name.as_str() {
                    "body" => in_body = true,
                    _ if !in_body => {}
                    // Notes and annotations are not the document's text.
                    "note" | "annotation" if !empty => skip += 1,
                    "p" | "h" => {
                        let style = attr(e, "style-name").unwrap_or_default();
                        if breaks.before.contains(&style) {
                            p.page_break()?;
                        }
                        if depth == 0 && p.table_depth == 0 {
                            p.role = if name == "h" { Role::Heading } else { Role::Text };
                        }
                        if empty {
                            if breaks.after.contains(&style) {
                                p.page_break()?;
                            }
                        } else {
                            depth += 1;
                            break_after.push(breaks.after.contains(&style));
                        }
                    }
                    "s" if depth > 0 && skip == 0 => {
                        let n = attr(e, "c").and_then(|c| c.parse::<usize>().ok()).unwrap_or(1).min(8);
                        p.text(&" ".repeat(n));
                    }
                    "tab" | "line-break" if depth > 0 && skip == 0 => p.text(" "),
                    "soft-page-break" => p.page_break()?,
                    "table" if !empty => {
                        if p.table_depth == 0 {
                            p.flush();
                        }
                        p.table_depth += 1;
                    }
                    "table-row" if !empty && p.table_depth == 1 => p.row += 1,
                    _ => {}
                }
            }
            Event::Text(t) if depth > 0 && skip == 0 => {
                p.text(&t.xml10_content());
            }
            Event::GeneralRef(g) if depth > 0 && skip == 0 => {
                p.text(&entity(g.as_ref()));
            }
            Event::End(e) if in_body => match local(e.name().as_ref()) {
                "note" | "annotation" => skip = skip.saturating_sub(1),
                "p" | "h" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        p.end_paragraph();
                    }
                    if break_after.pop().unwrap_or(false) {
                        p.page_break()?;
                    }
                }
                "table-cell" => p.end_cell(),
                "table" => p.table_depth = p.table_depth.saturating_sub(1),
                "body" => in_body = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    p.finish()
}
