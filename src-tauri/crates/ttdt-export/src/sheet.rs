//! What every workbook shares: its formats, cell addresses, page setup, sheet names, formulas
//! with their cached value, and the writer's error type.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, FormatUnderline, Formula, Worksheet, XlsxError};

use crate::ExportOptions;
use ttdt_model::error::Error;

/// The formats of the official documents: Times New Roman 12, thin borders in tables.
pub(crate) struct Styles {
    pub base: Format,
    pub bold: Format,
    pub center_bold: Format,
    pub title: Format,
    pub italic_center: Format,
    pub underline_center: Format,
    pub head: Format,
    pub cell: Format,
    pub cell_center: Format,
    pub num: Format,
    pub group: Format,
    pub group_num: Format,
    pub total: Format,
    pub total_num: Format,
    pub pct: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name("Times New Roman").set_font_size(12);
        let cell = base.clone().set_text_wrap().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
        Styles {
            bold: base.clone().set_bold(),
            center_bold: base.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            title: base.clone().set_bold().set_font_size(14).set_align(FormatAlign::Center),
            italic_center: base.clone().set_italic().set_align(FormatAlign::Center),
            underline_center: base.clone().set_bold().set_underline(FormatUnderline::Single).set_align(FormatAlign::Center),
            head: cell.clone().set_bold().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_background_color("#E8E3D3"),
            cell_center: cell.clone().set_align(FormatAlign::Center),
            num: cell.clone().set_num_format("0.##").set_align(FormatAlign::Right),
            group: cell.clone().set_bold().set_background_color("#F4EEDF"),
            group_num: cell.clone().set_bold().set_background_color("#F4EEDF").set_num_format("0.##"),
            total: cell.clone().set_bold().set_background_color("#E8E3D3"),
            total_num: cell.clone().set_bold().set_background_color("#E8E3D3").set_num_format("0.##"),
            pct: cell.clone().set_bold().set_num_format("0.0%"),
            cell,
            base,
        }
    }
}

/// A workbook being written: how (the caller's options) and with which formats.
pub(crate) struct Book {
    pub opts: ExportOptions,
    pub st: Styles,
}

impl Book {
    pub fn new(opts: ExportOptions) -> Book {
        Book { opts, st: Styles::new() }
    }

    /// A live formula; with `cached_results`, it carries the app's value (to three decimals) for
    /// readers that do not calculate.
    pub fn formula(&self, text: String, value: f64) -> Formula {
        let f = Formula::new(text);
        if self.opts.cached_results {
            f.set_result(format!("{}", (value * 1000.0).round() / 1000.0))
        } else {
            f
        }
    }
}

/// An error while a workbook is built: the writer's failures become `Error::Export`.
pub(crate) struct BookError(pub Error);

pub(crate) type BookResult<T> = std::result::Result<T, BookError>;

impl From<XlsxError> for BookError {
    fn from(e: XlsxError) -> Self {
        BookError(Error::Export(e.to_string()))
    }
}

impl From<Error> for BookError {
    fn from(e: Error) -> Self {
        BookError(e)
    }
}

/// The letters of a column: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn col_name(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

/// The A1 address of a cell (zero-based row and column).
pub(crate) fn a1(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// A4 paper, narrow margins, one page wide.
pub(crate) fn a4(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
}

/// Sheet names: at most 31 characters, none of `[]:*?/\`, unique.
pub(crate) fn sheet_name(base: &str, used: &mut Vec<String>) -> String {
    let clean: String = base.chars().filter(|c| !"[]:*?/\\'".contains(*c)).collect();
    let mut name: String = clean.chars().take(31).collect();
    let mut n = 2;
    while used.contains(&name) {
        let suffix = format!(" {n}");
        name = clean.chars().take(31 - suffix.chars().count()).collect::<String>() + &suffix;
        n += 1;
    }
    used.push(name.clone());
    name
}

/// Writes a header row of `head` cells from column 0.
pub(crate) fn header_row(ws: &mut Worksheet, row: u32, headers: &[&str], st: &Styles) -> BookResult<()> {
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *h, &st.head)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
        let mut used = Vec::new();
        assert_eq!(sheet_name("XH Khối tỉnh: [A/B]", &mut used), "XH Khối tỉnh AB");
        let long = "Khối sở, ban, ngành thuộc Ủy ban nhân dân tỉnh";
        let first = sheet_name(long, &mut used);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, &mut used);
        assert!(second.ends_with(" 2") && second.chars().count() == 31);
    }
}
