//! KN.01 — the EMC monitoring code on the homepage, with a readable site id.
//!
//! ## What it checks
//! The homepage's inline scripts, for the snippet of the national monitoring system (EMC): a
//! script that pushes to `_govaq` and names the tracker (`f-emc.ngsp.gov.vn`, `emc.ngsp.gov.vn`
//! or `gov-tracking.min.js`), itself or through a variable set in another inline script of the
//! page. The site id is read from `setSiteId`, given literally or through a variable. Every
//! variant seen in real templates is accepted: "EMC Tracking Code" or "Gov Tracking Code"
//! comments (or none), `http://` or `https://`, minified onto one line or built in a template
//! string, in `<head>` or before `</body>`. The data keep the site id and where the snippet sits.
//!
//! When the static HTML has no snippet and the scan rendered the page in a browser, the document
//! the browser rendered (after the scripts ran) is read the same way.
//!
//! ## Why
//! The EMC code lets the national monitoring system follow the portal's availability and
//! visits; the site id ties the measurements to this portal.
//!
//! ## Pass
//! The snippet is in the homepage's HTML with a readable site id, or only in the rendered
//! document with a readable site id (the evidence cites the rendered DOM).
//!
//! ## Fail
//! No snippet in the HTML, the page is not a bare mount point of a JavaScript framework, and no
//! rendered document holds one.
//!
//! ## Needs review
//! The snippet is there but its site id cannot be read (computed at run time); or the page is
//! only a JavaScript framework's mount point, which may inject the code at run time, and no
//! rendered document was read.
//!
//! ## References
//! Criterion KN.01 (Mã giám sát EMC trên trang chủ). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu
//! cầu chung: nhúng mã giám sát EMC.

use regex::Regex;
use serde_json::json;
use std::sync::OnceLock;

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;

pub static CHECK: Check = Check {
    id: "emc.homepage",
    criteria: &["KN.01"],
    needs: &[Need::Homepage],
    looked_for: "Đoạn mã _govaq với địa chỉ f-emc.ngsp.gov.vn và setSiteId trong mã nguồn trang chủ",
    messages: &[&FOUND, &FOUND_RENDERED, &NO_SITE_ID, &RENDERED_ONLY, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("emc.rs")),
    evaluate,
};

const FOUND: Msg = Msg { code: "emc_found", vi: "Có mã giám sát EMC trên trang chủ, đọc được mã trang (site id)." };
const FOUND_RENDERED: Msg = Msg {
    code: "emc_found_rendered",
    vi: "Mã giám sát EMC không có trong mã nguồn tĩnh nhưng có trong trang do trình duyệt dựng (sau khi chạy JavaScript), đọc được mã trang (site id).",
};
const NO_SITE_ID: Msg = Msg { code: "emc_no_site_id", vi: "Có mã giám sát EMC nhưng không đọc được mã trang (site id); cần người đánh giá xem lại." };
const RENDERED_ONLY: Msg = Msg {
    code: "emc_rendered_only",
    vi: "Trang được dựng bằng JavaScript: mã EMC có thể chỉ xuất hiện khi trình duyệt hiển thị trang; cần kiểm tra bằng trình duyệt hoặc người đánh giá.",
};
const MISSING: Msg = Msg { code: "emc_missing", vi: "Không tìm thấy mã giám sát EMC (_govaq và địa chỉ f-emc.ngsp.gov.vn) trên trang chủ." };

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
    let Some((page, facts)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let found = detect(facts, &page.body);
    // Only when the static HTML has no snippet is the rendered document read.
    let in_rendered = if found.is_none() { rendered(ctx) } else { None };
    match (found, in_rendered) {
        (Some(emc), _) => {
            let item = Item::new("Mã giám sát EMC", true).at(&page.final_url).detail(&emc.snippet);
            let data = json!({ "site_id": emc.site_id, "position": emc.position });
            if emc.site_id.is_some() {
                Finding::new(Outcome::Pass, &FOUND)
            } else {
                Finding::new(Outcome::NeedsReview, &NO_SITE_ID)
            }
            .looking_for(looked_for)
            .with_items(vec![item])
            .with_data(data)
        }
        (None, Some((emc, url))) => {
            let item = Item::new("Mã giám sát EMC (trong trang do trình duyệt dựng)", true).at(url).detail(&emc.snippet);
            let data = json!({ "site_id": emc.site_id, "position": emc.position, "source": "rendered_dom" });
            if emc.site_id.is_some() {
                Finding::new(Outcome::Pass, &FOUND_RENDERED)
            } else {
                Finding::new(Outcome::NeedsReview, &NO_SITE_ID)
            }
            .looking_for(looked_for)
            .with_items(vec![item, Item::new("Mã giám sát EMC trong mã nguồn tĩnh", false).at(&page.final_url)])
            .with_data(data)
        }
        (None, None) if facts.framework_shell => Finding::new(Outcome::NeedsReview, &RENDERED_ONLY)
            .looking_for(looked_for)
            .with_items(vec![Item::new("Mã giám sát EMC", false).at(&page.final_url).detail("Trang gần như trống, chỉ có điểm gắn của khung JavaScript")]),
        (None, None) => Finding::new(Outcome::Fail, &MISSING)
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
    use crate::test::*;

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

    const SNIPPET: &str = r#"<!-- Begin EMC Tracking Code --><script type="text/javascript">var _govaq = window._govaq || [];
        _govaq.push(['trackPageView']); _govaq.push(['enableLinkTracking']);
        (function () { _govaq.push(['setTrackerUrl', 'https://f-emc.ngsp.gov.vn/tracking']); _govaq.push(['setSiteId', '5021']);
        var d = document, g = d.createElement('script'), s = d.getElementsByTagName('script')[0]; g.type = 'text/javascript'; g.async = true;
        g.defer = true; g.src = 'https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js'; s.parentNode.insertBefore(g, s); })();</script>
        <!-- End EMC Tracking Code -->"#;

    fn with_snippet(snippet: &str) -> String {
        page_html(snippet, &[HEADER, MENU, NEWS, FOOTER].join("\n"))
    }

    #[test]
    fn passes_a_homepage_with_the_snippet_and_its_site_id() {
        let f = assert_outcome(&CHECK, &home(&with_snippet(SNIPPET)), Outcome::Pass);
        assert_eq!(f.msg.code, "emc_found");
        assert_eq!(f.data, serde_json::json!({ "site_id": "5021", "position": "head" }));
    }

    #[test]
    fn a_site_id_computed_at_run_time_needs_review() {
        let snippet = SNIPPET.replace("'5021'", "window.emcSiteId()");
        let f = assert_outcome(&CHECK, &home(&with_snippet(&snippet)), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "emc_no_site_id");
    }

    #[test]
    fn fails_a_homepage_without_the_snippet() {
        let f = assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail);
        assert_eq!(f.msg.code, "emc_missing");
    }

    #[test]
    fn a_javascript_mount_point_needs_review_unless_the_rendered_page_has_the_code() {
        let shell = r#"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh Sơn Hà</title>
            <script src="/static/js/main.8f3a1c.js"></script></head><body><noscript>Vui lòng bật JavaScript để xem trang.</noscript><div id="root"></div></body></html>"#;
        let mut snap = home(shell);
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::NeedsReview).msg.code, "emc_rendered_only");
        let mut run = browser_run(&[load(900.0, 1500.0, 2000.0, 150.0)]);
        run.rendered_html = Some(with_snippet(SNIPPET));
        snap.browser = Some(run);
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!((f.msg.code, f.data["source"].as_str()), ("emc_found_rendered", Some("rendered_dom")));
        assert!(!f.items[1].found, "the static source is cited as lacking the code");
    }
}
