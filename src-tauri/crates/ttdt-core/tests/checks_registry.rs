//! The checks registry against the shipped frameworks and the message table.

use std::collections::HashSet;

use ttdt_core::checks::{self, messages};
use ttdt_core::domain::Method;
use ttdt_core::framework::{self, DEFAULT_FRAMEWORK_ID};

#[test]
fn check_ids_are_unique_and_cite_a_legal_basis() {
    let mut seen = HashSet::new();
    for c in checks::REGISTRY {
        assert!(seen.insert(c.id), "duplicate check id {}", c.id);
        assert!(!c.legal_basis.trim().is_empty(), "{} has no legal basis", c.id);
        assert!(!c.criteria.is_empty(), "{} serves no criterion", c.id);
    }
}

#[test]
fn every_check_is_bound_in_every_shipped_framework_and_every_machine_criterion_has_a_check() {
    for fw in framework::builtin() {
        let criteria = fw.criteria();
        for c in checks::REGISTRY {
            for code in c.criteria {
                let crit = criteria.iter().find(|k| k.code == *code).unwrap_or_else(|| panic!("{}: {} not in {}", c.id, code, fw.id));
                assert!(crit.checks.iter().any(|id| id == c.id), "{}: {} does not bind {}", fw.id, code, c.id);
            }
        }
        for crit in &criteria {
            for id in &crit.checks {
                assert!(checks::check(id).is_some(), "{}: {} binds unknown check {id}", fw.id, crit.code);
            }
            let in_scope = ["KN", "CT", "DT", "TM"].contains(&crit.group_code.as_str()) || ["AT.04", "HN.05"].contains(&crit.code.as_str());
            if in_scope && crit.method != Method::Manual {
                assert!(!crit.checks.is_empty(), "{}: {} ({:?}) has no automated check", fw.id, crit.code, crit.method);
            }
        }
    }
    assert!(framework::builtin().iter().any(|f| f.id == DEFAULT_FRAMEWORK_ID));
}

#[test]
fn every_message_code_used_by_a_check_has_a_vietnamese_message() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ttdt-checks/src");
    let re = regex::Regex::new(r#""([a-z][a-z0-9_]+)""#).unwrap();
    let call = regex::Regex::new(r#"Finding::(?:new|partial|by_share)\([^;]*?\)"#).unwrap();
    let mut used = HashSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "messages.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for m in call.find_iter(&text) {
            for c in re.captures_iter(m.as_str()) {
                used.insert(c[1].to_string());
            }
        }
    }
    assert!(used.len() > 40, "found only {} message codes", used.len());
    for code in &used {
        let msg = messages::message(code);
        assert!(!msg.is_empty(), "message code {code} has no message");
    }
    let codes: Vec<&str> = messages::MESSAGES.iter().map(|(c, _)| *c).collect();
    let unique: HashSet<&&str> = codes.iter().collect();
    assert_eq!(unique.len(), codes.len(), "duplicate message codes");
}
