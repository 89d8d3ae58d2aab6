//! TM.01 — the domain follows the pattern of the agency's level (Decree 224/2026 Art. 11(4)):
//! ministry and province `name.gov.vn`; ministry unit, provincial department and commune
//! `name.parent.gov.vn`. A plain `.vn` is partial.

use super::{Check, Context, Finding, Item};
use ttdt_model::domain::{Level, Outcome};

pub static CHECK: Check = Check {
    id: "domain.gov_vn",
    criteria: &["TM.01"],
    legal_basis: "Nghị định 224/2026/NĐ-CP, Điều 11 khoản 4",
    needs: &[],
    evaluate,
};

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

pub fn judge_host(host: &str, level: Level) -> (Outcome, &'static str) {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok() || !host.contains('.') {
        return (Outcome::Fail, "domain_ip");
    }
    if !host.ends_with(".vn") {
        return (Outcome::Fail, "domain_not_vn");
    }
    let Some(name) = host.strip_suffix(".gov.vn") else { return (Outcome::Partial, "domain_plain_vn") };
    let labels: Vec<&str> = name.split('.').collect();
    let valid = labels.iter().all(|l| !l.is_empty() && !l.starts_with("xn--") && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let depth_ok = match level {
        Level::Ministry | Level::Province => labels.len() == 1,
        Level::MinistryUnit | Level::ProvincialDepartment | Level::Commune => labels.len() == 2,
    };
    if valid && depth_ok {
        (Outcome::Pass, "domain_ok")
    } else {
        (Outcome::Partial, "domain_wrong_level")
    }
}

fn evaluate(ctx: &Context<'_>) -> Finding {
    let (outcome, code) = judge_host(&ctx.snap.host, ctx.snap.level);
    let mut f = if outcome == Outcome::Partial { Finding::partial(0.5, code) } else { Finding::new(outcome, code) };
    f = f.looking_for("Tên miền theo quy tắc của cấp cơ quan (Nghị định 224/2026, Điều 11 khoản 4)").with_items(vec![Item::new(
        format!("Dạng {}", pattern(ctx.snap.level)),
        outcome == Outcome::Pass,
    )
    .detail(&ctx.snap.host)]);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
