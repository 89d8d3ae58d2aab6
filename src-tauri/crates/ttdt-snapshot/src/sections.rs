//! The sections a portal must have, and the words that name them in menus, headings and links.
//! Shared by collection (which pages to fetch) and the section checks (which link serves which
//! criterion): the words are data, kept in one place.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use url::Url;

use crate::html::{Link, PageFacts, Region};
use crate::stub::{not_content, NotFoundPage};
use crate::Page;
use ttdt_model::text::{Folded, Vocab};

/// A section criterion, the check that judges it, how its link is named, and what its page must
/// hold beyond content.
pub struct SectionDef {
    pub code: &'static str,
    pub check_id: &'static str,
    /// Phrases matched on folded link text (with or without diacritics).
    pub names: &'static [&'static str],
    /// Path fragments matched on the link's URL.
    pub slugs: &'static [&'static str],
    /// The section's page must list items (a list or table of documents), not only text.
    pub needs_list: bool,
    /// A form on the homepage whose text names the section serves it (a question or
    /// satisfaction form), without a link to a page.
    pub accepts_form: bool,
    /// The section lists items open for a time (drafts for comments, tenders): its page may
    /// rightly say that none is open now.
    pub open_items: bool,
}

pub const INTRODUCTION: SectionDef = SectionDef { code: "CT.01", check_id: "section.introduction", names: &["giới thiệu", "chức năng nhiệm vụ", "chức năng, nhiệm vụ"], slugs: &["gioi-thieu", "chuc-nang-nhiem-vu", "gioithieu"], needs_list: false, accepts_form: false, open_items: false };
pub const ORGANISATION: SectionDef = SectionDef { code: "CT.02", check_id: "section.organisation", names: &["cơ cấu tổ chức", "sơ đồ tổ chức", "tổ chức bộ máy", "bộ máy tổ chức"], slugs: &["co-cau-to-chuc", "so-do-to-chuc", "to-chuc-bo-may"], needs_list: false, accepts_form: false, open_items: false };
pub const HISTORY: SectionDef = SectionDef { code: "CT.03", check_id: "section.history", names: &["quá trình hình thành", "lịch sử hình thành", "lịch sử phát triển", "hình thành và phát triển"], slugs: &["lich-su-hinh-thanh", "qua-trinh-hinh-thanh", "lich-su"], needs_list: false, accepts_form: false, open_items: false };
pub const LEADERS: SectionDef = SectionDef { code: "CT.04", check_id: "section.leaders", names: &["lãnh đạo", "tiểu sử"], slugs: &["lanh-dao"], needs_list: false, accepts_form: false, open_items: false };
pub const LOCALITY: SectionDef = SectionDef { code: "CT.05", check_id: "section.locality", names: &["tổng quan", "giới thiệu chung", "điều kiện tự nhiên", "bản đồ hành chính"], slugs: &["tong-quan", "dieu-kien-tu-nhien"], needs_list: false, accepts_form: false, open_items: false };
pub const DIRECTION: SectionDef = SectionDef { code: "CT.07", check_id: "section.direction", names: &["chỉ đạo điều hành", "chỉ đạo, điều hành", "thông tin chỉ đạo"], slugs: &["chi-dao-dieu-hanh"], needs_list: false, accepts_form: false, open_items: false };
pub const DOCUMENTS: SectionDef = SectionDef { code: "CT.08", check_id: "section.documents", names: &["văn bản"], slugs: &["van-ban"], needs_list: true, accepts_form: false, open_items: false };
pub const PLANS: SectionDef = SectionDef { code: "CT.10", check_id: "section.plans", names: &["chiến lược", "quy hoạch", "kế hoạch"], slugs: &["quy-hoach", "chien-luoc", "ke-hoach"], needs_list: false, accepts_form: false, open_items: false };
pub const PROCUREMENT: SectionDef = SectionDef { code: "CT.11", check_id: "section.procurement", names: &["dự án", "đấu thầu", "mua sắm công"], slugs: &["du-an", "dau-thau", "mua-sam"], needs_list: false, accepts_form: false, open_items: true };
pub const FINANCE: SectionDef = SectionDef { code: "CT.12", check_id: "section.finance", names: &["tài chính", "ngân sách", "thống kê"], slugs: &["tai-chinh", "ngan-sach", "thong-ke"], needs_list: false, accepts_form: false, open_items: false };
pub const CONSULTATION: SectionDef = SectionDef { code: "CT.13", check_id: "section.consultation", names: &["lấy ý kiến", "dự thảo", "góp ý"], slugs: &["lay-y-kien", "du-thao", "gop-y"], needs_list: false, accepts_form: false, open_items: true };
pub const QUESTIONS: SectionDef = SectionDef { code: "CT.14", check_id: "section.questions", names: &["hỏi đáp", "hỏi - đáp", "phản ánh", "kiến nghị"], slugs: &["hoi-dap", "phan-anh", "kien-nghi"], needs_list: false, accepts_form: true, open_items: false };
pub const DISCLOSURE: SectionDef = SectionDef { code: "CT.17", check_id: "section.disclosure", names: &["công khai", "danh mục thông tin"], slugs: &["cong-khai"], needs_list: false, accepts_form: false, open_items: false };
pub const SATISFACTION: SectionDef = SectionDef { code: "CT.22", check_id: "section.satisfaction", names: &["mức độ hài lòng", "đánh giá hài lòng", "sự hài lòng", "khảo sát"], slugs: &["hai-long", "khao-sat", "danh-gia"], needs_list: false, accepts_form: true, open_items: false };

/// Every section, in criterion order: collection fetches the page each one links to.
pub const SECTIONS: &[SectionDef] = &[INTRODUCTION, ORGANISATION, HISTORY, LEADERS, LOCALITY, DIRECTION, DOCUMENTS, PLANS, PROCUREMENT, FINANCE, CONSULTATION, QUESTIONS, DISCLOSURE, SATISFACTION];

/// The candidates of a section tried, strongest first ([`SectionDef::candidates`]): collection
/// fetches the next while the last one fetched is not the section's content, and the checks judge
/// the same ones.
pub const MAX_CANDIDATES: usize = 3;
/// Minimum characters of main content for a page to be a section's content.
pub const MIN_CONTENT: usize = 60;
/// Minimum rows and items of lists and tables on the page of a section that must list items.
pub const MIN_LIST_ITEMS: usize = 3;

/// What a fetched page is for a section.
#[derive(Debug, Clone, PartialEq)]
pub enum PageVerdict {
    /// Content of its own (and a list, where the section needs one).
    Content,
    /// Content, but no list where the section needs one.
    NoList,
    /// A section of items open for a time (drafts for comments, tenders) whose page says none is
    /// open now, with what it says: whether that meets the criterion is for a person to weigh.
    NoneOpen(String),
    /// Not the section's content, and why (a "not found" page, a page without content…).
    Rejected(String),
}

/// The most words a link outside the menus may have to name a section.
const MAX_SECTION_WORDS: usize = 8;
/// The shortest name (without marks and spaces) matched inside a run-together slug or file name
/// (`chidaodieuhanh`, `btn_hoidap`): shorter ones would match by chance.
const MIN_JOINED_NAME: usize = 6;

pub fn section(code: &str) -> Option<&'static SectionDef> {
    SECTIONS.iter().find(|s| s.code == code)
}

/// Words of an address or a file name, without marks: `/lay-y-kien_van-ban` → ["lay", "y", "kien", "van", "ban"].
///
/// Every section asks for the words of every link's address and hidden words, and folding costs
/// far more than looking up: the words are kept per thread, as [`Folded::contains`] keeps needles.
fn words_of(s: &str) -> Rc<[String]> {
    thread_local! {
        static WORDS: RefCell<HashMap<String, Rc<[String]>>> = Default::default();
    }
    WORDS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(w) = cache.get(s) {
            return Rc::clone(w);
        }
        let words: Rc<[String]> = Folded::new(&ttdt_model::text::percent_decode(s)).plain.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
        // Addresses come from pages: keep the cache small.
        if cache.len() >= WORDS_CACHE_MAX {
            cache.clear();
        }
        cache.insert(s.to_string(), Rc::clone(&words));
        words
    })
}

/// The most texts whose words [`words_of`] keeps per thread.
const WORDS_CACHE_MAX: usize = 4096;

/// Whether `name` (its words, without marks) starts a run of `words`, or, run together, starts
/// one of them.
fn words_start_with(words: &[String], name: &[String]) -> bool {
    if name.is_empty() {
        return false;
    }
    let joined: String = name.concat();
    (0..words.len()).any(|i| words[i..].starts_with(name)) || (joined.len() >= MIN_JOINED_NAME && words.iter().any(|w| w.starts_with(&joined)))
}

/// Words that, in a link, name another section than one whose names it also holds: "Công khai
/// ngân sách" is the budget (CT.12), not the list of information that must be published (CT.17).
const NOT_THIS_SECTION: &[(&str, &[&str])] = &[("CT.17", &["ngân sách", "tài chính", "tài sản", "đầu tư công", "ngan-sach", "tai-chinh"])];

/// What a page of a section of items open for a time says when nothing is open now ("Hiện chưa có dự thảo văn bản nào đang lấy ý
/// kiến").
static NONE_OPEN: Vocab = Vocab::new(&["hiện chưa có", "hiện không có", "hiện tại chưa có", "hiện tại không có", "chưa có dự thảo", "không có dự thảo", "chưa có gói thầu", "không có gói thầu"]);
/// The most characters of its own a page saying nothing is open may hold: a longer page has
/// content of its own beside the sentence.
const NONE_OPEN_MAX: usize = 300;

/// Words a homepage form may hold to serve a section, beyond its names (a poll asking how
/// satisfied the visitor is serves the satisfaction rating).
const FORM_NAMES: &[(&str, &[&str])] = &[("CT.22", &["hài lòng"])];

impl SectionDef {
    /// How many of the section's names the link's text holds.
    fn names_in_text(&self, link: &Link) -> usize {
        self.names.iter().filter(|n| link.folded.contains(n)).count()
    }

    /// Whether the link names another section rather than this one.
    fn names_other(&self, link: &Link) -> bool {
        let path = link.url.as_ref().map(|u| u.path().to_ascii_lowercase()).unwrap_or_default();
        NOT_THIS_SECTION.iter().filter(|(code, _)| *code == self.code).flat_map(|(_, w)| w.iter()).any(|w| link.folded.contains(w) || path.contains(w))
    }

    /// Whether a form's text names this section (its names, or the words a form may use for it).
    pub fn names_form(&self, text: &ttdt_model::text::Folded) -> bool {
        self.names.iter().any(|n| text.contains(n)) || FORM_NAMES.iter().filter(|(code, _)| *code == self.code).flat_map(|(_, w)| w.iter()).any(|w| text.contains(w))
    }

    /// Whether the link's address or its hidden words (class, id, images' title and file name)
    /// name the section: a slug, or a name's words starting a path segment or a file name.
    fn named_by_address(&self, link: &Link) -> bool {
        let path = link.url.as_ref().map(|u| u.path().to_ascii_lowercase()).unwrap_or_default();
        if self.slugs.iter().any(|s| path.split('/').any(|seg| seg == *s || seg.starts_with(&format!("{s}.")) || seg.starts_with(&format!("{s}-")))) {
            return true;
        }
        let names: Vec<Rc<[String]>> = self.names.iter().map(|n| words_of(n)).collect();
        let by_path = path.split('/').any(|seg| {
            let w = words_of(seg);
            names.iter().any(|n| w.starts_with(n) || n.concat().len() >= MIN_JOINED_NAME && w.first().is_some_and(|f| f.starts_with(&n.concat())))
        });
        let hint_words = words_of(&link.hint);
        by_path || self.names.iter().any(|n| link.hint_folded.contains(n)) || names.iter().any(|n| words_start_with(&hint_words, n))
    }

    pub fn matches(&self, link: &Link) -> bool {
        self.names_in_text(link) > 0 || self.named_by_address(link)
    }

    /// Every link that may be this section, strongest first: menu and header links (and address
    /// boxes) named by their text, then other links short enough to be a section's name (a news
    /// title that mentions "kế hoạch" is not the plans section), then links named only by their
    /// address or image, then links without a usable address. Within a rank, a link naming more
    /// of the section's names comes first, then page order. One candidate per address.
    pub fn candidates<'a>(&self, facts: &'a PageFacts) -> Vec<&'a Link> {
        let mut ranked: Vec<(u8, usize, usize, &Link)> = Vec::new();
        for (i, l) in facts.links.iter().chain(facts.select_links.iter()).enumerate() {
            let menu = matches!(l.region, Region::Nav | Region::Header) || i >= facts.links.len();
            let short = l.text.split_whitespace().count() <= MAX_SECTION_WORDS;
            if self.names_other(l) {
                continue;
            }
            let by_text = self.names_in_text(l);
            let rank = if by_text > 0 && (menu || short) {
                if menu { 0 } else { 1 }
            } else if (menu || short) && self.named_by_address(l) {
                if menu { 2 } else { 3 }
            } else {
                continue;
            };
            let rank = if l.url.is_some() { rank } else { 4 };
            ranked.push((rank, usize::MAX - by_text, i, l));
        }
        ranked.sort_by_key(|(rank, names, i, _)| (*rank, *names, *i));
        let mut out: Vec<&Link> = Vec::new();
        for (_, _, _, l) in ranked {
            let same = |o: &&Link| match (&o.url, &l.url) {
                (Some(a), Some(b)) => a.as_str().split('#').next() == b.as_str().split('#').next(),
                _ => false,
            };
            if !out.iter().any(same) {
                out.push(l);
            }
        }
        out
    }

    /// Whether a page fetched (with a `2xx` answer) for this section is its content.
    /// `not_found` is the site's answer to an address that does not exist (the 404 probe).
    pub fn judge_page(&self, page: &Page, facts: &PageFacts, not_found: Option<&NotFoundPage>) -> PageVerdict {
        // A sentence saying no item is open is no empty page, however short, but a "not found"
        // page is not the section whatever it says.
        if let Some(said) = self.says_none_open(facts).filter(|_| not_content(page, facts, not_found, 0).is_none()) {
            PageVerdict::NoneOpen(said)
        } else if let Some(why) = not_content(page, facts, not_found, MIN_CONTENT) {
            PageVerdict::Rejected(why)
        } else if self.needs_list && facts.list_items < MIN_LIST_ITEMS {
            PageVerdict::NoList
        } else {
            PageVerdict::Content
        }
    }

    /// For a section of items open for a time, whether its short page says none is open now,
    /// with the sentence that says so.
    fn says_none_open(&self, facts: &PageFacts) -> Option<String> {
        // The smaller measure of the page's own text: a side menu outside <nav> counts in main_len.
        if !self.open_items || facts.main_len.min(facts.content_len) > NONE_OPEN_MAX || facts.list_items >= MIN_LIST_ITEMS {
            return None;
        }
        let main = if facts.main_text.trim().is_empty() { &facts.text.marked } else { &facts.main_text };
        let phrase = NONE_OPEN.find_in(&Folded::new(main))?;
        // The sentence holding the phrase, from the phrase on: a page without a marked main
        // content runs its menu into the sentence.
        let sentence = main.split(['.', '!', '\n']).find(|s| Folded::new(s).contains(phrase)).unwrap_or(phrase);
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let from = (0..words.len()).take_while(|&i| Folded::new(&words[i..].join(" ")).contains(phrase)).last().unwrap_or(0);
        Some(ttdt_model::text::clip(&words[from..].join(" "), 200))
    }

    /// The strongest link that names this section ([`SectionDef::candidates`]).
    pub fn link<'a>(&self, facts: &'a PageFacts) -> Option<&'a Link> {
        self.candidates(facts).into_iter().next()
    }
}

/// Whether a link names a sitemap page ("Sơ đồ cổng", "Sơ đồ trang", "Sơ đồ website", "Sitemap").
pub fn names_sitemap(l: &Link) -> bool {
    ["sơ đồ cổng", "sơ đồ trang", "sơ đồ website", "sơ đồ web", "sitemap", "site map"].iter().any(|n| l.folded.contains(n))
}

/// Whether an address is a foreign-language version by its form: an `en.` or `english.` host,
/// or a path segment `en`, `eng`, `english`, `en-us`, or ending in `-eng`/`-en`/`_en`
/// (`/sotttt-eng/`), or a `lang=en` query.
pub fn foreign_address(u: &Url) -> bool {
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host.starts_with("en.") || host.starts_with("english.") || host.starts_with("eng.") {
        return true;
    }
    let path = u.path().to_ascii_lowercase();
    let by_path = path.split('/').any(|seg| {
        let stem = seg.split('.').next().unwrap_or(seg);
        matches!(stem, "en" | "eng" | "english" | "en-us" | "en-gb" | "en_us") || stem.ends_with("-eng") || stem.ends_with("_eng") || stem.ends_with("-en") || stem.ends_with("_en")
    });
    by_path || u.query_pairs().any(|(k, v)| matches!(k.to_ascii_lowercase().as_str(), "lang" | "language" | "hl" | "culture") && v.to_ascii_lowercase().starts_with("en"))
}

/// Whether a link's text or hidden words name an English version ("English", "EN", "Tiếng Anh",
/// a British or American flag).
fn names_english(l: &Link) -> bool {
    let hint = words_of(&l.hint);
    l.folded.marked == "english"
        || l.folded.marked == "en"
        || l.folded.marked == "eng"
        || l.folded.contains("tiếng anh")
        || l.folded.contains("english")
        || hint.iter().any(|w| w.ends_with("english"))
        // A flag shows no text; its class or file name says which ("lang_us", "flag-en.png"),
        // where a word like "us" in a text link's class ("contact-us") says nothing.
        || l.text.trim().is_empty() && hint.iter().any(|w| matches!(w.as_str(), "en" | "eng" | "us" | "uk" | "gb" | "usa" | "britain" | "england" | "flagen" | "flagus" | "flaguk"))
}

/// Where a foreign-language version may be, strongest first: `<link rel="alternate" hreflang>`
/// in the head, links with a non-Vietnamese `hreflang`, links (and language-box options) named
/// English or shown as a flag, then links whose address has the form of a foreign version. The
/// checks judge by what the address answers, not by how it is named.
pub fn foreign_candidates(facts: &PageFacts) -> Vec<Url> {
    let foreign_lang = |h: &str| {
        let h = h.trim().to_ascii_lowercase();
        !h.is_empty() && !h.starts_with("vi") && h != "x-default"
    };
    let mut ranked: Vec<(u8, usize, Url)> = Vec::new();
    for (i, (lang, u)) in facts.alternates.iter().enumerate() {
        if foreign_lang(lang) {
            ranked.push((0, i, u.clone()));
        }
    }
    for (i, l) in facts.links.iter().chain(facts.select_links.iter()).enumerate() {
        let Some(u) = &l.url else { continue };
        if !matches!(u.scheme(), "http" | "https") {
            continue;
        }
        let rank = if l.hreflang.as_deref().is_some_and(foreign_lang) {
            1
        } else if names_english(l) {
            2
        } else if foreign_address(u) && l.text.split_whitespace().count() <= 3 {
            3
        } else {
            continue;
        };
        ranked.push((rank, i, u.clone()));
    }
    ranked.sort_by_key(|(rank, i, _)| (*rank, *i));
    let mut out: Vec<Url> = Vec::new();
    for (_, _, mut u) in ranked {
        u.set_fragment(None);
        if u != facts.url && !out.contains(&u) {
            out.push(u);
        }
    }
    out
}

/// The link to a foreign-language version: `hreflang`, or a link named English / Tiếng Anh, or
/// shown as a flag.
pub fn foreign_link(facts: &PageFacts) -> Option<&Link> {
    facts.links.iter().chain(facts.select_links.iter()).filter(|l| l.url.is_some()).find(|l| {
        l.hreflang.as_deref().is_some_and(|h| !h.to_ascii_lowercase().starts_with("vi")) || names_english(l)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(html: &str) -> PageFacts {
        PageFacts::parse(&url::Url::parse("https://sonha.gov.vn/").unwrap(), html)
    }

    #[test]
    fn a_news_title_is_not_a_section_but_a_short_link_is() {
        let plans = section("CT.10").unwrap();
        let news = "<main><a href='tin/1'>Triển khai kế hoạch cải cách hành chính quý IV năm 2026 của tỉnh Sơn Hà</a></main>";
        assert!(plans.link(&facts(news)).is_none());
        let block = "<main><h2>Chuyên mục</h2><a href='quy-hoach/'>Quy hoạch, kế hoạch</a></main>";
        assert_eq!(plans.link(&facts(block)).unwrap().href, "quy-hoach/");
        let menu = "<nav><a href='ke-hoach/'>Chiến lược - Quy hoạch - Kế hoạch phát triển kinh tế xã hội của tỉnh</a></nav>";
        assert!(plans.link(&facts(menu)).is_some(), "a menu entry may be long");
    }

    #[test]
    fn candidates_come_in_order_of_match_strength_one_per_address() {
        let plans = section("CT.10").unwrap();
        let html = "<nav class='menu'><a href='/ke-hoach-tai-chinh'>Kế hoạch tài chính</a><a href='/chien-luoc'>Chiến lược – quy hoạch</a><a href='/chien-luoc#top'>Chiến lược</a></nav>\
            <main><a href='/ke-hoach'>Kế hoạch</a></main>";
        let f = facts(html);
        let got: Vec<&str> = plans.candidates(&f).iter().map(|l| l.href.as_str()).collect();
        assert_eq!(got, ["/chien-luoc", "/ke-hoach-tai-chinh", "/ke-hoach"], "two names beat one; the menu beats the body");
    }

    #[test]
    fn an_image_link_with_an_empty_alt_is_named_by_its_address_title_or_file_name() {
        let direction = section("CT.07").unwrap();
        let consultation = section("CT.13").unwrap();
        let questions = section("CT.14").unwrap();
        let html = "<div class='banner-right'><a href='/chi-dao-dieu-hanh'><img src='/images/bn1.png' alt=''></a>\
            <a href='/Pages/lay-y-kien-van-ban-du-thao.aspx'><img src='/images/bn2.png' alt=''></a>\
            <a href='/p/123'><img src='/upload/banner/btn_hoidap_truc_tuyen.gif' alt=''></a>\
            <a href='/p/456'><img src='/upload/banner/b4.gif' alt='' title='Chỉ đạo, điều hành'></a></div>";
        let f = facts(html);
        assert_eq!(direction.candidates(&f).iter().map(|l| l.href.as_str()).collect::<Vec<_>>(), ["/chi-dao-dieu-hanh", "/p/456"]);
        assert_eq!(consultation.link(&f).unwrap().href, "/Pages/lay-y-kien-van-ban-du-thao.aspx");
        assert_eq!(questions.link(&f).unwrap().href, "/p/123");
        let news = "<main><a href='/tin-tuc/trien-khai-ke-hoach-chuyen-doi-so.html'><img src='a.jpg' alt=''></a></main>";
        assert!(section("CT.10").unwrap().link(&facts(news)).is_none(), "a plan named inside a news address is not the section");
    }

    #[test]
    fn a_consultation_page_saying_no_draft_is_open_is_neither_content_nor_rejected() {
        let consultation = section("CT.13").unwrap();
        let u = url::Url::parse("https://snv.sonha.gov.vn/Portal/_content/du-thao.aspx").unwrap();
        // The side menu sits in the content column, outside <nav>, as ASP.NET portals place it.
        let side: String = (1..=12).map(|i| format!("<li><a href='/Portal/ViewContent.aspx?MenuID={i}'>Chuyên mục số {i} của Sở Nội vụ</a></li>")).collect();
        let html = format!("<div class='menu'><a href='/'>Trang chủ</a></div><div class='main'><div id='ctl00_LeftMenu1_pnLeft'><ul>{side}</ul></div>\
            <div id='ctl00_content'><h1>Dự thảo văn bản</h1><p>Hiện chưa có dự thảo văn bản nào đang lấy ý kiến.</p></div></div>");
        let html = html.as_str();
        let page = Page::html_ok(u.as_str(), crate::PageKind::Section, html);
        let f = PageFacts::parse(&u, html);
        assert!(f.main_len > NONE_OPEN_MAX && f.content_len < NONE_OPEN_MAX, "{} {}", f.main_len, f.content_len);
        assert_eq!(consultation.judge_page(&page, &f, None), PageVerdict::NoneOpen("hiện chưa có dự thảo văn bản nào đang lấy ý kiến".into()), "no main content: the folded text");
        let marked = html.replace("<div id='ctl00_content'>", "<div id='ctl00_content'><main>").replace("</p></div></div>", "</p></main></div></div>");
        let f_marked = PageFacts::parse(&u, &marked);
        assert_eq!(consultation.judge_page(&page, &f_marked, None), PageVerdict::NoneOpen("Hiện chưa có dự thảo văn bản nào đang lấy ý kiến".into()), "as written in <main>");
        // The same sentence on the leaders' page says nothing about drafts: it is judged as content.
        assert_eq!(section("CT.04").unwrap().judge_page(&page, &f, None), PageVerdict::Content);
        // A draft listed beside the sentence is content.
        let listed = html.replace("</p></div></div>", "</p><ul><li>Dự thảo Quyết định quy chế phối hợp</li><li>Tờ trình</li><li>Bản thuyết minh</li></ul></div></div>");
        let f = PageFacts::parse(&u, &listed);
        assert_eq!(consultation.judge_page(&Page::html_ok(u.as_str(), crate::PageKind::Section, &listed), &f, None), PageVerdict::Content);
    }

    #[test]
    fn a_select_box_of_addresses_offers_candidates() {
        let html = "<div class='lienket'><select onchange='window.open(this.value)'><option value=''>-- Liên kết website --</option>\
            <option value='https://sonha.gov.vn/hoi-dap'>Hỏi đáp trực tuyến</option><option value='https://dichvucong.gov.vn'>Cổng DVC quốc gia</option></select></div>";
        assert_eq!(section("CT.14").unwrap().link(&facts(html)).unwrap().href, "https://sonha.gov.vn/hoi-dap");
    }

    #[test]
    fn foreign_versions_are_found_by_flag_hreflang_subdomain_path_or_language_box() {
        let flag = "<div class='top'><a class='lang_us' href='/en.html'><img src='/images/flag-en.png' alt=''></a><a class='contact-us' href='/lien-he'>Liên hệ</a></div>";
        assert_eq!(foreign_candidates(&facts(flag)).iter().map(Url::as_str).collect::<Vec<_>>(), ["https://sonha.gov.vn/en.html"]);
        let head = "<head><link rel='alternate' hreflang='vi-VN' href='/'><link rel='alternate' hreflang='en-US' href='https://sonha.gov.vn/en/home'></head>";
        assert_eq!(foreign_candidates(&facts(head))[0].as_str(), "https://sonha.gov.vn/en/home");
        let addresses = "<a href='https://en.sonha.gov.vn/'>EN</a><a href='/sotttt-eng/trang-chu'></a><a href='/tin-tuc/hung-yen'>Hưng Yên</a>";
        assert_eq!(foreign_candidates(&facts(addresses)).iter().map(Url::as_str).collect::<Vec<_>>(), ["https://en.sonha.gov.vn/", "https://sonha.gov.vn/sotttt-eng/trang-chu"]);
        let select = "<select name='lang'><option value='https://sonha.gov.vn/vi'>Tiếng Việt</option><option value='https://sonha.gov.vn/en'>English</option></select>";
        assert_eq!(foreign_candidates(&facts(select))[0].as_str(), "https://sonha.gov.vn/en");
        assert!(foreign_candidates(&facts("<a href='/about-us'>Giới thiệu</a>")).is_empty());
    }
}
