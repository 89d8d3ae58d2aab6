//! What a page says, read once from its HTML into plain data.
//!
//! Parsing uses html5ever (through `scraper`), which recovers from broken markup the way a browser does.
//! A page too deep or with too many elements to parse in bounded time is refused first
//! ([`Complexity`]); the extractors then read the document in time linear in its size, whatever
//! its depth.

mod prescan;

use std::collections::{HashMap, HashSet};

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use time::Date;
use url::Url;

use ttdt_model::text::Folded;

pub use prescan::{Complexity, MAX_DEPTH, MAX_ELEMENTS};

/// Where on the page an element sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Header,
    Nav,
    Main,
    Footer,
    Other,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub href: String,
    /// The link resolved against the page; `None` for `javascript:` and unparsable links.
    pub url: Option<Url>,
    /// The link's text, with image alt texts, title and aria-label.
    pub text: String,
    pub folded: Folded,
    pub region: Region,
    pub hreflang: Option<String>,
    pub rel: Option<String>,
    pub type_attr: Option<String>,
    /// Words the link does not show, lower case: its class and id, and the title and file name of
    /// its images (a banner or a flag with an empty `alt` is named only by them).
    pub hint: String,
    /// `hint` folded, once per link rather than once per section asking.
    pub hint_folded: Folded,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub src: String,
    pub alt: Option<String>,
    pub region: Region,
}

#[derive(Debug, Clone)]
pub struct Input {
    pub kind: String,
    pub name: String,
    pub labelled: bool,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub action: Option<Url>,
    pub method: String,
    pub inputs: Vec<Input>,
    /// The hidden fields, name and value, in page order: a form sends them with what is typed
    /// (Joomla's search needs `option=com_search`).
    pub hidden: Vec<(String, String)>,
    pub is_search: bool,
    pub text: Folded,
}

/// The facts a check may ask about a page.
#[derive(Debug, Clone)]
pub struct PageFacts {
    pub url: Url,
    pub lang: Option<String>,
    pub title: Option<String>,
    /// `<meta>` by name, property or itemprop (lower-case key), with its content.
    pub metas: Vec<(String, String)>,
    pub meta_charset: Option<String>,
    pub links: Vec<Link>,
    /// `<link>` elements in the head: rel, type, href resolved.
    pub head_links: Vec<(String, String, Option<Url>)>,
    /// `<link rel="alternate" hreflang>` in the head: the language and the address of each version.
    pub alternates: Vec<(String, Url)>,
    pub text: Folded,
    pub text_len: usize,
    /// Characters of the main content: `<main>` (or `role=main`, `article`), else the body without
    /// its navigation, header and footer.
    pub main_len: usize,
    /// Characters of the body outside the site's banner, menus and footer wherever they sit (a
    /// side menu in the content column included): what the page itself says, on pages that mark
    /// no main content.
    pub content_len: usize,
    /// The text of `<main>` (or `role=main`, `article`), empty when the page marks none: what the
    /// page says, without its menus and footer (their language may not be the page's).
    pub main_text: String,
    pub footer_text: Folded,
    pub footer_raw: String,
    pub has_footer: bool,
    pub inline_scripts: Vec<String>,
    pub script_srcs: Vec<String>,
    pub json_ld: Vec<String>,
    pub images: Vec<Image>,
    pub forms: Vec<Form>,
    pub headings: Vec<u8>,
    pub first_link_is_skip: bool,
    /// Resources loaded over `http://` (script, img, iframe, stylesheet, media).
    pub insecure_resources: Vec<String>,
    /// Day/month/year dates found in the text, less those of the banner and menus (the date of
    /// the day many portals show there is no date of content).
    pub dates: Vec<Date>,
    /// Day and month written without a year in the text ("(26/8)"): the reader infers the year.
    pub day_months: Vec<(u8, u8)>,
    /// Ages written relative to the time the page was served ("2 giờ trước", "3 ngày trước"),
    /// in whole days.
    pub ages_days: Vec<u32>,
    /// Web addresses offered as `<option value="https://…">` of a select box ("Liên kết
    /// website"), which a script opens.
    pub select_links: Vec<Link>,
    /// Search fields outside any form (a script submits them) and search widgets a script
    /// renders, each described as a selector.
    pub search_boxes: Vec<String>,
    /// The address a script sends a search to (`'/Portal/Search.aspx?keyword=' +
    /// encodeURIComponent(…)`), without its query, and the query's parameter.
    pub scripted_search: Option<(Url, String)>,
    /// An empty mount point of a front-end framework, with little server-rendered text.
    pub framework_shell: bool,
    /// Rows and items of the tables and lists with at least three of them, outside the menus,
    /// header and footer (a menu is a list, not content).
    pub list_items: usize,
}

/// A selector of this file, parsed once per thread (every page of every scan uses them all).
fn sel(s: &'static str) -> Selector {
    thread_local! {
        static PARSED: std::cell::RefCell<std::collections::HashMap<&'static str, Selector>> = Default::default();
    }
    PARSED.with(|p| {
        p.borrow_mut()
            .entry(s)
            // The selectors are literals of this file; a parse failure is a defect caught by every test.
            .or_insert_with(|| Selector::parse(s).expect("static selector"))
            .clone()
    })
}

/// The landmark an element itself marks, if any.
fn landmark(e: &scraper::node::Element) -> Option<Region> {
    let name = e.name();
    let says = |word: &str| [e.id(), e.attr("class")].into_iter().flatten().any(|v| contains_ignore_case(v, word));
    let role = e.attr("role");
    if marks_footer(e) {
        Some(Region::Footer)
    } else if name == "nav" || says("menu") || says("nav") || role == Some("navigation") {
        Some(Region::Nav)
    } else if name == "header" || says("header") || role == Some("banner") {
        Some(Region::Header)
    } else if name == "main" || role == Some("main") {
        Some(Region::Main)
    } else {
        None
    }
}

/// Class and id words that mark a page's footer beyond `<footer>` and `role=contentinfo`: a word
/// that contains "footer", or begins with one of these ("bottom", "bottom-info"; "chân trang",
/// "cuối trang" without diacritics), or is one of the short ones.
const FOOTER_WORD_PREFIXES: &[&str] = &["bottom", "chantrang", "chan-trang", "chan_trang", "cuoitrang", "cuoi-trang", "cuoi_trang", "copyright"];
const FOOTER_WORDS: &[&str] = &["ft", "foot", "cuoi"];

/// Whether an element marks the page's footer.
fn marks_footer(e: &scraper::node::Element) -> bool {
    if e.name() == "footer" || e.attr("role") == Some("contentinfo") {
        return true;
    }
    [e.id(), e.attr("class")].into_iter().flatten().flat_map(str::split_whitespace).any(|w| {
        let w = w.to_ascii_lowercase();
        w.contains("footer") || FOOTER_WORDS.contains(&w.as_str()) || FOOTER_WORD_PREFIXES.iter().any(|p| w.starts_with(p))
    })
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Elements whose text is not shown.
fn hides_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template")
}

/// What the ancestors of an element say about it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Place {
    /// The innermost landmark around it, except that anything inside a footer is footer.
    region: Region,
    /// Inside a script, style, noscript or template.
    hidden: bool,
    /// Inside a `<label>`.
    in_label: bool,
    /// Inside a `<form>`.
    in_form: bool,
}

/// What is known inside an open element, for its descendants.
#[derive(Clone, Copy)]
struct Inside {
    landmark: Region,
    footer: bool,
    hidden: bool,
    label: bool,
    form: bool,
    /// Inside an element that marks the footer.
    footer_match: bool,
    /// Inside the banner or a menu.
    chrome: bool,
    /// Inside an `<article>`.
    article: bool,
}

impl Inside {
    fn place(&self) -> Place {
        Place { region: if self.footer { Region::Footer } else { self.landmark }, hidden: self.hidden, in_label: self.label, in_form: self.form }
    }
}

/// What one walk over the document learns about where elements sit, so that no extractor walks
/// from each element up to the root (on a page nested a thousand deep, a thousand steps a link).
struct Layout {
    /// The places of links, images, forms and form fields.
    places: HashMap<NodeId, Place>,
    /// The outermost elements that mark the footer, with whether their text is hidden.
    footers: Vec<(NodeId, bool)>,
    /// The outermost banners and menus, with whether their text is hidden.
    chrome: Vec<(NodeId, bool)>,
    /// Rows and items of the tables and lists with at least three of them, outside the menus,
    /// header and footer (a menu is a list, not content).
    list_items: usize,
}

impl Layout {
    fn new(doc: &Html) -> Layout {
        let mut layout = Layout { places: HashMap::new(), footers: Vec::new(), chrome: Vec::new(), list_items: 0 };
        let top = Inside { landmark: Region::Other, footer: false, hidden: false, label: false, form: false, footer_match: false, chrome: false, article: false };
        // Per open element: what its descendants inherit, and the rows and items counted below it.
        let mut open: Vec<(Inside, usize)> = vec![(top, 0)];
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let Some(e) = node.value().as_element() else { continue };
                    let outer = open.last().map_or(top, |o| o.0);
                    let name = e.name();
                    if matches!(name, "a" | "img" | "form" | "input" | "select" | "option" | "textarea") {
                        layout.places.insert(node.id(), outer.place());
                    }
                    // A header inside the content or an article (an entry's title block) is content.
                    let mark = landmark(e).filter(|m| !(*m == Region::Header && (outer.landmark == Region::Main || outer.article)));
                    let matched = mark == Some(Region::Footer);
                    if matched && !outer.footer_match {
                        layout.footers.push((node.id(), outer.hidden));
                    }
                    // The site's banner and menus, not a header inside the content (an article's).
                    let chrome = matches!(mark, Some(Region::Header | Region::Nav)) && outer.landmark == Region::Other && name != "article";
                    if chrome && !outer.chrome && !outer.footer {
                        layout.chrome.push((node.id(), outer.hidden));
                    }
                    let inner = Inside {
                        landmark: mark.unwrap_or(outer.landmark),
                        footer: outer.footer || mark == Some(Region::Footer),
                        hidden: outer.hidden || hides_text(name),
                        label: outer.label || name == "label",
                        form: outer.form || name == "form",
                        footer_match: outer.footer_match || matched,
                        chrome: outer.chrome || chrome,
                        article: outer.article || name == "article",
                    };
                    open.push((inner, 0));
                }
                Edge::Close(node) => {
                    let Some(e) = node.value().as_element() else { continue };
                    let Some((_, below)) = open.pop() else { continue };
                    let Some(outer) = open.last_mut() else { continue };
                    let name = e.name();
                    if matches!(name, "table" | "ul" | "ol")
                        && below >= 3
                        && !matches!(outer.0.place().region, Region::Nav | Region::Header | Region::Footer)
                    {
                        layout.list_items += below;
                    }
                    outer.1 += below + usize::from(matches!(name, "tr" | "li"));
                }
            }
        }
        layout
    }

    fn place(&self, el: ElementRef<'_>) -> Place {
        self.places.get(&el.id()).copied().unwrap_or(Place { region: Region::Other, hidden: false, in_label: false, in_form: false })
    }
}

/// The visible text of an element: text nodes outside scripts and styles, image alt texts,
/// joined by spaces so that words split across tags stay words.
pub fn element_text(el: ElementRef<'_>) -> String {
    let hidden = el.ancestors().any(|a| a.value().as_element().is_some_and(|e| hides_text(e.name())));
    text_of(el, hidden)
}

/// [`element_text`], when whether the element sits inside a hidden one is already known.
fn text_of(el: ElementRef<'_>, hidden_above: bool) -> String {
    let mut out = String::new();
    let mut hidden = usize::from(hidden_above);
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(t) if hidden == 0 => {
                    out.push_str(t);
                    out.push(' ');
                }
                Node::Element(e) => {
                    if hides_text(e.name()) {
                        hidden += 1;
                    } else if e.name() == "img" {
                        if let Some(alt) = e.attr("alt") {
                            out.push_str(alt);
                            out.push(' ');
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().as_element().is_some_and(|e| hides_text(e.name())) {
                    hidden -= 1;
                }
            }
        }
    }
    out
}

impl PageFacts {
    /// Reads a page, unless its markup is too deep or has too many elements to parse in bounded
    /// time: then the error says how complex it is, and nothing was parsed.
    pub fn read(url: &Url, html: &str) -> Result<PageFacts, Complexity> {
        let complexity = Complexity::of(html);
        if complexity.too_complex() {
            return Err(complexity);
        }
        Ok(PageFacts::parse_document(url, html))
    }

    /// Reads a page; one too complex to parse ([`PageFacts::read`]) reads as an empty page, so a
    /// caller that must tell "not read" from "not there" uses `read`.
    pub fn parse(url: &Url, html: &str) -> PageFacts {
        PageFacts::read(url, html).unwrap_or_else(|_| PageFacts::parse_document(url, ""))
    }

    /// The document is parsed once; each fact is then read by its own extractor.
    fn parse_document(url: &Url, html: &str) -> PageFacts {
        // The parser records an error for every NUL character; a body of zeros (a gzip bomb cut at
        // the size limit) would cost hundreds of MB of error records. A browser drops them too.
        let cleaned;
        let html = if html.contains('\0') {
            cleaned = html.replace('\0', "");
            cleaned.as_str()
        } else {
            html
        };
        let doc = Html::parse_document(html);
        let page = Doc::new(&doc, url);
        let meta = metas(&doc);
        let text_raw = body_text(&doc);
        let text_len = text_len_of(&text_raw);
        let footer_raw = footer(&page);
        let script = scripts(&doc);
        let chrome_raw = chrome_text(&page);
        let written = WrittenDates::read(&text_raw, &chrome_raw);
        let content_len = text_len.saturating_sub(text_len_of(&chrome_raw) + text_len_of(&footer_raw));
        PageFacts {
            url: url.clone(),
            lang: lang(&doc),
            title: title(&doc),
            metas: meta.metas,
            meta_charset: meta.charset,
            links: links(&page),
            head_links: head_links(&page),
            alternates: alternates(&page),
            dates: written.dates,
            day_months: written.day_months,
            ages_days: written.ages_days,
            select_links: select_links(&page),
            search_boxes: search_boxes(&page),
            scripted_search: scripted_search(&script.inline, &page),
            text: Folded::new(&text_raw),
            text_len,
            main_len: main_len(&doc, text_len),
            content_len,
            main_text: doc.select(&sel("main, [role=main], article")).next().map(element_text).unwrap_or_default(),
            has_footer: !footer_raw.is_empty(),
            footer_text: Folded::new(&footer_raw),
            footer_raw,
            inline_scripts: script.inline,
            script_srcs: script.srcs,
            json_ld: script.json_ld,
            images: images(&page),
            forms: forms(&page),
            headings: headings(&doc),
            first_link_is_skip: first_link_is_skip(&doc),
            insecure_resources: insecure_resources(&doc, url),
            framework_shell: framework_shell(&doc, text_len),
            list_items: page.layout.list_items,
        }
    }

    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metas.iter().find(|(k, v)| k == key && !v.is_empty()).map(|(_, v)| v.as_str())
    }

    /// Links to the same site (same host, ignoring a leading "www.").
    pub fn internal_links(&self) -> impl Iterator<Item = (&Link, &Url)> {
        let host = bare_host(&self.url);
        self.links.iter().filter_map(move |l| {
            let u = l.url.as_ref()?;
            (matches!(u.scheme(), "http" | "https") && bare_host(u) == host).then_some((l, u))
        })
    }
}

/// A parsed page, the address its relative links resolve against (`<base href>`, else the page)
/// and where its elements sit.
struct Doc<'a> {
    html: &'a Html,
    url: &'a Url,
    base: Url,
    layout: Layout,
}

impl<'a> Doc<'a> {
    fn new(html: &'a Html, url: &'a Url) -> Doc<'a> {
        let base = html
            .select(&sel("base[href]"))
            .next()
            .and_then(|b| b.value().attr("href"))
            .and_then(|h| url.join(h).ok())
            .unwrap_or_else(|| url.clone());
        Doc { html, url, base, layout: Layout::new(html) }
    }

    /// A link target resolved; `None` for an empty, `javascript:` or bare `#` target.
    fn resolve(&self, h: &str) -> Option<Url> {
        let h = h.trim();
        if h.is_empty() || h.starts_with("javascript:") || h.starts_with('#') && h.len() == 1 {
            return None;
        }
        self.base.join(h).ok()
    }
}

/// The language of the root element (`lang`, else `xml:lang`).
fn lang(doc: &Html) -> Option<String> {
    let root = doc.root_element();
    root.value().attr("lang").or_else(|| root.value().attr("xml:lang")).map(|s| s.trim().to_string())
}

fn title(doc: &Html) -> Option<String> {
    doc.select(&sel("title")).next().map(|t| t.text().collect::<String>().trim().to_string())
}

/// The `<meta>` elements: named contents, and the charset declared.
struct Metas {
    metas: Vec<(String, String)>,
    charset: Option<String>,
}

/// `<meta>` by name, property or itemprop (lower-case key); the charset of `<meta charset>` or of
/// an `http-equiv="Content-Type"`, the last one winning.
fn metas(doc: &Html) -> Metas {
    let mut metas = Vec::new();
    let mut charset = None;
    for m in doc.select(&sel("meta")) {
        let e = m.value();
        if let Some(c) = e.attr("charset") {
            charset = Some(c.trim().to_ascii_lowercase());
        }
        if e.attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("content-type")) {
            if let Some(c) = e.attr("content").and_then(charset_from_content_type) {
                charset = Some(c);
            }
        }
        let key = e.attr("name").or_else(|| e.attr("property")).or_else(|| e.attr("itemprop"))
            // Old templates put keywords and description in `http-equiv`.
            .or_else(|| e.attr("http-equiv").filter(|h| ["keywords", "description"].iter().any(|k| h.trim().eq_ignore_ascii_case(k))));
        if let (Some(k), Some(v)) = (key, e.attr("content")) {
            // Kept as written (`name="”keywords”"` is not the keywords meta): the checks tell why.
            metas.push((k.trim().to_lowercase(), v.trim().to_string()));
        }
    }
    Metas { metas, charset }
}

/// `<link>` elements: rel and type in lower case, href resolved.
fn head_links(page: &Doc<'_>) -> Vec<(String, String, Option<Url>)> {
    page.html
        .select(&sel("link[href]"))
        .map(|l| {
            let e = l.value();
            (
                e.attr("rel").unwrap_or("").to_ascii_lowercase(),
                e.attr("type").unwrap_or("").to_ascii_lowercase(),
                e.attr("href").and_then(|h| page.resolve(h)),
            )
        })
        .collect()
}

/// Every `<a href>`, with its text (image alt texts, title and aria-label included) and region.
fn links(page: &Doc<'_>) -> Vec<Link> {
    let mut links = Vec::new();
    for a in page.html.select(&sel("a[href]")) {
        let e = a.value();
        let place = page.layout.place(a);
        let href = e.attr("href").unwrap_or("").to_string();
        let mut text = text_of(a, place.hidden);
        for extra in [e.attr("title"), e.attr("aria-label")].into_iter().flatten() {
            text.push(' ');
            text.push_str(extra);
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let hint = link_hint(a);
        links.push(Link {
            url: page.resolve(&href),
            folded: Folded::new(&text),
            text,
            href,
            region: place.region,
            hreflang: e.attr("hreflang").map(str::to_string),
            rel: e.attr("rel").map(str::to_string),
            type_attr: e.attr("type").map(str::to_string),
            hint_folded: Folded::new(&hint),
            hint,
        });
    }
    links
}

/// A link's class and id, and its images' titles and file names (without extension), lower case.
fn link_hint(a: ElementRef<'_>) -> String {
    let e = a.value();
    let mut hint: Vec<String> = [e.attr("class"), e.attr("id")].into_iter().flatten().map(str::to_string).collect();
    for img in a.select(&sel("img")) {
        let i = img.value();
        hint.extend(i.attr("title").map(str::to_string));
        if let Some(src) = i.attr("src") {
            let file = src.split(['?', '#']).next().unwrap_or("").rsplit('/').next().unwrap_or("");
            hint.push(file.rsplit_once('.').map_or(file, |(stem, _)| stem).to_string());
        }
    }
    hint.join(" ").to_lowercase()
}

/// `<link rel="alternate" hreflang>`: the language and the address of each version of the page.
fn alternates(page: &Doc<'_>) -> Vec<(String, Url)> {
    page.html
        .select(&sel("link[hreflang][href]"))
        .filter(|l| l.value().attr("rel").is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("alternate"))))
        .filter_map(|l| Some((l.value().attr("hreflang")?.trim().to_string(), page.resolve(l.value().attr("href")?)?)))
        .collect()
}

/// Whether the body's first link goes to an anchor of the page (a "skip to content" link).
fn first_link_is_skip(doc: &Html) -> bool {
    doc.select(&sel("body a[href]"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .is_some_and(|h| h.starts_with('#') && h.len() > 1)
}

/// The visible text of the body.
fn body_text(doc: &Html) -> String {
    doc.select(&sel("body")).next().map(element_text).unwrap_or_default()
}

/// Characters of the main content: `<main>` (or `role=main`, `article`), else the body's
/// `text_len` without its top-level navigation, header and footer.
fn main_len(doc: &Html, text_len: usize) -> usize {
    match doc.select(&sel("main, [role=main], article")).next() {
        Some(m) => text_len_of(&element_text(m)),
        None => {
            let chrome: usize = doc.select(&sel("body > nav, body > header, body > footer")).map(|e| text_len_of(&element_text(e))).sum();
            text_len.saturating_sub(chrome)
        }
    }
}

/// The footer's text, spaces collapsed: `<footer>`, or an element whose id or class says footer;
/// the outermost ones.
fn footer(page: &Doc<'_>) -> String {
    let footer_raw: String = page
        .layout
        .footers
        .iter()
        .filter_map(|(id, hidden)| page.html.tree.get(*id).and_then(ElementRef::wrap).map(|f| text_of(f, *hidden)))
        .collect::<Vec<_>>()
        .join(" ");
    footer_raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the site's banner and menus (the outermost ones outside the content).
fn chrome_text(page: &Doc<'_>) -> String {
    page.layout
        .chrome
        .iter()
        .filter_map(|(id, hidden)| page.html.tree.get(*id).and_then(ElementRef::wrap).map(|e| text_of(e, *hidden)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a select box chooses the page's language: named so (`lang`, `language`, `ngon-ngu`)
/// or offering English.
fn is_language_box(select: ElementRef<'_>) -> bool {
    let e = select.value();
    let named = [e.attr("name"), e.attr("id"), e.attr("class")].into_iter().flatten().any(|a| {
        let a = a.to_ascii_lowercase();
        a.contains("lang") || a.contains("ngon-ngu") || a.contains("ngonngu") || a.contains("ngon_ngu")
    });
    named
        || select.select(&sel("option")).any(|o| {
            let t = Folded::new(&o.text().collect::<String>());
            t.marked.trim() == "english" || t.contains("tiếng anh")
        })
}

/// `<option value="https://…">` of the select boxes, as links a script opens; in a language box,
/// relative values too (`/en`), resolved against the page (in a box of websites, a relative
/// value is no address).
fn select_links(page: &Doc<'_>) -> Vec<Link> {
    let mut out = Vec::new();
    for select in page.html.select(&sel("select")) {
        let language_box = is_language_box(select);
        for o in select.select(&sel("option[value]")) {
            if let Some(link) = select_link(page, o, language_box) {
                out.push(link);
            }
        }
    }
    out
}

/// One option of a select box as a link, if its value is an address.
fn select_link(page: &Doc<'_>, o: ElementRef<'_>, language_box: bool) -> Option<Link> {
    let value = o.value().attr("value").unwrap_or("").trim();
    let lower = value.to_ascii_lowercase();
    let url = if lower.starts_with("http://") || lower.starts_with("https://") {
        Url::parse(value).ok()?
    } else if lower.starts_with("www.") {
        Url::parse(&format!("http://{value}")).ok()?
    } else if language_box && (value.starts_with('/') || value.starts_with('?') || value.starts_with("./") || lower.ends_with(".html") || lower.ends_with(".aspx") || lower.ends_with(".php")) {
        page.resolve(value).filter(|u| matches!(u.scheme(), "http" | "https"))?
    } else {
        return None;
    };
    let text = o.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    Some(Link {
        url: Some(url),
        folded: Folded::new(&text),
        text,
        href: value.to_string(),
        region: page.layout.place(o).region,
        hreflang: None,
        rel: None,
        type_attr: None,
        hint: String::new(),
        hint_folded: Folded::new(""),
    })
}

/// Words in a field's name, id, class, placeholder or label that say it is a search field.
const SEARCH_FIELD_HINTS: &[&str] = &["search", "keyword", "tukhoa", "tu-khoa", "tu_khoa", "timkiem", "tim-kiem", "tìm kiếm", "tim kiem", "từ khóa", "tu khoa", "searchword"];
/// Field names that are a search's query on the usual platforms: WordPress `s`, SharePoint `k`,
/// Joomla `searchword`, Liferay `…_keywords`, ASP.NET `…$txtSearch`.
const SEARCH_FIELD_NAMES: &[&str] = &["q", "s", "k", "kw", "key", "query", "search", "keyword", "keywords", "searchword", "searchtext", "txtsearch", "txtkeyword", "txtkeywords", "tukhoa", "tu-khoa"];
/// Form actions and hidden values of search endpoints.
const SEARCH_ACTION_HINTS: &[&str] = &["tim-kiem", "timkiem", "search", "com_finder"];

/// Whether a field's name is a search query's: the whole name, or its last part after an
/// ASP.NET (`$`, `:`) or Liferay (`_`) prefix.
fn is_search_field_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let last = |sep: &[char]| n.rsplit(sep).next().unwrap_or("").to_string();
    [n.clone(), last(&['$', ':']), last(&['_'])].iter().any(|c| SEARCH_FIELD_NAMES.contains(&c.as_str()))
        || ["search", "keyword", "tukhoa", "timkiem"].iter().any(|h| n.contains(h))
}

/// Whether a field's attributes say it is a search field.
fn hints_search(e: &scraper::node::Element) -> bool {
    ["name", "id", "class", "placeholder", "aria-label", "title"]
        .iter()
        .filter_map(|a| e.attr(a))
        .any(|v| {
            let f = Folded::new(v);
            SEARCH_FIELD_HINTS.iter().any(|h| f.contains(h))
        })
}

/// Search fields outside any form, which a script submits, and search widgets a script renders
/// (Google Programmable Search).
fn search_boxes(page: &Doc<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for i in page.html.select(&sel("input")) {
        let e = i.value();
        let kind = e.attr("type").unwrap_or("text").to_ascii_lowercase();
        if !matches!(kind.as_str(), "text" | "search") || page.layout.place(i).in_form || !(kind == "search" || hints_search(e)) {
            continue;
        }
        let mut d = String::from("input");
        if let Some(id) = e.id() {
            d.push_str(&format!("#{id}"));
        }
        if let Some(n) = e.attr("name") {
            d.push_str(&format!("[name=\"{n}\"]"));
        }
        if let Some(p) = e.attr("placeholder") {
            d.push_str(&format!("[placeholder=\"{p}\"]"));
        }
        out.push(d);
    }
    if page.html.select(&sel(".gcse-search, .gcse-searchbox, .gcse-searchbox-only")).next().is_some()
        || page.html.select(&sel("script[src]")).any(|s| s.value().attr("src").is_some_and(|src| src.contains("cse.google.com")))
    {
        out.push("Google Programmable Search (cse.google.com)".to_string());
    }
    out
}

/// The search address an inline script builds from the search field's value: a string literal
/// ending in `?param=` or `&param=` followed by `+ encodeURIComponent(` (or `escape(`), whose
/// address or parameter says search.
fn scripted_search(inline: &[String], page: &Doc<'_>) -> Option<(Url, String)> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r#"['"]([^'"\s]*?)[?&]([A-Za-z_][A-Za-z0-9_\-]*)=['"]\s*\+\s*(?:encodeURIComponent|escape)\s*\("#).expect("static regex")
    });
    inline.iter().flat_map(|s| re.captures_iter(s)).find_map(|c| {
        let (address, param) = (&c[1], &c[2]);
        let says = SEARCH_ACTION_HINTS.iter().any(|h| address.to_ascii_lowercase().contains(h)) || is_search_field_name(param);
        let mut u = page.resolve(address).filter(|_| says)?;
        u.set_query(None);
        u.set_fragment(None);
        Some((u, param.to_string()))
    })
}

/// The page's scripts, by kind.
struct Scripts {
    inline: Vec<String>,
    srcs: Vec<String>,
    json_ld: Vec<String>,
}

/// `<script src>` addresses, JSON-LD blocks, and the text of the other inline scripts.
fn scripts(doc: &Html) -> Scripts {
    let mut out = Scripts { inline: Vec::new(), srcs: Vec::new(), json_ld: Vec::new() };
    for s in doc.select(&sel("script")) {
        let e = s.value();
        if let Some(src) = e.attr("src") {
            out.srcs.push(src.to_string());
        } else if e.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) {
            out.json_ld.push(s.text().collect());
        } else {
            out.inline.push(s.text().collect());
        }
    }
    out
}

fn images(page: &Doc<'_>) -> Vec<Image> {
    page.html
        .select(&sel("img"))
        .map(|i| Image {
            src: i.value().attr("src").unwrap_or("").to_string(),
            alt: i.value().attr("alt").map(str::to_string),
            region: page.layout.place(i).region,
        })
        .collect()
}

/// The forms, with their visible fields (whether each has a label) and whether each is a search.
fn forms(page: &Doc<'_>) -> Vec<Form> {
    let label_for: HashSet<&str> = page.html.select(&sel("label[for]")).filter_map(|l| l.value().attr("for")).collect();
    let mut forms = Vec::new();
    for f in page.html.select(&sel("form")) {
        let e = f.value();
        let mut inputs = Vec::new();
        for i in f.select(&sel("input, select, textarea")) {
            let ie = i.value();
            let kind = ie.attr("type").unwrap_or(if ie.name() == "input" { "text" } else { ie.name() }).to_ascii_lowercase();
            if matches!(kind.as_str(), "hidden" | "submit" | "button" | "image" | "reset") {
                continue;
            }
            let labelled = ie.attr("aria-label").is_some()
                || ie.attr("aria-labelledby").is_some()
                || ie.attr("title").is_some()
                || ie.attr("id").is_some_and(|id| label_for.contains(id))
                || page.layout.place(i).in_label;
            inputs.push(Input { kind, name: ie.attr("name").unwrap_or("").to_string(), labelled });
        }
        let hidden: Vec<(String, String)> = f
            .select(&sel("input[type=hidden]"))
            .filter_map(|h| {
                let name = h.value().attr("name").filter(|n| !n.is_empty())?;
                Some((name.to_string(), h.value().attr("value").unwrap_or("").to_string()))
            })
            .collect();
        let text = Folded::new(&text_of(f, page.layout.place(f).hidden));
        let action_attr = e.attr("action").unwrap_or("");
        let action = action_attr.to_ascii_lowercase();
        // Joomla names its search component in a hidden field (`option=com_search`).
        let hidden_search = hidden.iter().any(|(_, v)| SEARCH_ACTION_HINTS.iter().any(|s| v.to_ascii_lowercase().contains(s)));
        let is_search = e.attr("role") == Some("search")
            || inputs.iter().any(|i| i.kind == "search")
            || inputs.iter().any(|i| matches!(i.kind.as_str(), "text" | "search") && is_search_field_name(&i.name))
            || SEARCH_ACTION_HINTS.iter().any(|h| action.contains(h))
            || hidden_search;
        forms.push(Form {
            action: if action_attr.is_empty() { Some(page.url.clone()) } else { page.resolve(action_attr) },
            method: e.attr("method").unwrap_or("get").to_ascii_lowercase(),
            inputs,
            hidden,
            is_search,
            text,
        });
    }
    forms
}

/// Heading levels (1–6), in document order.
fn headings(doc: &Html) -> Vec<u8> {
    doc.select(&sel("h1, h2, h3, h4, h5, h6")).filter_map(|h| h.value().name()[1..].parse().ok()).collect()
}

/// On an https page: resources loaded over `http://` (script, img, iframe, media, stylesheet).
fn insecure_resources(doc: &Html, url: &Url) -> Vec<String> {
    let mut insecure = Vec::new();
    if url.scheme() == "https" {
        for (css, attr) in [
            ("script[src]", "src"),
            ("img[src]", "src"),
            ("iframe[src]", "src"),
            ("audio[src]", "src"),
            ("video[src]", "src"),
            ("source[src]", "src"),
            ("link[rel~=stylesheet][href]", "href"),
        ] {
            for el in doc.select(&sel(css)) {
                if let Some(v) = el.value().attr(attr) {
                    if v.trim_start().to_ascii_lowercase().starts_with("http://") {
                        insecure.push(v.to_string());
                    }
                }
            }
        }
    }
    insecure
}

/// An empty mount point of a front-end framework, with little server-rendered text.
fn framework_shell(doc: &Html, text_len: usize) -> bool {
    text_len < 200 && doc.select(&sel("#root, #app, #__next, #__nuxt, app-root, [ng-app], [data-reactroot]")).next().is_some()
}

fn text_len_of(t: &str) -> usize {
    t.split_whitespace().map(|w| w.chars().count() + 1).sum()
}

/// A host without a leading "www.".
pub fn bare_host(u: &Url) -> String {
    let h = u.host_str().unwrap_or("").to_ascii_lowercase();
    h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
}

/// The charset named in a Content-Type value.
pub fn charset_from_content_type(ct: &str) -> Option<String> {
    ct.split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
}

/// Dates written day first: 20/11/2026, 20-11-2026, 20.11.2026, "Thứ Sáu, 26/08/2022 10:15",
/// "ngày 20 tháng 11 năm 2026", "20 tháng 11, 2026"; and year first as ISO writes them
/// (2026-11-20).
pub fn find_dates(text: &str) -> Vec<Date> {
    static DAY_FIRST: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static WORDS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static ISO: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let day_first = DAY_FIRST.get_or_init(|| regex::Regex::new(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b").expect("static regex"));
    let words = WORDS.get_or_init(|| {
        regex::Regex::new(r"(?i)(?:ngày\s+)?\b(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm|\s*,|\s*/)\s*(\d{4})\b").expect("static regex")
    });
    let iso = ISO.get_or_init(|| regex::Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("static regex"));
    let mut out = Vec::new();
    for (re, year_first) in [(day_first, false), (words, false), (iso, true)] {
        for c in re.captures_iter(text) {
            let (d, y) = if year_first { (&c[3], &c[1]) } else { (&c[1], &c[3]) };
            let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u8>(), c[2].parse::<u8>(), y.parse::<i32>()) else { continue };
            let Ok(month) = time::Month::try_from(m) else { continue };
            if let Ok(date) = Date::from_calendar_date(y, month, d) {
                out.push(date);
            }
        }
    }
    out
}

/// Dates of a page's text in the three ways portals write them.
struct WrittenDates {
    dates: Vec<Date>,
    day_months: Vec<(u8, u8)>,
    ages_days: Vec<u32>,
}

impl WrittenDates {
    /// The dates of `text`, less (each once) those of the banner and menus' text `chrome`.
    fn read(text: &str, chrome: &str) -> WrittenDates {
        static DAY_MONTH: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        static AGO: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        // "(26/8)", "[26/8]": a list of the year's news, the year left out.
        let day_month = DAY_MONTH.get_or_init(|| regex::Regex::new(r"[(\[]\s*(\d{1,2})/(\d{1,2})\s*[)\]]").expect("static regex"));
        let ago = AGO.get_or_init(|| {
            regex::Regex::new(r"(?i)\b(\d{1,3})\s*(phút|giờ|tiếng|ngày|tuần|tháng)\s+trước\b").expect("static regex")
        });
        let mut dates = find_dates(text);
        for d in find_dates(chrome) {
            if let Some(i) = dates.iter().position(|x| *x == d) {
                dates.remove(i);
            }
        }
        let day_months = day_month
            .captures_iter(text)
            .filter_map(|c| {
                let (d, m) = (c[1].parse::<u8>().ok()?, c[2].parse::<u8>().ok()?);
                ((1..=31).contains(&d) && (1..=12).contains(&m)).then_some((d, m))
            })
            .collect();
        let ages_days = ago
            .captures_iter(text)
            .filter_map(|c| {
                let n = c[1].parse::<u32>().ok()?;
                let per = match c[2].to_lowercase().as_str() {
                    "phút" | "giờ" | "tiếng" => 0,
                    "ngày" => 1,
                    "tuần" => 7,
                    _ => 30,
                };
                Some(n * per)
            })
            .collect();
        WrittenDates { dates, day_months, ages_days }
    }
}

#[cfg(test)]
mod tests;
