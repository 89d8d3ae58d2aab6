//! KN.03 — a visible label showing the EMC connection, in the footer: a hint for the reviewer.
//!
//! ## What it checks
//! The homepage's footer, for a link or an image that speaks of the monitoring connection: a
//! footer link whose text or address holds "emc", "tín nhiệm" (or `tinnhiemmang`), "ngsp" or
//! "giám sát", or a footer image whose alt text or address does. The label's required look is
//! not published, so the check only points the reviewer to a likely candidate.
//!
//! ## Why
//! The label tells visitors that the portal is connected to the national monitoring system and
//! holds the network trust mark.
//!
//! ## Pass
//! A footer link or image names EMC, the trust mark (tín nhiệm mạng) or the monitoring system;
//! the reviewer confirms it is the label.
//!
//! ## Fail
//! No footer link or image of the kind (text outside a link is not read), and no footer image
//! without alt text.
//!
//! ## Needs review
//! No such link or image, but the footer has an image without alt text, which may be the label.
//!
//! ## References
//! Criterion KN.03 (Nhãn thể hiện đã kết nối EMC), hybrid: the reviewer confirms. Legal basis:
//! Thông tư 22/2023/TT-BTTTT, Yêu cầu về kết nối hệ thống giám sát EMC.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::Region;

pub static CHECK: Check = Check {
    id: "emc.label",
    criteria: &["KN.03"],
    needs: &[Need::Homepage],
    looked_for: "Hình ảnh, liên kết hoặc chữ nói về EMC / tín nhiệm mạng / ngsp ở chân trang",
    messages: &[&FOUND, &UNSURE, &MISSING, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("emc_label.rs")),
    evaluate,
};

const FOUND: Msg = Msg { code: "emc_label_found", vi: "Có nhãn/biểu tượng kết nối EMC ở chân trang (đề xuất đạt, người đánh giá xác nhận)." };
const UNSURE: Msg = Msg { code: "emc_label_unsure", vi: "Có hình ảnh ở chân trang nhưng không xác định được là nhãn EMC; cần người đánh giá xem." };
const MISSING: Msg = Msg { code: "emc_label_missing", vi: "Không thấy nhãn, liên kết hay chữ nào nói về kết nối EMC / tín nhiệm mạng ở chân trang." };

const WORDS: &[&str] = &["emc", "tín nhiệm", "tinnhiemmang", "ngsp", "giám sát"];

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let in_link = f.links.iter().filter(|l| l.region == Region::Footer).find(|l| {
        WORDS.iter().any(|w| l.folded.contains(w)) || WORDS.iter().any(|w| l.href.to_ascii_lowercase().contains(&w.replace(' ', "")))
    });
    let in_img = f.images.iter().filter(|i| i.region == Region::Footer).find(|i| {
        let s = format!("{} {}", i.alt.clone().unwrap_or_default(), i.src).to_lowercase();
        WORDS.iter().any(|w| ttdt_model::text::Folded::new(&s).contains(w))
    });
    if let Some(l) = in_link {
        return Finding::new(Outcome::Pass, &FOUND)
            .looking_for(looked_for)
            .with_items(vec![Item::new("Nhãn EMC", true).at(&page.final_url).detail(format!("footer a[href=\"{}\"]: {}", l.href, l.text))]);
    }
    if let Some(i) = in_img {
        return Finding::new(Outcome::Pass, &FOUND)
            .looking_for(looked_for)
            .with_items(vec![Item::new("Nhãn EMC", true).at(&page.final_url).detail(format!("footer img[src=\"{}\"]", i.src))]);
    }
    if f.images.iter().any(|i| i.region == Region::Footer && i.alt.as_deref().unwrap_or("").trim().is_empty()) {
        return Finding::new(Outcome::NeedsReview, &UNSURE)
            .looking_for(looked_for)
            .with_items(vec![Item::new("Nhãn EMC", false).at(&page.final_url).detail("footer img không có alt")]);
    }
    Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Nhãn EMC", false).at(&page.final_url)])
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
    fn passes_with_the_trust_mark_linked_in_the_footer() {
        let f = assert_outcome(
            &CHECK,
            &with_footer_extra(r#"<a href="https://tinnhiemmang.vn/danh-ba-tin-nhiem/sonhagovvn-1700000000" target="_blank"><img src="/images/handle_cert.png" alt="Chứng nhận Tín Nhiệm Mạng"></a>"#),
            Outcome::Pass,
        );
        assert!(f.items[0].detail.as_deref().is_some_and(|d| d.starts_with("footer a[href=\"https://tinnhiemmang.vn/")));
    }

    #[test]
    fn passes_with_an_emc_image_in_the_footer() {
        assert_outcome(&CHECK, &with_footer_extra(r#"<img src="/images/logo-emc.png" alt="Đã kết nối hệ thống giám sát">"#), Outcome::Pass);
    }

    #[test]
    fn an_image_without_alt_text_in_the_footer_needs_review() {
        let f = assert_outcome(&CHECK, &with_footer_extra(r#"<img src="/uploads/banner/chung-nhan.png">"#), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "emc_label_unsure");
    }

    #[test]
    fn fails_without_any_label() {
        let f = assert_outcome(&CHECK, &home(&portal_home()), Outcome::Fail);
        assert_eq!(f.msg.code, "emc_label_missing");
    }
}
