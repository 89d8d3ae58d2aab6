//! `ttdt documents analyse` on every fixture document: the JSON contract, the findings a reviewer
//! expects (tests/fixtures/documents/expected.toml), and a corrupt file refused with exit 1 and a
//! Vietnamese message. It runs without a database.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/documents")
}

fn ttdt(db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("ttdt").unwrap();
    cmd.arg("--db").arg(db).env_remove("TTDT_DB").env_remove("RUST_LOG");
    cmd
}

fn run(db: &std::path::Path, args: &[&str]) -> Value {
    let out = ttdt(db).args(args).arg("--json").output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[test]
fn every_fixture_meets_the_contract() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("none.db");
    let expected: toml::Value = toml::from_str(&std::fs::read_to_string(dir().join("expected.toml")).unwrap()).unwrap();
    let mut failures = Vec::new();
    for d in expected["document"].as_array().unwrap() {
        let name = d["name"].as_str().unwrap();
        for ext in d["formats"].as_array().unwrap() {
            let ext = ext.as_str().unwrap();
            let file = dir().join(format!("{name}.{ext}"));
            let file = file.to_str().unwrap();
            let plain = run(&db, &["documents", "analyse", file]);
            assert_eq!(keys(&plain), ["items", "kind", "meta", "pages", "text_layer"], "{file}");
            assert_eq!(keys(&plain["meta"]), ["date", "issuer", "number", "title"], "{file}");
            assert_eq!(plain["items"], Value::Array(vec![]), "{file}: items without --criterion");
            let kind = d.get("kind").and_then(|k| k.as_str()).unwrap_or(ext);
            assert_eq!(plain["kind"], kind, "{file}");
            assert_eq!(plain["pages"], d["pages"].as_integer().unwrap(), "{file}");
            assert_eq!(plain["text_layer"], d["text_layer"].as_bool().unwrap(), "{file}");
            for field in ["number", "date", "issuer", "title"] {
                let want = d["meta"].get(field).and_then(|v| v.as_str());
                if plain["meta"][field].as_str() != want {
                    failures.push(format!("{file}: {field} {}, expected {want:?}", plain["meta"][field]));
                }
            }
            for c in d["criteria"].as_array().unwrap() {
                let code = c["code"].as_str().unwrap();
                let a = run(&db, &["documents", "analyse", file, "--criterion", code, "--framework", "TT22-ND224-2026"]);
                let items = a["items"].as_array().unwrap();
                let want = c["items"].as_array().unwrap();
                assert_eq!(items.len(), want.len(), "{file} {code}");
                for (i, (got, w)) in items.iter().zip(want).enumerate() {
                    assert_eq!(keys(got), ["found", "label", "page", "quote"], "{file}");
                    let ok = match w.as_str().unwrap() {
                        // "Cannot tell" is never "not found".
                        "?" => got["found"].is_null() && got["page"].is_null(),
                        "no" => got["found"] == false,
                        p => {
                            got["found"] == true
                                && got["page"].as_u64() == p[1..].parse::<u64>().ok()
                                && got["quote"].as_str().is_some_and(|q| !q.is_empty())
                        }
                    };
                    if !ok {
                        failures.push(format!("{file} {code} item {i}: expected {w}, got {got}"));
                    }
                }
            }
        }
    }
    assert!(!db.exists(), "the command opened a database");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_corrupt_file_exits_1_with_a_vietnamese_message() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(dir().join("quy-che-day-du.docx")).unwrap();
    let broken = tmp.path().join("hong.docx");
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let db = tmp.path().join("none.db");
    let out = ttdt(&db).args(["documents", "analyse"]).arg(&broken).args(["--criterion", "QL.01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Không đọc được tài liệu: tệp DOCX/ODT bị hỏng"), "{err}");
    assert!(out.stdout.is_empty());

    let out = ttdt(&db).args(["documents", "analyse"]).arg(&broken).arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let body: Value = serde_json::from_slice(out.stderr.trim_ascii()).unwrap();
    assert_eq!(body["error"]["code"], "document_unreadable");
}

#[test]
fn an_unknown_criterion_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ttdt(&tmp.path().join("none.db"))
        .args(["documents", "analyse"])
        .arg(dir().join("quy-che-day-du.odt"))
        .args(["--criterion", "QL.99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không có tiêu chí “QL.99”"));
}
