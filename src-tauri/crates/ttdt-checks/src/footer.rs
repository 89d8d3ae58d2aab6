//! CT.16 — the footer names the owning body, the person responsible, address, phone, e-mail and
//! asks to cite the source.

use super::contact::{email, phone};
use super::{Check, Context, Finding, Item, Need};
use ttdt_model::domain::Outcome;
use ttdt_model::text::Folded;

pub static CHECK: Check = Check {
    id: "footer.required_elements",
    criteria: &["CT.16"],
    legal_basis: "Thông tư 22/2023/TT-BTTTT, yêu cầu về cấu trúc, bố cục: chân trang; Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm d",
    needs: &[Need::Homepage],
    evaluate,
};

const ELEMENTS: &[(&str, &[&str])] = &[
    ("Cơ quan chủ quản", &["cơ quan chủ quản", "đơn vị chủ quản", "cơ quan quản lý"]),
    ("Người chịu trách nhiệm", &["chịu trách nhiệm", "trưởng ban biên tập"]),
    ("Địa chỉ", &["địa chỉ", "trụ sở"]),
    ("Điện thoại", &["điện thoại", "đt:", "tel:", "hotline"]),
    ("E-mail", &["email", "e-mail", "thư điện tử"]),
    ("Ghi rõ nguồn khi phát hành lại", &["ghi rõ nguồn", "trích dẫn nguồn", "ghi nguồn"]),
];

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, "site_unreachable") };
    // Without a marked-up footer, the end of the page stands for it.
    let (text, selector) = if f.has_footer {
        (f.footer_text.clone(), "footer")
    } else {
        let plain = &f.text.marked;
        let start = plain.char_indices().rev().nth(600).map(|(i, _)| i).unwrap_or(0);
        (Folded::new(&plain[start..]), "cuối trang (không có thẻ footer)")
    };
    let raw = text.marked.clone();
    let mut items = Vec::new();
    for (label, words) in ELEMENTS {
        let mut hit = words.iter().find(|w| text.contains(w)).map(|w| w.to_string());
        if hit.is_none() && *label == "Điện thoại" {
            hit = phone(&raw);
        }
        if hit.is_none() && *label == "E-mail" {
            hit = email(&raw);
        }
        let item = Item::new(*label, hit.is_some()).at(&home.final_url);
        items.push(match hit {
            Some(w) => item.detail(format!("{selector}: “{w}”")),
            None => item.detail(selector),
        });
    }
    let found = items.iter().filter(|i| i.found).count();
    Finding::by_share(found, ELEMENTS.len(), "footer_all", "footer_some", "footer_none")
        .looking_for("Cơ quan chủ quản, người chịu trách nhiệm, địa chỉ, điện thoại, e-mail, ghi rõ nguồn — ở chân trang")
        .with_items(items)
}
