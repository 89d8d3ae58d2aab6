//! CT.23 — display on mobile devices: a responsive viewport. When the scan measured the page in
//! a browser, horizontal overflow at 360 px width is judged as well: a page that overflows fails.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "mobile.viewport",
    criteria: &["CT.23"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT; Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm a",
    needs: &[Need::Homepage],
    evaluate,
};

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
        finding.message_code = "mobile_overflow";
    }
    finding
}

fn viewport(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "<meta name=\"viewport\" content=\"width=device-width…\">";
    match f.meta("viewport") {
        Some(v) if v.to_ascii_lowercase().replace(' ', "").contains("width=device-width") => Finding::new(Outcome::Pass, "mobile_ok")
            .looking_for(looked_for)
            .with_items(vec![Item::new("Thẻ viewport", true).at(&home.final_url).detail(v)]),
        Some(v) => Finding::new(Outcome::Fail, "mobile_missing").looking_for(looked_for).with_items(vec![Item::new("Thẻ viewport", false).at(&home.final_url).detail(v)]),
        None => Finding::new(Outcome::Fail, "mobile_missing").looking_for(looked_for).with_items(vec![Item::new("Thẻ viewport", false).at(&home.final_url)]),
    }
}
