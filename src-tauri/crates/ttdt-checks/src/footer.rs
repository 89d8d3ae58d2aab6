//! CT.16 — the footer names the owning body, the person responsible, the address, phone and e-mail, and asks to cite the source.
//!
//! ## What it checks
//! The homepage's footer: the elements that mark it (`<footer>`, `role="contentinfo"`, an id or
//! class that says footer, `bottom…`, `chantrang`, `cuoi`…) and, whatever the markup, the last
//! 1,000 characters of the page's text (a footer in a table's last row or a plain `div`), for six
//! elements:
//! - "Cơ quan chủ quản": the labels "cơ quan chủ quản", "đơn vị chủ quản", "cơ quan quản lý",
//!   "đơn vị quản lý"; or a copyright line whose holder is an agency ("Bản quyền thuộc Sở Tư pháp
//!   …", "© 2026 UBND tỉnh …"). A copyright held by the portal or a place ("© Cổng thông tin
//!   điện tử …", "Bản quyền thuộc về tỉnh …") names no owning body;
//! - "Người chịu trách nhiệm": "người chịu trách nhiệm (chính)", "chịu trách nhiệm (nội dung)",
//!   "trưởng ban biên tập", "tổng biên tập" — not "không chịu trách nhiệm …", a disclaimer; a
//!   "Ban biên tập" named without a person is for the reviewer;
//! - "Địa chỉ", "Điện thoại", "E-mail": read by the contact reader the contact check (CT.15)
//!   shares, so the two never disagree about the same footer: a fax number alone is no phone; a
//!   phone or e-mail label with nothing readable after it (an image) is for the reviewer;
//! - "Ghi rõ nguồn khi phát hành lại": "ghi rõ nguồn", "ghi nguồn", "trích dẫn nguồn", "nêu rõ
//!   nguồn", "dẫn nguồn"; a note about republishing that does not ask to cite the source
//!   ("phát hành lại", "sao chép" alone) is for the reviewer.
//!
//! The evidence lists each element as found, to confirm or missing, with the text matched and
//! where (the marked-up footer or the end of the page).
//!
//! ## Why
//! The footer is where a visitor looks for who runs the portal, who answers for its content and
//! how to reach them; the source notice protects the portal's information when republished.
//!
//! ## Pass
//! All six elements are in the footer.
//!
//! ## Partial
//! Some are, none to confirm: the share is the elements found out of six, and the summary names
//! those missing.
//!
//! ## Fail
//! None of the six is in the footer, and none is to confirm.
//!
//! ## Needs review
//! An element is written in a way only a person can judge (see above): the evidence shows the
//! text, so that the reviewer decides at a glance.
//!
//! ## References
//! Criterion CT.16 (Chân trang: cơ quan chủ quản, người chịu trách nhiệm, địa chỉ, điện thoại,
//! e-mail, ghi rõ nguồn). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về cấu trúc, bố cục:
//! chân trang; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d.

use super::contact_details::{self, footer_areas, Details, FooterArea, Scope};
use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_model::text::{Folded, Vocab};

pub static CHECK: Check = Check {
    id: "footer.required_elements",
    criteria: &["CT.16"],
    needs: &[Need::Homepage],
    looked_for: "Cơ quan chủ quản, người chịu trách nhiệm, địa chỉ, điện thoại, e-mail, ghi rõ nguồn — ở chân trang",
    messages: &[&ALL, &SOME, &NONE, &REVIEW, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("footer.rs")),
    evaluate,
};

const ALL: Msg = Msg { code: "footer_all", vi: "Chân trang có đủ các thông tin bắt buộc." };
const SOME: Msg = Msg { code: "footer_some", vi: "Chân trang thiếu một số thông tin bắt buộc." };
const NONE: Msg = Msg { code: "footer_none", vi: "Không tìm thấy thông tin bắt buộc nào ở chân trang." };
const REVIEW: Msg = Msg {
    code: "footer_review",
    vi: "Chân trang có thông tin cần người đánh giá xác nhận (xem phần “cần xác nhận” trong bằng chứng).",
};

/// Labels of the owning body.
static OWNER: Vocab = Vocab::new(&["cơ quan chủ quản", "đơn vị chủ quản", "cơ quan quản lý", "đơn vị quản lý"]);
/// Words that open a copyright line.
static COPYRIGHT: Vocab = Vocab::new(&["bản quyền thuộc về", "bản quyền thuộc", "bản quyền", "copyright", "©", "(c)"]);
/// The first words of an agency's name: a copyright held by one names the owning body.
const AGENCY_WORDS: &[&str] = &[
    "ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd", "văn phòng", "sở", "bộ", "tổng cục", "cục", "chi cục", "ban quản lý",
    "ban dân tộc", "trung tâm", "viện", "tỉnh ủy", "thành ủy", "huyện ủy", "đảng ủy", "công an", "bảo hiểm xã hội", "kho bạc",
    "thanh tra", "tòa án", "viện kiểm sát", "đại học", "học viện", "trường",
];
/// Labels of the person responsible.
static RESPONSIBLE: Vocab = Vocab::new(&["người chịu trách nhiệm", "chịu trách nhiệm", "trưởng ban biên tập", "tổng biên tập"]);
/// An editorial board named without a person: for the reviewer.
static BOARD: Vocab = Vocab::new(&["ban biên tập"]);
/// The notice to cite the source.
static SOURCE: Vocab = Vocab::new(&["ghi rõ nguồn", "ghi nguồn", "trích dẫn nguồn", "nêu rõ nguồn", "dẫn nguồn", "trích nguồn", "ghi rõ xuất xứ"]);
/// A note about republishing that does not say to cite the source: for the reviewer.
static REUSE: Vocab = Vocab::new(&["phát hành lại", "sao chép", "sử dụng lại", "đăng tải lại", "đăng lại"]);

/// What was found of one element.
enum Mark {
    Found(String),
    /// Written in a way a person must judge.
    Doubtful(String),
    Missing(Option<String>),
}

/// Labels that end what the label before them introduced, in an excerpt.
static NEXT_LABEL: Vocab = Vocab::new(&[
    "cơ quan chủ quản", "đơn vị chủ quản", "cơ quan quản lý", "người chịu trách nhiệm", "chịu trách nhiệm", "trưởng ban biên tập",
    "tổng biên tập", "địa chỉ", "trụ sở", "điện thoại", "đt:", "tel:", "fax", "email", "e-mail", "thư điện tử", "ghi rõ nguồn",
    "giấy phép", "lượt truy cập",
]);

/// At most `n` characters of `text` from the label at `at`, up to the next label.
fn excerpt(text: &str, (at, label_end): (usize, usize), n: usize) -> String {
    let rest = &text[at..];
    let skip = label_end - at;
    let stop = NEXT_LABEL
        .phrases()
        .iter()
        .flat_map(|p| [&p.marked, &p.plain])
        .filter_map(|w| rest[skip..].find(w.as_str()).map(|i| i + skip))
        .min()
        .unwrap_or(rest.len());
    let s: String = rest[..stop].chars().take(n).collect();
    s.trim().trim_end_matches(['.', ',', ';', '-', '|', ' ']).to_string()
}

/// Where a word of the vocabulary occurs: in the marked text, else (a text without
/// diacritics) in the plain one; each occurrence, for the callers that must look around it.
fn occurrences<'t>(text: &'t Folded, vocab: &Vocab) -> Vec<(&'t str, (usize, usize))> {
    let mut out = Vec::new();
    for p in vocab.phrases() {
        for (hay, needle) in [(&text.marked, &p.marked), (&text.plain, &p.plain)] {
            if !needle.is_empty() {
                out.extend(hay.match_indices(needle.as_str()).map(|(i, m)| (hay.as_str(), (i, i + m.len()))));
            }
            if !out.is_empty() {
                break;
            }
        }
    }
    out
}

fn owner(area: &FooterArea<'_>) -> Mark {
    if let Some((t, i)) = occurrences(&area.text, &OWNER).first() {
        return Mark::Found(excerpt(t, *i, 80));
    }
    // A copyright line: its holder is the owning body when it is an agency.
    static AGENCY: std::sync::OnceLock<Vec<ttdt_model::text::Phrase>> = std::sync::OnceLock::new();
    let agency = AGENCY.get_or_init(|| AGENCY_WORDS.iter().map(|w| ttdt_model::text::Phrase::new(w)).collect());
    let mut seen = None;
    for (t, i) in occurrences(&area.text, &COPYRIGHT) {
        let line = excerpt(t, i, 90);
        let holder = line
            .trim_start_matches(|c: char| !c.is_alphabetic())
            .split_whitespace()
            .skip_while(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                w.is_empty() || w.chars().all(|c| c.is_ascii_digit()) || ["bản", "quyền", "ban", "quyen", "thuộc", "thuoc", "về", "ve", "copyright", "c", "of", "by"].contains(&w)
            })
            .collect::<Vec<_>>()
            .join(" ");
        let h = Folded::new(&holder);
        let is_agency = agency.iter().any(|a| {
            [(&h.marked, &a.marked), (&h.plain, &a.plain)].iter().any(|(t, p)| t.starts_with(p.as_str()) && (t.len() == p.len() || t[p.len()..].starts_with([' ', ',', '.'])))
        });
        if is_agency {
            return Mark::Found(format!("{line} (chủ sở hữu bản quyền là cơ quan)"));
        }
        seen.get_or_insert(line);
    }
    Mark::Missing(seen.map(|l| format!("{l} (không nêu cơ quan chủ quản)")))
}

fn responsible(area: &FooterArea<'_>) -> Mark {
    for (t, i) in occurrences(&area.text, &RESPONSIBLE) {
        // "Không chịu trách nhiệm về nội dung các trang liên kết" is a disclaimer.
        let before = &t[..i.0];
        let before = before.trim_end().rsplit(' ').next().unwrap_or("");
        if matches!(before, "không" | "khong" | "ko") {
            continue;
        }
        return Mark::Found(excerpt(t, i, 80));
    }
    match occurrences(&area.text, &BOARD).first() {
        Some((t, i)) => Mark::Doubtful(format!("{} (nêu Ban biên tập, không nêu người chịu trách nhiệm)", excerpt(t, *i, 80))),
        None => Mark::Missing(None),
    }
}

fn source(area: &FooterArea<'_>) -> Mark {
    if let Some((t, i)) = occurrences(&area.text, &SOURCE).first() {
        return Mark::Found(excerpt(t, *i, 80));
    }
    match occurrences(&area.text, &REUSE).first() {
        Some((t, i)) => {
            let from = t[..i.0].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
            Mark::Doubtful(format!("{} (nói về việc phát hành lại nhưng không ghi “ghi rõ nguồn”)", excerpt(t, (from, i.1), 100)))
        }
        None => Mark::Missing(None),
    }
}

fn address(d: &Details) -> Mark {
    match &d.address {
        Some(a) if a.labelled => Mark::Found(a.value.clone()),
        Some(a) => Mark::Found(format!("{} (không có nhãn “Địa chỉ”)", a.value)),
        None => Mark::Missing(None),
    }
}

fn phone(d: &Details) -> Mark {
    match (d.phones.first(), &d.phone_label, d.faxes.first()) {
        (Some(p), _, _) => Mark::Found(if p.labelled { p.value.clone() } else { format!("{} (số không có nhãn)", p.value) }),
        (None, Some(l), _) => Mark::Doubtful(format!("có nhãn “{l}” nhưng không đọc được số")),
        (None, None, Some(fax)) => Mark::Missing(Some(format!("chỉ có số fax {fax}"))),
        _ => Mark::Missing(None),
    }
}

fn email(d: &Details) -> Mark {
    match (d.emails.first(), &d.email_label) {
        (Some(e), _) => Mark::Found(e.clone()),
        (None, Some(l)) => Mark::Doubtful(format!("có nhãn “{l}” nhưng không đọc được địa chỉ")),
        _ => Mark::Missing(None),
    }
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let areas = footer_areas(f);
    let contacts: Vec<Details> = areas.iter().map(|a| contact_details::read(&a.text, a.links.iter().copied(), Scope::Contacts)).collect();
    type ByArea<'a> = Box<dyn Fn(&FooterArea<'_>, &Details) -> Mark + 'a>;
    let elements: [(&str, ByArea<'_>); 6] = [
        ("Cơ quan chủ quản", Box::new(|a, _| owner(a))),
        ("Người chịu trách nhiệm", Box::new(|a, _| responsible(a))),
        ("Địa chỉ", Box::new(|_, d| address(d))),
        ("Điện thoại", Box::new(|_, d| phone(d))),
        ("E-mail", Box::new(|_, d| email(d))),
        ("Ghi rõ nguồn khi phát hành lại", Box::new(|a, _| source(a))),
    ];
    let mut items = Vec::new();
    let (mut found, mut doubtful) = (0, Vec::new());
    for (label, judge) in &elements {
        // The first area where the element is found; else the first where it is to confirm.
        let marks: Vec<(&str, Mark)> = areas.iter().zip(&contacts).map(|(a, d)| (a.name, judge(a, d))).collect();
        let pick = marks.iter().find(|(_, m)| matches!(m, Mark::Found(_))).or_else(|| marks.iter().find(|(_, m)| matches!(m, Mark::Doubtful(_))));
        let item = Item::new(*label, matches!(pick, Some((_, Mark::Found(_))))).at(&home.final_url);
        items.push(match pick {
            Some((area, Mark::Found(d))) => {
                found += 1;
                item.detail(format!("{area}: “{d}”"))
            }
            Some((area, Mark::Doubtful(d))) => {
                doubtful.push(*label);
                item.detail(format!("cần xác nhận — {area}: “{d}”"))
            }
            _ => {
                let why = marks.iter().find_map(|(a, m)| match m {
                    Mark::Missing(Some(w)) => Some(format!("{a}: {w}")),
                    _ => None,
                });
                item.detail(why.unwrap_or_else(|| areas.iter().map(|a| a.name).collect::<Vec<_>>().join(", ")))
            }
        });
    }
    let finding = if doubtful.is_empty() { Finding::by_share(found, elements.len(), &ALL, &SOME, &NONE) } else { Finding::new(Outcome::NeedsReview, &REVIEW) };
    finding.looking_for(CHECK.looked_for).with_items(items).with_data(serde_json::json!({ "found": found, "to_confirm": doubtful }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    fn with_footer(footer: &str) -> ttdt_snapshot::Snapshot {
        home(&page_html("", &[HEADER, MENU, NEWS, footer].join("\n")))
    }

    fn detail(f: &Finding, label: &str) -> String {
        f.items.iter().find(|i| i.what == label).and_then(|i| i.detail.clone()).unwrap_or_default()
    }

    #[test]
    fn passes_a_footer_with_every_element() {
        let f = assert_outcome(&CHECK, &with_footer(FOOTER), Outcome::Pass);
        assert_eq!(detail(&f, "Cơ quan chủ quản"), "chân trang: “cơ quan chủ quản: ủy ban nhân dân tỉnh sơn hà”");
        assert_eq!(detail(&f, "Điện thoại"), "chân trang: “0219 3867 123”");
    }

    #[test]
    fn a_phone_number_and_an_address_without_labels_count() {
        let footer = r#"<div id="footer"><p>Đơn vị chủ quản: Sở Thông tin và Truyền thông tỉnh Sơn Hà</p>
            <p>Trưởng Ban biên tập: Bà Trần Thị Bình - Phó Giám đốc Sở</p><p>Số 25 đường Lê Lợi, phường Hà Giang, tỉnh Sơn Hà</p>
            <p>0219.3822.456 · sotttt@sonha.gov.vn</p><p>Trích dẫn nguồn khi sử dụng thông tin từ trang này.</p></div>"#;
        let f = assert_outcome(&CHECK, &with_footer(footer), Outcome::Pass);
        assert_eq!(detail(&f, "E-mail"), "chân trang: “sotttt@sonha.gov.vn”");
        assert_eq!(detail(&f, "Điện thoại"), "chân trang: “0219.3822.456 (số không có nhãn)”");
        assert!(detail(&f, "Địa chỉ").contains("(không có nhãn “Địa chỉ”)"), "{}", detail(&f, "Địa chỉ"));
    }

    #[test]
    fn the_end_of_the_page_stands_for_an_unmarked_footer() {
        // A table-built page (as old ASP.NET and PHP portals are): the footer is the last row.
        let end = r#"<table width="100%"><tr><td><p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn Hà. Chịu trách nhiệm: Chánh Văn phòng.</p>
            <p>Địa chỉ: Số 1 Trần Hưng Đạo. Điện thoại: 0219 3867 123. Email: vanphong@sonha.gov.vn. Ghi rõ nguồn khi phát hành lại.</p></td></tr></table>"#;
        let f = assert_outcome(&CHECK, &with_footer(end), Outcome::Pass);
        assert_eq!(detail(&f, "Địa chỉ"), "cuối trang: “số 1 trần hưng đạo”");
    }

    #[test]
    fn footers_marked_by_other_names_are_footers() {
        let body = |open: &str, close: &str| {
            format!(
                "{open}<p>Cơ quan chủ quản: Sở Y tế tỉnh Sơn Hà</p><p>Người chịu trách nhiệm chính: Giám đốc Sở</p>\
                 <p>Địa chỉ: Số 5 Lê Lợi, phường Hà Giang</p><p>ĐT: (0219) 3822 456</p><p>Email: syt@sonha.gov.vn</p>\
                 <p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>{close}"
            )
        };
        // The footer sits before a long block that is not the footer, so the end of the page misses it.
        let tail = format!("<div class=\"popup\">{}</div>", "Thông báo về lịch tiếp công dân định kỳ của lãnh đạo tỉnh. ".repeat(30));
        for (open, close) in [
            ("<div class=\"bottom\">", "</div>"),
            ("<div id=\"chantrang\">", "</div>"),
            ("<table class=\"cuoi\"><tr><td>", "</td></tr></table>"),
            ("<div class=\"main_footer\">", "</div>"),
            ("<div id=\"ctl00_Footer1\">", "</div>"),
        ] {
            let snap = home(&page_html("", &[HEADER, MENU, NEWS, &body(open, close), &tail].join("\n")));
            let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
            assert!(detail(&f, "Điện thoại").starts_with("chân trang: "), "{open}: {}", f.evidence());
        }
    }

    #[test]
    fn every_way_of_naming_the_owner_and_the_person_responsible() {
        for owner in ["Cơ quan chủ quản: UBND tỉnh Sơn Hà", "Cơ quan quản lý: Sở Thông tin và Truyền thông", "Đơn vị chủ quản: Văn phòng UBND tỉnh", "Bản quyền thuộc Sở Tư pháp tỉnh Sơn Hà", "© 2026 Ủy ban nhân dân tỉnh Sơn Hà", "Copyright © 2026 UBND tỉnh Sơn Hà"] {
            let f = assert_outcome(&CHECK, &with_footer(&format!("<footer><p>{owner}</p></footer>")), Outcome::Partial);
            assert!(f.items[0].found, "{owner}: {}", f.evidence());
        }
        for owner in ["Bản quyền © 2026 Cổng thông tin điện tử tỉnh Sơn Hà", "Bản quyền thuộc về tỉnh Sơn Hà"] {
            let f = assert_outcome(&CHECK, &with_footer(&format!("<footer><p>{owner}</p></footer>")), Outcome::Fail);
            assert!(f.items[0].detail.as_deref().unwrap().contains("không nêu cơ quan chủ quản"), "{owner}: {}", f.evidence());
        }
        for person in ["Người chịu trách nhiệm chính: Ông Nguyễn Văn An", "Chịu trách nhiệm nội dung: Chánh Văn phòng", "Trưởng Ban biên tập: Bà Trần Thị Bình", "Tổng biên tập: Ông Lê Văn Cường"] {
            let f = assert_outcome(&CHECK, &with_footer(&format!("<footer><p>{person}</p></footer>")), Outcome::Partial);
            assert!(f.items[1].found, "{person}: {}", f.evidence());
        }
        let f = assert_outcome(&CHECK, &with_footer("<footer><p>Cổng không chịu trách nhiệm về nội dung các trang liên kết.</p></footer>"), Outcome::Fail);
        assert!(!f.items[1].found);
    }

    #[test]
    fn every_way_of_asking_to_cite_the_source() {
        for note in ["Ghi rõ nguồn “Cổng TTĐT tỉnh Sơn Hà” khi phát hành lại thông tin từ Cổng.", "Trích dẫn thông tin từ website này phải ghi rõ nguồn.", "© Sở Tư pháp. Ghi nguồn khi sử dụng lại thông tin."] {
            let f = assert_outcome(&CHECK, &with_footer(&format!("<footer><p>{note}</p></footer>")), Outcome::Partial);
            assert!(f.items[5].found, "{note}: {}", f.evidence());
        }
    }

    #[test]
    fn what_only_a_person_can_judge_needs_review_with_the_text() {
        // A republishing note that does not ask to cite the source.
        let footer = r#"<footer><p>Cơ quan chủ quản: UBND tỉnh Sơn Hà. Người chịu trách nhiệm: Ông Nguyễn Văn An.</p>
            <p>Địa chỉ: Số 1 Trần Hưng Đạo, phường Hà Giang. Điện thoại: 0219 3867 123. Email: vanphong@sonha.gov.vn</p>
            <p>© Cổng TTĐT tỉnh Sơn Hà. Nghiêm cấm sao chép khi phát hành lại thông tin khi chưa được sự đồng ý.</p></footer>"#;
        let f = assert_outcome(&CHECK, &with_footer(footer), Outcome::NeedsReview);
        assert!(detail(&f, "Ghi rõ nguồn khi phát hành lại").starts_with("cần xác nhận — chân trang: "), "{}", f.evidence());
        assert_eq!(f.data["to_confirm"], serde_json::json!(["Ghi rõ nguồn khi phát hành lại"]));
        // A phone label whose number is an image.
        let footer = r#"<footer><p>Cơ quan chủ quản: UBND tỉnh Sơn Hà</p><p>Điện thoại: <img src="/images/sdt.png"></p></footer>"#;
        let f = assert_outcome(&CHECK, &with_footer(footer), Outcome::NeedsReview);
        assert_eq!(detail(&f, "Điện thoại"), "cần xác nhận — chân trang: “có nhãn “điện thoại” nhưng không đọc được số”");
    }

    #[test]
    fn a_fax_number_alone_is_no_phone() {
        let f = assert_outcome(&CHECK, &with_footer("<footer><p>Cơ quan chủ quản: UBND tỉnh Sơn Hà</p><p>Fax: 0219 3867 124</p></footer>"), Outcome::Partial);
        assert_eq!(detail(&f, "Điện thoại"), "chân trang: chỉ có số fax 0219 3867 124");
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
