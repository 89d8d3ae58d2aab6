//! CT.15 — contact information: address, phone and e-mail on the homepage or a contact page.
//!
//! ## What it checks
//! The text and links of the homepage (its footer included) and of each sampled contact page
//! ("Liên hệ"), read by the contact reader the footer check (CT.16) shares, for three parts:
//! - the address: the text after "Địa chỉ", "Trụ sở" or "Đ/c" (on the homepage, after a colon,
//!   so that a news title about a "trụ sở" is no address), holding a number or an address word;
//!   in the footer or on a contact page also an address written without a label ("Số 8 Lê Lai,
//!   phường …");
//! - a phone number: `0…` or `+84…` in groups separated by spaces, dots or hyphens, the area code
//!   maybe in brackets (`(024) 35123536`, `(+84.239) 3686586`, `024.3.8253.536`), after a label
//!   ("Điện thoại", "ĐT", "Tel", "Hotline", "Đường dây nóng") or alone when it has a whole
//!   number's length; a number after "Fax" alone is a fax, not a phone;
//! - an e-mail address: in the text (also written `[at]`, `(at)`, ` @ `), in a `mailto:` link,
//!   or behind a CDN's e-mail protection.
//!
//! Each part is taken from the first page that shows it (homepage first), and the evidence names
//! that page.
//!
//! ## Why
//! Citizens and businesses must be able to reach the agency; the law lists the contact details
//! among the information a state agency's portal publishes.
//!
//! ## Pass
//! The address, a phone number and an e-mail address are shown.
//!
//! ## Partial
//! One or two of the three parts are (share: parts out of three).
//!
//! ## Fail
//! None of the three parts is shown, and no label promises one.
//!
//! ## Needs review
//! A phone or e-mail label is shown but no number or address could be read after it (often an
//! image): the reviewer looks at it.
//!
//! ## References
//! Criterion CT.15 (Thông tin liên hệ: địa chỉ, điện thoại, e-mail; đầu mối liên hệ). Legal
//! basis: Luật Công nghệ thông tin 67/2006/QH11, Điều 28 khoản 2 điểm đ; Nghị định
//! 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d.

use super::contact_details::{self, Details, Scope};
use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::PageKind;

pub static CHECK: Check = Check {
    id: "contact.details",
    criteria: &["CT.15"],
    needs: &[Need::Homepage],
    looked_for: "Địa chỉ, số điện thoại và e-mail trên trang chủ hoặc trang liên hệ",
    messages: &[&ALL, &SOME, &NONE, &REVIEW, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("contact.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "contact_all", vi: "Có đủ địa chỉ, điện thoại và e-mail liên hệ." };
const SOME: Msg = Msg { code: "contact_some", vi: "Thông tin liên hệ còn thiếu." };
const NONE: Msg = Msg { code: "contact_none", vi: "Không tìm thấy địa chỉ, điện thoại hay e-mail liên hệ." };
const REVIEW: Msg = Msg {
    code: "contact_review",
    vi: "Có nhãn điện thoại hoặc e-mail nhưng không đọc được số hay địa chỉ sau nhãn (có thể là ảnh); cần người đánh giá xem.",
};

/// One part of the contact details: found (with the value and the page), promised by a label
/// only, or missing.
enum Part {
    Found(String, String),
    LabelOnly(String, String),
    Missing,
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let sources: Vec<(&str, Details)> = std::iter::once((home.final_url.as_str(), contact_details::page(f, Scope::Page)))
        .chain(ctx.inner_of_kind(PageKind::Contact).map(|(p, pf)| (p.final_url.as_str(), contact_details::page(pf, Scope::Contacts))))
        .collect();
    let first = |get: &dyn Fn(&Details) -> Option<String>| sources.iter().find_map(|(u, d)| get(d).map(|v| (u.to_string(), v)));
    let part = |found: Option<(String, String)>, label: Option<(String, String)>| match (found, label) {
        (Some((u, v)), _) => Part::Found(u, v),
        (None, Some((u, l))) => Part::LabelOnly(u, l),
        _ => Part::Missing,
    };
    let address = part(
        first(&|d| d.address.as_ref().map(|a| if a.labelled { a.value.clone() } else { format!("{} (không có nhãn “Địa chỉ”)", a.value) })),
        None,
    );
    let phone = part(
        first(&|d| d.phones.first().map(|p| if p.labelled { p.value.clone() } else { format!("{} (số không có nhãn)", p.value) })),
        first(&|d| d.phone_label.clone()),
    );
    let email = part(first(&|d| d.emails.first().cloned()), first(&|d| d.email_label.clone()));
    let mut items = Vec::new();
    let (mut found, mut promised) = (0, 0);
    for (label, p) in [("Địa chỉ", address), ("Điện thoại", phone), ("E-mail", email)] {
        items.push(match p {
            Part::Found(u, v) => {
                found += 1;
                Item::new(label, true).at(u).detail(v)
            }
            Part::LabelOnly(u, l) => {
                promised += 1;
                Item::new(label, false).at(u).detail(format!("có nhãn “{l}” nhưng không đọc được giá trị"))
            }
            Part::Missing => Item::new(label, false).at(&home.final_url),
        });
    }
    let faxes: Vec<&String> = sources.iter().flat_map(|(_, d)| d.faxes.iter()).collect();
    let finding = if promised > 0 { Finding::new(Outcome::NeedsReview, &REVIEW) } else { Finding::by_share(found, 3, &ALL, &SOME, &NONE) };
    finding.looking_for(CHECK.looked_for).with_items(items).with_data(serde_json::json!({ "faxes": faxes }))
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
    fn reads_the_phones_and_emails_real_footers_write() {
        // Liferay, SharePoint, Joomla and WordPress footers, as served.
        for (footer, phone, email) in [
            (r#"<div class="footer"><p>Trụ sở: Số 12 Lê Lợi, TP Huế</p><p>Điện thoại: (0234) 3822 456 - Fax: (0234) 3822 457</p><p>Emai: vpubnd@thuathienhue.gov.vn</p></div>"#, "(0234) 3822 456", "vpubnd@thuathienhue.gov.vn"),
            (r#"<div id="footer"><table><tr><td>Địa chỉ: 16 Lê Thánh Tông, phường Hòn Gai</td></tr><tr><td>ĐT: (+84.239) 3686586</td></tr><tr><td>E-mail: vanphong[at]sonha.gov.vn</td></tr></table></div>"#, "(+84.239) 3686586", "vanphong@sonha.gov.vn"),
            (r#"<footer><p>Địa chỉ: 54 Hùng Vương, phường Phú Hội</p><p>Tel: 0251.3&nbsp;861&nbsp;234 | Hotline: 1900 1234</p><p><a href="mailto:sotp@sonha.gov.vn">Gửi thư cho chúng tôi</a></p></footer>"#, "0251.3 861 234", "sotp@sonha.gov.vn"),
            (r#"<div class="bottom"><p>Địa chỉ: 2 Lê Lai, phường 1</p><p>Đường dây nóng: 024.3.8253.536</p><p>Thư điện tử: stttt @ sonha.gov.vn</p></div>"#, "024.3.8253.536", "stttt@sonha.gov.vn"),
        ] {
            let snap = home(&page_html("", &[HEADER, MENU, NEWS, footer].join("\n")));
            let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
            assert_eq!((f.items[1].detail.as_deref(), f.items[2].detail.as_deref()), (Some(phone), Some(email)), "{footer}");
        }
    }

    #[test]
    fn parts_are_taken_from_the_homepage_and_the_contact_page_together() {
        let html = page_html("", &[HEADER, MENU, NEWS, r#"<footer class="site-footer"><p>Điện thoại: 0219 3867 123</p><p>Email: vanphong@sonha.gov.vn</p></footer>"#].join("\n"));
        let mut snap = home(&html);
        add_page(&mut snap, "/lien-he/", PageKind::Contact, &page_html("", &format!("{MENU}<main><h1>Liên hệ</h1><p>Địa chỉ: Số 1 đường Trần Hưng Đạo, phường Hà Giang</p></main>")));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!((f.items[0].url.as_deref(), f.items[1].url.as_deref()), (Some("https://sonha.gov.vn/lien-he/"), Some(SITE)));
    }

    #[test]
    fn a_fax_alone_is_not_a_phone_and_a_number_drawn_as_an_image_needs_review() {
        let footer = |p: &str| home(&page_html("", &[HEADER, MENU, NEWS, &format!("<footer><p>Địa chỉ: Số 1 Trần Hưng Đạo, phường Hà Giang</p>{p}<p>Email: vanphong@sonha.gov.vn</p></footer>")].join("\n")));
        let f = assert_outcome(&CHECK, &footer("<p>Fax: 0219 3867 124</p>"), Outcome::Partial);
        assert_eq!(f.data["faxes"][0], "0219 3867 124");
        let f = assert_outcome(&CHECK, &footer(r#"<p>Điện thoại: <img src="/sdt.png" alt=""></p>"#), Outcome::NeedsReview);
        assert_eq!(f.items[1].detail.as_deref(), Some("có nhãn “điện thoại” nhưng không đọc được giá trị"));
    }

    /// CT.15 and CT.16 read a footer through one reader: whatever the footer check finds of the
    /// address, phone and e-mail, the contact check finds too, and the reverse on the same text.
    #[test]
    fn the_contact_and_footer_checks_agree_about_the_same_footer() {
        let footers = [
            "<footer><p>Điện thoại: (024) 35123536</p></footer>",
            "<footer><p>ĐT:(024)35123536 Fax: (024)35123537</p></footer>",
            "<footer><p>Fax: 0238.3840101</p></footer>",
            "<div id=\"footer\"><p>Tel: (+84.239) 3686586</p><p>Emai: a@sonha.gov.vn</p></div>",
            "<div class=\"bottom\"><p>Hotline: 0251.3&nbsp;861&nbsp;234 — Email: b (at) sonha.gov.vn</p></div>",
            "<table><tr><td>Trụ sở: Thôn 3, xã Thanh Bình · 0238.3840100 · <a href=\"mailto:c@sonha.gov.vn\">Thư</a></td></tr></table>",
            "<footer><p>Điện thoại: <img src=\"/sdt.png\"></p><p>Địa chỉ email: d@sonha.gov.vn</p></footer>",
        ];
        for footer in footers {
            let snap = home(&page_html("", &[HEADER, MENU, NEWS, footer].join("\n")));
            let contact = crate::judge(&CHECK, &crate::Context::new(&snap));
            let foot = crate::judge(&crate::footer::CHECK, &crate::Context::new(&snap));
            for (label, i) in [("Địa chỉ", 0), ("Điện thoại", 1), ("E-mail", 2)] {
                let in_footer = foot.items.iter().find(|it| it.what == label).unwrap();
                assert_eq!(contact.items[i].found, in_footer.found, "{label} in {footer}: {} / {}", contact.evidence(), foot.evidence());
            }
        }
    }

    #[test]
    fn fails_without_any_contact_detail() {
        let f = assert_outcome(&CHECK, &home(&bare_home()), Outcome::Fail);
        assert!(f.items.iter().all(|i| !i.found));
    }
}
