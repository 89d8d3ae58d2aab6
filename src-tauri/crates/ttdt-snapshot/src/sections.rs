//! The sections a portal must have, and the words that name them in menus, headings and links.
//! Shared by collection (which pages to fetch) and the section checks (which link serves which
//! criterion): the words are data, kept in one place.

use crate::html::{Link, PageFacts, Region};

/// A section criterion, the check that judges it, how its link is named, and what its page must
/// hold beyond content.
pub struct SectionDef {
    pub code: &'static str,
    pub check_id: &'static str,
    /// Phrases matched on folded link text (with or without diacritics).
    pub names: &'static [&'static str],
    /// Path fragments matched on the link's URL.
    pub slugs: &'static [&'static str],
    /// The section's page must list items (a list or table of documents), not only text.
    pub needs_list: bool,
    /// A form on the homepage whose text names the section serves it (a question or
    /// satisfaction form), without a link to a page.
    pub accepts_form: bool,
}

pub const INTRODUCTION: SectionDef = SectionDef { code: "CT.01", check_id: "section.introduction", names: &["giới thiệu", "chức năng nhiệm vụ", "chức năng, nhiệm vụ"], slugs: &["gioi-thieu", "chuc-nang-nhiem-vu", "gioithieu"], needs_list: false, accepts_form: false };
pub const ORGANISATION: SectionDef = SectionDef { code: "CT.02", check_id: "section.organisation", names: &["cơ cấu tổ chức", "sơ đồ tổ chức", "tổ chức bộ máy", "bộ máy tổ chức"], slugs: &["co-cau-to-chuc", "so-do-to-chuc", "to-chuc-bo-may"], needs_list: false, accepts_form: false };
pub const HISTORY: SectionDef = SectionDef { code: "CT.03", check_id: "section.history", names: &["quá trình hình thành", "lịch sử hình thành", "lịch sử phát triển", "hình thành và phát triển"], slugs: &["lich-su-hinh-thanh", "qua-trinh-hinh-thanh", "lich-su"], needs_list: false, accepts_form: false };
pub const LEADERS: SectionDef = SectionDef { code: "CT.04", check_id: "section.leaders", names: &["lãnh đạo", "tiểu sử"], slugs: &["lanh-dao"], needs_list: false, accepts_form: false };
pub const LOCALITY: SectionDef = SectionDef { code: "CT.05", check_id: "section.locality", names: &["tổng quan", "giới thiệu chung", "điều kiện tự nhiên", "bản đồ hành chính"], slugs: &["tong-quan", "dieu-kien-tu-nhien"], needs_list: false, accepts_form: false };
pub const DIRECTION: SectionDef = SectionDef { code: "CT.07", check_id: "section.direction", names: &["chỉ đạo điều hành", "chỉ đạo, điều hành", "thông tin chỉ đạo"], slugs: &["chi-dao-dieu-hanh"], needs_list: false, accepts_form: false };
pub const DOCUMENTS: SectionDef = SectionDef { code: "CT.08", check_id: "section.documents", names: &["văn bản"], slugs: &["van-ban"], needs_list: true, accepts_form: false };
pub const PLANS: SectionDef = SectionDef { code: "CT.10", check_id: "section.plans", names: &["chiến lược", "quy hoạch", "kế hoạch"], slugs: &["quy-hoach", "chien-luoc", "ke-hoach"], needs_list: false, accepts_form: false };
pub const PROCUREMENT: SectionDef = SectionDef { code: "CT.11", check_id: "section.procurement", names: &["dự án", "đấu thầu", "mua sắm công"], slugs: &["du-an", "dau-thau", "mua-sam"], needs_list: false, accepts_form: false };
pub const FINANCE: SectionDef = SectionDef { code: "CT.12", check_id: "section.finance", names: &["tài chính", "ngân sách", "thống kê"], slugs: &["tai-chinh", "ngan-sach", "thong-ke"], needs_list: false, accepts_form: false };
pub const CONSULTATION: SectionDef = SectionDef { code: "CT.13", check_id: "section.consultation", names: &["lấy ý kiến", "dự thảo", "góp ý"], slugs: &["lay-y-kien", "du-thao", "gop-y"], needs_list: false, accepts_form: false };
pub const QUESTIONS: SectionDef = SectionDef { code: "CT.14", check_id: "section.questions", names: &["hỏi đáp", "hỏi - đáp", "phản ánh", "kiến nghị"], slugs: &["hoi-dap", "phan-anh", "kien-nghi"], needs_list: false, accepts_form: true };
pub const DISCLOSURE: SectionDef = SectionDef { code: "CT.17", check_id: "section.disclosure", names: &["công khai", "danh mục thông tin"], slugs: &["cong-khai"], needs_list: false, accepts_form: false };
pub const SATISFACTION: SectionDef = SectionDef { code: "CT.22", check_id: "section.satisfaction", names: &["mức độ hài lòng", "đánh giá hài lòng", "sự hài lòng", "khảo sát"], slugs: &["hai-long", "khao-sat", "danh-gia"], needs_list: false, accepts_form: true };

/// Every section, in criterion order: collection fetches the page each one links to.
pub const SECTIONS: &[SectionDef] = &[INTRODUCTION, ORGANISATION, HISTORY, LEADERS, LOCALITY, DIRECTION, DOCUMENTS, PLANS, PROCUREMENT, FINANCE, CONSULTATION, QUESTIONS, DISCLOSURE, SATISFACTION];

/// The most words a link outside the menus may have to name a section.
const MAX_SECTION_WORDS: usize = 8;

pub fn section(code: &str) -> Option<&'static SectionDef> {
    SECTIONS.iter().find(|s| s.code == code)
}

impl SectionDef {
    pub fn matches(&self, link: &Link) -> bool {
        if self.names.iter().any(|n| link.folded.contains(n)) {
            return true;
        }
        let path = link.url.as_ref().map(|u| u.path().to_ascii_lowercase()).unwrap_or_default();
        self.slugs.iter().any(|s| path.split('/').any(|seg| seg == *s || seg.starts_with(&format!("{s}.")) || seg.starts_with(&format!("{s}-"))))
    }

    /// The link that names this section: menu links first, then any other link short enough to
    /// be a section's name (a news title that mentions "kế hoạch" is not the plans section).
    pub fn link<'a>(&self, facts: &'a PageFacts) -> Option<&'a Link> {
        let usable = |l: &&Link| l.url.is_some();
        let short = |l: &&Link| l.text.split_whitespace().count() <= MAX_SECTION_WORDS;
        facts
            .links
            .iter()
            .filter(usable)
            .find(|l| matches!(l.region, Region::Nav | Region::Header) && self.matches(l))
            .or_else(|| facts.links.iter().filter(usable).filter(short).find(|l| self.matches(l)))
            .or_else(|| facts.links.iter().filter(short).find(|l| self.matches(l)))
    }
}

/// The link to a foreign-language version: `hreflang`, or a link named English / Tiếng Anh.
pub fn foreign_link(facts: &PageFacts) -> Option<&Link> {
    facts.links.iter().filter(|l| l.url.is_some()).find(|l| {
        l.hreflang.as_deref().is_some_and(|h| !h.to_ascii_lowercase().starts_with("vi"))
            || l.folded.marked == "english"
            || l.folded.marked == "en"
            || l.folded.contains("tiếng anh")
            || l.folded.contains("english version")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(html: &str) -> PageFacts {
        PageFacts::parse(&url::Url::parse("https://sonha.gov.vn/").unwrap(), html)
    }

    #[test]
    fn a_news_title_is_not_a_section_but_a_short_link_is() {
        let plans = section("CT.10").unwrap();
        let news = "<main><a href='tin/1'>Triển khai kế hoạch cải cách hành chính quý IV năm 2026 của tỉnh Sơn Hà</a></main>";
        assert!(plans.link(&facts(news)).is_none());
        let block = "<main><h2>Chuyên mục</h2><a href='quy-hoach/'>Quy hoạch, kế hoạch</a></main>";
        assert_eq!(plans.link(&facts(block)).unwrap().href, "quy-hoach/");
        let menu = "<nav><a href='ke-hoach/'>Chiến lược - Quy hoạch - Kế hoạch phát triển kinh tế xã hội của tỉnh</a></nav>";
        assert!(plans.link(&facts(menu)).is_some(), "a menu entry may be long");
    }
}
