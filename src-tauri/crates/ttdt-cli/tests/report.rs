//! `ttdt export report` and `ttdt export reports` against a real database file and a real
//! headless Chromium (these tests fail, saying why, when none is installed).

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

fn ttdt(db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("ttdt").unwrap();
    cmd.arg("--db").arg(db).env_remove("TTDT_DB").env_remove("RUST_LOG");
    cmd
}

fn chrome() -> std::path::PathBuf {
    ttdt_core::browser::find_browser(None).unwrap_or_else(|e| {
        panic!("Chromium is not installed ({e}): install it (`scripts/setup.sh --test-tools`) or set TTDT_CHROME.")
    })
}

/// The demo campaign in a fresh database; returns the id of its first site.
fn demo(db: &std::path::Path) -> i64 {
    ttdt(db).args(["demo", "init"]).assert().success();
    let out = ttdt(db).args(["--json", "sites", "list", "Chiến dịch mẫu"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sites: Value = serde_json::from_slice(&out.stdout).unwrap();
    sites[0]["id"].as_i64().unwrap()
}

#[test]
fn export_report_writes_a_pdf_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let site = demo(&db);
    let pdf = dir.path().join("bao-cao.pdf");
    let out = ttdt(&db)
        .env("TTDT_CHROME", chrome())
        .args(["--json", "export", "report", &site.to_string(), "-o"])
        .arg(&pdf)
        .args(["--issuer", "Sở Thông tin và Truyền thông", "--place", "Huế"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["path"], pdf.display().to_string());
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The issuer and place given on the command line head the document.
    let text = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    // A long issuer wraps in its column: runs of white space count as one space.
    let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("SỞ THÔNG TIN VÀ TRUYỀN THÔNG"), "{text}");
    assert!(text.contains("Huế, ngày"), "{text}");
}

#[test]
fn a_missing_browser_exits_one_with_a_vietnamese_message_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let site = demo(&db);
    let pdf = dir.path().join("bao-cao.pdf");
    ttdt(&db)
        .env("TTDT_CHROME", dir.path().join("khong-co-trinh-duyet"))
        .args(["export", "report", &site.to_string(), "-o"])
        .arg(&pdf)
        .assert()
        .code(1)
        .stderr(contains("Không tìm thấy trình duyệt").and(contains("TTDT_CHROME")));
    assert!(!pdf.exists());
    // The batch refuses before it makes its folder.
    let folder = dir.path().join("bao-cao");
    let out = ttdt(&db)
        .env("TTDT_CHROME", dir.path().join("khong-co-trinh-duyet"))
        .args(["--json", "export", "reports", "Chiến dịch mẫu", "-o"])
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "no_browser");
    assert!(!folder.exists());
}

#[test]
fn export_reports_writes_one_pdf_per_site() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    demo(&db);
    let folder = dir.path().join("bao-cao");
    let out = ttdt(&db)
        .env("TTDT_CHROME", chrome())
        .args(["--json", "export", "reports", "Chiến dịch mẫu", "-o"])
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["written"].as_u64(), v["failed"].as_u64(), v["cancelled"].as_bool()), (Some(4), Some(0), Some(false)));
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(files.len(), 4);
    for f in files {
        assert!(f.extension().is_some_and(|e| e == "pdf"));
        assert!(std::fs::read(&f).unwrap().starts_with(b"%PDF-"));
    }
}
