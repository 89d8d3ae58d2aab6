//! What every workbook shares: its formats, cell addresses, page setup and footers, row heights
//! of wrapped text, the letterhead, versions and signature blocks, sheet names, formulas with
//! their cached value, and the writer's error type.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, FormatUnderline, Formula, Worksheet, XlsxError};

use crate::{measure, ExportOptions, Letterhead};
use ttdt_model::domain::Signatory;
use ttdt_model::error::Error;

/// The formats of the official documents: Times New Roman 12, thin borders in tables; points to
/// 0.01 and shares as percentages, whatever float noise the value carries.
pub(crate) struct Styles {
    pub bold: Format,
    pub center_bold: Format,
    pub title: Format,
    pub italic: Format,
    pub italic_center: Format,
    pub underline_center: Format,
    pub note: Format,
    pub head: Format,
    /// A header written bottom to top, for narrow columns of codes.
    pub head_up: Format,
    pub cell: Format,
    pub cell_center: Format,
    pub num: Format,
    pub int: Format,
    pub count: Format,
    pub group: Format,
    pub group_num: Format,
    pub total: Format,
    pub total_num: Format,
    pub pct: Format,
    pub pct_cell: Format,
}

/// Points as printed: two decimals.
pub(crate) const POINTS: &str = "0.00";

impl Styles {
    fn new() -> Styles {
        let base = Format::new().set_font_name("Times New Roman").set_font_size(12).set_align(FormatAlign::Top);
        let cell = base.clone().set_text_wrap().set_border(FormatBorder::Thin);
        Styles {
            bold: base.clone().set_bold(),
            center_bold: base.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            title: base.clone().set_bold().set_font_size(14).set_align(FormatAlign::Center).set_text_wrap(),
            italic: base.clone().set_italic().set_text_wrap(),
            italic_center: base.clone().set_italic().set_align(FormatAlign::Center).set_text_wrap(),
            underline_center: base.clone().set_bold().set_underline(FormatUnderline::Single).set_align(FormatAlign::Center),
            note: base.clone().set_italic().set_text_wrap().set_font_color("#5A5A5A"),
            head: cell.clone().set_bold().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_background_color("#E8E3D3"),
            head_up: cell.clone().set_bold().set_rotation(90).set_align(FormatAlign::Center).set_align(FormatAlign::Bottom).set_background_color("#E8E3D3"),
            cell_center: cell.clone().set_align(FormatAlign::Center),
            num: cell.clone().set_num_format(POINTS).set_align(FormatAlign::Right),
            int: cell.clone().set_num_format("0").set_align(FormatAlign::Center),
            count: cell.clone().set_num_format("#,##0").set_align(FormatAlign::Right),
            group: cell.clone().set_bold().set_background_color("#F4EEDF"),
            group_num: cell.clone().set_bold().set_background_color("#F4EEDF").set_num_format(POINTS),
            total: cell.clone().set_bold().set_background_color("#E8E3D3"),
            total_num: cell.clone().set_bold().set_background_color("#E8E3D3").set_num_format(POINTS),
            pct: cell.clone().set_bold().set_num_format("0.0%"),
            pct_cell: cell.clone().set_num_format("0.0%").set_align(FormatAlign::Right),
            cell,
        }
    }
}

/// A font as measured: its size and weight.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Font {
    pub pt: f64,
    pub bold: bool,
}

pub(crate) const REGULAR: Font = Font { pt: 12.0, bold: false };
pub(crate) const BOLD: Font = Font { pt: 12.0, bold: true };
pub(crate) const TITLE: Font = Font { pt: 14.0, bold: true };

/// A number without float noise (2.4539999999999997 is 2.454); the number formats round what is
/// shown, this keeps what is stored and cached from carrying the noise.
pub(crate) fn tidy(x: f64) -> f64 {
    if x.is_finite() { (x * 1e6).round() / 1e6 + 0.0 } else { 0.0 }
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

    /// A live formula; with `cached_results`, it carries the app's value (without float noise)
    /// for readers that do not calculate.
    pub fn formula(&self, text: String, value: f64) -> Formula {
        let f = Formula::new(text);
        if self.opts.cached_results {
            f.set_result(format!("{}", tidy(value)))
        } else {
            f
        }
    }
}

/// The column widths of a sheet and the height each row needs: every wrapped text is measured
/// against its column (or merged columns) and its row made tall enough for it.
pub(crate) struct Fit {
    widths: Vec<f64>,
    heights: BTreeMap<u32, f64>,
}

impl Fit {
    /// Sets the sheet's column widths (Excel units) from column 0.
    pub fn new(ws: &mut Worksheet, widths: &[f64]) -> BookResult<Fit> {
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w)?;
        }
        Ok(Fit { widths: widths.to_vec(), heights: BTreeMap::new() })
    }

    /// The width of columns `first..=last`.
    pub fn span(&self, first: u16, last: u16) -> f64 {
        (first..=last).map(|c| self.widths.get(c as usize).copied().unwrap_or(8.43)).sum()
    }

    /// Notes that `row` holds `text` across `first..=last` in `font`.
    pub fn measure(&mut self, row: u32, first: u16, last: u16, text: &str, font: Font) {
        let n = measure::lines(text, self.span(first, last), font.pt, font.bold);
        self.at_least(row, measure::height(n, font.pt));
    }

    /// Notes that `row` needs at least `points` of height.
    pub fn at_least(&mut self, row: u32, points: f64) {
        let h = self.heights.entry(row).or_insert(0.0);
        *h = h.max(points);
    }

    /// Writes text (never a formula) in one cell and measures it.
    pub fn text(&mut self, ws: &mut Worksheet, row: u32, col: u16, text: &str, format: &Format, font: Font) -> BookResult<()> {
        ws.write_string_with_format(row, col, text, format)?;
        self.measure(row, col, col, text, font);
        Ok(())
    }

    /// Writes text across merged columns and measures it.
    pub fn merged(&mut self, ws: &mut Worksheet, row: u32, cols: RangeInclusive<u16>, text: &str, format: &Format, font: Font) -> BookResult<()> {
        let (first, last) = (*cols.start(), *cols.end());
        if first == last {
            ws.write_string_with_format(row, first, text, format)?;
        } else {
            ws.merge_range(row, first, row, last, text, format)?;
        }
        self.measure(row, first, last, text, font);
        Ok(())
    }

    /// Sets the height of one row now (a constant-memory sheet writes rows in order).
    pub fn finish_row(&mut self, ws: &mut Worksheet, row: u32) -> BookResult<()> {
        if let Some(h) = self.heights.remove(&row) {
            ws.set_row_height(row, h)?;
        }
        Ok(())
    }

    /// Sets the height of every measured row.
    pub fn finish(&mut self, ws: &mut Worksheet) -> BookResult<()> {
        for (row, h) in std::mem::take(&mut self.heights) {
            ws.set_row_height(row, h)?;
        }
        Ok(())
    }
}

/// A text cut to about `max` characters at a word, with "…" when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(' ').filter(|i| *i > cut.len() / 2).map(|i| &cut[..i]).unwrap_or(&cut);
    format!("{}…", at_word.trim_end_matches([',', ';', '.', ':', ' ']))
}

/// How a sheet is printed.
pub(crate) struct Page<'a> {
    pub landscape: bool,
    /// A3 instead of A4, for a sheet too wide to read on A4.
    pub a3: bool,
    /// The rows repeated at the top of every page (the table's header).
    pub repeat: Option<(u32, u32)>,
    pub campaign: &'a str,
    pub head: &'a Letterhead,
}

/// Paper, narrow margins, one page wide, the table's header on every page, and a footer with the
/// campaign, the page number and the export time.
pub(crate) fn page_setup(ws: &mut Worksheet, page: &Page<'_>) -> BookResult<()> {
    ws.set_paper_size(if page.a3 { 8 } else { 9 });
    if page.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_margins(0.5, 0.5, 0.5, 0.6, 0.25, 0.25);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    if let Some((first, last)) = page.repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_footer(footer(page.campaign, &page.head.exported_at));
    Ok(())
}

/// "&L<campaign>&CTrang &P/&N&RXuất lúc <time>", within Excel's 255 characters.
fn footer(campaign: &str, exported_at: &str) -> String {
    let font = "&\"Times New Roman,Regular\"&9";
    // "&" starts a code in a footer: a campaign's own "&" is written "&&".
    let name = shorten(campaign, 80).replace('&', "&&");
    let exported = if exported_at.is_empty() { String::new() } else { format!("Xuất lúc {exported_at}") };
    format!("&L{font}{name}&C{font}Trang &P/&N&R{font}{exported}")
}

/// "<place>, ngày dd tháng mm năm yyyy", with dots to fill by hand when no place is set.
pub(crate) fn place_date(head: &Letterhead) -> String {
    let (d, m, y) = head.date;
    let place = if head.place.is_empty() { "……………" } else { head.place.as_str() };
    format!("{place}, ngày {d:02} tháng {m:02} năm {y}")
}

/// The administrative header across columns `0..=last`: the issuer at left, the national motto
/// and the place and date at right. Returns the next free row.
pub(crate) fn letterhead(ws: &mut Worksheet, fit: &mut Fit, head: &Letterhead, split: u16, last: u16, st: &Styles) -> BookResult<u32> {
    fit.merged(ws, 0, 0..=split - 1, &head.issuer.to_uppercase(), &st.center_bold, BOLD)?;
    fit.merged(ws, 0, split..=last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &st.center_bold, BOLD)?;
    ws.merge_range(1, split, 1, last, "Độc lập - Tự do - Hạnh phúc", &st.underline_center)?;
    fit.merged(ws, 2, split..=last, &place_date(head), &st.italic_center, REGULAR)?;
    Ok(4)
}

/// The versions that produced the document, in one line.
pub(crate) fn versions_text(head: &Letterhead, browsers: &[String]) -> String {
    let v = &head.versions;
    let mut parts = Vec::new();
    if !v.app.is_empty() {
        parts.push(format!("TTĐT Workbench {}", v.app));
    }
    if !v.framework_id.is_empty() {
        let version = if v.framework_version.is_empty() { String::new() } else { format!(" phiên bản {}", v.framework_version) };
        parts.push(format!("bộ tiêu chí {}{version}", v.framework_id));
    }
    if !v.checks.is_empty() {
        parts.push(format!("bộ kiểm tra tự động {}", v.checks));
    }
    parts.push(if browsers.is_empty() {
        "chưa đo tải trang bằng trình duyệt".to_string()
    } else {
        format!("trình duyệt đo tải trang: {}", browsers.join(", "))
    });
    if !head.exported_at.is_empty() {
        parts.push(format!("xuất lúc {}", head.exported_at));
    }
    let mut text = parts.join("; ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text + "."
}

/// "Thông tin xuất": the versions, across `0..=last` from `row`. Returns the next free row.
pub(crate) fn versions_block(ws: &mut Worksheet, fit: &mut Fit, row: u32, last: u16, head: &Letterhead, browsers: &[String], st: &Styles) -> BookResult<u32> {
    fit.merged(ws, row, 0..=last, &format!("Thông tin xuất: {}", versions_text(head, browsers)), &st.note, REGULAR)?;
    Ok(row + 1)
}

/// Who signs: the campaign's signatories, else the reviewer and the head of the evaluation team.
pub(crate) fn signatories(head: &Letterhead) -> Vec<Signatory> {
    if !head.signatories.is_empty() {
        return head.signatories.clone();
    }
    vec![
        Signatory { title: "NGƯỜI ĐÁNH GIÁ".into(), name: head.reviewer.clone() },
        Signatory { title: "TRƯỞNG ĐOÀN ĐÁNH GIÁ".into(), name: String::new() },
    ]
}

/// The signature block across columns `0..=last` from `row`: the place and date, the issuer,
/// then each signatory's title, "(Ký, ghi rõ họ tên)", room to sign and the name, side by side.
/// Returns the next free row.
pub(crate) fn signature_block(ws: &mut Worksheet, fit: &mut Fit, row: u32, last: u16, head: &Letterhead, st: &Styles) -> BookResult<u32> {
    let people = signatories(head);
    let spans = spans(fit, last, people.len());
    // The place, date and issuer stand above the right-most signature, where the main one goes.
    let (right_first, right_last) = spans.last().copied().unwrap_or((0, last));
    let from = if spans.len() > 1 { spans[spans.len() / 2].0 } else { right_first };
    fit.merged(ws, row, from..=right_last, &place_date(head), &st.italic_center, REGULAR)?;
    fit.merged(ws, row + 1, from..=right_last, &head.issuer.to_uppercase(), &st.center_bold, BOLD)?;
    let top = row + 2;
    for (p, &(first, end)) in people.iter().zip(&spans) {
        fit.merged(ws, top, first..=end, &p.title.to_uppercase(), &st.center_bold, BOLD)?;
        fit.merged(ws, top + 1, first..=end, "(Ký, ghi rõ họ tên)", &st.italic_center, REGULAR)?;
        fit.merged(ws, top + 5, first..=end, &p.name, &st.center_bold, BOLD)?;
    }
    Ok(top + 6)
}

/// `n` runs of contiguous columns of about equal width within `0..=last`.
fn spans(fit: &Fit, last: u16, n: usize) -> Vec<(u16, u16)> {
    let n = n.max(1).min(last as usize + 1);
    let total = fit.span(0, last);
    let mut out = Vec::new();
    let mut first = 0u16;
    let mut acc = 0.0;
    for col in 0..=last {
        acc += fit.span(col, col);
        let remaining_cols = (last - col) as usize;
        let remaining_spans = n - out.len() - 1;
        let due = acc >= total * (out.len() + 1) as f64 / n as f64 - 1e-9;
        if out.len() + 1 < n && (due || remaining_cols == remaining_spans) && remaining_cols >= remaining_spans {
            out.push((first, col));
            first = col + 1;
        }
    }
    out.push((first, last));
    out
}

/// A note row marking a data sheet, across `0..=last`.
pub(crate) fn data_note(ws: &mut Worksheet, fit: &mut Fit, last: u16, what: &str, st: &Styles) -> BookResult<()> {
    let text = format!("BẢNG DỮ LIỆU — {what} Dùng để tra cứu và kiểm tra số liệu; văn bản để ký là bảng “Tổng hợp” và các bảng “XH …”.");
    fit.merged(ws, 0, 0..=last, &text, &st.note, REGULAR)?;
    ws.set_tab_color("#A6A6A6");
    Ok(())
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
pub(crate) fn header_row(ws: &mut Worksheet, fit: &mut Fit, row: u32, headers: &[&str], st: &Styles) -> BookResult<()> {
    for (i, h) in headers.iter().enumerate() {
        fit.text(ws, row, i as u16, h, &st.head, BOLD)?;
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

    #[test]
    fn numbers_lose_their_float_noise() {
        assert_eq!(format!("{}", tidy(2.4539999999999997)), "2.454");
        assert_eq!(format!("{}", tidy(0.1 + 0.2)), "0.3");
        assert_eq!(format!("{}", tidy(-0.0)), "0");
        assert_eq!(tidy(f64::NAN), 0.0);
    }

    #[test]
    fn footers_escape_ampersands_and_stay_within_excels_limit() {
        let f = footer("Đánh giá A&B", "23/11/2026 09:00");
        assert!(f.contains("A&&B") && f.contains("Trang &P/&N") && f.contains("Xuất lúc 23/11/2026 09:00"), "{f}");
        let long = footer(&"Chiến dịch rất dài ".repeat(40), "23/11/2026 09:00");
        assert!(long.encode_utf16().count() <= 255, "{}", long.encode_utf16().count());
    }

    #[test]
    fn texts_are_shortened_at_a_word() {
        assert_eq!(shorten("ngắn", 10), "ngắn");
        let s = shorten("một hai ba bốn năm sáu bảy tám chín mười", 20);
        assert!(s.ends_with('…') && s.chars().count() <= 21 && !s.contains("  "), "{s}");
    }

    #[test]
    fn signatures_share_the_width() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let Ok(fit) = Fit::new(wb.add_worksheet(), &[10.0; 9]) else { panic!("widths") };
        assert_eq!(spans(&fit, 8, 1), vec![(0, 8)]);
        assert_eq!(spans(&fit, 8, 2), vec![(0, 4), (5, 8)]);
        let three = spans(&fit, 8, 3);
        assert_eq!(three.len(), 3);
        assert_eq!((three[0].0, three[2].1), (0, 8));
        // More signatories than columns: one column each, as many as there are.
        assert_eq!(spans(&fit, 1, 4), vec![(0, 0), (1, 1)]);
    }
}
