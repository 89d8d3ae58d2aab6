//! Finding the part of a document that satisfies a checklist item, with the vocabulary of
//! `vocabulary.toml`: a title, a heading that opens a real section, or a sentence, never a word
//! met in passing.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;
use ttdt_model::text::{clip, fold_marked, strip_marks, Folded, Phrase};

use crate::meta::titles;
use crate::{Document, ItemFinding, Role};

/// Words a heading and its body need to count as a section rather than a line of a list.
const SECTION_WORDS: usize = 25;
/// Words of a table cell short enough to be a row's heading, and of the row's other cells.
const CELL_HEADING_WORDS: usize = 15;
const CELL_BODY_WORDS: usize = 20;
const QUOTE_CHARS: usize = 300;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vocabulary {
    item: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    criterion: String,
    index: usize,
    label: String,
    #[serde(default)]
    title: Vec<String>,
    #[serde(default)]
    heading: Vec<Vec<String>>,
    #[serde(default)]
    passage: Vec<Vec<String>>,
    level_at_least: Option<u32>,
}

/// The vocabulary folded once.
struct Rule {
    criterion: String,
    index: usize,
    label: String,
    title: Vec<Phrase>,
    heading: Vec<Vec<Phrase>>,
    passage: Vec<Vec<Phrase>>,
    level_at_least: Option<u32>,
}

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let v: Vocabulary = toml::from_str(include_str!("vocabulary.toml")).expect("vocabulary.toml is valid");
        let groups = |g: &[Vec<String>]| g.iter().map(|words| words.iter().map(|w| Phrase::new(w)).collect()).collect();
        v.item
            .into_iter()
            .map(|i| Rule {
                title: i.title.iter().map(|w| Phrase::new(w)).collect(),
                heading: groups(&i.heading),
                passage: groups(&i.passage),
                criterion: i.criterion,
                index: i.index,
                label: fold_marked(&i.label),
                level_at_least: i.level_at_least,
            })
            .collect()
    })
}

fn rule_for(code: &str, index: usize, label: &str) -> Option<&'static Rule> {
    let folded = fold_marked(label);
    let of_code = || rules().iter().filter(move |r| r.criterion == code);
    of_code().find(|r| r.label == folded).or_else(|| of_code().find(|r| r.index == index))
}

/// Whether the vocabulary knows a criterion (the others are answered "cannot tell").
pub fn has_vocabulary(code: &str) -> bool {
    rules().iter().any(|r| r.criterion == code)
}

/// Mostly capital letters: a header line, a title, a chapter name.
pub fn is_upper(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !text.chars().any(|c| c.is_lowercase()) && text.split_whitespace().count() <= 20
}

/// A heading by its shape: "Chương II", "Mục 1", "Điều 12. Quy trình …", "II. PHƯƠNG ÁN …",
/// "1. Quy trình …" on a short line that is not a sentence.
pub fn heading_shape(text: &str) -> bool {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    let [part, article, numbered] = RE.get_or_init(|| {
        [
            Regex::new(r"^(chuong|phan|muc)\s+([ivxlc]+|\d+)\b").expect("pattern"),
            Regex::new(r"^dieu\s+\d+[a-z]?\s*[.:]?\s*(.*)$").expect("pattern"),
            Regex::new(r"^([ivx]+|\d+(\.\d+)*)[.)]\s+(.*)$").expect("pattern"),
        ]
    });
    let plain = strip_marks(&fold_marked(text));
    let words = |s: &str| s.split_whitespace().count();
    let sentence = |s: &str| s.ends_with(['.', ':', ';', ',']);
    if part.is_match(&plain) {
        return words(&plain) <= 20;
    }
    if let Some(c) = article.captures(&plain) {
        return words(&c[1]) <= 15 && !sentence(&c[1]);
    }
    if let Some(c) = numbered.captures(&plain) {
        return words(&c[3]) <= 12 && !sentence(&c[3]) && !c[3].contains(':');
    }
    false
}

/// One passage with where it is.
struct Flat<'a> {
    page: u32,
    text: &'a str,
    role: Role,
    row: Option<u32>,
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn all_groups(text: &Folded, groups: &[Vec<Phrase>]) -> bool {
    !groups.is_empty() && groups.iter().all(|g| g.iter().any(|p| text.has(p)))
}

/// A passage's sentences (split after . ; ! ? and at line breaks).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_end = false;
    for (i, c) in text.char_indices() {
        if (prev_end && c.is_whitespace()) || c == '\n' {
            let s = text[start..i].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = i;
        }
        prev_end = matches!(c, '.' | ';' | '!' | '?');
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// The words of the section a heading opens: its own, and the text after it up to the next
/// heading (headings right after it, such as a chapter's name and its first article, join it).
fn section_words(flat: &[Flat<'_>], i: usize) -> usize {
    let mut n = words(flat[i].text);
    let mut seen_text = false;
    for f in &flat[i + 1..] {
        if f.role == Role::Heading {
            if seen_text {
                break;
            }
            continue;
        }
        seen_text = true;
        n += words(f.text);
    }
    n
}

/// For a short table cell: the words of the other cells of its row.
fn row_words(flat: &[Flat<'_>], i: usize) -> Option<usize> {
    let row = flat[i].row?;
    if words(flat[i].text) > CELL_HEADING_WORDS {
        return None;
    }
    Some(flat.iter().enumerate().filter(|(j, f)| *j != i && f.row == Some(row)).map(|(_, f)| words(f.text)).sum())
}

/// A title's summary with "về việc" and a leading verb left out, at each step.
fn title_forms(kind: &str, summary: &str) -> Vec<String> {
    let mut forms = vec![fold_marked(&format!("{kind} {summary}")), fold_marked(summary)];
    let mut s = fold_marked(summary);
    for prefix in ["về việc ", "v/v ", "về ", "ban hành kèm theo ", "ban hành ", "phê duyệt ", "sửa đổi, bổ sung "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
            forms.push(s.clone());
        }
    }
    forms
}

fn starts(form: &str, p: &Phrase) -> bool {
    form.starts_with(&p.marked) || strip_marks(form).starts_with(&p.plain)
}

/// A match: page and quote.
type Hit = (u32, String);

fn find(doc: &Document, flat: &[Flat<'_>], rule: &Rule) -> Option<Hit> {
    let mut hits: Vec<(usize, Hit)> = Vec::new();
    // Titles, placed at their first passage.
    for t in titles(doc) {
        let forms = title_forms(&t.kind, &t.summary);
        let by_title = forms.iter().any(|f| rule.title.iter().any(|p| starts(f, p)));
        let by_heading = all_groups(&Folded::new(&format!("{} {}", t.kind, t.summary)), &rule.heading);
        if by_title || by_heading {
            let at = flat.iter().position(|f| f.page == t.page && f.text == t.kind).unwrap_or(0);
            hits.push((at, (t.page, clip(&t.text(), QUOTE_CHARS))));
            break;
        }
    }
    for (i, f) in flat.iter().enumerate() {
        let cell = row_words(flat, i).filter(|w| *w >= CELL_BODY_WORDS);
        let heading = (f.role == Role::Heading && section_words(flat, i) >= SECTION_WORDS) || cell.is_some();
        if heading && !rule.heading.is_empty() && all_groups(&Folded::new(f.text), &rule.heading) {
            hits.push((i, (f.page, clip(f.text, QUOTE_CHARS))));
            break;
        }
        if !rule.passage.is_empty() {
            if let Some(s) = sentences(f.text).into_iter().find(|s| all_groups(&Folded::new(s), &rule.passage)) {
                hits.push((i, (f.page, clip(s, QUOTE_CHARS))));
                break;
            }
        }
    }
    hits.into_iter().min_by_key(|(i, _)| *i).map(|(_, h)| h)
}

/// The security levels a document states ("Cấp độ 2", "cấp độ 3 (ba)", "cấp độ III"), with where.
fn levels(flat: &[Flat<'_>]) -> Vec<(u32, u32, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"cap do\s*(?:[:\-]|la)?\s*(\d|iii|iv|ii|i|v|mot|hai|ba|bon)\b").expect("pattern"));
    let mut out = Vec::new();
    for f in flat {
        for s in sentences(f.text) {
            let plain = strip_marks(&fold_marked(s));
            for c in re.captures_iter(&plain) {
                let level = match &c[1] {
                    "1" | "i" | "mot" => 1,
                    "2" | "ii" | "hai" => 2,
                    "3" | "iii" | "ba" => 3,
                    "4" | "iv" | "bon" => 4,
                    "5" | "v" => 5,
                    _ => continue,
                };
                out.push((level, f.page, clip(s, QUOTE_CHARS)));
            }
        }
    }
    out
}

/// Each checklist item of a criterion: found, not found, or cannot tell, with page and quote.
pub fn items(doc: &Document, code: &str, checklist: &[String]) -> Vec<ItemFinding> {
    let flat: Vec<Flat<'_>> = doc
        .pages
        .iter()
        .flat_map(|p| p.passages.iter().map(move |x| Flat { page: p.number, text: &x.text, role: x.role, row: x.row }))
        .collect();
    // A page without text may hold what was not found: then nobody can tell.
    let blind = !doc.text_layer() || doc.pages.iter().any(|p| !p.text_layer);
    checklist
        .iter()
        .enumerate()
        .map(|(index, label)| {
            let unknown = ItemFinding { label: label.clone(), found: None, page: None, quote: None };
            let Some(rule) = rule_for(code, index, label) else { return unknown };
            if !doc.text_layer() {
                return unknown;
            }
            match find(doc, &flat, rule) {
                None if blind => unknown,
                None => ItemFinding { found: Some(false), ..unknown },
                Some((page, quote)) => match rule.level_at_least {
                    None => ItemFinding { found: Some(true), page: Some(page), quote: Some(quote), ..unknown },
                    Some(min) => {
                        let stated = levels(&flat);
                        let enough = stated.iter().filter(|(l, ..)| *l >= min).collect::<Vec<_>>();
                        let short = stated.iter().filter(|(l, ..)| *l < min).collect::<Vec<_>>();
                        match (enough.first(), short.first()) {
                            (Some((_, p, q)), None) => ItemFinding { found: Some(true), page: Some(*p), quote: Some(q.clone()), ..unknown },
                            (None, Some((_, p, q))) => ItemFinding { found: Some(false), page: Some(*p), quote: Some(q.clone()), ..unknown },
                            // Found, but the level is not stated or stated both ways: a reviewer reads it.
                            _ => ItemFinding { page: Some(page), quote: Some(quote), ..unknown },
                        }
                    }
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_by_shape() {
        assert!(heading_shape("Điều 12. Quy trình xử lý sự cố"));
        assert!(heading_shape("Chương II"));
        assert!(heading_shape("II. PHƯƠNG ÁN DỰ PHÒNG"));
        assert!(!heading_shape("Điều 2. Giao đơn vị vận hành xây dựng quy chế bảo đảm an toàn thông tin và phương án bảo đảm an toàn hệ thống thông tin, trình ban hành trong năm."));
        assert!(!heading_shape("1. Thời gian: 08 giờ 00 ngày 25 tháng 3 năm 2024."));
        assert!(!heading_shape("Khi phát hiện sự cố, cán bộ vận hành báo ngay"));
    }

    #[test]
    fn every_vocabulary_entry_names_a_shipped_checklist_item() {
        // Keys by text must match the frameworks' wording, else they only match by position.
        let shipped = include_str!("../../ttdt-model/frameworks/tt22-nd224-2026.toml");
        for r in rules() {
            assert!(
                Folded::new(shipped).marked.contains(&r.label),
                "{} item {} is not worded as in the framework: {}",
                r.criterion,
                r.index,
                r.label
            );
        }
    }

    #[test]
    fn sentences_split_after_stops() {
        assert_eq!(sentences("Một. Hai; ba\nbốn"), vec!["Một.", "Hai;", "ba", "bốn"]);
    }
}
