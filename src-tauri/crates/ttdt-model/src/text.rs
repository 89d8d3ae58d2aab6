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
    ///
    /// Folding a needle costs far more than searching for it, and checks ask for the same few
    /// hundred words on every link of every page: the folded needles are kept per thread.
    pub fn contains(&self, needle: &str) -> bool {
        thread_local! {
            static FOLDED: std::cell::RefCell<std::collections::HashMap<String, Phrase>> = Default::default();
        }
        FOLDED.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(p) = cache.get(needle) {
                return self.has(p);
            }
            let p = Phrase::new(needle);
            let found = self.has(&p);
            // Needles taken from pages (a search word) are not vocabulary: keep the cache small.
            if cache.len() >= NEEDLE_CACHE_MAX {
                cache.clear();
            }
            cache.insert(needle.to_string(), p);
            found
        })
    }

    /// Whether a phrase folded beforehand occurs (see [`Folded::contains`]).
    pub fn has(&self, phrase: &Phrase) -> bool {
        // The page may be written without diacritics: then the plain forms are compared.
        self.marked.contains(&phrase.marked) || self.plain.contains(&phrase.plain)
    }

    /// The first of `needles` that occurs.
    pub fn find_any<'a>(&self, needles: &[&'a str]) -> Option<&'a str> {
        needles.iter().copied().find(|n| self.contains(n))
    }
}

/// The most folded needles [`Folded::contains`] keeps per thread.
const NEEDLE_CACHE_MAX: usize = 4096;

/// A phrase folded once, to be looked for in many texts ([`Folded::has`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Phrase {
    pub marked: String,
    pub plain: String,
}

impl Phrase {
    pub fn new(text: &str) -> Phrase {
        let marked = fold_marked(text);
        let plain = strip_marks(&marked);
        Phrase { marked, plain }
    }
}

/// Constant vocabulary (labels, section names), folded on first use and then matched without
/// folding again.
pub struct Vocab {
    pub words: &'static [&'static str],
    folded: std::sync::OnceLock<Vec<Phrase>>,
}

impl Vocab {
    pub const fn new(words: &'static [&'static str]) -> Vocab {
        Vocab { words, folded: std::sync::OnceLock::new() }
    }

    pub fn phrases(&self) -> &[Phrase] {
        self.folded.get_or_init(|| self.words.iter().map(|w| Phrase::new(w)).collect())
    }

    /// The first word of the vocabulary that occurs in `text`.
    pub fn find_in(&self, text: &Folded) -> Option<&'static str> {
        self.words.iter().zip(self.phrases()).find(|(_, p)| text.has(p)).map(|(w, _)| *w)
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

/// Whether `c` is a Unicode format character (general category Cf, Unicode 15): the soft
/// hyphen, zero-width space, joiner and non-joiner, the bidirectional marks, embeddings,
/// overrides and isolates (U+200E/F, U+202A–U+202E, U+2066–U+2069), word joiner, invisible
/// operators, the byte order mark, interlinear annotations and tag characters. They change how a
/// text is shown or compared without being seen.
pub fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// Whether `c` is not seen when the text is shown: a format character or a control character.
pub fn is_invisible(c: char) -> bool {
    c.is_control() || is_format_char(c)
}

/// The first invisible character of a text ([`is_invisible`]), if any.
pub fn find_invisible(text: &str) -> Option<char> {
    text.chars().find(|c| is_invisible(*c))
}

/// A text with its invisible characters written out as `<U+200B>`, for a message about them.
pub fn show_invisible(text: &str) -> String {
    text.chars()
        .map(|c| if is_invisible(c) { format!("<U+{:04X}>", c as u32) } else { c.to_string() })
        .collect()
}

/// A text without its invisible characters ([`is_invisible`]), in NFC, trimmed: a name as it
/// is recorded and shown.
pub fn visible_text(text: &str) -> String {
    let visible: String = text.chars().filter(|c| !is_invisible(*c)).collect();
    visible.nfc().collect::<String>().trim().to_string()
}

/// A code or identifier as compared: trimmed and in NFC, so "KN.01 " and a decomposed form of
/// the same text are one code.
pub fn normalize_code(code: &str) -> String {
    code.trim().nfc().collect()
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
    fn folded_needles_and_vocabulary_match_as_folding_each_time_does() {
        let texts = ["CƠ QUAN CHỦ QUẢN: UỶ BAN NHÂN DÂN", "Co quan chu quan", "Người chịu trách nhiệm", ""];
        let needles = ["Ủy ban nhân dân", "co quan chu quan", "cơ quan", "", "TRÁCH  nhiệm", "uỷ ban"];
        static VOCAB: Vocab = Vocab::new(&["không có", "chịu trách nhiệm", "cơ quan"]);
        for t in texts {
            let f = Folded::new(t);
            for n in needles {
                let fresh = Phrase::new(n);
                let direct = f.marked.contains(&fresh.marked) || f.plain.contains(&fresh.plain);
                // Twice: the second call reads the cached needle.
                assert_eq!((f.contains(n), f.contains(n), f.has(&fresh)), (direct, direct, direct), "{t:?} / {n:?}");
            }
            let first = VOCAB.words.iter().copied().find(|w| f.contains(w));
            assert_eq!(VOCAB.find_in(&f), first, "{t:?}");
        }
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
    fn format_characters_are_told_apart() {
        for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{FEFF}', '\u{00AD}', '\u{E0041}'] {
            assert!(is_format_char(c) && is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in ['a', 'Đ', 'ệ', ' ', '.', '\u{0301}', '\u{00A0}'] {
            assert!(!is_format_char(c), "U+{:04X}", c as u32);
        }
        assert!(is_invisible('\u{0}') && is_invisible('\n') && !is_format_char('\n'));
        assert_eq!(find_invisible("KN.0\u{200B}1"), Some('\u{200B}'));
        assert_eq!(find_invisible("Kết nối"), None);
        assert_eq!(show_invisible("KN.0\u{200B}1"), "KN.0<U+200B>1");
        let decomposed: String = "Quyết định".nfd().collect();
        assert_eq!(visible_text(&format!(" \u{202E}{decomposed}\u{200B}.pdf\u{0} ")), "Quyết định.pdf");
    }

    #[test]
    fn codes_are_compared_trimmed_and_composed() {
        assert_eq!(normalize_code(" KN.01 \t"), "KN.01");
        let decomposed: String = "ĐỀ.01".nfd().collect();
        assert_ne!(decomposed, "ĐỀ.01");
        assert_eq!(normalize_code(&decomposed), "ĐỀ.01");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(super::percent_decode("Quy%20ch%E1%BA%BF.pdf"), "Quy chế.pdf");
        assert_eq!(super::percent_decode("100%"), "100%");
        assert_eq!(super::percent_decode("%zz"), "%zz");
    }
}
