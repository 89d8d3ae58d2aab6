//! The facts of a header in the layout of Decree 30/2020/NĐ-CP: issuer and number in the
//! top-left block, the national line and the place and date on the right, then the kind of
//! document and its summary ("QUYẾT ĐỊNH / Về việc …").

use std::sync::OnceLock;

use regex::Regex;
use ttdt_model::text::{fold_marked, strip_marks};

use crate::find::{heading_shape, is_upper};
use crate::{Document, Meta};

/// Kinds of administrative document whose name, alone on a line, opens a title.
const KINDS: &[&str] = &[
    "quyết định", "quy chế", "quy định", "thông báo", "kế hoạch", "báo cáo", "phương án", "tờ trình", "hướng dẫn",
    "chỉ thị", "nghị quyết", "biên bản", "công văn", "chương trình", "đề án", "hồ sơ", "thông tư", "nghị định",
];

/// Words that open the name of a body in the top-left block; a line without one continues the
/// line above ("ỦY BAN NHÂN DÂN" / "TỈNH SƠN HÀ").
const BODIES: &[&str] = &[
    "ủy ban", "ubnd", "hđnd", "hội đồng", "bộ ", "sở ", "cục ", "tổng cục", "vụ ", "văn phòng", "ban ", "trung tâm",
    "phòng ", "thanh tra", "chi cục", "đài ", "trường ", "bệnh viện", "công an", "bộ chỉ huy", "kho bạc", "cổng thông tin",
];

/// A title found in a document: its page, its kind as written and its summary.
pub(crate) struct Title {
    pub page: u32,
    pub kind: String,
    pub summary: String,
}

impl Title {
    pub fn text(&self) -> String {
        if self.summary.is_empty() {
            self.kind.clone()
        } else {
            format!("{} / {}", self.kind, self.summary)
        }
    }
}

fn is_kind(text: &str) -> bool {
    let f = fold_marked(text);
    !text.ends_with(':') && is_upper(text) && KINDS.contains(&f.as_str())
}

/// Every title of the document (a decision and the regulation it issues have one each).
pub(crate) fn titles(doc: &Document) -> Vec<Title> {
    let flat: Vec<(u32, &str)> = doc.pages.iter().flat_map(|p| p.passages.iter().map(move |x| (p.number, x.text.as_str()))).collect();
    let mut out = Vec::new();
    for (i, (page, text)) in flat.iter().enumerate() {
        if !is_kind(text) {
            continue;
        }
        let mut summary: Vec<&str> = Vec::new();
        for (_, next) in flat.iter().skip(i + 1).take(3) {
            let f = strip_marks(&fold_marked(next));
            let stop = is_upper(next)
                || next.starts_with('(')
                || ["can cu", "kinh gui", "theo de nghi", "xet "].iter().any(|w| f.starts_with(w))
                || heading_shape(next)
                || next.ends_with([':', '.', ';'])
                || next.split_whitespace().count() > 40;
            if stop {
                break;
            }
            summary.push(next);
        }
        out.push(Title { page: *page, kind: text.to_string(), summary: summary.join(" ") });
    }
    out
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

/// Number, date, issuer and title from the header of the first page.
pub fn read_meta(doc: &Document) -> Meta {
    let Some(first) = doc.pages.first() else { return Meta::default() };
    // The header ends where the first title starts (or after a dozen passages).
    let end = first.passages.iter().position(|p| is_kind(&p.text)).unwrap_or(first.passages.len().min(12));
    let header: Vec<&str> = first.passages[..end].iter().flat_map(|p| p.text.lines()).map(str::trim).collect();
    let title = titles(doc).into_iter().find(|t| t.page == first.number).map(|t| t.text());
    Meta { number: number(&header), date: date(&header), issuer: issuer(&header), title }
}

fn number(lines: &[&str]) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"Số\s*[:.]?\s*(\d{1,6}\s*/\s*(?:\d{4}\s*/\s*)?[\p{Lu}\d]+(?:\s*-\s*[\p{Lu}\d]+)*)");
    lines.iter().find_map(|l| re.captures(l)).map(|c| c[1].chars().filter(|c| !c.is_whitespace()).collect())
}

fn date(lines: &[&str]) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(&RE, r"(?i)ngày\s+(\d{1,2})\s*(?:tháng\s+|[/.-])(\d{1,2})\s*(?:năm\s+|[/.-])(\d{4})");
    lines.iter().flat_map(|l| re.captures_iter(l)).find_map(|c| {
        let (d, m, y): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        (m >= 1 && m <= 12 && d >= 1 && d <= days[m as usize - 1] && (1900..=2200).contains(&y)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    })
}

fn issuer(lines: &[&str]) -> Option<String> {
    static NATIONAL: OnceLock<Regex> = OnceLock::new();
    let national = re(
        &NATIONAL,
        r"(?i)CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA(\s+VIỆT\s+NAM)?|^\s*VIỆT\s+NAM\s*$|Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc",
    );
    let mut bodies: Vec<String> = Vec::new();
    for line in lines {
        let rest = national.replace_all(line, " ");
        let rest = rest.trim().trim_matches(|c: char| c == '-' || c == '_' || c.is_whitespace());
        if rest.is_empty() || rest.starts_with("Số") || !is_upper(rest) {
            continue;
        }
        let f = format!("{} ", fold_marked(rest));
        if bodies.is_empty() || BODIES.iter().any(|b| f.starts_with(b)) {
            bodies.push(rest.to_string());
        } else if let Some(last) = bodies.last_mut() {
            last.push(' ');
            last.push_str(rest);
        }
    }
    bodies.pop()
}
