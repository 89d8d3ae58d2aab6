//! TM.02 — IPv6: the host has an AAAA record, and the site answers over IPv6 where this machine can tell.
//!
//! ## What it checks
//! The DNS answers collection got for the portal's host, for AAAA (IPv6) records, and the
//! connection collection attempted to the first IPv6 address. When the scanning machine has no
//! IPv6 route, the attempt proves nothing and the reviewer confirms.
//!
//! ## Why
//! The decree requires state portals to be reachable over IPv6 as well as IPv4.
//!
//! ## Pass
//! The host has an AAAA record and the site answered over IPv6.
//!
//! ## Fail
//! The host has no AAAA record; or it has one but the site did not answer over IPv6 from a
//! machine that has IPv6.
//!
//! ## Needs review
//! The host has an AAAA record but this machine has no IPv6 route (or no attempt was made).
//!
//! ## Not tested
//! Collection did not resolve the host.
//!
//! ## Error
//! The host could not be resolved at all (no A nor AAAA answer).
//!
//! ## References
//! Criterion TM.02 (Hỗ trợ IPv6). Legal basis: Nghị định 224/2026/NĐ-CP, Điều 11 khoản 4.

use super::{Check, Context, Finding, Item, Msg, Need, NOT_COLLECTED};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "domain.ipv6",
    criteria: &["TM.02"],
    needs: &[Need::Dns],
    looked_for: "Bản ghi AAAA của tên miền, và trang trả lời qua IPv6",
    messages: &[&OK, &UNVERIFIED, &NO_ANSWER, &MISSING, &DNS_FAILED, &NOT_COLLECTED],
    doc_comment: crate::doc_header(include_str!("ipv6.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "ipv6_ok", vi: "Tên miền có bản ghi AAAA và trang trả lời qua IPv6." };
const UNVERIFIED: Msg = Msg { code: "ipv6_unverified", vi: "Tên miền có bản ghi AAAA nhưng máy này không kết nối được qua IPv6; cần người đánh giá xác nhận." };
const NO_ANSWER: Msg = Msg { code: "ipv6_no_answer", vi: "Tên miền có bản ghi AAAA nhưng trang không trả lời qua IPv6." };
const MISSING: Msg = Msg { code: "ipv6_missing", vi: "Tên miền không có bản ghi AAAA (IPv6)." };
const DNS_FAILED: Msg = Msg { code: "dns_failed", vi: "Không phân giải được tên miền." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = CHECK.looked_for;
    let Some(dns) = &ctx.snap.dns else { return Finding::new(Outcome::NotTested, &NOT_COLLECTED).looking_for(looked_for) };
    if dns.error.is_some() && dns.v6.is_empty() && dns.v4.is_empty() {
        return Finding::new(Outcome::Error, &DNS_FAILED).looking_for(looked_for).with_items(vec![Item::new("DNS", false).detail(dns.error.clone().unwrap_or_default())]);
    }
    if dns.v6.is_empty() {
        return Finding::new(Outcome::Fail, &MISSING).looking_for(looked_for).with_items(vec![Item::new("Bản ghi AAAA", false).detail(format!("A: {}", dns.v4.join(", ")))]);
    }
    let aaaa = Item::new("Bản ghi AAAA", true).detail(dns.v6.join(", "));
    match &ctx.snap.ipv6 {
        Some(p) if p.answered => Finding::new(Outcome::Pass, &OK).looking_for(looked_for).with_items(vec![aaaa, Item::new("Kết nối IPv6", true).detail(&p.address)]),
        Some(p) if p.no_route_here => Finding::new(Outcome::NeedsReview, &UNVERIFIED).looking_for(looked_for).with_items(vec![aaaa, Item::new("Kết nối IPv6", false).detail(p.error.clone().unwrap_or_default())]),
        Some(p) => Finding::new(Outcome::Fail, &NO_ANSWER).looking_for(looked_for).with_items(vec![aaaa, Item::new("Kết nối IPv6", false).detail(format!("{}: {}", p.address, p.error.clone().unwrap_or_default()))]),
        None => Finding::new(Outcome::NeedsReview, &UNVERIFIED).looking_for(looked_for).with_items(vec![aaaa]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;
    use ttdt_snapshot::{DnsInfo, Ipv6Probe};

    fn resolved(dns: DnsInfo, probe: Option<Ipv6Probe>) -> ttdt_snapshot::Snapshot {
        let mut snap = empty();
        snap.dns = Some(dns);
        snap.ipv6 = probe;
        snap
    }

    #[test]
    fn passes_when_the_site_answers_over_ipv6() {
        let f = assert_outcome(&CHECK, &resolved(dns(&["203.162.10.5"], &["2001:ee0:4f01::18"]), Some(ipv6(true, false))), Outcome::Pass);
        assert_eq!(f.items[1].detail.as_deref(), Some("2001:ee0:4f01::18"));
    }

    #[test]
    fn fails_without_an_aaaa_record() {
        let f = assert_outcome(&CHECK, &resolved(dns(&["203.162.10.5"], &[]), None), Outcome::Fail);
        assert_eq!((f.msg.code, f.items[0].detail.as_deref()), ("ipv6_missing", Some("A: 203.162.10.5")));
    }

    #[test]
    fn fails_when_the_aaaa_address_does_not_answer() {
        let f = assert_outcome(&CHECK, &resolved(dns(&["203.162.10.5"], &["2001:ee0:4f01::18"]), Some(ipv6(false, false))), Outcome::Fail);
        assert_eq!(f.msg.code, "ipv6_no_answer");
    }

    #[test]
    fn a_machine_without_ipv6_leaves_it_to_the_reviewer() {
        let f = assert_outcome(&CHECK, &resolved(dns(&["203.162.10.5"], &["2001:ee0:4f01::18"]), Some(ipv6(false, true))), Outcome::NeedsReview);
        assert_eq!(f.msg.code, "ipv6_unverified");
    }

    #[test]
    fn an_unresolvable_host_is_an_error_and_no_lookup_is_not_tested() {
        let mut failed = dns(&[], &[]);
        failed.error = Some("NXDOMAIN".into());
        assert_eq!(assert_outcome(&CHECK, &resolved(failed, None), Outcome::Error).msg.code, "dns_failed");
        assert_outcome(&CHECK, &empty(), Outcome::NotTested);
    }
}
