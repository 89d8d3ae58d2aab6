//! The evidence of a result in a few words, and the evidence sheet of the ranking workbook (one
//! row per result, the largest sheet).

use std::borrow::Cow;

use rust_xlsxwriter::Worksheet;

use crate::sheet::{header_row, BookResult, Styles};
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

/// The header of the evidence sheet. It is written before the rows are filled on their own
/// thread, so that formats are numbered in the same order on every run.
pub(crate) fn evidence_header(ws: &mut Worksheet, st: &Styles) -> BookResult<()> {
    header_row(ws, 0, &["Cơ quan", "Địa chỉ", "Mã", "Kết quả", "Điểm", "Nguồn", "Bằng chứng", "Ghi chú", "Thời điểm"], st)
}

/// The rows of the evidence sheet (its header is already written): every effective result, in
/// the order of the detail rows (`ordered`: row - 1, site index, rank).
pub(crate) fn evidence_rows(ws: &mut Worksheet, data: &CampaignScores, ordered: &[(usize, usize, Option<u32>)]) -> BookResult<()> {
    let mut row = 1;
    let mut summary = String::new();
    for &(_, i, _) in ordered {
        let s = &data.scores[i];
        for j in 0..data.criteria.len() {
            let Some(res) = data.result_at(i, j) else { continue };
            ws.write_string(row, 0, &s.agency_name)?;
            ws.write_string(row, 1, &s.url)?;
            ws.write_string(row, 2, res.criterion_code)?;
            ws.write_string(row, 3, res.outcome.label_vi())?;
            ws.write_number(row, 4, res.points)?;
            ws.write_string(row, 5, source_vi(res.mode))?;
            write_evidence_summary(&mut summary, &res);
            ws.write_string(row, 6, summary.as_str())?;
            // An empty text without a format writes no cell: skip it without copying.
            if !res.note.is_empty() {
                ws.write_string(row, 7, res.note)?;
            }
            ws.write_string(row, 8, res.asserted_at)?;
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
