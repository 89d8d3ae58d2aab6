//! The reviewers' work queue on real database files: every criterion that still needs a person,
//! with why, agreeing with the score cards on what blocks finalising.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use ttdt_core::bundle;
use ttdt_core::clock::FixedClock;
use ttdt_core::domain::{Level, NewCampaign, NewResult, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::queue::{QueueItem, QueueReason};
use ttdt_core::Store;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn open_at(path: &Path, hour: u8) -> Store {
    let at = time::macros::datetime!(2026-11-23 00:00 UTC).replace_hour(hour).unwrap();
    Store::open_with_clock(path, Arc::new(FixedClock(at))).unwrap()
}

fn reviewer(store: &mut Store, name: &str) {
    store.set_reviewer(&Reviewer { name: name.into(), unit: "Sở KH&CN tỉnh Sơn Hà".into() }).unwrap();
}

fn decide(outcome: Outcome, reason: &str) -> ReviewInput {
    ReviewInput { outcome, share: None, points: None, note: String::new(), checklist: vec![], reason: reason.into() }
}

fn tool(store: &mut Store, site: i64, code: &str, outcome: Outcome) {
    let r = NewResult { criterion_code: code.into(), outcome, share: 0.0, evidence: serde_json::json!({"seen": true}), note: String::new() };
    store.record_tool_result(site, &r).unwrap();
}

fn site(store: &mut Store, campaign: i64, agency: &str, level: Level, url: &str) -> i64 {
    store.add_site(campaign, &SiteInput { agency_name: agency.into(), level, block: String::new(), url: url.into(), parent_site_id: None }).unwrap().id
}

fn item<'a>(items: &'a [QueueItem], site: i64, code: &str) -> Option<&'a QueueItem> {
    items.iter().find(|i| i.site_id == site && i.criterion_code == code)
}

#[test]
fn the_queue_lists_what_needs_a_person_and_agrees_with_the_score_cards() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("dieu-phoi.db");
    let mut store = open_at(&db, 8);
    reviewer(&mut store, "Trần Điều Phối");
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap().id;
    let province = site(&mut store, c, "UBND tỉnh Sơn Hà", Level::Province, "sonha.gov.vn");
    let commune = site(&mut store, c, "UBND xã Thanh Bình", Level::Commune, "thanhbinh.sonha.gov.vn");

    // The tool: unsure of KN.01, could not collect TM.01 and CT.15, failed CT.16 and passed TM.03.
    tool(&mut store, province, "KN.01", Outcome::NeedsReview);
    tool(&mut store, province, "TM.01", Outcome::Error);
    tool(&mut store, province, "CT.15", Outcome::NotTested);
    tool(&mut store, province, "CT.16", Outcome::Fail);
    tool(&mut store, province, "TM.03", Outcome::Pass);
    // The reviewer passes CT.16 with a reason; a later scan fails it otherwise than the reviewer saw.
    store.review(province, "CT.16", &decide(Outcome::Pass, "Chân trang có đủ thông tin trên bản in")).unwrap();
    drop(store);
    let mut store = open_at(&db, 9);
    tool(&mut store, province, "CT.16", Outcome::NeedsReview);
    // QL.02 needs a document: passed after attaching one, then the document detached.
    let doc = store.attach(province, "QL.02", "Quyết định phê duyệt.pdf", PDF).unwrap();
    store.review(province, "QL.02", &decide(Outcome::Pass, "")).unwrap();
    store.detach(doc.id, "Nhầm tệp").unwrap();
    // QL.01's document is attached, the decision not made yet.
    store.attach(province, "QL.01", "Quy chế hoạt động.pdf", PDF).unwrap();
    store.assign_sites(&[province], "Nguyễn Văn An", "Đoàn 1").unwrap();
    drop(store);

    // Two inspectors decide the commune's QL.03 differently; the coordinator merges both.
    let coord = open_at(&db, 10);
    bundle::save_bundle(&coord, c, &[commune], &d.join("ra.ttdt")).unwrap();
    drop(coord);
    let out = std::fs::read(d.join("ra.ttdt")).unwrap();
    let mut back = Vec::new();
    for (name, outcome, reason) in [("an", Outcome::Pass, ""), ("binh", Outcome::Fail, "")] {
        let mut s = open_at(&d.join(format!("{name}.db")), 11);
        reviewer(&mut s, name);
        let got = bundle::import_bundle_bytes(&mut s, out.clone(), false).unwrap();
        let there = s.list_sites(got.campaign_id).unwrap()[0].id;
        s.review(there, "QL.03", &decide(outcome, reason)).unwrap();
        bundle::save_bundle(&s, got.campaign_id, &[], &d.join(format!("{name}.ttdt"))).unwrap();
        back.push(std::fs::read(d.join(format!("{name}.ttdt"))).unwrap());
    }
    let mut store = open_at(&db, 12);
    for b in back {
        bundle::import_bundle_bytes(&mut store, b, false).unwrap();
    }

    let queue = store.work_queue(c).unwrap();
    let items = &queue.items;
    let reasons = |s: i64, code: &str| item(items, s, code).map(|i| i.reasons.clone()).unwrap_or_default();
    assert_eq!(reasons(province, "KN.01"), vec![QueueReason::NeedsReview]);
    assert_eq!(reasons(province, "TM.01"), vec![QueueReason::CollectionError]);
    assert_eq!(reasons(province, "CT.15"), vec![QueueReason::CollectionError]);
    assert_eq!(reasons(province, "CT.16"), vec![QueueReason::ToolChanged]);
    assert!(item(items, province, "CT.16").unwrap().detail.contains("Cần xem xét"), "{:?}", item(items, province, "CT.16"));
    assert_eq!(item(items, province, "CT.16").unwrap().outcome, Some(Outcome::Pass));
    assert_eq!(reasons(province, "QL.02"), vec![QueueReason::MissingDocument]);
    assert_eq!(reasons(province, "QL.01"), vec![QueueReason::Undecided], "its document is attached");
    assert_eq!(reasons(province, "QL.03"), vec![QueueReason::Undecided]);
    assert!(item(items, province, "TM.03").is_none(), "a pass needs nobody");
    assert_eq!(reasons(commune, "QL.01"), vec![QueueReason::Undecided, QueueReason::MissingDocument]);
    let conflict = item(items, commune, "QL.03").unwrap();
    assert_eq!(conflict.reasons, vec![QueueReason::Conflict]);
    assert_eq!(conflict.detail, "Hai quyết định khác nhau");
    assert_eq!(item(items, province, "KN.01").unwrap().assignee.as_deref(), Some("Nguyễn Văn An (Đoàn 1)"));

    // One number everywhere: what the queue calls undecided, to review or uncollected is exactly
    // what each score card says blocks finalising.
    let scores = store.campaign_scores(c).unwrap();
    for s in &scores.scores {
        let blocking: BTreeSet<&str> = s.card.blocking.iter().map(String::as_str).collect();
        let open: BTreeSet<&str> = items
            .iter()
            .filter(|i| i.site_id == s.site_id)
            .filter(|i| i.reasons.iter().any(|r| matches!(r, QueueReason::Undecided | QueueReason::NeedsReview | QueueReason::CollectionError)))
            .map(|i| i.criterion_code.as_str())
            .collect();
        assert_eq!(open, blocking, "{}", s.agency_name);
        assert!(!blocking.is_empty());
    }
    // Items come site by site, criteria in framework order.
    let order: Vec<usize> = items.iter().filter(|i| i.site_id == province).map(|i| scores.criteria.iter().position(|c| c.code == i.criterion_code).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn deciding_every_criterion_empties_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_at(&dir.path().join("a.db"), 8);
    reviewer(&mut store, "Trần Điều Phối");
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap().id;
    let commune = site(&mut store, c, "UBND xã Thanh Bình", Level::Commune, "thanhbinh.sonha.gov.vn");
    let before = store.work_queue(c).unwrap().items;
    let detail = store.site_detail(commune).unwrap();
    // Nothing decided: one item per blocking criterion, those needing a document saying so too.
    assert_eq!(before.len(), detail.score.blocking.len());
    let needing = detail.criteria.iter().filter(|r| r.applies && r.criterion.document_required).count();
    assert!(needing > 0);
    assert_eq!(before.iter().filter(|i| i.reasons.contains(&QueueReason::MissingDocument)).count(), needing);
    // A fail needs no document, so failing everything leaves nothing to do.
    for row in detail.criteria.iter().filter(|r| r.applies) {
        store.review(commune, &row.criterion.code, &decide(Outcome::Fail, "")).unwrap();
    }
    assert!(store.work_queue(c).unwrap().items.is_empty());
    store.submit(commune).unwrap();
    reviewer(&mut store, "Lê Thị Duyệt");
    store.finalise(commune).unwrap();
    assert!(store.work_queue(c).unwrap().items.is_empty());
}
