//! The reviewer's desk on a real database: drafts that survive refusals and restarts, one score
//! everywhere after a reviewer's "not applicable", the second approval before finalising, and the
//! EMC visits of SD.01.

use std::path::Path;
use std::sync::Arc;

use ttdt_core::clock::FixedClock;
use ttdt_core::domain::{EvaluationStatus, Level, NewCampaign, NewResult, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::views::ReviewDraft;
use ttdt_core::Store;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn open(path: &Path) -> Store {
    Store::open_with_clock(path, Arc::new(FixedClock(time::macros::datetime!(2026-11-27 10:00 UTC)))).unwrap()
}

/// A 2026 campaign with one commune portal; returns (store, campaign id, site id).
fn setup(dir: &Path) -> (Store, i64, i64) {
    let mut store = open(&dir.join("d.db"));
    store.set_reviewer(&Reviewer { name: "Trần Văn Chấm".into(), unit: "Sở KH&CN".into() }).unwrap();
    let c = store
        .create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() })
        .unwrap();
    let s = store
        .add_site(c.id, &SiteInput {
            agency_name: "UBND xã Thanh Bình".into(),
            level: Level::Commune,
            block: String::new(),
            url: "https://thanhbinh.sonha.gov.vn".into(),
            parent_site_id: None,
        })
        .unwrap();
    (store, c.id, s.id)
}

fn decide(outcome: Outcome) -> ReviewInput {
    ReviewInput { outcome, share: None, points: None, note: String::new(), checklist: vec![], reason: String::new() }
}

fn draft_of(store: &Store, site: i64, code: &str) -> Option<ttdt_core::views::SavedDraft> {
    store.site_detail(site).unwrap().criteria.into_iter().find(|c| c.criterion.code == code).unwrap().draft
}

#[test]
fn a_refused_partial_stays_as_a_draft_across_a_restart_and_a_saved_decision_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, site) = setup(dir.path());
    // AT.01 requires a document: a partial without one is refused, and the refusal does not call it a pass.
    let partial = ReviewInput { points: Some(2.5), note: "Thiếu quyết định phê duyệt".into(), ..decide(Outcome::Partial) };
    let refusal = store.review(site, "AT.01", &partial).unwrap_err().user_message();
    assert!(refusal.contains("bắt buộc có tài liệu") && !refusal.to_lowercase().contains("đạt"), "{refusal}");
    let typed = ReviewDraft {
        outcome: Some(Outcome::Partial),
        points: "2,5".into(),
        note: "Thiếu quyết định phê duyệt".into(),
        checklist: vec![],
        reason: String::new(),
        visits: String::new(),
    };
    store.save_review_draft(site, "AT.01", &typed, &refusal).unwrap();

    // A restart: the draft is there, stamped with who typed it, with the refusal.
    drop(store);
    let mut store = open(&dir.path().join("d.db"));
    let kept = draft_of(&store, site, "AT.01").expect("draft kept across a restart");
    assert_eq!(kept.draft, typed);
    assert_eq!((kept.saved_by.as_str(), kept.saved_at.as_str()), ("Trần Văn Chấm (Sở KH&CN)", "2026-11-27T10:00:00Z"));
    assert_eq!(kept.problem, refusal);
    // Other criteria have none.
    assert!(draft_of(&store, site, "AT.02").is_none());

    // Typing again replaces it; attaching the document and saving the decision clears it.
    let retyped = ReviewDraft { points: "3".into(), ..typed.clone() };
    store.save_review_draft(site, "AT.01", &retyped, "").unwrap();
    assert_eq!(draft_of(&store, site, "AT.01").unwrap().draft.points, "3");
    store.attach(site, "AT.01", "phe-duyet.pdf", PDF).unwrap();
    store.review(site, "AT.01", &partial).unwrap();
    assert!(draft_of(&store, site, "AT.01").is_none(), "a saved decision clears its draft");

    // Saving the decision already in force also clears a draft; discarding clears one too.
    store.save_review_draft(site, "AT.01", &retyped, "").unwrap();
    store.review(site, "AT.01", &partial).unwrap();
    assert!(draft_of(&store, site, "AT.01").is_none());
    store.save_review_draft(site, "QL.03", &ReviewDraft { note: "đang xem".into(), ..ReviewDraft::default() }, "").unwrap();
    store.discard_review_draft(site, "QL.03").unwrap();
    assert!(draft_of(&store, site, "QL.03").is_none());

    // A draft never becomes a decision: the effective result is untouched by it.
    store.save_review_draft(site, "QL.03", &ReviewDraft { outcome: Some(Outcome::Fail), ..ReviewDraft::default() }, "").unwrap();
    let row = store.site_detail(site).unwrap().criteria.into_iter().find(|c| c.criterion.code == "QL.03").unwrap();
    assert!(row.result.is_none() && row.draft.is_some());
    // A checklist longer than the criterion's is refused; an unknown criterion too.
    assert!(store.save_review_draft(site, "QL.03", &ReviewDraft { checklist: vec![true; 40], ..ReviewDraft::default() }, "").is_err());
    assert!(store.save_review_draft(site, "XX.99", &ReviewDraft::default(), "").is_err());
}

#[test]
fn a_reviewers_not_applicable_gives_one_score_and_maximum_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, campaign, site) = setup(dir.path());
    // Every applicable criterion decided (pass, or fail where a document would be needed).
    let rows: Vec<(String, bool)> = store
        .site_detail(site)
        .unwrap()
        .criteria
        .iter()
        .filter(|c| c.applies)
        .map(|c| (c.criterion.code.clone(), c.criterion.document_required))
        .collect();
    for (code, needs_doc) in &rows {
        store.review(site, code, &decide(if *needs_doc { Outcome::Fail } else { Outcome::Pass })).unwrap();
    }
    let before = store.site_detail(site).unwrap();
    let ql03 = before.criteria.iter().find(|c| c.criterion.code == "QL.03").unwrap().criterion.points;
    assert!(ql03 > 0.0);
    store.review(site, "QL.03", &decide(Outcome::NotApplicable)).unwrap();
    // A collection error on another criterion: no points, still counted in the maximum, not done.
    let tool = NewResult { criterion_code: "KN.01".into(), outcome: Outcome::Error, share: 0.0, evidence: serde_json::json!({}), note: String::new() };
    store.record_tool_result(site, &tool).unwrap();
    store.review(site, "KN.01", &ReviewInput { reason: "Trang không tải được khi kiểm tra".into(), ..decide(Outcome::Fail) }).unwrap();

    let detail = store.site_detail(site).unwrap();
    // The reviewer's N/A leaves the maximum and the count, as the criterion's levels would.
    assert!((detail.score.max - (before.score.max - ql03)).abs() < 1e-9, "{} vs {}", detail.score.max, before.score.max);
    assert_eq!(detail.progress.applicable, before.progress.applicable - 1);
    assert_eq!(detail.progress.done, detail.progress.applicable);

    let progress = store.campaign_progress(campaign).unwrap();
    assert_eq!(progress, vec![detail.progress.clone()]);

    let report = store.campaign_report(campaign, false).unwrap();
    let ranked = report.blocks.iter().flat_map(|b| &b.sites).find(|r| r.site.site_id == site).unwrap();
    assert_eq!((ranked.site.card.total, ranked.site.card.max), (detail.score.total, detail.score.max));
    assert_eq!(ranked.site.card.blocking, detail.score.blocking);

    // What the workbooks and data files are made from.
    let data = store.campaign_scores(campaign).unwrap();
    let card = &data.scores[0].card;
    assert_eq!((card.total, card.max, card.percent), (detail.score.total, detail.score.max, detail.score.percent));
    let json = ttdt_core::export::results_json(&data, false);
    let card_json = &json["ranking"][0]["sites"][0]["site"]["card"];
    assert_eq!(card_json["max"].as_f64(), Some(detail.score.max));
    assert_eq!(card_json["total"].as_f64(), Some(detail.score.total));
    // The CSV's per-criterion maximum adds up to the same maximum (outside separately ranked groups).
    let separate: Vec<&str> = data.groups.iter().filter(|g| g.separate_ranking).map(|g| g.code.as_str()).collect();
    let csv_max: f64 = card.criteria.iter().filter(|c| !separate.contains(&c.group_code.as_str())).map(|c| c.max).sum();
    assert!((csv_max - detail.score.max).abs() < 1e-9);
    let na = card.criteria.iter().find(|c| c.code == "QL.03").unwrap();
    assert_eq!((na.points, na.max), (0.0, 0.0));
}

#[test]
fn submitting_cannot_be_skipped_and_the_submitter_cannot_finalise_when_a_second_approval_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, campaign, site) = setup(dir.path());
    // Early: the refusal names finalising, not submitting.
    let early = store.finalise(site).unwrap_err().user_message();
    assert!(early.starts_with("Chưa chốt được:") && early.contains("tiêu chí"), "{early}");
    let codes: Vec<(String, bool)> = store
        .site_detail(site)
        .unwrap()
        .criteria
        .iter()
        .filter(|c| c.applies)
        .map(|c| (c.criterion.code.clone(), c.criterion.document_required))
        .collect();
    for (code, needs_doc) in &codes {
        store.review(site, code, &decide(if *needs_doc { Outcome::Fail } else { Outcome::Pass })).unwrap();
    }
    assert!(store.second_approval(campaign).unwrap(), "on by default");
    assert!(store.site_detail(site).unwrap().second_approval);
    let skipped = store.finalise(site).unwrap_err().user_message();
    assert!(skipped.contains("chưa nộp"), "{skipped}");
    assert_eq!(store.site(site).unwrap().status, EvaluationStatus::Draft);

    store.submit(site).unwrap();
    let same = store.finalise(site).unwrap_err().user_message();
    assert!(same.contains("người thứ hai duyệt") && same.contains("Trần Văn Chấm"), "{same}");
    assert_eq!(store.site(site).unwrap().status, EvaluationStatus::Submitted);

    // Another person approves.
    store.set_reviewer(&Reviewer { name: "Nguyễn Thị Duyệt".into(), unit: "Sở KH&CN".into() }).unwrap();
    let s = store.finalise(site).unwrap();
    assert_eq!(s.status, EvaluationStatus::Finalised);

    // Turned off, the submitter may finalise; the change is logged.
    store.reopen(site, "Bổ sung minh chứng").unwrap();
    store.set_second_approval(campaign, false).unwrap();
    assert!(!store.site_detail(site).unwrap().second_approval);
    store.submit(site).unwrap();
    assert_eq!(store.finalise(site).unwrap().status, EvaluationStatus::Finalised);
    let log = store.changes_of("campaign", &campaign.to_string()).unwrap();
    assert!(log.iter().any(|e| e.field == "second_approval" && e.new_value.as_deref() == Some("false")));
}

#[test]
fn sd01_visits_are_kept_in_the_decisions_evidence_and_reach_the_visits_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, campaign, site) = setup(dir.path());
    store.review_with_visits(site, "SD.01", &decide(Outcome::Pass), Some(120_500.0)).unwrap();
    let row = store.site_detail(site).unwrap().criteria.into_iter().find(|c| c.criterion.code == "SD.01").unwrap();
    assert_eq!(row.result.unwrap().evidence["visits"], 120_500);
    let data = store.campaign_scores(campaign).unwrap();
    assert_eq!(data.scores[0].visits, Some(120_500.0));
    // A new number is a change, logged; another criterion takes no visits; a fraction is refused.
    store.review_with_visits(site, "SD.01", &decide(Outcome::Pass), Some(130_000.0)).unwrap();
    let trail = store.audit_trail(site, Some("SD.01")).unwrap();
    assert!(trail.iter().any(|e| e.field == "visits" && e.old_value.as_deref() == Some("120500") && e.new_value.as_deref() == Some("130000")));
    assert!(store.review_with_visits(site, "QL.03", &decide(Outcome::Pass), Some(5.0)).is_err());
    assert!(store.review_with_visits(site, "SD.01", &decide(Outcome::Pass), Some(2.5)).is_err());
}
