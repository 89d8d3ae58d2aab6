//! CT.25 — Unicode: the homepage declares UTF-8 and its body decodes as UTF-8.
//!
//! ## What it checks
//! The charset the homepage declares, in the HTTP `Content-Type` header first, else in
//! `<meta charset>` (or its `http-equiv` form), and whether the body had bytes that are not
//! valid in it. The evidence shows the declared charset, the one the body was decoded with and
//! where that came from (header, meta, byte order mark, sniffed).
//!
//! ## Why
//! Vietnamese text in a legacy code page (TCVN3, VNI, windows-1258) shows as garbage in
//! browsers and tools that expect Unicode; the standard requires UTF-8.
//!
//! ## Pass
//! UTF-8 is declared and the body decodes as UTF-8.
//!
//! ## Fail
//! No charset is declared; another charset is declared (windows-1258, iso-8859-1…); or UTF-8
//! is declared but the body has invalid bytes.
//!
//! ## References
//! Criterion CT.25 (Mã hóa Unicode (UTF-8)). Legal basis: Thông tư 22/2023/TT-BTTTT, Yêu cầu về
//! kỹ thuật.

use super::{Check, Context, Finding, Item, Msg, Need, SITE_UNREACHABLE};
use ttdt_model::domain::Outcome;

pub static CHECK: Check = Check {
    id: "encoding.utf8",
    criteria: &["CT.25"],
    needs: &[Need::Homepage],
    looked_for: "Bảng mã khai báo (HTTP Content-Type hoặc <meta charset>) là UTF-8 và nội dung giải mã được theo UTF-8",
    messages: &[&OK, &NOT_DECLARED, &INVALID, &LEGACY, &SITE_UNREACHABLE],
    doc_comment: crate::doc_header(include_str!("utf8.rs")),
    evaluate,
};

const OK: Msg = Msg { code: "utf8_ok", vi: "Trang khai báo và mã hóa UTF-8." };
const NOT_DECLARED: Msg = Msg { code: "utf8_not_declared", vi: "Trang không khai báo UTF-8." };
const INVALID: Msg = Msg { code: "utf8_invalid", vi: "Trang khai báo UTF-8 nhưng nội dung có byte không hợp lệ." };
const LEGACY: Msg = Msg { code: "legacy_charset", vi: "Trang dùng bảng mã cũ, không phải UTF-8." };

fn evaluate(ctx: &Context<'_>) -> Finding {
    let Some((home, f)) = &ctx.home else { return Finding::new(Outcome::Error, &SITE_UNREACHABLE) };
    let looked_for = CHECK.looked_for;
    let header = home.content_type.as_deref().and_then(ttdt_snapshot::html::charset_from_content_type);
    let declared = header.clone().or_else(|| f.meta_charset.clone());
    let used = home.charset.clone().unwrap_or_default();
    let item = Item::new("Bảng mã", true).at(&home.final_url).detail(format!(
        "khai báo: {}; giải mã: {} (từ {})",
        declared.clone().unwrap_or_else(|| "không có".into()),
        used,
        home.charset_source.clone().unwrap_or_default()
    ));
    let is_utf8 = |c: &str| matches!(c, "utf-8" | "utf8");
    match declared.as_deref() {
        Some(c) if is_utf8(c) && !home.decode_errors => Finding::new(Outcome::Pass, &OK).looking_for(looked_for).with_items(vec![item]),
        Some(c) if is_utf8(c) => Finding::new(Outcome::Fail, &INVALID).looking_for(looked_for).with_items(vec![Item { found: false, ..item }]),
        Some(_) => Finding::new(Outcome::Fail, &LEGACY).looking_for(looked_for).with_items(vec![Item { found: false, ..item }]),
        None => Finding::new(Outcome::Fail, &NOT_DECLARED).looking_for(looked_for).with_items(vec![Item { found: false, ..item }]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test::*;

    #[test]
    fn passes_a_page_served_and_declared_as_utf8() {
        let f = assert_outcome(&CHECK, &home(&portal_home()), Outcome::Pass);
        assert_eq!(f.items[0].detail.as_deref(), Some("khai báo: utf-8; giải mã: utf-8 (từ header)"));
    }

    #[test]
    fn passes_a_charset_declared_in_the_page_only() {
        let mut snap = home(&portal_home());
        snap.homepage.as_mut().unwrap().content_type = Some("text/html".into());
        assert_outcome(&CHECK, &snap, Outcome::Pass);
    }

    #[test]
    fn fails_a_legacy_vietnamese_code_page() {
        let mut snap = home(&portal_home().replace(r#"<meta charset="utf-8">"#, r#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">"#));
        let page = snap.homepage.as_mut().unwrap();
        page.content_type = Some("text/html; charset=windows-1258".into());
        page.charset = Some("windows-1258".into());
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::Fail).msg.code, "legacy_charset");
    }

    #[test]
    fn fails_invalid_bytes_or_no_declaration() {
        let mut snap = home(&portal_home());
        snap.homepage.as_mut().unwrap().decode_errors = true;
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::Fail).msg.code, "utf8_invalid");
        let mut snap = home(&portal_home().replace(r#"<meta charset="utf-8">"#, ""));
        snap.homepage.as_mut().unwrap().content_type = Some("text/html".into());
        assert_eq!(assert_outcome(&CHECK, &snap, Outcome::Fail).msg.code, "utf8_not_declared");
    }
}
