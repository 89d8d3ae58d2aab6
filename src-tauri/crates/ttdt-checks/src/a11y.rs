//! CT.24 — accessibility rules that hold on the HTML alone, on the homepage.
//!
//! ## What it checks
//! Seven rules read from the homepage's HTML, each one an item of the evidence:
//! - the page declares its language (`<html lang>`);
//! - the page has a title (`<title>`);
//! - every image has an alternative text (`img[alt]`, empty allowed for decoration);
//! - every form field has a label (`<label for>`, an enclosing `<label>`, `aria-label`,
//!   `aria-labelledby` or `title`);
//! - headings start at `h1` and never skip a level going down;
//! - every link has text (its own, an image's alt text, `title` or `aria-label`);
//! - the first link of the page skips to the content (`href="#…"`).
//!
//! Rules that need a rendered page (colour contrast, keyboard focus) are left to the reviewer.
//!
//! ## Why
//! Blind and partially sighted visitors use screen readers, which read the language, the alt
//! texts, the labels and the heading outline, and jump over the menu with the skip link.
//!
//! ## Pass
//! All seven rules hold.
//!
//! ## Partial
//! Some rules hold: the share is the number of rules that hold out of seven.
//!
//! ## Fail
//! No rule holds.
//!
//! ## References
//! Criterion CT.24 (Hỗ trợ người khuyết tật tiếp cận), hybrid: a reviewer may check the rendered
//! page further. Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu tối thiểu về trải nghiệm người
//! dùng; Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm c.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::PageFacts;

pub static CHECK: Check = Check {
    id: "a11y.static_rules",
    criteria: &["CT.24"],
    needs: &[Need::Homepage],
    looked_for: "7 quy tắc tĩnh: lang, title, alt, nhãn ô nhập, thứ tự tiêu đề, chữ của liên kết, liên kết bỏ qua",
    messages: &[&ALL, &SOME, &NONE, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("a11y.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "a11y_all", vi: "Đạt mọi quy tắc tiếp cận tĩnh được kiểm tra (người đánh giá có thể kiểm tra thêm)." };
const SOME: Msg = Msg { code: "a11y_some", vi: "Đạt một phần các quy tắc tiếp cận tĩnh." };
const NONE: Msg = Msg { code: "a11y_none", vi: "Không đạt quy tắc tiếp cận tĩnh nào." };

pub fn rules(f: &PageFacts) -> Vec<Item> {
    let mut items = Vec::new();
    items.push(Item::new("Khai báo ngôn ngữ (html[lang])", f.lang.as_deref().is_some_and(|l| !l.is_empty())));
    items.push(Item::new("Tiêu đề trang (title)", f.title.as_deref().is_some_and(|t| !t.is_empty())));
    let no_alt: Vec<&str> = f.images.iter().filter(|i| i.alt.is_none()).map(|i| i.src.as_str()).collect();
    items.push(Item::new("Ảnh có văn bản thay thế (img[alt])", no_alt.is_empty()).detail(no_alt.iter().take(5).map(|s| format!("img[src=\"{s}\"]")).collect::<Vec<_>>().join(", ")));
    let unlabelled = f.forms.iter().flat_map(|fm| fm.inputs.iter()).filter(|i| !i.labelled).count();
    items.push(Item::new("Ô nhập liệu có nhãn (label)", unlabelled == 0).detail(if unlabelled > 0 { format!("{unlabelled} ô không có nhãn") } else { String::new() }));
    let order_ok = f.headings.first().is_some_and(|h| *h == 1) && f.headings.windows(2).all(|w| w[1] <= w[0] + 1);
    items.push(Item::new("Thứ tự tiêu đề (h1 → h2 → …)", order_ok).detail(f.headings.iter().map(|h| format!("h{h}")).collect::<Vec<_>>().join(" ")));
    let empty_links = f.links.iter().filter(|l| l.text.trim().is_empty()).count();
    items.push(Item::new("Liên kết có chữ mô tả", empty_links == 0).detail(if empty_links > 0 { format!("{empty_links} liên kết không có chữ") } else { String::new() }));
    items.push(Item::new("Liên kết bỏ qua đến nội dung chính", f.first_link_is_skip));
    items
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let items: Vec<Item> = rules(f).into_iter().map(|i| i.at(&home.final_url)).collect();
    let found = items.iter().filter(|i| i.found).count();
    Finding::by_share(found, items.len(), &ALL, &SOME, &NONE).looking_for(CHECK.looked_for).with_items(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    const SEARCH: &str = r#"<form class="search" action="/tim-kiem/"><label for="tu-khoa">Tìm kiếm</label><input id="tu-khoa" type="text" name="keyword"><button type="submit">Tìm</button></form>"#;

    #[test]
    fn passes_a_homepage_that_follows_every_rule() {
        let body = [r##"<a class="skip-link" href="#noi-dung">Bỏ qua đến nội dung chính</a>"##, HEADER, MENU, SEARCH, NEWS, FOOTER].join("\n");
        let f = assert_outcome(&CHECK, &home(&page_html("", &body)), Outcome::Pass);
        assert!(f.items.iter().all(|i| i.found), "{:?}", f.items);
    }

    #[test]
    fn a_missing_skip_link_and_alt_text_is_partial() {
        let body = [HEADER, MENU, r#"<img src="/uploads/2026/11/hoi-nghi.jpg">"#, NEWS, FOOTER].join("\n");
        let f = assert_outcome(&CHECK, &home(&page_html("", &body)), Outcome::Partial);
        assert_eq!(f.share, 0.714);
        let missing: Vec<&str> = f.items.iter().filter(|i| !i.found).map(|i| i.what.as_str()).collect();
        assert_eq!(missing, ["Ảnh có văn bản thay thế (img[alt])", "Liên kết bỏ qua đến nội dung chính"]);
    }

    #[test]
    fn fails_a_page_that_breaks_every_rule() {
        let html = r#"<html><head><meta charset="utf-8"></head><body>
            <div class="top"><a href="/"><img src="/images/logo-ubnd.png"></a></div>
            <form action="/tim-kiem/"><input type="text" name="keyword" placeholder="Nhập từ khóa"></form>
            <h3>Tin nổi bật</h3><p>Ủy ban nhân dân tỉnh Sơn Hà họp phiên thường kỳ tháng 11.</p>
            </body></html>"#;
        let f = assert_outcome(&CHECK, &home(html), Outcome::Fail);
        assert_eq!(f.msg.code, "a11y_none");
    }
}
