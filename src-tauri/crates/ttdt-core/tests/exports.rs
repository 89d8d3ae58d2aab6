//! Exported workbooks read back (calamine) and recalculated by LibreOffice; site-list imports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{open_workbook_auto, Data, Reader};
use ttdt_core::clock::FixedClock;
use ttdt_core::domain::{Level, NewCampaign, NewResult, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::export::{self, ExportOptions, Letterhead};
use ttdt_core::import;
use ttdt_core::Store;

const HOSTILE: &str = "=HYPERLINK(\"http://evil.example\",\"Bấm vào đây\")";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures")
}

fn head() -> Letterhead {
    Letterhead { issuer: "Cục Chuyển đổi số quốc gia".into(), place: "Hà Nội".into(), date: (23, 11, 2026), reviewer: "Lê Văn Thẩm Định".into(), ..Default::default() }
}

/// A campaign of four sites in three blocks, with tool results, decisions and a hostile page title.
fn campaign(dir: &Path) -> (Store, i64, Vec<i64>) {
    let mut store = Store::open_with_clock(dir.join("x.db"), Arc::new(FixedClock(time::macros::datetime!(2026-11-23 09:00 UTC)))).unwrap();
    store.set_reviewer(&Reviewer { name: "Lê Văn Thẩm Định".into(), unit: String::new() }).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap();
    let add = |store: &mut Store, name: &str, level, url: &str| {
        store.add_site(c.id, &SiteInput { agency_name: name.into(), level, block: String::new(), url: url.into(), parent_site_id: None }).unwrap().id
    };
    let ids = vec![
        add(&mut store, "UBND tỉnh Sơn Hà", Level::Province, "sonha.gov.vn"),
        add(&mut store, "UBND tỉnh Bắc Nam", Level::Province, "bacnam.gov.vn"),
        add(&mut store, HOSTILE, Level::ProvincialDepartment, "syt.sonha.gov.vn"),
        add(&mut store, "Bộ Thông tin Mẫu", Level::Ministry, "bomau.gov.vn"),
    ];
    let fw = store.campaign_framework(c.id).unwrap();
    for (k, id) in ids.iter().enumerate() {
        for (j, cr) in fw.criteria.iter().enumerate() {
            if cr.document_required || !store.site_detail(*id).unwrap().criteria[j].applies {
                continue;
            }
            let outcome = match (j + k) % 5 {
                0 => Outcome::Fail,
                1 => Outcome::Partial,
                _ => Outcome::Pass,
            };
            let r = NewResult { criterion_code: cr.code.clone(), outcome, share: 0.5, evidence: serde_json::json!({"summary": format!("kiểm tra {}", cr.code)}), note: String::new() };
            store.record_tool_result(*id, &r).unwrap();
        }
        let note = if k == 2 { "+1+1 =SUM(A1)".to_string() } else { String::new() };
        store.review(*id, "QL.03", &ReviewInput { outcome: Outcome::Pass, share: None, points: None, note, checklist: vec![], reason: "Đã xem".into() }).unwrap();
    }
    let sd = NewResult { criterion_code: "SD.01".into(), outcome: Outcome::Pass, share: 0.0, evidence: serde_json::json!({"visits": 120500}), note: String::new() };
    store.record_tool_result(ids[0], &sd).unwrap();
    (store, c.id, ids)
}

fn cell_string(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn scorecard_reads_back_with_every_criterion_outcome_and_point() {
    let dir = tempfile::tempdir().unwrap();
    let (store, cid, ids) = campaign(dir.path());
    let data = store.campaign_scores(cid).unwrap();
    for site in &ids {
        let bytes = export::scorecard_xlsx(&data, *site, &head(), ExportOptions::default()).unwrap();
        let path = dir.path().join(format!("phieu-{site}.xlsx"));
        std::fs::write(&path, bytes).unwrap();
        let mut wb = open_workbook_auto(&path).unwrap();
        let range = wb.worksheet_range("Phiếu đánh giá").unwrap();
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell_string).collect()).collect();
        let (_, score) = data.site(*site).unwrap();
        for cs in &score.card.criteria {
            let row = rows.iter().find(|r| r.first().map(String::as_str) == Some(cs.code.as_str())).unwrap_or_else(|| panic!("{} missing", cs.code));
            let outcome = cs.outcome.map(export::outcome_vi).unwrap_or("Chưa có kết quả");
            assert_eq!(row[5], outcome, "{}", cs.code);
            assert_eq!(row[6].parse::<f64>().unwrap(), cs.points, "{}", cs.code);
        }
        let total = rows.iter().find(|r| r.first().map(String::as_str) == Some("TỔNG ĐIỂM")).unwrap();
        assert!((total[6].parse::<f64>().unwrap() - score.card.total).abs() < 1e-6);
        assert!(rows.iter().any(|r| r.iter().any(|c| c == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")));
        assert!(rows.iter().any(|r| r.iter().any(|c| c == "Độc lập - Tự do - Hạnh phúc")));
    }
}

#[test]
fn every_scorecard_of_a_campaign_is_written_with_its_own_site() {
    let dir = tempfile::tempdir().unwrap();
    let (store, cid, ids) = campaign(dir.path());
    let out = dir.path().join("phieu");
    let files = ttdt_core::exports::save_all_scorecards(&store, cid, &out).unwrap();
    assert_eq!(files.len(), ids.len());
    let data = store.campaign_scores(cid).unwrap();
    for site in &ids {
        let path = files.iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("phieu-danh-gia-{site}-"))).unwrap();
        let mut wb = open_workbook_auto(path).unwrap();
        let range = wb.worksheet_range("Phiếu đánh giá").unwrap();
        let text: Vec<String> = range.rows().flat_map(|r| r.iter().map(cell_string).collect::<Vec<_>>()).collect();
        let (s, score) = data.site(*site).unwrap();
        assert!(text.iter().any(|c| c.contains(&s.agency_name)), "{}: agency missing", path.display());
        let total = range.rows().find(|r| r.first().map(cell_string).as_deref() == Some("TỔNG ĐIỂM")).unwrap();
        assert!((cell_string(&total[6]).parse::<f64>().unwrap() - score.card.total).abs() < 1e-6);
    }
}

#[test]
fn formula_like_text_from_a_site_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let (store, cid, ids) = campaign(dir.path());
    let data = store.campaign_scores(cid).unwrap();
    for (name, bytes, sheet) in [
        ("phieu.xlsx", export::scorecard_xlsx(&data, ids[2], &head(), ExportOptions::default()).unwrap(), "Phiếu đánh giá"),
        ("xep-hang.xlsx", export::ranking_xlsx(&data, &head(), ExportOptions::default()).unwrap(), "Chi tiết"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut wb = open_workbook_auto(&path).unwrap();
        let values = wb.worksheet_range(sheet).unwrap();
        let found = values.cells().find(|(_, _, d)| matches!(d, Data::String(s) if s == HOSTILE));
        let (r, c, _) = found.unwrap_or_else(|| panic!("{name}: hostile text not found as a string"));
        let formulas = wb.worksheet_formula(sheet).unwrap();
        let at = formulas.get_value(((r as u32) + values.start().unwrap().0, (c as u32) + values.start().unwrap().1));
        assert!(at.map(|f| f.is_empty()).unwrap_or(true), "{name}: the hostile text became a formula: {at:?}");
    }
    let csv = export::results_csv(&data);
    assert!(csv.contains("\"'=HYPERLINK("), "CSV must defuse formulas");
    assert!(csv.contains("\"'+1+1 =SUM(A1)\""));
}

#[test]
fn ranking_workbook_has_every_sheet_and_ties_share_ranks() {
    let dir = tempfile::tempdir().unwrap();
    let (store, cid, ids) = campaign(dir.path());
    let data = store.campaign_scores(cid).unwrap();
    let path = dir.path().join("xep-hang.xlsx");
    std::fs::write(&path, export::ranking_xlsx(&data, &head(), ExportOptions::default()).unwrap()).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    let names = wb.sheet_names().to_vec();
    for expected in ["Ma trận điểm", "Chi tiết", "Thống kê", "Bằng chứng", "Bộ tiêu chí", "Lượt truy cập"] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
    }
    assert_eq!(names.iter().filter(|n| n.starts_with("XH ")).count(), 3, "one summary sheet per block: {names:?}");
    let detail = wb.worksheet_range("Chi tiết").unwrap();
    let rows: Vec<Vec<String>> = detail.rows().map(|r| r.iter().map(cell_string).collect()).collect();
    // A note marking the sheet as data comes before its header.
    let total_col = rows.iter().find_map(|r| r.iter().position(|h| h == "Tổng")).unwrap();
    for (site, score) in data.sites.iter().zip(&data.scores) {
        let row = rows.iter().find(|r| r[3] == site.url).unwrap();
        assert!((row[total_col].parse::<f64>().unwrap() - score.card.total).abs() < 1e-6, "{}", site.url);
    }
    let matrix = wb.worksheet_range("Ma trận điểm").unwrap();
    assert_eq!(matrix.rows().next().unwrap().len(), 3 + data.criteria.len());
    let visits = wb.worksheet_range("Lượt truy cập").unwrap();
    assert!(visits.rows().any(|r| r.iter().any(|d| cell_string(d) == "120500")));
    let _ = ids;
}

/// Converts every sheet of a workbook to CSV with LibreOffice, forcing it to recalculate every formula.
fn libreoffice_csv(xlsx: &Path, out: &Path) -> HashMap<String, Vec<Vec<String>>> {
    let profile = out.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1", "--outdir"])
        .arg(out)
        .arg(xlsx)
        .output()
        .expect("LibreOffice (soffice) is needed: scripts/setup.sh --test-tools installs libreoffice-calc");
    assert!(status.status.success(), "soffice failed: {}", String::from_utf8_lossy(&status.stderr));
    let stem = xlsx.file_stem().unwrap().to_str().unwrap().to_string();
    let mut sheets = HashMap::new();
    for e in std::fs::read_dir(out).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if let Some(sheet) = name.strip_prefix(&format!("{stem}-")).and_then(|n| n.strip_suffix(".csv")) {
            let table = import::read_table(&std::fs::read(&p).unwrap(), &name, None).unwrap();
            sheets.insert(sheet.to_string(), table.rows);
        }
    }
    assert!(!sheets.is_empty(), "LibreOffice wrote no sheets");
    sheets
}

#[test]
fn libreoffice_recalculates_the_same_totals_as_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let (store, cid, ids) = campaign(dir.path());
    let data = store.campaign_scores(cid).unwrap();
    // Without cached results, every total LibreOffice shows comes from its own recalculation.
    let opts = ExportOptions { cached_results: false, exclude_incomplete: false };

    let card = dir.path().join("phieu.xlsx");
    std::fs::write(&card, export::scorecard_xlsx(&data, ids[0], &head(), opts).unwrap()).unwrap();
    let out = dir.path().join("lo-card");
    std::fs::create_dir_all(&out).unwrap();
    let sheets = libreoffice_csv(&card, &out);
    let rows = sheets.values().next().unwrap();
    let total = rows.iter().find(|r| r.first().map(String::as_str) == Some("TỔNG ĐIỂM")).expect("total row");
    let (_, score) = data.site(ids[0]).unwrap();
    assert!(score.card.total > 0.0);
    assert!((total[6].parse::<f64>().unwrap() - score.card.total).abs() < 1e-6, "LibreOffice {} vs app {}", total[6], score.card.total);
    assert!((total[4].parse::<f64>().unwrap() - score.card.max).abs() < 1e-6);

    let book = dir.path().join("xep-hang.xlsx");
    std::fs::write(&book, export::ranking_xlsx(&data, &head(), opts).unwrap()).unwrap();
    let out = dir.path().join("lo-book");
    std::fs::create_dir_all(&out).unwrap();
    let sheets = libreoffice_csv(&book, &out);
    let detail = &sheets["Chi tiết"];
    let total_col = detail.iter().find_map(|r| r.iter().position(|h| h == "Tổng")).unwrap();
    for (site, score) in data.sites.iter().zip(&data.scores) {
        let row = detail.iter().find(|r| r[3] == site.url).unwrap();
        let lo: f64 = row[total_col].parse().unwrap();
        assert!((lo - score.card.total).abs() < 1e-6, "{}: LibreOffice {lo} vs app {}", site.url, score.card.total);
    }
    // The block summaries refer to the detail and show the same totals.
    let provinces = sheets.iter().find(|(k, _)| k.starts_with("XH Khối tỉnh")).map(|(_, v)| v).unwrap();
    let last = provinces.iter().find(|r| r.get(2).map(String::as_str) == Some("https://sonha.gov.vn/")).unwrap();
    let (_, sonha) = data.site(ids[0]).unwrap();
    assert!((last.last().unwrap().parse::<f64>().unwrap() - sonha.card.total).abs() < 1e-6);
}

#[test]
fn importing_sites_valid_bad_rows_and_not_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, cid, _) = campaign(dir.path());
    let before = store.list_sites(cid).unwrap().len();

    // Valid CSV: three new sites, parents resolved, all in one go.
    let bytes = std::fs::read(fixtures().join("imports/valid.csv")).unwrap();
    let table = import::read_table(&bytes, "valid.csv", None).unwrap();
    let map = import::guess_columns(&table.rows[0]);
    let rows = import::map_rows(&table, &map, 1).unwrap();
    // sonha.gov.vn and syt.sonha.gov.vn already exist in the campaign: reported, nothing written on a dry run.
    let dry = store.import_sites(cid, &rows, false, true).unwrap();
    assert!(!dry.committed);
    assert_eq!(dry.invalid, 2, "{:?}", dry.rows);
    assert!(dry.rows[0].errors[0].contains("đã có trong chiến dịch"));
    assert_eq!(store.list_sites(cid).unwrap().len(), before);
    let refused = store.import_sites(cid, &rows, false, false).unwrap();
    assert!(!refused.committed);
    assert_eq!(store.list_sites(cid).unwrap().len(), before, "nothing half-imported");
    let done = store.import_sites(cid, &rows, true, false).unwrap();
    assert!(done.committed);
    assert_eq!(done.added, 1);
    let sites = store.list_sites(cid).unwrap();
    let commune = sites.iter().find(|s| s.url == "https://thanhbinh.sonha.gov.vn/").unwrap();
    let parent = sites.iter().find(|s| s.url == "https://sonha.gov.vn/").unwrap();
    assert_eq!(commune.parent_site_id, Some(parent.id), "parent given by address");
    assert_eq!(commune.level, Level::Commune);

    // Bad rows: each is named with its line and why.
    let bytes = std::fs::read(fixtures().join("imports/bad-rows.csv")).unwrap();
    let table = import::read_table(&bytes, "bad-rows.csv", None).unwrap();
    let rows = import::map_rows(&table, &import::guess_columns(&table.rows[0]), 1).unwrap();
    let errors: Vec<(u32, String)> = rows.iter().filter(|r| !r.errors.is_empty()).map(|r| (r.line, r.errors.join("; "))).collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].1.contains("thiếu tên cơ quan"));
    assert!(errors[1].1.contains("Huyện"));
    assert!(errors[2].1.contains("http://"));
    assert!(errors[3].1.contains("trùng địa chỉ với dòng 2"));
    let n = store.list_sites(cid).unwrap().len();
    assert!(!store.import_sites(cid, &rows, false, false).unwrap().committed);
    assert_eq!(store.list_sites(cid).unwrap().len(), n);
    assert_eq!(store.import_sites(cid, &rows, true, false).unwrap().added, 1);

    // A real XLSX (written here) and an ODS made from it by LibreOffice read the same way.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").unwrap();
    for (r, row) in [["Tên cơ quan", "Cấp", "Địa chỉ"], ["Sở Nội vụ", "Sở", "snv.sonha.gov.vn"]].iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let xlsx = wb.save_to_buffer().unwrap();
    let t = import::read_table(&xlsx, "ds.xlsx", None).unwrap();
    assert_eq!(t.sheet, "Danh sách");
    assert_eq!(t.rows[1], vec!["Sở Nội vụ", "Sở", "snv.sonha.gov.vn"]);

    // Not a spreadsheet, whatever its name.
    let bytes = std::fs::read(fixtures().join("imports/not-a-spreadsheet.xlsx")).unwrap();
    let err = import::read_table(&bytes, "not-a-spreadsheet.xlsx", None).unwrap_err();
    assert!(err.user_message().contains("không phải bảng tính"));
}
