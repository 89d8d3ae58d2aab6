//! The language a page's text is written in, told from the text itself.
//!
//! Templates declare a language the page does not use (SharePoint's `lang="en-us"` over
//! Vietnamese content), and a "foreign version" link may lead to a Vietnamese page: what the
//! page says decides. Vietnamese is told by the letters only it uses (ă, â, đ, ê, ô, ơ, ư and
//! the tone marks) and by its commonest words written without marks; English by its function
//! words. Both are frequent in any running text, so a few hundred characters are enough.

use crate::html::PageFacts;
use ttdt_model::text::{fold_marked, strip_marks};

/// What a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Vietnamese,
    English,
    /// Both languages in large parts (a bilingual page).
    Mixed,
    /// Too little text, or neither language.
    Unknown,
}

impl Language {
    /// The BCP 47 primary subtag of a language this module tells.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Language::Vietnamese => Some("vi"),
            Language::English => Some("en"),
            Language::Mixed | Language::Unknown => None,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Language::Vietnamese => "tiếng Việt",
            Language::English => "tiếng Anh",
            Language::Mixed => "lẫn tiếng Việt và tiếng Anh",
            Language::Unknown => "không xác định",
        }
    }
}

/// The language of a text, with the figures it was told from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    pub language: Language,
    /// Words read.
    pub words: usize,
    /// Share of the words that are Vietnamese (marked letters or common unmarked words).
    pub vietnamese: f64,
    /// Share of the words that are English function words.
    pub english: f64,
}

/// Fewer words than this say nothing reliable.
const MIN_WORDS: usize = 12;

/// English function words: about a third of any English prose.
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "for", "on", "with", "by", "from", "this", "that", "are", "be", "at", "as", "an",
    "or", "was", "were", "has", "have", "it", "its", "will", "which", "our", "your", "you", "we", "not", "all", "about", "their",
    "been", "more", "other", "into", "than", "also", "these", "those", "there", "would", "can", "should", "who", "how",
];

/// Vietnamese words that carry no mark, frequent enough to tell a text written without
/// diacritics (and that are not English words).
const VIETNAMESE_PLAIN: &[&str] = &["va", "cua", "cac", "nhung", "trong", "voi", "nam", "tinh", "thong", "tin", "nguoi", "viec", "theo", "duoc", "cho", "nay", "mot", "khong", "cong", "quan", "dan", "nhan", "uy", "ban", "ngay", "thang", "xa", "huyen", "phuong"];

/// Whether a (lower-case) character is a letter only Vietnamese uses among the Latin scripts
/// read here, or carries a Vietnamese tone mark.
fn vietnamese_letter(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'đ' | 'ê' | 'ô' | 'ơ' | 'ư')
        || ('\u{1ea0}'..='\u{1ef9}').contains(&c)
        || matches!(c, 'à' | 'á' | 'ã' | 'è' | 'é' | 'ì' | 'í' | 'ĩ' | 'ò' | 'ó' | 'õ' | 'ù' | 'ú' | 'ũ' | 'ý' | 'ỳ')
}

/// Whether a (lower-case) word is an English function word.
pub fn is_english_word(w: &str) -> bool {
    ENGLISH.contains(&w)
}

/// Tells the language of a text (visible text of a page, in any case or normalisation).
pub fn detect(text: &str) -> Detected {
    let folded = fold_marked(text);
    let mut words = 0usize;
    let mut vi = 0usize;
    let mut en = 0usize;
    for w in folded.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if w.chars().any(vietnamese_letter) {
            vi += 1;
        } else if ENGLISH.contains(&w) {
            en += 1;
        } else if VIETNAMESE_PLAIN.contains(&w) {
            vi += 1;
        }
    }
    let share = |n: usize| if words == 0 { 0.0 } else { n as f64 / words as f64 };
    let (vietnamese, english) = (share(vi), share(en));
    let language = if words < MIN_WORDS {
        Language::Unknown
    } else if vietnamese >= 0.2 && english >= 0.08 {
        Language::Mixed
    } else if vietnamese >= 0.25 {
        Language::Vietnamese
    } else if english >= 0.12 {
        Language::English
    } else {
        Language::Unknown
    };
    Detected { language, words, vietnamese, english }
}

/// The language of a page: of its main content when it marks one with enough text to tell (menus
/// and footers are often left in another language), else of its whole text.
pub fn of_page(facts: &PageFacts) -> Detected {
    let main = detect(&facts.main_text);
    if main.language != Language::Unknown {
        return main;
    }
    detect(&facts.text.marked)
}

/// The primary subtag of a declared language (`en-US` → `en`), lower case.
pub fn primary_subtag(declared: &str) -> String {
    strip_marks(declared.trim()).split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const VI: &str = "Sáng ngày 20/11, Ủy ban nhân dân tỉnh Sơn Hà tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2026. \
        Đồng chí Chủ tịch UBND tỉnh chủ trì hội nghị; tham dự có lãnh đạo các sở, ban, ngành và UBND các huyện, thành phố.";
    const EN: &str = "On 20 November, the People's Committee of Son Ha province held a conference to launch the digital \
        transformation plan for 2026. The Chairman of the Provincial People's Committee chaired the conference, which was attended by leaders of departments and districts.";

    #[test]
    fn tells_vietnamese_and_english_prose() {
        let vi = detect(VI);
        assert_eq!(vi.language, Language::Vietnamese, "{vi:?}");
        assert!(vi.vietnamese > 0.6 && vi.english < 0.02, "{vi:?}");
        let en = detect(EN);
        assert_eq!(en.language, Language::English, "{en:?}");
        assert!(en.english > 0.2 && en.vietnamese == 0.0, "{en:?}");
    }

    #[test]
    fn a_sharepoint_page_with_english_chrome_over_vietnamese_content_is_vietnamese() {
        let page = format!("Sign In Skip to main content Home Search this site {VI} {VI} Copyright 2026 Email Website");
        assert_eq!(detect(&page).language, Language::Vietnamese);
    }

    #[test]
    fn vietnamese_written_without_marks_is_still_vietnamese() {
        let plain = strip_marks(VI);
        assert_eq!(detect(&plain).language, Language::Vietnamese, "{:?}", detect(&plain));
    }

    #[test]
    fn a_bilingual_page_is_mixed_and_a_short_text_unknown() {
        assert_eq!(detect(&format!("{VI} {EN}")).language, Language::Mixed);
        assert_eq!(detect("Trang chủ English").language, Language::Unknown);
        assert_eq!(detect("").language, Language::Unknown);
        // Figures and names only.
        assert_eq!(detect("2026 2025 2024 GOV VN UBND HTML CSS JS 1 2 3 4 5 6 7 8 9 10 11 12").language, Language::Unknown);
    }

    #[test]
    fn the_primary_subtag_of_a_declaration() {
        assert_eq!(primary_subtag(" en-US "), "en");
        assert_eq!(primary_subtag("vi_VN"), "vi");
        assert_eq!(primary_subtag("VI"), "vi");
        assert_eq!(Language::Vietnamese.code(), Some("vi"));
    }

    #[test]
    fn a_page_is_told_by_its_main_content_over_its_menus() {
        let english_page = format!("<nav><a href='/'>Trang chủ</a> <a href='/gioi-thieu'>Giới thiệu</a> <a href='/tin-tuc'>Tin tức - Sự kiện</a> <a href='/van-ban'>Văn bản chỉ đạo điều hành</a></nav><main><p>{EN}</p></main><footer>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Sơn Hà. Địa chỉ: số 1 đường Trần Hưng Đạo, phường Hà Giang.</footer>");
        let facts = PageFacts::parse(&url::Url::parse("https://sonha.gov.vn/en/").unwrap(), &english_page);
        assert_eq!(of_page(&facts).language, Language::English);
        let no_main = PageFacts::parse(&url::Url::parse("https://sonha.gov.vn/").unwrap(), &format!("<div>{VI}</div>"));
        assert_eq!(of_page(&no_main).language, Language::Vietnamese);
    }
}
