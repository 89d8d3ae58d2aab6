//! HN.05 — informative load figures of the homepage, shown and never scored.
//!
//! ## What it checks
//! Figures of the homepage's fetch, without a browser: the time to the first byte, the time to
//! load the HTML, its size on the wire and decoded, whether it was compressed, and whether it
//! can be cached (`Cache-Control`, `Expires`, `ETag` or `Last-Modified`). When the scan measured
//! the page in a browser, the medians of the browser loads are added: the layout shift (CLS),
//! the time to the first byte, and the bytes and requests of the whole page.
//!
//! ## Why
//! These figures explain the timings of HN.01–HN.04 (a page of 10 MB in 200 requests is slow
//! on any network) and point to easy fixes such as compression and caching.
//!
//! ## Pass
//! Always, once the homepage was fetched: the criterion has 0 points.
//!
//! ## Fail
//! Never.
//!
//! ## References
//! Criterion HN.05 (Chỉ số tham khảo: TTFB, dung lượng trang, nén, bộ nhớ đệm, CLS), 0 points.
//! Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về hiệu năng tải trang; Nghị định
//! 224/2026/NĐ-CP, Điều 12 khoản 2 điểm b.

use serde_json::json;

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "performance.reference",
    criteria: &["HN.05"],
    needs: &[Need::Homepage],
    looked_for: "Chỉ số đo không cần trình duyệt; CLS và các chỉ số HN.01–HN.04 cần trình duyệt",
    messages: &[&RECORDED, &RECORDED_BROWSER, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("page_metrics.rs")),
    evaluate,
};

const RECORDED: Msg = Msg { code: "metrics_recorded", vi: "Chỉ số tham khảo (không tính điểm): thời gian phản hồi, dung lượng, nén, bộ nhớ đệm." };
const RECORDED_BROWSER: Msg = Msg {
    code: "metrics_recorded_browser",
    vi: "Chỉ số tham khảo (không tính điểm): thời gian phản hồi, dung lượng, nén, bộ nhớ đệm; kèm CLS, TTFB, dung lượng và số yêu cầu đo bằng trình duyệt.",
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, _)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
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
    let msg = if browser.is_some() { &RECORDED_BROWSER } else { &RECORDED };
    Finding::new(Outcome::Pass, msg)
        .looking_for(CHECK.looked_for)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    #[test]
    fn records_the_figures_of_the_fetch() {
        let mut snap = home(&portal_home());
        let page = snap.homepage.as_mut().unwrap();
        page.content_encoding = Some("gzip".into());
        page.headers.push(("cache-control".into(), "max-age=300".into()));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.msg.code, "metrics_recorded");
        assert_eq!((f.data["compressed"].as_bool(), f.data["cacheable"].as_bool(), f.data["ttfb_ms"].as_u64()), (Some(true), Some(true), Some(120)));
    }

    #[test]
    fn adds_the_browser_medians_when_measured() {
        let mut snap = home(&portal_home());
        snap.browser = Some(browser_run(&[load(900.0, 1500.0, 2000.0, 150.0), load(1100.0, 1700.0, 2300.0, 170.0)]));
        let f = assert_outcome(&CHECK, &snap, Outcome::Pass);
        assert_eq!(f.msg.code, "metrics_recorded_browser");
        assert_eq!(f.items[5].detail.as_deref(), Some("0,020 (trung vị 2 lần tải)"));
        assert_eq!(f.items[7].detail.as_deref(), Some("2400000 byte truyền, 85 yêu cầu"));
    }

    #[test]
    fn an_unreachable_homepage_is_an_error_never_a_fail() {
        let mut snap = empty();
        snap.status = ttdt_snapshot::FetchStatus::Refused;
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::Error).msg.code, "site_unreachable");
    }
}
