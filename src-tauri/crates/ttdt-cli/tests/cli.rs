//! The `ttdt` binary against a real database file.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

fn ttdt(db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("ttdt").unwrap();
    cmd.arg("--db").arg(db).env_remove("TTDT_DB").env_remove("RUST_LOG");
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn demo_init_then_campaigns_list_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["demo", "init"]).assert().success().stdout(contains("Chiến dịch mẫu"));
    let list = json(ttdt(&db).args(["campaigns", "list"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "Chiến dịch mẫu");
    assert_eq!(list[0]["site_count"], 4);
    assert_eq!(list[0]["criterion_count"], 56);
    // A second init changes nothing.
    let again = json(ttdt(&db).args(["demo", "init"]));
    assert_eq!(again["created"], false);
    assert_eq!(json(ttdt(&db).args(["campaigns", "list"])).as_array().unwrap().len(), 1);
}

#[test]
fn bad_url_and_duplicate_exit_non_zero_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["campaigns", "create", "--name", "Đánh giá 2026", "--year", "2026"]).assert().success();
    ttdt(&db)
        .args(["sites", "add", "Đánh giá 2026", "--agency", "Sở Tư pháp", "--level", "so", "--url", "https://stp.sonha.gov.vn"])
        .assert()
        .success();
    let before = json(ttdt(&db).args(["sites", "list", "Đánh giá 2026"]));

    ttdt(&db)
        .args(["sites", "add", "Đánh giá 2026", "--agency", "Sở X", "--level", "so", "--url", "ftp://stp.sonha.gov.vn"])
        .assert()
        .failure()
        .stderr(contains("không hợp lệ"));
    ttdt(&db)
        .args(["sites", "add", "Đánh giá 2026", "--agency", "Sở Y", "--level", "so", "--url", "http://STP.sonha.gov.vn/"])
        .assert()
        .failure()
        .stderr(contains("đã có trong chiến dịch"));
    let err = ttdt(&db)
        .args(["--json", "sites", "add", "Đánh giá 2026", "--agency", "Sở Z", "--level", "huyen", "--url", "https://z.gov.vn"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err: Value = serde_json::from_slice(&err).unwrap();
    assert_eq!(err["error"]["code"], "invalid_input");

    assert_eq!(json(ttdt(&db).args(["sites", "list", "Đánh giá 2026"])), before);
}

#[test]
fn sites_add_with_parent_list_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["campaigns", "create", "--name", "A", "--year", "2026"]).assert().success();
    ttdt(&db)
        .args(["sites", "add", "A", "--agency", "UBND tỉnh Sơn Hà", "--level", "province", "--url", "sonha.gov.vn"])
        .assert()
        .success();
    let child = json(ttdt(&db).args([
        "sites", "add", "A", "--agency", "Sở Y tế", "--level", "provincial_department", "--url", "syt.sonha.gov.vn",
        "--parent", "https://sonha.gov.vn",
    ]));
    assert_eq!(child["url"], "https://syt.sonha.gov.vn/");
    assert!(child["parent_site_id"].is_number());
    ttdt(&db).args(["sites", "remove", "A", "syt.sonha.gov.vn"]).assert().success();
    let left = json(ttdt(&db).args(["sites", "list", "A"]));
    assert_eq!(left.as_array().unwrap().len(), 1);
    ttdt(&db).args(["sites", "remove", "A", "syt.sonha.gov.vn"]).assert().failure().stderr(contains("Không tìm thấy"));
}

#[test]
fn removing_a_site_with_work_asks_and_the_removal_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["campaigns", "create", "--name", "A", "--year", "2026"]).assert().success();
    let site = json(ttdt(&db).args(["sites", "add", "A", "--agency", "UBND xã Thanh Bình", "--level", "xa", "--url", "thanhbinh.sonha.gov.vn"]));
    let id = site["id"].as_i64().unwrap().to_string();
    ttdt(&db).args(["review", "set", &id, "QL.03", "--outcome", "pass", "--note", "Có kế hoạch năm 2026"]).assert().success();
    // A site with a reviewer's decision is not removed without --yes, and nothing changes.
    ttdt(&db).args(["sites", "remove", "A", &id]).assert().failure().stderr(contains("1 quyết định của người đánh giá")).stderr(contains("--yes"));
    assert_eq!(json(ttdt(&db).args(["sites", "list", "A"])).as_array().unwrap().len(), 1);
    ttdt(&db).args(["sites", "remove", "A", &id, "--yes"]).assert().success();
    assert_eq!(json(ttdt(&db).args(["sites", "list", "A"])).as_array().unwrap().len(), 0);
    let removed = json(ttdt(&db).args(["sites", "removed", "A"]));
    assert_eq!(removed[0]["results"], 1);
    let archived = removed[0]["id"].as_i64().unwrap().to_string();
    let back = json(ttdt(&db).args(["sites", "restore", "A", &archived]));
    let status = json(ttdt(&db).args(["review", "status", &back["id"].as_i64().unwrap().to_string()]));
    // The restored site holds its decision again: QL.03 is done, no longer blocking.
    assert_eq!(status["progress"]["done"], 1, "{status}");
    assert!(!status["blocking"].as_array().unwrap().iter().any(|c| c == "QL.03"), "{status}");
    ttdt(&db).args(["sites", "restore", "A", &archived]).assert().failure().stderr(contains("đã được khôi phục"));
}

#[test]
fn a_non_database_file_is_refused_without_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    std::fs::write(&db, "không phải cơ sở dữ liệu").unwrap();
    ttdt(&db).args(["campaigns", "list"]).assert().failure().stderr(contains("không phải là cơ sở dữ liệu"));
    assert_eq!(std::fs::read_to_string(&db).unwrap(), "không phải cơ sở dữ liệu");
}

#[test]
fn demo_serve_prints_addresses_and_serves() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ttdt"))
        .args(["--db"])
        .arg(&db)
        .args(["demo", "serve", "--port", &port.to_string()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.contains(&format!("127.0.0.1:{port}")), "{first}");
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /tinh-mau/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(body.starts_with("HTTP/1.1 200"));
    assert!(body.contains("Sơn Hà"));
}

#[test]
fn framework_list_show_validate_import_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let list = json(ttdt(&db).args(["framework", "list"]));
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["TT22-ND224-2026", "TT22-2025"]);

    let show = json(ttdt(&db).args(["framework", "show", "TT22-ND224-2026"]));
    let ct22 = show["criteria"].as_array().unwrap().iter().find(|c| c["code"] == "CT.22").unwrap();
    assert_eq!(ct22["legal_basis"][0]["article"], "Điều 10 khoản 3 điểm b");

    // Export a shipped framework to a file, change its id and points, validate and import it.
    let file = dir.path().join("bo.toml");
    ttdt(&db).args(["framework", "export", "TT22-2025", "-o"]).arg(&file).assert().success();
    let text = std::fs::read_to_string(&file).unwrap().replace("id = \"TT22-2025\"", "id = \"TINH-SONHA-2026\"");
    std::fs::write(&file, &text).unwrap();
    ttdt(&db).args(["framework", "validate"]).arg(&file).assert().success().stdout(contains("Hợp lệ"));
    ttdt(&db).args(["framework", "import"]).arg(&file).assert().success();
    ttdt(&db).args(["framework", "import"]).arg(&file).assert().failure().stderr(contains("thay thế"));
    ttdt(&db).args(["framework", "import", "--replace"]).arg(&file).assert().success();

    // A broken file is refused, naming the criterion, and nothing is imported.
    let broken = dir.path().join("hong.toml");
    std::fs::write(&broken, text.replace("id = \"TINH-SONHA-2026\"", "id = \"HONG\"").replace("method = \"manual\"\npoints = 5", "method = \"manual\"\npoints = -5")).unwrap();
    ttdt(&db).args(["framework", "validate"]).arg(&broken).assert().failure().stderr(contains("AT.01"));
    ttdt(&db).args(["framework", "import"]).arg(&broken).assert().failure().stderr(contains("AT.01"));
    assert_eq!(json(ttdt(&db).args(["framework", "list"])).as_array().unwrap().len(), 3);

    // A campaign's copy exports as a valid file.
    ttdt(&db).args(["campaigns", "create", "--name", "A", "--year", "2026", "--framework", "TINH-SONHA-2026"]).assert().success();
    let out = ttdt(&db).args(["framework", "export", "--campaign", "A"]).output().unwrap();
    assert!(out.status.success());
    let exported = dir.path().join("cd.toml");
    std::fs::write(&exported, &out.stdout).unwrap();
    ttdt(&db).args(["framework", "validate"]).arg(&exported).assert().success().stdout(contains("TINH-SONHA-2026-CD1"));
}

/// Every malformed example in tests/fixtures/frameworks is refused by `validate`, naming the problem.
#[test]
fn framework_validate_refuses_each_malformed_example() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/frameworks");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("x.db");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text.lines().find_map(|l| l.strip_prefix("# expect: ")).map(str::to_string);
        let out = ttdt(&db).args(["framework", "validate"]).arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match expect {
            None => assert!(out.status.success(), "{}: {stderr}", path.display()),
            Some(e) => {
                seen += 1;
                assert!(!out.status.success(), "{} was accepted", path.display());
                assert!(stderr.contains(&e), "{}: expected “{e}” in: {stderr}", path.display());
            }
        }
    }
    assert!(seen >= 10, "only {seen} malformed examples found");
}

/// `framework show TT22-2025` has exactly the codes and points of the reference framework (criteria.md).
#[test]
fn framework_show_tt22_2025_matches_the_reference_table() {
    const REFERENCE: &[(&str, f64)] = &[
        ("KN.01", 4.0), ("KN.02", 3.0), ("KN.03", 2.0), ("KN.04", 2.0), ("KN.05", 2.0), ("KN.06", 1.0), ("KN.07", 1.0),
        ("CT.01", 1.5), ("CT.02", 1.5), ("CT.03", 0.5), ("CT.04", 1.5), ("CT.05", 1.5), ("CT.06", 2.0), ("CT.07", 0.5),
        ("CT.08", 1.5), ("CT.09", 2.0), ("CT.10", 1.0), ("CT.11", 1.0), ("CT.12", 1.0), ("CT.13", 1.0), ("CT.14", 1.0),
        ("CT.15", 1.5), ("CT.16", 2.0), ("CT.17", 0.5), ("CT.18", 1.5), ("CT.19", 1.0), ("CT.20", 1.0), ("CT.21", 0.5),
        ("CT.22", 0.5), ("CT.23", 1.5), ("CT.24", 1.5), ("CT.25", 0.5), ("CT.26", 0.5),
        ("DT.01", 3.0), ("DT.02", 3.0), ("DT.03", 1.0), ("DT.04", 3.0),
        ("TM.01", 4.0), ("TM.02", 3.0), ("TM.03", 2.0), ("TM.04", 1.0),
        ("HN.01", 4.0), ("HN.02", 4.0), ("HN.03", 4.0), ("HN.04", 3.0), ("HN.05", 0.0),
        ("AT.01", 5.0), ("AT.02", 4.0), ("AT.03", 4.0), ("AT.04", 2.0),
        ("QL.01", 2.0), ("QL.02", 1.0), ("QL.03", 1.0), ("QL.04", 0.5), ("QL.05", 0.5),
        ("SD.01", 0.0),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("x.db");
    for id in ["TT22-2025", "TT22-ND224-2026"] {
        let show = json(ttdt(&db).args(["framework", "show", id]));
        let got: Vec<(String, f64)> = show["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["code"].as_str().unwrap().to_string(), c["points"].as_f64().unwrap()))
            .collect();
        let want: Vec<(String, f64)> = REFERENCE.iter().map(|(c, p)| (c.to_string(), *p)).collect();
        assert_eq!(got, want, "{id}");
        let sum: f64 = got.iter().map(|(_, p)| p).sum();
        assert!((sum - 100.0).abs() < 1e-9, "{id}: {sum}");
    }
}

#[test]
fn review_set_status_finalise_through_the_same_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["reviewer", "set", "--name", "Lê Văn Thẩm Định", "--unit", "Sở KH&CN"]).assert().success();
    ttdt(&db).args(["demo", "init"]).assert().success();
    let sites = json(ttdt(&db).args(["sites", "list", "Chiến dịch mẫu"]));
    let commune = sites.as_array().unwrap().iter().find(|s| s["level"] == "commune").unwrap();
    let id = commune["id"].as_i64().unwrap().to_string();

    // A required document: passing without it is refused; with --attach it passes.
    ttdt(&db).args(["review", "set", &id, "QL.01", "--outcome", "pass"]).assert().failure().stderr(contains("bắt buộc có tài liệu"));
    let pdf = dir.path().join("quy-che.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    ttdt(&db).args(["review", "set", &id, "QL.01", "--outcome", "dat", "--check", "1,1,1", "--attach"]).arg(&pdf).assert().success();
    let exe = dir.path().join("quy-che-gia.pdf");
    std::fs::write(&exe, b"MZ\x90\x00").unwrap();
    ttdt(&db).args(["review", "set", &id, "QL.02", "--outcome", "fail", "--attach"]).arg(&exe).assert().failure().stderr(contains("không phải PDF"));
    ttdt(&db).args(["review", "set", &id, "QL.03", "--outcome", "partial", "--points", "3"]).assert().failure().stderr(contains("từ 0 đến 1"));

    // A tool result overridden needs a reason.
    ttdt(&db).args(["results", "record", &id, "KN.01", "--outcome", "fail", "--evidence", "{\"found\":false}"]).assert().success();
    ttdt(&db).args(["review", "set", &id, "KN.01", "--outcome", "pass"]).assert().failure().stderr(contains("lý do"));
    ttdt(&db).args(["review", "set", &id, "KN.01", "--outcome", "pass", "--reason", "Có mã trong khung"]).assert().success();

    let status = json(ttdt(&db).args(["review", "status", &id]));
    assert_eq!(status["status"], "draft");
    assert_eq!(status["progress"]["done"], 2);
    ttdt(&db).args(["review", "finalise", &id]).assert().failure().stderr(contains("Chưa chốt được"));

    let log = json(ttdt(&db).args(["review", "log", &id, "--code", "KN.01"]));
    let entry = log.as_array().unwrap().iter().find(|e| e["reason"] == "Có mã trong khung").unwrap();
    assert_eq!(entry["actor"], "Lê Văn Thẩm Định (Sở KH&CN)");
    let csv = ttdt(&db).args(["review", "log", &id, "--csv"]).output().unwrap();
    assert!(String::from_utf8_lossy(&csv.stdout).contains("Có mã trong khung"));
}

#[test]
fn the_attachment_limit_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert_eq!(json(ttdt(&db).args(["db", "max-attachment-mb"]))["max_attachment_mb"], 50);
    ttdt(&db).args(["db", "max-attachment-mb", "0"]).assert().failure().stderr(contains("từ 1 đến 2048"));
    assert_eq!(json(ttdt(&db).args(["db", "max-attachment-mb", "1"]))["max_attachment_mb"], 1);
    ttdt(&db).args(["reviewer", "set", "--name", "A"]).assert().success();
    ttdt(&db).args(["demo", "init"]).assert().success();
    let big = dir.path().join("lon.pdf");
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(1024 * 1024 + 10, b' ');
    std::fs::write(&big, bytes).unwrap();
    ttdt(&db).args(["review", "set", "1", "AT.01", "--outcome", "fail", "--attach"]).arg(&big).assert().failure().stderr(contains("1 MB"));
}

/// `review set --attach` attached its documents before the decision was checked: a refused
/// decision (bad outcome, override without a reason, points out of range) left a document on
/// the criterion, and every retry added another copy.
#[test]
fn a_refused_decision_with_attach_leaves_no_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["reviewer", "set", "--name", "Lê Văn Thẩm Định"]).assert().success();
    ttdt(&db).args(["demo", "init"]).assert().success();
    let sites = json(ttdt(&db).args(["sites", "list", "Chiến dịch mẫu"]));
    let id = sites.as_array().unwrap().iter().find(|s| s["level"] == "commune").unwrap()["id"].as_i64().unwrap().to_string();
    let pdf = dir.path().join("quy-che.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    ttdt(&db).args(["results", "record", &id, "KN.01", "--outcome", "fail", "--evidence", "{}"]).assert().success();

    let attached = |code: &str| -> usize {
        let log = json(ttdt(&db).args(["review", "log", &id, "--code", code]));
        log.as_array().unwrap().iter().filter(|e| e["field"] == "attached").count()
    };
    let blobs = || -> usize {
        match std::fs::read_dir(dir.path().join("x-attachments")) {
            Ok(dirs) => dirs.map(|d| std::fs::read_dir(d.unwrap().path()).unwrap().count()).sum(),
            Err(_) => 0,
        }
    };
    for _retry in 0..2 {
        ttdt(&db).args(["review", "set", &id, "QL.01", "--outcome", "tot", "--attach"]).arg(&pdf).assert().failure().stderr(contains("không hợp lệ"));
        ttdt(&db).args(["review", "set", &id, "KN.01", "--outcome", "pass", "--attach"]).arg(&pdf).assert().failure().stderr(contains("lý do"));
        ttdt(&db).args(["review", "set", &id, "QL.03", "--outcome", "partial", "--points", "3", "--attach"]).arg(&pdf).assert().failure().stderr(contains("từ 0 đến 1"));
        ttdt(&db).args(["review", "set", &id, "QL.01", "--outcome", "partial", "--attach"]).arg(&pdf).assert().failure().stderr(contains("nhập số điểm"));
    }
    for code in ["QL.01", "KN.01", "QL.03"] {
        assert_eq!(attached(code), 0, "{code}: a refused decision attached a document");
    }
    assert_eq!(blobs(), 0, "a refused decision stored a document");
    let log = json(ttdt(&db).args(["review", "log", &id]));
    assert!(log.as_array().unwrap().iter().all(|e| e["field"] != "attached" && e["field"] != "outcome"), "{log}");

    // Accepted: the document and the decision together; repeating the command adds no copy.
    for _ in 0..2 {
        ttdt(&db)
            .args(["review", "set", &id, "QL.01", "--outcome", "pass", "--check", "1,1,1", "--attach"])
            .arg(&pdf)
            .assert()
            .success()
            .stdout(contains("Đã lưu QL.01"));
    }
    assert_eq!(attached("QL.01"), 1);
    assert_eq!(blobs(), 1);
}

/// The file's length is checked against the limit before it is read: a file of 8 GB (sparse,
/// so it costs no disk) is refused at once, naming the limit, instead of being read into memory.
#[test]
fn an_attachment_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["reviewer", "set", "--name", "A"]).assert().success();
    ttdt(&db).args(["demo", "init"]).assert().success();
    let huge = dir.path().join("rat-lon.pdf");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(8 << 30).unwrap();
    drop(f);
    let started = std::time::Instant::now();
    ttdt(&db)
        .args(["review", "set", "1", "AT.01", "--outcome", "fail", "--attach"])
        .arg(&huge)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .failure()
        .stderr(contains("lớn quá giới hạn 50 MB"));
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
}

#[test]
fn export_and_import_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["reviewer", "set", "--name", "A", "--unit", "Sở KH&CN tỉnh Sơn Hà"]).assert().success();
    ttdt(&db).args(["demo", "init"]).assert().success();
    ttdt(&db).args(["results", "record", "1", "KN.01", "--outcome", "pass"]).assert().success();
    let card = dir.path().join("phieu.xlsx");
    ttdt(&db).args(["export", "scorecard", "1", "-o"]).arg(&card).assert().success();
    assert!(std::fs::read(&card).unwrap().starts_with(b"PK"));
    let book = dir.path().join("xh.xlsx");
    ttdt(&db).args(["export", "ranking", "Chiến dịch mẫu", "--exclude-incomplete", "-o"]).arg(&book).assert().success();
    let csv = ttdt(&db).args(["export", "csv", "Chiến dịch mẫu"]).output().unwrap();
    assert!(String::from_utf8_lossy(&csv.stdout).contains("KN.01"));
    let js = json(ttdt(&db).args(["export", "json", "Chiến dịch mẫu"]));
    assert_eq!(js["ranking"].as_array().unwrap().len(), 4, "four blocks in the demo");

    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/imports");
    ttdt(&db).args(["campaigns", "create", "--name", "Nhập", "--year", "2026"]).assert().success();
    let dry = json(ttdt(&db).args(["import", "sites", "Nhập", "--dry-run"]).arg(fixtures.join("valid.csv")));
    assert_eq!((dry["valid"].as_u64(), dry["committed"].as_bool()), (Some(3), Some(false)));
    assert_eq!(json(ttdt(&db).args(["sites", "list", "Nhập"])).as_array().unwrap().len(), 0);
    ttdt(&db).args(["import", "sites", "Nhập"]).arg(fixtures.join("valid.csv")).assert().success().stdout(contains("Đã nhập 3 trang"));
    ttdt(&db).args(["import", "sites", "Nhập"]).arg(fixtures.join("bad-rows.csv")).assert().failure().stdout(contains("dòng 3: thiếu tên cơ quan"));
    assert_eq!(json(ttdt(&db).args(["sites", "list", "Nhập"])).as_array().unwrap().len(), 3, "nothing half-imported");
    ttdt(&db).args(["import", "sites", "Nhập"]).arg(fixtures.join("not-a-spreadsheet.xlsx")).assert().failure().stderr(contains("không phải bảng tính"));
    ttdt(&db).args(["import", "sites", "Nhập", "--map", "agency=2,level=3,url=x"]).arg(fixtures.join("valid.csv")).assert().failure().stderr(contains("Ánh xạ cột"));
}

/// An official list as agencies send it (title rows, a numbering row, signatures below): the
/// command line finds its header as the app's preview does, imports the good rows, writes the
/// refused ones to a CSV, and with `--update-existing` updates a site already in the campaign.
#[test]
fn an_official_list_is_imported_past_its_title_rows_with_refused_rows_written_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ttdt.db");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/imports");
    ttdt(&db).args(["campaigns", "create", "--name", "Sơn Hà", "--year", "2026"]).assert().success();
    let rejected = dir.path().join("dong-loi.csv");
    let report = json(ttdt(&db).args(["import", "sites", "Sơn Hà", "--skip-errors", "--rejected"]).arg(&rejected).arg(fixtures.join("danh-sach-so-nganh-xa-son-ha-2026.xlsx")));
    // Ten good rows (a province, six departments, three communes); lines 16 to 19 are refused.
    assert_eq!((report["added"].as_u64(), report["invalid"].as_u64(), report["committed"].as_bool()), (Some(10), Some(4), Some(true)), "{report}");
    let refused: Vec<u64> = report["rows"].as_array().unwrap().iter().filter(|r| !r["errors"].as_array().unwrap().is_empty()).map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(refused, [16, 17, 18, 19]);
    let csv = std::fs::read_to_string(&rejected).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "the header and the four refused rows:\n{csv}");
    assert!(lines[0].contains("Dòng") && lines[0].contains("Tên cơ quan") && lines[0].contains("Lý do"), "{csv}");
    let line_of = |l: &str| l.split(',').next().unwrap().trim_matches('"').to_string();
    assert_eq!(lines[1..].iter().map(|l| line_of(l)).collect::<Vec<_>>(), ["16", "17", "18", "19"], "{csv}");
    assert!(lines[4].contains("thiếu tên cơ quan"), "each row with its reason: {csv}");
    let sites = json(ttdt(&db).args(["sites", "list", "Sơn Hà"]));
    assert_eq!(sites.as_array().unwrap().len(), 10);

    // A corrected row for a site already there: refused as a duplicate without the flag, an
    // update with it; an identical row changes nothing.
    let province = sites.as_array().unwrap().iter().find(|s| s["level"] == "province").expect("the province's portal");
    let url = province["url"].as_str().unwrap();
    let level_vi = "Tỉnh";
    let fixed = dir.path().join("sua.csv");
    std::fs::write(&fixed, format!("Tên cơ quan,Cấp,Địa chỉ\nTên đã sửa của cơ quan,\"{level_vi}\",{url}\n")).unwrap();
    ttdt(&db).args(["import", "sites", "Sơn Hà"]).arg(&fixed).assert().failure().stdout(contains("dòng 2"));
    let report = json(ttdt(&db).args(["import", "sites", "Sơn Hà", "--update-existing"]).arg(&fixed));
    assert_eq!((report["added"].as_u64(), report["updated"].as_u64()), (Some(0), Some(1)), "{report}");
    let sites = json(ttdt(&db).args(["sites", "list", "Sơn Hà"]));
    assert_eq!(sites.as_array().unwrap().len(), 10);
    assert!(sites.as_array().unwrap().iter().any(|s| s["agency_name"] == "Tên đã sửa của cơ quan" && s["url"] == url), "{sites}");
    let again = json(ttdt(&db).args(["import", "sites", "Sơn Hà", "--update-existing"]).arg(&fixed));
    assert_eq!(again["updated"].as_u64(), Some(0), "the same details again update nothing: {again}");
}

/// The team workflow from the command line: assign, export for one inspector, work there, bring
/// the work back, list and settle a conflict.
#[test]
fn bundles_carry_work_between_databases_and_list_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (coord, an, binh) = (dir.path().join("dieu-phoi.db"), dir.path().join("an.db"), dir.path().join("binh.db"));
    ttdt(&coord).args(["campaigns", "create", "--name", "A", "--year", "2026"]).assert().success();
    let site = json(ttdt(&coord).args(["sites", "add", "A", "--agency", "UBND xã Thanh Bình", "--level", "xa", "--url", "thanhbinh.sonha.gov.vn"]));
    let id = site["id"].as_i64().unwrap().to_string();
    let assigned = json(ttdt(&coord).args(["sites", "assign", "A", &id, "--inspector", "Nguyễn Văn An", "--unit", "Đoàn 1"]));
    assert_eq!(assigned["assigned"], 1);
    let out = dir.path().join("an.ttdt");
    let written = json(ttdt(&coord).args(["bundle", "export", "A", "--inspector", "Nguyễn Văn An", "-o"]).arg(&out));
    assert_eq!(written["sites"], 1);
    // Nobody else has sites: a bundle for them is refused and no file is written.
    let other = dir.path().join("khac.ttdt");
    ttdt(&coord).args(["bundle", "export", "A", "--inspector", "Người Khác", "-o"]).arg(&other).assert().failure().stderr(contains("Chưa có trang nào"));
    assert!(!other.exists());

    for (db, who, outcome) in [(&an, "Nguyễn Văn An", "pass"), (&binh, "Lê Thị Bình", "fail")] {
        let dry = json(ttdt(db).args(["bundle", "import", "--dry-run"]).arg(&out));
        assert_eq!(dry["added"], json(ttdt(db).args(["bundle", "import"]).arg(&out))["added"]);
        ttdt(db).args(["reviewer", "set", "--name", who]).assert().success();
        let local = json(ttdt(db).args(["sites", "list", "A"]))[0]["id"].as_i64().unwrap().to_string();
        ttdt(db).args(["review", "set", &local, "QL.03", "--outcome", outcome]).assert().success();
        let back = dir.path().join(format!("{who}.ttdt"));
        ttdt(db).args(["bundle", "export", "A", "-o"]).arg(&back).assert().success();
        let merged = json(ttdt(&coord).args(["bundle", "import"]).arg(&back));
        assert!(merged["added"].as_u64().unwrap() >= 2, "{merged}");
        assert_eq!(merged["already_present"].as_u64().unwrap() > 0, true, "{merged}");
        // Importing the same bundle again adds nothing.
        assert_eq!(json(ttdt(&coord).args(["bundle", "import"]).arg(&back))["added"], 0);
    }
    let conflicts = json(ttdt(&coord).args(["bundle", "conflicts", "A"]));
    assert_eq!(conflicts.as_array().unwrap().len(), 1, "{conflicts}");
    assert_eq!(conflicts[0]["criterion_code"], "QL.03");
    let who: Vec<&str> = conflicts[0]["decisions"].as_array().unwrap().iter().map(|d| d["asserted_by"].as_str().unwrap()).collect();
    assert_eq!(who, ["Nguyễn Văn An", "Lê Thị Bình"]);
    ttdt(&coord).args(["bundle", "conflicts", "A"]).assert().success().stdout(contains("Hai quyết định khác nhau"));
    ttdt(&coord).args(["review", "set", &id, "QL.03", "--outcome", "pass", "--note", "Đã đối chiếu"]).assert().success();
    assert_eq!(json(ttdt(&coord).args(["bundle", "conflicts", "A"])).as_array().unwrap().len(), 0);

    // A file that is not a bundle is refused with a Vietnamese message, exit 1.
    let junk = dir.path().join("hong.ttdt");
    std::fs::write(&junk, b"khong phai goi").unwrap();
    ttdt(&coord).args(["bundle", "import"]).arg(&junk).assert().code(1).stderr(contains("không phải là gói công việc"));
}

/// Whether the tests run as root, for whom file permissions do not bind.
#[cfg(unix)]
fn running_as_root() -> bool {
    std::process::Command::new("id").arg("-u").output().map(|o| o.stdout.trim_ascii() == b"0").unwrap_or(false)
}

/// The `ttdt` binary run as a user that file permissions bind: `nobody` when the tests run as
/// root, else the current user. The binary is copied into `dir`, so that the other user can run
/// it wherever the build is.
#[cfg(unix)]
fn ttdt_bound_by_permissions(dir: &std::path::Path, db: &std::path::Path) -> Command {
    let bin = dir.join("ttdt");
    if !bin.exists() {
        std::fs::copy(assert_cmd::cargo::cargo_bin("ttdt"), &bin).unwrap();
    }
    let mut cmd = if running_as_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    cmd.arg("--db").arg(db).env_remove("TTDT_DB").env_remove("RUST_LOG");
    cmd
}

#[cfg(unix)]
#[test]
fn a_database_that_cannot_be_written_here_is_read_and_refuses_changes_in_vietnamese() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let outer = tempfile::tempdir().unwrap();
    mode(outer.path(), 0o755);
    let dir = outer.path().join("chi-doc");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("x.db");
    ttdt(&db).args(["demo", "init"]).assert().success();
    let run = || ttdt_bound_by_permissions(&dir, &db);
    run(); // copies the binary in
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        names
    };
    let before = listing();

    // A read-only file in a read-only folder: listing works; a change is refused with a
    // Vietnamese message and nothing is written, not even a file beside it.
    mode(&db, 0o444);
    mode(&dir, 0o555);
    let out = run().args(["--json", "campaigns", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["name"], "Chiến dịch mẫu");
    let out = run().args(["--json", "campaigns", "create", "--name", "B", "--year", "2026"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "db_read_only", "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("chỉ đọc"), "{err}");
    assert_eq!(listing(), before, "nothing is created beside a database that cannot be written");

    // The same read-only file in a folder that can be written (a `-shm` may be made there, with
    // the file's read-only permissions): still read, still refused.
    let owner = if running_as_root() { Some(65534) } else { None };
    std::os::unix::fs::chown(&dir, owner, owner).unwrap();
    std::os::unix::fs::chown(&db, owner, owner).unwrap();
    mode(&dir, 0o755);
    let out = run().args(["--json", "campaigns", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    run().args(["campaigns", "create", "--name", "B", "--year", "2026"]).assert().code(1).stderr(contains("chỉ đọc"));

    // A `-shm` left read-only from that time does not keep the database read-only once the
    // database is writable again.
    let mut shm = db.clone().into_os_string();
    shm.push("-shm");
    let shm = std::path::PathBuf::from(shm);
    if !shm.exists() {
        std::fs::write(&shm, vec![0u8; 32768]).unwrap();
        std::os::unix::fs::chown(&shm, owner, owner).unwrap();
    }
    mode(&shm, 0o444);
    mode(&db, 0o644);
    run().args(["campaigns", "create", "--name", "B", "--year", "2026"]).assert().success();
    let out = run().args(["--json", "campaigns", "list"]).output().unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap().as_array().unwrap().len(), 2);
}
