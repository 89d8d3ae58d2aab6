//! Frameworks: import with clear refusals, freezing per campaign, editing a campaign's copy, export.

use std::path::Path;
use std::sync::Arc;

use ttdt_core::clock::FixedClock;
use ttdt_core::domain::{CriterionEdit, LegalRef, Level, Method, NewCampaign, NewCriterion};
use ttdt_core::{framework, Error, Store};

fn open(path: &Path) -> Store {
    Store::open_with_clock(path, Arc::new(FixedClock(time::macros::datetime!(2026-11-23 09:00 UTC)))).unwrap()
}

fn small(id: &str, kn01_points: f64) -> String {
    format!(
        r#"id = "{id}"
name = "Bộ thử"
year = 2026
version = "1"

[[groups]]
code = "KN"
name = "Kết nối"
points = {total}

[[criteria]]
code = "KN.01"
group = "KN"
title = "Mã giám sát EMC trên trang chủ"
method = "automated"
points = {kn01_points}
legal_basis = [{{ text = "Thông tư 22/2023/TT-BTTTT", article = "" }}]

[[criteria]]
code = "KN.02"
group = "KN"
title = "Phiếu cung cấp thông tin"
method = "manual"
points = 1
levels = ["province", "commune"]
legal_basis = [{{ text = "Thông tư 22/2023/TT-BTTTT" }}]
checklist = ["Phiếu đã gửi"]
documents = ["Phiếu cung cấp thông tin"]
document_required = true
"#,
        total = kn01_points + 1.0
    )
}

fn refusal(store: &mut Store, text: &str) -> String {
    let before = store.list_frameworks().unwrap().len();
    let err = ttdt_core::frameworks::import(store, text, false).unwrap_err();
    assert_eq!(err.code(), "framework_error", "{err}");
    assert_eq!(store.list_frameworks().unwrap().len(), before, "a refused framework was imported");
    err.user_message()
}

#[test]
fn bad_framework_files_are_refused_naming_field_and_criterion() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("f.db"));
    let good = small("THU-2026", 4.0);

    let dup = good.replace("code = \"KN.02\"", "code = \"KN.01\"");
    let m = refusal(&mut store, &dup);
    assert!(m.contains("KN.01") && m.contains("trùng"), "{m}");

    let no_title = good.replace("title = \"Phiếu cung cấp thông tin\"", "title = \"  \"");
    let m = refusal(&mut store, &no_title);
    assert!(m.contains("KN.02") && m.contains("title"), "{m}");

    let missing_title = good.replace("title = \"Phiếu cung cấp thông tin\"\n", "");
    let m = refusal(&mut store, &missing_title);
    assert!(m.contains("KN.02") && m.contains("thiếu trường “title”"), "{m}");

    let no_basis = good.replace("legal_basis = [{ text = \"Thông tư 22/2023/TT-BTTTT\" }]", "legal_basis = []");
    let m = refusal(&mut store, &no_basis);
    assert!(m.contains("KN.02") && m.contains("legal_basis"), "{m}");

    let negative = small("THU-2026", -4.0);
    let m = refusal(&mut store, &negative);
    assert!(m.contains("KN.01") && m.contains("không âm"), "{m}");

    let text_points = good.replace("points = 4\n", "points = \"bốn\"\n");
    let m = refusal(&mut store, &text_points);
    assert!(m.contains("KN.01") && m.contains("sai kiểu"), "{m}");

    let bad_method = good.replace("method = \"manual\"", "method = \"tu-dong\"");
    let m = refusal(&mut store, &bad_method);
    assert!(m.contains("KN.02") && m.contains("tu-dong") && m.contains("dòng"), "{m}");

    let bad_level = good.replace("\"commune\"", "\"huyen\"");
    let m = refusal(&mut store, &bad_level);
    assert!(m.contains("KN.02") && m.contains("huyen"), "{m}");

    let bad_check = good.replace("points = 1\n", "points = 1\nchecks = [\"emc.khong-co\"]\n");
    let m = refusal(&mut store, &bad_check);
    assert!(m.contains("KN.02") && m.contains("emc.khong-co"), "{m}");

    let bad_sum = good.replace("points = 5\n", "points = 6\n");
    let m = refusal(&mut store, &bad_sum);
    assert!(m.contains("nhóm KN") && m.contains('5') && m.contains('6'), "{m}");

    let unknown_field = good.replace("version = \"1\"", "version = \"1\"\ndiem_thuong = 3");
    let m = refusal(&mut store, &unknown_field);
    assert!(m.contains("diem_thuong"), "{m}");

    let doc_without_list = good.replace("documents = [\"Phiếu cung cấp thông tin\"]\n", "");
    let m = refusal(&mut store, &doc_without_list);
    assert!(m.contains("KN.02") && m.contains("document_required"), "{m}");

    let m = refusal(&mut store, "<html>không phải TOML</html>");
    assert!(m.contains("TOML"), "{m}");
}

#[test]
fn import_replace_and_shipped_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("f.db"));
    let f = ttdt_core::frameworks::import(&mut store, &small("THU-2026", 4.0), false).unwrap();
    assert_eq!((f.criterion_count, f.max_points), (2, 5.0));
    let detail = store.framework_detail("THU-2026").unwrap();
    let kn02 = &detail.criteria[1];
    assert_eq!(kn02.levels, vec![Level::Province, Level::Commune]);
    assert!(kn02.document_required);
    assert_eq!(kn02.checklist, vec!["Phiếu đã gửi"]);

    let again = ttdt_core::frameworks::import(&mut store, &small("THU-2026", 3.0), false).unwrap_err();
    assert!(again.user_message().contains("thay thế"));
    let replaced = ttdt_core::frameworks::import(&mut store, &small("THU-2026", 3.0), true).unwrap();
    assert_eq!(replaced.max_points, 4.0);

    let shipped = framework::builtin_with_source()[0].1.to_string();
    let err = ttdt_core::frameworks::import(&mut store, &shipped, true).unwrap_err();
    assert!(err.user_message().contains("có sẵn"));
}

#[test]
fn campaigns_keep_their_copy_when_the_framework_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("f.db"));
    ttdt_core::frameworks::import(&mut store, &small("THU-2026", 4.0), false).unwrap();
    let c = store
        .create_campaign(&NewCampaign { name: "A".into(), year: 2026, framework_id: "THU-2026".into() })
        .unwrap();
    ttdt_core::frameworks::import(&mut store, &small("THU-2026", 9.0), true).unwrap();
    let copy = store.campaign_framework(c.id).unwrap();
    assert_eq!(copy.criteria[0].points, 4.0);
    assert_eq!(copy.groups[0].points, 5.0);
    assert!(copy.criteria[1].document_required, "review form copied with the criterion");
}

#[test]
fn editing_a_campaign_copy_is_logged_and_locked_once_finalised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    let mut store = open(&path);
    store.set_actor("Trần Thị Điều Phối");
    let c = store
        .create_campaign(&NewCampaign { name: "A".into(), year: 2026, framework_id: "TT22-ND224-2026".into() })
        .unwrap();

    let edit = CriterionEdit { points: Some(5.0), reason: "Theo công văn hướng dẫn".into(), ..Default::default() };
    let kn01 = store.edit_campaign_criterion(c.id, "KN.01", &edit).unwrap();
    assert_eq!(kn01.points, 5.0);
    let fw = store.campaign_framework(c.id).unwrap();
    assert_eq!(fw.groups.iter().find(|g| g.code == "KN").unwrap().points, 16.0, "group follows its criteria");

    let retire = CriterionEdit { retired: Some(true), ..Default::default() };
    store.edit_campaign_criterion(c.id, "CT.21", &retire).unwrap();
    let levels = CriterionEdit { levels: Some(vec![Level::Commune, Level::Province]), ..Default::default() };
    let ct22 = store.edit_campaign_criterion(c.id, "CT.22", &levels).unwrap();
    assert_eq!(ct22.levels, vec![Level::Province, Level::Commune], "levels kept in canonical order");
    let all = CriterionEdit { levels: Some(Level::ALL.to_vec()), ..Default::default() };
    assert!(store.edit_campaign_criterion(c.id, "CT.22", &all).unwrap().levels.is_empty(), "all levels = empty");

    let bad = CriterionEdit { points: Some(-1.0), ..Default::default() };
    assert_eq!(store.edit_campaign_criterion(c.id, "KN.01", &bad).unwrap_err().code(), "invalid_input");
    let nan = CriterionEdit { points: Some(f64::NAN), ..Default::default() };
    assert_eq!(store.edit_campaign_criterion(c.id, "KN.01", &nan).unwrap_err().code(), "invalid_input");
    assert_eq!(store.edit_campaign_criterion(c.id, "XX.99", &edit).unwrap_err().code(), "not_found");

    let log = store.changes_of("campaign_criterion", &format!("{}/KN.01", c.id)).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].field.as_str(), log[0].old_value.as_deref(), log[0].new_value.as_deref()), ("points", Some("4"), Some("5")));
    assert_eq!(log[0].reason, "Theo công văn hướng dẫn");
    assert_eq!(log[0].actor, "Trần Thị Điều Phối");

    // Adding: a retired code is never reused.
    let mut new = NewCriterion {
        code: "CT.21".into(),
        group_code: "CT".into(),
        title: "Phiên bản tiếng dân tộc".into(),
        method: Method::Manual,
        points: 0.5,
        levels: vec![],
        legal_basis: vec![LegalRef { text: "Nghị định 224/2026/NĐ-CP".into(), article: "Điều 10".into() }],
        guidance: String::new(),
    };
    assert!(store.add_campaign_criterion(c.id, &new).unwrap_err().user_message().contains("không bao giờ được dùng lại"));
    new.code = "ct.27".into();
    let added = store.add_campaign_criterion(c.id, &new).unwrap();
    assert_eq!(added.code, "CT.27");
    new.code = "CT.28".into();
    new.legal_basis.clear();
    assert!(store.add_campaign_criterion(c.id, &new).unwrap_err().user_message().contains("căn cứ pháp lý"));

    // Export: valid, without the retired criterion, with the edits, and importable under its own id.
    let toml = store.export_campaign_framework(c.id).unwrap();
    let parsed = ttdt_core::frameworks::parse(&toml).unwrap();
    assert!(parsed.criteria.iter().all(|k| k.code != "CT.21"));
    assert!(parsed.criteria.iter().any(|k| k.code == "CT.27"));
    assert_eq!(parsed.criteria.iter().find(|k| k.code == "KN.01").unwrap().points, 5.0);
    assert_eq!(parsed.max_points(), 100.0 + 1.0 - 0.5 + 0.5);
    let imported = ttdt_core::frameworks::import(&mut store, &toml, false).unwrap();
    assert_eq!(imported.id, format!("TT22-ND224-2026-CD{}", c.id));

    // Once an evaluation is finalised, the copy is locked.
    let s = store
        .add_site(c.id, &ttdt_core::domain::SiteInput {
            agency_name: "Sở A".into(),
            level: Level::ProvincialDepartment,
            block: String::new(),
            url: "https://soa.sonha.gov.vn".into(),
            parent_site_id: None,
        })
        .unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE evaluation SET status = 'finalised' WHERE id = ?1", [s.evaluation_id])
        .unwrap();
    let fw = store.campaign_framework(c.id).unwrap();
    assert!(!fw.editable);
    assert!(fw.locked_reason.contains("chốt"));
    match store.edit_campaign_criterion(c.id, "KN.01", &edit) {
        Err(Error::Invalid { message_vi, .. }) => assert!(message_vi.contains("Không sửa được")),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(store.add_campaign_criterion(c.id, &new).is_err());
}

#[test]
fn a_version_1_database_is_upgraded_and_gets_both_frameworks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../../ttdt-store/src/migrations/0001_init.sql")).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
             INSERT INTO schema_migration VALUES (1, 'init', '2026-11-01T00:00:00Z');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut store = open(&path);
    assert_eq!(store.schema_version().unwrap(), ttdt_core::storage::SCHEMA_VERSION);
    assert_eq!(store.list_frameworks().unwrap().len(), 2);
    let c = store
        .create_campaign(&NewCampaign { name: "Sau nâng cấp".into(), year: 2026, framework_id: "TT22-2025".into() })
        .unwrap();
    let fw = store.campaign_framework(c.id).unwrap();
    assert!(fw.criteria.iter().find(|k| k.code == "AT.01").unwrap().document_required);
}

#[test]
fn editing_a_framework_after_a_campaign_started_leaves_its_scores_unchanged() {
    use ttdt_core::domain::{NewResult, Outcome, SiteInput};
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("f.db"));
    ttdt_core::frameworks::import(&mut store, &small("THU-2026", 4.0), false).unwrap();
    let c = store
        .create_campaign(&NewCampaign { name: "A".into(), year: 2026, framework_id: "THU-2026".into() })
        .unwrap();
    let site = store
        .add_site(c.id, &SiteInput {
            agency_name: "UBND tỉnh Sơn Hà".into(),
            level: Level::Province,
            block: String::new(),
            url: "https://sonha.gov.vn".into(),
            parent_site_id: None,
        })
        .unwrap();
    let result = |code: &str, outcome, share| NewResult {
        criterion_code: code.into(),
        outcome,
        share,
        evidence: serde_json::Value::Null,
        note: String::new(),
    };
    store.record_tool_result(site.id, &result("KN.01", Outcome::Partial, 0.5)).unwrap();
    store.record_tool_result(site.id, &result("KN.02", Outcome::Pass, 0.0)).unwrap();
    let before = store.site_detail(site.id).unwrap().score;
    assert_eq!((before.total, before.max), (3.0, 5.0));
    assert!(before.blocking.is_empty());

    // The framework is edited (points changed) and replaced after the campaign started.
    ttdt_core::frameworks::import(&mut store, &small("THU-2026", 9.0).replace("points = 1\n", "points = 2\n").replace("points = 10\n", "points = 11\n"), true).unwrap();
    assert_eq!(store.framework_detail("THU-2026").unwrap().criteria[0].points, 9.0);
    let after = store.site_detail(site.id).unwrap().score;
    assert_eq!(after, before);

    // Results are bounded and kept: a share outside 0–1 is refused and changes nothing.
    let err = store.record_tool_result(site.id, &result("KN.01", Outcome::Partial, 1.5)).unwrap_err();
    assert!(err.user_message().contains("từ 0 đến 1"));
    assert_eq!(store.site_detail(site.id).unwrap().score, before);
}
