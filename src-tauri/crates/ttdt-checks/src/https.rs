//! TM.03 — HTTPS with a certificate valid for the host, not expired, with at least 14 days left.
//!
//! ## What it checks
//! The TLS handshake collection made with the portal's host, verifying the certificate chain
//! and the name: whether it succeeded, and how many days the certificate has left at the scan's
//! start. The evidence names the subject, the names, the issuer and the expiry date.
//!
//! ## Why
//! HTTPS protects what citizens read and send; a certificate that does not verify makes
//! browsers warn them away, and one about to expire will soon do the same.
//!
//! ## Pass
//! The certificate verifies for the host and has 14 days or more left.
//!
//! ## Partial
//! It verifies but has fewer than 14 days left (share 0.5).
//!
//! ## Fail
//! The certificate does not verify (expired, self-signed, issued for another name), or the host
//! does not serve HTTPS at all (the connection is refused while the site answers otherwise).
//!
//! ## Not tested
//! Collection made no TLS handshake while the site was reachable.
//!
//! ## Error
//! The site could not be reached, so HTTPS could not be observed.
//!
//! ## References
//! Criterion TM.03 (HTTPS với chứng chỉ hợp lệ). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu
//! chung: tuân thủ quy định về an toàn thông tin.

use serde_json::json;

use super::{Check, Context, Finding, Item, Msg, Need, NOT_COLLECTED, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "tls.certificate",
    criteria: &["TM.03"],
    needs: &[Need::Tls],
    looked_for: "Kết nối HTTPS, chuỗi chứng chỉ hợp lệ cho tên miền, ngày hết hạn",
    messages: &[&OK, &EXPIRING, &INVALID, &MISSING, &NOT_COLLECTED, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("https.rs")),
    evaluate,
};

/// Fewer days left than this is partial.
const MIN_DAYS_LEFT: i64 = 14;
const OK: Msg = Msg { code: "https_ok", vi: "HTTPS với chứng chỉ hợp lệ, còn hạn từ 14 ngày trở lên." };
const EXPIRING: Msg = Msg { code: "https_expiring", vi: "Chứng chỉ hợp lệ nhưng còn hạn dưới 14 ngày." };
const INVALID: Msg = Msg { code: "https_invalid", vi: "Chứng chỉ không hợp lệ cho tên miền (hết hạn, tự ký hoặc sai tên)." };
const MISSING: Msg = Msg { code: "https_missing", vi: "Trang không phục vụ HTTPS." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = CHECK.looked_for;
    let Some(tls) = &ctx.snap.tls else {
        if ctx.snap.status.is_unreachable() {
            return Finding::new(Outcome::Error, &SITE_UNREACHABLE).looking_for(looked_for);
        }
        return Finding::new(Outcome::NotTested, &NOT_COLLECTED).looking_for(looked_for);
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
                return Finding::new(Outcome::Error, &SITE_UNREACHABLE).looking_for(looked_for).with_items(vec![Item::new("HTTPS", false).detail(err)]);
            }
            return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("HTTPS", false).detail(err)]).with_data(data);
        }
        return Finding::new(Outcome::Fail, &INVALID).looking_for(looked_for).with_items(vec![Item::new("Chứng chỉ hợp lệ", false).detail(format!("{err}; {cert}"))]).with_data(data);
    }
    let days = tls.not_after.map(|t| (t - ctx.snap.started_at).whole_days());
    let item = Item::new("Chứng chỉ hợp lệ", true).detail(format!("{cert}; còn {} ngày", days.unwrap_or(0)));
    match days {
        Some(d) if d < 0 => Finding::new(Outcome::Fail, &INVALID).looking_for(looked_for).with_items(vec![Item { found: false, ..item }]).with_data(data),
        Some(d) if d < MIN_DAYS_LEFT => Finding::partial(0.5, &EXPIRING).looking_for(looked_for).with_items(vec![item]).with_data(data),
        _ => Finding::new(Outcome::Pass, &OK).looking_for(looked_for).with_items(vec![item]).with_data(data),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::{FetchStatus, TlsInfo};

    fn with_tls(tls: TlsInfo) -> ttdt_snapshot::Snapshot {
        let mut snap = home(&portal_home());
        snap.tls = Some(tls);
        snap
    }

    #[test]
    fn the_threshold_is_stated_in_the_messages() {
        let days = format!("{MIN_DAYS_LEFT} ngày");
        assert!(OK.vi.contains(&format!("từ {days} trở lên")) && EXPIRING.vi.contains(&format!("dưới {days}")));
    }

    #[test]
    fn passes_a_verified_certificate_with_two_months_left() {
        let f = assert_outcome(&CHECK, &with_tls(tls(60)), Outcome::Pass);
        assert!(f.items[0].detail.as_deref().unwrap().ends_with("còn 60 ngày"));
    }

    #[test]
    fn a_certificate_about_to_expire_is_partial() {
        assert_eq!(assert_outcome(&CHECK, &with_tls(tls(MIN_DAYS_LEFT - 1)), Outcome::Partial).share, 0.5);
        assert_outcome(&CHECK, &with_tls(tls(MIN_DAYS_LEFT)), Outcome::Pass);
    }

    #[test]
    fn fails_a_certificate_that_does_not_verify() {
        let mut bad = tls(200);
        bad.verified = false;
        bad.error = Some("invalid peer certificate: NotValidForName".into());
        bad.names = vec!["*.hosting-provider.vn".into()];
        let f = assert_outcome(&CHECK, &with_tls(bad), Outcome::Fail);
        assert_eq!(f.msg.code, "https_invalid");
        assert!(f.items[0].detail.as_deref().unwrap().starts_with("invalid peer certificate: NotValidForName; cấp cho: CN=sonha.gov.vn"));
    }

    #[test]
    fn fails_a_site_served_over_plain_http_only() {
        let refused = TlsInfo { verified: false, error: Some("connect: Connection refused (os error 111)".into()), ..TlsInfo::default() };
        assert_eq!(assert_outcome(&CHECK, &with_tls(refused), Outcome::Fail).msg.code, "https_missing");
    }

    #[test]
    fn without_a_handshake_it_is_not_tested_or_an_error_when_the_site_is_down() {
        assert_eq!(assert_outcome(&CHECK, &home(&portal_home()), Outcome::NotTested).msg.code, "not_collected");
        let mut snap = with_tls(TlsInfo { verified: false, error: Some("timeout".into()), ..TlsInfo::default() });
        snap.status = FetchStatus::Timeout;
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::Error).msg.code, "site_unreachable");
    }
}
