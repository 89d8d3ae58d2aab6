//! Section criteria (CT.01–CT.05, CT.07, CT.08, CT.10–CT.14, CT.17, CT.22): the section is named
//! in the menu, a heading or a link, and the linked page answers with content. A link to a 404 or
//! an empty page is not a section. The names live in [`ttdt_snapshot::sections`].

use ttdt_snapshot::sections::{section, SectionDef};
use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::bare_host;

macro_rules! section_check {
    ($name:ident, $id:literal, $code:literal, $basis:literal) => {
        pub static $name: Check = Check {
            id: $id,
            criteria: &[$code],
            legal_basis: $basis,
            needs: &[Need::Homepage, Need::InnerPages],
            evaluate: |ctx| evaluate($code, ctx),
        };
    };
}

section_check!(INTRODUCTION, "section.introduction", "CT.01", "Luật CNTT 2006, Điều 28 khoản 2 điểm a; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm b");
section_check!(ORGANISATION, "section.organisation", "CT.02", "Luật CNTT 2006, Điều 28 khoản 2 điểm a; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm b");
section_check!(HISTORY, "section.history", "CT.03", "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm b");
section_check!(LEADERS, "section.leaders", "CT.04", "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm b, c");
section_check!(DIRECTION, "section.direction", "CT.07", "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d");
section_check!(DOCUMENTS, "section.documents", "CT.08", "Luật CNTT 2006, Điều 28 khoản 2 điểm b");
section_check!(PLANS, "section.plans", "CT.10", "Luật CNTT 2006, Điều 28 khoản 2 điểm d");
section_check!(PROCUREMENT, "section.procurement", "CT.11", "Luật CNTT 2006, Điều 28 khoản 2 điểm e");
section_check!(FINANCE, "section.finance", "CT.12", "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d");
section_check!(CONSULTATION, "section.consultation", "CT.13", "Luật CNTT 2006, Điều 28 khoản 2 điểm h");
section_check!(QUESTIONS, "section.questions", "CT.14", "Luật CNTT 2006, Điều 28 khoản 2 điểm h");
section_check!(DISCLOSURE, "section.disclosure", "CT.17", "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d");
section_check!(SATISFACTION, "section.satisfaction", "CT.22", "Nghị định 224/2026/NĐ-CP, Điều 10 khoản 3 điểm b");

pub static LOCALITY: Check = Check {
    id: "section.locality",
    criteria: &["CT.05"],
    legal_basis: "Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c",
    needs: &[Need::Homepage, Need::InnerPages],
    evaluate: locality,
};

/// Minimum characters of main content for a page to count as a section.
const MIN_CONTENT: usize = 60;

fn evaluate(code: &str, ctx: &Context<'_>) -> Finding {
    let Some(def) = section(code) else { return Finding::new(Outcome::NotTested, "not_collected") };
    judge_section(def, ctx)
}

fn judge_section(def: &SectionDef, ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let looked_for = "Chuyên mục trên trình đơn, tiêu đề hoặc liên kết, và trang đích có nội dung";
    // A form on the homepage serves the questions and satisfaction sections too.
    if matches!(def.code, "CT.14" | "CT.22") {
        if let Some(form) = f.forms.iter().find(|fm| !fm.is_search && def.names.iter().any(|n| fm.text.contains(n))) {
            let _ = form;
            return Finding::new(Outcome::Pass, "section_found")
                .looking_for(looked_for)
                .with_items(vec![Item::new(def.names[0], true).at(&home.final_url).detail("form trên trang chủ")]);
        }
    }
    let Some(link) = def.link(f) else {
        return Finding::new(Outcome::Fail, "section_missing").looking_for(looked_for).with_items(vec![Item::new(def.names[0], false).at(&home.final_url)]);
    };
    let found = Item::new(def.names[0], true).at(&home.final_url).detail(format!("a[href=\"{}\"]: {}", link.href, link.text));
    let Some(target) = link.url.as_ref() else {
        return Finding::new(Outcome::NeedsReview, "section_unverified").looking_for(looked_for).with_items(vec![found]);
    };
    if bare_host(target) != bare_host(&f.url) {
        return Finding::new(Outcome::NeedsReview, "section_external").looking_for(looked_for).with_items(vec![found]);
    }
    if let Some((page, facts)) = ctx.facts_for(target) {
        let mut item = Item::new(format!("Trang “{}”", link.text), facts.main_len >= MIN_CONTENT).at(&page.final_url);
        if facts.main_len < MIN_CONTENT {
            item = item.detail("trang gần như không có nội dung");
            return Finding::new(Outcome::Fail, "section_broken").looking_for(looked_for).with_items(vec![found, item]);
        }
        if def.code == "CT.08" && facts.list_items < 3 {
            return Finding::new(Outcome::NeedsReview, "section_no_list").looking_for(looked_for).with_items(vec![found, item]);
        }
        return Finding::new(Outcome::Pass, "section_found").looking_for(looked_for).with_items(vec![found, item.detail(format!("{} ký tự nội dung", facts.main_len))]);
    }
    match ctx.page_for(target) {
        Some(p) if p.http_status.is_some() && !p.ok() => Finding::new(Outcome::Fail, "section_broken").looking_for(looked_for).with_items(vec![
            found,
            Item::new("Trang đích", false).at(&p.final_url).detail(format!("HTTP {}", p.http_status.unwrap_or(0))),
        ]),
        Some(p) => Finding::new(Outcome::NeedsReview, "section_unverified")
            .looking_for(looked_for)
            .with_items(vec![found, Item::new("Trang đích", false).at(&p.url).detail(p.status.label_vi())]),
        None => Finding::new(Outcome::NeedsReview, "section_unverified").looking_for(looked_for).with_items(vec![found]),
    }
}

const LOCALITY_PARTS: &[(&str, &[&str])] = &[
    ("Tổ chức bộ máy", &["bộ máy", "cơ cấu tổ chức"]),
    ("Bản đồ hành chính", &["bản đồ"]),
    ("Điều kiện tự nhiên", &["điều kiện tự nhiên", "vị trí địa lý"]),
    ("Lịch sử", &["lịch sử"]),
    ("Văn hóa", &["văn hóa", "truyền thống"]),
    ("Di tích, danh thắng", &["di tích", "danh thắng", "danh lam"]),
];

fn locality(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    // Parts are found in the homepage's links and in the text of the overview page.
    let overview = section("CT.05").and_then(|d| d.link(f)).and_then(|l| l.url.as_ref()).and_then(|u| ctx.facts_for(u));
    let mut items = Vec::new();
    let mut found = 0;
    for (label, words) in LOCALITY_PARTS {
        let in_links = f.links.iter().find(|l| words.iter().any(|w| l.folded.contains(w)));
        let in_page = overview.filter(|(_, pf)| words.iter().any(|w| pf.text.contains(w)));
        let item = match (in_links, in_page) {
            (Some(l), _) => Item::new(*label, true).at(&home.final_url).detail(format!("a: {}", l.text)),
            (None, Some((p, _))) => Item::new(*label, true).at(&p.final_url),
            (None, None) => Item::new(*label, false),
        };
        found += usize::from(item.found);
        items.push(item);
    }
    Finding::by_share(found, LOCALITY_PARTS.len(), "locality_all", "locality_some", "locality_none")
        .looking_for("Bộ máy, bản đồ hành chính, điều kiện tự nhiên, lịch sử, văn hóa, di tích – danh thắng")
        .with_items(items)
}
