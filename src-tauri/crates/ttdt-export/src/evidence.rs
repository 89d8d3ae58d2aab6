//! The evidence of a result in a few words, and the evidence sheet of the ranking workbook (one
//! row per result, the largest sheet).

use std::borrow::Cow;
use std::collections::BTreeSet;

use rust_xlsxwriter::Worksheet;

use crate::measure;
use crate::sheet::{self, shorten, tidy, BookResult, Fit, Styles};
use crate::{source_vi, CampaignScores, EffectiveResult};
use ttdt_model::domain::ResultMode;

/// The two texts of an evidence object that its summary shows (`summary` and `reason`, when they
/// are strings), read without building a JSON tree; other members are skipped.
mod evidence_texts {
    use std::borrow::Cow;
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    #[derive(Default)]
    pub(super) struct EvidenceTexts<'a> {
        pub summary: Option<Cow<'a, str>>,
        pub reason: Option<Cow<'a, str>>,
    }

    /// Any JSON value, kept only when it is a string.
    struct Text<'a>(Option<Cow<'a, str>>);

    impl<'de> Deserialize<'de> for Text<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Text<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("any JSON value")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                    Ok(Text(Some(Cow::Borrowed(v))))
                }
                fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                    Ok(Text(Some(Cow::Owned(v.to_string()))))
                }
                fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                    Ok(Text(Some(Cow::Owned(v))))
                }
                fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_unit<E>(self) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_none<E>(self) -> Result<Self::Value, E> {
                    Ok(Text(None))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(Text(None))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(Text(None))
                }
            }
            d.deserialize_any(V)
        }
    }

    impl<'de> Deserialize<'de> for EvidenceTexts<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = EvidenceTexts<'de>;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut out = EvidenceTexts::default();
                    // A repeated member keeps its last value, as when the object is parsed whole.
                    while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                        match key.as_deref() {
                            Some("summary") => out.summary = map.next_value::<Text<'de>>()?.0,
                            Some("reason") => out.reason = map.next_value::<Text<'de>>()?.0,
                            _ => {
                                map.next_value::<IgnoredAny>()?;
                            }
                        }
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(V)
        }
    }

    /// `None` when the text is not a JSON object.
    pub(super) fn read(json: &str) -> Option<EvidenceTexts<'_>> {
        serde_json::from_str(json).ok()
    }
}

/// A short, readable account of a result's evidence.
pub fn evidence_summary(r: &EffectiveResult<'_>) -> String {
    let mut out = String::new();
    write_evidence_summary(&mut out, r);
    out
}

/// `evidence_summary` into `out` (cleared first), so that a loop reuses one buffer.
fn write_evidence_summary(out: &mut String, r: &EffectiveResult<'_>) {
    out.clear();
    match r.mode {
        ResultMode::Automatic => out.push_str("Công cụ"),
        ResultMode::Manual => {
            out.push_str("Người đánh giá: ");
            out.push_str(r.asserted_by);
        }
        ResultMode::Override => {
            out.push_str("Người đánh giá điều chỉnh: ");
            out.push_str(r.asserted_by);
        }
    }
    let before = out.len();
    let value;
    let (summary, reason) = match evidence_texts::read(r.evidence) {
        Some(t) => (t.summary, t.reason),
        None => {
            // Not an object: read it whole, as a parsed value (which has no members).
            value = r.evidence_value();
            let text = |k: &str| value.get(k).and_then(|v| v.as_str()).map(Cow::Borrowed);
            (text("summary"), text("reason"))
        }
    };
    if let Some(s) = summary {
        out.push_str(". ");
        out.push_str(&s);
    }
    if let Some(reason) = reason.filter(|s| !s.is_empty()) {
        out.push_str(". Lý do điều chỉnh: ");
        out.push_str(&reason);
    }
    if out.len() == before && r.mode == ResultMode::Automatic {
        let text = r.evidence_value().to_string();
        if text != "{}" {
            out.push_str(". ");
            out.extend(text.chars().take(300));
        }
    }
}

/// The browsers that measured page loads for these sites, as the tool's results name them (the
/// page-load checks keep the browser's product in their evidence, e.g.
/// "HeadlessChrome/120.0.6099.224", written "Chromium 120.0.6099.224").
pub(crate) fn browsers(data: &CampaignScores, sites: impl IntoIterator<Item = usize>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for i in sites {
        for r in data.results_of(i) {
            // Most evidence names no browser: look for the word before parsing.
            if r.mode != ResultMode::Automatic || !r.evidence.contains("\"browser\"") {
                continue;
            }
            if let Some(product) = r.evidence_value().pointer("/data/browser").and_then(|v| v.as_str()) {
                found.insert(match product.split_once('/') {
                    Some((name, version)) if name.contains("Chrom") => format!("Chromium {version}"),
                    _ => product.to_string(),
                });
            }
        }
    }
    found.into_iter().collect()
}

/// Evidence longer than this is cut in the evidence sheet: a row cannot grow past Excel's
/// tallest, and a longer text would print over the next row.
const EVIDENCE_SHEET_CHARS: usize = 1500;

/// The note and header of the evidence sheet, and its column widths (the agency and address
/// columns as given). They are written before the rows are filled on their own thread, so that
/// formats are numbered in the same order on every run.
pub(crate) fn evidence_header(ws: &mut Worksheet, st: &Styles, agency_width: f64, url_width: f64) -> BookResult<Fit> {
    let mut fit = Fit::new(ws, &[agency_width, url_width, 8.0, 13.0, 8.0, 15.0, 60.0, 30.0, 21.0])?;
    // The sheet is written row by row (low memory): each row's height is set before the next.
    sheet::data_note(ws, &mut fit, 8, "Kết quả có hiệu lực và bằng chứng đầy đủ của từng tiêu chí, từng trang.", st)?;
    fit.finish_row(ws, 0)?;
    sheet::header_row(ws, &mut fit, 1, &["Cơ quan", "Địa chỉ", "Mã", "Kết quả", "Điểm", "Nguồn", "Bằng chứng", "Ghi chú", "Thời điểm"], st)?;
    fit.finish_row(ws, 1)?;
    Ok(fit)
}

/// The rows of the evidence sheet (its header is already written): every effective result, in
/// the order of the detail rows (`ordered`: position, site index, rank).
pub(crate) fn evidence_rows(ws: &mut Worksheet, fit: &Fit, data: &CampaignScores, ordered: &[(usize, usize, Option<u32>)], st: &Styles) -> BookResult<()> {
    let mut row = 2;
    let mut summary = String::new();
    let (evidence_width, note_width) = (fit.span(6, 6), fit.span(7, 7));
    for &(_, i, _) in ordered {
        let s = &data.scores[i];
        // The site's name and address take the same room on each of its rows: measured once.
        let site_lines = measure::lines(&s.agency_name, fit.span(0, 0), 12.0, false).max(measure::lines(&s.url, fit.span(1, 1), 12.0, false));
        for j in 0..data.criteria.len() {
            let Some(res) = data.result_at(i, j) else { continue };
            ws.write_string_with_format(row, 0, &s.agency_name, &st.cell)?;
            ws.write_string_with_format(row, 1, &s.url, &st.cell)?;
            ws.write_string_with_format(row, 2, res.criterion_code, &st.cell)?;
            ws.write_string_with_format(row, 3, res.outcome.label_vi(), &st.cell)?;
            ws.write_number_with_format(row, 4, tidy(res.points), &st.num)?;
            ws.write_string_with_format(row, 5, source_vi(res.mode), &st.cell)?;
            write_evidence_summary(&mut summary, &res);
            let mut lines = site_lines;
            if summary.chars().count() > EVIDENCE_SHEET_CHARS {
                summary = shorten(&summary, EVIDENCE_SHEET_CHARS);
            }
            lines = lines.max(measure::lines(&summary, evidence_width, 12.0, false));
            ws.write_string_with_format(row, 6, summary.as_str(), &st.cell)?;
            if !res.note.is_empty() {
                let note = shorten(res.note, EVIDENCE_SHEET_CHARS);
                lines = lines.max(measure::lines(&note, note_width, 12.0, false));
                ws.write_string_with_format(row, 7, &note, &st.cell)?;
            } else {
                ws.write_blank(row, 7, &st.cell)?;
            }
            ws.write_string_with_format(row, 8, res.asserted_at, &st.cell)?;
            ws.set_row_height(row, measure::height(lines, 12.0))?;
            row += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ttdt_model::domain::Outcome;

    /// The summary as computed from the parsed evidence, the reference for the partial reader.
    fn from_value(r: &EffectiveResult<'_>) -> String {
        let evidence = r.evidence_value();
        let mut parts = Vec::new();
        if let Some(s) = evidence.get("summary").and_then(|v| v.as_str()) {
            parts.push(s.to_string());
        }
        if let Some(reason) = evidence.get("reason").and_then(|v| v.as_str()).filter(|s| !s.is_empty()) {
            parts.push(format!("Lý do điều chỉnh: {reason}"));
        }
        if parts.is_empty() && r.mode == ResultMode::Automatic {
            let text = evidence.to_string();
            if text != "{}" {
                parts.push(text.chars().take(300).collect());
            }
        }
        let who = match r.mode {
            ResultMode::Automatic => "Công cụ".to_string(),
            ResultMode::Manual => format!("Người đánh giá: {}", r.asserted_by),
            ResultMode::Override => format!("Người đánh giá điều chỉnh: {}", r.asserted_by),
        };
        parts.insert(0, who);
        parts.join(". ")
    }

    #[test]
    fn evidence_summary_reads_the_same_as_the_parsed_evidence() {
        let long = format!(r#"{{"links":["{}"]}}"#, "a".repeat(400));
        let evidence = [
            r#"{"summary":"đã kiểm tra trên trang chủ"}"#,
            r#"{"summary":"có \"ngoặc\" và \u0041","reason":"thiếu mục"}"#,
            r#"{"reason":"","summary":""}"#,
            r#"{"summary":5,"reason":["x"],"visits":120500}"#,
            r#"{"summary":"cũ","summary":"mới"}"#,
            r#"{"nested":{"summary":"không phải"},"list":[1,{"a":null}],"ok":true}"#,
            r#"{}"#,
            r#"[]"#,
            r#""chỉ là chữ""#,
            r#"null"#,
            r#"không phải JSON"#,
            r#"{"summary":"a"} thừa"#,
            "",
            &long,
        ];
        for mode in [ResultMode::Automatic, ResultMode::Manual, ResultMode::Override] {
            for e in &evidence {
                let r = EffectiveResult {
                    id: 1,
                    criterion_code: "KN.01",
                    outcome: Outcome::Pass,
                    share: 1.0,
                    points: 2.0,
                    mode,
                    evidence: e,
                    note: "",
                    asserted_by: "Người A",
                    asserted_at: "2026-11-23T00:00:00Z",
                };
                assert_eq!(evidence_summary(&r), from_value(&r), "{mode:?} {e}");
            }
        }
    }
}
