//! Criteria frameworks as data: the file format, validation and the frameworks shipped with the product.
//!
//! A framework is read from TOML (see ARCHITECTURE.md, "Framework files").
//! A campaign copies the framework when it is created, so later edits never change how it is scored.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::{Criterion, CriterionGroup, LegalRef, Level, Method};
use crate::error::{Error, Result};

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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalText {
    pub text: String,
    #[serde(default)]
    pub title: String,
}

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
}

const BUILTIN: &[(&str, &str)] = &[("tt22-2025.toml", include_str!("../frameworks/tt22-2025.toml"))];

/// The frameworks shipped with the product, parsed and validated, with their source text.
pub fn builtin_with_source() -> Vec<(Framework, &'static str)> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            // Shipped data is checked by tests; a failure here is a build defect.
            let fw = parse(text).unwrap_or_else(|e| panic!("built-in framework {name} is invalid: {e}"));
            (fw, *text)
        })
        .collect()
}

/// The frameworks shipped with the product.
pub fn builtin() -> Vec<Framework> {
    builtin_with_source().into_iter().map(|(fw, _)| fw).collect()
}

/// The framework a new campaign gets unless the user picks another.
pub const DEFAULT_FRAMEWORK_ID: &str = "TT22-2025";

/// Parses and validates a framework file.
pub fn parse(text: &str) -> Result<Framework> {
    let fw: Framework = toml::from_str(text).map_err(|e| Error::Framework {
        id: "?".into(),
        reason: e.to_string(),
    })?;
    fw.validate()?;
    Ok(fw)
}

impl Framework {
    /// Refuses a framework that could not be scored consistently, naming the criterion and field.
    pub fn validate(&self) -> Result<()> {
        let fail = |reason: String| Err(Error::Framework { id: self.id.clone(), reason });
        if self.id.trim().is_empty() {
            return fail("id: trống".into());
        }
        if self.name.trim().is_empty() {
            return fail("name: trống".into());
        }
        let mut group_codes = HashSet::new();
        for g in &self.groups {
            if !group_codes.insert(g.code.as_str()) {
                return fail(format!("nhóm {}: mã nhóm bị trùng", g.code));
            }
            if !(g.points.is_finite() && g.points >= 0.0) {
                return fail(format!("nhóm {}: points phải là số không âm", g.code));
            }
        }
        let mut codes = HashSet::new();
        for c in &self.criteria {
            if !codes.insert(c.code.as_str()) {
                return fail(format!("tiêu chí {}: mã bị trùng", c.code));
            }
            if c.title.trim().is_empty() {
                return fail(format!("tiêu chí {}: title trống", c.code));
            }
            if !group_codes.contains(c.group.as_str()) {
                return fail(format!("tiêu chí {}: group {} không tồn tại", c.code, c.group));
            }
            if !(c.points.is_finite() && c.points >= 0.0) {
                return fail(format!("tiêu chí {}: points phải là số không âm", c.code));
            }
            if c.legal_basis.is_empty() || c.legal_basis.iter().any(|l| l.text.trim().is_empty()) {
                return fail(format!("tiêu chí {}: thiếu legal_basis (căn cứ pháp lý)", c.code));
            }
        }
        for g in &self.groups {
            let sum: f64 = self.criteria.iter().filter(|c| c.group == g.code).map(|c| c.points).sum();
            if (sum - g.points).abs() > 1e-9 {
                return fail(format!(
                    "nhóm {}: tổng điểm các tiêu chí là {sum} nhưng nhóm khai báo {}",
                    g.code, g.points
                ));
            }
        }
        Ok(())
    }

    pub fn max_points(&self) -> f64 {
        self.criteria.iter().map(|c| c.points).sum()
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
        self.criteria
            .iter()
            .map(|c| Criterion {
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
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_frameworks_are_valid_and_total_100() {
        let all = builtin();
        assert!(!all.is_empty());
        for fw in all {
            assert!((fw.max_points() - 100.0).abs() < 1e-9, "{}: {}", fw.id, fw.max_points());
        }
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
        assert!(parse(&minimal("")).is_ok());
        let dup = minimal(
            "[[criteria]]\ncode = \"G.01\"\ngroup = \"G\"\ntitle = \"Hai\"\nmethod = \"manual\"\npoints = 0\nlegal_basis = [{ text = \"Luật\" }]\n",
        );
        let err = parse(&dup).unwrap_err().to_string();
        assert!(err.contains("G.01") && err.contains("trùng"), "{err}");
        let bad_method = minimal("").replace("\"manual\"", "\"magic\"");
        assert!(parse(&bad_method).is_err());
        let negative = minimal("").replace("points = 2\nlegal", "points = -2\nlegal");
        assert!(parse(&negative).unwrap_err().to_string().contains("không âm"));
        let no_basis = minimal("").replace("legal_basis = [{ text = \"Luật\" }]", "legal_basis = []");
        assert!(parse(&no_basis).unwrap_err().to_string().contains("legal_basis"));
    }
}
