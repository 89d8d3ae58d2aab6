//! The scorecard ("phiếu đánh giá") of one site: administrative header, one row per criterion
//! by group with live subtotals, the total and the signature block.

use rust_xlsxwriter::{Workbook, Worksheet};

use crate::sheet::{a1, a4, Book, BookResult, Styles};
use crate::{evidence_summary, legal_text, CampaignScores, Letterhead};
use ttdt_model::domain::{Criterion, CriterionGroup, ResultMode};
use ttdt_model::error::Error;

/// The row of the column headers; the criteria follow.
const HEADER_ROW: u32 = 9;

pub(crate) fn scorecard(data: &CampaignScores, site_id: i64, head: &Letterhead, book: &Book) -> BookResult<Vec<u8>> {
    let index = data.site_index(site_id).ok_or_else(|| Error::NotFound { entity: "site", key: site_id.to_string() })?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Phiếu đánh giá")?;
    a4(ws, true);
    for (col, width) in [(0, 8.0), (1, 44.0), (2, 30.0), (3, 12.0), (4, 9.0), (5, 14.0), (6, 9.0), (7, 40.0), (8, 28.0)] {
        ws.set_column_width(col, width)?;
    }
    letterhead(ws, data, index, head, &book.st)?;
    let total_row = criteria_table(ws, data, index, book)?;
    signatures(ws, total_row + 3, head, &book.st)?;
    Ok(wb.save_to_buffer()?)
}

/// Issuing body at left, national motto at right, place and date; then the title and the site.
fn letterhead(ws: &mut Worksheet, data: &CampaignScores, index: usize, head: &Letterhead, st: &Styles) -> BookResult<()> {
    let site = &data.sites[index];
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
    Ok(())
}

/// The table of criteria, group by group, and its total row; returns the total row.
fn criteria_table(ws: &mut Worksheet, data: &CampaignScores, index: usize, book: &Book) -> BookResult<u32> {
    let st = &book.st;
    let headers = ["Mã", "Tiêu chí", "Căn cứ pháp lý", "Phương thức", "Điểm tối đa", "Kết quả", "Điểm", "Bằng chứng", "Ghi chú của người đánh giá"];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, i as u16, *h, &st.head)?;
    }
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;

    let mut row = HEADER_ROW + 1;
    let mut group_rows: Vec<(u32, bool)> = Vec::new();
    for g in &data.groups {
        let members: Vec<(usize, &Criterion)> = data.criteria.iter().enumerate().filter(|(_, c)| c.group_code == g.code).collect();
        if members.is_empty() {
            continue;
        }
        let group_row = row;
        row = group(ws, data, index, book, g, &members, group_row)?;
        group_rows.push((group_row, g.separate_ranking));
    }
    total(ws, data, index, book, &group_rows, row)?;
    Ok(row)
}

/// One group: its criteria from the row after `group_row`, then the group's row with subtotals
/// over them. Returns the row after the group's last criterion.
fn group(
    ws: &mut Worksheet,
    data: &CampaignScores,
    index: usize,
    book: &Book,
    g: &CriterionGroup,
    members: &[(usize, &Criterion)],
    group_row: u32,
) -> BookResult<u32> {
    let (st, score) = (&book.st, &data.scores[index]);
    let gs = score.card.groups.iter().find(|x| x.code == g.code);
    let first = group_row + 1;
    let mut row = first;
    for &(j, c) in members {
        let cs = score.card.criteria.iter().find(|x| x.code == c.code);
        let result = data.result_at(index, j);
        ws.write_string_with_format(row, 0, &c.code, &st.cell_center)?;
        ws.write_string_with_format(row, 1, &c.title, &st.cell)?;
        ws.write_string_with_format(row, 2, legal_text(c), &st.cell)?;
        ws.write_string_with_format(row, 3, c.method.label_vi(), &st.cell_center)?;
        ws.write_number_with_format(row, 4, cs.map(|x| x.max).unwrap_or(0.0), &st.num)?;
        let outcome = match cs.and_then(|x| x.outcome) {
            Some(o) => o.label_vi(),
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
    ws.write_formula_with_format(group_row, 4, book.formula(format!("=SUM({}:{})", a1(first, 4), a1(last, 4)), max), &st.group_num)?;
    ws.write_string_with_format(group_row, 5, "", &st.group)?;
    ws.write_formula_with_format(group_row, 6, book.formula(format!("=SUM({}:{})", a1(first, 6), a1(last, 6)), points), &st.group_num)?;
    ws.merge_range(group_row, 7, group_row, 8, "", &st.group)?;
    Ok(row)
}

/// The total row: the sum of the groups that count (a separately ranked group does not), and
/// the share of the applicable maximum.
fn total(ws: &mut Worksheet, data: &CampaignScores, index: usize, book: &Book, group_rows: &[(u32, bool)], row: u32) -> BookResult<()> {
    let (st, score) = (&book.st, &data.scores[index]);
    let counted: Vec<u32> = group_rows.iter().filter(|(_, sep)| !sep).map(|(r, _)| *r).collect();
    let sum_of = |col: u16| format!("={}", counted.iter().map(|r| a1(*r, col)).collect::<Vec<_>>().join("+"));
    ws.merge_range(row, 0, row, 3, "TỔNG ĐIỂM", &st.total)?;
    ws.write_formula_with_format(row, 4, book.formula(sum_of(4), score.card.max), &st.total_num)?;
    ws.write_string_with_format(row, 5, "", &st.total)?;
    ws.write_formula_with_format(row, 6, book.formula(sum_of(6), score.card.total), &st.total_num)?;
    ws.write_string_with_format(row, 7, "Tỷ lệ so với điểm tối đa áp dụng:", &st.total)?;
    let pct = score.card.percent.unwrap_or(0.0) / 100.0;
    ws.write_formula_with_format(row, 8, book.formula(format!("=IF({0}=0,0,{1}/{0})", a1(row, 4), a1(row, 6)), pct), &st.pct)?;
    Ok(())
}

/// The signature block from row `sig`.
fn signatures(ws: &mut Worksheet, sig: u32, head: &Letterhead, st: &Styles) -> BookResult<()> {
    ws.merge_range(sig, 0, sig, 2, "NGƯỜI ĐÁNH GIÁ", &st.center_bold)?;
    ws.merge_range(sig, 5, sig, 8, "TRƯỞNG ĐOÀN ĐÁNH GIÁ", &st.center_bold)?;
    ws.merge_range(sig + 1, 0, sig + 1, 2, "(Ký, ghi rõ họ tên)", &st.italic_center)?;
    ws.merge_range(sig + 1, 5, sig + 1, 8, "(Ký, ghi rõ họ tên)", &st.italic_center)?;
    ws.merge_range(sig + 5, 0, sig + 5, 2, &head.reviewer, &st.center_bold)?;
    Ok(())
}
