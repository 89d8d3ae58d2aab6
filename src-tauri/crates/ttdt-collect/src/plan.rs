//! Which pages a scan fetches: a deterministic sample chosen by kind from the homepage's menu
//! and links, plus the pages the section criteria need. The same homepage always gives the same
//! plan, and the plan is recorded in the snapshot.

use sha2::{Digest, Sha256};
use url::Url;

use ttdt_snapshot::html::{bare_host, Link, PageFacts, Region};
use ttdt_snapshot::PageKind;
use ttdt_snapshot::sections::SECTIONS;

/// Kinds of the sample, in order, with the words that name them.
const KINDS: &[(PageKind, &[&str])] = &[
    (PageKind::Introduction, &["giới thiệu", "chức năng nhiệm vụ"]),
    (PageKind::Organisation, &["cơ cấu tổ chức", "sơ đồ tổ chức", "tổ chức bộ máy"]),
    (PageKind::Leaders, &["lãnh đạo"]),
    (PageKind::NewsList, &["tin tức", "tin hoạt động", "sự kiện"]),
    (PageKind::Documents, &["văn bản"]),
    (PageKind::Procedures, &["thủ tục hành chính", "dịch vụ công"]),
    (PageKind::Contact, &["liên hệ"]),
];

fn clean(u: &Url) -> Url {
    let mut u = u.clone();
    u.set_fragment(None);
    u
}

fn internal(facts: &PageFacts, l: &Link) -> Option<Url> {
    let u = l.url.as_ref()?;
    (matches!(u.scheme(), "http" | "https") && bare_host(u) == bare_host(&facts.url) && clean(u) != clean(&facts.url))
        .then(|| clean(u))
}

fn first_link<'a>(facts: &'a PageFacts, names: &[&str]) -> Option<&'a Link> {
    let hit = |l: &&Link| internal(facts, l).is_some() && names.iter().any(|n| l.folded.contains(n));
    facts
        .links
        .iter()
        .filter(|l| matches!(l.region, Region::Nav | Region::Header))
        .find(hit)
        .or_else(|| facts.links.iter().find(hit))
}

pub use ttdt_snapshot::sections::foreign_link;

/// The inner pages to fetch after the homepage: up to `sample` by kind and menu order, then the
/// pages of section criteria and the foreign version.
pub fn pages_to_fetch(facts: &PageFacts, sample: usize) -> Vec<(Url, PageKind)> {
    let mut out: Vec<(Url, PageKind)> = Vec::new();
    let push = |out: &mut Vec<(Url, PageKind)>, u: Url, k: PageKind| {
        if !out.iter().any(|(x, _)| *x == u) {
            out.push((u, k));
        }
    };
    for (kind, names) in KINDS {
        if out.len() >= sample {
            break;
        }
        if let Some(u) = first_link(facts, names).and_then(|l| internal(facts, l)) {
            push(&mut out, u, *kind);
        }
    }
    for l in facts.links.iter().filter(|l| l.region == Region::Nav) {
        if out.len() >= sample {
            break;
        }
        if let Some(u) = internal(facts, l) {
            push(&mut out, u, PageKind::Other);
        }
    }
    for s in SECTIONS {
        if let Some(u) = s.link(facts).and_then(|l| internal(facts, l)) {
            push(&mut out, u, PageKind::Section);
        }
    }
    if let Some(u) = foreign_link(facts).and_then(|l| l.url.clone()) {
        push(&mut out, clean(&u), PageKind::Foreign);
    }
    out
}

/// Articles: links of the news list that lead below it, else homepage links below the news path.
pub fn articles(home: &PageFacts, news: Option<&PageFacts>, n: usize) -> Vec<Url> {
    let below = |list: &Url, u: &Url| {
        let base = list.path().trim_end_matches("index.html").trim_end_matches('/');
        u.path().starts_with(base) && u.path().trim_end_matches('/') != base && u != list
    };
    let mut out: Vec<Url> = Vec::new();
    if let Some(list) = news {
        for l in list.links.iter().filter(|l| matches!(l.region, Region::Main | Region::Other)) {
            if let Some(u) = internal(list, l) {
                if below(&list.url, &u) && !out.contains(&u) {
                    out.push(u);
                }
            }
        }
    }
    if out.is_empty() {
        if let Some(list_url) = first_link(home, &["tin tức", "sự kiện"]).and_then(|l| internal(home, l)) {
            for l in &home.links {
                if let Some(u) = internal(home, l) {
                    if below(&list_url, &u) && !out.contains(&u) {
                        out.push(u);
                    }
                }
            }
        }
    }
    out.truncate(n);
    out
}

/// Feeds advertised in the head or linked from the page.
pub fn feeds(facts: &PageFacts) -> Vec<Url> {
    let mut out: Vec<Url> = Vec::new();
    for (rel, ty, href) in &facts.head_links {
        if rel.split_whitespace().any(|r| r == "alternate") && (ty.contains("rss") || ty.contains("atom")) {
            if let Some(u) = href {
                if !out.contains(u) {
                    out.push(u.clone());
                }
            }
        }
    }
    for l in &facts.links {
        let Some(u) = &l.url else { continue };
        let p = u.path().to_ascii_lowercase();
        if (p.ends_with(".rss") || p.ends_with("rss.xml") || p.ends_with("/rss") || p.ends_with("feed.xml") || l.folded.marked == "rss")
            && !out.contains(u)
        {
            out.push(u.clone());
        }
    }
    out
}

/// A path that should not exist on the site, the same for a host on every run.
pub fn probe_path(host: &str) -> String {
    let tag = ttdt_model::text::hex(&Sha256::digest(host.as_bytes())[..6]);
    format!("ttdt-khong-ton-tai-{tag}.html")
}

const STOPWORDS: &[&str] = &["trang", "chủ", "những", "thông", "được", "trong", "công", "về", "của", "năm"];

/// The request of the site's search form with a word taken from the site (a long word of the first
/// content links), and the word.
pub fn search_request(facts: &PageFacts) -> Option<(Url, String)> {
    let form = facts.forms.iter().find(|f| f.is_search && f.method == "get")?;
    let action = form.action.clone()?;
    let field = form
        .inputs
        .iter()
        .find(|i| i.kind == "search")
        .or_else(|| form.inputs.iter().find(|i| i.kind == "text"))
        .filter(|i| !i.name.is_empty())?;
    // In-page anchors ("skip to content") are not content: their words are on every page.
    let term = facts
        .links
        .iter()
        .filter(|l| matches!(l.region, Region::Main | Region::Other) && !l.href.trim_start().starts_with('#'))
        .flat_map(|l| l.text.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic) && !STOPWORDS.contains(&w.to_lowercase().as_str()))?
        .to_string();
    let mut u = action;
    u.set_fragment(None);
    u.query_pairs_mut().clear().append_pair(&field.name, &term);
    Some((u, term))
}

/// Sitemaps named in a robots.txt.
pub fn sitemaps_in_robots(body: &str, base: &Url) -> Vec<Url> {
    body.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case("sitemap").then(|| base.join(v.trim()).ok()).flatten()
        })
        .collect()
}
