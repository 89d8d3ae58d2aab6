//! The campaign's results as data files: CSV for spreadsheet programs, JSON for other tools.

use serde_json::json;

use crate::{source_vi, CampaignScores};
use ttdt_model::domain::Outcome;
use ttdt_model::ranking::{self, BlockRanking};
use ttdt_model::text::csv_cell;

/// One row per site and criterion, as CSV (UTF-8 with BOM; formula-like text made plain).
pub fn results_csv(data: &CampaignScores) -> String {
    let mut out = String::from("\u{feff}Khối,Cơ quan,Địa chỉ,Cấp,Mã,Tiêu chí,Kết quả,Điểm,Điểm tối đa,Nguồn,Ghi chú\r\n");
    for (i, (site, score)) in data.sites.iter().zip(&data.scores).enumerate() {
        for (j, c) in data.criteria.iter().enumerate() {
            let cs = score.card.criteria.iter().find(|x| x.code == c.code);
            let res = data.result_at(i, j);
            let cells = [
                site.block.clone(),
                site.agency_name.clone(),
                site.url.clone(),
                site.level.label_vi().to_string(),
                c.code.clone(),
                c.title.clone(),
                cs.and_then(|x| x.outcome).map(Outcome::label_vi).unwrap_or("Chưa có kết quả").to_string(),
                format!("{}", cs.map(|x| x.points).unwrap_or(0.0)),
                format!("{}", cs.map(|x| x.max).unwrap_or(0.0)),
                res.map(|r| source_vi(r.mode)).unwrap_or("").to_string(),
                res.map(|r| r.note.to_string()).unwrap_or_default(),
            ];
            out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// The campaign's scores, ranking and results as JSON.
pub fn results_json(data: &CampaignScores, exclude_incomplete: bool) -> serde_json::Value {
    let ranking: Vec<BlockRanking> = ranking::rank_by_points(&data.scores, exclude_incomplete);
    json!({
        "campaign": data.campaign,
        "groups": data.groups,
        "criteria": data.criteria,
        "ranking": ranking,
        "visits_ranking": ranking::rank_by_visits(&data.scores),
        "results": data.sites.iter().enumerate().map(|(i, s)| {
            // Effective results by criterion code (retired criteria included), evidence parsed.
            let results: serde_json::Map<String, serde_json::Value> = data
                .results_of(i)
                .map(|r| (r.criterion_code.to_string(), serde_json::to_value(r.to_result()).unwrap_or_default()))
                .collect();
            json!({
                "site_id": s.id,
                "url": s.url,
                "results": results,
            })
        }).collect::<Vec<_>>(),
    })
}
