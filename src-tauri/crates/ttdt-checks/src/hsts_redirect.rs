//! TM.04 — `http://` redirects to `https://`, and the HTTPS answer carries HSTS.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "tls.redirect_hsts",
    criteria: &["TM.04"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu chung: tuân thủ quy định về an toàn thông tin",
    needs: &[Need::HttpProbe],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = "Yêu cầu http:// được chuyển (301/302/307/308) sang https://; tiêu đề Strict-Transport-Security";
    let Some(probe) = &ctx.snap.http_probe else { return Finding::new(Outcome::NotTested, "not_collected").looking_for(looked_for) };
    let location = probe.header("location").unwrap_or("");
    let redirects = probe.http_status.is_some_and(|s| (300..400).contains(&s)) && location.to_ascii_lowercase().starts_with("https://");
    let redirect_detail = match probe.http_status {
        Some(s) => format!("HTTP {s} {location}"),
        None => probe.status.label_vi().to_string(),
    };
    let https_home = ctx.snap.homepage.as_ref().filter(|p| p.final_url.starts_with("https://") && p.http_status.is_some());
    let hsts = https_home.and_then(|p| p.header("strict-transport-security")).map(str::to_string);
    // Without an HTTPS answer from the homepage, HSTS could not be observed: not "missing".
    if https_home.is_none() && ctx.snap.status.is_unreachable() {
        return Finding::new(Outcome::Error, "site_unreachable")
            .looking_for(looked_for)
            .with_items(vec![Item::new("Chuyển http:// sang https://", redirects).at(&probe.url).detail(redirect_detail), Item::new("Strict-Transport-Security", false).detail(ctx.snap.status.label_vi())]);
    }
    let items = vec![
        Item::new("Chuyển http:// sang https://", redirects).at(&probe.url).detail(redirect_detail),
        Item::new("Strict-Transport-Security", hsts.is_some()).detail(hsts.clone().unwrap_or_default()),
    ];
    let found = usize::from(redirects) + usize::from(hsts.is_some());
    Finding::by_share(found, 2, "redirect_hsts_all", "redirect_hsts_some", "redirect_hsts_none").looking_for(looked_for).with_items(items)
}
