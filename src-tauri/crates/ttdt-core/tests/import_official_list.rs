//! A provincial list of portals as agencies send it (an XLSX saved by LibreOffice: a merged title
//! and subtitle, a blank row, the headers, a row of column numbers, the data with four mistakes,
//! then the place, date and signatures), read, checked, imported, refused rows sent back, and
//! imported again to update what changed.

use std::path::PathBuf;

use ttdt_core::domain::{Level, NewCampaign};
use ttdt_core::import::{self, ColumnMap, ImportOptions, RowAction};
use ttdt_core::files::Destination;
use ttdt_core::Store;

fn fixture() -> (Vec<u8>, &'static str) {
    let name = "danh-sach-so-nganh-xa-son-ha-2026.xlsx";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/imports").join(name);
    (std::fs::read(path).unwrap(), name)
}

fn options(skip_invalid: bool, dry_run: bool, update_existing: bool) -> ImportOptions {
    ImportOptions { skip_invalid, dry_run, update_existing }
}

#[test]
fn an_official_list_is_read_below_its_title_and_above_its_signatures() {
    let (bytes, name) = fixture();
    let p = import::preview(&bytes, name, None).unwrap();
    assert_eq!(p.table.sheet, "Danh sách");
    // Title, subtitle, blank, headers, column numbers.
    assert_eq!(p.header_rows, 5);
    assert_eq!(p.map, ColumnMap { agency: Some(1), level: Some(2), url: Some(4), block: Some(3), parent: None });
    assert_eq!(p.table.rows[3][4], "Địa chỉ cổng TTĐT");

    let rows = import::map_rows(&p.table, &p.map, p.header_rows as usize).unwrap();
    let bad: Vec<(u32, String)> = rows.iter().filter(|r| !r.errors.is_empty()).map(|r| (r.line, r.errors.join("; "))).collect();
    assert_eq!(bad.len(), 4, "{bad:?}");
    assert_eq!(bad[0].0, 16, "a address with spaces");
    assert_eq!(bad[1], (17, "trùng địa chỉ với dòng 7".to_string()));
    // Districts were abolished (Resolution 202/2025/QH15): no level of the 2026 round.
    assert_eq!(bad[2], (18, "cấp “Huyện” không hợp lệ".to_string()));
    assert_eq!(bad[3], (19, "thiếu tên cơ quan".to_string()));
    let ignored: Vec<u32> = rows.iter().filter(|r| r.action == RowAction::Ignored).map(|r| r.line).collect();
    assert_eq!(ignored, vec![21, 22, 23, 25], "the place and date, titles, signature notes and names");
    let level = |line: u32| rows.iter().find(|r| r.line == line).unwrap().level;
    assert_eq!(level(6), Some(Level::Province));
    assert_eq!(level(8), Some(Level::ProvincialDepartment), "“Sở, ban, ngành”");
    assert_eq!(level(14), Some(Level::Commune), "“Phường”");
}

#[test]
fn refused_rows_go_back_as_csv_and_a_second_import_updates_sites() {
    let (bytes, name) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("a.db")).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap().id;
    let p = import::preview(&bytes, name, None).unwrap();
    let header_rows = p.header_rows as usize;
    let rows = import::map_rows(&p.table, &p.map, header_rows).unwrap();

    let refused = store.import_sites_with(c, &rows, options(false, false, false)).unwrap();
    assert!(!refused.committed);
    assert_eq!((refused.valid, refused.invalid), (10, 4));
    assert!(store.list_sites(c).unwrap().is_empty(), "nothing is written while rows are bad");
    let done = store.import_sites_with(c, &rows, options(true, false, false)).unwrap();
    assert!(done.committed);
    assert_eq!((done.added, done.updated), (10, 0));

    // The refused rows as the file had them, with why, for the agency.
    let path = import::save_rejected(&p.table, header_rows, &done, &Destination::Folder(dir.path().to_path_buf())).unwrap();
    assert_eq!(path.file_name().unwrap(), import::REJECTED_FILE_NAME);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM, so that Excel reads the Vietnamese");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, ["Dòng", "STT", "Tên cơ quan", "Cấp", "Khối", "Địa chỉ cổng TTĐT", "Ghi chú", "Lý do"]);
    let back: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(back.len(), 4);
    assert_eq!(back[2][..4], ["18", "13", "UBND huyện Đông Hải", "Huyện"]);
    assert_eq!(back[2][7], "cấp “Huyện” không hợp lệ");
    assert_eq!(back[1][5], "stp.sonha.gov.vn/");

    // The same file again: without "update existing" every good row is a duplicate.
    let again = store.import_sites_with(c, &rows, options(false, true, false)).unwrap();
    assert_eq!(again.invalid, 14);
    // With it, nothing changed: nothing to update.
    let same = store.import_sites_with(c, &rows, options(false, true, true)).unwrap();
    let unchanged = same.rows.iter().filter(|r| r.action == RowAction::Unchanged && r.errors.is_empty()).count();
    assert_eq!(unchanged, 10, "{:?}", same.rows);

    // The agency renames a department and moves a site to another block.
    let mut table = p.table.clone();
    table.rows[7][1] = "Sở Y tế".into();
    table.rows[12][3] = "Khối xã, phường loại 1".into();
    let rows = import::map_rows(&table, &p.map, header_rows).unwrap();
    let dry = store.import_sites_with(c, &rows, options(true, true, true)).unwrap();
    let updates: Vec<u32> = dry.rows.iter().filter(|r| r.action == RowAction::Update).map(|r| r.line).collect();
    assert_eq!(updates, vec![8, 13]);
    assert_eq!(store.find_site(c, "syt.sonha.gov.vn").unwrap().agency_name, "Sở Y tế tỉnh Sơn Hà", "a dry run writes nothing");
    let real = store.import_sites_with(c, &rows, options(true, false, true)).unwrap();
    assert!(real.committed);
    assert_eq!((real.added, real.updated), (0, 2));
    let health = store.find_site(c, "syt.sonha.gov.vn").unwrap();
    assert_eq!(health.agency_name, "Sở Y tế");
    assert_eq!(store.find_site(c, "thanhbinh.sonha.gov.vn").unwrap().block, "Khối xã, phường loại 1");
    assert_eq!(store.list_sites(c).unwrap().len(), 10);
    // Logged as an edit by hand is: field, old and new value.
    let log = store.audit_trail(health.id, None).unwrap();
    let renamed = log.iter().find(|e| e.field == "agency_name").unwrap();
    assert_eq!(renamed.old_value.as_deref(), Some("Sở Y tế tỉnh Sơn Hà"));
    assert_eq!(renamed.new_value.as_deref(), Some("Sở Y tế"));
}
