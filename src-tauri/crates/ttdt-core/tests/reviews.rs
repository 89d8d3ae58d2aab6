//! The reviewer's workflow on a real database: decisions, overrides, documents, status and audit trail.

use std::path::Path;
use std::sync::Arc;

use ttdt_core::clock::FixedClock;
use ttdt_core::domain::{EvaluationStatus, Level, NewCampaign, NewResult, Outcome, ResultMode, ReviewInput, Reviewer, SiteInput};
use ttdt_core::Store;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn open(path: &Path) -> Store {
    Store::open_with_clock(path, Arc::new(FixedClock(time::macros::datetime!(2026-11-23 09:00 UTC)))).unwrap()
}

/// A store with one provincial portal in a 2026 campaign; returns (store, site id).
fn setup(dir: &Path) -> (Store, i64) {
    let mut store = open(&dir.join("r.db"));
    store.set_reviewer(&Reviewer { name: "Lê Văn Thẩm Định".into(), unit: "Cục Chuyển đổi số quốc gia".into() }).unwrap();
    let c = store
        .create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() })
        .unwrap();
    let s = store
        .add_site(c.id, &SiteInput {
            agency_name: "UBND tỉnh Sơn Hà".into(),
            level: Level::Province,
            block: String::new(),
            url: "https://sonha.gov.vn".into(),
            parent_site_id: None,
        })
        .unwrap();
    (store, s.id)
}

fn decide(outcome: Outcome) -> ReviewInput {
    ReviewInput { outcome, share: None, points: None, note: String::new(), checklist: vec![], reason: String::new() }
}

fn tool(code: &str, outcome: Outcome) -> NewResult {
    NewResult { criterion_code: code.into(), outcome, share: 0.0, evidence: serde_json::json!({"found": false}), note: String::new() }
}

#[test]
fn reviewer_identity_is_stamped_and_kept_on_past_records() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, site) = setup(dir.path());
    let first = store.review(site, "QL.03", &decide(Outcome::Pass)).unwrap();
    assert_eq!(first.asserted_by, "Lê Văn Thẩm Định (Cục Chuyển đổi số quốc gia)");
    store.set_reviewer(&Reviewer { name: "Phạm Thị Mới".into(), unit: String::new() }).unwrap();
    let second = store.review(site, "QL.04", &decide(Outcome::Fail)).unwrap();
    assert_eq!(second.asserted_by, "Phạm Thị Mới");
    let d = store.site_detail(site).unwrap();
    let ql03 = d.criteria.iter().find(|c| c.criterion.code == "QL.03").unwrap();
    assert_eq!(ql03.result.as_ref().unwrap().asserted_by, "Lê Văn Thẩm Định (Cục Chuyển đổi số quốc gia)");
    assert!(store.set_reviewer(&Reviewer { name: "  ".into(), unit: String::new() }).is_err());
    // The identity survives a restart.
    drop(store);
    let store = open(&dir.path().join("r.db"));
    assert_eq!(store.actor(), "Phạm Thị Mới");
}

#[test]
fn points_are_bounded_and_partial_needs_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, site) = setup(dir.path());
    // QL.03 is worth 1 point.
    let mut partial = decide(Outcome::Partial);
    assert!(store.review(site, "QL.03", &partial).unwrap_err().user_message().contains("nhập số điểm"));
    partial.points = Some(1.5);
    assert!(store.review(site, "QL.03", &partial).unwrap_err().user_message().contains("từ 0 đến 1"));
    partial.points = Some(-0.5);
    assert!(store.review(site, "QL.03", &partial).is_err());
    partial.points = None;
    partial.share = Some(1.2);
    assert!(store.review(site, "QL.03", &partial).is_err());
    partial.share = None;
    partial.points = Some(0.75);
    let r = store.review(site, "QL.03", &partial).unwrap();
    assert_eq!((r.points, r.share), (0.75, 0.75));
    assert!(store.review(site, "QL.03", &decide(Outcome::NeedsReview)).is_err(), "tool-only outcome");
    assert!(store.review(site, "CT.03", &decide(Outcome::Pass)).unwrap_err().user_message().contains("không áp dụng"));
    let log = store.audit_trail(site, Some("QL.03")).unwrap();
    let fields: Vec<&str> = log.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["outcome", "points"], "only the accepted decision was logged");
    assert_eq!(log[1].new_value.as_deref(), Some("0,75"));
}

#[test]
fn a_required_document_gates_passing_and_documents_are_sniffed_and_stored_safely() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, site) = setup(dir.path());
    // AT.01 requires a document.
    let err = store.review(site, "AT.01", &decide(Outcome::Pass)).unwrap_err();
    assert!(err.user_message().contains("bắt buộc có tài liệu"), "{}", err.user_message());
    assert!(store.review(site, "AT.01", &decide(Outcome::Fail)).is_ok(), "failing needs no document");

    assert!(store.attach(site, "AT.01", "rong.pdf", b"").unwrap_err().user_message().contains("rỗng"));
    let err = store.attach(site, "AT.01", "virus.pdf", b"MZ\x90\x00not a pdf").unwrap_err();
    assert!(err.user_message().contains("không phải PDF"));
    store.set_setting("max_attachment_mb", "1").unwrap();
    let big = [PDF, &vec![b' '; 1024 * 1024][..]].concat();
    assert!(store.attach(site, "AT.01", "lon.pdf", &big).unwrap_err().user_message().contains("1 MB"));

    let a = store.attach(site, "AT.01", "../../../../tmp/quyet-dinh.pdf", PDF).unwrap();
    assert_eq!(a.original_name, "quyet-dinh.pdf");
    assert_eq!(a.media_type, "application/pdf");
    let stored = store.attachment_file(a.id).unwrap();
    assert!(stored.starts_with(store.attachments_dir()), "{}", stored.display());
    assert_eq!(std::fs::read(&stored).unwrap(), PDF);
    assert!(!Path::new("/tmp/quyet-dinh.pdf").exists() || std::fs::read("/tmp/quyet-dinh.pdf").unwrap() != PDF);

    let passed = store.review(site, "AT.01", &decide(Outcome::Pass)).unwrap();
    assert_eq!(passed.points, 5.0);

    // Detaching keeps the bytes and the record; passing again then needs a new document.
    store.detach(a.id, "Nhầm tệp").unwrap();
    assert!(stored.exists());
    assert!(store.attachment(a.id).unwrap().detached_at.is_some());
    let d = store.site_detail(site).unwrap();
    assert!(d.criteria.iter().find(|c| c.criterion.code == "AT.01").unwrap().attachments.is_empty());
    let mut again = decide(Outcome::Pass);
    again.note = "xem lại".into();
    assert!(store.review(site, "AT.01", &again).is_err());
    let fields: Vec<String> = store.audit_trail(site, Some("AT.01")).unwrap().into_iter().map(|e| e.field).collect();
    assert!(fields.contains(&"attached".to_string()) && fields.contains(&"detached".to_string()), "{fields:?}");
}

#[test]
fn overrides_need_a_reason_keep_both_results_and_survive_new_tool_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, site) = setup(dir.path());
    store.record_tool_result(site, &tool("KN.01", Outcome::Fail)).unwrap();

    let err = store.review(site, "KN.01", &decide(Outcome::Pass)).unwrap_err();
    assert!(err.user_message().contains("lý do"));
    let mut with_reason = decide(Outcome::Pass);
    with_reason.reason = "Mã EMC nạp qua khung giao diện; đã kiểm tra trên trình duyệt".into();
    let review = store.review(site, "KN.01", &with_reason).unwrap();
    assert_eq!(review.mode, ResultMode::Override);

    let row = |store: &Store| {
        store.site_detail(site).unwrap().criteria.into_iter().find(|c| c.criterion.code == "KN.01").unwrap()
    };
    let r = row(&store);
    assert_eq!(r.tool_result.as_ref().unwrap().outcome, Outcome::Fail);
    assert_eq!(r.review.as_ref().unwrap().outcome, Outcome::Pass);
    assert_eq!(r.result.as_ref().unwrap().outcome, Outcome::Pass, "the reviewer's decision is effective");
    assert!(!r.tool_changed);

    // The tool runs again with the same verdict: nothing is flagged, the decision stays.
    store.record_tool_result(site, &tool("KN.01", Outcome::Fail)).unwrap();
    let r = row(&store);
    assert_eq!(r.result.as_ref().unwrap().outcome, Outcome::Pass);
    assert!(!r.tool_changed);
    // The tool now says something else: the decision stays, and it is flagged.
    store.record_tool_result(site, &tool("KN.01", Outcome::NeedsReview)).unwrap();
    let r = row(&store);
    assert_eq!(r.result.as_ref().unwrap().outcome, Outcome::Pass);
    assert!(r.tool_changed);

    // Agreeing with the tool is a plain decision, no reason needed.
    store.record_tool_result(site, &tool("KN.02", Outcome::Pass)).unwrap();
    assert_eq!(store.review(site, "KN.02", &decide(Outcome::Pass)).unwrap().mode, ResultMode::Manual);

    let log = store.audit_trail(site, Some("KN.01")).unwrap();
    let override_entry = log.iter().find(|e| e.field == "outcome" && e.new_value.as_deref() == Some("pass")).unwrap();
    assert_eq!(override_entry.reason, with_reason.reason);
    assert_eq!(override_entry.actor, "Lê Văn Thẩm Định (Cục Chuyển đổi số quốc gia)");
    assert_eq!(override_entry.at, "2026-11-23T09:00:00Z");
}

#[test]
fn status_moves_draft_submitted_finalised_and_reopens_only_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, site) = setup(dir.path());
    let blocked = store.submit(site).unwrap_err();
    assert_eq!(blocked.code(), "evaluation_blocked");
    let applicable = store.site_detail(site).unwrap().criteria.iter().filter(|c| c.applies).count();
    assert_eq!(store.blocking_criteria(site).unwrap().len(), applicable);

    // Decide everything; one tool result "needs review" still blocks.
    let codes: Vec<(String, bool)> = store
        .site_detail(site)
        .unwrap()
        .criteria
        .iter()
        .filter(|c| c.applies)
        .map(|c| (c.criterion.code.clone(), c.criterion.document_required))
        .collect();
    for (code, needs_doc) in &codes {
        let outcome = if *needs_doc { Outcome::Fail } else { Outcome::Pass };
        store.review(site, code, &decide(outcome)).unwrap();
    }
    store.record_tool_result(site, &tool("SD.01", Outcome::NeedsReview)).unwrap();
    // The reviewer's decision on SD.01 is effective, so nothing blocks.
    assert!(store.blocking_criteria(site).unwrap().is_empty());
    let progress = store.campaign_progress(store.site(site).unwrap().campaign_id).unwrap();
    assert_eq!((progress[0].done, progress[0].blocked, progress[0].left), (applicable as i64, 0, 0));

    // One person submits and finalises here: the campaign's second approval is turned off
    // (tests/review_desk.rs covers it on).
    store.set_second_approval(store.site(site).unwrap().campaign_id, false).unwrap();
    let s = store.submit(site).unwrap();
    assert_eq!(s.status, EvaluationStatus::Submitted);
    let s = store.finalise(site).unwrap();
    assert_eq!(s.status, EvaluationStatus::Finalised);
    let d = store.site_detail(site).unwrap();
    assert_eq!(d.status_by.as_deref(), Some("Lê Văn Thẩm Định (Cục Chuyển đổi số quốc gia)"));
    assert_eq!(d.status_at.as_deref(), Some("2026-11-23T09:00:00Z"));

    // Locked: no decision, no tool result, no document, no second finalise.
    assert!(store.review(site, "QL.03", &decide(Outcome::Fail)).unwrap_err().user_message().contains("đã chốt"));
    assert!(store.record_tool_result(site, &tool("KN.01", Outcome::Fail)).is_err());
    assert!(store.attach(site, "AT.01", "a.pdf", PDF).is_err());
    assert!(store.finalise(site).is_err());
    assert!(store.reopen(site, "  ").is_err());
    assert_eq!(store.site(site).unwrap().status, EvaluationStatus::Finalised);

    let s = store.reopen(site, "Đơn vị bổ sung tài liệu").unwrap();
    assert_eq!(s.status, EvaluationStatus::Draft);
    store.review(site, "QL.03", &decide(Outcome::Fail)).unwrap();
    let status_log: Vec<(Option<String>, String)> = store
        .audit_trail(site, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "evaluation")
        .map(|e| (e.new_value, e.reason))
        .collect();
    assert_eq!(
        status_log,
        vec![
            (Some("submitted".into()), String::new()),
            (Some("finalised".into()), String::new()),
            (Some("draft".into()), "Đơn vị bổ sung tài liệu".into())
        ]
    );
    let csv = store.audit_csv(site).unwrap();
    assert!(csv.starts_with("\u{feff}Thời điểm,"));
    assert!(csv.contains("Đơn vị bổ sung tài liệu"));
}

#[test]
fn an_unchanged_decision_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, site) = setup(dir.path());
    let mut d = decide(Outcome::Pass);
    d.note = "Đã kiểm tra".into();
    let a = store.review(site, "QL.03", &d).unwrap();
    let b = store.review(site, "QL.03", &d).unwrap();
    assert_eq!(a.id, b.id);
    assert_eq!(store.audit_trail(site, Some("QL.03")).unwrap().len(), 3, "outcome, points and note, once");
}
