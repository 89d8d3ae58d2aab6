//! KN.05 — links to the National Public Service Portal and the Government portal.

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_snapshot::html::bare_host;

pub static CHECK: Check = Check {
    id: "links.national_portals",
    criteria: &["KN.05"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT; Nghị định 224/2026/NĐ-CP, Điều 11 khoản 3",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((page, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    let targets = [("Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)", "dichvucong.gov.vn"), ("Cổng TTĐT Chính phủ (chinhphu.vn)", "chinhphu.vn")];
    let mut items = Vec::new();
    let mut found = 0;
    for (label, domain) in targets {
        let hit = f.links.iter().find(|l| {
            l.url.as_ref().is_some_and(|u| {
                let h = bare_host(u);
                h == domain || h.ends_with(&format!(".{domain}"))
            })
        });
        found += usize::from(hit.is_some());
        let mut item = Item::new(label, hit.is_some()).at(&page.final_url);
        if let Some(l) = hit {
            item = item.detail(format!("a[href=\"{}\"]", l.href));
        }
        items.push(item);
    }
    Finding::by_share(found, 2, "national_links_all", "national_links_some", "national_links_none")
        .looking_for("Liên kết trên trang chủ đến dichvucong.gov.vn và chinhphu.vn")
        .with_items(items)
}
