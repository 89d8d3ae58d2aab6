//! `ttdt campaigns set-document`: a campaign's issuer, place and signatories, against a real
//! database file.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::{json, Value};

fn ttdt(db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("ttdt").unwrap();
    cmd.arg("--db").arg(db).env_remove("TTDT_DB").env_remove("RUST_LOG");
    cmd
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.arg("--json").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn set_document_keeps_what_is_left_out_and_refuses_a_signatory_without_title() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    ttdt(&db).args(["demo", "init"]).assert().success();
    let set = json_of(ttdt(&db).args([
        "campaigns",
        "set-document",
        "Chiến dịch mẫu",
        "--issuer",
        "Sở Thông tin và Truyền thông tỉnh Sơn Hà",
        "--place",
        "Sơn Hà",
        "--signatory",
        "TRƯỞNG ĐOÀN=Nguyễn Văn A",
        "--signatory",
        "NGƯỜI LẬP",
    ]));
    let expected = json!({
        "issuer": "Sở Thông tin và Truyền thông tỉnh Sơn Hà",
        "place": "Sơn Hà",
        "signatories": [{"title": "TRƯỞNG ĐOÀN", "name": "Nguyễn Văn A"}, {"title": "NGƯỜI LẬP", "name": ""}],
    });
    assert_eq!(set, expected);

    // One option changes one field.
    let set = json_of(ttdt(&db).args(["campaigns", "set-document", "Chiến dịch mẫu", "--place", "Hà Nội"]));
    assert_eq!(set["place"], "Hà Nội");
    assert_eq!(set["signatories"], expected["signatories"]);

    // Refused: nothing changes, and the reason is given in Vietnamese.
    ttdt(&db)
        .args(["campaigns", "set-document", "Chiến dịch mẫu", "--issuer", "Khác", "--signatory", "=Không Chức Danh"])
        .assert()
        .failure()
        .stderr(contains("chưa có chức danh"));
    let now = json_of(ttdt(&db).args(["campaigns", "set-document", "Chiến dịch mẫu"]));
    assert_eq!(now["issuer"], expected["issuer"]);
    assert_eq!(now["place"], "Hà Nội");

    // Without options, the settings are printed for people too.
    ttdt(&db).args(["campaigns", "set-document", "Chiến dịch mẫu"]).assert().success().stdout(contains("TRƯỞNG ĐOÀN — Nguyễn Văn A"));
    let cleared = json_of(ttdt(&db).args(["campaigns", "set-document", "Chiến dịch mẫu", "--no-signatories"]));
    assert_eq!(cleared["signatories"], json!([]));

    // The exports take them (the flags still override the place).
    let card = dir.path().join("phieu.xlsx");
    ttdt(&db).args(["export", "scorecard", "1", "--place", "Đà Nẵng", "-o"]).arg(&card).assert().success();
    let book = dir.path().join("xh.xlsx");
    ttdt(&db).args(["export", "ranking", "Chiến dịch mẫu", "-o"]).arg(&book).assert().success();
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"));
}
