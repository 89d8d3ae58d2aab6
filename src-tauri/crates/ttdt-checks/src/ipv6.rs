//! TM.02 — IPv6: the host has an AAAA record, and where this machine has IPv6 the site answers
//! over it; otherwise a reviewer confirms.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "domain.ipv6",
    criteria: &["TM.02"],
    legal_basis: "Nghị định 224/2026/NĐ-CP, Điều 11 khoản 4",
    needs: &[Need::Dns],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = "Bản ghi AAAA của tên miền, và trang trả lời qua IPv6";
    let Some(dns) = &ctx.snap.dns else { return Finding::new(Outcome::NotTested, "not_collected").looking_for(looked_for) };
    if dns.error.is_some() && dns.v6.is_empty() && dns.v4.is_empty() {
        return Finding::new(Outcome::Error, "dns_failed").looking_for(looked_for).with_items(vec![Item::new("DNS", false).detail(dns.error.clone().unwrap_or_default())]);
    }
    if dns.v6.is_empty() {
        return Finding::new(Outcome::Fail, "ipv6_missing").looking_for(looked_for).with_items(vec![Item::new("Bản ghi AAAA", false).detail(format!("A: {}", dns.v4.join(", ")))]);
    }
    let aaaa = Item::new("Bản ghi AAAA", true).detail(dns.v6.join(", "));
    match &ctx.snap.ipv6 {
        Some(p) if p.answered => Finding::new(Outcome::Pass, "ipv6_ok").looking_for(looked_for).with_items(vec![aaaa, Item::new("Kết nối IPv6", true).detail(&p.address)]),
        Some(p) if p.no_route_here => Finding::new(Outcome::NeedsReview, "ipv6_unverified").looking_for(looked_for).with_items(vec![aaaa, Item::new("Kết nối IPv6", false).detail(p.error.clone().unwrap_or_default())]),
        Some(p) => Finding::new(Outcome::Fail, "ipv6_no_answer").looking_for(looked_for).with_items(vec![aaaa, Item::new("Kết nối IPv6", false).detail(format!("{}: {}", p.address, p.error.clone().unwrap_or_default()))]),
        None => Finding::new(Outcome::NeedsReview, "ipv6_unverified").looking_for(looked_for).with_items(vec![aaaa]),
    }
}
