//! CT.26 — broken internal links on the sampled pages: 0 % pass, up to 5 % partial. A link that
//! could not be tried (timeout, budget) is not counted as broken.

use serde_json::json;

use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "links.broken",
    criteria: &["CT.26"],
    legal_basis: "Luật CNTT 2006, Điều 28 khoản 1",
    needs: &[Need::Homepage],
    evaluate,
};

fn evaluate(ctx: &Context<'_>) -> Finding {
    let looked_for = "Liên kết nội bộ trên các trang được lấy mẫu trả mã HTTP lỗi (4xx, 5xx)";
    // Fetched pages count as tried links too.
    let mut tried: Vec<(String, String, bool)> = Vec::new();
    for l in &ctx.snap.links {
        if let Some(s) = l.http_status {
            tried.push((l.url.clone(), l.from.clone(), s >= 400));
        }
    }
    for p in &ctx.snap.pages {
        if let Some(s) = p.http_status {
            tried.push((p.url.clone(), ctx.snap.url.clone(), s >= 400));
        }
    }
    if tried.is_empty() {
        return Finding::new(Outcome::NotTested, "links_none").looking_for(looked_for);
    }
    let broken: Vec<&(String, String, bool)> = tried.iter().filter(|t| t.2).collect();
    let share_broken = broken.len() as f64 / tried.len() as f64;
    let items: Vec<Item> = broken.iter().take(20).map(|(u, from, _)| Item::new("Liên kết hỏng", false).at(u).detail(format!("trên trang {from}"))).collect();
    let data = json!({ "tried": tried.len(), "broken": broken.len() });
    let f = if broken.is_empty() {
        Finding::new(Outcome::Pass, "links_ok")
    } else if share_broken <= 0.05 {
        Finding::partial(0.5, "links_few_broken")
    } else {
        Finding::new(Outcome::Fail, "links_many_broken")
    };
    f.looking_for(looked_for).with_items(items).with_data(data)
}
