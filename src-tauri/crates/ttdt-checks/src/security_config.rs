//! AT.04 — observable secure configuration: TLS 1.2 or newer, no mixed content, security headers,
//! no server version disclosed.

use regex::Regex;
use std::sync::OnceLock;

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "security.observable_config",
    criteria: &["AT.04"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu chung: tuân thủ quy định về an toàn thông tin theo cấp độ",
    needs: &[Need::Homepage, Need::Tls],
    evaluate,
};

fn version_like(v: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\d+\.\d+").expect("static regex")).is_match(v)
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let tls = ctx.snap.tls.as_ref();
    let tls_ok = tls.is_some_and(|t| t.verified);
    let tls_item = Item::new("TLS 1.2 trở lên", tls_ok).detail(tls.and_then(|t| t.protocol.clone().or(t.error.clone())).unwrap_or_default());
    let mixed = &f.insecure_resources;
    let mixed_item = Item::new("Không có nội dung hỗn hợp (http:// trên trang https://)", home.final_url.starts_with("https://") && mixed.is_empty())
        .at(&home.final_url)
        .detail(if home.final_url.starts_with("https://") { mixed.iter().take(5).cloned().collect::<Vec<_>>().join(", ") } else { "trang không dùng https".into() });
    let headers = ["content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"];
    let present: Vec<&str> = headers.iter().copied().filter(|h| home.header(h).is_some()).collect();
    let headers_item = Item::new("Tiêu đề bảo mật (ít nhất 2 trong CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy)", present.len() >= 2)
        .detail(if present.is_empty() { "không có".to_string() } else { present.join(", ") });
    let leaks: Vec<String> = ["server", "x-powered-by", "x-aspnet-version"]
        .iter()
        .filter_map(|h| home.header(h).filter(|v| version_like(v) || *h != "server").map(|v| format!("{h}: {v}")))
        .collect();
    let leak_item = Item::new("Không lộ phiên bản máy chủ", leaks.is_empty()).detail(leaks.join("; "));
    let items = vec![tls_item, mixed_item, headers_item, leak_item];
    let found = items.iter().filter(|i| i.found).count();
    Finding::by_share(found, items.len(), "security_all", "security_some", "security_none")
        .looking_for("TLS ≥ 1.2, không nội dung hỗn hợp, tiêu đề bảo mật, không lộ phiên bản máy chủ")
        .with_items(items)
}
