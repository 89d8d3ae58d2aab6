//! The document assistant on stored documents: the checklist comes from the campaign's copy of
//! the framework, the bytes from the document store.

use ttdt_core::documents::{analyse_attachment, attachment_pages};
use ttdt_core::domain::{Level, NewCampaign, Reviewer, SiteInput};
use ttdt_core::Store;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/documents").join(name)).unwrap()
}

#[test]
fn a_stored_document_is_read_against_its_criterion_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("x.db")).unwrap();
    store.set_reviewer(&Reviewer { name: "Nguyễn Thị Kiểm Tra".into(), unit: "Sở KH&CN tỉnh Sơn Hà".into() }).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap().id;
    let site = SiteInput { agency_name: "Sở Tài nguyên và Môi trường".into(), level: Level::ProvincialDepartment, block: String::new(), url: "stnmt.sonha.gov.vn".into(), parent_site_id: None };
    let site = store.add_site(c, &site).unwrap();

    let doc = store.attach(site.id, "QL.01", "Quy chế.docx", &fixture("quy-che-thieu.docx")).unwrap();
    let a = analyse_attachment(&store, doc.id).unwrap();
    let found: Vec<(Option<bool>, Option<u32>)> = a.items.iter().map(|i| (i.found, i.page)).collect();
    assert_eq!(found, vec![(Some(true), Some(1)), (Some(false), None), (Some(false), None)]);
    assert_eq!(a.items[1].label, "Quy trình xử lý sự cố");
    assert_eq!(a.meta.number.as_deref(), Some("42/QĐ-STNMT"));
    let pages = attachment_pages(&store, doc.id).unwrap();
    assert_eq!(pages.len(), 2);
    assert!(pages[1].text.contains("Điều 3. Sao lưu dữ liệu"), "{}", pages[1].text);

    // A scan answers "cannot tell" for every item, and its page has no text layer.
    let scan = store.attach(site.id, "AT.01", "Quyết định.pdf", &fixture("quy-che-scan.pdf")).unwrap();
    let a = analyse_attachment(&store, scan.id).unwrap();
    assert_eq!(a.items.len(), 2);
    assert!(a.items.iter().all(|i| i.found.is_none()), "{:?}", a.items);
    assert!(!attachment_pages(&store, scan.id).unwrap()[0].text_layer);
}
