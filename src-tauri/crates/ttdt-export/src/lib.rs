//! Official workbooks (scorecard per site, campaign ranking), and CSV / JSON of the same data.
//!
//! Every text that comes from a website or a person is written with `write_string`, so a text like
//! `=HYPERLINK(…)` stays text and never becomes a formula. Totals are live formulas, written with
//! the value the app computed as their cached result.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError};
use serde_json::json;

use ttdt_model::domain::{Criterion, Method, Outcome, ResultMode};
use ttdt_model::error::{Error, Result};
use ttdt_model::ranking::{self, BlockRanking};
pub use ttdt_model::campaign_scores::{CampaignScores, EffectiveResult, Letterhead};

pub fn outcome_vi(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "Đạt",
        Outcome::Partial => "Đạt một phần",
        Outcome::Fail => "Không đạt",
        Outcome::NeedsReview => "Cần xem xét",
        Outcome::NotApplicable => "Không áp dụng",
        Outcome::NotTested => "Chưa kiểm tra",
        Outcome::Error => "Lỗi thu thập",
    }
}

fn method_vi(m: Method) -> &'static str {
    match m {
        Method::Automated => "Tự động",
        Method::Hybrid => "Bán tự động",
        Method::Manual => "Thủ công",
    }
}

fn legal_text(c: &Criterion) -> String {
    c.legal_basis
        .iter()
        .map(|l| if l.article.is_empty() { l.text.clone() } else { format!("{}, {}", l.text, l.article) })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The two texts of an evidence object that its summary shows (`summary` and `reason`, when they
/// are strings), read without building a JSON tree; other members are skipped.
mod evidence_texts {
    use std::borrow::Cow;
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    #[derive(Default)]
    pub(super) struct EvidenceTexts<'a> {
        pub summary: Option<Cow<'a, str>>,
        pub reason: Option<Cow<'a, str>>,
    }

    /// Any JSON value, kept only when it is a string.
    struct Text<'a>(Option<Cow<'a, str>>);

    impl<'de> Deserialize<'de> for Text<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Text<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                    Ok(Text(Some(Cow::Borrowed(v))))
                }
                fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                    Ok(Text(Some(Cow::Owned(v.to_string()))))
                }
                fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                    Ok(Text(Some(Cow::Owned(v))))
                }
                fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_unit<E>(self) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_none<E>(self) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(Text(None))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(Text(None))
                }
            }
            d.deserialize_any(V)
        }
    }

    impl<'de> Deserialize<'de> for EvidenceTexts<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = EvidenceTexts<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut out = EvidenceTexts::default();
                    // A repeated member keeps its last value, as when the object is parsed whole.
                    while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                        match key.as_deref() {
                            Some("summary") => out.summary = map.next_value::<Text<'de>>()?.0,
                            Some("reason") => out.reason = map.next_value::<Text<'de>>()?.0,
                            _ => {
                                map.next_value::<IgnoredAny>()?;
                            }
                        }
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(V)
        }
    }

    /// `None` when the text is not a JSON object.
    pub(super) fn read(json: &str) -> Option<EvidenceTexts<'_>> {
        serde_json::from_str(json).ok()
    }
}

/// A short, readable account of a result's evidence.
pub fn evidence_summary(r: &EffectiveResult<'_>) -> String {
    let mut out = String::new();
    write_evidence_summary(&mut out, r);
    out
}

/// `evidence_summary` into `out` (cleared first), so that a loop reuses one buffer.
fn write_evidence_summary(out: &mut String, r: &EffectiveResult<'_>) {
    out.clear();
    match r.mode {
        ResultMode::Automatic => out.push_str("Công cụ"),
        ResultMode::Manual => {
            out.push_str("Người đánh giá: ");
            out.push_str(r.asserted_by);
        }
        ResultMode::Override => {
            out.push_str("Người đánh giá điều chỉnh: ");
            out.push_str(r.asserted_by);
        }
    }
    let before = out.len();
    let value;
    let (summary, reason) = match evidence_texts::read(r.evidence) {
        Some(t) => (t.summary, t.reason),
        None => {
            // Not an object: read it whole, as a parsed value (which has no members).
            value = r.evidence_value();
            let text = |k: &str| value.get(k).and_then(|v| v.as_str()).map(std::borrow::Cow::Borrowed);
            (text("summary"), text("reason"))
        }
    };
    if let Some(s) = summary {
        out.push_str(". ");
        out.push_str(&s);
    }
    if let Some(reason) = reason.filter(|s| !s.is_empty()) {
        out.push_str(". Lý do điều chỉnh: ");
        out.push_str(&reason);
    }
    if out.len() == before && r.mode == ResultMode::Automatic {
        let text = r.evidence_value().to_string();
        if text != "{}" {
            out.push_str(". ");
            out.extend(text.chars().take(300));
        }
    }
}

struct Styles {
    base: Format,
    bold: Format,
    center_bold: Format,
    title: Format,
    italic_center: Format,
    underline_center: Format,
    head: Format,
    cell: Format,
    cell_center: Format,
    num: Format,
    group: Format,
    group_num: Format,
    total: Format,
    total_num: Format,
    pct: Format,
}

fn styles() -> Styles {
    let base = Format::new().set_font_name("Times New Roman").set_font_size(12);
    let cell = base.clone().set_text_wrap().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    Styles {
        bold: base.clone().set_bold(),
        center_bold: base.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
        title: base.clone().set_bold().set_font_size(14).set_align(FormatAlign::Center),
        italic_center: base.clone().set_italic().set_align(FormatAlign::Center),
        underline_center: base.clone().set_bold().set_underline(rust_xlsxwriter::FormatUnderline::Single).set_align(FormatAlign::Center),
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

fn col_name(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

fn a1(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// An error while a workbook is built: the writer's failures become `Error::Export`.
struct BookError(Error);

type BookResult<T> = std::result::Result<T, BookError>;

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

/// How workbooks are written.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    /// Store the app's value with each formula, for readers that do not calculate (the default).
    pub cached_results: bool,
    /// Leave evaluations with undecided criteria out of the ranking.
    pub exclude_incomplete: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { cached_results: true, exclude_incomplete: false }
    }
}

thread_local! {
    static CACHED: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

fn formula(text: String, value: f64) -> Formula {
    let f = Formula::new(text);
    if CACHED.with(|c| c.get()) {
        f.set_result(format!("{}", (value * 1000.0).round() / 1000.0))
    } else {
        f
    }
}

/// Runs `f` with the formula-caching choice of `opts`.
fn with_options<T>(opts: ExportOptions, f: impl FnOnce() -> T) -> T {
    let before = CACHED.with(|c| c.replace(opts.cached_results));
    let out = f();
    CACHED.with(|c| c.set(before));
    out
}

fn a4(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
}

/// Scorecard ("phiếu đánh giá") of one site, as an .xlsx file.
pub fn scorecard_xlsx(data: &CampaignScores, site_id: i64, head: &Letterhead, opts: ExportOptions) -> Result<Vec<u8>> {
    with_options(opts, || scorecard(data, site_id, head)).map_err(|e| e.0)
}

fn scorecard(data: &CampaignScores, site_id: i64, head: &Letterhead) -> BookResult<Vec<u8>> {
    let index = data.site_index(site_id).ok_or_else(|| Error::NotFound { entity: "site", key: site_id.to_string() })?;
    let (site, score) = (&data.sites[index], &data.scores[index]);
    let st = styles();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Phiếu đánh giá")?;
    a4(ws, true);
    for (col, width) in [(0, 8.0), (1, 44.0), (2, 30.0), (3, 12.0), (4, 9.0), (5, 14.0), (6, 9.0), (7, 40.0), (8, 28.0)] {
        ws.set_column_width(col, width)?;
    }
    // Administrative header: issuing body at left, national motto at right, place and date.
    ws.merge_range(0, 0, 0, 2, &head.issuer.to_uppercase(), &st.center_bold)?;
    ws.merge_range(0, 4, 0, 8, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &st.center_bold)?;
    ws.merge_range(1, 4, 1, 8, "Độc lập - Tự do - Hạnh phúc", &st.underline_center)?;
    let (d, m, y) = head.date;
    ws.merge_range(2, 4, 2, 8, &format!("{}, ngày {d:02} tháng {m:02} năm {y}", head.place), &st.italic_center)?;
    ws.merge_range(4, 0, 4, 8, "PHIẾU ĐÁNH GIÁ CỔNG / TRANG THÔNG TIN ĐIỆN TỬ", &st.title)?;
    ws.merge_range(5, 0, 5, 8, &format!("{} — năm {}", data.campaign.name, data.campaign.year), &st.italic_center)?;
    ws.write_string_with_format(6, 0, "Cơ quan:", &st.bold)?;
    ws.write_string_with_format(6, 1, &site.agency_name, &st.base)?;
    ws.write_string_with_format(6, 2, "Địa chỉ trang:", &st.bold)?;
    ws.write_string_with_format(6, 3, &site.url, &st.base)?;
    ws.write_string_with_format(7, 0, "Cấp:", &st.bold)?;
    ws.write_string_with_format(7, 1, format!("{} — {}", site.level.label_vi(), site.block), &st.base)?;
    ws.write_string_with_format(7, 2, "Bộ tiêu chí:", &st.bold)?;
    ws.write_string_with_format(7, 3, format!("{} — {}", data.campaign.framework_id, data.campaign.framework_name), &st.base)?;

    let header_row = 9;
    let headers = ["Mã", "Tiêu chí", "Căn cứ pháp lý", "Phương thức", "Điểm tối đa", "Kết quả", "Điểm", "Bằng chứng", "Ghi chú của người đánh giá"];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(header_row, i as u16, *h, &st.head)?;
    }
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_freeze_panes(header_row + 1, 0)?;

    let mut row = header_row + 1;
    let mut group_rows: Vec<(u32, bool)> = Vec::new();
    for g in &data.groups {
        let members: Vec<(usize, &Criterion)> = data.criteria.iter().enumerate().filter(|(_, c)| c.group_code == g.code).collect();
        if members.is_empty() {
            continue;
        }
        let gs = score.card.groups.iter().find(|x| x.code == g.code);
        let group_row = row;
        row += 1;
        let first = row;
        for &(j, c) in &members {
            let cs = score.card.criteria.iter().find(|x| x.code == c.code);
            let result = data.result_at(index, j);
            ws.write_string_with_format(row, 0, &c.code, &st.cell_center)?;
            ws.write_string_with_format(row, 1, &c.title, &st.cell)?;
            ws.write_string_with_format(row, 2, legal_text(c), &st.cell)?;
            ws.write_string_with_format(row, 3, method_vi(c.method), &st.cell_center)?;
            ws.write_number_with_format(row, 4, cs.map(|x| x.max).unwrap_or(0.0), &st.num)?;
            let outcome = match cs.and_then(|x| x.outcome) {
                Some(o) => outcome_vi(o),
                None => "Chưa có kết quả",
            };
            ws.write_string_with_format(row, 5, outcome, &st.cell_center)?;
            ws.write_number_with_format(row, 6, cs.map(|x| x.points).unwrap_or(0.0), &st.num)?;
            ws.write_string_with_format(row, 7, result.map(|r| evidence_summary(&r)).unwrap_or_default(), &st.cell)?;
            let note = result.filter(|r| r.mode != ResultMode::Automatic).map(|r| r.note).unwrap_or_default();
            ws.write_string_with_format(row, 8, note, &st.cell)?;
            row += 1;
        }
        let last = row - 1;
        ws.write_string_with_format(group_row, 0, &g.code, &st.group)?;
        let label = if g.separate_ranking { format!("{} (xếp hạng riêng, không cộng vào tổng)", g.name) } else { g.name.clone() };
        ws.merge_range(group_row, 1, group_row, 3, &label, &st.group)?;
        let (points, max) = gs.map(|x| (x.points, x.max)).unwrap_or((0.0, 0.0));
        ws.write_formula_with_format(group_row, 4, formula(format!("=SUM({}:{})", a1(first, 4), a1(last, 4)), max), &st.group_num)?;
        ws.write_string_with_format(group_row, 5, "", &st.group)?;
        ws.write_formula_with_format(group_row, 6, formula(format!("=SUM({}:{})", a1(first, 6), a1(last, 6)), points), &st.group_num)?;
        ws.merge_range(group_row, 7, group_row, 8, "", &st.group)?;
        group_rows.push((group_row, g.separate_ranking));
    }
    let counted: Vec<u32> = group_rows.iter().filter(|(_, sep)| !sep).map(|(r, _)| *r).collect();
    let sum_of = |col: u16| format!("={}", counted.iter().map(|r| a1(*r, col)).collect::<Vec<_>>().join("+"));
    ws.merge_range(row, 0, row, 3, "TỔNG ĐIỂM", &st.total)?;
    ws.write_formula_with_format(row, 4, formula(sum_of(4), score.card.max), &st.total_num)?;
    ws.write_string_with_format(row, 5, "", &st.total)?;
    ws.write_formula_with_format(row, 6, formula(sum_of(6), score.card.total), &st.total_num)?;
    ws.write_string_with_format(row, 7, "Tỷ lệ so với điểm tối đa áp dụng:", &st.total)?;
    let pct = score.card.percent.unwrap_or(0.0) / 100.0;
    ws.write_formula_with_format(row, 8, formula(format!("=IF({0}=0,0,{1}/{0})", a1(row, 4), a1(row, 6)), pct), &st.pct)?;
    let total_row = row;

    // Signature block.
    let sig = total_row + 3;
    ws.merge_range(sig, 0, sig, 2, "NGƯỜI ĐÁNH GIÁ", &st.center_bold)?;
    ws.merge_range(sig, 5, sig, 8, "TRƯỞNG ĐOÀN ĐÁNH GIÁ", &st.center_bold)?;
    ws.merge_range(sig + 1, 0, sig + 1, 2, "(Ký, ghi rõ họ tên)", &st.italic_center)?;
    ws.merge_range(sig + 1, 5, sig + 1, 8, "(Ký, ghi rõ họ tên)", &st.italic_center)?;
    ws.merge_range(sig + 5, 0, sig + 5, 2, &head.reviewer, &st.center_bold)?;
    Ok(wb.save_to_buffer()?)
}

/// Sheet names: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(base: &str, used: &mut Vec<String>) -> String {
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

/// The ranking workbook of a campaign.
pub fn ranking_xlsx(data: &CampaignScores, head: &Letterhead, opts: ExportOptions) -> Result<Vec<u8>> {
    with_options(opts, || ranking_book(data, head, opts.exclude_incomplete)).map_err(|e| e.0)
}

fn ranking_book(data: &CampaignScores, head: &Letterhead, exclude_incomplete: bool) -> BookResult<Vec<u8>> {
    let st = styles();
    let mut wb = Workbook::new();
    // A campaign's workbook is large and written often: fast compression, slightly larger file.
    wb.set_zip_compression_level(1);
    let mut used = Vec::new();
    // Sites are referred to by their position in `data.scores`: no score card is copied.
    let ranking = ranking::order_by_points(&data.scores, exclude_incomplete);
    // Order of the detail rows: block by block, best first; (row - 1, site index, rank).
    let ordered: Vec<(usize, usize, Option<u32>)> =
        ranking.iter().flat_map(|b| b.sites.iter()).enumerate().map(|(k, &(i, rank))| (k, i, rank)).collect();

    // The sheets, in their order in the file. The large ones are written to temporary files as
    // they are filled (constant memory). The evidence sheet repeats each site's name and address
    // on every result row, so its texts go to the shared string table: a smaller file to compress.
    let matrix_name = sheet_name("Ma trận điểm", &mut used);
    let detail_name = sheet_name("Chi tiết", &mut used);
    wb.add_worksheet_with_constant_memory()?.set_name(&matrix_name)?;
    wb.add_worksheet_with_constant_memory()?.set_name(&detail_name)?;
    for b in &ranking {
        wb.add_worksheet().set_name(sheet_name(&format!("XH {}", b.block), &mut used))?;
    }
    wb.add_worksheet().set_name(sheet_name("Thống kê", &mut used))?;
    wb.add_worksheet_with_low_memory()?.set_name(sheet_name("Bằng chứng", &mut used))?;
    wb.add_worksheet().set_name(sheet_name("Bộ tiêu chí", &mut used))?;
    wb.add_worksheet().set_name(sheet_name("Lượt truy cập", &mut used))?;

    // The evidence sheet (one row per result, most of the work) is filled on its own thread while
    // this one writes the others. Its header is written first, here, so that formats are
    // numbered in the same order on every run.
    let (front, back) = wb.worksheets_mut().split_at_mut(3 + ranking.len());
    let (evidence, back) = back.split_first_mut().ok_or_else(|| Error::invalid("workbook", "no evidence sheet", "Không tạo được tệp Excel."))?;
    for (i, h) in ["Cơ quan", "Địa chỉ", "Mã", "Kết quả", "Điểm", "Nguồn", "Bằng chứng", "Ghi chú", "Thời điểm"].iter().enumerate() {
        evidence.write_string_with_format(0, i as u16, *h, &st.head)?;
    }
    std::thread::scope(|scope| {
        let filled = scope.spawn(|| evidence_rows(evidence, data, &ordered));
        let rest = ranking_sheets(front, back, data, head, &st, &ranking, &ordered, &matrix_name, &detail_name);
        let filled = filled.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        rest.and(filled)
    })?;
    Ok(wb.save_to_buffer()?)
}

/// Every sheet of the ranking workbook but the evidence: `front` holds the matrix, the detail,
/// one sheet per block and the statistics; `back` the framework and the visits.
#[allow(clippy::too_many_arguments)]
fn ranking_sheets(
    front: &mut [Worksheet],
    back: &mut [Worksheet],
    data: &CampaignScores,
    head: &Letterhead,
    st: &Styles,
    ranking: &[ranking::BlockOrder],
    ordered: &[(usize, usize, Option<u32>)],
    matrix_name: &str,
    detail_name: &str,
) -> BookResult<()> {
    let counted: Vec<usize> = data.groups.iter().enumerate().filter(|(_, g)| !g.separate_ranking).map(|(i, _)| i).collect();
    let (front, stats_sheet) = front.split_at_mut(2 + ranking.len());
    let (front, block_sheets) = front.split_at_mut(2);

    // --- Criterion × site matrix (points), the base of every formula.
    let first_criterion_col: u16 = 3;
    {
        let ws = &mut front[0];
        ws.write_string_with_format(0, 0, "Khối", &st.head)?;
        ws.write_string_with_format(0, 1, "Cơ quan", &st.head)?;
        ws.write_string_with_format(0, 2, "Địa chỉ", &st.head)?;
        for (i, c) in data.criteria.iter().enumerate() {
            ws.write_string_with_format(0, first_criterion_col + i as u16, &c.code, &st.head)?;
        }
        for &(k, i, _) in ordered {
            let row = k as u32 + 1;
            let s = &data.scores[i];
            ws.write_string(row, 0, &s.block)?;
            ws.write_string(row, 1, &s.agency_name)?;
            ws.write_string(row, 2, &s.url)?;
            // A score card lists the campaign's criteria in the same order as `data.criteria`.
            for (j, cs) in s.card.criteria.iter().enumerate() {
                if cs.standing == ttdt_model::scoring::Standing::Excluded {
                    ws.write_string(row, first_criterion_col + j as u16, "KAD")?;
                } else {
                    ws.write_number(row, first_criterion_col + j as u16, cs.points)?;
                }
            }
        }
        ws.set_freeze_panes(1, 3)?;
    }

    // --- Detail: one row per site, group subtotals as formulas over the matrix.
    // Criteria of a group are contiguous in framework order; a group's subtotal sums its columns.
    let group_cols: Vec<Vec<usize>> = data
        .groups
        .iter()
        .map(|g| data.criteria.iter().enumerate().filter(|(_, c)| c.group_code == g.code).map(|(j, _)| j).collect())
        .collect();
    let group_col = |g: usize| 6 + g as u16;
    let total_col = group_col(data.groups.len());
    {
        let ws = &mut front[1];
        for (i, h) in ["Khối", "Hạng", "Cơ quan", "Địa chỉ", "Cấp", "Trạng thái"].iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &st.head)?;
        }
        for (g, group) in data.groups.iter().enumerate() {
            ws.write_string_with_format(0, group_col(g), &group.code, &st.head)?;
        }
        ws.write_string_with_format(0, total_col, "Tổng", &st.head)?;
        ws.write_string_with_format(0, total_col + 1, "Tối đa", &st.head)?;
        ws.write_string_with_format(0, total_col + 2, "Tỷ lệ", &st.head)?;
        let pct_format = Format::new().set_num_format("0.0%");
        for &(k, i, rank) in ordered {
            let row = k as u32 + 1;
            let s = &data.scores[i];
            ws.write_string(row, 0, &s.block)?;
            match rank {
                Some(k) => ws.write_number(row, 1, k as f64)?,
                None => ws.write_string(row, 1, "Không xếp hạng")?,
            };
            ws.write_string(row, 2, &s.agency_name)?;
            ws.write_string(row, 3, &s.url)?;
            ws.write_string(row, 4, s.level.label_vi())?;
            ws.write_string(row, 5, if s.complete() { "Đủ kết quả" } else { "Chưa đủ kết quả" })?;
            for (g, cols) in group_cols.iter().enumerate() {
                let value = s.card.groups[g].points;
                let f = match (cols.first(), cols.last()) {
                    (Some(a), Some(b)) => format!(
                        "=SUM('{matrix_name}'!{}:{})",
                        a1(row, first_criterion_col + *a as u16),
                        a1(row, first_criterion_col + *b as u16)
                    ),
                    _ => "=0".into(),
                };
                ws.write_formula(row, group_col(g), formula(f, value))?;
            }
            let sum = counted.iter().map(|g| a1(row, group_col(*g))).collect::<Vec<_>>().join("+");
            ws.write_formula(row, total_col, formula(format!("={sum}"), s.card.total))?;
            ws.write_number(row, total_col + 1, s.card.max)?;
            let pct = s.card.percent.unwrap_or(0.0) / 100.0;
            ws.write_formula_with_format(
                row,
                total_col + 2,
                formula(format!("=IF({0}=0,0,{1}/{0})", a1(row, total_col + 1), a1(row, total_col)), pct),
                &pct_format,
            )?;
        }
        ws.set_freeze_panes(1, 3)?;
    }

    // --- One summary sheet per block: formulas over the detail.
    let mut offset = 0usize;
    for (b, ws) in ranking.iter().zip(block_sheets.iter_mut()) {
        a4(ws, true);
        ws.merge_range(0, 0, 0, 3, &head.issuer.to_uppercase(), &st.center_bold)?;
        ws.merge_range(1, 0, 1, 8, &format!("BẢNG XẾP HẠNG — {} — {} ({})", b.block.to_uppercase(), data.campaign.name, data.campaign.year), &st.title)?;
        let hr = 3;
        let mut headers = vec!["Hạng".to_string(), "Cơ quan".into(), "Địa chỉ".into()];
        headers.extend(data.groups.iter().map(|g| g.code.clone()));
        headers.push("Tổng".into());
        for (i, h) in headers.iter().enumerate() {
            ws.write_string_with_format(hr, i as u16, h, &st.head)?;
        }
        ws.set_repeat_rows(hr, hr)?;
        ws.set_freeze_panes(hr + 1, 0)?;
        ws.set_column_width(1, 40)?;
        ws.set_column_width(2, 32)?;
        for (k, &(i, rank)) in b.sites.iter().enumerate() {
            let s = &data.scores[i];
            let row = hr + 1 + k as u32;
            let detail_row = (offset + k) as u32 + 1;
            let refer = |col: u16| format!("='{detail_name}'!{}", a1(detail_row, col));
            match rank {
                Some(v) => ws.write_formula_with_format(row, 0, formula(refer(1), v as f64), &st.cell_center)?,
                None => ws.write_string_with_format(row, 0, "—", &st.cell_center)?,
            };
            ws.write_formula_with_format(row, 1, Formula::new(refer(2)).set_result(&s.agency_name), &st.cell)?;
            ws.write_formula_with_format(row, 2, Formula::new(refer(3)).set_result(&s.url), &st.cell)?;
            for (g, group) in data.groups.iter().enumerate() {
                let v = s.card.groups.iter().find(|x| x.code == group.code).map(|x| x.points).unwrap_or(0.0);
                ws.write_formula_with_format(row, 3 + g as u16, formula(refer(group_col(g)), v), &st.num)?;
            }
            ws.write_formula_with_format(row, 3 + data.groups.len() as u16, formula(refer(total_col), s.card.total), &st.total_num)?;
        }
        offset += b.sites.len();
    }

    // --- Statistics per group, by block: formulas over the detail rows of the block.
    {
        let ws = &mut stats_sheet[0];
        for (i, h) in ["Khối", "Nhóm", "Trung bình", "Trung vị", "Thấp nhất", "Cao nhất", "Số trang"].iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &st.head)?;
        }
        ws.set_column_width(0, 30)?;
        ws.set_column_width(1, 36)?;
        let mut row = 1;
        let mut start = 1u32;
        for b in ranking {
            let end = start + b.sites.len() as u32 - 1;
            let members: Vec<&ranking::SiteScore> = b.sites.iter().map(|&(i, _)| &data.scores[i]).collect();
            let stats = ranking::group_stats(&data.groups, &members);
            let mut cols: Vec<(String, u16, Option<ranking::Stats>)> =
                stats.iter().enumerate().map(|(g, s)| (format!("{} {}", s.code, s.name), group_col(g), s.stats)).collect();
            let totals: Vec<f64> = members.iter().map(|s| s.card.total).collect();
            cols.push(("Tổng điểm".into(), total_col, ranking::stats(&totals)));
            for (label, col, s) in cols {
                let range = format!("'{detail_name}'!{}:{}", a1(start, col), a1(end, col));
                ws.write_string(row, 0, &b.block)?;
                ws.write_string(row, 1, &label)?;
                let s = s.unwrap_or(ranking::Stats { mean: 0.0, median: 0.0, min: 0.0, max: 0.0, count: 0 });
                ws.write_formula(row, 2, formula(format!("=AVERAGE({range})"), s.mean))?;
                ws.write_formula(row, 3, formula(format!("=MEDIAN({range})"), s.median))?;
                ws.write_formula(row, 4, formula(format!("=MIN({range})"), s.min))?;
                ws.write_formula(row, 5, formula(format!("=MAX({range})"), s.max))?;
                ws.write_number(row, 6, s.count as f64)?;
                row += 1;
            }
            start = end + 1;
        }
    }

    // --- The framework used.
    {
        let ws = &mut back[0];
        ws.write_string_with_format(0, 0, format!("{} — {}", data.campaign.framework_id, data.campaign.framework_name), &st.bold)?;
        for (i, h) in ["Nhóm", "Mã", "Tiêu chí", "Phương thức", "Điểm", "Áp dụng", "Căn cứ pháp lý"].iter().enumerate() {
            ws.write_string_with_format(2, i as u16, *h, &st.head)?;
        }
        ws.set_column_width(2, 60)?;
        ws.set_column_width(6, 60)?;
        for (k, c) in data.criteria.iter().enumerate() {
            let row = 3 + k as u32;
            ws.write_string(row, 0, &c.group_code)?;
            ws.write_string(row, 1, &c.code)?;
            ws.write_string(row, 2, &c.title)?;
            ws.write_string(row, 3, method_vi(c.method))?;
            ws.write_number(row, 4, c.points)?;
            let levels = if c.levels.is_empty() {
                "Mọi cấp".to_string()
            } else {
                c.levels.iter().map(|l| l.label_vi()).collect::<Vec<_>>().join(", ")
            };
            ws.write_string(row, 5, &levels)?;
            ws.write_string(row, 6, legal_text(c))?;
        }
    }

    // --- Visits (SD.01), ranked separately per block.
    {
        let ws = &mut back[1];
        for (i, h) in ["Khối", "Hạng", "Cơ quan", "Địa chỉ", "Lượt truy cập (EMC)"].iter().enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &st.head)?;
        }
        let mut row = 1;
        for b in ranking::order_by_visits(&data.scores) {
            for &(i, rank) in &b.sites {
                let s = &data.scores[i];
                ws.write_string(row, 0, &b.block)?;
                match rank {
                    Some(k) => ws.write_number(row, 1, k as f64)?,
                    None => ws.write_string(row, 1, "Chưa có số liệu")?,
                };
                ws.write_string(row, 2, &s.agency_name)?;
                ws.write_string(row, 3, &s.url)?;
                if let Some(v) = s.visits {
                    ws.write_number(row, 4, v)?;
                }
                row += 1;
            }
        }
    }
    Ok(())
}

/// The rows of the evidence sheet (its header is already written): every effective result.
fn evidence_rows(ws: &mut Worksheet, data: &CampaignScores, ordered: &[(usize, usize, Option<u32>)]) -> BookResult<()> {
    let mut row = 1;
    let mut summary = String::new();
    for &(_, i, _) in ordered {
        let s = &data.scores[i];
        for j in 0..data.criteria.len() {
            let Some(res) = data.result_at(i, j) else { continue };
            ws.write_string(row, 0, &s.agency_name)?;
            ws.write_string(row, 1, &s.url)?;
            ws.write_string(row, 2, res.criterion_code)?;
            ws.write_string(row, 3, outcome_vi(res.outcome))?;
            ws.write_number(row, 4, res.points)?;
            ws.write_string(row, 5, if res.mode == ResultMode::Automatic { "Công cụ" } else { "Người đánh giá" })?;
            write_evidence_summary(&mut summary, &res);
            ws.write_string(row, 6, summary.as_str())?;
            // An empty text without a format writes no cell: skip it without copying.
            if !res.note.is_empty() {
                ws.write_string(row, 7, res.note)?;
            }
            ws.write_string(row, 8, res.asserted_at)?;
            row += 1;
        }
    }
    Ok(())
}

/// One row per site and criterion, as CSV (UTF-8 with BOM; formula-like text made plain).
pub fn results_csv(data: &CampaignScores) -> String {
    use ttdt_model::text::csv_cell;
    let mut out = String::from("\u{feff}Khối,Cơ quan,Địa chỉ,Cấp,Mã,Tiêu chí,Kết quả,Điểm,Điểm tối đa,Nguồn,Ghi chú\r\n");
    for (i, (site, score)) in data.sites.iter().zip(&data.scores).enumerate() {
        for (j, c) in data.criteria.iter().enumerate() {
            let cs = score.card.criteria.iter().find(|x| x.code == c.code);
            let res = data.result_at(i, j);
            let cells = [
                site.block.clone(),
                site.agency_name.clone(),
                site.url.clone(),
                site.level.label_vi().to_string(),
                c.code.clone(),
                c.title.clone(),
                cs.and_then(|x| x.outcome).map(outcome_vi).unwrap_or("Chưa có kết quả").to_string(),
                format!("{}", cs.map(|x| x.points).unwrap_or(0.0)),
                format!("{}", cs.map(|x| x.max).unwrap_or(0.0)),
                res.map(|r| if r.mode == ResultMode::Automatic { "Công cụ" } else { "Người đánh giá" }).unwrap_or("").to_string(),
                res.map(|r| r.note.to_string()).unwrap_or_default(),
            ];
            out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// The campaign's scores, ranking and results as JSON.
pub fn results_json(data: &CampaignScores, exclude_incomplete: bool) -> serde_json::Value {
    let ranking: Vec<BlockRanking> = ranking::rank_by_points(&data.scores, exclude_incomplete);
    json!({
        "campaign": data.campaign,
        "groups": data.groups,
        "criteria": data.criteria,
        "ranking": ranking,
        "visits_ranking": ranking::rank_by_visits(&data.scores),
        "results": data.sites.iter().enumerate().map(|(i, s)| {
            // Effective results by criterion code (retired criteria included), evidence parsed.
            let results: serde_json::Map<String, serde_json::Value> = data
                .results_of(i)
                .map(|r| (r.criterion_code.to_string(), serde_json::to_value(r.to_result()).unwrap_or_default()))
                .collect();
            json!({
                "site_id": s.id,
                "url": s.url,
                "results": results,
            })
        }).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary as computed from the parsed evidence, the reference for the partial reader.
    fn from_value(r: &EffectiveResult<'_>) -> String {
        let evidence = r.evidence_value();
        let mut parts = Vec::new();
        if let Some(s) = evidence.get("summary").and_then(|v| v.as_str()) {
            parts.push(s.to_string());
        }
        if let Some(reason) = evidence.get("reason").and_then(|v| v.as_str()).filter(|s| !s.is_empty()) {
            parts.push(format!("Lý do điều chỉnh: {reason}"));
        }
        if parts.is_empty() && r.mode == ResultMode::Automatic {
            let text = evidence.to_string();
            if text != "{}" {
                parts.push(text.chars().take(300).collect());
            }
        }
        let who = match r.mode {
            ResultMode::Automatic => "Công cụ".to_string(),
            ResultMode::Manual => format!("Người đánh giá: {}", r.asserted_by),
            ResultMode::Override => format!("Người đánh giá điều chỉnh: {}", r.asserted_by),
        };
        parts.insert(0, who);
        parts.join(". ")
    }

    #[test]
    fn evidence_summary_reads_the_same_as_the_parsed_evidence() {
        let long = format!(r#"{{"links":["{}"]}}"#, "a".repeat(400));
        let evidence = [
            r#"{"summary":"đã kiểm tra trên trang chủ"}"#,
            r#"{"summary":"có \"ngoặc\" và \u0041","reason":"thiếu mục"}"#,
            r#"{"reason":"","summary":""}"#,
            r#"{"summary":5,"reason":["x"],"visits":120500}"#,
            r#"{"summary":"cũ","summary":"mới"}"#,
            r#"{"nested":{"summary":"không phải"},"list":[1,{"a":null}],"ok":true}"#,
            r#"{}"#,
            r#"[]"#,
            r#""chỉ là chữ""#,
            r#"null"#,
            r#"không phải JSON"#,
            r#"{"summary":"a"} thừa"#,
            "",
            &long,
        ];
        for mode in [ResultMode::Automatic, ResultMode::Manual, ResultMode::Override] {
            for e in &evidence {
                let r = EffectiveResult {
                    id: 1,
                    criterion_code: "KN.01",
                    outcome: Outcome::Pass,
                    share: 1.0,
                    points: 2.0,
                    mode,
                    evidence: e,
                    note: "",
                    asserted_by: "Người A",
                    asserted_at: "2026-11-23T00:00:00Z",
                };
                assert_eq!(evidence_summary(&r), from_value(&r), "{mode:?} {e}");
            }
        }
    }
}
