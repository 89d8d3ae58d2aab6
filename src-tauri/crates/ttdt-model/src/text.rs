//! Text matching for Vietnamese pages: Unicode-normalised, case-folded, with and without diacritics.
//!
//! Real portals write the same words in upper case, without diacritics, with "Ủy" and "Uỷ" both,
//! and split across tags. Every textual check matches through [`Folded`].

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A text in two folded forms: lower-case NFC with the old/new tone placement unified, and the
/// same without any diacritics (đ → d).
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub marked: String,
    pub plain: String,
}

impl Folded {
    pub fn new(text: &str) -> Self {
        let marked = fold_marked(text);
        let plain = strip_marks(&marked);
        Folded { marked, plain }
    }

    /// Whether `needle` occurs, compared with diacritics when the needle has them and the text
    /// has them too, else without.
    pub fn contains(&self, needle: &str) -> bool {
        let n = fold_marked(needle);
        if self.marked.contains(&n) {
            return true;
        }
        // The page may be written without diacritics: compare the plain forms.
        self.plain.contains(&strip_marks(&n))
    }

    /// The first of `needles` that occurs.
    pub fn find_any<'a>(&self, needles: &[&'a str]) -> Option<&'a str> {
        needles.iter().copied().find(|n| self.contains(n))
    }
}

/// Lower case, NFC, whitespace collapsed, and the "new style" tone placement on "uy", "oa", "oe"
/// moved to the old style so that "Uỷ" and "Ủy", "hoà" and "hòa" compare equal.
pub fn fold_marked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfc().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '\u{a0}' {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    unify_tone_placement(&out)
}

fn unify_tone_placement(s: &str) -> String {
    const PAIRS: &[(&str, &str)] = &[
        ("uỷ", "ủy"), ("uý", "úy"), ("uỳ", "ùy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
        ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
        ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
    ];
    if !s.contains(|c: char| !c.is_ascii()) {
        return s.to_string();
    }
    let mut out = s.to_string();
    for (new, old) in PAIRS {
        if out.contains(new) {
            out = out.replace(new, old);
        }
    }
    out
}

/// Removes every diacritic: "Ủy ban" → "uy ban" (after folding), "đ" → "d".
pub fn strip_marks(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// A text cut to at most `max` characters, with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    let t = text.trim();
    match t.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// A CSV cell, quoted; text that a spreadsheet would run as a formula is made plain text.
pub fn csv_cell(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let s = if risky { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Decodes `%XX` escapes (as `encodeURIComponent` writes them); invalid UTF-8 is replaced.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() && s.is_char_boundary(i + 1) && s.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Lower-case hex of bytes (a digest).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_tone_placement_and_diacritics() {
        let f = Folded::new("CƠ QUAN CHỦ QUẢN: UỶ BAN NHÂN DÂN TỈNH");
        assert!(f.contains("Ủy ban nhân dân"));
        assert!(f.contains("co quan chu quan"));
        let plain = Folded::new("Co quan chu quan: Uy ban nhan dan");
        assert!(plain.contains("Cơ quan chủ quản"));
        assert!(!Folded::new("Người chịu trách nhiệm").contains("cơ quan"));
    }

    #[test]
    fn collapses_whitespace_from_split_tags() {
        let f = Folded::new("Người  chịu\n trách\u{a0}nhiệm");
        assert!(f.contains("người chịu trách nhiệm"));
    }

    #[test]
    fn decomposed_input_matches_composed() {
        let decomposed: String = "Điện thoại".nfd().collect();
        assert!(Folded::new(&decomposed).contains("điện thoại"));
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(super::csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(super::csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(super::csv_cell("-1"), "\"'-1\"");
        assert_eq!(super::csv_cell("Đạt"), "\"Đạt\"");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(super::percent_decode("Quy%20ch%E1%BA%BF.pdf"), "Quy chế.pdf");
        assert_eq!(super::percent_decode("100%"), "100%");
        assert_eq!(super::percent_decode("%zz"), "%zz");
    }
}
