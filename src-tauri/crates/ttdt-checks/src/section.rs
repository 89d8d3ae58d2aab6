//! CT.01–CT.04, CT.07, CT.08, CT.10–CT.14, CT.17, CT.22 — the section is named in the menu or a link, and its page answers with content.
//!
//! ## What it checks
//! One check per section criterion, all judged the same way from the section vocabulary of
//! `ttdt_snapshot::sections`: each section's names and path slugs (shown with each check in
//! `docs/checks.md`), which collection also uses to fetch the section's page. For each section:
//! - the homepage's links (and the addresses offered in `<select>` boxes) are searched for the
//!   section, and ranked: menu and header links named by their text first, then any link of at
//!   most eight words named by its text, then links named only by their address or image (a
//!   slug, a path segment starting with a name's words such as `/lay-y-kien-van-ban-du-thao`,
//!   an image's `title` or file name, for banners whose `alt` is empty); within a rank, a link
//!   naming more of the section's names comes first;
//! - the first three candidates are taken in that order, as collection fetched them (it fetches
//!   the next while the last is not the section's content), until one is the section's content;
//!   every candidate tried is listed in the evidence with its address, status and why it was
//!   rejected;
//! - a candidate's page is content when it holds at least 60 characters of main content
//!   (`<main>`, `role="main"` or `<article>`, else the body without its header, menu and
//!   footer), does not say it is a "not found" page ("Không tìm thấy trang", "Trang không tồn
//!   tại", "404" in its title), and says more than the site's own answer to an address that does
//!   not exist (the 404 probe: a site answering `200` with its error page, a soft 404, is not
//!   believed on its status).
//!
//! Two sections have a rule of their own, set in the table:
//! - the documents section (CT.08) must show a list: lists and tables outside the menus, header
//!   and footer with at least three rows or items in all;
//! - the questions (CT.14) and satisfaction (CT.22) sections are also served by a form on the
//!   homepage, other than the search form, whose text names the section (for CT.22, also a poll
//!   asking how satisfied — "hài lòng" — the visitor is);
//! - budget disclosure ("Công khai ngân sách") is the finance section's, not CT.17's;
//! - the consultation (CT.13) and procurement (CT.11) sections list items open for a time: a
//!   short page that only says none is open now ("Hiện chưa có dự thảo văn bản nào đang lấy ý
//!   kiến") is neither content nor an empty page.
//!
//! ## Why
//! The law and the decree list the information a state agency's portal must publish, each in a
//! section a visitor can find from the homepage. A link to an error page or an empty page does
//! not publish anything.
//!
//! ## Pass
//! A link names the section and its page has content (for CT.08, also a list); or, for CT.14 and
//! CT.22, a form on the homepage names it.
//!
//! ## Fail
//! No link names the section; or every candidate tried answered an HTTP error, a "not found"
//! page, or a page almost empty.
//!
//! ## Needs review
//! No candidate is content and one leads to another site (the reviewer confirms the content
//! there), or was not fetched or could not be (timeout, budget spent, body cut short); or the
//! documents page has content but no list; or, for CT.22, no section but a poll on the homepage
//! (choices to vote on) that does not say it rates satisfaction; or, for CT.11 and CT.13, no
//! candidate is content and one says that no draft or tender is open now (whether the section
//! meets the criterion then is for a person to weigh).
//!
//! ## References
//! Criteria and legal bases in the 2026 framework:
//! - CT.01 (Giới thiệu: chức năng, nhiệm vụ, quyền hạn): Luật Công nghệ thông tin 67/2006/QH11,
//!   Điều 28 khoản 2 điểm a; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm b.
//! - CT.02 (Sơ đồ, cơ cấu tổ chức): Luật Công nghệ thông tin 67/2006/QH11, Điều 28 khoản 2 điểm a;
//!   Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm b.
//! - CT.03 (Tóm lược quá trình hình thành, phát triển): Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1
//!   điểm b.
//! - CT.04 (Tiểu sử tóm tắt, nhiệm vụ của lãnh đạo): Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1
//!   điểm b, c.
//! - CT.07 (Thông tin chỉ đạo, điều hành): Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d.
//! - CT.08 (Văn bản quy phạm pháp luật, văn bản chỉ đạo): Luật Công nghệ thông tin 67/2006/QH11,
//!   Điều 28 khoản 2 điểm b.
//! - CT.10 (Chiến lược, quy hoạch, kế hoạch): Luật Công nghệ thông tin 67/2006/QH11, Điều 28
//!   khoản 2 điểm d.
//! - CT.11 (Dự án đầu tư, đấu thầu, mua sắm công): Luật Công nghệ thông tin 67/2006/QH11, Điều 28
//!   khoản 2 điểm e.
//! - CT.12 (Báo cáo tài chính, ngân sách, thống kê): Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1
//!   điểm d.
//! - CT.13 (Lấy ý kiến dự thảo văn bản): Luật Công nghệ thông tin 67/2006/QH11, Điều 28 khoản 2
//!   điểm h.
//! - CT.14 (Hỏi đáp, tiếp nhận phản ánh, kiến nghị): Luật Công nghệ thông tin 67/2006/QH11,
//!   Điều 28 khoản 2 điểm h; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d.
//! - CT.17 (Danh mục thông tin phải công khai): Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d.
//! - CT.22 (Đánh giá mức độ hài lòng trực tuyến): Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3
//!   điểm b.
//!
//! All are hybrid criteria: the reviewer judges whether the content meets the requirement.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::bare_host;
use ttdt_snapshot::sections::{self, PageVerdict, SectionDef, MAX_CANDIDATES};

/// A section check: its id and criterion come from the section's entry in the vocabulary.
macro_rules! section_check {
    ($name:ident) => {
        pub static $name: Check = Check {
            id: sections::$name.check_id,
            criteria: &[sections::$name.code],
            needs: &[Need::Homepage, Need::InnerPages],
            looked_for: LOOKED_FOR,
            messages: if sections::$name.needs_list {
                LIST_MESSAGES
            } else if sections::$name.accepts_form {
                FORM_MESSAGES
            } else if sections::$name.open_items {
                OPEN_ITEM_MESSAGES
            } else {
                MESSAGES
            },
            doc_comment: crate::doc_header(include_str!("section.rs")),
            evaluate: |ctx| judge_section(&sections::$name, ctx),
        };
    };
}

section_check!(INTRODUCTION);
section_check!(ORGANISATION);
section_check!(HISTORY);
section_check!(LEADERS);
section_check!(DIRECTION);
section_check!(DOCUMENTS);
section_check!(PLANS);
section_check!(PROCUREMENT);
section_check!(FINANCE);
section_check!(CONSULTATION);
section_check!(QUESTIONS);
section_check!(DISCLOSURE);
section_check!(SATISFACTION);

const LOOKED_FOR: &str = "Chuyên mục trên trình đơn, tiêu đề hoặc liên kết, và trang đích có nội dung";

const FOUND: Msg = Msg { code: "section_found", vi: "Có chuyên mục, trang đích tải được và có nội dung." };
/// The section's link leads to another site (also used by the foreign-language check).
pub(crate) const EXTERNAL: Msg = Msg { code: "section_external", vi: "Có liên kết chuyên mục ra trang ngoài; cần người đánh giá xác nhận nội dung." };
/// The section's page was not fetched or could not be (also used by the foreign-language check).
pub(crate) const UNVERIFIED: Msg = Msg { code: "section_unverified", vi: "Có liên kết chuyên mục nhưng không tải được trang đích; cần người đánh giá xem." };
const BROKEN: Msg = Msg { code: "section_broken", vi: "Liên kết chuyên mục dẫn đến trang lỗi hoặc trang trống." };
const MISSING: Msg = Msg { code: "section_missing", vi: "Không tìm thấy chuyên mục trên trình đơn, tiêu đề hay liên kết của trang." };
const POLL: Msg = Msg { code: "section_poll", vi: "Không thấy chuyên mục nhưng có biểu mẫu thăm dò ý kiến trên trang chủ; cần người đánh giá xem có phải đánh giá mức độ hài lòng không." };
const NO_LIST: Msg = Msg { code: "section_no_list", vi: "Có chuyên mục nhưng không thấy danh sách văn bản." };
const NONE_OPEN: Msg = Msg {
    code: "section_none_open",
    vi: "Có chuyên mục nhưng trang đích chỉ ghi hiện chưa có mục nào (dự thảo, gói thầu); cần người đánh giá xem.",
};

const MESSAGES: &[&Msg] = &[&FOUND, &EXTERNAL, &UNVERIFIED, &BROKEN, &MISSING, &SITE_UNREACHABLE];
/// The messages of a section of items open for a time.
const OPEN_ITEM_MESSAGES: &[&Msg] = &[&FOUND, &EXTERNAL, &UNVERIFIED, &BROKEN, &MISSING, &NONE_OPEN, &SITE_UNREACHABLE];
/// The messages of a section a homepage form may serve.
const FORM_MESSAGES: &[&Msg] = &[&FOUND, &EXTERNAL, &UNVERIFIED, &BROKEN, &MISSING, &POLL, &SITE_UNREACHABLE];
/// The messages of a section whose page must list items.
const LIST_MESSAGES: &[&Msg] = &[&FOUND, &EXTERNAL, &UNVERIFIED, &BROKEN, &MISSING, &NO_LIST, &SITE_UNREACHABLE];

/// What one candidate link turned out to be.
enum Tried {
    Content,
    NoList,
    /// The page says no item is open now.
    NoneOpen,
    External,
    /// Not fetched, or fetched without an answer (timeout, budget spent, body cut short).
    Unverified,
    /// An HTTP error, a "not found" page, no content.
    Rejected,
}

fn judge_section(def: &SectionDef, ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = LOOKED_FOR;
    if def.accepts_form && f.forms.iter().any(|fm| !fm.is_search && def.names_form(&fm.text)) {
        return Finding::new(Outcome::Pass, &FOUND)
            .looking_for(looked_for)
            .with_items(vec![Item::new(def.names[0], true).at(&home.final_url).detail("form trên trang chủ")]);
    }
    // A poll (choices to vote on) that does not say "hài lòng" may still be the satisfaction
    // rating: a person decides, where nothing else serves the section.
    let poll = (def.code == sections::SATISFACTION.code)
        .then(|| f.forms.iter().find(|fm| !fm.is_search && fm.inputs.iter().filter(|i| i.kind == "radio").count() >= 2))
        .flatten()
        .map(|fm| Item::new("Biểu mẫu thăm dò ý kiến", false).at(&home.final_url).detail(ttdt_model::text::clip(&fm.text.marked, 200)));
    let candidates = def.candidates(f);
    if candidates.is_empty() {
        if let Some(poll) = poll {
            return Finding::new(Outcome::NeedsReview, &POLL).looking_for(looked_for).with_items(vec![poll]);
        }
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new(def.names[0], false).at(&home.final_url)]);
    }
    // Each candidate, strongest first, as collection tried them: every one tried is evidence.
    let mut items = Vec::new();
    let mut seen: Vec<Tried> = Vec::new();
    for link in candidates.into_iter().take(MAX_CANDIDATES) {
        let named = format!("a[href=\"{}\"]: {}", link.href, link.text);
        items.push(Item::new(def.names[0], true).at(&home.final_url).detail(&named));
        let (tried, item) = try_candidate(def, ctx, link, f);
        items.extend(item);
        let done = matches!(tried, Tried::Content);
        seen.push(tried);
        if done {
            break;
        }
    }
    let any = |pred: fn(&Tried) -> bool| seen.iter().any(pred);
    let f = if any(|t| matches!(t, Tried::Content)) {
        Finding::new(Outcome::Pass, &FOUND)
    } else if any(|t| matches!(t, Tried::NoList)) {
        Finding::new(Outcome::NeedsReview, &NO_LIST)
    } else if any(|t| matches!(t, Tried::NoneOpen)) {
        Finding::new(Outcome::NeedsReview, &NONE_OPEN)
    } else if any(|t| matches!(t, Tried::Unverified)) {
        Finding::new(Outcome::NeedsReview, &UNVERIFIED)
    } else if any(|t| matches!(t, Tried::External)) {
        Finding::new(Outcome::NeedsReview, &EXTERNAL)
    } else if let Some(poll) = poll {
        items.push(poll);
        Finding::new(Outcome::NeedsReview, &POLL)
    } else {
        Finding::new(Outcome::Fail, &BROKEN)
    };
    f.looking_for(looked_for).with_items(items)
}

/// What a candidate's page is, with the evidence item of its page.
fn try_candidate(def: &SectionDef, ctx: &Context<'_>, link: &ttdt_snapshot::html::Link, home: &ttdt_snapshot::html::PageFacts) -> (Tried, Option<Item>) {
    let Some(target) = link.url.as_ref() else { return (Tried::Unverified, None) };
    if bare_host(target) != bare_host(&home.url) {
        return (Tried::External, None);
    }
    let page_item = |found: bool, url: &str| Item::new(format!("Trang “{}”", link.text), found).at(url);
    if let Some((page, facts)) = ctx.facts_for(target) {
        return match def.judge_page(page, facts, ctx.not_found.as_ref()) {
            PageVerdict::Content => (Tried::Content, Some(page_item(true, &page.final_url).detail(format!("{} ký tự nội dung", facts.main_len)))),
            PageVerdict::NoList => (Tried::NoList, Some(page_item(true, &page.final_url).detail("có nội dung nhưng không có danh sách"))),
            PageVerdict::NoneOpen(said) => (Tried::NoneOpen, Some(page_item(false, &page.final_url).detail(format!("trang chỉ ghi: “{said}”")))),
            PageVerdict::Rejected(why) => (Tried::Rejected, Some(page_item(false, &page.final_url).detail(why))),
        };
    }
    match ctx.page_for(target) {
        Some(p) if p.http_status.is_some_and(|s| s >= 400) => (Tried::Rejected, Some(page_item(false, &p.final_url).detail(format!("HTTP {}", p.http_status.unwrap_or(0))))),
        Some(p) => (Tried::Unverified, Some(page_item(false, &p.url).detail(p.status.label_vi()))),
        None => (Tried::Unverified, Some(page_item(false, target.as_str()).detail("chưa tải trang này"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::{FetchStatus, Page, PageKind};

    /// A commune-style menu that names no section.
    const SMALL_MENU: &str = r#"<nav class="main-menu"><a href="/">Trang chủ</a> <a href="/tin-tuc/">Tin tức</a> <a href="/lien-he/">Liên hệ</a></nav>"#;

    const DOCUMENT_TABLE: &str = r#"<table class="van-ban"><tr><th>Số ký hiệu</th><th>Trích yếu</th><th>Ngày ban hành</th></tr>
        <tr><td>25/2026/QĐ-UBND</td><td>Quy định phân cấp quản lý nhà nước về tài sản công</td><td>18/11/2026</td></tr>
        <tr><td>24/2026/QĐ-UBND</td><td>Ban hành quy chế quản lý cổng thông tin điện tử tỉnh</td><td>10/11/2026</td></tr>
        <tr><td>112/KH-UBND</td><td>Kế hoạch chuyển đổi số năm 2027</td><td>05/11/2026</td></tr></table>"#;

    /// The homepage with this extra markup after the menu.
    fn homepage(extra: &str) -> String {
        page_html("", &[HEADER, SMALL_MENU, extra, NEWS, FOOTER].join("\n"))
    }

    /// A section's page: the menu, a heading, a paragraph of content and `extra`.
    fn section_page(title: &str, extra: &str) -> String {
        page_html("", &format!("{HEADER}{SMALL_MENU}<main><h1>{title}</h1><p>Ủy ban nhân dân tỉnh Sơn Hà công bố thông tin theo quy định tại Nghị định 224/2026/NĐ-CP.</p>{extra}</main>{FOOTER}"))
    }

    /// The portal with a menu entry to a section page answered with `page`.
    fn linked(label: &str, path: &str, page: Option<String>) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&homepage(&format!(r#"<nav class="sub-menu"><a href="{path}">{label}</a></nav>"#)));
        if let Some(html) = page {
            add_page(&mut snap, path, PageKind::Section, &html);
        }
        snap
    }

    /// Each section check with a menu entry as real portals name it.
    fn entries() -> Vec<(&'static Check, &'static str, &'static str)> {
        vec![
            (&INTRODUCTION, "Chức năng, nhiệm vụ", "/gioi-thieu/chuc-nang-nhiem-vu.html"),
            (&ORGANISATION, "Cơ cấu tổ chức", "/gioi-thieu/co-cau-to-chuc.html"),
            (&HISTORY, "Lịch sử hình thành và phát triển", "/gioi-thieu/lich-su-hinh-thanh.html"),
            (&LEADERS, "Lãnh đạo tỉnh", "/lanh-dao/"),
            (&DIRECTION, "Chỉ đạo, điều hành", "/chi-dao-dieu-hanh/"),
            (&DOCUMENTS, "Văn bản quy phạm pháp luật", "/van-ban/"),
            (&PLANS, "Quy hoạch - Kế hoạch", "/quy-hoach/"),
            (&PROCUREMENT, "Dự án, đấu thầu, mua sắm công", "/du-an/"),
            (&FINANCE, "Công khai ngân sách", "/ngan-sach/"),
            (&CONSULTATION, "Lấy ý kiến dự thảo văn bản", "/lay-y-kien/"),
            (&QUESTIONS, "Hỏi đáp trực tuyến", "/hoi-dap/"),
            (&DISCLOSURE, "Danh mục thông tin phải công khai", "/cong-khai/"),
            (&SATISFACTION, "Đánh giá mức độ hài lòng", "/khao-sat/"),
        ]
    }

    #[test]
    fn every_section_passes_with_its_menu_entry_and_a_page_with_content() {
        for (check, label, path) in entries() {
            let extra = if check.id == "section.documents" { DOCUMENT_TABLE } else { "" };
            let f = assert_outcome(check, &linked(label, path, Some(section_page(label, extra))), Outcome::Pass);
            assert_eq!(f.items[0].detail, Some(format!("a[href=\"{path}\"]: {label}")), "{}", check.id);
        }
    }

    #[test]
    fn every_section_fails_when_no_link_names_it() {
        for (check, _, _) in entries() {
            let f = assert_outcome(check, &home(&homepage("")), Outcome::Fail);
            assert_eq!(f.msg.code, "section_missing", "{}", check.id);
        }
    }

    #[test]
    fn a_documents_page_without_a_list_needs_review() {
        let snap = linked("Văn bản", "/van-ban/", Some(section_page("Văn bản", "")));
        assert_eq!(assert_outcome(&DOCUMENTS, &snap, Outcome::NeedsReview).msg.code, "section_no_list");
        // Other sections need no list.
        let snap = linked("Chỉ đạo điều hành", "/chi-dao-dieu-hanh/", Some(section_page("Chỉ đạo điều hành", "")));
        assert_outcome(&DIRECTION, &snap, Outcome::Pass);
    }

    #[test]
    fn a_homepage_form_serves_the_questions_and_satisfaction_sections_only() {
        let forms = r#"<form action="/hoi-dap/gui-cau-hoi" method="post"><h3>Gửi câu hỏi, phản ánh, kiến nghị</h3>
              <label for="hoten">Họ và tên</label><input id="hoten" name="hoten"><label for="noidung">Nội dung</label><textarea id="noidung" name="noidung"></textarea>
              <button type="submit">Gửi</button></form>
            <form class="widget-khao-sat"><p>Bạn đánh giá thế nào về mức độ hài lòng khi sử dụng Cổng?</p>
              <label><input type="radio" name="muc_do" value="1"> Rất hài lòng</label><label><input type="radio" name="muc_do" value="2"> Hài lòng</label></form>
            <form action="/gop-y/gui" method="post"><p>Góp ý dự thảo Nghị quyết về phát triển kinh tế số</p><textarea name="y_kien" title="Ý kiến"></textarea></form>"#;
        let snap = home(&homepage(forms));
        assert_eq!(assert_outcome(&QUESTIONS, &snap, Outcome::Pass).items[0].detail.as_deref(), Some("form trên trang chủ"));
        assert_outcome(&SATISFACTION, &snap, Outcome::Pass);
        assert_outcome(&CONSULTATION, &snap, Outcome::Fail);
    }

    #[test]
    fn a_consultation_page_saying_no_draft_is_open_needs_review() {
        let empty = page_html("", &format!("{HEADER}{SMALL_MENU}<div id=\"content\"><h1>Dự thảo văn bản</h1><p>Hiện chưa có dự thảo văn bản nào đang lấy ý kiến.</p></div>{FOOTER}"));
        let f = assert_outcome(&CONSULTATION, &linked("Dự thảo văn bản", "/du-thao.aspx", Some(empty.clone())), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "section_none_open");
        assert_eq!(f.items[1].detail.as_deref(), Some("trang chỉ ghi: “hiện chưa có dự thảo văn bản nào đang lấy ý kiến”"));
        let tenders = empty.replace("Dự thảo văn bản", "Mua sắm công").replace("Hiện chưa có dự thảo văn bản nào đang lấy ý kiến.", "Hiện tại không có gói thầu nào đang mời thầu.");
        assert_eq!(assert_outcome(&PROCUREMENT, &linked("Mua sắm công", "/mua-sam-cong.aspx", Some(tenders)), Outcome::NeedsReview).msg.code, "section_none_open");
        // A draft open for comments beside the sentence about others is content.
        let open = section_page("Lấy ý kiến dự thảo văn bản", "<p>Dự thảo Quyết định ban hành quy chế phối hợp quản lý cổng thông tin điện tử tỉnh; lấy ý kiến từ 01/11/2026 đến 30/11/2026. Hiện chưa có dự thảo khác.</p><ul><li>Dự thảo quyết định</li><li>Tờ trình</li><li>Bản thuyết minh</li></ul>");
        assert_outcome(&CONSULTATION, &linked("Lấy ý kiến dự thảo văn bản", "/lay-y-kien/", Some(open)), Outcome::Pass);
    }

    #[test]
    fn a_link_to_another_site_needs_review() {
        let snap = linked("Lấy ý kiến dự thảo", "https://duthao.sonha.vn/", None);
        assert_eq!(assert_outcome(&CONSULTATION, &snap, Outcome::NeedsReview).msg.code, "section_external");
    }

    #[test]
    fn a_link_to_an_error_page_or_an_empty_page_fails() {
        let mut snap = linked("Cơ cấu tổ chức", "/gioi-thieu/co-cau-to-chuc.html", None);
        snap.pages.push(error_page(&url("/gioi-thieu/co-cau-to-chuc.html"), PageKind::Section, 404));
        let f = assert_outcome(&ORGANISATION, &snap, Outcome::Fail);
        assert_eq!((f.msg.code, f.items[1].detail.as_deref()), ("section_broken", Some("HTTP 404")));
        let empty = page_html("", &format!("{HEADER}{SMALL_MENU}<main><h1>Cơ cấu tổ chức</h1><p>Đang cập nhật</p></main>{FOOTER}"));
        let f = assert_outcome(&ORGANISATION, &linked("Cơ cấu tổ chức", "/gioi-thieu/co-cau-to-chuc.html", Some(empty)), Outcome::Fail);
        assert_eq!(f.items[1].detail.as_deref(), Some("trang gần như không có nội dung"));
    }

    #[test]
    fn a_page_not_fetched_needs_review() {
        assert_eq!(assert_outcome(&LEADERS, &linked("Lãnh đạo tỉnh", "/lanh-dao/", None), Outcome::NeedsReview).msg.code, "section_unverified");
        let mut snap = linked("Lãnh đạo tỉnh", "/lanh-dao/", None);
        snap.pages.push(Page::failed(&url("/lanh-dao/"), PageKind::Section, FetchStatus::Timeout, "timeout"));
        let f = assert_outcome(&LEADERS, &snap, Outcome::NeedsReview);
        assert_eq!(f.items[1].detail.as_deref(), Some("Quá thời gian chờ"));
    }

    #[test]
    fn candidates_are_tried_in_order_past_an_error_and_a_soft_404_and_all_are_evidence() {
        let menu = r#"<nav class="sub-menu"><a href="/ke-hoach-tai-chinh">Kế hoạch tài chính</a><a href="/chien-luoc-quy-hoach">Chiến lược – quy hoạch</a><a href="/ke-hoach">Kế hoạch</a></nav>"#;
        let mut snap = home(&homepage(menu));
        let soft_404 = section_page("Cổng thông tin điện tử tỉnh Sơn Hà", "<h2>Không tìm thấy trang</h2><p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p>");
        snap.probe_404 = Some(html_page(&url("/ttdt-khong-ton-tai-0a1b2c.html"), PageKind::Probe404, &soft_404));
        snap.pages.push(error_page(&url("/chien-luoc-quy-hoach"), PageKind::Section, 404));
        add_page(&mut snap, "/ke-hoach-tai-chinh", PageKind::Section, &soft_404);
        add_page(&mut snap, "/ke-hoach", PageKind::Section, &section_page("Kế hoạch", "<ul><li>Kế hoạch 112/KH-UBND chuyển đổi số năm 2027</li></ul>"));
        let f = assert_outcome(&PLANS, &snap, Outcome::Pass);
        let tried: Vec<(Option<&str>, bool)> = f.items.iter().filter(|i| i.what.starts_with("Trang")).map(|i| (i.url.as_deref(), i.found)).collect();
        assert_eq!(tried, [(Some(url("/chien-luoc-quy-hoach").as_str()), false), (Some(url("/ke-hoach-tai-chinh").as_str()), false), (Some(url("/ke-hoach").as_str()), true)]);
        assert!(f.items[3].detail.as_deref().unwrap().contains("không tìm thấy"), "{:?}", f.items[3]);
        // Without the third, every candidate is rejected: the section is missing in fact.
        snap.pages.pop();
        snap.pages.push(error_page(&url("/ke-hoach"), PageKind::Section, 404));
        assert_eq!(assert_outcome(&PLANS, &snap, Outcome::Fail).msg.code, "section_broken");
    }

    #[test]
    fn a_page_like_the_sites_answer_to_a_missing_address_is_not_the_section() {
        // The site answers its homepage for any address: a link to a removed section shows it too.
        let mut snap = linked("Lấy ý kiến dự thảo văn bản", "/lay-y-kien/", None);
        let homepage_again = snap.homepage.as_ref().unwrap().body.clone();
        snap.probe_404 = Some(html_page(&url("/ttdt-khong-ton-tai-0a1b2c.html"), PageKind::Probe404, &homepage_again));
        add_page(&mut snap, "/lay-y-kien/", PageKind::Section, &homepage_again);
        let f = assert_outcome(&CONSULTATION, &snap, Outcome::Fail);
        assert!(f.items[1].detail.as_deref().unwrap().contains("địa chỉ không tồn tại"), "{:?}", f.items[1]);
    }

    #[test]
    fn a_banner_with_an_empty_alt_is_found_by_its_address() {
        let banners = r#"<div class="banner-right"><a href="/chi-dao-dieu-hanh"><img src="/images/bn1.png" alt=""></a></div>"#;
        let mut snap = home(&homepage(banners));
        add_page(&mut snap, "/chi-dao-dieu-hanh", PageKind::Section, &section_page("Chỉ đạo điều hành", ""));
        assert_outcome(&DIRECTION, &snap, Outcome::Pass);
    }

    #[test]
    fn a_satisfaction_poll_passes_and_another_poll_needs_review() {
        let poll = |question: &str| format!(r#"<div class="moduletable"><h3>Thăm dò ý kiến</h3><form action="/index.php" method="post"><p>{question}</p>
            <label><input type="radio" name="voteid" value="1"> Rất tốt</label><label><input type="radio" name="voteid" value="2"> Tốt</label><button type="submit">Bình chọn</button></form></div>"#);
        assert_outcome(&SATISFACTION, &home(&homepage(&poll("Ông/Bà hài lòng thế nào với thông tin trên Cổng?"))), Outcome::Pass);
        let f = assert_outcome(&SATISFACTION, &home(&homepage(&poll("Bạn thấy thông tin trên Trang thông tin điện tử xã thế nào?"))), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "section_poll");
        assert_outcome(&QUESTIONS, &home(&homepage(&poll("Bạn thấy thông tin trên Trang thông tin điện tử xã thế nào?"))), Outcome::Fail);
    }

    #[test]
    fn budget_disclosure_is_not_the_list_of_information_to_publish() {
        let snap = linked("Công khai ngân sách", "/Pages/cong-khai-ngan-sach.aspx", Some(section_page("Công khai ngân sách", "")));
        assert_outcome(&DISCLOSURE, &snap, Outcome::Fail);
        assert_outcome(&FINANCE, &snap, Outcome::Pass);
    }
}
