//! The ranking workbook of a campaign: the criterion × site matrix, the detail with group
//! subtotals, one ranking sheet per block, statistics, the evidence, the framework and the visits.
//! Every total is a formula over the matrix, so that a reader can follow each number back.

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

use crate::evidence::{evidence_header, evidence_rows};
use crate::sheet::{a1, a4, header_row, sheet_name, Book, BookResult};
use crate::{legal_text, CampaignScores, Letterhead};
use ttdt_model::error::Error;
use ttdt_model::ranking::{self, BlockOrder, SiteScore, Stats};
use ttdt_model::scoring::Standing;

/// The matrix's first criterion column (block, agency and address come first).
const FIRST_CRITERION_COL: u16 = 3;

/// The detail's column of a group's subtotal (block, rank, agency, address, level and status first).
fn group_col(g: usize) -> u16 {
    6 + g as u16
}

/// What the sheets of the ranking workbook are written from.
struct Ranking<'a> {
    book: &'a Book,
    data: &'a CampaignScores,
    head: &'a Letterhead,
    /// Sites by block, best first, as positions in `data.scores`: no score card is copied.
    blocks: &'a [BlockOrder],
    /// Order of the detail rows: block by block, best first; (row - 1, site index, rank).
    ordered: &'a [(usize, usize, Option<u32>)],
    matrix_name: &'a str,
    detail_name: &'a str,
}

pub(crate) fn ranking_book(data: &CampaignScores, head: &Letterhead, book: &Book) -> BookResult<Vec<u8>> {
    let mut wb = Workbook::new();
    // A campaign's workbook is large and written often: fast compression, slightly larger file.
    wb.set_zip_compression_level(1);
    let mut used = Vec::new();
    let blocks = ranking::order_by_points(&data.scores, book.opts.exclude_incomplete);
    let ordered: Vec<(usize, usize, Option<u32>)> =
        blocks.iter().flat_map(|b| b.sites.iter()).enumerate().map(|(k, &(i, rank))| (k, i, rank)).collect();

    // The sheets, in their order in the file. The large ones are written to temporary files as
    // they are filled (constant memory). The evidence sheet repeats each site's name and address
    // on every result row, so its texts go to the shared string table: a smaller file to compress.
    let matrix_name = sheet_name("Ma trận điểm", &mut used);
    let detail_name = sheet_name("Chi tiết", &mut used);
    wb.add_worksheet_with_constant_memory()?.set_name(&matrix_name)?;
    wb.add_worksheet_with_constant_memory()?.set_name(&detail_name)?;
    for b in &blocks {
        wb.add_worksheet().set_name(sheet_name(&format!("XH {}", b.block), &mut used))?;
    }
    wb.add_worksheet().set_name(sheet_name("Thống kê", &mut used))?;
    wb.add_worksheet_with_low_memory()?.set_name(sheet_name("Bằng chứng", &mut used))?;
    wb.add_worksheet().set_name(sheet_name("Bộ tiêu chí", &mut used))?;
    wb.add_worksheet().set_name(sheet_name("Lượt truy cập", &mut used))?;

    // The evidence sheet (one row per result, most of the work) is filled on its own thread while
    // this one writes the others. Its header is written first, here, so that formats are
    // numbered in the same order on every run.
    let (front, back) = wb.worksheets_mut().split_at_mut(3 + blocks.len());
    let (evidence, back) = back.split_first_mut().ok_or_else(|| Error::Internal("the ranking workbook has no evidence sheet".into()))?;
    evidence_header(evidence, &book.st)?;
    let r = Ranking { book, data, head, blocks: &blocks, ordered: &ordered, matrix_name: &matrix_name, detail_name: &detail_name };
    std::thread::scope(|scope| {
        let filled = scope.spawn(|| evidence_rows(evidence, data, &ordered));
        let rest = r.sheets(front, back);
        let filled = filled.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        rest.and(filled)
    })?;
    Ok(wb.save_to_buffer()?)
}

impl Ranking<'_> {
    /// The detail's column of the total (after the groups).
    fn total_col(&self) -> u16 {
        group_col(self.data.groups.len())
    }

    /// Every sheet but the evidence: `front` holds the matrix, the detail, one sheet per block and
    /// the statistics; `back` the framework and the visits.
    fn sheets(&self, front: &mut [Worksheet], back: &mut [Worksheet]) -> BookResult<()> {
        let (front, stats_sheet) = front.split_at_mut(2 + self.blocks.len());
        let (front, block_sheets) = front.split_at_mut(2);
        self.matrix(&mut front[0])?;
        self.detail(&mut front[1])?;
        let mut offset = 0usize;
        for (b, ws) in self.blocks.iter().zip(block_sheets.iter_mut()) {
            self.block(ws, b, offset)?;
            offset += b.sites.len();
        }
        self.statistics(&mut stats_sheet[0])?;
        self.framework(&mut back[0])?;
        self.visits(&mut back[1])
    }

    /// Criterion × site matrix (points), the base of every formula.
    fn matrix(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data) = (&self.book.st, self.data);
        ws.write_string_with_format(0, 0, "Khối", &st.head)?;
        ws.write_string_with_format(0, 1, "Cơ quan", &st.head)?;
        ws.write_string_with_format(0, 2, "Địa chỉ", &st.head)?;
        for (i, c) in data.criteria.iter().enumerate() {
            ws.write_string_with_format(0, FIRST_CRITERION_COL + i as u16, &c.code, &st.head)?;
        }
        for &(k, i, _) in self.ordered {
            let row = k as u32 + 1;
            let s = &data.scores[i];
            ws.write_string(row, 0, &s.block)?;
            ws.write_string(row, 1, &s.agency_name)?;
            ws.write_string(row, 2, &s.url)?;
            // A score card lists the campaign's criteria in the same order as `data.criteria`.
            for (j, cs) in s.card.criteria.iter().enumerate() {
                if cs.standing == Standing::Excluded {
                    ws.write_string(row, FIRST_CRITERION_COL + j as u16, "KAD")?;
                } else {
                    ws.write_number(row, FIRST_CRITERION_COL + j as u16, cs.points)?;
                }
            }
        }
        ws.set_freeze_panes(1, 3)?;
        Ok(())
    }

    /// Detail: one row per site, group subtotals as formulas over the matrix.
    fn detail(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data, total_col) = (&self.book.st, self.data, self.total_col());
        // Criteria of a group are contiguous in framework order; a group's subtotal sums its columns.
        let group_cols: Vec<Vec<usize>> = data
            .groups
            .iter()
            .map(|g| data.criteria.iter().enumerate().filter(|(_, c)| c.group_code == g.code).map(|(j, _)| j).collect())
            .collect();
        let counted: Vec<usize> = data.groups.iter().enumerate().filter(|(_, g)| !g.separate_ranking).map(|(i, _)| i).collect();
        header_row(ws, 0, &["Khối", "Hạng", "Cơ quan", "Địa chỉ", "Cấp", "Trạng thái"], st)?;
        for (g, group) in data.groups.iter().enumerate() {
            ws.write_string_with_format(0, group_col(g), &group.code, &st.head)?;
        }
        ws.write_string_with_format(0, total_col, "Tổng", &st.head)?;
        ws.write_string_with_format(0, total_col + 1, "Tối đa", &st.head)?;
        ws.write_string_with_format(0, total_col + 2, "Tỷ lệ", &st.head)?;
        let pct_format = Format::new().set_num_format("0.0%");
        for &(k, i, rank) in self.ordered {
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
                        "=SUM('{}'!{}:{})",
                        self.matrix_name,
                        a1(row, FIRST_CRITERION_COL + *a as u16),
                        a1(row, FIRST_CRITERION_COL + *b as u16)
                    ),
                    _ => "=0".into(),
                };
                ws.write_formula(row, group_col(g), self.book.formula(f, value))?;
            }
            let sum = counted.iter().map(|g| a1(row, group_col(*g))).collect::<Vec<_>>().join("+");
            ws.write_formula(row, total_col, self.book.formula(format!("={sum}"), s.card.total))?;
            ws.write_number(row, total_col + 1, s.card.max)?;
            let pct = s.card.percent.unwrap_or(0.0) / 100.0;
            ws.write_formula_with_format(
                row,
                total_col + 2,
                self.book.formula(format!("=IF({0}=0,0,{1}/{0})", a1(row, total_col + 1), a1(row, total_col)), pct),
                &pct_format,
            )?;
        }
        ws.set_freeze_panes(1, 3)?;
        Ok(())
    }

    /// The summary sheet of a block: formulas over its detail rows, which start after `offset` rows.
    fn block(&self, ws: &mut Worksheet, b: &BlockOrder, offset: usize) -> BookResult<()> {
        let (st, data, total_col) = (&self.book.st, self.data, self.total_col());
        a4(ws, true);
        ws.merge_range(0, 0, 0, 3, &self.head.issuer.to_uppercase(), &st.center_bold)?;
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
            let refer = |col: u16| format!("='{}'!{}", self.detail_name, a1(detail_row, col));
            match rank {
                Some(v) => ws.write_formula_with_format(row, 0, self.book.formula(refer(1), v as f64), &st.cell_center)?,
                None => ws.write_string_with_format(row, 0, "—", &st.cell_center)?,
            };
            ws.write_formula_with_format(row, 1, Formula::new(refer(2)).set_result(&s.agency_name), &st.cell)?;
            ws.write_formula_with_format(row, 2, Formula::new(refer(3)).set_result(&s.url), &st.cell)?;
            for (g, group) in data.groups.iter().enumerate() {
                let v = s.card.groups.iter().find(|x| x.code == group.code).map(|x| x.points).unwrap_or(0.0);
                ws.write_formula_with_format(row, 3 + g as u16, self.book.formula(refer(group_col(g)), v), &st.num)?;
            }
            ws.write_formula_with_format(row, 3 + data.groups.len() as u16, self.book.formula(refer(total_col), s.card.total), &st.total_num)?;
        }
        Ok(())
    }

    /// Statistics per group, by block: formulas over the detail rows of the block.
    fn statistics(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data, total_col) = (&self.book.st, self.data, self.total_col());
        header_row(ws, 0, &["Khối", "Nhóm", "Trung bình", "Trung vị", "Thấp nhất", "Cao nhất", "Số trang"], st)?;
        ws.set_column_width(0, 30)?;
        ws.set_column_width(1, 36)?;
        let mut row = 1;
        let mut start = 1u32;
        for b in self.blocks {
            let end = start + b.sites.len() as u32 - 1;
            let members: Vec<&SiteScore> = b.sites.iter().map(|&(i, _)| &data.scores[i]).collect();
            let stats = ranking::group_stats(&data.groups, &members);
            let mut cols: Vec<(String, u16, Option<Stats>)> =
                stats.iter().enumerate().map(|(g, s)| (format!("{} {}", s.code, s.name), group_col(g), s.stats)).collect();
            let totals: Vec<f64> = members.iter().map(|s| s.card.total).collect();
            cols.push(("Tổng điểm".into(), total_col, ranking::stats(&totals)));
            for (label, col, s) in cols {
                let range = format!("'{}'!{}:{}", self.detail_name, a1(start, col), a1(end, col));
                ws.write_string(row, 0, &b.block)?;
                ws.write_string(row, 1, &label)?;
                let s = s.unwrap_or(Stats { mean: 0.0, median: 0.0, min: 0.0, max: 0.0, count: 0 });
                ws.write_formula(row, 2, self.book.formula(format!("=AVERAGE({range})"), s.mean))?;
                ws.write_formula(row, 3, self.book.formula(format!("=MEDIAN({range})"), s.median))?;
                ws.write_formula(row, 4, self.book.formula(format!("=MIN({range})"), s.min))?;
                ws.write_formula(row, 5, self.book.formula(format!("=MAX({range})"), s.max))?;
                ws.write_number(row, 6, s.count as f64)?;
                row += 1;
            }
            start = end + 1;
        }
        Ok(())
    }

    /// The framework used.
    fn framework(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data) = (&self.book.st, self.data);
        ws.write_string_with_format(0, 0, format!("{} — {}", data.campaign.framework_id, data.campaign.framework_name), &st.bold)?;
        header_row(ws, 2, &["Nhóm", "Mã", "Tiêu chí", "Phương thức", "Điểm", "Áp dụng", "Căn cứ pháp lý"], st)?;
        ws.set_column_width(2, 60)?;
        ws.set_column_width(6, 60)?;
        for (k, c) in data.criteria.iter().enumerate() {
            let row = 3 + k as u32;
            ws.write_string(row, 0, &c.group_code)?;
            ws.write_string(row, 1, &c.code)?;
            ws.write_string(row, 2, &c.title)?;
            ws.write_string(row, 3, c.method.label_vi())?;
            ws.write_number(row, 4, c.points)?;
            let levels = if c.levels.is_empty() {
                "Mọi cấp".to_string()
            } else {
                c.levels.iter().map(|l| l.label_vi()).collect::<Vec<_>>().join(", ")
            };
            ws.write_string(row, 5, &levels)?;
            ws.write_string(row, 6, legal_text(c))?;
        }
        Ok(())
    }

    /// Visits (SD.01), ranked separately per block.
    fn visits(&self, ws: &mut Worksheet) -> BookResult<()> {
        let data = self.data;
        header_row(ws, 0, &["Khối", "Hạng", "Cơ quan", "Địa chỉ", "Lượt truy cập (EMC)"], &self.book.st)?;
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
        Ok(())
    }
}
