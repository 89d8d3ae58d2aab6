//! `ttdt scan` against fixture portals served on loopback under their real host names, with
//! HTTPS from the fixture server's certificate authority.

use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use ttdt_testkit::{fixture_portals, PortalServer};

fn ttdt(db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("ttdt").unwrap();
    cmd.arg("--db").arg(db).env_remove("TTDT_DB").env_remove("RUST_LOG");
    cmd
}

struct Fixture {
    server: PortalServer,
    dir: tempfile::TempDir,
    ca: std::path::PathBuf,
}

fn serve() -> Fixture {
    let server = PortalServer::start(fixture_portals().unwrap(), None, Duration::ZERO, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &server.ca_pem).unwrap();
    Fixture { server, dir, ca }
}

#[test]
fn scan_url_with_resolve_prints_criteria_json() {
    let f = serve();
    let port = f.server.port;
    let out = ttdt(&f.dir.path().join("unused.db"))
        .args(["scan", &format!("https://bomau.gov.vn:{port}/"), "--level", "ministry", "--json"])
        .args(["--resolve", &format!("bomau.gov.vn:{port}:127.0.0.1,::1")])
        .arg("--ca-cert")
        .arg(&f.ca)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "ok");
    assert!(v["sample"].as_array().unwrap().len() > 5, "{}", v["sample"]);
    let criteria = v["criteria"].as_array().unwrap();
    let by = |code: &str| criteria.iter().find(|c| c["code"] == code).unwrap_or_else(|| panic!("{code} missing"));
    let emc = by("KN.01");
    assert_eq!(emc["outcome"], "pass");
    assert_eq!(emc["evidence"]["data"]["site_id"], "2093");
    assert_eq!(by("TM.01")["outcome"], "pass");
    assert_eq!(by("TM.03")["outcome"], "pass");
    for c in criteria {
        let o = c["outcome"].as_str().unwrap();
        assert!(["pass", "partial", "fail", "needs_review", "not_applicable", "not_tested", "error"].contains(&o), "{o}");
        assert!(c["share"].is_number() && c["evidence"].is_object());
    }
    // Without the test CA the certificate is not trusted: TM.03 fails, nothing else breaks.
    let out = ttdt(&f.dir.path().join("unused.db"))
        .args(["scan", &format!("https://bomau.gov.vn:{port}/"), "--level", "ministry", "--json"])
        .args(["--resolve", &format!("bomau.gov.vn:{port}:127.0.0.1")])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let tm03 = v["criteria"].as_array().unwrap().iter().find(|c| c["code"] == "TM.03").unwrap().clone();
    assert_eq!(tm03["outcome"], "fail", "{tm03}");
}

#[test]
fn unreachable_site_is_error_never_fail() {
    let dir = tempfile::tempdir().unwrap();
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = ttdt(&dir.path().join("unused.db"))
        .args(["scan", &format!("https://khongco.gov.vn:{port}/"), "--level", "province", "--json", "--timeout-ms", "2000"])
        .args(["--resolve", &format!("khongco.gov.vn:{port}:127.0.0.1")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "refused");
    for c in v["criteria"].as_array().unwrap() {
        let code = c["code"].as_str().unwrap();
        if code == "TM.01" || code == "TM.02" {
            continue; // judged from the host name and DNS alone
        }
        assert_ne!(c["outcome"], "fail", "{code}: {c}");
    }
}

#[test]
fn campaign_scan_records_tool_results_in_the_database() {
    let f = serve();
    let port = f.server.port;
    let db = f.dir.path().join("c.db");
    ttdt(&db).args(["campaigns", "create", "--name", "Kiểm tra", "--year", "2026"]).assert().success();
    ttdt(&db)
        .args(["sites", "add", "Kiểm tra", "--agency", "Bộ Thông tin Mẫu", "--level", "bo"])
        .args(["--url", &format!("https://bomau.gov.vn:{port}/")])
        .assert()
        .success();
    let out = ttdt(&db)
        .args(["scan", "--campaign", "Kiểm tra", "--json"])
        .args(["--resolve", &format!("bomau.gov.vn:{port}:127.0.0.1")])
        .arg("--ca-cert")
        .arg(&f.ca)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scanned"], 1);
    assert!(v["recorded"].as_u64().unwrap() >= 40, "{v}");
    // The results are the tool's results of the evaluation, in the SQLite file.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (n, emc): (i64, String) = conn
        .query_row(
            "SELECT COUNT(*), (SELECT outcome FROM criterion_result WHERE criterion_code = 'KN.01' AND mode = 'automatic')
             FROM criterion_result WHERE mode = 'automatic'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(n >= 40);
    assert_eq!(emc, "pass");
    let scans: i64 = conn.query_row("SELECT COUNT(*) FROM scan", [], |r| r.get(0)).unwrap();
    assert_eq!(scans, 1);
}

/// Peak resident memory of the finished child processes of this test process, in MB.
fn children_peak_rss_mb() -> f64 {
    // SAFETY: getrusage writes into the struct we pass and reads nothing else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

#[test]
fn hostile_portals_end_in_a_clear_status_within_budget_and_memory() {
    let f = serve();
    let port = f.server.port;
    let mounts = fixture_portals().unwrap();
    let host = |dir: &str| mounts.iter().find(|m| m.dir == dir).unwrap().spec.host.clone();
    for (dir, status) in [
        ("vong-lap", "too_many_redirects"),
        ("trang-lon", "too_large"),
        ("bom-nen", "too_large"),
        ("nho-giot", "timeout"),
        ("long-sau", "too_complex"),
    ] {
        let h = host(dir);
        let out = ttdt(&f.dir.path().join("unused.db"))
            .args(["scan", &format!("https://{h}:{port}/"), "--level", "so", "--json", "--timeout-ms", "3000", "--budget-ms", "15000"])
            .args(["--resolve", &format!("{h}:{port}:127.0.0.1")])
            .arg("--ca-cert")
            .arg(&f.ca)
            .output()
            .unwrap();
        assert!(out.status.success(), "{dir}: {}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["status"], status, "{dir}");
        for c in v["criteria"].as_array().unwrap() {
            let code = c["code"].as_str().unwrap();
            if code.starts_with("KN.") || code.starts_with("CT.") || code.starts_with("DT.") {
                assert_eq!(c["outcome"], "error", "{dir} {code}: could not check is not a verdict");
            }
        }
    }
    let peak = children_peak_rss_mb();
    assert!(peak < 300.0, "a scan of a hostile portal peaked at {peak:.0} MB");
}
