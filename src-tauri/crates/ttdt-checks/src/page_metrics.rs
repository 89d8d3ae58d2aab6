//! HN.05 — informative figures measured without a browser: time to first byte, page size,
//! compression, caching; with CLS, TTFB, bytes and requests from the browser loads when the scan
//! measured the page in a browser. Shown, never scored (the criterion has 0 points).

use serde_json::json;

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

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
    let mut items = vec![
        Item::new("Thời gian phản hồi byte đầu (TTFB)", true).at(&home.final_url).detail(format!("{} ms", home.ttfb_ms.unwrap_or(0))),
        Item::new("Thời gian tải HTML", true).detail(format!("{} ms", home.total_ms.unwrap_or(0))),
        Item::new("Dung lượng HTML", true).detail(format!("{} byte truyền, {} byte nội dung", home.wire_bytes, home.body_bytes)),
        Item::new("Nén (gzip/deflate)", home.content_encoding.is_some()).detail(home.content_encoding.clone().unwrap_or_default()),
        Item::new("Bộ nhớ đệm (Cache-Control/ETag)", cache.is_some()).detail(cache.unwrap_or_default()),
    ];
    let browser = ctx.snap.browser.as_ref().and_then(|r| r.median.as_ref().map(|m| (r, m)));
    if let Some((run, m)) = browser {
        let n = run.runs.iter().filter(|r| r.status == ttdt_snapshot::BrowserStatus::Ok).count();
        if let Some(cls) = m.cls {
            items.push(Item::new("Độ dịch chuyển bố cục (CLS), trình duyệt", true).at(&run.url).detail(format!("{cls:.3} (trung vị {n} lần tải)").replace('.', ",")));
        }
        if let Some(ttfb) = m.ttfb_ms {
            items.push(Item::new("TTFB đo bằng trình duyệt", true).detail(format!("{} ms", ttfb.round())));
        }
        if let (Some(bytes), Some(requests)) = (m.bytes, m.requests) {
            items.push(Item::new("Dung lượng cả trang (trình duyệt)", true).detail(format!("{bytes} byte truyền, {requests} yêu cầu")));
        }
    }
    let code = if browser.is_some() { "metrics_recorded_browser" } else { "metrics_recorded" };
    Finding::new(Outcome::Pass, code)
        .looking_for("Chỉ số đo không cần trình duyệt; CLS và các chỉ số HN.01–HN.04 cần trình duyệt")
        .with_items(items)
        .with_data(json!({
            "browser": browser.map(|(_, m)| json!({ "cls": m.cls, "ttfb_ms": m.ttfb_ms, "bytes": m.bytes, "requests": m.requests })),
            "ttfb_ms": home.ttfb_ms,
            "total_ms": home.total_ms,
            "wire_bytes": home.wire_bytes,
            "body_bytes": home.body_bytes,
            "compressed": home.content_encoding.is_some(),
            "cacheable": cache.is_some(),
        }))
}
