//! The checks registry against the shipped frameworks.

use std::collections::HashSet;

use ttdt_core::checks;
use ttdt_core::domain::Method;
use ttdt_core::framework::{self, DEFAULT_FRAMEWORK_ID};

#[test]
fn check_ids_are_unique_and_serve_a_criterion() {
    let mut seen = HashSet::new();
    for c in checks::REGISTRY {
        assert!(seen.insert(c.id), "duplicate check id {}", c.id);
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
                // A criterion may bind another check of the same criterion instead (HN.04 judges
                // the longest task or the blocking time, as its framework states).
                let alternative = crit.checks.iter().any(|id| checks::check(id).is_some_and(|k| k.criteria.contains(code)));
                assert!(crit.checks.iter().any(|id| id == c.id) || alternative, "{}: {} does not bind {}", fw.id, code, c.id);
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
    for c in checks::REGISTRY {
        let bound = framework::builtin().iter().any(|fw| fw.criteria().iter().any(|k| k.checks.iter().any(|id| id == c.id)));
        assert!(bound, "{} is bound in no shipped framework", c.id);
    }
}

/// The legal basis belongs to the criterion in the framework, which may change it from one year
/// to the next; a check's documentation cites the default framework's and must follow it.
#[test]
fn every_check_doc_cites_the_title_and_legal_basis_of_its_criteria_in_the_default_framework() {
    let fw = framework::builtin().into_iter().find(|f| f.id == DEFAULT_FRAMEWORK_ID).expect("default framework");
    let criteria = fw.criteria();
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for c in checks::REGISTRY {
        let doc = c.doc();
        let references = words(doc.split_once("## References").map_or("", |(_, r)| r));
        for code in c.criteria {
            let crit = criteria.iter().find(|k| k.code == *code).unwrap_or_else(|| panic!("{code} not in {}", fw.id));
            assert!(references.contains(code), "{}: the references do not cite {code}", c.id);
            assert!(references.contains(&words(&crit.title)), "{}: the references do not give the title of {code}: {}", c.id, crit.title);
            for l in &crit.legal_basis {
                let cited = if l.article.is_empty() { l.text.clone() } else { format!("{}, {}", l.text, l.article) };
                assert!(references.contains(&words(&cited)), "{}: the references do not cite the legal basis of {code}: {cited}", c.id);
            }
        }
    }
}
