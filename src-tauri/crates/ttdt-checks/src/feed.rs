//! CT.20 — an RSS or Atom feed is advertised or linked, and it parses.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "feed.rss",
    criteria: &["CT.20"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về chức năng",
    needs: &[Need::Homepage],
    evaluate,
};

/// The number of items of an RSS or Atom document, when it is one.
pub fn feed_items(body: &str) -> Option<usize> {
    let lower = body.to_ascii_lowercase();
    if lower.contains("<rss") && lower.contains("<channel") {
        return Some(lower.matches("<item").count());
    }
    if lower.contains("<feed") && lower.contains("http://www.w3.org/2005/atom") {
        return Some(lower.matches("<entry").count());
    }
    None
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, _)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Thẻ <link rel=alternate type=application/rss+xml> hoặc liên kết RSS, và nội dung RSS/Atom đọc được";
    if ctx.snap.feeds.is_empty() {
        return Finding::new(Outcome::Fail, "feed_missing").looking_for(looked_for).with_items(vec![Item::new("Nguồn tin RSS/Atom", false).at(&home.final_url)]);
    }
    let mut items = Vec::new();
    let mut ok = false;
    let mut unreachable = true;
    for feed in &ctx.snap.feeds {
        let n = feed.ok().then(|| feed_items(&feed.body)).flatten();
        unreachable &= feed.status.is_unreachable();
        ok |= n.is_some();
        let detail = match n {
            Some(n) => format!("{n} mục"),
            None => feed.http_status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| feed.status.label_vi().into()),
        };
        items.push(Item::new("Nguồn tin", n.is_some()).at(&feed.url).detail(detail));
    }
    if ok {
        Finding::new(Outcome::Pass, "feed_ok").looking_for(looked_for).with_items(items)
    } else if unreachable {
        Finding::new(Outcome::Error, "not_collected").looking_for(looked_for).with_items(items)
    } else {
        Finding::new(Outcome::Fail, "feed_invalid").looking_for(looked_for).with_items(items)
    }
}
