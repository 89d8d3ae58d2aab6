//! TM.01 — the domain follows the pattern of the agency's level: `name.gov.vn` or `name.parent.gov.vn`.
//!
//! ## What it checks
//! The host of the scanned address (a leading `www.` ignored) against the pattern of the agency's
//! level recorded for the site:
//! - ministry and province: `tenbonganh.gov.vn`, `tentinhthanh.gov.vn` (one label before `.gov.vn`);
//! - ministry unit, provincial department and commune: `tendonvi.tenbonganh.gov.vn`,
//!   `tencoquan.tentinhthanh.gov.vn`, `tenphuongxa.tentinhthanh.gov.vn` (two labels).
//!
//! Labels must be ASCII letters, digits and hyphens (no `xn--` internationalised label).
//! The check needs nothing collected: it reads the address only.
//!
//! ## Why
//! The `.gov.vn` domain tells citizens that the site is an official one, and the pattern by level
//! shows which agency it belongs to.
//!
//! ## Pass
//! A `.gov.vn` host with the number of labels of the agency's level.
//!
//! ## Partial
//! A `.gov.vn` host of another shape than the level's, or a `.vn` host outside `.gov.vn`
//! (share 0.5).
//!
//! ## Fail
//! A host outside `.vn`, or an IP address (or a name without a dot) instead of a domain.
//!
//! ## References
//! Criterion TM.01 (Tên miền .gov.vn đúng quy tắc theo cấp). Legal basis: Nghị định
//! 224/2026/NĐ-CP, Điều 11 khoản 4.

use super::{Check, Context, Finding, Item, Msg};
use ttdt_model::domain::{Level, Outcome};

pub static CHECK: Check = Check {
    id: "domain.gov_vn",
    criteria: &["TM.01"],
    needs: &[],
    looked_for: "Tên miền theo quy tắc của cấp cơ quan (Nghị định 224/2026, Điều 11 khoản 4)",
    messages: &[&OK, &WRONG_LEVEL, &PLAIN_VN, &NOT_VN, &IP],
    doc_comment: crate::doc_header(include_str!("domain_name.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "domain_ok", vi: "Tên miền đúng quy tắc theo cấp của cơ quan." };
const WRONG_LEVEL: Msg = Msg { code: "domain_wrong_level", vi: "Tên miền .gov.vn nhưng không đúng dạng theo cấp của cơ quan." };
const PLAIN_VN: Msg = Msg { code: "domain_plain_vn", vi: "Tên miền thuộc .vn nhưng không phải .gov.vn." };
const NOT_VN: Msg = Msg { code: "domain_not_vn", vi: "Tên miền không thuộc .vn." };
const IP: Msg = Msg { code: "domain_ip", vi: "Địa chỉ trang là địa chỉ IP, không phải tên miền." };

/// The pattern a level's domain follows, in words.
pub fn pattern(level: Level) -> &'static str {
    match level {
        Level::Ministry => "tenbonganh.gov.vn",
        Level::MinistryUnit => "tendonvi.tenbonganh.gov.vn",
        Level::Province => "tentinhthanh.gov.vn",
        Level::ProvincialDepartment => "tencoquan.tentinhthanh.gov.vn",
        Level::Commune => "tenphuongxa.tentinhthanh.gov.vn",
    }
}

pub fn judge_host(host: &str, level: Level) -> (Outcome, &'static Msg) {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok() || !host.contains('.') {
        return (Outcome::Fail, &IP);
    }
    if !host.ends_with(".vn") {
        return (Outcome::Fail, &NOT_VN);
    }
    let Some(name) = host.strip_suffix(".gov.vn") else { return (Outcome::Partial, &PLAIN_VN) };
    let labels: Vec<&str> = name.split('.').collect();
    let valid = labels.iter().all(|l| !l.is_empty() && !l.starts_with("xn--") && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let depth_ok = match level {
        Level::Ministry | Level::Province => labels.len() == 1,
        Level::MinistryUnit | Level::ProvincialDepartment | Level::Commune => labels.len() == 2,
    };
    if valid && depth_ok {
        (Outcome::Pass, &OK)
    } else {
        (Outcome::Partial, &WRONG_LEVEL)
    }
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let (outcome, msg) = judge_host(&ctx.snap.host, ctx.snap.level);
    let mut f = if outcome == Outcome::Partial { Finding::partial(0.5, msg) } else { Finding::new(outcome, msg) };
    f = f.looking_for(CHECK.looked_for).with_items(vec![Item::new(format!("Dạng {}", pattern(ctx.snap.level)), outcome == Outcome::Pass).detail(&ctx.snap.host)]);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    fn site(host: &str, level: Level) -> ttdt_snapshot::Snapshot {
        let mut snap = empty();
        snap.url = format!("https://{host}/");
        snap.host = host.to_string();
        snap.level = level;
        snap
    }

    #[test]
    fn levels() {
        assert_eq!(judge_host("mic.gov.vn", Level::Ministry).0, Outcome::Pass);
        assert_eq!(judge_host("www.hanoi.gov.vn", Level::Province).0, Outcome::Pass);
        assert_eq!(judge_host("sotttt.hanoi.gov.vn", Level::ProvincialDepartment).0, Outcome::Pass);
        assert_eq!(judge_host("hanoi.gov.vn", Level::Commune).0, Outcome::Partial);
        assert_eq!(judge_host("sotttt.vn", Level::ProvincialDepartment).0, Outcome::Partial);
        assert_eq!(judge_host("example.com", Level::Ministry).0, Outcome::Fail);
        assert_eq!(judge_host("127.0.0.1", Level::Ministry).0, Outcome::Fail);
    }

    #[test]
    fn passes_a_province_portal_and_a_commune_site_under_it() {
        let f = assert_outcome(&CHECK, &site("sonha.gov.vn", Level::Province), Outcome::Pass);
        assert_eq!((f.items[0].what.as_str(), f.items[0].detail.as_deref()), ("Dạng tentinhthanh.gov.vn", Some("sonha.gov.vn")));
        assert_outcome(&CHECK, &site("phuonghagiang.sonha.gov.vn", Level::Commune), Outcome::Pass);
    }

    #[test]
    fn a_department_on_its_own_gov_vn_name_or_on_plain_vn_is_partial() {
        let f = assert_outcome(&CHECK, &site("sotnmt-sonha.gov.vn", Level::ProvincialDepartment), Outcome::Partial);
        assert_eq!((f.msg.code, f.share), ("domain_wrong_level", 0.5));
        assert_eq!(assert_outcome(&CHECK, &site("sotnmtsonha.vn", Level::ProvincialDepartment), Outcome::Partial).msg.code, "domain_plain_vn");
    }

    #[test]
    fn fails_outside_vn_and_on_an_ip_address() {
        assert_eq!(assert_outcome(&CHECK, &site("sonha-portal.com", Level::Province), Outcome::Fail).msg.code, "domain_not_vn");
        assert_eq!(assert_outcome(&CHECK, &site("203.162.10.5", Level::Province), Outcome::Fail).msg.code, "domain_ip");
    }
}
