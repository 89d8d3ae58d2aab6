//! Parent portals in an imported list of sites: a child is never imported without the parent its
//! row names, and no site becomes its own ancestor.

use ttdt_core::domain::{Level, NewCampaign, SiteInput};
use ttdt_core::import::ImportRow;
use ttdt_core::Store;

fn row(line: u32, agency: &str, level: Level, url: &str, parent: &str) -> ImportRow {
    ImportRow {
        line,
        agency_name: agency.into(),
        level: Some(level),
        url: url.into(),
        block: String::new(),
        parent: parent.into(),
        errors: vec![],
        action: Default::default(),
    }
}

fn campaign(store: &mut Store) -> i64 {
    store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap().id
}

#[test]
fn the_child_of_a_skipped_parent_is_skipped_too_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("a.db")).unwrap();
    let c = campaign(&mut store);
    let mut district = row(3, "UBND huyện Thanh Sơn", Level::Province, "thanhson.sonha.gov.vn", "");
    // The mapping found the row wrong (a district is not a level of the 2026 round).
    district.level = None;
    district.errors.push("cấp “Huyện” không hợp lệ".into());
    let rows = vec![
        row(2, "UBND tỉnh Sơn Hà", Level::Province, "sonha.gov.vn", ""),
        district,
        row(4, "UBND xã Thanh Bình", Level::Commune, "thanhbinh.thanhson.sonha.gov.vn", "thanhson.sonha.gov.vn"),
        // A grandchild through the skipped child.
        row(5, "Trung tâm Văn hóa xã Thanh Bình", Level::Commune, "vanhoa.thanhbinh.thanhson.sonha.gov.vn", "thanhbinh.thanhson.sonha.gov.vn"),
        row(6, "Sở Tư pháp tỉnh Sơn Hà", Level::ProvincialDepartment, "stp.sonha.gov.vn", "sonha.gov.vn"),
    ];
    let report = store.import_sites(c, &rows, true, false).unwrap();
    assert!(report.committed);
    assert_eq!(report.added, 2, "{:?}", report.rows);
    let commune = report.rows.iter().find(|r| r.line == 4).unwrap();
    assert!(commune.errors.iter().any(|e| e.contains("dòng 3")), "{:?}", commune.errors);
    let grandchild = report.rows.iter().find(|r| r.line == 5).unwrap();
    assert!(grandchild.errors.iter().any(|e| e.contains("dòng 4")), "{:?}", grandchild.errors);
    let sites = store.list_sites(c).unwrap();
    let urls: Vec<&str> = sites.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(sites.len(), 2, "{urls:?}");
    let province = sites.iter().find(|s| s.url.contains("://sonha.gov.vn")).unwrap();
    let department = sites.iter().find(|s| s.url.contains("stp.")).unwrap();
    assert_eq!(department.parent_site_id, Some(province.id));
}

#[test]
fn a_child_listed_before_its_parent_is_linked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("b.db")).unwrap();
    let c = campaign(&mut store);
    let rows = vec![
        row(2, "Sở Y tế tỉnh Sơn Hà", Level::ProvincialDepartment, "syt.sonha.gov.vn", "sonha.gov.vn"),
        row(3, "UBND tỉnh Sơn Hà", Level::Province, "sonha.gov.vn", ""),
    ];
    let report = store.import_sites(c, &rows, false, false).unwrap();
    assert!(report.committed && report.invalid == 0, "{:?}", report.rows);
    let sites = store.list_sites(c).unwrap();
    let province = sites.iter().find(|s| s.url.contains("://sonha.gov.vn")).unwrap();
    assert_eq!(sites.iter().find(|s| s.url.contains("syt.")).unwrap().parent_site_id, Some(province.id));
}

#[test]
fn a_self_parent_and_a_cycle_in_the_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("c.db")).unwrap();
    let c = campaign(&mut store);
    let rows = vec![
        row(2, "Sở Nội vụ tỉnh Sơn Hà", Level::ProvincialDepartment, "snv.sonha.gov.vn", "https://snv.sonha.gov.vn/"),
        row(3, "Sở Tài chính tỉnh Sơn Hà", Level::ProvincialDepartment, "stc.sonha.gov.vn", "sct.sonha.gov.vn"),
        row(4, "Sở Công Thương tỉnh Sơn Hà", Level::ProvincialDepartment, "sct.sonha.gov.vn", "stc.sonha.gov.vn"),
        row(5, "UBND tỉnh Sơn Hà", Level::Province, "sonha.gov.vn", ""),
    ];
    let report = store.import_sites(c, &rows, false, false).unwrap();
    assert!(!report.committed);
    assert_eq!(report.invalid, 3, "{:?}", report.rows);
    assert!(report.rows[0].errors.iter().any(|e| e.contains("chính nó")));
    assert!(report.rows[1].errors.iter().any(|e| e.contains("vòng lặp")));
    assert!(report.rows[2].errors.iter().any(|e| e.contains("vòng lặp")));
    assert!(store.list_sites(c).unwrap().is_empty());
    // Skipping the bad rows imports the rest, and nothing that loops.
    let report = store.import_sites(c, &rows, true, false).unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(store.list_sites(c).unwrap().len(), 1);
}

#[test]
fn an_edit_that_would_make_a_site_its_own_ancestor_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("d.db")).unwrap();
    let c = campaign(&mut store);
    let site = |agency: &str, level, url: &str, parent| SiteInput { agency_name: agency.into(), level, block: String::new(), url: url.into(), parent_site_id: parent };
    let province = store.add_site(c, &site("UBND tỉnh Sơn Hà", Level::Province, "sonha.gov.vn", None)).unwrap();
    let department = store.add_site(c, &site("Sở Xây dựng tỉnh Sơn Hà", Level::ProvincialDepartment, "sxd.sonha.gov.vn", Some(province.id))).unwrap();
    let err = store.update_site(province.id, &site("UBND tỉnh Sơn Hà", Level::Province, "sonha.gov.vn", Some(department.id))).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.user_message().contains("vòng lặp"), "{}", err.user_message());
    assert_eq!(store.site(province.id).unwrap().parent_site_id, None);
}
