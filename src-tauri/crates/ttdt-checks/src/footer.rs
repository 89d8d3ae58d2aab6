//! CT.16 — the footer names the owning body, the person responsible, the address, phone and e-mail, and asks to cite the source.
//!
//! ## What it checks
//! The homepage's footer (a `<footer>`, a `role="contentinfo"` element or an element whose id or
//! class says footer; without one, the last 600 characters of the page's text), for six
//! elements, each matched by its words or, for phone and e-mail, by the pattern of a number or
//! an address:
//! - "Cơ quan chủ quản" (also "đơn vị chủ quản", "cơ quan quản lý");
//! - "Người chịu trách nhiệm" ("chịu trách nhiệm", "trưởng ban biên tập");
//! - "Địa chỉ" ("địa chỉ", "trụ sở");
//! - "Điện thoại" ("điện thoại", "ĐT:", "Tel:", "Hotline", or a phone number);
//! - "E-mail" ("email", "e-mail", "thư điện tử", or an e-mail address);
//! - "Ghi rõ nguồn khi phát hành lại" ("ghi rõ nguồn", "trích dẫn nguồn", "ghi nguồn").
//!
//! The evidence lists each element as found or missing, with the words matched.
//!
//! ## Why
//! The footer is where a visitor looks for who runs the portal, who answers for its content and
//! how to reach them; the source notice protects the portal's information when republished.
//!
//! ## Pass
//! All six elements are in the footer.
//!
//! ## Partial
//! Some are: the share is the elements found out of six, and the summary names those missing.
//!
//! ## Fail
//! None of the six is in the footer.
//!
//! ## References
//! Criterion CT.16 (Chân trang: cơ quan chủ quản, người chịu trách nhiệm, địa chỉ, điện thoại,
//! e-mail, ghi rõ nguồn). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về cấu trúc, bố cục:
//! chân trang; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d.

use super::contact::{email, phone};
use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_model::text::Folded;

pub static CHECK: Check = Check {
    id: "footer.required_elements",
    criteria: &["CT.16"],
    needs: &[Need::Homepage],
    looked_for: "Cơ quan chủ quản, người chịu trách nhiệm, địa chỉ, điện thoại, e-mail, ghi rõ nguồn — ở chân trang",
    messages: &[&ALL, &SOME, &NONE, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("footer.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "footer_all", vi: "Chân trang có đủ các thông tin bắt buộc." };
const SOME: Msg = Msg { code: "footer_some", vi: "Chân trang thiếu một số thông tin bắt buộc." };
const NONE: Msg = Msg { code: "footer_none", vi: "Không tìm thấy thông tin bắt buộc nào ở chân trang." };

/// A required footer element: its label in the evidence, the words that name it, and a pattern
/// that finds its value without a label (a phone number, an e-mail address).
struct Element {
    label: &'static str,
    words: &'static [&'static str],
    pattern: Option<fn(&str) -> Option<String>>,
}

const ELEMENTS: &[Element] = &[
    Element { label: "Cơ quan chủ quản", words: &["cơ quan chủ quản", "đơn vị chủ quản", "cơ quan quản lý"], pattern: None },
    Element { label: "Người chịu trách nhiệm", words: &["chịu trách nhiệm", "trưởng ban biên tập"], pattern: None },
    Element { label: "Địa chỉ", words: &["địa chỉ", "trụ sở"], pattern: None },
    Element { label: "Điện thoại", words: &["điện thoại", "đt:", "tel:", "hotline"], pattern: Some(phone) },
    Element { label: "E-mail", words: &["email", "e-mail", "thư điện tử"], pattern: Some(email) },
    Element { label: "Ghi rõ nguồn khi phát hành lại", words: &["ghi rõ nguồn", "trích dẫn nguồn", "ghi nguồn"], pattern: None },
];

/// Characters at the end of the page's text that stand for a footer the markup does not mark.
const UNMARKED_FOOTER_CHARS: usize = 600;

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    // Without a marked-up footer, the end of the page stands for it.
    let (text, selector) = if f.has_footer {
        (f.footer_text.clone(), "footer")
    } else {
        let plain = &f.text.marked;
        let start = plain.char_indices().rev().nth(UNMARKED_FOOTER_CHARS).map(|(i, _)| i).unwrap_or(0);
        (Folded::new(&plain[start..]), "cuối trang (không có thẻ footer)")
    };
    let raw = text.marked.clone();
    let mut items = Vec::new();
    for e in ELEMENTS {
        let hit = e.words.iter().find(|w| text.contains(w)).map(|w| w.to_string()).or_else(|| e.pattern.and_then(|find| find(&raw)));
        let item = Item::new(e.label, hit.is_some()).at(&home.final_url);
        items.push(match hit {
            Some(w) => item.detail(format!("{selector}: “{w}”")),
            None => item.detail(selector),
        });
    }
    let found = items.iter().filter(|i| i.found).count();
    Finding::by_share(found, ELEMENTS.len(), &ALL, &SOME, &NONE).looking_for(CHECK.looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    fn with_footer(footer: &str) -> ttdt_snapshot::Snapshot {
        home(&page_html("", &[HEADER, MENU, NEWS, footer].join("\n")))
    }

    #[test]
    fn passes_a_footer_with_every_element() {
        let f = assert_outcome(&CHECK, &with_footer(FOOTER), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("footer: “cơ quan chủ quản”"));
    }

    #[test]
    fn a_phone_number_and_an_address_without_labels_count() {
        let footer = r#"<div id="footer"><p>Đơn vị chủ quản: Sở Thông tin và Truyền thông tỉnh Sơn Hà</p>
            <p>Trưởng Ban biên tập: Bà Trần Thị Bình - Phó Giám đốc Sở</p><p>Trụ sở: 25 đường Lê Lợi, phường Hà Giang</p>
            <p>0219.3822.456 · sotttt@sonha.gov.vn</p><p>Trích dẫn nguồn khi sử dụng thông tin từ trang này.</p></div>"#;
        let f = assert_outcome(&CHECK, &with_footer(footer), Outcome::Pass);
        assert_eq!(f.items[4].detail.as_deref(), Some("footer: “sotttt@sonha.gov.vn”"));
    }

    #[test]
    fn the_end_of_the_page_stands_for_an_unmarked_footer() {
        let end = r#"<div class="bottom"><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn Hà. Chịu trách nhiệm: Chánh Văn phòng.</p>
            <p>Địa chỉ: Số 1 Trần Hưng Đạo. Điện thoại: 0219 3867 123. Email: vanphong@sonha.gov.vn. Ghi rõ nguồn khi phát hành lại.</p></div>"#;
        let f = assert_outcome(&CHECK, &with_footer(end), Outcome::Pass);
        assert_eq!(f.items[2].detail.as_deref(), Some("cuối trang (không có thẻ footer): “địa chỉ”"));
    }

    #[test]
    fn a_footer_with_only_the_owner_and_address_is_partial() {
        let footer = r#"<footer><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn Hà</p><p>Địa chỉ: Số 1 đường Trần Hưng Đạo, phường Hà Giang</p></footer>"#;
        let f = assert_outcome(&CHECK, &with_footer(footer), Outcome::Partial);
        assert_eq!(f.share, 0.333);
        assert!(f.evidence()["summary"].as_str().unwrap().ends_with("Thiếu: Người chịu trách nhiệm, Điện thoại, E-mail, Ghi rõ nguồn khi phát hành lại."));
    }

    #[test]
    fn fails_a_footer_with_a_copyright_line_only() {
        let f = assert_outcome(&CHECK, &with_footer(r#"<footer><p>Bản quyền © 2026 Cổng thông tin điện tử tỉnh Sơn Hà</p></footer>"#), Outcome::Fail);
        assert_eq!(f.msg.code, "footer_none");
    }
}
