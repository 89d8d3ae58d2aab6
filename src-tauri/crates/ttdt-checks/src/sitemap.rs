//! CT.19 — a sitemap: a sitemap page linked from the site, or a valid sitemap.xml (also one
//! named in robots.txt).

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "sitemap.present",
    criteria: &["CT.19"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về chức năng",
    needs: &[Need::Homepage],
    evaluate,
};

/// The number of `<loc>` entries of a sitemap or sitemap index, when it is one.
pub fn sitemap_entries(body: &str) -> Option<usize> {
    let b = body.trim_start_matches('\u{feff}').trim_start();
    let lower = b.to_ascii_lowercase();
    if !(lower.contains("<urlset") || lower.contains("<sitemapindex")) {
        return None;
    }
    let n = lower.matches("<loc>").count();
    (n > 0).then_some(n)
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Liên kết “Sơ đồ cổng/Sitemap” hoặc tệp sitemap.xml hợp lệ (cả tệp khai trong robots.txt)";
    let mut items = Vec::new();
    if let Some(l) = f.links.iter().find(|l| l.folded.contains("sơ đồ cổng") || l.folded.contains("sơ đồ trang") || l.folded.contains("sơ đồ website") || l.folded.contains("sitemap")) {
        items.push(Item::new("Liên kết sơ đồ cổng", true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", l.href, l.text)));
    }
    for s in &ctx.snap.sitemaps {
        let n = s.ok().then(|| sitemap_entries(&s.body)).flatten();
        let detail = match (n, s.http_status) {
            (Some(n), _) => format!("{n} địa chỉ"),
            (None, Some(code)) if s.ok() => format!("HTTP {code}, không phải sitemap XML"),
            (None, Some(code)) => format!("HTTP {code}"),
            (None, None) => s.status.label_vi().to_string(),
        };
        items.push(Item::new("sitemap.xml", n.is_some()).at(&s.url).detail(detail));
    }
    if items.iter().any(|i| i.found) {
        Finding::new(Outcome::Pass, "sitemap_found").looking_for(looked_for).with_items(items)
    } else {
        if items.is_empty() {
            items.push(Item::new("Sơ đồ cổng / sitemap.xml", false).at(&home.final_url));
        }
        Finding::new(Outcome::Fail, "sitemap_missing").looking_for(looked_for).with_items(items)
    }
}
