//! KN.01 — the EMC monitoring code on the homepage.
//!
//! Accepts every variant seen in real templates: "EMC Tracking Code" or "Gov Tracking Code"
//! comments (or none), `http://` or `https://`, minified onto one line or built in a template
//! string, the site id or tracker URL held in a variable first, in `<head>` or before `</body>`.
//! A page that is only a front-end framework's mount point may inject the code at run time: then
//! the verdict is "needs review", never "fail". When the scan rendered the page in a browser and
//! the snippet is only in the rendered document, it passes, citing the rendered DOM as evidence.

use regex::Regex;
use serde_json::json;
use std::sync::OnceLock;

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;

pub static CHECK: Check = Check {
    id: "emc.homepage",
    criteria: &["KN.01"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu chung: nhúng mã giám sát EMC",
    needs: &[Need::Homepage],
    evaluate,
};

/// The EMC snippet found in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Emc {
    pub site_id: Option<String>,
    pub snippet: String,
    /// "head" or "body".
    pub position: &'static str,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("static regex"))
}

/// Reads the site id of a `setSiteId` push: a literal, or a variable assigned a literal.
fn site_id(script: &str) -> Option<String> {
    static LITERAL: OnceLock<Regex> = OnceLock::new();
    static VARIABLE: OnceLock<Regex> = OnceLock::new();
    let lit = re(&LITERAL, r#"setSiteId['"`]\s*,\s*['"`]?\s*(\d+)"#);
    if let Some(c) = lit.captures(script) {
        return Some(c[1].to_string());
    }
    let var = re(&VARIABLE, r#"setSiteId['"`]\s*,\s*([A-Za-z_$][\w$.]*)"#);
    let name = var.captures(script)?[1].to_string();
    let last = name.rsplit('.').next().unwrap_or(&name).to_string();
    let assign = Regex::new(&format!(r#"\b{}\s*[:=]\s*['"`]?(\d+)"#, regex::escape(&last))).ok()?;
    assign.captures(script).map(|c| c[1].to_string())
}

fn mentions_tracker(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("f-emc.ngsp.gov.vn") || l.contains("gov-tracking.min.js") || l.contains("emc.ngsp.gov.vn")
}

/// Finds the EMC snippet: an inline script holding `_govaq` and the tracker or embed URL (directly
/// or through a variable defined in another inline script of the page).
pub fn detect(facts: &PageFacts, raw_html: &str) -> Option<Emc> {
    let all_scripts = facts.inline_scripts.join("\n");
    let script = facts.inline_scripts.iter().find(|s| s.contains("_govaq") && (mentions_tracker(s) || mentions_tracker(&all_scripts)))?;
    let site_id = site_id(script).or_else(|| site_id(&all_scripts));
    let lower = raw_html.to_ascii_lowercase();
    let at = raw_html.find("_govaq").unwrap_or(0);
    let position = match lower.find("</head>") {
        Some(h) if at < h => "head",
        _ => "body",
    };
    Some(Emc { site_id, snippet: script.trim().to_string(), position })
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, facts)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Đoạn mã _govaq với địa chỉ f-emc.ngsp.gov.vn và setSiteId trong mã nguồn trang chủ";
    let found = detect(facts, &page.body);
    // Only when the static HTML has no snippet is the rendered document read.
    let in_rendered = if found.is_none() { rendered(ctx) } else { None };
    match (found, in_rendered) {
        (Some(emc), _) => {
            let item = Item::new("Mã giám sát EMC", true).at(&page.final_url).detail(&emc.snippet);
            let data = json!({ "site_id": emc.site_id, "position": emc.position });
            if emc.site_id.is_some() {
                Finding::new(Outcome::Pass, "emc_found")
            } else {
                Finding::new(Outcome::NeedsReview, "emc_no_site_id")
            }
            .looking_for(looked_for)
            .with_items(vec![item])
            .with_data(data)
        }
        (None, Some((emc, url))) => {
            let item = Item::new("Mã giám sát EMC (trong trang do trình duyệt dựng)", true).at(url).detail(&emc.snippet);
            let data = json!({ "site_id": emc.site_id, "position": emc.position, "source": "rendered_dom" });
            if emc.site_id.is_some() {
                Finding::new(Outcome::Pass, "emc_found_rendered")
            } else {
                Finding::new(Outcome::NeedsReview, "emc_no_site_id")
            }
            .looking_for(looked_for)
            .with_items(vec![item, Item::new("Mã giám sát EMC trong mã nguồn tĩnh", false).at(&page.final_url)])
            .with_data(data)
        }
        (None, None) if facts.framework_shell => Finding::new(Outcome::NeedsReview, "emc_rendered_only")
            .looking_for(looked_for)
            .with_items(vec![Item::new("Mã giám sát EMC", false).at(&page.final_url).detail("Trang gần như trống, chỉ có điểm gắn của khung JavaScript")]),
        (None, None) => Finding::new(Outcome::Fail, "emc_missing")
            .looking_for(looked_for)
            .with_items(vec![Item::new("Mã giám sát EMC", false).at(&page.final_url)]),
    }
}

/// The EMC snippet in the document the browser rendered, with the page's address.
fn rendered<'a>(ctx: &'a Context<'_>) -> Option<(Emc, &'a str)> {
    let run = ctx.snap.browser.as_ref()?;
    let html = run.rendered_html.as_deref().filter(|h| !h.is_empty())?;
    let url = url::Url::parse(&run.url).ok()?;
    detect(&PageFacts::parse(&url, html), html).map(|e| (e, run.url.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> Option<Emc> {
        let url = url::Url::parse("https://a.gov.vn/").unwrap();
        detect(&PageFacts::parse(&url, html), html)
    }

    #[test]
    fn standard_snippet_in_head() {
        let html = r#"<html><head><!-- Begin EMC Tracking Code --><script>var _govaq = window._govaq || [];
            _govaq.push(['trackPageView']); _govaq.push(['enableLinkTracking']);
            (function () { _govaq.push(['setTrackerUrl', 'https://f-emc.ngsp.gov.vn/tracking']);
            _govaq.push(['setSiteId', '2093']); var d=document,g=d.createElement('script');
            g.src='https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js';})();</script></head><body></body></html>"#;
        let e = run(html).unwrap();
        assert_eq!(e.site_id.as_deref(), Some("2093"));
        assert_eq!(e.position, "head");
    }

    #[test]
    fn minified_http_gov_tracking_comment_before_body_end() {
        let html = r#"<html><head></head><body><p>x</p><!-- Gov Tracking Code --><script>var _govaq=window._govaq||[];_govaq.push(["trackPageView"]);_govaq.push(["setTrackerUrl","http://f-emc.ngsp.gov.vn/tracking"]);_govaq.push(["setSiteId","47"]);</script></body></html>"#;
        let e = run(html).unwrap();
        assert_eq!(e.site_id.as_deref(), Some("47"));
        assert_eq!(e.position, "body");
    }

    #[test]
    fn site_id_and_url_in_variables_and_template_string() {
        let html = r#"<script>var emcId = "8981"; var emcHost = `https://f-emc.ngsp.gov.vn`;</script>
            <script>var _govaq = window._govaq || []; _govaq.push(['setTrackerUrl', `${emcHost}/tracking`]);
            _govaq.push(['setSiteId', emcId]);</script>"#;
        assert_eq!(run(html).unwrap().site_id.as_deref(), Some("8981"));
    }

    #[test]
    fn unreadable_site_id_is_found_without_id() {
        let html = r#"<script>var _govaq=[];_govaq.push(['setTrackerUrl','https://f-emc.ngsp.gov.vn/tracking']);_govaq.push(['setSiteId', getId()]);</script>"#;
        let e = run(html).unwrap();
        assert_eq!(e.site_id, None);
    }

    #[test]
    fn other_trackers_are_not_emc() {
        assert!(run("<script>var _paq=[];_paq.push(['setSiteId','3']);</script>").is_none());
        assert!(run("<script>var _govaq=[]; // no tracker url</script>").is_none());
    }
}
