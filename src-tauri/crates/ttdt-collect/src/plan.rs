//! Which pages a scan fetches: a deterministic sample chosen by kind from the homepage's menu
//! and links, plus the pages the section criteria need. The same homepage always gives the same
//! plan, and the plan is recorded in the snapshot.

use sha2::{Digest, Sha256};
use url::Url;

use ttdt_snapshot::html::{bare_host, Link, PageFacts, Region};
use ttdt_snapshot::PageKind;
use ttdt_snapshot::sections::{foreign_candidates, names_sitemap, MAX_CANDIDATES, SECTIONS};

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

/// Foreign-version candidates fetched: the first two on a related host.
pub const FOREIGN_FETCHED: usize = 2;

/// Whether two hosts belong to one portal: the same, one under the other (`en.sonha.gov.vn`
/// under `sonha.gov.vn`), or siblings under a parent of at least three labels
/// (`en.sonha.gov.vn` beside `www.sonha.gov.vn`). A translation service is none of these.
pub fn related_host(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_start_matches("www."), b.trim_start_matches("www."));
    let parent = |h: &str| h.split_once('.').map(|(_, p)| p.to_string()).filter(|p| p.matches('.').count() >= 2);
    a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}")) || parent(a).is_some_and(|p| parent(b).as_deref() == Some(p.as_str()))
}

/// Each section's candidates on the site itself, strongest first, at most [`MAX_CANDIDATES`]:
/// collection fetches the first of each at once and the next while the last is not content.
pub fn section_candidates(facts: &PageFacts) -> Vec<Vec<Url>> {
    SECTIONS
        .iter()
        .map(|s| s.candidates(facts).into_iter().take(MAX_CANDIDATES).map_while(|l| internal(facts, l)).collect())
        .collect()
}

/// The foreign-version candidates to fetch: the strongest ones on the portal or a related host.
pub fn foreign_to_fetch(facts: &PageFacts) -> Vec<Url> {
    let host = bare_host(&facts.url);
    foreign_candidates(facts).into_iter().filter(|u| related_host(&bare_host(u), &host)).take(FOREIGN_FETCHED).collect()
}

/// The homepage's link to a sitemap page ("Sơ đồ cổng", "Sơ đồ trang", "Sitemap").
pub fn sitemap_page(facts: &PageFacts) -> Option<Url> {
    facts.links.iter().filter(|l| names_sitemap(l)).find_map(|l| internal(facts, l))
}

/// The inner pages to fetch after the homepage: up to `sample` by kind and menu order, then the
/// first candidate of each section criterion and the foreign-version candidates.
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
    for candidates in section_candidates(facts) {
        if let Some(u) = candidates.into_iter().next() {
            push(&mut out, u, PageKind::Section);
        }
    }
    for u in foreign_to_fetch(facts) {
        push(&mut out, u, PageKind::Foreign);
    }
    out
}

/// The fewest words of a link's text for it to be a headline (menu entries and "Xem thêm" are shorter).
const HEADLINE_WORDS: usize = 6;

/// Articles: links of the news list that lead below it, else headline links of the news list's
/// (or the homepage's) content.
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
    // Platforms whose articles are not below their list (WordPress `/2026/11/20/slug/`, Joomla
    // `?view=article`, SharePoint `/Pages/…`): headline links of the list's content.
    if out.is_empty() {
        for page in news.into_iter().chain([home]) {
            for l in page.links.iter().filter(|l| matches!(l.region, Region::Main | Region::Other)) {
                if let Some(u) = internal(page, l) {
                    let file = [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".jpg", ".png"].iter().any(|x| u.path().to_ascii_lowercase().ends_with(x));
                    let headline = l.text.split_whitespace().count() >= HEADLINE_WORDS || u.query().is_some_and(|q| q.contains("view=article"));
                    if headline && !file && u != page.url && !out.contains(&u) {
                        out.push(u);
                    }
                }
            }
            if !out.is_empty() {
                break;
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

/// Whether an address has the form of a feed: `.rss`, `rss.xml`, `/rss`, `feed.xml`, `/feed/`
/// (WordPress), `?format=feed` (Joomla).
fn feed_address(u: &Url) -> bool {
    let p = u.path().to_ascii_lowercase();
    let q = u.query().unwrap_or("").to_ascii_lowercase();
    p.ends_with(".rss") || p.ends_with("rss.xml") || p.ends_with("/rss") || p.ends_with("feed.xml") || p.ends_with("/feed") || p.ends_with("/feed/") || q.contains("format=feed") || q.contains("type=rss")
}

/// Feeds linked from a page that lists the site's feeds (an "RSS" link often leads to one): the
/// links that have a feed's address or type, or name RSS and lead to an `.xml` address.
pub fn feeds_listed(facts: &PageFacts) -> Vec<Url> {
    let mut out = feeds(facts);
    for l in &facts.links {
        let Some(u) = &l.url else { continue };
        let xml = u.path().to_ascii_lowercase().ends_with(".xml");
        let typed = l.type_attr.as_deref().is_some_and(|t| t.contains("rss") || t.contains("atom"));
        let path = u.path().to_ascii_lowercase();
        let says_feed = l.folded.contains("rss") || l.hint.contains("rss") || path.contains("rss") || path.contains("feed");
        if (typed || xml && says_feed) && !out.contains(u) && *u != facts.url {
            out.push(u.clone());
        }
    }
    out.retain(|u| *u != facts.url);
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
        // An RSS icon with an empty alt is named by its file name ("icon-rss.png").
        let named = l.folded.marked == "rss" || l.folded.marked.starts_with("rss ") || l.text.trim().is_empty() && l.hint.split(|c: char| !c.is_alphanumeric()).any(|w| w == "rss");
        if (feed_address(u) || named) && matches!(u.scheme(), "http" | "https")
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

/// A search to run on the site: the address, the form body when the form posts, and the word.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub url: Url,
    /// The `application/x-www-form-urlencoded` body of a POST form; `None` for a GET.
    pub form_body: Option<String>,
    pub term: String,
}

/// The request of the site's search form with a word taken from the site (a long word of the first
/// content links): a GET form with its hidden fields, else the address a script sends the search
/// field's value to, else a POST form (Joomla's `com_search`) with its hidden fields.
pub fn search_request(facts: &PageFacts) -> Option<SearchRequest> {
    let field_of = |form: &ttdt_snapshot::html::Form| {
        form.inputs.iter().find(|i| i.kind == "search").or_else(|| form.inputs.iter().find(|i| i.kind == "text")).filter(|i| !i.name.is_empty()).map(|i| i.name.clone())
    };
    let search_forms = || facts.forms.iter().filter(|f| f.is_search && f.action.is_some());
    let get_form = search_forms().filter(|f| f.method != "post").find_map(|f| Some((f, field_of(f)?)));
    let post_form = search_forms().filter(|f| f.method == "post").find_map(|f| Some((f, field_of(f)?)));
    // In-page anchors ("skip to content") are not content: their words are on every page.
    let term = facts
        .links
        .iter()
        .filter(|l| matches!(l.region, Region::Main | Region::Other) && !l.href.trim_start().starts_with('#'))
        .flat_map(|l| l.text.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic) && !STOPWORDS.contains(&w.to_lowercase().as_str()))?
        .to_string();
    // What a browser sends: the typed word, then the hidden fields the form carries.
    let fields = |form: &ttdt_snapshot::html::Form, field: &str| {
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        body.append_pair(field, &term);
        for (k, v) in form.hidden.iter().filter(|(k, _)| k != field) {
            body.append_pair(k, v);
        }
        body.finish()
    };
    if let Some((form, field)) = get_form {
        let mut u = form.action.clone()?;
        u.set_fragment(None);
        // A GET form replaces the action's query with its fields, as browsers do.
        u.set_query(Some(&fields(form, &field)));
        return Some(SearchRequest { url: u, form_body: None, term });
    }
    if let Some((mut u, field)) = facts.scripted_search.clone() {
        u.set_fragment(None);
        u.query_pairs_mut().clear().append_pair(&field, &term);
        return Some(SearchRequest { url: u, form_body: None, term });
    }
    let (form, field) = post_form?;
    let mut u = form.action.clone()?;
    u.set_fragment(None);
    Some(SearchRequest { form_body: Some(fields(form, &field)), url: u, term })
}

/// The child sitemaps of a sitemap index (`<sitemapindex>`), in order.
pub fn sitemap_children(body: &str, base: &Url) -> Vec<Url> {
    let lower = body.to_ascii_lowercase();
    if !lower.contains("<sitemapindex") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.to_ascii_lowercase().find("<loc>") {
        let after = &rest[i + 5..];
        let Some(end) = after.to_ascii_lowercase().find("</loc>") else { break };
        let loc = after[..end].trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>").replace("&amp;", "&");
        if let Ok(u) = base.join(loc.trim()) {
            if !out.contains(&u) {
                out.push(u);
            }
        }
        rest = &after[end..];
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(html: &str) -> PageFacts {
        PageFacts::parse(&Url::parse("https://sotttt.sonha.gov.vn/").unwrap(), html)
    }

    /// A homepage with this search markup and a news link to take a word from.
    fn with_search(search: &str) -> PageFacts {
        facts(&format!("<header>{search}</header><main><a href='/tin-tuc/hoi-nghi.html'>Hội nghị triển khai chuyển đổi số</a></main>"))
    }

    #[test]
    fn a_get_search_form_is_sent_with_its_hidden_fields() {
        let f = with_search("<form action='/web/guest/tim-kiem?p_p_id=3&p_p_state=normal' method='get'><input name='_3_keywords' title='Từ khóa'>\
            <input type='hidden' name='p_p_id' value='3'><input type='hidden' name='_3_struts_action' value='/search/search'></form>");
        let r = search_request(&f).unwrap();
        assert_eq!(r.term, "triển");
        assert_eq!(r.form_body, None);
        assert_eq!(r.url.as_str(), "https://sotttt.sonha.gov.vn/web/guest/tim-kiem?_3_keywords=tri%E1%BB%83n&p_p_id=3&_3_struts_action=%2Fsearch%2Fsearch");
    }

    #[test]
    fn a_post_search_form_is_posted_with_its_hidden_fields() {
        // Joomla's mod_search.
        let f = with_search("<form action='/index.php' method='post'><label for='s'>Tìm kiếm...</label><input name='searchword' id='s' type='text'>\
            <input type='hidden' name='task' value='search'><input type='hidden' name='option' value='com_search'><input type='hidden' name='Itemid' value='101'></form>");
        let r = search_request(&f).unwrap();
        assert_eq!(r.url.as_str(), "https://sotttt.sonha.gov.vn/index.php");
        assert_eq!(r.form_body.as_deref(), Some("searchword=tri%E1%BB%83n&task=search&option=com_search&Itemid=101"));
    }

    #[test]
    fn a_get_form_or_a_scripted_search_comes_before_a_post_form() {
        let both = "<form action='/Default.aspx' method='post'><input name='ctl00$txtSearch'></form><form action='/tim-kiem'><input type='search' name='q'></form>";
        let r = search_request(&with_search(both)).unwrap();
        assert_eq!((r.url.path(), r.form_body), ("/tim-kiem", None));
        let scripted = "<form action='/Default.aspx' method='post'><input name='ctl00$txtSearch'></form>\
            <script>function s(){ location.href = '/Portal/Search.aspx?keyword=' + encodeURIComponent(document.getElementById('kw').value); }</script>";
        let r = search_request(&with_search(scripted)).unwrap();
        assert_eq!((r.url.path(), r.form_body), ("/Portal/Search.aspx", None));
    }

    #[test]
    fn a_sitemap_index_names_its_children() {
        let xml = "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>\
            <sitemap><loc>https://sotttt.sonha.gov.vn/post-sitemap.xml</loc></sitemap><sitemap><LOC> /page-sitemap.xml.gz </LOC></sitemap></sitemapindex>";
        let base = Url::parse("https://sotttt.sonha.gov.vn/sitemap_index.xml").unwrap();
        let got: Vec<String> = sitemap_children(xml, &base).iter().map(Url::to_string).collect();
        assert_eq!(got, ["https://sotttt.sonha.gov.vn/post-sitemap.xml", "https://sotttt.sonha.gov.vn/page-sitemap.xml.gz"]);
        assert!(sitemap_children("<urlset><url><loc>https://a/</loc></url></urlset>", &base).is_empty());
    }

    #[test]
    fn feeds_are_found_by_address_icon_and_on_a_page_listing_them() {
        let home = facts("<a href='/rss.html'><img src='/images/icon-rss.png' alt=''></a><a href='/index.php?format=feed&amp;type=rss'>Tin mới</a><a href='/feed/'>x</a>");
        let got: Vec<String> = feeds(&home).iter().map(|u| u.path().to_string()).collect();
        assert_eq!(got, ["/rss.html", "/index.php", "/feed/"]);
        let listing = facts("<main><h1>RSS</h1><ul><li><a href='/rss/tin-tuc.xml'>Tin tức RSS</a></li><li><a href='/rss/thong-bao.xml'><img src='rss.gif' alt=''> Thông báo</a></li><li><a href='/gioi-thieu.xml'>Giới thiệu</a></li></ul></main>");
        let got: Vec<String> = feeds_listed(&listing).iter().map(|u| u.path().to_string()).collect();
        assert_eq!(got, ["/rss/tin-tuc.xml", "/rss/thong-bao.xml"]);
    }

    #[test]
    fn foreign_candidates_are_fetched_on_the_portal_or_a_related_host_only() {
        let f = facts("<a href='https://translate.google.com/translate?sl=vi&tl=en&u=https://sotttt.sonha.gov.vn'>English</a><a href='https://en.sonha.gov.vn/'>EN</a><a href='/sotttt-eng/'></a>");
        let got: Vec<String> = foreign_to_fetch(&f).iter().map(Url::to_string).collect();
        assert_eq!(got, ["https://en.sonha.gov.vn/", "https://sotttt.sonha.gov.vn/sotttt-eng/"]);
        assert!(related_host("en.sonha.gov.vn", "sonha.gov.vn") && related_host("en.sonha.gov.vn", "www.sonha.gov.vn"));
        assert!(!related_host("translate.google.com", "sonha.gov.vn") && !related_host("a.gov.vn", "b.gov.vn"));
    }

    #[test]
    fn a_sections_candidates_are_on_the_site_and_at_most_three() {
        let f = facts("<nav class='menu'><a href='/ke-hoach-tai-chinh'>Kế hoạch tài chính</a><a href='/chien-luoc'>Chiến lược – quy hoạch</a><a href='/ke-hoach'>Kế hoạch</a><a href='/quy-hoach'>Quy hoạch</a></nav>");
        let plans = section_candidates(&f)[SECTIONS.iter().position(|s| s.code == "CT.10").unwrap()].clone();
        assert_eq!(plans.iter().map(Url::path).collect::<Vec<_>>(), ["/chien-luoc", "/ke-hoach-tai-chinh", "/ke-hoach"]);
    }
}
