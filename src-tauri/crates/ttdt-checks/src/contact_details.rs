//! Contact details read out of a page's text: phone numbers (told apart from fax numbers), e-mail
//! addresses (also obfuscated, in `mailto:` links or behind a CDN's e-mail protection) and the
//! postal address. The contact check (CT.15) and the footer check (CT.16) read the same text
//! through this one reader, so they never disagree about it.
//!
//! Labels are data (the tables below), each matched with and without diacritics on folded text.

use std::sync::OnceLock;

use regex::Regex;
use ttdt_model::text::{strip_marks, Folded};
use ttdt_snapshot::html::{Link, PageFacts};

/// Labels of a phone number.
const PHONE_LABELS: &[&str] =
    &["điện thoại", "số điện thoại", "đt", "đtdđ", "sđt", "tel", "telephone", "phone", "hotline", "đường dây nóng", "di động", "mobile"];
/// Labels of a fax number: a fax number alone is not a phone.
const FAX_LABELS: &[&str] = &["fax"];
/// Labels of numbers that are neither (a tax code has ten digits and starts with 0).
const OTHER_NUMBER_LABELS: &[&str] = &["mã số thuế", "mst", "số tài khoản", "tài khoản", "stk", "giấy phép", "mã số", "mã định danh"];
/// Labels of an e-mail address, typos seen on real footers included.
const EMAIL_LABELS: &[&str] = &["email", "e-mail", "emai", "e-mai", "e mail", "thư điện tử", "hộp thư", "mail"];
/// Labels of the postal address.
const ADDRESS_LABELS: &[&str] = &["địa chỉ", "trụ sở", "đ/c", "address"];
/// Words after "địa chỉ" that make it another kind of address.
const NOT_POSTAL: &[&str] = &["email", "e-mail", "thư điện tử", "ip", "web", "website", "trang", "truy cập", "cổng", "url", "liên kết", "mạng"];
/// Words of a Vietnamese postal address: an address holds one of them or a number.
const ADDRESS_WORDS: &[&str] =
    &["phường", "xã", "quận", "huyện", "thị xã", "thị trấn", "tỉnh", "thành phố", "tp", "đường", "phố", "thôn", "xóm", "ấp", "tổ", "khu", "số", "hà nội"];
/// Units of an address written without its label ("Số 8 Lê Lai, phường Hải Châu 1, …").
const ADMIN_UNITS: &[&str] = &["phường", "xã", "quận", "huyện", "thị xã", "thị trấn", "tỉnh", "thành phố", "tp"];

/// How a phone-like number was labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// After a phone label, or with no label.
    Phone,
    Fax,
    /// A tax code, an account, a licence number.
    Other,
}

/// A value read from the text, and whether a label introduced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    pub labelled: bool,
}

/// The contact details of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    pub phones: Vec<Found>,
    pub faxes: Vec<String>,
    pub emails: Vec<String>,
    /// The postal address: the text after its label, or an address written without one.
    pub address: Option<Found>,
    /// A phone label with no number that could be read after it (a number drawn as an image).
    pub phone_label: Option<String>,
    /// An e-mail label with no address that could be read.
    pub email_label: Option<String>,
}

impl Details {
    /// The details of both texts (a page and its footer read apart).
    pub fn merge(mut self, other: Details) -> Details {
        for p in other.phones {
            if !self.phones.iter().any(|q| q.value == p.value) {
                self.phones.push(p);
            }
        }
        for (mine, theirs) in [(&mut self.faxes, other.faxes), (&mut self.emails, other.emails)] {
            for v in theirs {
                if !mine.contains(&v) {
                    mine.push(v);
                }
            }
        }
        if self.address.as_ref().is_none_or(|a| !a.labelled && other.address.as_ref().is_some_and(|o| o.labelled)) {
            self.address = other.address.or(self.address);
        }
        self.phone_label = self.phone_label.or(other.phone_label);
        self.email_label = self.email_label.or(other.email_label);
        self
    }
}

/// Where the text comes from: an unlabelled address is believed in a footer or on a contact
/// page, not among the news of a homepage (where "đường … phường …" is a news title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Page,
    Contacts,
}

/// A vocabulary as one regex alternation of its words, with and without diacritics, on whole
/// words (the word is the first group).
fn alternation(words: &[&str]) -> String {
    format!(r"(?:^|[^\p{{L}}\p{{N}}])({})(?:[^\p{{L}}\p{{N}}]|$)", word_forms(words))
}

/// The words of a vocabulary, with and without diacritics, as `a|b|c`.
fn word_forms(words: &[&str]) -> String {
    let mut forms: Vec<String> = Vec::new();
    for w in words {
        let marked = Folded::new(w).marked;
        let plain = strip_marks(&marked);
        for f in [marked, plain] {
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
    }
    // Longest first, so that "số điện thoại" wins over "điện thoại".
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.iter().map(|f| regex::escape(f)).collect::<Vec<_>>().join("|")
}

fn regex(cell: &'static OnceLock<Regex>, build: impl FnOnce() -> String) -> &'static Regex {
    cell.get_or_init(|| Regex::new(&build()).expect("vocabulary regex"))
}

/// The first label of a vocabulary in `text`, as the vocabulary writes it.
fn first_label(re: &Regex, words: &[&'static str], text: &str) -> Option<&'static str> {
    let m = re.captures(text).and_then(|c| c.get(1))?.as_str();
    words.iter().copied().find(|w| {
        let f = Folded::new(w);
        f.marked == m || f.plain == m
    })
}

fn phone_labels() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, || alternation(PHONE_LABELS))
}
fn fax_labels() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, || alternation(FAX_LABELS))
}
fn other_labels() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, || alternation(OTHER_NUMBER_LABELS))
}
fn email_labels() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, || alternation(EMAIL_LABELS))
}
fn address_labels() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, || alternation(ADDRESS_LABELS))
}

/// Characters before a number that its label may stand in.
const LABEL_WINDOW: usize = 40;

/// A phone-like run: digits with spaces, dots, hyphens and brackets, maybe `+` first.
fn number_runs() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, || r"\(?\+?\d[\d .\-()]*\d\)?".to_string())
}

/// Dates, masked before numbers are read (26.08.2022 is no phone).
fn dates() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(&RE, || r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\b\d{1,2}:\d{2}\b".to_string())
}

/// The numbers of one phone-like run: each group of digits is added to the number being read
/// while it stays within a Vietnamese number's length, so that "0219 3867 123 - 0219 3867 124"
/// reads as two numbers.
fn numbers_in_run(run: &str, labelled: bool) -> Vec<(usize, usize, String)> {
    // Groups of digits, with their byte span in the run.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let b = run.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            groups.push((s, i));
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut g = 0;
    while g < groups.len() {
        let (s, e) = groups[g];
        let first = &run[s..e];
        // "+84", "(84)", "(+84.239)": the country code, then the number without its 0.
        let before = &run[..s];
        let international = first.starts_with("84") && (before.ends_with('+') || before.ends_with("(") || before.ends_with("+ "));
        let (mut digits, min, max) = if international {
            (format!("0{}", &first[2..]), 10, 11)
        } else if first.starts_with('0') {
            (first.to_string(), if labelled { 9 } else { 10 }, 11)
        } else if labelled && (first.starts_with("1900") || first.starts_with("1800")) {
            (first.to_string(), 8, 10)
        } else {
            g += 1;
            continue;
        };
        let mut end = e;
        let mut k = g + 1;
        while k < groups.len() && digits.len() + (groups[k].1 - groups[k].0) <= max {
            digits.push_str(&run[groups[k].0..groups[k].1]);
            end = groups[k].1;
            k += 1;
        }
        if (min..=max).contains(&digits.len()) {
            // The number as written starts at its bracket or plus sign.
            let lead = before.len() - before.trim_end_matches(['(', '+']).len();
            out.push((s - lead, end, digits));
            g = k;
        } else {
            g += 1;
        }
    }
    out
}

/// A phone number as shown in the evidence: the digits grouped as written.
fn shown(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_ascii_digit() && c != '(' && c != '+').trim_end_matches('(').to_string()
}

/// The phone and fax numbers of a folded text.
fn numbers(text: &str) -> (Vec<Found>, Vec<String>) {
    let masked = dates().replace_all(text, |c: &regex::Captures<'_>| "#".repeat(c[0].len()));
    let mut phones = Vec::new();
    let mut faxes = Vec::new();
    let mut prev: Option<(usize, NumberKind)> = None;
    for run in number_runs().find_iter(&masked) {
        // A label anywhere in the window before the run would do; a separate check per number
        // below narrows it to what precedes each number.
        for (s, e, _digits) in numbers_in_run(run.as_str(), true) {
            let start = run.start() + s;
            let from = prev.map_or(0, |(end, _)| end).max(floor_char(text, start.saturating_sub(LABEL_WINDOW)));
            let window = &text[from.min(start)..start];
            let has = |re: &Regex| re.is_match(window);
            let (phone_l, fax_l, other_l) = (has(phone_labels()), has(fax_labels()), has(other_labels()));
            let only_separators = window.trim().chars().all(|c| matches!(c, ',' | ';' | '/' | '-' | '–' | '|')) || matches!(window.trim(), "và" | "hoặc" | "va" | "hoac");
            let kind = if phone_l {
                NumberKind::Phone
            } else if fax_l {
                NumberKind::Fax
            } else if other_l {
                NumberKind::Other
            } else if let (Some((_, k)), true) = (prev, only_separators) {
                k
            } else {
                NumberKind::Phone
            };
            let labelled = phone_l || (kind == NumberKind::Phone && only_separators && prev.is_some());
            let value = shown(&text[start..run.start() + e]);
            // An unlabelled number must have a whole number's length.
            let digits = value.chars().filter(char::is_ascii_digit).count();
            let whole = digits >= 10 || value.starts_with('+') || value.starts_with('(');
            match kind {
                NumberKind::Phone if labelled || whole => phones.push(Found { value, labelled }),
                NumberKind::Fax => faxes.push(value),
                _ => {}
            }
            prev = Some((run.start() + e, kind));
        }
    }
    (phones, faxes)
}

/// The largest char boundary at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// E-mail addresses in a folded text, obfuscations undone: `ten [at] sonha.gov.vn`,
/// `ten(at)sonha.gov.vn`, `ten @ sonha.gov.vn`, `sonha[dot]gov[dot]vn`.
fn emails_in(text: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(&RE, || {
        r"([a-z0-9][a-z0-9._%+\-]*)\s*(?:@|\[at\]|\(at\)|\{at\}|\[a\])\s*([a-z0-9\-]+(?:(?:\.|\s*\[dot\]\s*|\s*\(dot\)\s*)[a-z0-9\-]+)*(?:\.|\s*\[dot\]\s*|\s*\(dot\)\s*)[a-z]{2,})\b"
            .to_string()
    });
    let mut out: Vec<String> = Vec::new();
    for c in re.captures_iter(text) {
        let domain = c[2].replace("[dot]", ".").replace("(dot)", ".").split_whitespace().collect::<String>();
        let addr = format!("{}@{}", &c[1], domain);
        if !out.contains(&addr) {
            out.push(addr);
        }
    }
    out
}

/// An address behind Cloudflare's e-mail protection (`/cdn-cgi/l/email-protection#…`): the
/// first byte is the key the others are XORed with.
fn cloudflare_email(href: &str) -> Option<String> {
    let hex = href.split_once("email-protection#")?.1;
    let bytes: Vec<u8> = (0..hex.len() / 2).map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()).collect::<Option<_>>()?;
    let (key, rest) = bytes.split_first()?;
    let decoded = String::from_utf8(rest.iter().map(|b| b ^ key).collect()).ok()?;
    emails_in(&decoded.to_lowercase()).into_iter().next()
}

/// E-mail addresses of links: `mailto:` and protected addresses.
fn link_emails<'a>(links: impl Iterator<Item = &'a Link>) -> Vec<String> {
    let mut out = Vec::new();
    for l in links {
        let h = l.href.trim();
        // `get`, not indexing: an href may hold a multi-byte character across the 7th byte.
        let found = if h.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("mailto:")) {
            let addr = ttdt_model::text::percent_decode(h[7..].split('?').next().unwrap_or(""));
            emails_in(&addr.to_lowercase()).into_iter().next()
        } else {
            cloudflare_email(h)
        };
        if let Some(a) = found.filter(|a| !out.contains(a)) {
            out.push(a);
        }
    }
    out
}

/// The text after a label, up to the next label or `max` characters.
fn value_after(text: &str, from: usize, max: usize) -> &str {
    let rest = &text[from..];
    let end = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
    let rest = &rest[..end];
    let next = [phone_labels(), fax_labels(), email_labels()]
        .iter()
        .filter_map(|re| re.captures(rest).and_then(|c| c.get(1)).map(|m| m.start()))
        .min()
        .unwrap_or(rest.len());
    let next = rest.find(['·', '|', '•']).map_or(next, |i| i.min(next));
    rest[..next].trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | ',' | ';' | '|' | '.'))
}

fn has_word(words: &'static OnceLock<Regex>, list: &[&str], text: &str) -> bool {
    regex(words, || alternation(list)).is_match(text)
}

/// The postal address: after its label (a value that holds a number or an address word; on a
/// whole page, only after a colon), or, in a footer or on a contact page, written without a label.
fn address(text: &str, scope: Scope) -> Option<Found> {
    static WORDS: OnceLock<Regex> = OnceLock::new();
    static NOT: OnceLock<Regex> = OnceLock::new();
    static UNITS: OnceLock<Regex> = OnceLock::new();
    static UNLABELLED: OnceLock<Regex> = OnceLock::new();
    let mut at = 0;
    while let Some(c) = address_labels().captures_at(text, at) {
        let m = c.get(1).expect("group");
        at = m.end();
        let after = &text[m.end()..];
        let head: String = after.chars().take(16).collect();
        let head = head.trim_start_matches([' ', ':']);
        if regex(&NOT, || format!(r"^(?:{})(?:[^\p{{L}}\p{{N}}]|$)", word_forms(NOT_POSTAL))).is_match(head) {
            continue;
        }
        let colon = after.trim_start().starts_with([':', '-', '–']) || after.trim_start().starts_with("liên hệ:") || after.trim_start().starts_with("lien he:");
        if scope == Scope::Page && !colon {
            continue;
        }
        let value = value_after(text, m.end(), 120);
        let value = value.strip_prefix("liên hệ").or_else(|| value.strip_prefix("lien he")).unwrap_or(value).trim_start_matches([' ', ':']);
        if value.chars().any(|c| c.is_ascii_digit()) || has_word(&WORDS, ADDRESS_WORDS, value) {
            return Some(Found { value: value.to_string(), labelled: true });
        }
    }
    if scope == Scope::Contacts {
        let units = regex(&UNITS, || alternation(ADMIN_UNITS));
        // "Số 8 Lê Lai, phường …", "25 đường Lê Lợi, …, tỉnh …", "Thôn 3, xã …".
        let re = regex(&UNLABELLED, || {
            r"(?:\b(?:số|so)\s+\d+[a-z]?(?:/\d+)*\s+[^\d,.;]{2,30}|\b\d+[a-z]?(?:/\d+)*,?\s+(?:đường|phố|duong|pho|ngõ|ngo)\s[^,.;]{2,30}|\b(?:thôn|xóm|ấp|bản|khu phố|tổ dân phố|thon|xom|ap|ban|khu pho|to dan pho)\s+[^,.;]{1,20}),"
                .to_string()
        });
        for m in re.find_iter(text) {
            let tail: String = text[m.end()..].chars().take(60).collect();
            if let Some(u) = units.captures(&tail).and_then(|c| c.get(1)) {
                let value: String = text[m.start()..m.end() + u.end()].trim().to_string();
                let rest: String = text[m.end() + u.end()..].chars().take_while(|c| !matches!(c, '.' | ';' | '|')).take(40).collect();
                return Some(Found { value: format!("{value}{}", rest.trim_end()), labelled: false });
            }
        }
    }
    None
}

/// The contact details of a folded text and the links found with it.
pub fn read<'a>(text: &Folded, links: impl Iterator<Item = &'a Link>, scope: Scope) -> Details {
    let t = text.marked.as_str();
    let (phones, faxes) = numbers(t);
    let mut emails = emails_in(t);
    for e in link_emails(links) {
        if !emails.contains(&e) {
            emails.push(e);
        }
    }
    let phone_label = if phones.is_empty() { first_label(phone_labels(), PHONE_LABELS, t).map(str::to_string) } else { None };
    let email_label = if emails.is_empty() { first_label(email_labels(), EMAIL_LABELS, t).map(str::to_string) } else { None };
    Details { phones, faxes, emails, address: address(t, scope), phone_label, email_label }
}

/// Characters at the end of a page's text that stand for its footer: the bottom of a page is
/// its footer, whatever its markup (a table's last row, a `div` without a telling class).
pub const PAGE_END_CHARS: usize = 1000;

/// The end of a page's text ([`PAGE_END_CHARS`]).
pub fn page_end(f: &PageFacts) -> Folded {
    let plain = &f.text.marked;
    let start = plain.char_indices().rev().nth(PAGE_END_CHARS).map(|(i, _)| i).unwrap_or(0);
    Folded::new(&plain[start..])
}

/// A part of the page that stands for its footer.
pub struct FooterArea<'a> {
    /// Its name in the evidence.
    pub name: &'static str,
    pub text: Folded,
    pub links: Vec<&'a Link>,
}

/// The areas that stand for a page's footer: the marked-up footer, if any, then the end of the
/// page (its text and its last links, those whose text is in it).
pub fn footer_areas(f: &PageFacts) -> Vec<FooterArea<'_>> {
    let mut out = Vec::new();
    if f.has_footer {
        let links = f.links.iter().filter(|l| l.region == ttdt_snapshot::html::Region::Footer).collect();
        out.push(FooterArea { name: "chân trang", text: f.footer_text.clone(), links });
    }
    let end = page_end(f);
    let mut links: Vec<&Link> = f.links.iter().rev().take_while(|l| end.marked.contains(&l.folded.marked)).collect();
    links.reverse();
    out.push(FooterArea { name: "cuối trang", text: end, links });
    out
}

/// The footer's details: those of every area of [`footer_areas`].
pub fn footer(f: &PageFacts) -> Details {
    footer_areas(f).into_iter().map(|a| read(&a.text, a.links.into_iter(), Scope::Contacts)).fold(Details::default(), Details::merge)
}

/// A whole page's details: its text, its links, and its footer read as [`footer`] reads it, so
/// that whatever the footer check finds there is found here too.
pub fn page(f: &PageFacts, scope: Scope) -> Details {
    read(&f.text, f.links.iter(), scope).merge(footer(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(text: &str) -> Details {
        read(&Folded::new(text), std::iter::empty(), Scope::Contacts)
    }

    fn phones(text: &str) -> Vec<String> {
        details(text).phones.into_iter().map(|p| p.value).collect()
    }

    #[test]
    fn phones_with_area_codes_in_brackets() {
        assert_eq!(phones("Điện thoại: (024) 35123536"), ["(024) 35123536"]);
        assert_eq!(phones("Điện thoại: (024)35123536"), ["(024)35123536"]);
        assert_eq!(phones("Tel: (+84.239) 3686586"), ["(+84.239) 3686586"]);
        assert_eq!(phones("ĐT: (0233) 3575155"), ["(0233) 3575155"]);
        assert_eq!(phones("Hotline: +84 912 345 678"), ["+84 912 345 678"]);
    }

    #[test]
    fn phones_with_dots_spaces_and_no_break_spaces() {
        assert_eq!(phones("Điện thoại: 0238.3840100"), ["0238.3840100"]);
        assert_eq!(phones("Điện thoại: 024.3.8253.536"), ["024.3.8253.536"]);
        assert_eq!(phones("Điện thoại: 0251.3\u{a0}861\u{a0}234"), ["0251.3 861 234"]);
        // Unlabelled, a number of a whole number's length still counts.
        assert_eq!(phones("Số 1 Trần Hưng Đạo · 0219 3867 123 · vanphong@sonha.gov.vn"), ["0219 3867 123"]);
    }

    #[test]
    fn every_phone_label() {
        for label in ["Điện thoại:", "ĐT:", "Tel:", "Hotline:", "Đường dây nóng:", "Dien thoai:", "ĐIỆN THOẠI", "Tel."] {
            assert_eq!(phones(&format!("{label} 0219 3867 123")), ["0219 3867 123"], "{label}");
        }
        // A short hotline counts after its label only.
        assert_eq!(phones("Đường dây nóng: 1900 1234"), ["1900 1234"]);
        assert!(phones("Tổng số: 1900 1234").is_empty());
    }

    #[test]
    fn a_fax_number_alone_is_not_a_phone() {
        let d = details("Fax: 0238.3840101");
        assert!(d.phones.is_empty());
        assert_eq!(d.faxes, ["0238.3840101"]);
        let d = details("Điện thoại: 0238.3840100 - Fax: 0238.3840101");
        assert_eq!((d.phones[0].value.as_str(), d.faxes[0].as_str()), ("0238.3840100", "0238.3840101"));
        let d = details("Fax: (0233) 3575155 Điện thoại: (0233) 3575156");
        assert_eq!((d.phones[0].value.as_str(), d.faxes[0].as_str()), ("(0233) 3575156", "(0233) 3575155"));
        // One number for both.
        assert_eq!(phones("ĐT/Fax: 0219 3867 123"), ["0219 3867 123"]);
        assert_eq!(phones("Điện thoại - Fax: 0219 3867 123"), ["0219 3867 123"]);
    }

    #[test]
    fn two_numbers_in_a_row_are_two_numbers() {
        assert_eq!(phones("Điện thoại: 0219 3867 123 - 0219 3867 124"), ["0219 3867 123", "0219 3867 124"]);
        let d = details("Fax: 0219 3867 125, 0219 3867 126");
        assert!(d.phones.is_empty() && d.faxes.len() == 2, "{d:?}");
    }

    #[test]
    fn dates_tax_codes_and_counters_are_not_phones() {
        assert!(phones("Cập nhật: 08.10.2026 09:15").is_empty());
        assert!(phones("Mã số thuế: 0101234567").is_empty());
        assert!(phones("Lượt truy cập: 1234567 Hôm nay: 0123").is_empty());
        assert!(phones("Giấy phép số 45/GP-TTĐT ngày 26/08/2022").is_empty());
    }

    #[test]
    fn a_phone_label_without_a_number_is_told() {
        let d = details("Điện thoại: (xem ảnh)");
        assert!(d.phones.is_empty());
        assert_eq!(d.phone_label.as_deref(), Some("điện thoại"));
        assert_eq!(details("Điện thoại: 0219 3867 123").phone_label, None);
    }

    #[test]
    fn emails_plain_obfuscated_and_mistyped_labels() {
        let emails = |t: &str| details(t).emails;
        assert_eq!(emails("Email: vanphong@sonha.gov.vn."), ["vanphong@sonha.gov.vn"]);
        assert_eq!(emails("Emai: vanphong@sonha.gov.vn"), ["vanphong@sonha.gov.vn"]);
        assert_eq!(emails("E-mail: vanphong[at]sonha.gov.vn"), ["vanphong@sonha.gov.vn"]);
        assert_eq!(emails("E-mail: vanphong(at)sonha.gov.vn"), ["vanphong@sonha.gov.vn"]);
        assert_eq!(emails("Thư điện tử: vanphong @ sonha.gov.vn"), ["vanphong@sonha.gov.vn"]);
        assert_eq!(emails("Email: vanphong[at]sonha[dot]gov[dot]vn"), ["vanphong@sonha.gov.vn"]);
        assert_eq!(emails("Email: VanPhong@SonHa.gov.vn"), ["vanphong@sonha.gov.vn"]);
        let d = details("Emai: [email protected]");
        assert!(d.emails.is_empty());
        assert_eq!(d.email_label.as_deref(), Some("emai"));
    }

    fn link(href: &str) -> Link {
        let url = url::Url::parse("https://sonha.gov.vn/").unwrap();
        let f = PageFacts::parse(&url, &format!("<a href=\"{href}\">Gửi thư</a>"));
        f.links[0].clone()
    }

    #[test]
    fn emails_only_in_links() {
        let links = [link("mailto:VanPhong@sonha.gov.vn?subject=H%E1%BB%8Fi"), link("/cdn-cgi/l/email-protection#4a3c2b242f2e2b2c2b2b0a3925242a2b64")];
        let d = read(&Folded::new("Email: Gửi thư"), links.iter(), Scope::Contacts);
        assert_eq!(d.emails[0], "vanphong@sonha.gov.vn");
        assert_eq!(cloudflare_email("/cdn-cgi/l/email-protection#1a6c7b747f7e7b7c7b5a69757472587b34"), None, "not an address once decoded");
        // 0x12 XOR "a@b.vn".
        let hex: String = std::iter::once(0x12u8).chain("a@b.vn".bytes().map(|b| b ^ 0x12)).map(|b| format!("{b:02x}")).collect();
        assert_eq!(cloudflare_email(&format!("/cdn-cgi/l/email-protection#{hex}")).as_deref(), Some("a@b.vn"));
        // A multi-byte character across the seventh byte is not a `mailto:` and does not panic.
        let odd = [link("mailtừ:a@b.vn"), link("trừ:a")];
        assert!(read(&Folded::new("Email:"), odd.iter(), Scope::Contacts).emails.is_empty());
    }

    #[test]
    fn the_address_after_its_label_or_written_without_one() {
        let a = |t: &str, s| address(&Folded::new(t).marked, s);
        assert_eq!(a("Địa chỉ: Số 1 đường Trần Hưng Đạo, phường Hà Giang. Điện thoại: 0219 3867 123", Scope::Page).unwrap().value, "số 1 đường trần hưng đạo, phường hà giang");
        assert_eq!(a("Trụ sở: Thôn 3, xã Thanh Bình", Scope::Page).unwrap().value, "thôn 3, xã thanh bình");
        assert_eq!(a("Dia chi: 25 Le Loi, TP Son Ha", Scope::Page).unwrap().value, "25 le loi, tp son ha");
        assert!(a("Địa chỉ email: vanphong@sonha.gov.vn", Scope::Contacts).is_none());
        assert!(a("Khánh thành trụ sở làm việc mới của UBND phường Hà Giang", Scope::Page).is_none());
        let unlabelled = a("Số 8 Lê Lai, phường Hải Châu 1, quận Hải Châu, TP Đà Nẵng", Scope::Contacts).unwrap();
        assert_eq!((unlabelled.value.as_str(), unlabelled.labelled), ("số 8 lê lai, phường hải châu 1, quận hải châu, tp đà nẵng", false));
        assert!(a("Số 8 Lê Lai, phường Hải Châu 1", Scope::Page).is_none());
    }
}
