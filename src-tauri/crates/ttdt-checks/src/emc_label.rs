//! KN.03 — a visible label showing the EMC connection, in the footer: a hint for the reviewer.
//!
//! ## What it checks
//! The homepage's footer, for a link, an image or a line of text that speaks of the monitoring
//! connection: a footer link whose text or address holds "emc", "ngsp" or "giám sát", a footer
//! image whose alt text or address does, or footer text naming EMC, NGSP or the monitoring system
//! ("đã kết nối Hệ thống giám sát EMC"). The label's required look is not published, so the check
//! only points the reviewer to a likely candidate.
//!
//! ## Why
//! The label tells visitors that the portal is connected to the national monitoring system.
//! The network trust mark ("Tín nhiệm mạng", tinnhiemmang.vn) is another certification, which a
//! portal may show beside the label or instead of it.
//!
//! ## Pass
//! A footer link, image or text names EMC, NGSP or the monitoring system; the reviewer confirms
//! it is the label.
//!
//! ## Fail
//! The homepage and its footer were read and nothing names EMC, NGSP, the monitoring system or
//! the trust mark: no such link, image or text, and no footer image without alt text other than
//! the national emblem or a visitor counter (named so by its file name).
//!
//! ## Needs review
//! Nothing in the footer names EMC, but it shows the trust mark ("Tín nhiệm mạng"), which may not
//! be the EMC label; or an image without alt text, which may be the label; or a link or image
//! naming EMC sits elsewhere on the homepage.
//!
//! ## References
//! Criterion KN.03 (Nhãn thể hiện đã kết nối EMC), hybrid: the reviewer confirms. Legal basis:
//! Thông tư 22/2023/TT-BTTTT, Yêu cầu về kết nối hệ thống giám sát EMC.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_model::text::{clip, Folded, Vocab};
use ttdt_snapshot::html::{PageFacts, Region};

pub static CHECK: Check = Check {
    id: "emc.label",
    criteria: &["KN.03"],
    needs: &[Need::Homepage],
    looked_for: "Hình ảnh, liên kết hoặc chữ nói về EMC / tín nhiệm mạng / ngsp ở chân trang",
    messages: &[&FOUND, &FOUND_TEXT, &TRUST_MARK, &UNSURE, &ELSEWHERE, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("emc_label.rs")),
    evaluate,
};

const FOUND: Msg = Msg { code: "emc_label_found", vi: "Có nhãn/biểu tượng kết nối EMC ở chân trang (đề xuất đạt, người đánh giá xác nhận)." };
const FOUND_TEXT: Msg = Msg {
    code: "emc_label_text",
    vi: "Chân trang ghi rõ đã kết nối hệ thống giám sát EMC (đề xuất đạt, người đánh giá xác nhận).",
};
const TRUST_MARK: Msg = Msg {
    code: "emc_label_trust_mark",
    vi: "Chân trang chỉ có biểu tượng Tín nhiệm mạng, có thể không phải nhãn kết nối EMC; cần người đánh giá xác nhận.",
};
const UNSURE: Msg = Msg { code: "emc_label_unsure", vi: "Có hình ảnh ở chân trang nhưng không xác định được là nhãn EMC; cần người đánh giá xem." };
const ELSEWHERE: Msg = Msg {
    code: "emc_label_elsewhere",
    vi: "Có liên kết hoặc hình ảnh nói về EMC trên trang chủ nhưng không ở chân trang; cần người đánh giá xem.",
};
const MISSING: Msg = Msg { code: "emc_label_missing", vi: "Không thấy nhãn, liên kết hay chữ nào nói về kết nối EMC / tín nhiệm mạng ở chân trang." };

/// Words of a footer link or image that name the monitoring system (its addresses are on
/// ngsp.gov.vn).
const EMC_WORDS: &[&str] = &["emc", "ngsp", "giám sát"];
/// Words of the network trust mark, another certification than the EMC label.
const TRUST_WORDS: &[&str] = &["tín nhiệm", "tinnhiem", "tin-nhiem"];
/// Footer text that states the connection without naming EMC or NGSP.
static TEXT_PHRASES: Vocab = Vocab::new(&["kết nối hệ thống giám sát", "kết nối với hệ thống giám sát"]);
/// File names of footer pictures that are something else than a label: the national emblem and
/// visitor counters, which many footers show without alt text.
const OTHER_PICTURES: &[&str] = &["quoc-huy", "quochuy", "quoc_huy", "emblem", "counter", "bo-dem", "luot-truy-cap"];

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let found = |msg: &'static Msg, outcome: Outcome, detail: String| {
        Finding::new(outcome, msg).looking_for(looked_for).with_items(vec![Item::new("Nhãn EMC", outcome == Outcome::Pass).at(&page.final_url).detail(detail)])
    };
    if let Some(d) = footer_candidate(f, EMC_WORDS) {
        return found(&FOUND, Outcome::Pass, d);
    }
    if let Some(d) = footer_text_naming_emc(f) {
        return found(&FOUND_TEXT, Outcome::Pass, d);
    }
    if let Some(d) = footer_candidate(f, TRUST_WORDS) {
        return found(&TRUST_MARK, Outcome::NeedsReview, d);
    }
    let footer_pictures: Vec<&str> = f.images.iter().filter(|i| i.region == Region::Footer).map(|i| i.src.as_str()).collect();
    let unnamed = f.images.iter().find(|i| i.region == Region::Footer && i.alt.as_deref().unwrap_or("").trim().is_empty() && !is_other_picture(&i.src));
    if let Some(i) = unnamed {
        return found(&UNSURE, Outcome::NeedsReview, format!("footer img[src=\"{}\"] không có alt", i.src));
    }
    if let Some(d) = elsewhere(f) {
        return found(&ELSEWHERE, Outcome::NeedsReview, d);
    }
    // The page was read whole (the judge keeps cut or unparsed homepages from here): what the
    // footer shows is known, and none of it names the connection.
    let seen = if !f.has_footer {
        "không xác định được chân trang; không liên kết hay hình nào trên trang chủ nói về EMC".to_string()
    } else if footer_pictures.is_empty() {
        format!("chân trang: {}", clip(&f.footer_raw, 160))
    } else {
        format!("chân trang chỉ có hình: {}", footer_pictures.join(", "))
    };
    Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Nhãn EMC", false).at(&page.final_url).detail(seen)])
}

/// A footer link or image whose text, alt text or address holds one of `words`, described.
fn footer_candidate(f: &PageFacts, words: &[&str]) -> Option<String> {
    let in_link = f.links.iter().filter(|l| l.region == Region::Footer).find(|l| {
        let href = l.href.to_ascii_lowercase();
        words.iter().any(|w| l.folded.contains(w) || href.contains(&w.replace(' ', "")) || l.hint.contains(&w.replace(' ', "-")))
    });
    if let Some(l) = in_link {
        return Some(format!("footer a[href=\"{}\"]: {}", l.href, l.text));
    }
    f.images
        .iter()
        .filter(|i| i.region == Region::Footer)
        .find(|i| {
            let s = Folded::new(&format!("{} {}", i.alt.as_deref().unwrap_or_default(), i.src));
            words.iter().any(|w| s.contains(w))
        })
        .map(|i| format!("footer img[src=\"{}\"] alt=\"{}\"", i.src, i.alt.as_deref().unwrap_or_default()))
}

/// Footer text naming EMC, NGSP or the connection to the monitoring system, with the words
/// around it.
fn footer_text_naming_emc(f: &PageFacts) -> Option<String> {
    let raw = &f.footer_raw;
    let lower = raw.to_ascii_lowercase();
    // ASCII lower-casing keeps byte offsets, so a match in `lower` is a place in `raw`.
    for word in ["emc", "ngsp"] {
        if let Some(at) = word_at(&lower, word) {
            return Some(format!("footer: …{}…", around(raw, at, word.len())));
        }
    }
    TEXT_PHRASES.find_in(&f.footer_text).map(|_| format!("footer: {}", clip(raw, 160)))
}

/// A link or image outside the footer whose text, alt text or address names EMC or NGSP.
fn elsewhere(f: &PageFacts) -> Option<String> {
    let names = |s: &str| {
        let s = s.to_ascii_lowercase();
        word_at(&s, "emc").is_some() || s.contains("ngsp")
    };
    if let Some(l) = f.links.iter().find(|l| l.region != Region::Footer && (names(&l.folded.plain) || names(&l.href) || names(&l.hint))) {
        return Some(format!("a[href=\"{}\"]: {}", l.href, l.text));
    }
    f.images
        .iter()
        .find(|i| i.region != Region::Footer && (names(&i.src) || names(i.alt.as_deref().unwrap_or_default())))
        .map(|i| format!("img[src=\"{}\"]", i.src))
}

/// Whether a picture's file name says it is the emblem or a counter.
fn is_other_picture(src: &str) -> bool {
    let file = src.rsplit('/').next().unwrap_or(src).to_ascii_lowercase();
    OTHER_PICTURES.iter().any(|w| file.contains(w))
}

/// The byte offset of `word` in `text` where it stands as a word (not inside a longer one).
fn word_at(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// Up to 60 characters of `text` before the match at `at` and 40 after it.
fn around(text: &str, at: usize, len: usize) -> String {
    let before: String = text[..at].chars().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[at + len..].chars().take(40).collect();
    format!("{}{}{}", before.trim_start(), &text[at..at + len], after.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    fn with_footer_extra(extra: &str) -> ttdt_snapshot::Snapshot {
        let footer = FOOTER.replace("</footer>", &format!("{extra}\n</footer>"));
        home(&page_html("", &[HEADER, MENU, NEWS, &footer].join("\n")))
    }

    #[test]
    fn passes_with_an_emc_image_linked_to_the_trust_mark() {
        let f = assert_outcome(
            &CHECK,
            &with_footer_extra(r#"<a href="https://tinnhiemmang.vn/"><img src="/images/emc.svg" alt="Đã kết nối EMC - Hệ thống giám sát tín nhiệm"></a>"#),
            Outcome::Pass,
        );
        assert_eq!(f.msg.code, "emc_label_found");
        assert!(f.items[0].detail.as_deref().is_some_and(|d| d.starts_with("footer a[href=\"https://tinnhiemmang.vn/")));
    }

    #[test]
    fn passes_with_an_emc_image_in_the_footer() {
        assert_outcome(&CHECK, &with_footer_extra(r#"<img src="/images/logo-emc.png" alt="Đã kết nối hệ thống giám sát">"#), Outcome::Pass);
    }

    #[test]
    fn passes_with_footer_text_naming_the_emc_connection() {
        // Joomla sites often write the label as a line of the footer's custom module.
        let f = assert_outcome(&CHECK, &with_footer_extra("<p>Trang thông tin điện tử đã kết nối Hệ thống giám sát EMC</p>"), Outcome::Pass);
        assert_eq!(f.msg.code, "emc_label_text");
        let detail = f.items[0].detail.as_deref().unwrap_or_default();
        assert!(detail.contains("Hệ thống giám sát EMC"), "{detail}");
    }

    #[test]
    fn passes_with_footer_text_naming_the_monitoring_system_without_diacritics() {
        let f = assert_outcome(&CHECK, &with_footer_extra("<p>Website da ket noi he thong giam sat cua Bo Thong tin va Truyen thong</p>"), Outcome::Pass);
        assert_eq!(f.msg.code, "emc_label_text");
    }

    #[test]
    fn a_word_containing_emc_is_not_the_label() {
        // "emcee" is no mention of EMC; the footer has nothing else.
        let f = assert_outcome(&CHECK, &with_footer_extra("<p>Liên hệ emcee chương trình: 0219 3867 124</p>"), Outcome::Fail);
        assert_eq!(f.msg.code, "emc_label_missing");
    }

    #[test]
    fn the_trust_mark_alone_needs_review() {
        // NCSC's trust mark is another certification: it may stand beside the EMC label, not for it.
        let f = assert_outcome(
            &CHECK,
            &with_footer_extra(r#"<a href="https://tinnhiemmang.vn/danh-ba-tin-nhiem/sonhagovvn-1700000000" target="_blank"><img src="/images/handle_cert.png" alt="Chứng nhận Tín Nhiệm Mạng"></a>"#),
            Outcome::NeedsReview,
        );
        assert_eq!(f.msg.code, "emc_label_trust_mark");
        assert!(f.items[0].detail.as_deref().is_some_and(|d| d.contains("tinnhiemmang.vn")));
    }

    #[test]
    fn an_image_without_alt_text_in_the_footer_needs_review() {
        let f = assert_outcome(&CHECK, &with_footer_extra(r#"<img src="/uploads/banner/chung-nhan.png">"#), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "emc_label_unsure");
    }

    #[test]
    fn the_national_emblem_without_alt_text_is_no_candidate() {
        let f = assert_outcome(&CHECK, &with_footer_extra(r#"<img alt="" src="/documents/10182/0/quoc-huy.png"><p>Đang truy cập: 127</p>"#), Outcome::Fail);
        assert_eq!(f.msg.code, "emc_label_missing");
        assert!(f.items[0].detail.as_deref().is_some_and(|d| d.contains("quoc-huy.png")));
    }

    #[test]
    fn an_emc_link_outside_the_footer_needs_review() {
        let body = [HEADER, MENU, r#"<aside><a href="https://emc.ngsp.gov.vn/">Hệ thống EMC</a></aside>"#, NEWS, FOOTER].join("\n");
        let f = assert_outcome(&CHECK, &home(&page_html("", &body)), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "emc_label_elsewhere");
    }

    #[test]
    fn fails_without_any_label() {
        let f = assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail);
        assert_eq!(f.msg.code, "emc_label_missing");
    }

    #[test]
    fn a_homepage_cut_at_the_size_limit_is_not_judged() {
        let mut snap = home(&portal_home());
        if let Some(p) = snap.homepage.as_mut() {
            p.status = ttdt_snapshot::FetchStatus::TooLarge;
            p.truncated = true;
        }
        let f = assert_outcome(&CHECK, &snap, Outcome::Error);
        assert_eq!(f.msg.code, "home_too_large");
    }
}
