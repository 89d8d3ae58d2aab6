//! Removing a site keeps it whole: its results, decisions and documents can be put back.

use ttdt_core::domain::{Level, NewCampaign, NewResult, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::Store;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn site(agency: &str, level: Level, url: &str, parent: Option<i64>) -> SiteInput {
    SiteInput { agency_name: agency.into(), level, block: String::new(), url: url.into(), parent_site_id: parent }
}

#[test]
fn a_removed_site_is_restored_with_its_results_decisions_and_documents() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("x.db")).unwrap();
    store.set_reviewer(&Reviewer { name: "Nguyễn Thị Kiểm Tra".into(), unit: "Sở KH&CN tỉnh Sơn Hà".into() }).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap().id;
    let province = store.add_site(c, &site("UBND tỉnh Sơn Hà", Level::Province, "sonha.gov.vn", None)).unwrap();
    let dept = store.add_site(c, &site("Sở Y tế tỉnh Sơn Hà", Level::ProvincialDepartment, "syt.sonha.gov.vn", Some(province.id))).unwrap();
    let tool = NewResult { criterion_code: "CT.16".into(), outcome: Outcome::Fail, share: 0.0, evidence: serde_json::json!({"summary": "Thiếu chân trang"}), note: String::new() };
    store.record_tool_result(dept.id, &tool).unwrap();
    let decide = |outcome, note: &str, reason: &str| ReviewInput { outcome, share: None, points: None, note: note.into(), checklist: vec![], reason: reason.into() };
    store.review(dept.id, "CT.16", &decide(Outcome::Pass, "Chân trang có đủ ở trang con", "Công cụ không đọc được chân trang dựng bằng JavaScript")).unwrap();
    store.review(dept.id, "QL.03", &decide(Outcome::Fail, "Chưa ban hành", "")).unwrap();
    store.review(dept.id, "QL.03", &decide(Outcome::Pass, "Đã ban hành Quyết định 12/QĐ-SYT", "")).unwrap();
    store.attach(dept.id, "QL.01", "Quy chế quản lý cổng.pdf", PDF).unwrap();
    let before = store.site_detail(dept.id).unwrap();
    let work = store.site_work(dept.id).unwrap();
    assert_eq!((work.tool_results, work.decisions, work.attachments), (1, 3, 1));

    store.remove_site(dept.id).unwrap();
    assert_eq!(store.list_sites(c).unwrap().len(), 1);
    let removed = store.removed_sites(c).unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!((removed[0].results, removed[0].attachments, removed[0].restored_as), (4, 1, None));

    let back = store.restore_site(removed[0].id).unwrap();
    assert_eq!((back.agency_name.as_str(), back.parent_site_id), ("Sở Y tế tỉnh Sơn Hà", Some(province.id)));
    let after = store.site_detail(back.id).unwrap();
    // Every criterion has the same effective result as before the removal: the newest decision
    // over the tool's, the override's reason and the document kept.
    for (b, a) in before.criteria.iter().zip(after.criteria.iter()) {
        assert_eq!(b.criterion.code, a.criterion.code);
        let key = |r: &Option<ttdt_core::domain::CriterionResult>| r.as_ref().map(|r| (r.outcome, r.mode, r.note.clone(), r.asserted_by.clone(), r.asserted_at.clone()));
        assert_eq!(key(&b.result), key(&a.result), "{}", b.criterion.code);
    }
    assert_eq!(after.score.total, before.score.total);
    assert_eq!(store.site_work(back.id).unwrap(), work);
    let ql01 = after.criteria.iter().find(|k| k.criterion.code == "QL.01").unwrap();
    assert_eq!(ql01.attachments[0].original_name, "Quy chế quản lý cổng.pdf");
    assert!(store.attachment_file(ql01.attachments[0].id).unwrap().is_file());
    // Once restored, it cannot be restored twice.
    assert!(store.restore_site(removed[0].id).is_err());
    assert_eq!(store.removed_sites(c).unwrap()[0].restored_as, Some(back.id));
}

#[test]
fn a_site_is_not_restored_over_a_new_one_at_the_same_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("y.db")).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap().id;
    let first = store.add_site(c, &site("UBND xã Thanh Bình", Level::Commune, "thanhbinh.sonha.gov.vn", None)).unwrap();
    store.remove_site(first.id).unwrap();
    store.add_site(c, &site("UBND xã Thanh Bình (mới)", Level::Commune, "https://thanhbinh.sonha.gov.vn/", None)).unwrap();
    let removed = store.removed_sites(c).unwrap()[0].id;
    assert_eq!(store.restore_site(removed).unwrap_err().code(), "duplicate_site");
    assert_eq!(store.list_sites(c).unwrap().len(), 1);
    assert_eq!(store.removed_sites(c).unwrap()[0].restored_as, None);
}
