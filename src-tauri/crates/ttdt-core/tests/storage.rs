//! Storage tests on real SQLite files in a temporary folder.

use std::path::Path;
use std::sync::Arc;

use ttdt_core::clock::FixedClock;
use ttdt_core::domain::{Level, NewCampaign, SiteInput};
use ttdt_core::storage::SCHEMA_VERSION;
use ttdt_core::{demo, Error, Store};

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(time::macros::datetime!(2026-11-23 09:00 UTC)))
}

fn open(path: &Path) -> Store {
    Store::open_with_clock(path, clock()).expect("open")
}

fn campaign(store: &mut Store, name: &str) -> i64 {
    store
        .create_campaign(&NewCampaign { name: name.into(), year: 2026, framework_id: "TT22-2025".into() })
        .expect("create campaign")
        .id
}

fn site(agency: &str, level: Level, url: &str) -> SiteInput {
    SiteInput { agency_name: agency.into(), level, block: String::new(), url: url.into(), parent_site_id: None }
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn fresh_database_is_migrated_with_durable_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/ttdt.db");
    let store = open(&path);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    let conn = raw(&path);
    let applied: Vec<(i64, String)> = conn
        .prepare("SELECT version, name FROM schema_migration ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let names: Vec<&str> = applied.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names[..7], ["init", "review_forms", "scans", "campaign_browser_profile", "removed_site", "global_ids", "campaign_document_settings"]);
    assert_eq!(applied.len() as i64, SCHEMA_VERSION);
    assert!(applied.iter().enumerate().all(|(i, (v, _))| *v == i as i64 + 1));
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    // Reopening applies nothing twice and keeps the built-in framework once.
    let store = open(&path);
    let ids: Vec<String> = store.list_frameworks().unwrap().into_iter().map(|f| f.id).collect();
    assert_eq!(ids, vec!["TT22-ND224-2026", "TT22-2025"]);
    let count: i64 = raw(&path).query_row("SELECT COUNT(*) FROM schema_migration", [], |r| r.get(0)).unwrap();
    assert_eq!(count, SCHEMA_VERSION);
}

#[test]
fn connection_uses_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut store = open(&path);
    assert_eq!(store.durability().unwrap(), ("wal".to_string(), 2, true));
    let c = campaign(&mut store, "Kiểm tra");
    // A site pointing at a parent that does not exist is refused by validation, not by luck.
    let mut input = site("Sở A", Level::ProvincialDepartment, "https://soa.tinh.gov.vn");
    input.parent_site_id = Some(999);
    assert_eq!(store.add_site(c, &input).unwrap_err().code(), "invalid_input");
    assert!(store.list_sites(c).unwrap().is_empty());
}

#[test]
fn newer_schema_is_refused_and_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(open(&path));
    {
        let conn = raw(&path);
        conn.execute("INSERT INTO schema_migration (version, name, applied_at) VALUES (99, 'future', 'x')", [])
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path) {
        Err(Error::NewerSchema { found, supported, .. }) => {
            assert_eq!(found, 99);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "refused file was modified");
    let msg = Store::open(&path).unwrap_err().user_message();
    assert!(msg.contains("phiên bản mới hơn"), "{msg}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let text = "Biên bản họp đoàn kiểm tra — không phải cơ sở dữ liệu\n".repeat(200);
    std::fs::write(&path, &text).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "db_not_database", "{err}");
    assert!(err.user_message().contains("không phải là cơ sở dữ liệu"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(!dir.path().join("notes.db-wal").exists());
}

#[test]
fn a_corrupt_database_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.db");
    {
        let mut store = open(&path);
        let c = campaign(&mut store, "Dữ liệu lớn");
        for i in 0..300 {
            store
                .add_site(c, &site(&format!("Xã số {i}"), Level::Commune, &format!("https://xa{i}.tinh.gov.vn")))
                .unwrap();
        }
    }
    {
        // Checkpoint the WAL into the main file so the damage below hits real data.
        let conn = raw(&path);
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > page * 12, "database too small to damage: {}", bytes.len());
    for b in &mut bytes[page * 5..page * 10] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "db_corrupt", "{err}");
    assert!(err.user_message().contains("bị hỏng"));
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "corrupt file was modified");
}

#[test]
fn campaign_gets_a_frozen_copy_of_its_framework() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.db");
    let mut store = open(&path);
    let c = campaign(&mut store, "Đánh giá 2026");
    let fw = store.campaign_framework(c).unwrap();
    assert_eq!(fw.criteria.len(), 56);
    assert_eq!(fw.groups.len(), 8);
    let total: f64 = fw.criteria.iter().map(|c| c.points).sum();
    assert!((total - 100.0).abs() < 1e-9);
    // Editing the framework afterwards does not change the campaign.
    raw(&path)
        .execute("UPDATE framework_criterion SET points = 9, title = 'Đã sửa' WHERE code = 'KN.01'", [])
        .unwrap();
    let kn01 = store.campaign_framework(c).unwrap().criteria.into_iter().find(|k| k.code == "KN.01").unwrap();
    assert_eq!(kn01.points, 4.0);
    assert_eq!(kn01.title, "Mã giám sát EMC trên trang chủ");
    assert!(!kn01.legal_basis.is_empty());
}

#[test]
fn campaign_validation() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("c.db"));
    let bad = |name: &str, year: i32, fw: &str| NewCampaign { name: name.into(), year, framework_id: fw.into() };
    assert_eq!(store.create_campaign(&bad("  ", 2026, "TT22-2025")).unwrap_err().code(), "invalid_input");
    assert_eq!(store.create_campaign(&bad("A", 1999, "TT22-2025")).unwrap_err().code(), "invalid_input");
    assert_eq!(store.create_campaign(&bad("A", 2026, "KHONG-CO")).unwrap_err().code(), "not_found");
    campaign(&mut store, "A");
    let dup = store.create_campaign(&bad(" A ", 2026, "TT22-2025")).unwrap_err();
    assert_eq!(dup.code(), "duplicate_campaign");
    assert_eq!(store.list_campaigns().unwrap().len(), 1);
}

#[test]
fn sites_are_validated_normalised_and_deduplicated() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let c = campaign(&mut store, "A");
    let other = campaign(&mut store, "B");

    let s = store.add_site(c, &site("  Bộ   Mẫu ", Level::Ministry, "BoMau.GOV.vn")).unwrap();
    assert_eq!(s.url, "https://bomau.gov.vn/");
    assert_eq!(s.agency_name, "Bộ Mẫu");
    assert_eq!(s.block, "Khối Bộ, cơ quan ngang bộ");

    let bad_url = store.add_site(c, &site("X", Level::Ministry, "ftp://x.gov.vn")).unwrap_err();
    assert_eq!(bad_url.code(), "invalid_url");
    assert!(bad_url.user_message().contains("http://"));
    let dup = store.add_site(c, &site("Trùng", Level::Ministry, "http://bomau.gov.vn")).unwrap_err();
    assert_eq!(dup.code(), "duplicate_site");
    let empty = store.add_site(c, &site(" ", Level::Ministry, "https://khac.gov.vn")).unwrap_err();
    assert_eq!(empty.code(), "invalid_input");
    assert_eq!(store.list_sites(c).unwrap().len(), 1, "a refused site was written");

    // The same address is fine in another campaign.
    store.add_site(other, &site("Bộ Mẫu", Level::Ministry, "https://bomau.gov.vn")).unwrap();

    // A parent must be in the same campaign.
    let foreign_parent = store.list_sites(other).unwrap()[0].id;
    let mut child = site("Cục A", Level::MinistryUnit, "https://cuca.bomau.gov.vn");
    child.parent_site_id = Some(foreign_parent);
    assert_eq!(store.add_site(c, &child).unwrap_err().code(), "invalid_input");
    child.parent_site_id = Some(s.id);
    let child = store.add_site(c, &child).unwrap();
    assert_eq!(child.parent_site_id, Some(s.id));
}

#[test]
fn site_edit_is_logged_and_checked_for_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("e.db"));
    store.set_actor("Nguyễn Thị Kiểm Tra");
    let c = campaign(&mut store, "A");
    let a = store.add_site(c, &site("Sở A", Level::ProvincialDepartment, "https://soa.sonha.gov.vn")).unwrap();
    let b = store.add_site(c, &site("Sở B", Level::ProvincialDepartment, "https://sob.sonha.gov.vn")).unwrap();

    let mut edit = site("Sở A (mới)", Level::ProvincialDepartment, "https://sob.sonha.gov.vn/");
    assert_eq!(store.update_site(a.id, &edit).unwrap_err().code(), "duplicate_site");
    assert_eq!(store.site(a.id).unwrap().agency_name, "Sở A");

    edit.url = "https://soa.sonha.gov.vn/trang-chu".into();
    edit.block = "Khối sở (thí điểm)".into();
    let edited = store.update_site(a.id, &edit).unwrap();
    assert_eq!(edited.agency_name, "Sở A (mới)");
    let log = store.changes_of("site", &a.id.to_string()).unwrap();
    let fields: Vec<&str> = log.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["created", "agency_name", "block", "url"]);
    assert_eq!(log[1].old_value.as_deref(), Some("Sở A"));
    assert_eq!(log[1].new_value.as_deref(), Some("Sở A (mới)"));
    assert!(log.iter().all(|e| e.actor == "Nguyễn Thị Kiểm Tra" && e.at == "2026-11-23T09:00:00Z"));

    // Editing a site so that it is its own parent is refused.
    let mut own = edit.clone();
    own.parent_site_id = Some(a.id);
    assert_eq!(store.update_site(a.id, &own).unwrap_err().code(), "invalid_input");

    let removed = store.remove_site(b.id).unwrap();
    assert_eq!(removed.id, b.id);
    assert_eq!(store.site(b.id).unwrap_err().code(), "not_found");
    assert_eq!(store.changes_of("site", &b.id.to_string()).unwrap().last().unwrap().field, "removed");
}

#[test]
fn site_detail_lists_criteria_by_applicability() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("d.db"));
    let c = campaign(&mut store, "A");
    let ministry = store.add_site(c, &site("Bộ", Level::Ministry, "https://bo.gov.vn")).unwrap();
    let commune = store.add_site(c, &site("Xã", Level::Commune, "https://xa.tinh.gov.vn")).unwrap();
    let applies = |id: i64, code: &str| {
        let d = store.site_detail(id).unwrap();
        d.criteria.iter().find(|r| r.criterion.code == code).unwrap().applies
    };
    assert!(!applies(ministry.id, "CT.05"));
    assert!(applies(commune.id, "CT.05"));
    assert!(applies(ministry.id, "CT.03"));
    assert!(!applies(commune.id, "CT.03"));
    let d = store.site_detail(ministry.id).unwrap();
    assert_eq!(d.criteria.len(), 56);
    assert!(d.criteria.iter().all(|r| r.result.is_none()));
    assert_eq!(d.campaign.id, c);
}

#[test]
fn demo_campaign_is_created_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("demo.db"));
    let created = demo::ensure_demo_on_first_launch(&mut store, "http://127.0.0.1:47380").unwrap().unwrap();
    assert_eq!(created.name, demo::DEMO_CAMPAIGN_NAME);
    assert_eq!(created.year, 2026);
    let sites = store.list_sites(created.id).unwrap();
    let levels: Vec<Level> = sites.iter().map(|s| s.level).collect();
    for l in [Level::Ministry, Level::Province, Level::ProvincialDepartment, Level::Commune] {
        assert!(levels.contains(&l), "{l:?}");
    }
    let province = sites.iter().find(|s| s.level == Level::Province).unwrap();
    let dept = sites.iter().find(|s| s.level == Level::ProvincialDepartment).unwrap();
    assert_eq!(dept.parent_site_id, Some(province.id));
    assert!(demo::ensure_demo_on_first_launch(&mut store, "http://127.0.0.1:47380").unwrap().is_none());
    let (again, fresh) = demo::init_demo(&mut store, "http://127.0.0.1:47380").unwrap();
    assert!(!fresh);
    assert_eq!(again.id, created.id);
    assert_eq!(store.list_campaigns().unwrap().len(), 1);
}

/// Child half of `acknowledged_write_survives_a_crash`: writes, then dies without closing.
#[test]
fn crash_child() {
    let Some(path) = std::env::var_os("TTDT_CRASH_CHILD_DB") else { return };
    let mut store = Store::open(&path).unwrap();
    let c = campaign(&mut store, "Trước khi sập");
    store.add_site(c, &site("Sở Sống Sót", Level::ProvincialDepartment, "https://song.sot.gov.vn")).unwrap();
    // No drop, no checkpoint: the process ends as a crash would end it.
    std::process::abort();
}

#[test]
fn acknowledged_write_survives_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
        .env("TTDT_CRASH_CHILD_DB", &path)
        .status()
        .unwrap();
    assert!(!status.success(), "child should have aborted");
    assert!(dir.path().join("crash.db-wal").exists(), "the write should still be in the WAL");
    let store = open(&path);
    let c = store.find_campaign("Trước khi sập").unwrap();
    let sites = store.list_sites(c.id).unwrap();
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0].agency_name, "Sở Sống Sót");
}

#[test]
fn a_campaign_browser_profile_kept_as_a_setting_moves_to_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let (mobile, desktop) = {
        let mut store = open(&path);
        let mut new = |name: &str| {
            store
                .create_campaign(&ttdt_core::domain::NewCampaign { name: name.into(), year: 2026, framework_id: "TT22-2025".into() })
                .unwrap()
                .id
        };
        (new("Đo trên di động"), new("Đo trên máy tính"))
    };
    // The database as version 3 left it: the profile in a settings key, no column.
    {
        let conn = raw(&path);
        conn.execute_batch(UNDO_TO_5).unwrap();
        conn.execute_batch(&format!(
            "ALTER TABLE campaign DROP COLUMN browser_profile;
             DROP TABLE removed_site;
             DELETE FROM schema_migration WHERE version >= 4;
             PRAGMA user_version = 3;
             INSERT INTO setting (key, value) VALUES ('campaign.{mobile}.browser_profile', 'mobile'),
                                                     ('campaign.{desktop}.browser_profile', 'desktop');"
        ))
        .unwrap();
    }
    let store = open(&path);
    assert_eq!(store.schema_version().unwrap(), ttdt_core::storage::SCHEMA_VERSION);
    assert_eq!(store.campaign_browser_profile(mobile).unwrap(), ttdt_core::snapshot::Profile::Mobile);
    assert_eq!(store.campaign_browser_profile(desktop).unwrap(), ttdt_core::snapshot::Profile::Desktop);
    drop(store);
    let left: i64 = raw(&path)
        .query_row("SELECT COUNT(*) FROM setting WHERE key LIKE 'campaign.%.browser_profile'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

/// Takes a database back to schema version 5: what migrations 6 (global ids), 7 (document
/// settings) and 8 (review drafts) added is dropped; migration 9 rebuilds the profile column
/// whatever its constraint, so its column is left as it is.
const UNDO_TO_5: &str = "
    DROP TABLE review_draft; ALTER TABLE campaign DROP COLUMN second_approval;
    DROP TRIGGER campaign_uid_fill; DROP TRIGGER site_uid_fill; DROP TRIGGER evaluation_uid_fill;
    DROP TRIGGER criterion_result_uid_fill; DROP TRIGGER attachment_uid_fill; DROP TRIGGER change_log_uid_fill;
    DROP TRIGGER change_log_scope;
    DROP INDEX campaign_uid; DROP INDEX site_uid; DROP INDEX evaluation_uid; DROP INDEX criterion_result_uid;
    DROP INDEX attachment_uid; DROP INDEX change_log_uid; DROP INDEX change_log_scope;
    DROP TABLE assignment;
    ALTER TABLE campaign DROP COLUMN uid; ALTER TABLE site DROP COLUMN uid; ALTER TABLE evaluation DROP COLUMN uid;
    ALTER TABLE criterion_result DROP COLUMN uid; ALTER TABLE criterion_result DROP COLUMN resolves;
    ALTER TABLE attachment DROP COLUMN uid; ALTER TABLE change_log DROP COLUMN uid; ALTER TABLE change_log DROP COLUMN scope_uid;
    ALTER TABLE campaign DROP COLUMN issuer; ALTER TABLE campaign DROP COLUMN place; ALTER TABLE campaign DROP COLUMN signatories;
    DELETE FROM schema_migration WHERE version >= 6;
    PRAGMA user_version = 5;";

/// A database written before global identities: every row gets a uid, older rows sort before
/// newer ones in the order they were written, and the effective results do not change.
#[test]
fn rows_of_a_database_before_global_ids_get_ordered_uids() {
    use ttdt_core::domain::{Outcome, ReviewInput};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    let (site, before) = {
        let mut store = open(&path);
        let c = campaign(&mut store, "Trước khi có mã định danh");
        let s = store.add_site(c, &site("UBND xã Thanh Bình", Level::Commune, "https://thanhbinh.sonha.gov.vn")).unwrap();
        // Many decisions stamped in the same second: only the order they were written tells them apart.
        for (i, outcome) in [Outcome::Pass, Outcome::Fail, Outcome::Pass, Outcome::Fail].into_iter().enumerate() {
            let input = ReviewInput { outcome, share: None, points: None, note: format!("lần {i}"), checklist: vec![], reason: String::new() };
            store.review(s.id, "QL.03", &input).unwrap();
        }
        let before = store.site_detail(s.id).unwrap().criteria.into_iter().find(|c| c.criterion.code == "QL.03").unwrap().result.unwrap();
        (s.id, before)
    };
    raw(&path).execute_batch(UNDO_TO_5).unwrap();
    let store = open(&path);
    let after = store.site_detail(site).unwrap().criteria.into_iter().find(|c| c.criterion.code == "QL.03").unwrap().result.unwrap();
    assert_eq!((after.outcome, after.note.as_str()), (before.outcome, "lần 3"));
    drop(store);
    let conn = raw(&path);
    for table in ["campaign", "site", "evaluation", "criterion_result", "change_log"] {
        let (rows, distinct, missing): (i64, i64, i64) = conn
            .query_row(&format!("SELECT COUNT(*), COUNT(DISTINCT uid), SUM(uid IS NULL) FROM {table}"), [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        assert!(rows > 0, "{table}");
        assert_eq!((distinct, missing), (rows, 0), "{table}");
    }
    let uids: Vec<String> = conn.prepare("SELECT uid FROM criterion_result ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    assert!(uids.windows(2).all(|w| w[0] < w[1]), "{uids:?}");
    // A row written now sorts after all of them.
    let mut store = open(&path);
    let input = ReviewInput { outcome: Outcome::Pass, share: None, points: None, note: "mới".into(), checklist: vec![], reason: String::new() };
    store.review(site, "QL.03", &input).unwrap();
    let newest: String = raw(&path).query_row("SELECT uid FROM criterion_result ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    assert!(uids.iter().all(|u| *u < newest));
}

/// A clock that a test moves forward.
struct StepClock(std::sync::atomic::AtomicI64);

impl ttdt_core::clock::Clock for StepClock {
    fn now(&self) -> time::OffsetDateTime {
        time::macros::datetime!(2026-11-23 09:00 UTC) + time::Duration::seconds(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
}

#[test]
fn old_snapshots_are_pruned_but_the_one_a_finalised_evaluation_was_judged_on() {
    use std::sync::atomic::Ordering;
    use ttdt_core::domain::{Level, NewCampaign, SiteInput};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let clock = std::sync::Arc::new(StepClock(Default::default()));
    let mut store = Store::open_with_clock(&path, clock.clone()).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap();
    let site = |url: &str| SiteInput { agency_name: "UBND xã Thanh Bình".into(), level: Level::Commune, block: String::new(), url: url.into(), parent_site_id: None };
    let finalised = store.add_site(c.id, &site("thanhbinh.sonha.gov.vn")).unwrap().id;
    let draft = store.add_site(c.id, &site("hoabinh.sonha.gov.vn")).unwrap().id;
    let snap = |url: &str| ttdt_core::snapshot::Snapshot::new(url, Level::Commune, None, clock.now(), "ttdt-test");
    use ttdt_core::clock::Clock;
    let mut ids = Vec::new();
    for i in 1..=7 {
        clock.0.store(i * 60, Ordering::SeqCst);
        ids.push(store.save_scan(finalised, &snap("https://thanhbinh.sonha.gov.vn/")).unwrap());
        store.save_scan(draft, &snap("https://hoabinh.sonha.gov.vn/")).unwrap();
        if i == 2 {
            // The evaluation is finalised on the second scan's results.
            raw(&path)
                .execute("UPDATE evaluation SET status = 'finalised', status_at = ?1 WHERE site_id = ?2", rusqlite::params![clock.stamp(), finalised])
                .unwrap();
        }
    }
    let kept = |site: i64| -> Vec<i64> {
        let conn = raw(&path);
        let mut stmt = conn.prepare("SELECT id FROM scan WHERE site_id = ?1 ORDER BY id").unwrap();
        stmt.query_map([site], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(store.scans_kept_per_site().unwrap(), 3);
    assert_eq!(kept(finalised), vec![ids[1], ids[4], ids[5], ids[6]]);
    assert_eq!(kept(draft).len(), 3);
    // The newest is what the app shows and judges again.
    assert_eq!(store.latest_snapshot(finalised).unwrap().unwrap().0, ids[6]);
    assert!(store.set_scans_kept_per_site(0).is_err());
    store.set_scans_kept_per_site(1).unwrap();
    store.save_scan(draft, &snap("https://hoabinh.sonha.gov.vn/")).unwrap();
    assert_eq!(kept(draft).len(), 1);
}
