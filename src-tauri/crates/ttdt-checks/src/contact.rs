//! CT.15 — contact information: address, phone and e-mail on the homepage or a contact page.

use regex::Regex;
use std::sync::OnceLock;

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::PageKind;
use ttdt_model::text::Folded;

pub static CHECK: Check = Check {
    id: "contact.details",
    criteria: &["CT.15"],
    legal_basis: "Luật CNTT 2006, Điều 28 khoản 2 điểm đ; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d",
    needs: &[Need::Homepage],
    evaluate,
};

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
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
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
    Finding::by_share(found, 3, "contact_all", "contact_some", "contact_none")
        .looking_for("Địa chỉ, số điện thoại và e-mail trên trang chủ hoặc trang liên hệ")
        .with_items(items)
}
