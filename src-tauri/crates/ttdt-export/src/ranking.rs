//! The ranking workbook of a campaign: the criterion × site matrix, the detail with group
//! subtotals, one ranking sheet per block, statistics, the evidence, the framework and the visits.
//! Every total is a formula over the matrix, so that a reader can follow each number back.

use rust_xlsxwriter::{Formula, Workbook, Worksheet};

use crate::evidence::{browsers, evidence_header, evidence_rows};
use crate::measure::{self, fit_width};
use crate::sheet::{self, a1, header_row, sheet_name, tidy, Book, BookResult, Fit, Page, BOLD, REGULAR, TITLE};
use crate::{legal_text, CampaignScores, Letterhead};
use ttdt_model::error::Error;
use ttdt_model::ranking::{self, BlockOrder, SiteScore, Stats};
use ttdt_model::scoring::Standing;

/// The matrix's first criterion column (block, agency and address come first).
const FIRST_CRITERION_COL: u16 = 3;

/// The header row of a data sheet: a note marking it as data comes first.
const DATA_HEADER_ROW: u32 = 1;

/// The row of the `k`-th site (0-based, in detail order) on the matrix and the detail.
fn data_row(k: usize) -> u32 {
    DATA_HEADER_ROW + 1 + k as u32
}

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
    /// Order of the detail rows: block by block, best first; (position, site index, rank).
    ordered: &'a [(usize, usize, Option<u32>)],
    /// The names of the block sheets, in the order of `blocks`.
    block_names: &'a [String],
    matrix_name: &'a str,
    detail_name: &'a str,
    /// Column widths that show the longest block, agency name and address on one line (within bounds).
    block_width: f64,
    agency_width: f64,
    url_width: f64,
}

pub(crate) fn ranking_book(data: &CampaignScores, head: &Letterhead, book: &Book) -> BookResult<Vec<u8>> {
    let mut wb = Workbook::new();
    // A campaign's workbook is large and written often: fast compression, slightly larger file.
    wb.set_zip_compression_level(1);
    let mut used = Vec::new();
    let blocks = ranking::order_by_points(&data.scores, book.opts.exclude_incomplete);
    let ordered: Vec<(usize, usize, Option<u32>)> =
        blocks.iter().flat_map(|b| b.sites.iter()).enumerate().map(|(k, &(i, rank))| (k, i, rank)).collect();

    // The sheets, in their order in the file: what is printed and signed first (the summary, then
    // one ranking per block), then the data. The large ones are written to temporary files as
    // they are filled (constant memory). The evidence sheet repeats each site's name and address
    // on every result row, so its texts go to the shared string table: a smaller file to compress.
    let summary_name = sheet_name("Tổng hợp", &mut used);
    let block_names: Vec<String> = blocks.iter().map(|b| sheet_name(&format!("XH {}", b.block), &mut used)).collect();
    let matrix_name = sheet_name("Ma trận điểm", &mut used);
    let detail_name = sheet_name("Chi tiết", &mut used);
    let summary = wb.add_worksheet();
    summary.set_name(&summary_name)?;
    // The file opens on its summary.
    summary.set_active(true);
    for name in &block_names {
        wb.add_worksheet().set_name(name)?;
    }
    wb.add_worksheet_with_constant_memory()?.set_name(&matrix_name)?;
    wb.add_worksheet_with_constant_memory()?.set_name(&detail_name)?;
    wb.add_worksheet().set_name(sheet_name("Thống kê", &mut used))?;
    wb.add_worksheet_with_low_memory()?.set_name(sheet_name("Bằng chứng", &mut used))?;
    wb.add_worksheet().set_name(sheet_name("Bộ tiêu chí", &mut used))?;
    wb.add_worksheet().set_name(sheet_name("Lượt truy cập", &mut used))?;

    let agencies = || data.scores.iter().map(|s| s.agency_name.as_str());
    let urls = || data.scores.iter().map(|s| s.url.as_str());
    let r = Ranking {
        book,
        data,
        head,
        blocks: &blocks,
        ordered: &ordered,
        block_names: &block_names,
        matrix_name: &matrix_name,
        detail_name: &detail_name,
        block_width: fit_width(blocks.iter().map(|b| b.block.as_str()), 12.0, false, 10.0, 30.0),
        agency_width: fit_width(agencies(), 12.0, false, 16.0, 50.0),
        url_width: fit_width(urls(), 12.0, false, 16.0, 40.0),
    };

    // The evidence sheet (one row per result, most of the work) is filled on its own thread while
    // this one writes the others. Its header is written first, here, so that formats are
    // numbered in the same order on every run.
    let (front, back) = wb.worksheets_mut().split_at_mut(4 + blocks.len());
    let (evidence, back) = back.split_first_mut().ok_or_else(|| Error::Internal("the ranking workbook has no evidence sheet".into()))?;
    r.data_page(evidence, false)?;
    let evidence_fit = evidence_header(evidence, &book.st, r.agency_width.min(36.0), r.url_width.min(32.0))?;
    std::thread::scope(|scope| {
        let filled = scope.spawn(|| evidence_rows(evidence, &evidence_fit, data, &ordered, &book.st));
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

    /// Prints a data sheet: landscape (A3 when it is too wide for A4), its header on every page.
    fn data_page(&self, ws: &mut Worksheet, a3: bool) -> BookResult<()> {
        let page = Page { landscape: true, a3, repeat: Some((DATA_HEADER_ROW, DATA_HEADER_ROW)), campaign: &self.data.campaign.name, head: self.head };
        sheet::page_setup(ws, &page)
    }

    /// Every sheet but the evidence: `front` holds the summary, one sheet per block, the matrix,
    /// the detail and the statistics; `back` the framework and the visits.
    fn sheets(&self, front: &mut [Worksheet], back: &mut [Worksheet]) -> BookResult<()> {
        let (summary, front) = front.split_at_mut(1);
        let (block_sheets, front) = front.split_at_mut(self.blocks.len());
        self.summary(&mut summary[0])?;
        self.matrix(&mut front[0])?;
        self.detail(&mut front[1])?;
        let mut offset = 0usize;
        for (b, ws) in self.blocks.iter().zip(block_sheets.iter_mut()) {
            self.block(ws, b, offset)?;
            offset += b.sites.len();
        }
        self.statistics(&mut front[2])?;
        self.framework(&mut back[0])?;
        self.visits(&mut back[1])
    }

    /// The rows of the detail that hold a block's sites, which come after `offset` sites.
    fn block_rows(&self, b: &BlockOrder, offset: usize) -> (u32, u32) {
        (data_row(offset), data_row(offset + b.sites.len().max(1) - 1))
    }

    /// The summary, where the file opens: the header of an official document, per block the
    /// number of sites and their scores (formulas over the detail), what each sheet holds, the
    /// versions and the signatures.
    fn summary(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data, head) = (&self.book.st, self.data, self.head);
        let last = 5u16;
        sheet::page_setup(ws, &Page { landscape: false, a3: false, repeat: None, campaign: &data.campaign.name, head })?;
        let mut fit = Fit::new(ws, &[self.block_width.max(30.0), 11.0, 13.0, 14.0, 13.0, 13.0])?;
        sheet::letterhead(ws, &mut fit, head, 2, last, st)?;
        fit.merged(ws, 4, 0..=last, "KẾT QUẢ ĐÁNH GIÁ, XẾP HẠNG CỔNG / TRANG THÔNG TIN ĐIỆN TỬ", &st.title, TITLE)?;
        fit.merged(ws, 5, 0..=last, &format!("{} — năm {}", data.campaign.name, data.campaign.year), &st.italic_center, REGULAR)?;
        fit.merged(ws, 6, 0..=last, &format!("Bộ tiêu chí: {} — {}", data.campaign.framework_id, data.campaign.framework_name), &st.italic_center, REGULAR)?;
        let mut row = 8;
        header_row(ws, &mut fit, row, &["Khối", "Số trang", "Được xếp hạng", "Điểm trung bình", "Cao nhất", "Thấp nhất"], st)?;
        row += 1;
        let total_col = self.total_col();
        let mut offset = 0;
        for b in self.blocks {
            let (first, end) = self.block_rows(b, offset);
            let range = |col: u16| format!("'{}'!{}:{}", self.detail_name, a1(first, col), a1(end, col));
            let members: Vec<&SiteScore> = b.sites.iter().map(|&(i, _)| &data.scores[i]).collect();
            let totals: Vec<f64> = members.iter().map(|s| s.card.total).collect();
            let s = ranking::stats(&totals).unwrap_or(Stats { mean: 0.0, median: 0.0, min: 0.0, max: 0.0, count: 0 });
            let ranked = b.sites.iter().filter(|(_, r)| r.is_some()).count();
            fit.text(ws, row, 0, &b.block, &st.cell, REGULAR)?;
            ws.write_number_with_format(row, 1, b.sites.len() as f64, &st.int)?;
            ws.write_formula_with_format(row, 2, self.book.formula(format!("=COUNT({})", range(1)), ranked as f64), &st.int)?;
            ws.write_formula_with_format(row, 3, self.book.formula(format!("=AVERAGE({})", range(total_col)), s.mean), &st.num)?;
            ws.write_formula_with_format(row, 4, self.book.formula(format!("=MAX({})", range(total_col)), s.max), &st.num)?;
            ws.write_formula_with_format(row, 5, self.book.formula(format!("=MIN({})", range(total_col)), s.min), &st.num)?;
            offset += b.sites.len();
            row += 1;
        }
        row += 1;
        fit.merged(ws, row, 0..=last, "CÁC BẢNG TRONG TỆP", &st.bold, BOLD)?;
        row += 1;
        fit.text(ws, row, 0, "Bảng", &st.head, BOLD)?;
        fit.merged(ws, row, 1..=4, "Nội dung", &st.head, BOLD)?;
        fit.text(ws, row, 5, "Loại", &st.head, BOLD)?;
        row += 1;
        let mut contents: Vec<(String, String, &str)> = vec![("Tổng hợp".into(), "Trang này: số trang và điểm theo khối, chữ ký.".into(), "Văn bản")];
        for (b, name) in self.blocks.iter().zip(self.block_names) {
            contents.push((name.clone(), format!("Bảng xếp hạng {} theo tổng điểm, có chữ ký.", b.block), "Văn bản"));
        }
        for (name, what) in [
            (self.matrix_name, "Điểm từng tiêu chí của từng trang; mọi tổng đều tính từ bảng này."),
            (self.detail_name, "Điểm theo nhóm, tổng điểm, tỷ lệ và hạng của từng trang."),
            ("Thống kê", "Trung bình, trung vị, thấp nhất, cao nhất theo nhóm và khối."),
            ("Bằng chứng", "Kết quả và bằng chứng đầy đủ của từng tiêu chí, từng trang."),
            ("Bộ tiêu chí", "Các tiêu chí, điểm, phương thức và căn cứ pháp lý đã dùng."),
            ("Lượt truy cập", "Xếp hạng riêng theo lượt truy cập (số liệu EMC)."),
        ] {
            contents.push((name.to_string(), what.to_string(), "Dữ liệu"));
        }
        for (name, what, kind) in contents {
            fit.text(ws, row, 0, &name, &st.cell, REGULAR)?;
            fit.merged(ws, row, 1..=4, &what, &st.cell, REGULAR)?;
            fit.text(ws, row, 5, kind, &st.cell_center, REGULAR)?;
            row += 1;
        }
        let browsers = browsers(data, 0..data.scores.len());
        row = sheet::versions_block(ws, &mut fit, row + 1, last, head, &browsers, st)?;
        sheet::signature_block(ws, &mut fit, row + 1, last, head, st)?;
        fit.finish(ws)
    }

    /// Criterion × site matrix (points), the base of every formula.
    fn matrix(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data) = (&self.book.st, self.data);
        let last = FIRST_CRITERION_COL + data.criteria.len().max(1) as u16 - 1;
        // Forty-odd columns of points: on A4 they would print too small to read.
        self.data_page(ws, true)?;
        let mut widths = vec![self.block_width, self.agency_width, self.url_width];
        // Points ("0.00") are narrow; the criterion codes above them are written upwards.
        widths.extend(data.criteria.iter().map(|_| 6.0));
        let mut fit = Fit::new(ws, &widths)?;
        sheet::data_note(ws, &mut fit, last, "Điểm từng tiêu chí của từng trang (KAD: không áp dụng).", st)?;
        fit.finish_row(ws, 0)?;
        let hr = DATA_HEADER_ROW;
        header_row(ws, &mut fit, hr, &["Khối", "Cơ quan", "Địa chỉ"], st)?;
        for (i, c) in data.criteria.iter().enumerate() {
            ws.write_string_with_format(hr, FIRST_CRITERION_COL + i as u16, &c.code, &st.head_up)?;
            // Upwards, a code's width is the row's height (Excel units are 7 px, a point 4/3 px).
            fit.at_least(hr, measure::width_of(&c.code, 12.0, true) * 7.0 * 0.75 + 4.0);
        }
        fit.finish_row(ws, hr)?;
        for &(k, i, _) in self.ordered {
            let row = data_row(k);
            let s = &data.scores[i];
            fit.text(ws, row, 0, &s.block, &st.cell, REGULAR)?;
            fit.text(ws, row, 1, &s.agency_name, &st.cell, REGULAR)?;
            fit.text(ws, row, 2, &s.url, &st.cell, REGULAR)?;
            // A score card lists the campaign's criteria in the same order as `data.criteria`.
            for (j, cs) in s.card.criteria.iter().enumerate() {
                if cs.standing == Standing::Excluded {
                    ws.write_string_with_format(row, FIRST_CRITERION_COL + j as u16, "KAD", &st.cell_center)?;
                } else {
                    ws.write_number_with_format(row, FIRST_CRITERION_COL + j as u16, tidy(cs.points), &st.num)?;
                }
            }
            fit.finish_row(ws, row)?;
        }
        ws.set_freeze_panes(hr + 1, 3)?;
        Ok(())
    }

    /// Detail: one row per site, group subtotals as formulas over the matrix.
    fn detail(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data, total_col) = (&self.book.st, self.data, self.total_col());
        self.data_page(ws, false)?;
        let levels = data.scores.iter().map(|s| s.level.label_vi());
        let mut widths = vec![self.block_width, 8.0, self.agency_width, self.url_width, fit_width(levels, 12.0, false, 8.0, 30.0), 17.0];
        widths.extend(data.groups.iter().map(|_| 9.0));
        widths.extend([9.0, 9.0, 9.0]);
        let mut fit = Fit::new(ws, &widths)?;
        sheet::data_note(ws, &mut fit, total_col + 2, "Điểm theo nhóm (công thức trên bảng “Ma trận điểm”), tổng điểm, tỷ lệ và hạng của từng trang.", st)?;
        fit.finish_row(ws, 0)?;
        let hr = DATA_HEADER_ROW;
        // Criteria of a group are contiguous in framework order; a group's subtotal sums its columns.
        let group_cols: Vec<Vec<usize>> = data
            .groups
            .iter()
            .map(|g| data.criteria.iter().enumerate().filter(|(_, c)| c.group_code == g.code).map(|(j, _)| j).collect())
            .collect();
        let counted: Vec<usize> = data.groups.iter().enumerate().filter(|(_, g)| !g.separate_ranking).map(|(i, _)| i).collect();
        header_row(ws, &mut fit, hr, &["Khối", "Hạng", "Cơ quan", "Địa chỉ", "Cấp", "Trạng thái"], st)?;
        for (g, group) in data.groups.iter().enumerate() {
            fit.text(ws, hr, group_col(g), &group.code, &st.head, BOLD)?;
        }
        fit.text(ws, hr, total_col, "Tổng", &st.head, BOLD)?;
        fit.text(ws, hr, total_col + 1, "Tối đa", &st.head, BOLD)?;
        fit.text(ws, hr, total_col + 2, "Tỷ lệ", &st.head, BOLD)?;
        fit.finish_row(ws, hr)?;
        for &(k, i, rank) in self.ordered {
            let row = data_row(k);
            let s = &data.scores[i];
            fit.text(ws, row, 0, &s.block, &st.cell, REGULAR)?;
            match rank {
                Some(k) => {
                    ws.write_number_with_format(row, 1, k as f64, &st.int)?;
                }
                None => fit.text(ws, row, 1, "Không xếp hạng", &st.cell_center, REGULAR)?,
            }
            fit.text(ws, row, 2, &s.agency_name, &st.cell, REGULAR)?;
            fit.text(ws, row, 3, &s.url, &st.cell, REGULAR)?;
            fit.text(ws, row, 4, s.level.label_vi(), &st.cell, REGULAR)?;
            fit.text(ws, row, 5, if s.complete() { "Đủ kết quả" } else { "Chưa đủ kết quả" }, &st.cell, REGULAR)?;
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
                ws.write_formula_with_format(row, group_col(g), self.book.formula(f, value), &st.num)?;
            }
            let sum = counted.iter().map(|g| a1(row, group_col(*g))).collect::<Vec<_>>().join("+");
            ws.write_formula_with_format(row, total_col, self.book.formula(format!("={sum}"), s.card.total), &st.num)?;
            ws.write_number_with_format(row, total_col + 1, tidy(s.card.max), &st.num)?;
            let pct = s.card.percent.unwrap_or(0.0) / 100.0;
            ws.write_formula_with_format(
                row,
                total_col + 2,
                self.book.formula(format!("=IF({0}=0,0,{1}/{0})", a1(row, total_col + 1), a1(row, total_col)), pct),
                &st.pct_cell,
            )?;
            fit.finish_row(ws, row)?;
        }
        ws.set_freeze_panes(hr + 1, 3)?;
        Ok(())
    }

    /// The ranking of a block, an official document: formulas over its detail rows, which start
    /// after `offset` sites; then the versions and the signatures.
    fn block(&self, ws: &mut Worksheet, b: &BlockOrder, offset: usize) -> BookResult<()> {
        let (st, data, head, total_col) = (&self.book.st, self.data, self.head, self.total_col());
        let hr = 7;
        let last = 3 + data.groups.len() as u16;
        sheet::page_setup(ws, &Page { landscape: true, a3: false, repeat: Some((hr, hr)), campaign: &data.campaign.name, head })?;
        let mut widths = vec![8.0, self.agency_width.max(30.0), self.url_width];
        widths.extend(data.groups.iter().map(|_| 9.0));
        widths.push(10.0);
        let mut fit = Fit::new(ws, &widths)?;
        sheet::letterhead(ws, &mut fit, head, 2, last, st)?;
        fit.merged(ws, 4, 0..=last, &format!("BẢNG XẾP HẠNG — {}", b.block.to_uppercase()), &st.title, TITLE)?;
        fit.merged(ws, 5, 0..=last, &format!("{} — năm {}", data.campaign.name, data.campaign.year), &st.italic_center, REGULAR)?;
        let mut headers = vec!["Hạng".to_string(), "Cơ quan".into(), "Địa chỉ".into()];
        headers.extend(data.groups.iter().map(|g| g.code.clone()));
        headers.push("Tổng".into());
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        header_row(ws, &mut fit, hr, &headers, st)?;
        ws.set_freeze_panes(hr + 1, 0)?;
        for (k, &(i, rank)) in b.sites.iter().enumerate() {
            let s = &data.scores[i];
            let row = hr + 1 + k as u32;
            let detail_row = data_row(offset + k);
            let refer = |col: u16| format!("='{}'!{}", self.detail_name, a1(detail_row, col));
            match rank {
                Some(v) => ws.write_formula_with_format(row, 0, self.book.formula(refer(1), v as f64), &st.int)?,
                None => ws.write_string_with_format(row, 0, "—", &st.cell_center)?,
            };
            ws.write_formula_with_format(row, 1, Formula::new(refer(2)).set_result(&s.agency_name), &st.cell)?;
            fit.measure(row, 1, 1, &s.agency_name, REGULAR);
            ws.write_formula_with_format(row, 2, Formula::new(refer(3)).set_result(&s.url), &st.cell)?;
            fit.measure(row, 2, 2, &s.url, REGULAR);
            for (g, group) in data.groups.iter().enumerate() {
                let v = s.card.groups.iter().find(|x| x.code == group.code).map(|x| x.points).unwrap_or(0.0);
                ws.write_formula_with_format(row, 3 + g as u16, self.book.formula(refer(group_col(g)), v), &st.num)?;
            }
            ws.write_formula_with_format(row, 3 + data.groups.len() as u16, self.book.formula(refer(total_col), s.card.total), &st.total_num)?;
        }
        let row = hr + 1 + b.sites.len() as u32;
        let members: Vec<usize> = b.sites.iter().map(|&(i, _)| i).collect();
        let row = sheet::versions_block(ws, &mut fit, row + 1, last, head, &browsers(data, members), st)?;
        sheet::signature_block(ws, &mut fit, row + 1, last, head, st)?;
        fit.finish(ws)
    }

    /// Statistics per group, by block: formulas over the detail rows of the block.
    fn statistics(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data, total_col) = (&self.book.st, self.data, self.total_col());
        self.data_page(ws, false)?;
        let mut fit = Fit::new(ws, &[self.block_width, 40.0, 12.0, 12.0, 12.0, 12.0, 10.0])?;
        sheet::data_note(ws, &mut fit, 6, "Thống kê điểm theo nhóm và khối (công thức trên bảng “Chi tiết”).", st)?;
        header_row(ws, &mut fit, DATA_HEADER_ROW, &["Khối", "Nhóm", "Trung bình", "Trung vị", "Thấp nhất", "Cao nhất", "Số trang"], st)?;
        let mut row = DATA_HEADER_ROW + 1;
        let mut offset = 0;
        for b in self.blocks {
            let (start, end) = self.block_rows(b, offset);
            offset += b.sites.len();
            let members: Vec<&SiteScore> = b.sites.iter().map(|&(i, _)| &data.scores[i]).collect();
            let stats = ranking::group_stats(&data.groups, &members);
            let mut cols: Vec<(String, u16, Option<Stats>)> =
                stats.iter().enumerate().map(|(g, s)| (format!("{} {}", s.code, s.name), group_col(g), s.stats)).collect();
            let totals: Vec<f64> = members.iter().map(|s| s.card.total).collect();
            cols.push(("Tổng điểm".into(), total_col, ranking::stats(&totals)));
            for (label, col, s) in cols {
                let range = format!("'{}'!{}:{}", self.detail_name, a1(start, col), a1(end, col));
                fit.text(ws, row, 0, &b.block, &st.cell, REGULAR)?;
                fit.text(ws, row, 1, &label, &st.cell, REGULAR)?;
                let s = s.unwrap_or(Stats { mean: 0.0, median: 0.0, min: 0.0, max: 0.0, count: 0 });
                ws.write_formula_with_format(row, 2, self.book.formula(format!("=AVERAGE({range})"), s.mean), &st.num)?;
                ws.write_formula_with_format(row, 3, self.book.formula(format!("=MEDIAN({range})"), s.median), &st.num)?;
                ws.write_formula_with_format(row, 4, self.book.formula(format!("=MIN({range})"), s.min), &st.num)?;
                ws.write_formula_with_format(row, 5, self.book.formula(format!("=MAX({range})"), s.max), &st.num)?;
                ws.write_number_with_format(row, 6, s.count as f64, &st.int)?;
                row += 1;
            }
        }
        fit.finish(ws)
    }

    /// The framework used.
    fn framework(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data) = (&self.book.st, self.data);
        let hr = DATA_HEADER_ROW + 1;
        sheet::page_setup(ws, &Page { landscape: true, a3: false, repeat: Some((hr, hr)), campaign: &data.campaign.name, head: self.head })?;
        let mut fit = Fit::new(ws, &[8.0, 8.0, 50.0, 14.0, 8.0, 26.0, 50.0])?;
        sheet::data_note(ws, &mut fit, 6, "Bộ tiêu chí của chiến dịch (bản sao khi tạo chiến dịch).", st)?;
        let title = format!("{} — {}", data.campaign.framework_id, data.campaign.framework_name);
        fit.merged(ws, DATA_HEADER_ROW, 0..=6, &title, &st.bold, BOLD)?;
        header_row(ws, &mut fit, hr, &["Nhóm", "Mã", "Tiêu chí", "Phương thức", "Điểm", "Áp dụng", "Căn cứ pháp lý"], st)?;
        for (k, c) in data.criteria.iter().enumerate() {
            let row = hr + 1 + k as u32;
            fit.text(ws, row, 0, &c.group_code, &st.cell, REGULAR)?;
            fit.text(ws, row, 1, &c.code, &st.cell, REGULAR)?;
            fit.text(ws, row, 2, &c.title, &st.cell, REGULAR)?;
            fit.text(ws, row, 3, c.method.label_vi(), &st.cell, REGULAR)?;
            ws.write_number_with_format(row, 4, tidy(c.points), &st.num)?;
            let levels = if c.levels.is_empty() {
                "Mọi cấp".to_string()
            } else {
                c.levels.iter().map(|l| l.label_vi()).collect::<Vec<_>>().join(", ")
            };
            fit.text(ws, row, 5, &levels, &st.cell, REGULAR)?;
            fit.text(ws, row, 6, &legal_text(c), &st.cell, REGULAR)?;
        }
        fit.finish(ws)
    }

    /// Visits (SD.01), ranked separately per block.
    fn visits(&self, ws: &mut Worksheet) -> BookResult<()> {
        let (st, data) = (&self.book.st, self.data);
        self.data_page(ws, false)?;
        let mut fit = Fit::new(ws, &[self.block_width, 8.0, self.agency_width, self.url_width, 16.0])?;
        sheet::data_note(ws, &mut fit, 4, "Xếp hạng riêng theo lượt truy cập (số liệu EMC), không cộng vào tổng điểm.", st)?;
        header_row(ws, &mut fit, DATA_HEADER_ROW, &["Khối", "Hạng", "Cơ quan", "Địa chỉ", "Lượt truy cập (EMC)"], st)?;
        let mut row = DATA_HEADER_ROW + 1;
        for b in ranking::order_by_visits(&data.scores) {
            for &(i, rank) in &b.sites {
                let s = &data.scores[i];
                fit.text(ws, row, 0, &b.block, &st.cell, REGULAR)?;
                match rank {
                    Some(k) => {
                        ws.write_number_with_format(row, 1, k as f64, &st.int)?;
                    }
                    None => fit.text(ws, row, 1, "Chưa có số liệu", &st.cell_center, REGULAR)?,
                }
                fit.text(ws, row, 2, &s.agency_name, &st.cell, REGULAR)?;
                fit.text(ws, row, 3, &s.url, &st.cell, REGULAR)?;
                match s.visits {
                    Some(v) => ws.write_number_with_format(row, 4, tidy(v), &st.count)?,
                    None => ws.write_blank(row, 4, &st.cell)?,
                };
                row += 1;
            }
        }
        fit.finish(ws)
    }
}
