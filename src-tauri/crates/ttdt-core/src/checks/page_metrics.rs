//! HN.05 — informative figures measured without a browser: time to first byte, page size,
//! compression, caching. Shown, never scored (the criterion has 0 points).

use serde_json::json;

use super::{Check, Context, Finding, Item, Need};
use crate::domain::Outcome;

pub static CHECK: Check = Check {
    id: "performance.reference",
    criteria: &["HN.05"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về hiệu năng tải trang; Nghị định 224/2026/NĐ-CP, Điều 12 khoản 2 điểm b",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, _)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let cache = home.header("cache-control").or(home.header("expires")).or(home.header("etag")).or(home.header("last-modified"));
    let items = vec![
        Item::new("Thời gian phản hồi byte đầu (TTFB)", true).at(&home.final_url).detail(format!("{} ms", home.ttfb_ms.unwrap_or(0))),
        Item::new("Thời gian tải HTML", true).detail(format!("{} ms", home.total_ms.unwrap_or(0))),
        Item::new("Dung lượng HTML", true).detail(format!("{} byte truyền, {} byte nội dung", home.wire_bytes, home.body_bytes)),
        Item::new("Nén (gzip/deflate)", home.content_encoding.is_some()).detail(home.content_encoding.clone().unwrap_or_default()),
        Item::new("Bộ nhớ đệm (Cache-Control/ETag)", cache.is_some()).detail(cache.unwrap_or_default()),
    ];
    Finding::new(Outcome::Pass, "metrics_recorded")
        .looking_for("Chỉ số đo không cần trình duyệt; CLS và các chỉ số HN.01–HN.04 cần trình duyệt")
        .with_items(items)
        .with_data(json!({
            "ttfb_ms": home.ttfb_ms,
            "total_ms": home.total_ms,
            "wire_bytes": home.wire_bytes,
            "body_bytes": home.body_bytes,
            "compressed": home.content_encoding.is_some(),
            "cacheable": cache.is_some(),
        }))
}
