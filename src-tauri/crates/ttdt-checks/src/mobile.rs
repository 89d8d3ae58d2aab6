//! CT.23 — display on mobile devices: a responsive viewport, and no horizontal overflow at 360 px when measured in a browser.
//!
//! ## What it checks
//! The homepage's `<meta name="viewport">`, whose content must hold `width=device-width`. When
//! the scan measured the page in a browser, the rendered page's width at a 360 px viewport is
//! judged as well: content wider than the viewport means the visitor must scroll sideways.
//!
//! ## Why
//! Most visitors read the portal on a phone; a page without a responsive viewport is shown
//! shrunk, and one that overflows must be scrolled sideways.
//!
//! ## Pass
//! The viewport holds `width=device-width`, and the page does not overflow at 360 px when
//! measured.
//!
//! ## Fail
//! No viewport, or one without `width=device-width`; or the page overflows at 360 px in the
//! browser although its viewport is right.
//!
//! ## References
//! Criterion CT.23 (Hiển thị trên thiết bị di động). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu
//! cầu tối thiểu về trải nghiệm người dùng; Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm a.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "mobile.viewport",
    criteria: &["CT.23"],
    needs: &[Need::Homepage],
    looked_for: "<meta name=\"viewport\" content=\"width=device-width…\">",
    messages: &[&OK, &MISSING, &OVERFLOW, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("mobile.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "mobile_ok", vi: "Có thẻ viewport cho thiết bị di động (width=device-width)." };
const MISSING: Msg = Msg { code: "mobile_missing", vi: "Không có thẻ viewport width=device-width: trang không tự co giãn trên di động." };
const OVERFLOW: Msg = Msg { code: "mobile_overflow", vi: "Trang bị tràn ngang ở chiều rộng 360 px (phải cuộn ngang trên điện thoại), đo bằng trình duyệt." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let mut finding = viewport(ctx);
    let Some(run) = &ctx.snap.browser else { return finding };
    let Some(o) = &run.overflow else { return finding };
    let item = Item::new("Không tràn ngang ở chiều rộng 360 px (trình duyệt)", !o.overflows)
        .at(&run.url)
        .detail(format!("nội dung rộng {} px ở khung nhìn {} px", o.scroll_width, o.viewport_width));
    finding.items.push(item);
    if o.overflows && finding.outcome == Outcome::Pass {
        finding.outcome = Outcome::Fail;
        finding.share = 0.0;
        finding.msg = &OVERFLOW;
    }
    finding
}

fn viewport(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    match f.meta("viewport") {
        Some(v) if v.to_ascii_lowercase().replace(' ', "").contains("width=device-width") => {
            Finding::new(Outcome::Pass, &OK).looking_for(looked_for).with_items(vec![Item::new("Thẻ viewport", true).at(&home.final_url).detail(v)])
        }
        Some(v) => Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Thẻ viewport", false).at(&home.final_url).detail(v)]),
        None => Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Thẻ viewport", false).at(&home.final_url)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::Overflow;

    fn measured(overflows: bool) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        let mut run = browser_run(&[load(900.0, 1500.0, 2000.0, 150.0)]);
        run.overflow = Some(Overflow { viewport_width: 360, scroll_width: if overflows { 1200 } else { 360 }, overflows });
        snap.browser = Some(run);
        snap
    }

    #[test]
    fn passes_a_responsive_viewport() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::Pass).items[0].detail.as_deref(), Some("width=device-width, initial-scale=1"));
        assert_eq!(assert_outcome(&CHECK, &measured(false), Outcome::Pass).items.len(), 2);
    }

    #[test]
    fn fails_a_fixed_width_or_missing_viewport() {
        let fixed = portal_home().replace("width=device-width, initial-scale=1", "width=1024");
        assert_eq!(assert_outcome(&CHECK, &home(&fixed), Outcome::Fail).msg.code, "mobile_missing");
        let none = portal_home().replace(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#, "");
        assert_outcome(&CHECK, &home(&none), Outcome::Fail);
    }

    #[test]
    fn fails_a_page_that_overflows_at_360_px_in_the_browser() {
        let f = assert_outcome(&CHECK, &measured(true), Outcome::Fail);
        assert_eq!((f.msg.code, f.items[1].detail.as_deref()), ("mobile_overflow", Some("nội dung rộng 1200 px ở khung nhìn 360 px")));
    }
}
