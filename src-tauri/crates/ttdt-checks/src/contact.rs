//! CT.15 — contact information: address, phone and e-mail on the homepage or a contact page.
//!
//! ## What it checks
//! The text of the homepage and of each sampled contact page ("Liên hệ"), for three parts:
//! - the address: the words "địa chỉ" or "trụ sở";
//! - a phone number: a Vietnamese number (`0…` or `+84…`, groups of digits separated by spaces,
//!   dots or hyphens);
//! - an e-mail address.
//!
//! The page with the most parts is the evidence; parts are not combined across pages.
//!
//! ## Why
//! Citizens and businesses must be able to reach the agency; the law lists the contact details
//! among the information a state agency's portal publishes.
//!
//! ## Pass
//! One page shows the address, a phone number and an e-mail address.
//!
//! ## Partial
//! The best page shows one or two of the three parts (share: parts out of three).
//!
//! ## Fail
//! No page shows any of the three parts.
//!
//! ## References
//! Criterion CT.15 (Thông tin liên hệ: địa chỉ, điện thoại, e-mail; đầu mối liên hệ). Legal
//! basis: Luật Công nghệ thông tin 67/2006/QH11, Điều 28 khoản 2 điểm đ; Nghị định
//! 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d.

use regex::Regex;
use std::sync::OnceLock;

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_model::text::Folded;
use ttdt_snapshot::PageKind;

pub static CHECK: Check = Check {
    id: "contact.details",
    criteria: &["CT.15"],
    needs: &[Need::Homepage],
    looked_for: "Địa chỉ, số điện thoại và e-mail trên trang chủ hoặc trang liên hệ",
    messages: &[&ALL, &SOME, &NONE, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("contact.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "contact_all", vi: "Có đủ địa chỉ, điện thoại và e-mail liên hệ." };
const SOME: Msg = Msg { code: "contact_some", vi: "Thông tin liên hệ còn thiếu." };
const NONE: Msg = Msg { code: "contact_none", vi: "Không tìm thấy địa chỉ, điện thoại hay e-mail liên hệ." };

pub fn phone(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(\+84|\(\+?84\)|\b0)[\s.\-]?\d{2,4}([\s.\-]?\d{2,4}){2,3}\b").expect("static regex"));
    re.find(text).map(|m| m.as_str().to_string())
}

pub fn email(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}").expect("static regex"));
    re.find(text).map(|m| m.as_str().to_string())
}

/// Address, phone and e-mail in a page's text (folded text is lower-case, which the phone and
/// e-mail patterns accept).
fn parts(text: &Folded) -> [Option<String>; 3] {
    let address = ["địa chỉ", "trụ sở"].iter().find(|w| text.contains(w)).map(|w| w.to_string());
    [address, phone(&text.marked), email(&text.marked)]
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let labels = ["Địa chỉ", "Điện thoại", "E-mail"];
    let mut best: ([Option<String>; 3], String) = ([None, None, None], home.final_url.clone());
    let contact_pages = ctx.inner_of_kind(PageKind::Contact).map(|(p, pf)| (p.final_url.as_str(), &pf.text));
    for (url, folded) in std::iter::once((home.final_url.as_str(), &f.text)).chain(contact_pages) {
        let got = parts(folded);
        let n = got.iter().filter(|p| p.is_some()).count();
        if n > best.0.iter().filter(|p| p.is_some()).count() {
            best = (got, url.to_string());
        }
    }
    let items: Vec<Item> = labels
        .iter()
        .zip(best.0.iter())
        .map(|(l, v)| match v {
            Some(v) => Item::new(*l, true).at(&best.1).detail(v),
            None => Item::new(*l, false).at(&best.1),
        })
        .collect();
    let found = items.iter().filter(|i| i.found).count();
    Finding::by_share(found, 3, &ALL, &SOME, &NONE).looking_for(CHECK.looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    /// A homepage whose footer only names the portal.
    fn bare_home() -> String {
        page_html("", &[HEADER, MENU, NEWS, r#"<footer class="site-footer"><p>Bản quyền © 2026 Cổng thông tin điện tử tỉnh Sơn Hà</p></footer>"#].join("\n"))
    }

    #[test]
    fn passes_with_the_details_in_the_homepage_footer() {
        let f = assert_outcome(&CHECK, &home(&portal_home()), Outcome::Pass);
        assert_eq!(f.items[1].detail.as_deref(), Some("0219 3867 123"));
        assert_eq!(f.items[2].detail.as_deref(), Some("vanphong@sonha.gov.vn"));
    }

    #[test]
    fn passes_with_the_details_on_the_contact_page() {
        let mut snap = home(&bare_home());
        let contact = page_html("", &format!("{MENU}<main><h1>Liên hệ</h1><p>Văn phòng Ủy ban nhân dân tỉnh Sơn Hà</p>\
            <p>Trụ sở: Số 1 đường Trần Hưng Đạo, phường Hà Giang</p><p>Đường dây nóng: 0912.345.678</p><p>Thư điện tử: vpubnd@sonha.gov.vn</p></main>"));
        add_page(&mut snap, "/lien-he/", PageKind::Contact, &contact);
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.items[0].url.as_deref(), Some("https://sonha.gov.vn/lien-he/"));
    }

    #[test]
    fn a_phone_number_alone_is_partial() {
        let html = page_html("", &[HEADER, MENU, NEWS, r#"<footer class="site-footer"><p>Đường dây nóng: 0219 3867 123</p></footer>"#].join("\n"));
        let f = assert_outcome(&CHECK, &home(&html), Outcome::Partial);
        assert_eq!(f.share, 0.333);
    }

    #[test]
    fn fails_without_any_contact_detail() {
        let f = assert_outcome(&CHECK, &home(&bare_home()), Outcome::Fail);
        assert!(f.items.iter().all(|i| !i.found));
    }
}
