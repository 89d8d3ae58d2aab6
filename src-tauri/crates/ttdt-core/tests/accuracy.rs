//! How far the automated verdicts agree with a careful inspector's, over every fixture portal.
//!
//! Each portal's `expected.toml` holds, per criterion, the outcome an inspector is sure of from
//! the pages, written from the criteria and the law. The portals marked `accuracy_only` imitate
//! how real CMSes render an agency's site (Liferay, SharePoint, Joomla, WordPress, a custom
//! ASP.NET); on real portals the tool agreed with an inspector on about 93 % of criteria.
//! The report prints agreement per criterion and per portal and every disagreement with its
//! evidence, then asserts that nothing the inspector would not fail is failed, and that overall
//! agreement reaches `MIN_AGREEMENT`. It prints before it asserts, so a regression shows as a
//! number: `cargo test -p ttdt-core --test accuracy -- --nocapture`.

mod common;

use std::collections::BTreeMap;

use common::{outcome_name, Scanner};
use ttdt_testkit::fixture_portals;

/// The least share of expectations, in percent, the tool must agree with.
const MIN_AGREEMENT: f64 = 98.0;

struct Verdict {
    portal: String,
    code: String,
    expected: String,
    got: String,
    summary: String,
}

impl Verdict {
    fn agrees(&self) -> bool {
        self.expected == self.got
    }
    /// Failed where the inspector would not fail: the complaint users of such tools make most.
    fn false_fail(&self) -> bool {
        self.got == "fail" && self.expected != "fail"
    }
}

#[derive(Default)]
struct Tally {
    expected: usize,
    agreed: usize,
}

impl Tally {
    fn add(&mut self, v: &Verdict) {
        self.expected += 1;
        self.agreed += usize::from(v.agrees());
    }
    fn percent(&self) -> f64 {
        if self.expected == 0 {
            100.0
        } else {
            100.0 * self.agreed as f64 / self.expected as f64
        }
    }
}

fn table(title: &str, first: &str, rows: &BTreeMap<String, Tally>) -> String {
    let mut out = format!("\n{title}\n{first:<16} {:>8} {:>8} {:>8}\n", "expected", "agreed", "%");
    for (k, t) in rows {
        out.push_str(&format!("{k:<16} {:>8} {:>8} {:>7.1}%\n", t.expected, t.agreed, t.percent()));
    }
    out
}

#[test]
fn automated_verdicts_agree_with_the_inspector() {
    let mounts = fixture_portals().unwrap();
    let scanner = Scanner::start(&mounts);
    let mut verdicts = Vec::new();
    for m in &mounts {
        let (bound, _) = scanner.scan(m);
        for (code, want) in &m.spec.outcomes {
            let found = bound.iter().find(|(c, _)| c == code).map(|(_, f)| f);
            verdicts.push(Verdict {
                portal: m.dir.clone(),
                code: code.clone(),
                expected: want.clone(),
                got: found.map_or_else(|| "no finding".to_string(), |f| outcome_name(f.outcome)),
                summary: found.and_then(|f| f.evidence()["summary"].as_str().map(str::to_string)).unwrap_or_default(),
            });
        }
    }
    assert!(verdicts.len() > 300, "{} expectations", verdicts.len());

    let mut by_criterion: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_portal: BTreeMap<String, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    for v in &verdicts {
        by_criterion.entry(v.code.clone()).or_default().add(v);
        by_portal.entry(v.portal.clone()).or_default().add(v);
        overall.add(v);
    }
    let mut report = String::from("\nAgreement of the automated verdicts with the inspector's, on the fixture portals");
    report.push_str(&table("Per criterion", "criterion", &by_criterion));
    report.push_str(&table("Per portal", "portal", &by_portal));
    report.push_str(&format!(
        "\nOverall: {} of {} expectations agree ({:.1} %; required {MIN_AGREEMENT} %)\n",
        overall.agreed,
        overall.expected,
        overall.percent()
    ));
    let disagreements: Vec<&Verdict> = verdicts.iter().filter(|v| !v.agrees()).collect();
    report.push_str(&format!("\nDisagreements ({}):\n", disagreements.len()));
    for v in &disagreements {
        let mark = if v.false_fail() { " [false fail]" } else { "" };
        report.push_str(&format!("{:<14} {:<6} expected {:<12} got {:<12}{mark} {}\n", v.portal, v.code, v.expected, v.got, v.summary));
    }
    println!("{report}");

    let false_fails: Vec<String> = verdicts.iter().filter(|v| v.false_fail()).map(|v| format!("{} {}", v.portal, v.code)).collect();
    assert!(false_fails.is_empty(), "failed where the inspector would not: {false_fails:?}");
    assert!(overall.percent() >= MIN_AGREEMENT, "overall agreement {:.1} % is below {MIN_AGREEMENT} %", overall.percent());
}
