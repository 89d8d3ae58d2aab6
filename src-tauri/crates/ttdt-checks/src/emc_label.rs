//! KN.03 — a visible label showing the EMC connection, near the footer. The label's required look
//! is not published, so this is a hint for the reviewer.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::Region;

pub static CHECK: Check = Check {
    id: "emc.label",
    criteria: &["KN.03"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về kết nối hệ thống giám sát EMC",
    needs: &[Need::Homepage],
    evaluate,
};

const WORDS: &[&str] = &["emc", "tín nhiệm", "tinnhiemmang", "ngsp", "giám sát"];

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Hình ảnh, liên kết hoặc chữ nói về EMC / tín nhiệm mạng / ngsp ở chân trang";
    let in_link = f.links.iter().filter(|l| l.region == Region::Footer).find(|l| {
        WORDS.iter().any(|w| l.folded.contains(w)) || WORDS.iter().any(|w| l.href.to_ascii_lowercase().contains(&w.replace(' ', "")))
    });
    let in_img = f.images.iter().filter(|i| i.region == Region::Footer).find(|i| {
        let s = format!("{} {}", i.alt.clone().unwrap_or_default(), i.src).to_lowercase();
        WORDS.iter().any(|w| ttdt_model::text::Folded::new(&s).contains(w))
    });
    if let Some(l) = in_link {
        return Finding::new(Outcome::Pass, "emc_label_found")
            .looking_for(looked_for)
            .with_items(vec![Item::new("Nhãn EMC", true).at(&page.final_url).detail(format!("footer a[href=\"{}\"]: {}", l.href, l.text))]);
    }
    if let Some(i) = in_img {
        return Finding::new(Outcome::Pass, "emc_label_found")
            .looking_for(looked_for)
            .with_items(vec![Item::new("Nhãn EMC", true).at(&page.final_url).detail(format!("footer img[src=\"{}\"]", i.src))]);
    }
    if f.images.iter().any(|i| i.region == Region::Footer && i.alt.as_deref().unwrap_or("").trim().is_empty()) {
        return Finding::new(Outcome::NeedsReview, "emc_label_unsure")
            .looking_for(looked_for)
            .with_items(vec![Item::new("Nhãn EMC", false).at(&page.final_url).detail("footer img không có alt")]);
    }
    Finding::new(Outcome::Fail, "emc_label_missing")
        .looking_for(looked_for)
        .with_items(vec![Item::new("Nhãn EMC", false).at(&page.final_url)])
}
