//! The scorecard ("phiếu đánh giá") of one site: administrative header, one row per criterion
//! by group with live subtotals, the total and the signature block.

use rust_xlsxwriter::{Workbook, Worksheet};

use crate::evidence::browsers;
use crate::sheet::{self, a1, shorten, tidy, Book, BookResult, Fit, Page, Styles, BOLD, REGULAR, TITLE};
use crate::{evidence_summary, legal_text, CampaignScores, Letterhead};
use ttdt_model::domain::{Criterion, CriterionGroup, ResultMode};
use ttdt_model::error::Error;

/// The row of the column headers; the criteria follow.
const HEADER_ROW: u32 = 9;
/// The last column of the table.
const LAST_COL: u16 = 8;
/// Column widths: code, criterion, legal basis, method, maximum, outcome, points, evidence, note.
const WIDTHS: [f64; 9] = [12.0, 32.0, 38.0, 12.0, 9.0, 13.0, 9.0, 42.0, 20.0];
/// Evidence longer than this is summarised here; the ranking workbook's evidence sheet keeps it whole.
const EVIDENCE_CHARS: usize = 130;

pub(crate) fn scorecard(data: &CampaignScores, site_id: i64, head: &Letterhead, book: &Book) -> BookResult<Vec<u8>> {
    let index = data.site_index(site_id).ok_or_else(|| Error::NotFound { entity: "site", key: site_id.to_string() })?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Phiếu đánh giá")?;
    sheet::page_setup(ws, &Page { landscape: true, a3: false, repeat: Some((HEADER_ROW, HEADER_ROW)), campaign: &data.campaign.name, head })?;
    let mut fit = Fit::new(ws, &WIDTHS)?;
    letterhead(ws, &mut fit, data, index, head, &book.st)?;
    let (total_row, shortened) = criteria_table(ws, &mut fit, data, index, book)?;
    let mut row = total_row + 1;
    if shortened {
        let note = "Bằng chứng dài được tóm tắt; toàn văn ở bảng “Bằng chứng” của tệp xếp hạng của chiến dịch.";
        fit.merged(ws, row, 0..=LAST_COL, note, &book.st.note, REGULAR)?;
        row += 1;
    }
    row = sheet::versions_block(ws, &mut fit, row, LAST_COL, head, &browsers(data, [index]), &book.st)?;
    sheet::signature_block(ws, &mut fit, row + 1, LAST_COL, head, &book.st)?;
    fit.finish(ws)?;
    Ok(wb.save_to_buffer()?)
}

/// Issuing body at left, national motto at right, place and date; then the title and the site.
fn letterhead(ws: &mut Worksheet, fit: &mut Fit, data: &CampaignScores, index: usize, head: &Letterhead, st: &Styles) -> BookResult<()> {
    let site = &data.sites[index];
    sheet::letterhead(ws, fit, head, 4, LAST_COL, st)?;
    fit.merged(ws, 4, 0..=LAST_COL, "PHIẾU ĐÁNH GIÁ CỔNG / TRANG THÔNG TIN ĐIỆN TỬ", &st.title, TITLE)?;
    fit.merged(ws, 5, 0..=LAST_COL, &format!("{} — năm {}", data.campaign.name, data.campaign.year), &st.italic_center, REGULAR)?;
    // The site's own texts stand alone in their cells (written as text, never as a formula),
    // merged wide enough not to be cut by the next cell.
    fit.text(ws, 6, 0, "Cơ quan:", &st.bold, BOLD)?;
    fit.merged(ws, 6, 1..=3, &site.agency_name, &st.italic, REGULAR)?;
    fit.merged(ws, 6, 4..=LAST_COL, &format!("Cấp: {} — {}", site.level.label_vi(), site.block), &st.italic, REGULAR)?;
    fit.text(ws, 7, 0, "Địa chỉ:", &st.bold, BOLD)?;
    fit.merged(ws, 7, 1..=3, &site.url, &st.italic, REGULAR)?;
    let framework = format!("Bộ tiêu chí: {} — {}", data.campaign.framework_id, data.campaign.framework_name);
    fit.merged(ws, 7, 4..=LAST_COL, &framework, &st.italic, REGULAR)?;
    Ok(())
}

/// The table of criteria, group by group, and its total row; returns the total row.
/// Returns the total row, and whether any evidence was shortened.
fn criteria_table(ws: &mut Worksheet, fit: &mut Fit, data: &CampaignScores, index: usize, book: &Book) -> BookResult<(u32, bool)> {
    let st = &book.st;
    let headers = ["Mã", "Tiêu chí", "Căn cứ pháp lý", "Phương thức", "Điểm tối đa", "Kết quả", "Điểm", "Bằng chứng", "Ghi chú của người đánh giá"];
    sheet::header_row(ws, fit, HEADER_ROW, &headers, st)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;

    let mut row = HEADER_ROW + 1;
    let mut group_rows: Vec<(u32, bool)> = Vec::new();
    let mut shortened = false;
    for g in &data.groups {
        let members: Vec<(usize, &Criterion)> = data.criteria.iter().enumerate().filter(|(_, c)| c.group_code == g.code).collect();
        if members.is_empty() {
            continue;
        }
        let group_row = row;
        let (next, cut) = group(ws, fit, data, index, book, g, &members, group_row)?;
        row = next;
        shortened |= cut;
        group_rows.push((group_row, g.separate_ranking));
    }
    total(ws, fit, data, index, book, &group_rows, row)?;
    Ok((row, shortened))
}

/// One group: its criteria from the row after `group_row`, then the group's row with subtotals
/// over them. Returns the row after the group's last criterion, and whether any evidence was
/// shortened.
#[allow(clippy::too_many_arguments)]
fn group(
    ws: &mut Worksheet,
    fit: &mut Fit,
    data: &CampaignScores,
    index: usize,
    book: &Book,
    g: &CriterionGroup,
    members: &[(usize, &Criterion)],
    group_row: u32,
) -> BookResult<(u32, bool)> {
    let (st, score) = (&book.st, &data.scores[index]);
    let gs = score.card.groups.iter().find(|x| x.code == g.code);
    let first = group_row + 1;
    let mut row = first;
    let mut shortened = false;
    for &(j, c) in members {
        let cs = score.card.criteria.iter().find(|x| x.code == c.code);
        let result = data.result_at(index, j);
        fit.text(ws, row, 0, &c.code, &st.cell_center, REGULAR)?;
        fit.text(ws, row, 1, &c.title, &st.cell, REGULAR)?;
        fit.text(ws, row, 2, &legal_text(c), &st.cell, REGULAR)?;
        fit.text(ws, row, 3, c.method.label_vi(), &st.cell_center, REGULAR)?;
        ws.write_number_with_format(row, 4, tidy(cs.map(|x| x.max).unwrap_or(0.0)), &st.num)?;
        let outcome = match cs.and_then(|x| x.outcome) {
            Some(o) => o.label_vi(),
            None => "Chưa có kết quả",
        };
        fit.text(ws, row, 5, outcome, &st.cell_center, REGULAR)?;
        ws.write_number_with_format(row, 6, tidy(cs.map(|x| x.points).unwrap_or(0.0)), &st.num)?;
        let evidence = result.map(|r| evidence_summary(&r)).unwrap_or_default();
        let short = shorten(&evidence, EVIDENCE_CHARS);
        shortened |= short.len() != evidence.len();
        fit.text(ws, row, 7, &short, &st.cell, REGULAR)?;
        let note = result.filter(|r| r.mode != ResultMode::Automatic).map(|r| r.note).unwrap_or_default();
        fit.text(ws, row, 8, &shorten(note, EVIDENCE_CHARS * 2), &st.cell, REGULAR)?;
        row += 1;
    }
    let last = row - 1;
    fit.text(ws, group_row, 0, &g.code, &st.group, BOLD)?;
    let label = if g.separate_ranking { format!("{} (xếp hạng riêng, không cộng vào tổng)", g.name) } else { g.name.clone() };
    fit.merged(ws, group_row, 1..=3, &label, &st.group, BOLD)?;
    let (points, max) = gs.map(|x| (x.points, x.max)).unwrap_or((0.0, 0.0));
    ws.write_formula_with_format(group_row, 4, book.formula(format!("=SUM({}:{})", a1(first, 4), a1(last, 4)), max), &st.group_num)?;
    ws.write_string_with_format(group_row, 5, "", &st.group)?;
    ws.write_formula_with_format(group_row, 6, book.formula(format!("=SUM({}:{})", a1(first, 6), a1(last, 6)), points), &st.group_num)?;
    ws.merge_range(group_row, 7, group_row, 8, "", &st.group)?;
    Ok((row, shortened))
}

/// The total row: the sum of the groups that count (a separately ranked group does not), and
/// the share of the applicable maximum.
fn total(ws: &mut Worksheet, fit: &mut Fit, data: &CampaignScores, index: usize, book: &Book, group_rows: &[(u32, bool)], row: u32) -> BookResult<()> {
    let (st, score) = (&book.st, &data.scores[index]);
    let counted: Vec<u32> = group_rows.iter().filter(|(_, sep)| !sep).map(|(r, _)| *r).collect();
    let sum_of = |col: u16| format!("={}", counted.iter().map(|r| a1(*r, col)).collect::<Vec<_>>().join("+"));
    ws.merge_range(row, 0, row, 3, "TỔNG ĐIỂM", &st.total)?;
    ws.write_formula_with_format(row, 4, book.formula(sum_of(4), score.card.max), &st.total_num)?;
    ws.write_string_with_format(row, 5, "", &st.total)?;
    ws.write_formula_with_format(row, 6, book.formula(sum_of(6), score.card.total), &st.total_num)?;
    fit.text(ws, row, 7, "Tỷ lệ so với điểm tối đa áp dụng:", &st.total, BOLD)?;
    let pct = score.card.percent.unwrap_or(0.0) / 100.0;
    ws.write_formula_with_format(row, 8, book.formula(format!("=IF({0}=0,0,{1}/{0})", a1(row, 4), a1(row, 6)), pct), &st.pct)?;
    Ok(())
}
