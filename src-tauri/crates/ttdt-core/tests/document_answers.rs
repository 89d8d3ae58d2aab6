//! The reviewer's answers to the document assistant, on a real database: each answer is in the
//! audit trail with the suggestion (page, quote) and the decision, and the next decision keeps
//! the answers as its evidence.

use ttdt_core::documents::{analyse_attachment, answer_checklist_item, attachment_image, attachment_pages};
use ttdt_core::domain::{Level, NewCampaign, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::Store;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/documents").join(name)).unwrap()
}

fn store_with_site() -> (tempfile::TempDir, Store, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("answers.db")).unwrap();
    store.set_reviewer(&Reviewer { name: "Lê Thị Rà Soát".into(), unit: "Sở KH&CN tỉnh Sơn Hà".into() }).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap().id;
    let site = SiteInput { agency_name: "Ủy ban nhân dân tỉnh Sơn Hà".into(), level: Level::Province, block: String::new(), url: "sonha.gov.vn".into(), parent_site_id: None };
    let site = store.add_site(c, &site).unwrap().id;
    (dir, store, c, site)
}

fn pass(checklist: Vec<bool>) -> ReviewInput {
    ReviewInput { outcome: Outcome::Pass, share: None, points: None, note: String::new(), checklist, reason: String::new() }
}

#[test]
fn an_answer_is_logged_with_its_suggestion_and_kept_as_the_decisions_evidence() {
    let (_dir, mut store, _campaign, site) = store_with_site();
    let doc = store.attach(site, "QL.01", "Quy chế vận hành.pdf", &fixture("quy-che-day-du.pdf")).unwrap();

    // The regulation has its incident procedure in Điều 7, on page 3 (expected.toml).
    let a = answer_checklist_item(&mut store, doc.id, 1, true).unwrap();
    assert_eq!((a.index, a.item.as_str(), a.suggested, a.page), (1, "Quy trình xử lý sự cố", Some(true), Some(3)));
    assert_eq!(a.sha256, doc.sha256);
    assert_eq!(a.answered_by, "Lê Thị Rà Soát (Sở KH&CN tỉnh Sơn Hà)");
    let quote = a.quote.clone().expect("a found item has a quote");
    assert!(quote.contains("sự cố"), "{quote}");
    let page3 = &attachment_pages(&store, doc.id).unwrap()[2];
    assert!(page3.text.contains(&quote), "the quote is on the page the viewer shows: {quote}");

    // The audit trail holds the item, the suggestion with page and quote, and the decision.
    let trail = store.audit_trail(site, Some("QL.01")).unwrap();
    let logged = trail.iter().find(|e| e.field == "checklist_item").expect("answer logged");
    let old: serde_json::Value = serde_json::from_str(logged.old_value.as_deref().unwrap()).unwrap();
    assert_eq!(old["item"], "Quy trình xử lý sự cố");
    assert_eq!(old["page"], 3);
    assert_eq!(old["quote"], quote.as_str());
    assert_eq!(old["found"], true);
    assert_eq!(old["sha256"], doc.sha256.as_str());
    assert_eq!(logged.new_value.as_deref(), Some("present"));

    // The decision rests on it: the quote is in its evidence.
    let r = store.review(site, "QL.01", &pass(vec![true, true, true])).unwrap();
    let ev = r.evidence["checklist_evidence"].as_array().expect("checklist evidence").clone();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0]["item"], "Quy trình xử lý sự cố");
    assert_eq!(ev[0]["page"], 3);
    assert_eq!(ev[0]["quote"], quote.as_str());
    assert_eq!(ev[0]["sha256"], doc.sha256.as_str());
    assert_eq!(ev[0]["present"], true);

    // A correction replaces the answer; the same decision saved again is a new row, because
    // what it rests on changed, and the change is logged.
    let rows_before = store.audit_trail(site, Some("QL.01")).unwrap().len();
    answer_checklist_item(&mut store, doc.id, 1, false).unwrap();
    let answers = store.checklist_answers(site, "QL.01").unwrap();
    assert_eq!(answers.len(), 1);
    assert!(!answers[0].present);
    let r2 = store.review(site, "QL.01", &pass(vec![true, true, true])).unwrap();
    assert_ne!(r2.id, r.id);
    assert_eq!(r2.evidence["checklist_evidence"][0]["present"], false);
    let trail = store.audit_trail(site, Some("QL.01")).unwrap();
    assert!(trail[rows_before..].iter().any(|e| e.field == "checklist_evidence"), "{trail:?}");
    // Saving it once more changes nothing: no new row.
    assert_eq!(store.review(site, "QL.01", &pass(vec![true, true, true])).unwrap().id, r2.id);
}

#[test]
fn a_scan_is_answered_from_cannot_tell_and_detached_documents_leave_the_answers() {
    let (_dir, mut store, _campaign, site) = store_with_site();
    let scan = store.attach(site, "QL.01", "Bản quét.pdf", &fixture("quy-che-scan.pdf")).unwrap();
    let a = answer_checklist_item(&mut store, scan.id, 0, true).unwrap();
    assert_eq!((a.suggested, a.page, a.quote.as_deref()), (None, None, None));
    assert!(a.present);

    // An item the checklist does not have is refused, and writes nothing.
    let before = store.audit_trail(site, Some("QL.01")).unwrap().len();
    let e = answer_checklist_item(&mut store, scan.id, 3, true).unwrap_err();
    assert_eq!(e.code(), "invalid_input", "{e}");
    assert_eq!(store.audit_trail(site, Some("QL.01")).unwrap().len(), before);

    store.detach(scan.id, "").unwrap();
    assert!(store.checklist_answers(site, "QL.01").unwrap().is_empty());
    assert!(answer_checklist_item(&mut store, scan.id, 0, true).is_err(), "a detached document takes no answer");
}

#[test]
fn answers_are_refused_once_the_evaluation_is_finalised() {
    let (_dir, mut store, campaign, site) = store_with_site();
    store.set_second_approval(campaign, false).unwrap();
    let doc = store.attach(site, "QL.01", "Quy chế.docx", &fixture("quy-che-day-du.docx")).unwrap();
    assert_eq!(analyse_attachment(&store, doc.id).unwrap().items[2].page, Some(4));
    // Submitting needs every criterion decided.
    for c in store.campaign_framework(campaign).unwrap().criteria.into_iter().filter(|c| c.applies_to(Level::Province) && !c.retired) {
        let input = ReviewInput { outcome: Outcome::NotApplicable, ..pass(Vec::new()) };
        store.review(site, &c.code, &input).unwrap();
    }
    store.submit(site).unwrap();
    store.finalise(site).unwrap();
    let e = answer_checklist_item(&mut store, doc.id, 2, true).unwrap_err();
    assert!(e.user_message().contains("đã chốt"), "{}", e.user_message());
}

#[test]
fn a_picture_is_sent_to_the_viewer_as_a_data_address_and_a_pdf_is_not() {
    let (_dir, mut store, _campaign, site) = store_with_site();
    let png = store.attach(site, "QL.01", "Ảnh chụp.png", &fixture("quy-che-anh-chup.png")).unwrap();
    let url = attachment_image(&store, png.id).unwrap();
    assert!(url.starts_with("data:image/png;base64,iVBORw0KGgo"), "{}", &url[..40]);
    let pdf = store.attach(site, "QL.01", "Quy chế.pdf", &fixture("quy-che-thieu.pdf")).unwrap();
    assert!(attachment_image(&store, pdf.id).is_err());
}
