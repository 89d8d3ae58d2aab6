//! KN.04 — a portal links to its component sites (subdomains); a component site links back to
//! its parent portal.

use url::Url;

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::{Level, Outcome};
use ttdt_snapshot::html::bare_host;

pub static CHECK: Check = Check {
    id: "links.portal_components",
    criteria: &["KN.04"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 1",
    needs: &[Need::Homepage],
    evaluate,
};

fn is_domain(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_err() && host.contains('.') && host != "localhost"
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let host = bare_host(&f.url);
    let is_portal = matches!(ctx.snap.level, Level::Ministry | Level::Province) && ctx.snap.parent_url.is_none();
    if is_portal {
        let looked_for = "Liên kết từ trang chủ đến các trang thành phần (tên miền con của cổng)";
        if !is_domain(&host) {
            return Finding::new(Outcome::NeedsReview, "links_unknown_domain").looking_for(looked_for);
        }
        let subs: Vec<_> = f
            .links
            .iter()
            .filter_map(|l| l.url.as_ref().map(|u| (l, bare_host(u))))
            .filter(|(_, h)| h.ends_with(&format!(".{host}")))
            .collect();
        let mut items: Vec<Item> = subs.iter().take(10).map(|(l, h)| Item::new("Trang thành phần", true).at(&page.final_url).detail(format!("{h}: {}", l.text))).collect();
        if subs.is_empty() {
            items.push(Item::new("Trang thành phần", false).at(&page.final_url));
            return Finding::new(Outcome::Fail, "portal_links_missing").looking_for(looked_for).with_items(items);
        }
        return Finding::new(Outcome::Pass, "portal_links_found").looking_for(looked_for).with_items(items);
    }
    let looked_for = "Liên kết về cổng thông tin điện tử cấp trên";
    let parent_host = ctx
        .snap
        .parent_url
        .as_deref()
        .and_then(|p| Url::parse(p).ok())
        .map(|u| bare_host(&u))
        .or_else(|| host.split_once('.').map(|(_, rest)| rest.to_string()).filter(|r| r.matches('.').count() >= 2));
    let Some(parent) = parent_host.filter(|p| is_domain(p)) else {
        return Finding::new(Outcome::NeedsReview, "links_unknown_domain").looking_for(looked_for);
    };
    match f.links.iter().find(|l| l.url.as_ref().is_some_and(|u| bare_host(u) == parent)) {
        Some(l) => Finding::new(Outcome::Pass, "parent_link_found")
            .looking_for(looked_for)
            .with_items(vec![Item::new(format!("Liên kết đến {parent}"), true).at(&page.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text))]),
        None => Finding::new(Outcome::Fail, "parent_link_missing")
            .looking_for(looked_for)
            .with_items(vec![Item::new(format!("Liên kết đến {parent}"), false).at(&page.final_url)]),
    }
}
