//! Judging one page load measured in a browser, outside a campaign scan (`ttdt perf`).

use time::OffsetDateTime;

use crate::checks::{self, Context, Finding, Need};
use crate::domain::Level;
use crate::framework::{self, DEFAULT_FRAMEWORK_ID};
use crate::snapshot::{BrowserRun, Snapshot};

/// Judges a page load with every check that needs a browser (the page-load criteria), on a
/// snapshot that holds only this load. The findings follow the order of [`checks::REGISTRY`].
pub fn judge_page_load(url: &str, level: Level, run: &BrowserRun) -> Vec<Finding> {
    let mut snap = Snapshot::new(url, level, None, OffsetDateTime::now_utc(), "");
    snap.duration_ms = run.duration_ms;
    snap.browser = Some(run.clone());
    let ctx = Context::new(&snap);
    checks::REGISTRY.iter().filter(|c| c.needs.contains(&Need::Browser)).map(|c| checks::judge(c, &ctx)).collect()
}

/// The page-load criteria's verdicts as the default framework binds them: HN.04 is judged on the
/// blocking time or on the longest task, as the framework states.
pub fn bind_default(findings: &[Finding]) -> Vec<(String, Finding)> {
    let criteria = framework::builtin().into_iter().find(|f| f.id == DEFAULT_FRAMEWORK_ID).map(|f| f.criteria()).unwrap_or_default();
    checks::bind(findings, Some(&criteria))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Outcome;
    use crate::snapshot::BrowserStatus;

    #[test]
    fn a_load_is_judged_by_the_page_load_checks_only() {
        let run = BrowserRun::failed("https://sonha.gov.vn/", "desktop", BrowserStatus::NotFound, "no browser");
        let findings = judge_page_load(&run.url, Level::Province, &run);
        let ids: Vec<&str> = findings.iter().map(|f| f.check_id).collect();
        let browser_checks: Vec<&str> = checks::REGISTRY.iter().filter(|c| c.needs.contains(&Need::Browser)).map(|c| c.id).collect();
        assert_eq!(ids, browser_checks);
        assert!(!ids.is_empty());
        // The longest task and the blocking time both serve HN.04; the default framework judges
        // the blocking time.
        let codes: Vec<String> = checks::bind(&findings, None).into_iter().map(|(code, _)| code).collect();
        assert_eq!(codes, ["HN.01", "HN.02", "HN.03", "HN.04", "HN.04"]);
        let bound: Vec<(String, &str)> = bind_default(&findings).into_iter().map(|(code, f)| (code, f.check_id)).collect();
        let codes: Vec<&str> = bound.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["HN.01", "HN.02", "HN.03", "HN.04"]);
        assert_eq!(bound[3].1, "performance.tbt");
        // No browser: the criteria are not tested, never failed.
        assert!(findings.iter().all(|f| f.outcome == Outcome::NotTested), "{findings:?}");
    }
}
