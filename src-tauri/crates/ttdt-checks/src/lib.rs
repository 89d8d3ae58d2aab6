//! Automated checks: each one a pure function from a collected [`Snapshot`] to a [`Finding`].
//!
//! Invariant: a check does no I/O, reads no clock and touches no database. Dates are judged
//! against the snapshot's start time. Each check lives in its own file with its metadata (id, the
//! criterion codes it serves, legal basis, what it needs) and its pass and fail fixtures are named
//! in the fixture portals' expected-outcome files (`tests/fixtures/portals/*/expected.toml`).

pub mod messages;


mod a11y;
mod article_meta;
mod broken_links;
mod contact;
mod data_services;
mod domain_name;
mod emc;
mod emc_inner;
mod emc_label;
mod feed;
mod footer;
mod foreign;
mod hsts_redirect;
mod https;
mod ipv6;
mod lang;
mod linked_portals;
mod meta_tags;
mod mobile;
mod national_links;
mod news;
mod page_metrics;
mod perf_fcp;
mod perf_lcp;
mod perf_long_task;
mod perf_speed_index;
mod public_services;
mod search;
mod section;
mod security_config;
mod sitemap;
mod utf8;

use serde::Serialize;
use serde_json::{json, Value};

use ttdt_model::domain::{Outcome, NewResult};
use ttdt_snapshot::html::PageFacts;
use ttdt_snapshot::{Page, PageKind, Snapshot};
use ttdt_model::text::clip;

/// What a check needs from collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// The homepage as HTML.
    Homepage,
    /// Sampled inner pages.
    InnerPages,
    Dns,
    Tls,
    /// The `http://` form of the homepage.
    HttpProbe,
    /// A real browser (not used by static checks).
    Browser,
}

/// An automated check and its metadata.
pub struct Check {
    pub id: &'static str,
    /// Criterion codes of the default framework this check judges.
    pub criteria: &'static [&'static str],
    pub legal_basis: &'static str,
    pub needs: &'static [Need],
    pub evaluate: fn(&Context<'_>) -> Finding,
}

/// One place the check looked, and what it found there.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    /// What was looked for ("Cơ quan chủ quản", "thẻ meta description"…).
    pub what: String,
    pub found: bool,
    /// Where: a URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The matched text, snippet or CSS selector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Item {
    pub fn new(what: impl Into<String>, found: bool) -> Item {
        Item { what: what.into(), found, url: None, detail: None }
    }
    pub fn at(mut self, url: impl Into<String>) -> Item {
        self.url = Some(url.into());
        self
    }
    pub fn detail(mut self, d: impl AsRef<str>) -> Item {
        let d = d.as_ref();
        if !d.is_empty() {
            self.detail = Some(clip(d, 300));
        }
        self
    }
}

/// A check's verdict with its evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub check_id: &'static str,
    pub outcome: Outcome,
    pub share: f64,
    /// Key of the message in [`messages::MESSAGES`].
    pub message_code: &'static str,
    /// What was looked for, in the user's words.
    pub looked_for: &'static str,
    pub items: Vec<Item>,
    /// Figures the check read (site id, dates, timings…).
    pub data: Value,
}

impl Finding {
    pub fn new(outcome: Outcome, message_code: &'static str) -> Finding {
        let share = match outcome {
            Outcome::Pass => 1.0,
            _ => 0.0,
        };
        Finding { check_id: "", outcome, share, message_code, looked_for: "", items: Vec::new(), data: Value::Null }
    }
    pub fn partial(share: f64, message_code: &'static str) -> Finding {
        let share = (share * 1000.0).round() / 1000.0;
        let mut f = Finding::new(Outcome::Partial, message_code);
        f.share = share;
        f
    }
    /// Pass when every item was found, fail when none, partial by share otherwise.
    pub fn by_share(found: usize, total: usize, pass: &'static str, partial: &'static str, fail: &'static str) -> Finding {
        if total == 0 || found == 0 {
            Finding::new(Outcome::Fail, fail)
        } else if found == total {
            Finding::new(Outcome::Pass, pass)
        } else {
            Finding::partial(found as f64 / total as f64, partial)
        }
    }
    pub fn looking_for(mut self, what: &'static str) -> Finding {
        self.looked_for = what;
        self
    }
    pub fn with_items(mut self, items: Vec<Item>) -> Finding {
        self.items = items;
        self
    }
    pub fn with_data(mut self, data: Value) -> Finding {
        self.data = data;
        self
    }
    pub fn message(&self) -> &'static str {
        messages::message(self.message_code)
    }

    /// The evidence stored with the tool's result.
    pub fn evidence(&self) -> Value {
        let found: Vec<&str> = self.items.iter().filter(|i| i.found).map(|i| i.what.as_str()).collect();
        let missing: Vec<&str> = self.items.iter().filter(|i| !i.found).map(|i| i.what.as_str()).collect();
        let mut summary = self.message().to_string();
        if !missing.is_empty() && !found.is_empty() {
            summary.push_str(&format!(" Thiếu: {}.", clip(&missing.join(", "), 200)));
        }
        json!({
            "check": self.check_id,
            "message_code": self.message_code,
            "summary": summary,
            "looked_for": self.looked_for,
            "items": self.items,
            "data": self.data,
        })
    }
}

/// The snapshot with its pages parsed once, shared by all checks.
pub struct Context<'a> {
    pub snap: &'a Snapshot,
    pub home: Option<(&'a Page, PageFacts)>,
    /// Inner pages fetched as HTML with a 2xx answer, parsed.
    pub inner: Vec<(&'a Page, PageFacts)>,
}

impl<'a> Context<'a> {
    pub fn new(snap: &'a Snapshot) -> Context<'a> {
        let parse = |p: &'a Page| -> Option<(&'a Page, PageFacts)> {
            if !(p.ok() && p.is_html()) {
                return None;
            }
            let u = url::Url::parse(&p.final_url).ok()?;
            Some((p, PageFacts::parse(&u, &p.body)))
        };
        // A homepage cut at the size limit was only partly read: what it lacks may be in the
        // part not read (the EMC code and the footer sit at the end), so it is not judged.
        let home = snap.homepage.as_ref().filter(|p| !p.truncated).and_then(parse);
        let inner = snap.pages.iter().filter_map(parse).collect();
        Context { snap, home, inner }
    }

    pub fn home_facts(&self) -> Option<&PageFacts> {
        self.home.as_ref().map(|(_, f)| f)
    }

    /// The homepage and the inner pages.
    pub fn all_pages(&self) -> impl Iterator<Item = &(&'a Page, PageFacts)> {
        self.home.iter().chain(self.inner.iter())
    }

    /// The parsed page fetched for a URL.
    pub fn facts_for(&self, url: &url::Url) -> Option<&(&'a Page, PageFacts)> {
        let mut u = url.clone();
        u.set_fragment(None);
        let s = u.as_str();
        self.all_pages().find(|(p, _)| p.url == s || p.final_url == s)
    }

    /// A fetched page (parsed or not) for a URL.
    pub fn page_for(&self, url: &url::Url) -> Option<&'a Page> {
        let mut u = url.clone();
        u.set_fragment(None);
        self.snap.page(u.as_str())
    }

    pub fn inner_of_kind(&self, kind: PageKind) -> impl Iterator<Item = &(&'a Page, PageFacts)> {
        self.inner.iter().filter(move |(p, _)| p.kind == kind)
    }
}

/// Every check of this build.
pub static REGISTRY: &[&Check] = &[
    &emc::CHECK,
    &emc_inner::CHECK,
    &emc_label::CHECK,
    &linked_portals::CHECK,
    &national_links::CHECK,
    &section::INTRODUCTION,
    &section::ORGANISATION,
    &section::HISTORY,
    &section::LEADERS,
    &section::LOCALITY,
    &news::CHECK,
    &section::DIRECTION,
    &section::DOCUMENTS,
    &public_services::CHECK,
    &section::PLANS,
    &section::PROCUREMENT,
    &section::FINANCE,
    &section::CONSULTATION,
    &section::QUESTIONS,
    &contact::CHECK,
    &footer::CHECK,
    &section::DISCLOSURE,
    &search::CHECK,
    &sitemap::CHECK,
    &feed::CHECK,
    &foreign::CHECK,
    &section::SATISFACTION,
    &mobile::CHECK,
    &a11y::CHECK,
    &utf8::CHECK,
    &broken_links::CHECK,
    &meta_tags::CHECK,
    &article_meta::CHECK,
    &lang::CHECK,
    &data_services::CHECK,
    &domain_name::CHECK,
    &ipv6::CHECK,
    &https::CHECK,
    &hsts_redirect::CHECK,
    &security_config::CHECK,
    &perf_fcp::CHECK,
    &perf_lcp::CHECK,
    &perf_speed_index::CHECK,
    &perf_long_task::CHECK,
    &page_metrics::CHECK,
];

pub fn check(id: &str) -> Option<&'static Check> {
    REGISTRY.iter().copied().find(|c| c.id == id)
}

/// Whether this build has a check with this id: a framework may bind criteria only to these.
pub fn is_known(id: &str) -> bool {
    check(id).is_some()
}

/// Judges a snapshot with one check. Data the check needs but collection could not get gives
/// "error" (the site could not be reached) — never "fail".
pub fn judge(check: &Check, ctx: &Context<'_>) -> Finding {
    let snap = ctx.snap;
    let mut f = if check.needs.contains(&Need::Homepage) && ctx.home.is_none() {
        let status = snap.status;
        let truncated = snap.homepage.as_ref().is_some_and(|p| p.truncated);
        Finding::new(Outcome::Error, if truncated { "home_too_large" } else { "site_unreachable" }).with_items(vec![Item::new("Trang chủ", false)
            .at(&snap.url)
            .detail(format!(
                "{}{}",
                status.label_vi(),
                snap.homepage.as_ref().and_then(|p| p.http_status).map(|s| format!(" (HTTP {s})")).unwrap_or_default()
            ))])
    } else {
        (check.evaluate)(ctx)
    };
    f.check_id = check.id;
    f
}

/// Judges a snapshot with every check.
pub fn judge_all(snap: &Snapshot) -> Vec<Finding> {
    let ctx = Context::new(snap);
    REGISTRY.iter().map(|c| judge(c, &ctx)).collect()
}

/// The tool results of a snapshot for a framework's criteria: each criterion takes the findings of
/// the checks it binds (the least favourable when it binds several).
pub fn results_for(findings: &[Finding], criteria: &[ttdt_model::domain::Criterion]) -> Vec<(String, Finding)> {
    let mut out = Vec::new();
    for c in criteria.iter().filter(|c| !c.retired && !c.checks.is_empty()) {
        let mut bound: Vec<&Finding> = findings.iter().filter(|f| c.checks.iter().any(|id| id == f.check_id)).collect();
        bound.sort_by(|a, b| rank(a).partial_cmp(&rank(b)).unwrap_or(std::cmp::Ordering::Equal));
        if let Some(f) = bound.first() {
            out.push((c.code.clone(), (*f).clone()));
        }
    }
    out
}

/// The findings of a snapshot bound to criteria: through a framework's `checks` bindings when
/// given, else through each check's own criterion codes.
pub fn bind(findings: &[Finding], criteria: Option<&[ttdt_model::domain::Criterion]>) -> Vec<(String, Finding)> {
    match criteria {
        Some(c) => results_for(findings, c),
        None => {
            let mut out: Vec<(String, Finding)> = Vec::new();
            for f in findings {
                if let Some(check) = check(f.check_id) {
                    for code in check.criteria {
                        out.push((code.to_string(), f.clone()));
                    }
                }
            }
            out
        }
    }
}

fn rank(f: &Finding) -> f64 {
    match f.outcome {
        Outcome::Error => -3.0,
        Outcome::NotTested => -2.0,
        Outcome::NeedsReview => -1.0,
        Outcome::Fail => 0.0,
        Outcome::Partial => f.share,
        Outcome::Pass => 1.0,
        Outcome::NotApplicable => 2.0,
    }
}

impl Finding {
    pub fn to_result(&self, code: &str) -> NewResult {
        NewResult {
            criterion_code: code.to_string(),
            outcome: self.outcome,
            share: if self.outcome == Outcome::Partial { self.share } else { 0.0 },
            evidence: self.evidence(),
            note: String::new(),
        }
    }
}
