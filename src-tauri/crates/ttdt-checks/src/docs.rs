//! `docs/checks.md`, the reference of the automated checks, generated from the checks themselves:
//! each check's id, criteria, needs, looked-for text and messages, and its file's `//!` header.
//!
//! The file is written by `cargo test -p ttdt-checks docs` with `UPDATE_DOCS=1`; without it, the
//! test fails when the checked-in file is stale.

use crate::{Check, Need, JUDGE_MESSAGES, REGISTRY};
use ttdt_snapshot::sections::SECTIONS;

fn need_label(n: Need) -> &'static str {
    match n {
        Need::Homepage => "the homepage",
        Need::InnerPages => "sampled inner pages",
        Need::Dns => "DNS answers",
        Need::Tls => "a TLS handshake",
        Need::HttpProbe => "the `http://` probe",
        Need::Browser => "a browser measurement",
    }
}

fn needs(c: &Check) -> String {
    if c.needs.is_empty() {
        "nothing collected (the address only)".into()
    } else {
        c.needs.iter().map(|n| need_label(*n)).collect::<Vec<_>>().join(", ")
    }
}

/// Text for Markdown: `<` would open an HTML tag, `|` a table cell.
fn escape(s: &str) -> String {
    s.replace('<', "&lt;").replace('|', "\\|")
}

/// The anchor GitHub gives a heading.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn heading(c: &Check) -> String {
    format!("{} — `{}`", c.criteria.join(", "), c.id)
}

/// The summary of a documentation: its first line without the criterion codes.
fn summary(doc: &str) -> &str {
    let first = doc.lines().next().unwrap_or("");
    first.split_once(" — ").map_or(first, |(_, s)| s)
}

/// A documentation's sections, one heading level down (they sit under the check's heading).
fn body(doc: &str) -> String {
    doc.lines()
        .skip(1)
        .map(|l| if l.starts_with("## ") { format!("#{l}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The whole `docs/checks.md`.
pub fn docs_markdown() -> String {
    let mut out = String::from("# Automated checks\n\n");
    out += "<!-- Generated from the check files in src-tauri/crates/ttdt-checks/src. Do not edit: regenerate with UPDATE_DOCS=1 cargo test -p ttdt-checks docs -->\n\n";
    out += "Every automated check judges the snapshot a scan collected (a check fetches nothing) and gives one finding: \
an outcome, a message in Vietnamese, what it looked for, and the places it looked with what it found there. \
The outcomes are `pass`, `partial` (with a share between 0 and 1), `fail`, `needs_review` (the reviewer decides), \
`not_tested` (what the check reads was not collected) and `error` (the site could not be reached, never counted as a fail).\n\n";
    out += "A framework binds each criterion to the checks that judge it (`checks = [...]` in `src-tauri/crates/ttdt-model/frameworks/*.toml`), \
and holds its points, its guidance and its legal basis for the year. The references below cite the 2026 framework.\n\n";
    out += "A check that needs the homepage is not run when the homepage could not be read; it then gives `error` with one of these messages:\n\n";
    out += "| Code | Message |\n|---|---|\n";
    for m in JUDGE_MESSAGES {
        out += &format!("| `{}` | {} |\n", m.code, escape(m.vi));
    }
    out += "\n| Criteria | Check | Needs |\n|---|---|---|\n";
    for c in REGISTRY {
        out += &format!("| {} | [`{}`](#{}) | {} |\n", c.criteria.join(", "), c.id, anchor(&heading(c)), needs(c));
    }
    // Checks of one file share its documentation: it is shown once, under the first of them.
    let mut documented: Vec<&Check> = Vec::new();
    for c in REGISTRY {
        out += &format!("\n## {}\n\n", heading(c));
        let doc = c.doc();
        out += &format!("{}\n\n", capitalised(summary(&doc)));
        out += &format!("- **Needs:** {}.\n", needs(c));
        out += &format!("- **Looked for** (as the evidence says): “{}”\n", escape(c.looked_for));
        if let Some(s) = SECTIONS.iter().find(|s| s.check_id == c.id) {
            let quoted = |words: &[&str]| words.iter().map(|w| format!("“{w}”")).collect::<Vec<_>>().join(", ");
            out += &format!("- **Section names:** {}; **slugs:** {}.\n", quoted(s.names), s.slugs.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", "));
            if s.needs_list {
                out += "- **Its page must list items** (at least three rows or items).\n";
            }
            if s.accepts_form {
                out += "- **A homepage form naming the section serves it.**\n";
            }
        }
        match documented.iter().find(|d| d.doc_comment == c.doc_comment) {
            Some(first) => out += &format!("\nJudged like [`{}`](#{}): see there for the rules and the references.\n", first.id, anchor(&heading(first))),
            None => {
                documented.push(c);
                out += &format!("\n{}\n", body(&doc));
            }
        }
        out += "\n### Messages\n\n| Code | Message |\n|---|---|\n";
        for m in c.messages {
            out += &format!("| `{}` | {} |\n", m.code, escape(m.vi));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sections a check's documentation may have, in their order.
    const DOC_SECTIONS: &[&str] = &["What it checks", "Why", "Pass", "Partial", "Fail", "Needs review", "Not tested", "Error", "References"];
    /// The sections every check's documentation has.
    const REQUIRED_DOC_SECTIONS: &[&str] = &["What it checks", "Why", "Pass", "Fail", "References"];

    #[test]
    fn docs_file_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/checks.md");
        let fresh = docs_markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(current == fresh, "docs/checks.md is stale: run UPDATE_DOCS=1 cargo test -p ttdt-checks docs");
    }

    /// The criterion codes a documentation's first line names: "CT.01–CT.04, CT.07" gives
    /// CT.01, CT.02, CT.03, CT.04 and CT.07.
    fn codes(first_line: &str) -> Vec<String> {
        let mut out = Vec::new();
        for part in first_line.split(", ") {
            match part.split_once('–') {
                Some((a, b)) => {
                    let (group, from) = a.split_once('.').unwrap();
                    let to: u32 = b.split_once('.').unwrap().1.parse().unwrap();
                    for n in from.parse::<u32>().unwrap()..=to {
                        out.push(format!("{group}.{n:02}"));
                    }
                }
                None => out.push(part.to_string()),
            }
        }
        out
    }

    #[test]
    fn every_check_doc_names_its_criteria_and_has_the_fixed_sections_in_order() {
        for c in REGISTRY {
            let doc = c.doc();
            let first = doc.lines().next().unwrap_or("");
            let (named, summary) = first.split_once(" — ").unwrap_or_else(|| panic!("{}: first line is not `CODE — summary`: {first}", c.id));
            assert!(!summary.trim().is_empty(), "{}: no summary", c.id);
            for code in c.criteria {
                assert!(codes(named).iter().any(|n| n == code), "{}: the first line does not name {code}", c.id);
            }
            let headings: Vec<&str> = doc.lines().filter_map(|l| l.strip_prefix("## ")).collect();
            let mut last = None;
            for h in &headings {
                let i = DOC_SECTIONS.iter().position(|s| s == h).unwrap_or_else(|| panic!("{}: unknown section ## {h}", c.id));
                assert!(last.map_or(true, |l| i > l), "{}: section ## {h} out of order", c.id);
                last = Some(i);
            }
            for s in REQUIRED_DOC_SECTIONS {
                assert!(headings.contains(s), "{}: no ## {s}", c.id);
            }
            assert!(!doc.contains("\n# "), "{}: a top-level heading in the doc", c.id);
        }
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(anchor("KN.01 — `emc.homepage`"), "kn01--emchomepage");
        assert_eq!(anchor("TM.01 — `domain.gov_vn`"), "tm01--domaingov_vn");
    }
}
