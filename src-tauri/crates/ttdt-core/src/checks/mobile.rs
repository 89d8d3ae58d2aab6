//! CT.23 — display on mobile devices: a responsive viewport. (In browser mode, the absence of
//! horizontal overflow at 360 px is measured as well.)

use super::{Check, Context, Finding, Item, Need};
use crate::domain::Outcome;

pub static CHECK: Check = Check {
    id: "mobile.viewport",
    criteria: &["CT.23"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT; Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm a",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
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
