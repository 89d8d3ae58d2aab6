//! Team work through bundle files, on real database files: a coordinator's campaign carried to two
//! inspectors' laptops, their work carried back and merged in either order into the same result.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use ttdt_core::bundle;
use ttdt_core::clock::FixedClock;
use ttdt_core::domain::{Level, NewCampaign, NewResult, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::Store;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn open_at(path: &Path, hour: u8) -> Store {
    let at = time::macros::datetime!(2026-11-23 00:00 UTC).replace_hour(hour).unwrap();
    Store::open_with_clock(path, Arc::new(FixedClock(at))).unwrap()
}

fn as_reviewer(store: &mut Store, name: &str, unit: &str) {
    store.set_reviewer(&Reviewer { name: name.into(), unit: unit.into() }).unwrap();
}

fn decide(outcome: Outcome, note: &str) -> ReviewInput {
    ReviewInput { outcome, share: None, points: None, note: note.into(), checklist: vec![], reason: String::new() }
}

fn site_input(agency: &str, level: Level, url: &str) -> SiteInput {
    SiteInput { agency_name: agency.into(), level, block: String::new(), url: url.into(), parent_site_id: None }
}

/// The coordinator's database: a campaign of three sites, two of them scanned.
fn coordinator(dir: &Path) -> (i64, Vec<i64>) {
    let mut store = open_at(&dir.join("dieu-phoi.db"), 8);
    as_reviewer(&mut store, "Trần Điều Phối", "Cục Chuyển đổi số quốc gia");
    let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap();
    let province = store.add_site(c.id, &site_input("UBND tỉnh Sơn Hà", Level::Province, "https://sonha.gov.vn")).unwrap();
    let mut dept = site_input("Sở Khoa học và Công nghệ tỉnh Sơn Hà", Level::ProvincialDepartment, "https://skhcn.sonha.gov.vn");
    dept.parent_site_id = Some(province.id);
    let dept = store.add_site(c.id, &dept).unwrap();
    let commune = store.add_site(c.id, &site_input("UBND xã Thanh Bình", Level::Commune, "https://thanhbinh.sonha.gov.vn")).unwrap();
    for site in [province.id, dept.id] {
        for (code, outcome) in [("TM.03", Outcome::Pass), ("CT.15", Outcome::Fail)] {
            let r = NewResult { criterion_code: code.into(), outcome, share: 0.0, evidence: serde_json::json!({"seen": true}), note: String::new() };
            store.record_tool_result(site, &r).unwrap();
        }
    }
    store.assign_sites(&[province.id, commune.id], "Nguyễn Văn An", "Đoàn 1").unwrap();
    store.assign_sites(&[dept.id, commune.id], "Lê Thị Bình", "Đoàn 2").unwrap();
    store.assign_sites(&[commune.id], "Nguyễn Văn An", "Đoàn 1").unwrap();
    (c.id, vec![province.id, dept.id, commune.id])
}

fn export(store: &Store, campaign: i64, sites: &[i64], to: &Path) -> Vec<u8> {
    bundle::save_bundle(store, campaign, sites, to).unwrap();
    std::fs::read(to).unwrap()
}

/// What must be the same on two merged databases: every row of the campaign by uid (local keys
/// left out), and the effective result and score of every site.
fn content(store: &Store, campaign: i64) -> (serde_json::Value, Vec<(String, String, String, f64, String)>, Vec<f64>) {
    let mut data = store.bundle_data(campaign, &[]).unwrap();
    for c in &mut data.changes {
        c.as_object_mut().unwrap().remove("entity_id");
    }
    let rows = serde_json::to_value(&data).unwrap();
    let scores = store.campaign_scores(campaign).unwrap();
    let mut effective = Vec::new();
    for site in &scores.sites {
        let uid = data.sites.iter().find(|s| s["url"] == site.url.as_str()).unwrap()["uid"].as_str().unwrap().to_string();
        for c in &scores.criteria {
            if let Some(r) = scores.result(site.id, &c.code) {
                effective.push((uid.clone(), c.code.clone(), r.outcome.as_str().to_string(), r.points, r.asserted_by.to_string()));
            }
        }
    }
    effective.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let totals = scores.scores.iter().map(|s| s.card.total).collect();
    (rows, effective, totals)
}

#[test]
fn two_inspectors_work_merges_into_the_same_result_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (campaign, sites) = coordinator(d);
    let (province, dept, commune) = (sites[0], sites[1], sites[2]);

    // The coordinator sends each inspector a bundle of their sites.
    let coord = open_at(&d.join("dieu-phoi.db"), 8);
    let to_an = export(&coord, campaign, &coord.sites_of_inspector(campaign, "Nguyễn Văn An").unwrap(), &d.join("an.ttdt"));
    assert_eq!(coord.sites_of_inspector(campaign, "Nguyễn Văn An").unwrap(), vec![province, commune]);
    assert_eq!(coord.sites_of_inspector(campaign, "Lê Thị Bình").unwrap(), vec![dept]);
    // The commune also goes to Bình, for a second opinion.
    let to_binh = export(&coord, campaign, &[dept, commune], &d.join("binh.ttdt"));
    drop(coord);

    // Inspector An: the province and the commune, a document, and QL.03 of the commune.
    let mut an = open_at(&d.join("an.db"), 9);
    as_reviewer(&mut an, "Nguyễn Văn An", "Đoàn 1");
    let got = bundle::import_bundle_bytes(&mut an, to_an.clone(), false).unwrap();
    assert!(got.campaign_created);
    assert_eq!(got.sites, 2);
    let an_campaign = got.campaign_id;
    let an_sites = an.list_sites(an_campaign).unwrap();
    assert_eq!(an_sites.len(), 2);
    let an_province = an_sites.iter().find(|s| s.url.contains("//sonha")).unwrap().id;
    let an_commune = an_sites.iter().find(|s| s.url.contains("thanhbinh")).unwrap().id;
    assert_eq!(an_sites.iter().find(|s| s.id == an_commune).unwrap().assignee.as_deref(), Some("Nguyễn Văn An (Đoàn 1)"));
    an.review(an_province, "QL.04", &decide(Outcome::Pass, "Có quy chế")).unwrap();
    let doc = an.attach(an_province, "QL.01", "Quyết định ban hành quy chế.pdf", PDF).unwrap();
    an.review(an_commune, "QL.03", &decide(Outcome::Pass, "Đủ")).unwrap();
    let from_an = export(&an, an_campaign, &[], &d.join("tu-an.ttdt"));
    drop(an);

    // Inspector Bình: the department and the commune; QL.03 of the commune decided otherwise.
    let mut binh = open_at(&d.join("binh.db"), 10);
    as_reviewer(&mut binh, "Lê Thị Bình", "Đoàn 2");
    let got = bundle::import_bundle_bytes(&mut binh, to_binh, false).unwrap();
    let b_sites = binh.list_sites(got.campaign_id).unwrap();
    let b_dept = b_sites.iter().find(|s| s.url.contains("skhcn")).unwrap().id;
    let b_commune = b_sites.iter().find(|s| s.url.contains("thanhbinh")).unwrap().id;
    binh.review(b_dept, "QL.04", &decide(Outcome::Fail, "Không có quy chế")).unwrap();
    binh.review(b_commune, "QL.03", &decide(Outcome::Fail, "Thiếu quy trình")).unwrap();
    let from_binh = export(&binh, got.campaign_id, &[], &d.join("tu-binh.ttdt"));
    drop(binh);

    // Two copies of the coordinator's database merge the bundles in opposite orders.
    std::fs::copy(d.join("dieu-phoi.db"), d.join("c1.db")).unwrap();
    std::fs::copy(d.join("dieu-phoi.db"), d.join("c2.db")).unwrap();
    let mut c1 = open_at(&d.join("c1.db"), 11);
    let mut c2 = open_at(&d.join("c2.db"), 11);
    for (store, first, second) in [(&mut c1, &from_an, &from_binh), (&mut c2, &from_binh, &from_an)] {
        let a = bundle::import_bundle_bytes(store, first.clone(), false).unwrap();
        assert!(!a.campaign_created);
        assert!(a.added > 0 && a.already_present > 0, "{a:?}");
        let b = bundle::import_bundle_bytes(store, second.clone(), false).unwrap();
        assert_eq!(b.conflicts, 1, "{b:?}");
    }
    assert_eq!(content(&c1, campaign), content(&c2, campaign));

    // Every decision keeps its reviewer's name.
    let detail = c1.site_detail(province).unwrap();
    let ql04 = detail.criteria.iter().find(|c| c.criterion.code == "QL.04").unwrap();
    assert_eq!(ql04.result.as_ref().unwrap().asserted_by, "Nguyễn Văn An (Đoàn 1)");
    let detail = c1.site_detail(dept).unwrap();
    let ql04 = detail.criteria.iter().find(|c| c.criterion.code == "QL.04").unwrap();
    assert_eq!(ql04.result.as_ref().unwrap().asserted_by, "Lê Thị Bình (Đoàn 2)");
    assert_eq!(ql04.result.as_ref().unwrap().outcome, Outcome::Fail);
    // The tool's results are still there beside them.
    let tm03 = detail.criteria.iter().find(|c| c.criterion.code == "TM.03").unwrap();
    assert_eq!(tm03.result.as_ref().unwrap().outcome, Outcome::Pass);

    // The document arrived with the same content.
    let detail = c2.site_detail(province).unwrap();
    let ql01 = detail.criteria.iter().find(|c| c.criterion.code == "QL.01").unwrap();
    assert_eq!(ql01.attachments.len(), 1);
    assert_eq!(ql01.attachments[0].sha256, doc.sha256);
    let bytes = std::fs::read(c2.attachment_file(ql01.attachments[0].id).unwrap()).unwrap();
    assert_eq!(ttdt_core::text::hex(&Sha256::digest(&bytes)), doc.sha256);

    // The common criterion is a conflict, with both decisions.
    for store in [&c1, &c2] {
        let conflicts = store.conflicts(campaign).unwrap();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let k = &conflicts[0];
        assert_eq!((k.site_id, k.criterion_code.as_str()), (commune, "QL.03"));
        let who: Vec<(&str, Outcome, &str)> = k.decisions.iter().map(|d| (d.asserted_by.as_str(), d.outcome, d.note.as_str())).collect();
        assert_eq!(who, vec![
            ("Nguyễn Văn An (Đoàn 1)", Outcome::Pass, "Đủ"),
            ("Lê Thị Bình (Đoàn 2)", Outcome::Fail, "Thiếu quy trình"),
        ]);
    }
    // Until the coordinator decides, the documented rule holds: the newest decision.
    let commune_result = |s: &Store| s.campaign_scores(campaign).unwrap().result(commune, "QL.03").map(|r| r.outcome);
    assert_eq!(commune_result(&c1), Some(Outcome::Fail));

    // A re-import adds nothing.
    let again = bundle::import_bundle_bytes(&mut c1, from_an.clone(), false).unwrap();
    assert_eq!(again.added, 0, "{again:?}");
    assert_eq!(content(&c1, campaign), content(&c2, campaign));

    // The coordinator settles the conflict, even by confirming the decision in force.
    as_reviewer(&mut c1, "Trần Điều Phối", "Cục Chuyển đổi số quốc gia");
    c1.review(commune, "QL.03", &decide(Outcome::Fail, "Đã đối chiếu với quy chế")).unwrap();
    assert!(c1.conflicts(campaign).unwrap().is_empty());
    assert_eq!(commune_result(&c1), Some(Outcome::Fail));
    // Carried back to the other copy, the settlement settles it there too.
    let settled = export(&c1, campaign, &[commune], &d.join("quyet-dinh.ttdt"));
    bundle::import_bundle_bytes(&mut c2, settled, false).unwrap();
    assert!(c2.conflicts(campaign).unwrap().is_empty());
}

#[test]
fn a_damaged_bundle_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (campaign, sites) = coordinator(d);
    let mut store = open_at(&d.join("dieu-phoi.db"), 8);
    store.review(sites[0], "QL.04", &decide(Outcome::Pass, "")).unwrap();
    store.attach(sites[0], "QL.01", "quy-che.pdf", PDF).unwrap();
    let good = export(&store, campaign, &[], &d.join("goi.ttdt"));
    drop(store);

    let fresh = d.join("moi.db");
    drop(open_at(&fresh, 9));
    let before = std::fs::read(&fresh).unwrap();
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    // One byte changed at several places (the manifest, the rows, a document), and the file cut short.
    for at in [good.len() / 5, good.len() / 3, good.len() / 2, good.len() * 3 / 4, good.len() - 30] {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        cases.push((format!("byte {at} changed"), bad));
    }
    cases.push(("cut in half".into(), good[..good.len() / 2].to_vec()));
    cases.push(("cut by one byte".into(), good[..good.len() - 1].to_vec()));
    cases.push(("empty".into(), Vec::new()));
    cases.push(("not a zip".into(), b"PK\x03\x04 khong phai goi".to_vec()));
    for (what, bytes) in cases {
        let mut store = open_at(&fresh, 9);
        let err = bundle::import_bundle_bytes(&mut store, bytes, false).expect_err(&what);
        assert_eq!(err.code(), "bundle_refused", "{what}: {err}");
        assert!(err.user_message().contains("Cơ sở dữ liệu được giữ nguyên"), "{what}");
        assert!(store.list_campaigns().unwrap().is_empty(), "{what}");
        drop(store);
        assert!(!fresh.with_file_name("moi.db-attachments").exists() || std::fs::read_dir(fresh.with_file_name("moi.db-attachments")).unwrap().next().is_none(), "{what}");
    }
    // The database file itself is as it was (the last connection closed, the WAL folded back).
    assert_eq!(std::fs::read(&fresh).unwrap().len(), before.len());

    // The intact bundle goes in; a dry run before it says the same and writes nothing.
    let mut store = open_at(&fresh, 9);
    let dry = bundle::import_bundle_bytes(&mut store, good.clone(), true).unwrap();
    assert!(dry.dry_run && dry.campaign_created && dry.added > 0);
    assert!(store.list_campaigns().unwrap().is_empty());
    let real = bundle::import_bundle_bytes(&mut store, good, false).unwrap();
    assert_eq!((real.added, real.already_present, real.conflicts), (dry.added, dry.already_present, dry.conflicts));
    assert_eq!(store.list_sites(real.campaign_id).unwrap().len(), 3);
}

#[test]
fn a_bundle_with_another_framework_copy_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (campaign, _) = coordinator(d);
    let store = open_at(&d.join("dieu-phoi.db"), 8);
    let bytes = export(&store, campaign, &[], &d.join("goi.ttdt"));
    drop(store);
    std::fs::copy(d.join("dieu-phoi.db"), d.join("khac.db")).unwrap();
    let mut other = open_at(&d.join("khac.db"), 9);
    let edit = ttdt_core::domain::CriterionEdit { points: Some(4.0), ..Default::default() };
    other.edit_campaign_criterion(campaign, "QL.04", &edit).unwrap();
    let err = bundle::import_bundle_bytes(&mut other, bytes, false).unwrap_err();
    assert_eq!(err.code(), "bundle_refused");
    assert!(err.user_message().contains("bộ tiêu chí"), "{}", err.user_message());
}
