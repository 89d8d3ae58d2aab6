//! The stages of one site's collection, each filling its part of the snapshot.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use tokio::sync::Semaphore;
use url::Url;

use super::{dns, measure_async, plan, tls, CancelToken, CollectConfig, Fetcher, ScanTarget};
use ttdt_snapshot::html::{bare_host, Complexity, PageFacts};
use ttdt_snapshot::sections::{PageVerdict, SECTIONS};
use ttdt_snapshot::stub::{script_redirect, NotFoundPage};
use ttdt_snapshot::{FetchStatus, LinkProbe, Page, PageKind, Snapshot};

/// What collection keeps of an inner page it read: the links to the site itself (for the link
/// probes) and, for the news list, its facts (to pick articles from). The rest is dropped at once,
/// as a scan holds many sites in flight.
#[derive(Default)]
pub(crate) struct Read {
    internal: Vec<Url>,
    news: Option<PageFacts>,
    /// What the page is for each section (in `SECTIONS` order), when it was read.
    sections: Option<Vec<PageVerdict>>,
}

impl Read {
    fn of(page: &Page, facts: Option<PageFacts>, not_found: Option<&NotFoundPage>) -> Read {
        let Some(facts) = facts else { return Read::default() };
        let internal = facts.internal_links().map(|(_, u)| u.clone()).collect();
        let sections = Some(SECTIONS.iter().map(|s| s.judge_page(page, &facts, not_found)).collect());
        Read { internal, news: (page.kind == PageKind::NewsList).then_some(facts), sections }
    }
}

/// Section candidates fetched beyond the first of each section, per site: at most this many more
/// requests, within the site's time budget.
pub(crate) const MAX_EXTRA_CANDIDATES: usize = 12;
/// Children of sitemap indexes fetched, per site.
const MAX_SITEMAP_CHILDREN: usize = 2;
/// Feeds fetched from pages that list feeds, per site.
const MAX_LISTED_FEEDS: usize = 2;

/// One site being collected: the shared client, the limits, and the site's own request slots.
pub(crate) struct SiteScan<'a> {
    fetcher: &'a Fetcher,
    cfg: &'a CollectConfig,
    target: &'a ScanTarget,
    cancel: &'a CancelToken,
    /// At most `per_host` requests in flight.
    sem: Semaphore,
    deadline: Instant,
    /// The address as given.
    start: Url,
    pub host: String,
}

impl<'a> SiteScan<'a> {
    pub fn new(fetcher: &'a Fetcher, target: &'a ScanTarget, start: Url, cancel: &'a CancelToken, deadline: Instant) -> SiteScan<'a> {
        let cfg = fetcher.config();
        let host = start.host_str().unwrap_or("").to_ascii_lowercase();
        SiteScan { fetcher, cfg, target, cancel, sem: Semaphore::new(cfg.per_host.max(1)), deadline, start, host }
    }

    /// One page, within the site's request slots; a cancelled scan fetches nothing more.
    async fn get(&self, url: String, kind: PageKind) -> Page {
        if self.cancel.is_cancelled() {
            return Page::failed(&url, kind, FetchStatus::Cancelled, "cancelled");
        }
        let _permit = self.sem.acquire().await;
        tokio::select! {
            p = self.fetcher.fetch(&url, kind, self.deadline) => p,
            _ = self.cancel.cancelled() => Page::failed(&url, kind, FetchStatus::Cancelled, "cancelled"),
        }
    }

    /// A form posted, within the site's request slots, as [`SiteScan::get`] fetches a page.
    async fn post(&self, url: String, form_body: String, kind: PageKind) -> Page {
        if self.cancel.is_cancelled() {
            return Page::failed(&url, kind, FetchStatus::Cancelled, "cancelled");
        }
        let _permit = self.sem.acquire().await;
        tokio::select! {
            p = self.fetcher.submit(&url, &form_body, kind, self.deadline) => p,
            _ = self.cancel.cancelled() => Page::failed(&url, kind, FetchStatus::Cancelled, "cancelled"),
        }
    }

    /// Pages in order, `per_host` at a time.
    async fn get_all(&self, wanted: impl IntoIterator<Item = (String, PageKind)>) -> Vec<Page> {
        stream::iter(wanted.into_iter().map(|(u, k)| self.get(u, k))).buffered(self.cfg.per_host.max(1)).collect().await
    }

    /// Pages in order, `per_host` at a time, each read as it arrives.
    async fn get_and_read_all(&self, wanted: impl IntoIterator<Item = (String, PageKind)>, not_found: Option<&NotFoundPage>) -> Vec<(Page, Read)> {
        let one = |(u, k): (String, PageKind)| async move {
            let mut page = self.get(u, k).await;
            let facts = self.read(&mut page, true).await;
            let read = Read::of(&page, facts, not_found);
            (page, read)
        };
        stream::iter(wanted.into_iter().map(one)).buffered(self.cfg.per_host.max(1)).collect().await
    }

    /// Reads an HTML page that answered, on a blocking thread (one page per core at a time, across
    /// the sites in flight), so that parsing never stalls the network's runtime. A page whose
    /// markup is too complex to parse in bounded time is not parsed: it is marked
    /// [`FetchStatus::TooComplex`] and has no facts. With `facts` false, only that is checked.
    ///
    /// The parse is not interrupted by the site's deadline or a cancel; the limits of
    /// [`Complexity`] bound it (well under a second for a page at the limits, in a release build).
    async fn read(&self, page: &mut Page, facts: bool) -> Option<PageFacts> {
        if !(page.ok() && page.is_html()) {
            return None;
        }
        let url = Url::parse(&page.final_url).ok()?;
        let _slot = self.fetcher.parse_slot().await;
        let body = Arc::new(std::mem::take(&mut page.body));
        let html = body.clone();
        let read = tokio::task::spawn_blocking(move || -> Result<Option<PageFacts>, Complexity> {
            if facts {
                PageFacts::read(&url, &html).map(Some)
            } else {
                let c = Complexity::of(&html);
                if c.too_complex() { Err(c) } else { Ok(None) }
            }
        })
        .await;
        // The task has ended, and its copy of the body with it.
        page.body = Arc::try_unwrap(body).unwrap_or_else(|b| (*b).clone());
        match read {
            Ok(Ok(facts)) => facts,
            Ok(Err(complexity)) => {
                if page.status == FetchStatus::Ok {
                    page.status = FetchStatus::TooComplex;
                }
                page.error = Some(complexity.describe());
                None
            }
            Err(e) => {
                page.error = Some(format!("the page could not be read: {e}"));
                None
            }
        }
    }

    /// DNS first: a host that does not resolve ends the scan (`false`, with a clear status).
    /// The IPv6 address, if any, is probed on the way.
    pub async fn dns(&self, snap: &mut Snapshot) -> bool {
        let port = self.start.port_or_known_default().unwrap_or(443);
        let dns = dns::resolve(self.cfg, &self.host, port).await;
        let resolved = dns.error.is_none();
        if let Some(v6) = dns.v6.first().cloned() {
            snap.ipv6 = Some(dns::probe_ipv6(&v6, port).await);
        }
        snap.dns = Some(dns);
        if !resolved {
            snap.status = FetchStatus::DnsFailure;
        }
        resolved
    }

    /// The homepage, and the scan's status from it. Returns the homepage's final address and,
    /// when it is an HTML page that answered and could be parsed, its facts.
    pub async fn homepage(&self, snap: &mut Snapshot) -> (Url, Option<PageFacts>) {
        let mut home = self.get(self.target.url.clone(), PageKind::Home).await;
        let home_url = Url::parse(&home.final_url).unwrap_or_else(|_| self.start.clone());
        let mut facts = self.read(&mut home, true).await;
        // A page that only sends the visitor elsewhere with a script is not the homepage a visitor
        // sees: it is marked, and nothing is judged from it.
        if let Some(target) = facts.as_ref().and_then(|f| script_redirect(f, &home.body)) {
            home.status = FetchStatus::ScriptRedirect;
            home.script_target = Some(target);
            facts = None;
        }
        snap.status = if home.status == FetchStatus::Ok && !home.ok() {
            FetchStatus::HttpError
        } else if home.status == FetchStatus::Ok && !home.is_html() {
            FetchStatus::NotHtml
        } else {
            home.status
        };
        snap.homepage = Some(home);
        (home_url, facts)
    }

    /// The TLS handshake and the http:// form of the address, side by side. They are judged even
    /// when the homepage failed: they may be the reason.
    pub async fn tls_and_http_form(&self, snap: &mut Snapshot) {
        let start = &self.start;
        let https_url = {
            let mut u = start.clone();
            if u.scheme() == "http" {
                let _ = u.set_scheme("https");
                if start.port().is_none() {
                    let _ = u.set_port(None);
                }
            }
            u
        };
        let http_url = {
            let mut u = https_url.clone();
            let _ = u.set_scheme("http");
            u
        };
        let tls_port = https_url.port_or_known_default().unwrap_or(443);
        let addrs = self.fetcher.addresses(&self.host, tls_port).await;
        let (tls, http_probe) = tokio::join!(
            tls::probe(&self.host, &addrs, self.fetcher.tls_roots(), Duration::from_millis(self.cfg.request_timeout_ms.min(8_000))),
            async {
                if self.cancel.is_cancelled() {
                    return Page::failed(http_url.as_str(), PageKind::Other, FetchStatus::Cancelled, "cancelled");
                }
                self.fetcher.fetch_once(http_url.as_str(), PageKind::Other, self.deadline).await
            }
        );
        snap.tls = Some(tls);
        snap.http_probe = Some(http_probe);
    }

    /// Stage one: the 404 probe, then the sample by kind, the first candidate of each section and
    /// the foreign version; then the next candidates of the sections whose page was not their
    /// content. Returns what was read of `snap.pages`, in their order.
    pub async fn sample(&self, snap: &mut Snapshot, facts: &PageFacts, home_url: &Url) -> Vec<Read> {
        // The site's answer to a missing address first: a section page like it is not there.
        if let Ok(probe) = home_url.join(&plan::probe_path(&self.host)) {
            snap.probe_404 = Some(self.get(probe.to_string(), PageKind::Probe404).await);
        }
        let not_found = snap.probe_404.as_ref().and_then(NotFoundPage::of);
        let wanted = plan::pages_to_fetch(facts, self.cfg.sample_size);
        let (mut pages, mut read): (Vec<Page>, Vec<Read>) =
            self.get_and_read_all(wanted.into_iter().map(|(u, k)| (u.to_string(), k)), not_found.as_ref()).await.into_iter().unzip();
        let candidates = plan::section_candidates(facts);
        let mut extra = 0;
        loop {
            let mut next: Vec<(String, PageKind)> = Vec::new();
            for (i, list) in candidates.iter().enumerate() {
                // The first candidate not yet tried, if every one tried was not content.
                let mut untried = None;
                for u in list {
                    match pages.iter().position(|p| p.url == u.as_str()) {
                        Some(at) if section_served(&pages[at], &read[at], i) => break,
                        Some(_) => continue,
                        None => {
                            untried = Some(u);
                            break;
                        }
                    }
                }
                if let Some(u) = untried {
                    if extra < MAX_EXTRA_CANDIDATES && !next.iter().any(|(x, _)| x == u.as_str()) {
                        extra += 1;
                        next.push((u.to_string(), PageKind::Section));
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            for (p, r) in self.get_and_read_all(next, not_found.as_ref()).await {
                pages.push(p);
                read.push(r);
            }
        }
        snap.pages = pages;
        read
    }

    /// Stage two: an article from the news list, robots.txt, feeds, the 404 probe and a search.
    /// The articles join `snap.pages`, and what was read of them `read`.
    pub async fn stage_two(&self, snap: &mut Snapshot, facts: &PageFacts, home_url: &Url, read: &mut Vec<Read>) {
        let news_facts = snap.pages.iter().zip(read.iter()).find(|(p, _)| p.kind == PageKind::NewsList && p.ok()).and_then(|(_, r)| r.news.as_ref());
        let mut articles: Vec<(String, PageKind)> = Vec::new();
        let known: HashSet<String> = snap.pages.iter().map(|p| p.url.clone()).chain([self.target.url.clone()]).collect();
        for article in plan::articles(facts, news_facts, 2) {
            if !known.contains(article.as_str()) {
                articles.push((article.to_string(), PageKind::Article));
            }
        }
        let mut stage2: Vec<(String, PageKind)> = Vec::new();
        if let Ok(r) = home_url.join("/robots.txt") {
            stage2.push((r.to_string(), PageKind::Robots));
        }
        for feed in plan::feeds(facts).into_iter().take(2) {
            stage2.push((feed.to_string(), PageKind::Feed));
        }
        // A search form that posts is posted, as a visitor's browser would send it.
        let mut posted_search = None;
        if let Some(search) = plan::search_request(facts) {
            snap.search_term = Some(search.term);
            snap.search_form = search.form_body.clone();
            match search.form_body {
                Some(body) => posted_search = Some((search.url.to_string(), body)),
                None => stage2.push((search.url.to_string(), PageKind::Search)),
            }
        }
        let post = async {
            match posted_search {
                Some((u, body)) => vec![self.post(u, body, PageKind::Search).await],
                None => Vec::new(),
            }
        };
        let (fetched, rest, posted) = tokio::join!(self.get_and_read_all(articles, None), self.get_all(stage2), post);
        for (p, f) in fetched {
            snap.pages.push(p);
            read.push(f);
        }
        for mut p in rest.into_iter().chain(posted) {
            match p.kind {
                PageKind::Robots => snap.robots = Some(p),
                PageKind::Feed => snap.feeds.push(p),
                PageKind::Probe404 => snap.probe_404 = Some(p),
                PageKind::Search => {
                    // The search check parses the results page itself: one too complex is marked.
                    self.read(&mut p, false).await;
                    snap.search = Some(p);
                }
                _ => snap.pages.push(p),
            }
        }
        self.listed_feeds(snap).await;
        // A site under a path (as the demo portals are) may keep its robots.txt there.
        if !snap.robots.as_ref().is_some_and(Page::ok) && home_url.path() != "/" {
            if let Ok(r) = home_url.join("robots.txt") {
                snap.robots = Some(self.get(r.to_string(), PageKind::Robots).await);
            }
        }
    }

    /// An "RSS" link that leads to an HTML page listing the site's feeds: the feeds it lists are
    /// fetched too (one step, at most [`MAX_LISTED_FEEDS`]).
    async fn listed_feeds(&self, snap: &mut Snapshot) {
        let mut listed: Vec<(String, PageKind)> = Vec::new();
        for i in 0..snap.feeds.len() {
            let mut page = snap.feeds[i].clone();
            let looks_like_feed = page.body.trim_start().starts_with("<?xml") || !page.is_html();
            if !page.ok() || looks_like_feed {
                continue;
            }
            let Some(facts) = self.read(&mut page, true).await else { continue };
            for u in plan::feeds_listed(&facts) {
                let known = snap.feeds.iter().any(|f| f.url == u.as_str() || f.final_url == u.as_str()) || listed.iter().any(|(x, _)| x == u.as_str());
                if !known && listed.len() < MAX_LISTED_FEEDS {
                    listed.push((u.to_string(), PageKind::Feed));
                }
            }
        }
        let more = self.get_all(listed).await;
        snap.feeds.extend(more);
    }

    /// Sitemaps named in robots.txt, else sitemap.xml beside the homepage (and sitemap_index.xml
    /// when it is not one); at most three, then the first children of sitemap indexes, and the
    /// homepage's sitemap page ("Sơ đồ cổng").
    pub async fn sitemaps(&self, snap: &mut Snapshot, facts: &PageFacts, home_url: &Url) {
        let mut sitemap_urls: Vec<Url> = snap
            .robots
            .as_ref()
            .filter(|r| r.ok())
            .map(|r| plan::sitemaps_in_robots(&r.body, &Url::parse(&r.final_url).unwrap_or(home_url.clone())))
            .unwrap_or_default();
        let named_in_robots = !sitemap_urls.is_empty();
        if sitemap_urls.is_empty() {
            if let Ok(u) = home_url.join("sitemap.xml") {
                sitemap_urls.push(u);
            }
        }
        sitemap_urls.dedup();
        snap.sitemaps = self.get_all(sitemap_urls.into_iter().take(3).map(|u| (u.to_string(), PageKind::Sitemap))).await;
        let is_xml_sitemap = |p: &Page| p.ok() && { let b = p.body.to_ascii_lowercase(); b.contains("<urlset") || b.contains("<sitemapindex") };
        if !named_in_robots && !snap.sitemaps.iter().any(is_xml_sitemap) {
            // WordPress and others name theirs sitemap_index.xml.
            if let Ok(u) = home_url.join("sitemap_index.xml") {
                let p = self.get(u.to_string(), PageKind::Sitemap).await;
                snap.sitemaps.push(p);
            }
        }
        let mut children: Vec<(String, PageKind)> = Vec::new();
        for s in snap.sitemaps.iter().filter(|p| p.ok()) {
            let base = Url::parse(&s.final_url).unwrap_or_else(|_| home_url.clone());
            if let Some(first) = plan::sitemap_children(&s.body, &base).into_iter().next() {
                if children.len() < MAX_SITEMAP_CHILDREN && !snap.sitemaps.iter().any(|p| p.url == first.as_str()) {
                    children.push((first.to_string(), PageKind::Sitemap));
                }
            }
        }
        if let Some(u) = plan::sitemap_page(facts) {
            if !snap.sitemaps.iter().any(|p| p.url == u.as_str()) {
                children.push((u.to_string(), PageKind::Sitemap));
            }
        }
        let more = self.get_all(children).await;
        snap.sitemaps.extend(more);
    }

    /// Internal links of the fetched pages that were not fetched themselves, tried with HEAD
    /// (at most `link_checks`). `facts` is the homepage's; `read`, what was read of `snap.pages`.
    pub async fn link_probes(&self, snap: &mut Snapshot, facts: &PageFacts, read: &[Read], home_url: &Url) {
        let mut fetched_urls: HashSet<String> = HashSet::new();
        for p in snap.homepage.iter().chain(snap.pages.iter()) {
            fetched_urls.insert(p.url.clone());
            fetched_urls.insert(p.final_url.clone());
        }
        let mut to_check: Vec<(String, String)> = Vec::new();
        let mut seen = HashSet::new();
        let home_links: Vec<Url> = facts.internal_links().map(|(_, u)| u.clone()).collect();
        let pages = snap.homepage.iter().map(|p| (p, &home_links)).chain(snap.pages.iter().zip(read.iter().map(|r| &r.internal)));
        for (p, links) in pages {
            for link in links {
                let mut l = link.clone();
                l.set_fragment(None);
                let s = l.to_string();
                if bare_host(&l) == bare_host(home_url) && !fetched_urls.contains(&s) && seen.insert(s.clone()) {
                    to_check.push((s, p.final_url.clone()));
                }
            }
        }
        to_check.truncate(self.cfg.link_checks);
        snap.links = stream::iter(to_check.into_iter().map(|(u, from)| self.probe_link(u, from))).buffered(self.cfg.per_host.max(1)).collect().await;
    }

    async fn probe_link(&self, url: String, from: String) -> LinkProbe {
        if self.cancel.is_cancelled() {
            return LinkProbe { url, from, status: FetchStatus::Cancelled, http_status: None };
        }
        let _permit = self.sem.acquire().await;
        let (status, http_status) = self.fetcher.head(&url, self.deadline).await;
        LinkProbe { url, from, status, http_status }
    }

    /// Last, the homepage in a real browser: it has its own time budget and stops on cancel.
    pub async fn browser(&self, snap: &mut Snapshot) {
        if let (Some(browser), Some(home)) = (&self.cfg.browser, snap.home()) {
            if !self.cancel.is_cancelled() {
                snap.browser = Some(measure_async(home.final_url.clone(), browser.clone(), self.cancel).await);
            }
        }
    }
}

/// Whether a page read for section `i` (in `SECTIONS` order) serves it: content of its own, with a
/// list where the section needs one. Otherwise (an error, a timeout, a "not found" page, no
/// list) the next candidate is tried.
fn section_served(_page: &Page, read: &Read, i: usize) -> bool {
    read.sections.as_ref().and_then(|v| v.get(i)).is_some_and(|v| *v == PageVerdict::Content)
}
