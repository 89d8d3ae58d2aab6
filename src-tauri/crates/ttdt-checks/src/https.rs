//! TM.03 — HTTPS with a certificate valid for the host, not expired, at least 14 days left.

use serde_json::json;

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "tls.certificate",
    criteria: &["TM.03"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu chung: tuân thủ quy định về an toàn thông tin",
    needs: &[Need::Tls],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = "Kết nối HTTPS, chuỗi chứng chỉ hợp lệ cho tên miền, ngày hết hạn";
    let Some(tls) = &ctx.snap.tls else {
        if ctx.snap.status.is_unreachable() {
            return Finding::new(Outcome::Error, "site_unreachable").looking_for(looked_for);
        }
        return Finding::new(Outcome::NotTested, "not_collected").looking_for(looked_for);
    };
    let cert = format!(
        "cấp cho: {}; tên: {}; bởi: {}; hết hạn: {}",
        tls.subject.clone().unwrap_or_default(),
        tls.names.join(", "),
        tls.issuer.clone().unwrap_or_default(),
        tls.not_after.map(|d| d.date().to_string()).unwrap_or_default()
    );
    let data = json!({ "issuer": tls.issuer, "names": tls.names, "not_before": tls.not_before.map(|d| d.to_string()), "not_after": tls.not_after.map(|d| d.to_string()), "protocol": tls.protocol });
    if !tls.verified {
        let err = tls.error.clone().unwrap_or_default();
        let no_tls = err.starts_with("connect:") || err == "timeout" || err == "no address";
        if no_tls && tls.subject.is_none() {
            if ctx.snap.status.is_unreachable() {
                return Finding::new(Outcome::Error, "site_unreachable").looking_for(looked_for).with_items(vec![Item::new("HTTPS", false).detail(err)]);
            }
            return Finding::new(Outcome::Fail, "https_missing").looking_for(looked_for).with_items(vec![Item::new("HTTPS", false).detail(err)]).with_data(data);
        }
        return Finding::new(Outcome::Fail, "https_invalid").looking_for(looked_for).with_items(vec![Item::new("Chứng chỉ hợp lệ", false).detail(format!("{err}; {cert}"))]).with_data(data);
    }
    let days = tls.not_after.map(|t| (t - ctx.snap.started_at).whole_days());
    let item = Item::new("Chứng chỉ hợp lệ", true).detail(format!("{cert}; còn {} ngày", days.unwrap_or(0)));
    match days {
        Some(d) if d < 0 => Finding::new(Outcome::Fail, "https_invalid").looking_for(looked_for).with_items(vec![Item { found: false, ..item }]).with_data(data),
        Some(d) if d < 14 => Finding::partial(0.5, "https_expiring").looking_for(looked_for).with_items(vec![item]).with_data(data),
        _ => Finding::new(Outcome::Pass, "https_ok").looking_for(looked_for).with_items(vec![item]).with_data(data),
    }
}
