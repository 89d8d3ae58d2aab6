//! `ttdt results`: results of automated checks or outside tools, recorded by hand.

use clap::Subcommand;
use ttdt_core::domain::NewResult;
use ttdt_core::{Error, Store};

use crate::args::{parse_outcome, SiteRef};
use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    /// Record a tool result for a criterion.
    Record {
        #[command(flatten)]
        site: SiteRef,
        code: String,
        #[arg(long)]
        outcome: String,
        #[arg(long, default_value_t = 0.0)]
        share: f64,
        /// Evidence as JSON.
        #[arg(long, default_value = "{}")]
        evidence: String,
        #[arg(long, default_value = "")]
        note: String,
    },
}

pub fn exec(store: &mut Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::Record { site, code, outcome, share, evidence, note } => {
            let s = site.resolve(store)?;
            let evidence: serde_json::Value = serde_json::from_str(evidence).map_err(|e| Error::Invalid {
                field: "evidence",
                reason: e.to_string(),
                message_vi: format!("Bằng chứng không phải JSON hợp lệ: {e}"),
            })?;
            let r = store.record_tool_result(
                s.id,
                &NewResult { criterion_code: code.clone(), outcome: parse_outcome(outcome)?, share: *share, evidence, note: note.clone() },
            )?;
            out.print(&r, || format!("Đã ghi kết quả công cụ {} = {} ({} điểm).\n", r.criterion_code, r.outcome.as_str(), r.points))
        }
    }
}
