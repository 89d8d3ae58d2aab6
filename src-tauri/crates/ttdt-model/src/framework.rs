//! Criteria frameworks as data: the file format, validation and the frameworks shipped with the product.
//!
//! A framework is read from TOML (see ARCHITECTURE.md, "Framework files").
//! A campaign copies the framework when it is created, so later edits never change how it is scored.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::{Criterion, CriterionGroup, LegalRef, Level, Method};
use crate::error::{Error, Result};
use crate::text::{find_invisible, normalize_code, show_invisible};

/// A framework file, as written on disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub year: i32,
    pub version: String,
    #[serde(default)]
    pub legal_texts: Vec<LegalText>,
    pub groups: Vec<GroupSpec>,
    pub criteria: Vec<CriterionSpec>,
}

pub use crate::domain::LegalText;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub code: String,
    pub name: String,
    pub points: f64,
    #[serde(default)]
    pub separate_ranking: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionSpec {
    pub code: String,
    pub group: String,
    pub title: String,
    pub method: Method,
    pub points: f64,
    #[serde(default)]
    pub levels: Vec<Level>,
    pub legal_basis: Vec<LegalRef>,
    #[serde(default)]
    pub guidance: String,
    #[serde(default)]
    pub checks: Vec<String>,
    /// For manual and hybrid criteria: what the reviewer ticks off.
    #[serde(default)]
    pub checklist: Vec<String>,
    /// The evidence documents expected.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Whether the criterion cannot pass without a document.
    #[serde(default)]
    pub document_required: bool,
}

const BUILTIN: &[(&str, &str)] = &[
    ("tt22-2025.toml", include_str!("../frameworks/tt22-2025.toml")),
    ("tt22-nd224-2026.toml", include_str!("../frameworks/tt22-nd224-2026.toml")),
];

/// Tells whether this build implements an automated check with an id: a framework may only bind
/// criteria to known checks. The checks crate provides it (`ttdt_checks::is_known`); the model
/// does not know the checks.
pub type KnownCheck<'a> = &'a dyn Fn(&str) -> bool;

/// Accepts every check id: for frameworks whose bindings were checked when they entered the
/// program (the shipped ones, tested against the registry; a campaign's copy of an imported one).
pub fn any_check(_: &str) -> bool {
    true
}

/// Largest framework file accepted (a real one is about 40 kB). The UI refuses larger files
/// before sending them (exported to TypeScript).
pub const MAX_FRAMEWORK_BYTES: usize = 2 * 1024 * 1024;

/// Most points a criterion or a group may carry. The shipped frameworks total 100; the bound
/// keeps totals finite, so a framework can never make every site tie on an infinite score.
pub const MAX_POINTS: f64 = 1000.0;

/// The shape of a criterion code added to a campaign's framework: the group's 2–4 capital
/// letters, a dot and a 2–3 digit number (CT.27, KN.08). The UI checks the same pattern
/// (exported to TypeScript); [`is_valid_criterion_code`] is its Rust form.
pub const CRITERION_CODE_PATTERN: &str = r"^[A-Z]{2,4}\.\d{2,3}$";

/// Whether `code` matches [`CRITERION_CODE_PATTERN`] (ASCII letters and digits only).
pub fn is_valid_criterion_code(code: &str) -> bool {
    let Some((group, number)) = code.split_once('.') else {
        return false;
    };
    (2..=4).contains(&group.len())
        && group.bytes().all(|b| b.is_ascii_uppercase())
        && (2..=3).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// The frameworks shipped with the product, parsed and validated, with their source text.
pub fn builtin_with_source() -> Vec<(Framework, &'static str)> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            // Shipped data is checked by tests (their check ids against the registry in
            // ttdt-core's `checks_registry` test); a failure here is a build defect.
            let fw = parse(text, &any_check).unwrap_or_else(|e| panic!("built-in framework {name} is invalid: {e}"));
            (fw, *text)
        })
        .collect()
}

/// The frameworks shipped with the product.
pub fn builtin() -> Vec<Framework> {
    builtin_with_source().into_iter().map(|(fw, _)| fw).collect()
}

/// The framework a new campaign gets unless the user picks another: the current round's
/// (Decree 224/2026 is in force since 01/07/2026).
pub const DEFAULT_FRAMEWORK_ID: &str = "TT22-ND224-2026";

/// Parses and validates a framework file. Errors name the line, the criterion and the field.
pub fn parse(text: &str, known_check: KnownCheck<'_>) -> Result<Framework> {
    if text.len() > MAX_FRAMEWORK_BYTES {
        return Err(Error::Framework { id: "?".into(), reason: "tệp quá lớn (tối đa 2 MB)".into() });
    }
    let fw: Framework = toml::from_str(text).map_err(|e| Error::Framework {
        id: text_id(text).unwrap_or_else(|| "?".into()),
        reason: describe_toml_error(text, &e),
    })?;
    let mut fw = fw;
    fw.normalize_codes();
    fw.validate(known_check)?;
    Ok(fw)
}

/// Refuses a text with a character that is not seen (zero-width, bidirectional control, byte
/// order mark, control character): `what` names where it is.
fn refuse_invisible(what: &str, text: &str) -> std::result::Result<(), String> {
    match find_invisible(text) {
        Some(c) => Err(format!(
            "{what}: có ký tự ẩn U+{:04X} (“{}”); hãy xóa ký tự định dạng (dấu cách độ rộng 0, ký tự nối, ký tự đổi chiều viết, BOM) và ký tự điều khiển",
            c as u32,
            show_invisible(text)
        )),
        None => Ok(()),
    }
}

/// Refuses points outside 0..=[`MAX_POINTS`]; `what` names the criterion or group.
fn refuse_points(what: &str, points: f64) -> std::result::Result<(), String> {
    if points.is_finite() && points < 0.0 {
        return Err(format!("{what}: points phải là số không âm"));
    }
    if !(points.is_finite() && points <= MAX_POINTS) {
        let shown = if points.is_finite() && points.abs() < 1e9 { points.to_string() } else { format!("{points:e}") };
        return Err(format!("{what}: points = {shown} vượt quá mức tối đa {MAX_POINTS} điểm"));
    }
    Ok(())
}

/// The `id = "…"` of a file that did not parse, for the error message.
fn text_id(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let l = l.trim();
        let rest = l.strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        Some(rest.trim_matches('"').to_string()).filter(|s| !s.is_empty())
    })
}

/// A TOML or shape error in Vietnamese: line, the criterion it sits in, and what was wrong.
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let (line, criterion) = match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            // The [[criteria]] block the error sits in (a missing field's span covers its whole table).
            let upto = &text[..span.end.min(text.len())];
            let block_start = upto.rfind("[[criteria]]");
            let code = block_start.and_then(|start| {
                let tail = &text[start..];
                let end = tail[1..].find("\n[[").map(|i| i + 1).unwrap_or(tail.len());
                tail[..end].lines().find_map(|l| {
                    let l = l.trim();
                    let rest = l.strip_prefix("code")?.trim_start().strip_prefix('=')?.trim();
                    Some(rest.trim_matches('"').to_string())
                })
            });
            (Some(line), code)
        }
        None => (None, None),
    };
    let msg = e.message();
    let what = if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let value = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        let expected = rest.split("expected").nth(1).unwrap_or("").replace('`', "");
        format!("giá trị “{value}” không hợp lệ (chấp nhận:{expected})")
    } else if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest).trim_matches('`');
        format!("trường “{field}” không có trong định dạng")
    } else if let Some(rest) = msg.strip_prefix("missing field ") {
        format!("thiếu trường “{}”", rest.trim_matches('`'))
    } else if msg.starts_with("invalid type") {
        format!("sai kiểu dữ liệu ({msg})")
    } else {
        format!("không đúng cú pháp TOML ({msg})")
    };
    let mut out = String::new();
    if let Some(l) = line {
        out.push_str(&format!("dòng {l}: "));
    }
    if let Some(c) = criterion {
        out.push_str(&format!("tiêu chí {c}: "));
    }
    out.push_str(&what);
    out
}

impl Framework {
    /// Refuses a framework that could not be scored consistently, naming the criterion and field.
    pub fn validate(&self, known_check: KnownCheck<'_>) -> Result<()> {
        let fail = |reason: String| Err(Error::Framework { id: self.id.clone(), reason });
        if self.id.trim().is_empty() {
            return fail("id: trống".into());
        }
        if !self.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.') {
            return fail("id: chỉ dùng chữ không dấu, số, dấu gạch (ví dụ TT22-ND224-2026)".into());
        }
        if self.name.trim().is_empty() {
            return fail("name: trống".into());
        }
        if !(2000..=2100).contains(&self.year) {
            return fail(format!("year: {} không hợp lệ (2000–2100)", self.year));
        }
        if self.groups.is_empty() || self.criteria.is_empty() {
            return fail("bộ tiêu chí phải có ít nhất một nhóm và một tiêu chí".into());
        }
        let invisible = |what: &str, text: &str| refuse_invisible(what, text).map_err(|reason| Error::Framework { id: self.id.clone(), reason });
        invisible("name", &self.name)?;
        // Codes are compared trimmed and in NFC (`parse` stores them so), so "KN.01 " is "KN.01".
        let mut group_codes = HashSet::new();
        for g in &self.groups {
            invisible(&format!("nhóm {}: code", show_invisible(&g.code)), &g.code)?;
            if g.code.trim().is_empty() {
                return fail("nhóm không có code (mã)".into());
            }
            invisible(&format!("nhóm {}: name", g.code), &g.name)?;
            if !group_codes.insert(normalize_code(&g.code)) {
                return fail(format!("nhóm {}: mã nhóm bị trùng", g.code));
            }
        }
        let mut codes = HashSet::new();
        for c in &self.criteria {
            invisible(&format!("tiêu chí {}: code", show_invisible(&c.code)), &c.code)?;
            if c.code.trim().is_empty() {
                return fail("tiêu chí không có code (mã)".into());
            }
            if !codes.insert(normalize_code(&c.code)) {
                return fail(format!("tiêu chí {}: mã bị trùng", c.code));
            }
            invisible(&format!("tiêu chí {}: title", c.code), &c.title)?;
            if c.title.trim().is_empty() {
                return fail(format!("tiêu chí {}: title trống", c.code));
            }
            invisible(&format!("tiêu chí {}: group", c.code), &c.group)?;
            if !group_codes.contains(&normalize_code(&c.group)) {
                return fail(format!("tiêu chí {}: group {} không tồn tại", c.code, c.group));
            }
            if let Err(reason) = refuse_points(&format!("tiêu chí {}", c.code), c.points) {
                return fail(reason);
            }
            for id in &c.checks {
                invisible(&format!("tiêu chí {}: checks", c.code), id)?;
            }
            if c.legal_basis.is_empty() || c.legal_basis.iter().any(|l| l.text.trim().is_empty()) {
                return fail(format!("tiêu chí {}: thiếu legal_basis (căn cứ pháp lý)", c.code));
            }
            if let Some(unknown) = c.checks.iter().find(|id| !known_check(id)) {
                return fail(format!("tiêu chí {}: checks: không có kiểm tra tự động nào mang mã “{unknown}”", c.code));
            }
            if c.document_required && c.documents.is_empty() {
                return fail(format!(
                    "tiêu chí {}: document_required = true nhưng documents không liệt kê tài liệu nào",
                    c.code
                ));
            }
        }
        for g in &self.groups {
            if let Err(reason) = refuse_points(&format!("nhóm {}", g.code), g.points) {
                return fail(reason);
            }
            let key = normalize_code(&g.code);
            let sum: f64 = self.criteria.iter().filter(|c| normalize_code(&c.group) == key).map(|c| c.points).sum();
            if (sum - g.points).abs() > 1e-9 {
                return fail(format!(
                    "nhóm {}: tổng điểm các tiêu chí là {sum} nhưng nhóm khai báo {}",
                    g.code, g.points
                ));
            }
        }
        Ok(())
    }

    /// Codes as they are compared: group codes, criterion codes, their group references and
    /// check ids trimmed and in NFC. A code that differs only by a trailing space or by how its
    /// letters are composed is then the same code (and refused as a duplicate).
    fn normalize_codes(&mut self) {
        for g in &mut self.groups {
            g.code = normalize_code(&g.code);
        }
        for c in &mut self.criteria {
            c.code = normalize_code(&c.code);
            c.group = normalize_code(&c.group);
            for id in &mut c.checks {
                *id = normalize_code(id);
            }
        }
    }

    /// The framework as a TOML file.
    pub fn to_toml(&self) -> Result<String> {
        let body = toml::to_string_pretty(self)
            .map_err(|e| Error::Framework { id: self.id.clone(), reason: e.to_string() })?;
        Ok(format!("# Framework file of TTĐT Workbench (format: ARCHITECTURE.md, \"Framework files\").\n{body}"))
    }

    /// Points of the criteria outside separately ranked groups.
    pub fn max_points(&self) -> f64 {
        let separate: HashSet<&str> =
            self.groups.iter().filter(|g| g.separate_ranking).map(|g| g.code.as_str()).collect();
        self.criteria.iter().filter(|c| !separate.contains(c.group.as_str())).map(|c| c.points).sum()
    }

    pub fn groups(&self) -> Vec<CriterionGroup> {
        self.groups
            .iter()
            .map(|g| CriterionGroup {
                code: g.code.clone(),
                name: g.name.clone(),
                points: g.points,
                separate_ranking: g.separate_ranking,
            })
            .collect()
    }

    pub fn criteria(&self) -> Vec<Criterion> {
        self.criteria.iter().map(Criterion::from).collect()
    }
}

impl From<&CriterionSpec> for Criterion {
    fn from(c: &CriterionSpec) -> Criterion {
        Criterion {
            code: c.code.clone(),
            group_code: c.group.clone(),
            title: c.title.clone(),
            method: c.method,
            points: c.points,
            levels: c.levels.clone(),
            legal_basis: c.legal_basis.clone(),
            guidance: c.guidance.clone(),
            checks: c.checks.clone(),
            retired: false,
            checklist: c.checklist.clone(),
            documents: c.documents.clone(),
            document_required: c.document_required,
        }
    }
}

/// A campaign's criterion written back as a framework file entry (retired criteria are left out by the caller).
impl From<&Criterion> for CriterionSpec {
    fn from(c: &Criterion) -> CriterionSpec {
        CriterionSpec {
            code: c.code.clone(),
            group: c.group_code.clone(),
            title: c.title.clone(),
            method: c.method,
            points: c.points,
            levels: c.levels.clone(),
            legal_basis: c.legal_basis.clone(),
            guidance: c.guidance.clone(),
            checks: c.checks.clone(),
            checklist: c.checklist.clone(),
            documents: c.documents.clone(),
            document_required: c.document_required,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criterion_codes_have_the_group_dot_number_shape() {
        for ok in ["CT.27", "KN.08", "ABCD.123", "HN.01"] {
            assert!(is_valid_criterion_code(ok), "{ok}");
        }
        for bad in ["", "CT", "CT.", "CT.1", "CT.1234", "C.01", "ABCDE.01", "ct.27", "CT-27", "CT.2a", "CT.01.1", " CT.01", "ĐT.01", "CT.٠١"] {
            assert!(!is_valid_criterion_code(bad), "{bad}");
        }
        for fw in builtin() {
            for c in &fw.criteria {
                assert!(is_valid_criterion_code(&c.code), "{}: {}", fw.id, c.code);
            }
        }
    }

    #[test]
    fn builtin_frameworks_are_valid_and_total_100() {
        let all = builtin();
        assert!(!all.is_empty());
        for fw in all {
            assert!((fw.max_points() - 100.0).abs() < 1e-9, "{}: {}", fw.id, fw.max_points());
        }
    }

    #[test]
    fn the_2026_framework_rests_on_decree_224() {
        let fw = builtin().into_iter().find(|f| f.id == "TT22-ND224-2026").unwrap();
        let y2025 = builtin().into_iter().find(|f| f.id == "TT22-2025").unwrap();
        let codes = |f: &Framework| f.criteria.iter().map(|c| (c.code.clone(), c.title.clone(), c.method, c.points)).collect::<Vec<_>>();
        assert_eq!(codes(&fw), codes(&y2025), "same criteria, titles, methods and points");
        for c in &fw.criteria {
            for l in &c.legal_basis {
                assert!(!l.text.contains("42/2022") && !l.text.contains("64/2007"), "{} still cites {}", c.code, l.text);
            }
        }
        let cites = |code: &str, article: &str| {
            fw.criteria.iter().find(|c| c.code == code).unwrap().legal_basis.iter()
                .any(|l| l.text == "Nghị định 224/2026/NĐ-CP" && l.article == article)
        };
        assert!(cites("CT.22", "Điều 10 khoản 3 điểm b"));
        assert!(cites("TM.02", "Điều 11 khoản 4"));
        assert!(cites("TM.01", "Điều 11 khoản 4"));
        assert!(cites("QL.05", "Điều 13"));
    }

    #[test]
    fn every_criterion_cites_its_legal_basis() {
        for fw in builtin() {
            for c in &fw.criteria {
                assert!(!c.legal_basis.is_empty(), "{} has no legal basis", c.code);
            }
        }
    }

    #[test]
    fn tt22_2025_has_the_reference_codes() {
        let fw = builtin().into_iter().find(|f| f.id == "TT22-2025").unwrap();
        let codes: Vec<&str> = fw.criteria.iter().map(|c| c.code.as_str()).collect();
        for expected in ["KN.01", "CT.26", "DT.04", "TM.04", "HN.05", "AT.04", "QL.05", "SD.01"] {
            assert!(codes.contains(&expected), "{expected}");
        }
        assert_eq!(codes.len(), 56);
        let ct05 = fw.criteria.iter().find(|c| c.code == "CT.05").unwrap();
        assert_eq!(ct05.levels, vec![Level::Province, Level::Commune]);
    }

    fn minimal(extra: &str) -> String {
        format!(
            r#"id = "X"
name = "X"
year = 2026
version = "1"
[[groups]]
code = "G"
name = "G"
points = 2
[[criteria]]
code = "G.01"
group = "G"
title = "Một"
method = "manual"
points = 2
legal_basis = [{{ text = "Luật" }}]
{extra}"#
        )
    }

    #[test]
    fn refuses_duplicate_code_and_bad_sums() {
        assert!(parse(&minimal(""), &any_check).is_ok());
        let dup = minimal(
            "[[criteria]]\ncode = \"G.01\"\ngroup = \"G\"\ntitle = \"Hai\"\nmethod = \"manual\"\npoints = 0\nlegal_basis = [{ text = \"Luật\" }]\n",
        );
        let err = parse(&dup, &any_check).unwrap_err().to_string();
        assert!(err.contains("G.01") && err.contains("trùng"), "{err}");
        let bad_method = minimal("").replace("\"manual\"", "\"magic\"");
        assert!(parse(&bad_method, &any_check).is_err());
        let negative = minimal("").replace("points = 2\nlegal", "points = -2\nlegal");
        assert!(parse(&negative, &any_check).unwrap_err().to_string().contains("không âm"));
        let no_basis = minimal("").replace("legal_basis = [{ text = \"Luật\" }]", "legal_basis = []");
        assert!(parse(&no_basis, &any_check).unwrap_err().to_string().contains("legal_basis"));
    }

    fn refusal(text: &str) -> String {
        match parse(text, &any_check) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e.user_message(),
        }
    }

    #[test]
    fn points_are_bounded_so_totals_stay_finite() {
        // 1e308 per criterion made the totals infinite and every site tie in the ranking.
        let huge = minimal("").replace("points = 2\nlegal", "points = 1e308\nlegal");
        let err = refusal(&huge);
        assert!(err.contains("tiêu chí G.01: points") && err.contains("1e308") && err.contains("1000"), "{err}");
        let group = minimal("").replace("points = 2\n[[criteria]]", "points = 1e308\n[[criteria]]");
        let err = refusal(&group);
        assert!(err.contains("nhóm G: points") && err.contains("tối đa 1000"), "{err}");
        let inf = minimal("").replace("points = 2\nlegal", "points = inf\nlegal");
        assert!(refusal(&inf).contains("tiêu chí G.01: points"));
        let just_over = minimal("").replace("points = 2", "points = 1000.5");
        assert!(refusal(&just_over).contains("1000.5 vượt quá"));
        let at_bound = minimal("").replace("points = 2", "points = 1000");
        assert_eq!(parse(&at_bound, &any_check).unwrap().max_points(), 1000.0);
    }

    #[test]
    fn codes_that_differ_only_by_spaces_or_composition_are_one_code() {
        let second = |code: &str| {
            minimal(&format!(
                "[[criteria]]\ncode = \"{code}\"\ngroup = \"G\"\ntitle = \"Hai\"\nmethod = \"manual\"\npoints = 0\nlegal_basis = [{{ text = \"Luật\" }}]\n"
            ))
        };
        let err = refusal(&second("G.01 "));
        assert!(err.contains("G.01") && err.contains("trùng"), "{err}");
        assert!(refusal(&second(" G.01")).contains("trùng"));
        // Stored trimmed, and a group referred to with a trailing space is the group.
        let fw = parse(&minimal("").replace("code = \"G.01\"", "code = \"G.01 \"").replace("group = \"G\"", "group = \"G\t\""), &any_check).unwrap();
        assert_eq!(fw.criteria[0].code, "G.01");
        assert_eq!(fw.criteria[0].group, "G");
        // A decomposed group code ("Ề" as E + two marks) is the composed one.
        let composed = "ĐỀ";
        let decomposed: String = unicode_normalization::UnicodeNormalization::nfd(composed).collect();
        assert_ne!(composed, decomposed);
        let text = minimal("")
            .replace("code = \"G\"", &format!("code = \"{composed}\""))
            .replace("group = \"G\"", &format!("group = \"{decomposed}\""))
            .replace("code = \"G.01\"", &format!("code = \"{decomposed}.01\""));
        let fw = parse(&text, &any_check).unwrap();
        assert_eq!(fw.criteria[0].group, composed);
        assert_eq!(fw.criteria[0].code, format!("{composed}.01"));
        let dup = text.clone()
            + &format!("[[criteria]]\ncode = \"{composed}.01\"\ngroup = \"{composed}\"\ntitle = \"Hai\"\nmethod = \"manual\"\npoints = 0\nlegal_basis = [{{ text = \"Luật\" }}]\n");
        assert!(refusal(&dup).contains("trùng"));
        // Check ids are trimmed too.
        let fw = parse(&minimal("checks = [\" emc.ma \"]"), &|id: &str| id == "emc.ma").unwrap();
        assert_eq!(fw.criteria[0].checks, vec!["emc.ma".to_string()]);
    }

    #[test]
    fn invisible_characters_are_refused_in_codes_ids_and_names() {
        for (what, text) in [
            ("zero-width space in a code", minimal("").replace("code = \"G.01\"", "code = \"G.0\\u200B1\"")),
            ("zero-width joiner in a code", minimal("").replace("code = \"G.01\"", "code = \"G.01\\u200D\"")),
            ("byte order mark in a group code", minimal("").replace("code = \"G\"", "code = \"\\uFEFFG\"")),
            ("bidi override in a group reference", minimal("").replace("group = \"G\"", "group = \"G\\u202E\"")),
            ("bidi isolate in the name", minimal("").replace("name = \"X\"", "name = \"X\\u2066Y\\u2069\"")),
            ("right-to-left mark in a group name", minimal("").replace("name = \"G\"", "name = \"G\\u200F\"")),
            ("zero-width non-joiner in a title", minimal("").replace("title = \"Một\"", "title = \"M\\u200Cột\"")),
            ("control character in a title", minimal("").replace("title = \"Một\"", "title = \"M\\u0007ột\"")),
            ("word joiner in a check id", minimal("checks = [\"emc.ma\\u2060\"]")),
        ] {
            let err = refusal(&text);
            assert!(err.contains("ký tự ẩn U+"), "{what}: {err}");
        }
        let err = refusal(&minimal("").replace("code = \"G.01\"", "code = \"G.0\\u200B1\""));
        assert!(err.contains("tiêu chí G.0<U+200B>1: code") && err.contains("U+200B"), "{err}");
        // The framework id was already limited to ASCII letters, digits and - _ .
        assert!(refusal(&minimal("").replace("id = \"X\"", "id = \"X\\u200B\"")).contains("id:"));
    }

    #[test]
    fn shipped_frameworks_parse_unchanged() {
        for (name, text) in BUILTIN {
            let raw: Framework = toml::from_str(text).unwrap();
            let parsed = parse(text, &any_check).unwrap();
            assert_eq!(serde_json::to_value(&raw).unwrap(), serde_json::to_value(&parsed).unwrap(), "{name}");
        }
    }
}
