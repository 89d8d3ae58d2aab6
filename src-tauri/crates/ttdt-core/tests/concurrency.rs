//! One database, several programs: another program's SQLite file is refused untouched, writers
//! wait for each other instead of failing, first opens and the demo campaign are created once.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Barrier};
use std::thread;
use std::time::Duration;

use ttdt_core::demo::{self, DEMO_CAMPAIGN_NAME, DEMO_PORTALS};
use ttdt_core::domain::{Level, NewCampaign, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::Store;

/// Every file in a folder with its bytes.
fn folder(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect();
    out.sort();
    out
}

fn refused_untouched(path: &Path) {
    let before = folder(path.parent().unwrap());
    let err = Store::open(path).unwrap_err();
    assert_eq!(err.code(), "db_not_database", "{err}");
    assert!(err.user_message().contains("không phải là cơ sở dữ liệu của TTĐT Workbench"), "{}", err.user_message());
    // Not a byte changed, and no journal, WAL or shared-memory file left beside it.
    assert_eq!(folder(path.parent().unwrap()), before);
}

#[test]
fn another_programs_sqlite_database_is_refused_before_any_write() {
    let dir = tempfile::tempdir().unwrap();
    // A notes application's file: its own tables, user_version 0, rollback journal.
    let notes = dir.path().join("ghi-chu.db");
    {
        let c = rusqlite::Connection::open(&notes).unwrap();
        c.execute_batch("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO note (body) VALUES ('Họp giao ban thứ Hai');").unwrap();
    }
    refused_untouched(&notes);

    // One that numbers its own schema (user_version 2): our migration 3 must not run on it.
    let other = tempfile::tempdir().unwrap();
    let versioned = other.path().join("quan-ly-van-ban.db");
    {
        let c = rusqlite::Connection::open(&versioned).unwrap();
        c.execute_batch("CREATE TABLE van_ban (so_hieu TEXT PRIMARY KEY, trich_yeu TEXT); PRAGMA user_version = 2;").unwrap();
    }
    refused_untouched(&versioned);

    // One that says whose it is, through its application id.
    let third = tempfile::tempdir().unwrap();
    let marked = third.path().join("khac.db");
    {
        let c = rusqlite::Connection::open(&marked).unwrap();
        c.execute_batch("PRAGMA application_id = 1234; CREATE TABLE t (x);").unwrap();
    }
    refused_untouched(&marked);
}

#[test]
fn an_empty_sqlite_file_and_an_older_database_of_ours_are_opened() {
    let dir = tempfile::tempdir().unwrap();
    // An empty database (a header, no table): ours to set up.
    let empty = dir.path().join("moi.db");
    rusqlite::Connection::open(&empty).unwrap().execute_batch("PRAGMA user_version = 0; VACUUM;").unwrap();
    let store = Store::open(&empty).unwrap();
    assert!(!store.list_frameworks().unwrap().is_empty());
    drop(store);
    // A database of ours written before the application id was set is still ours.
    rusqlite::Connection::open(&empty).unwrap().execute_batch("PRAGMA application_id = 0;").unwrap();
    Store::open(&empty).unwrap();
    let id: i32 = rusqlite::Connection::open(&empty).unwrap().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(id, ttdt_core::storage::APPLICATION_ID);
}

/// A campaign with `n` communes; returns their site ids.
fn campaign_with_sites(path: &Path, n: usize) -> Vec<i64> {
    let mut store = Store::open(path).unwrap();
    store.set_reviewer(&Reviewer { name: "Nguyễn Thị Kiểm Tra".into(), unit: "Sở KH&CN tỉnh Sơn Hà".into() }).unwrap();
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap();
    (0..n)
        .map(|i| {
            let site = SiteInput {
                agency_name: format!("UBND xã Thanh Bình {i}"),
                level: Level::Commune,
                block: String::new(),
                url: format!("https://xa{i}.sonha.gov.vn"),
                parent_site_id: None,
            };
            store.add_site(c.id, &site).unwrap().id
        })
        .collect()
}

fn decision(note: String) -> ReviewInput {
    ReviewInput { outcome: Outcome::Pass, share: None, points: None, note, checklist: vec![], reason: String::new() }
}

#[test]
fn parallel_saves_from_two_connections_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chung.db");
    let sites = campaign_with_sites(&path, 10);
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (path, sites, start) = (path.clone(), sites.clone(), start.clone());
            thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                start.wait();
                let mut failed = Vec::new();
                for i in 0..100 {
                    let site = sites[(i + w) % sites.len()];
                    let code = if w == 0 { "QL.03" } else { "QL.04" };
                    if let Err(e) = store.review(site, code, &decision(format!("lần {i} của người {w}"))) {
                        failed.push(format!("{}: {e}", e.code()));
                    }
                }
                failed
            })
        })
        .collect();
    for w in writers {
        let failed = w.join().unwrap();
        assert!(failed.is_empty(), "{} of 100 saves failed: {:?}", failed.len(), &failed[..failed.len().min(3)]);
    }
    let saved: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM criterion_result WHERE note LIKE 'lần %'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(saved, 200);
}

#[test]
fn a_save_waits_for_another_writer_holding_the_lock_then_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("khoa.db");
    let site = campaign_with_sites(&path, 1)[0];
    let mut store = Store::open(&path).unwrap();
    let (locked, wait_locked) = mpsc::channel();
    let holder = {
        let path = path.clone();
        thread::spawn(move || {
            let mut other = rusqlite::Connection::open(&path).unwrap();
            let tx = other.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
            tx.execute("INSERT INTO setting (key, value) VALUES ('chuong-trinh-khac', 'đang ghi')", []).unwrap();
            locked.send(()).unwrap();
            thread::sleep(Duration::from_secs(2));
            tx.commit().unwrap();
        })
    };
    wait_locked.recv().unwrap();
    // The other connection holds the write lock now; the save waits for it instead of failing.
    let saved = store.review(site, "QL.03", &decision("sau khi chương trình khác ghi xong".into())).unwrap();
    holder.join().unwrap();
    assert_eq!(saved.note, "sau khi chương trình khác ghi xong");
    assert_eq!(store.setting("chuong-trinh-khac").unwrap().as_deref(), Some("đang ghi"));
}

#[test]
fn parallel_first_opens_apply_each_migration_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("moi-tinh.db");
    let start = Arc::new(Barrier::new(6));
    let openers: Vec<_> = (0..6)
        .map(|_| {
            let (path, start) = (path.clone(), start.clone());
            thread::spawn(move || {
                start.wait();
                Store::open(&path).map(|_| ()).map_err(|e| e.to_string())
            })
        })
        .collect();
    for o in openers {
        o.join().unwrap().unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: i64 = conn.query_row("SELECT COUNT(*) FROM schema_migration", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, ttdt_core::storage::SCHEMA_VERSION);
    let frameworks: i64 = conn.query_row("SELECT COUNT(*) FROM framework", [], |r| r.get(0)).unwrap();
    assert_eq!(frameworks, 2);
}

#[test]
fn the_demo_campaign_is_created_whole_once_and_repaired_on_launch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    Store::open(&path).unwrap();
    let base = "http://127.0.0.1:47380";
    let start = Arc::new(Barrier::new(3));
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let (path, start) = (path.clone(), start.clone());
            thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                start.wait();
                demo::init_demo(&mut store, base).map(|(_, created)| created).map_err(|e| e.to_string())
            })
        })
        .collect();
    let created: Vec<bool> = runs.into_iter().map(|r| r.join().unwrap().unwrap()).collect();
    assert_eq!(created.iter().filter(|c| **c).count(), 1, "{created:?}");
    let mut store = Store::open(&path).unwrap();
    let campaigns = store.list_campaigns().unwrap();
    assert_eq!(campaigns.len(), 1);
    let demo_id = campaigns[0].id;
    assert_eq!(store.list_sites(demo_id).unwrap().len(), DEMO_PORTALS.len());

    // A demo campaign left partial (as an interrupted first run of an older version could leave
    // it) gets its missing portals back on the next launch, the parent linked.
    let sites = store.list_sites(demo_id).unwrap();
    for s in sites.iter().filter(|s| s.url.contains("so-mau") || s.url.contains("xa-mau")) {
        store.remove_site(s.id).unwrap();
    }
    assert_eq!(store.list_sites(demo_id).unwrap().len(), 2);
    assert!(demo::ensure_demo_on_first_launch(&mut store, base).unwrap().is_none());
    let sites = store.list_sites(demo_id).unwrap();
    assert_eq!(sites.len(), DEMO_PORTALS.len());
    let province = sites.iter().find(|s| s.url.contains("tinh-mau")).unwrap().id;
    let department = sites.iter().find(|s| s.url.contains("so-mau")).unwrap();
    assert_eq!(department.parent_site_id, Some(province));
    assert_eq!(store.find_campaign(DEMO_CAMPAIGN_NAME).unwrap().id, demo_id);
}
