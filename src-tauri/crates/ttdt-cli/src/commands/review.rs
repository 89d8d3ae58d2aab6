//! `ttdt review`: a reviewer's decisions and documents, the evaluation's status, its audit trail.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::Subcommand;
use ttdt_core::domain::ReviewInput;
use ttdt_core::{Error, Store};

use crate::args::{file_len, parse_outcome, read_file_at_most, SiteRef};
use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    /// Decide one criterion (pass | partial | fail | not_applicable).
    Set {
        #[command(flatten)]
        site: SiteRef,
        code: String,
        #[arg(long)]
        outcome: String,
        /// Points for partial (0 to the criterion's maximum).
        #[arg(long)]
        points: Option<f64>,
        /// Share for partial (0–1), instead of points.
        #[arg(long)]
        share: Option<f64>,
        #[arg(long, default_value = "")]
        note: String,
        /// Reason, required when the decision differs from the tool's result.
        #[arg(long, default_value = "")]
        reason: String,
        /// Checklist ticks, e.g. 1,0,1.
        #[arg(long)]
        check: Option<String>,
        /// Attach a document with the decision (may repeat): both are saved, or neither.
        #[arg(long)]
        attach: Vec<PathBuf>,
    },
    /// Status, progress and what blocks submitting.
    Status {
        #[command(flatten)]
        site: SiteRef,
    },
    Submit {
        #[command(flatten)]
        site: SiteRef,
    },
    Finalise {
        #[command(flatten)]
        site: SiteRef,
    },
    Reopen {
        #[command(flatten)]
        site: SiteRef,
        #[arg(long)]
        reason: String,
    },
    /// The audit trail of a site's evaluation.
    Log {
        #[command(flatten)]
        site: SiteRef,
        /// Only this criterion.
        #[arg(long)]
        code: Option<String>,
        /// As CSV.
        #[arg(long)]
        csv: bool,
    },
    /// Apply decisions read as JSON lines from standard input; prints "ok N" after each is saved.
    Apply,
}

pub fn exec(store: &mut Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::Set { site, code, outcome, points, share, note, reason, check, attach } => {
            let s = site.resolve(store)?;
            let checklist = match check {
                Some(c) => c.split(',').map(|x| matches!(x.trim(), "1" | "x" | "true")).collect(),
                None => vec![],
            };
            let input = ReviewInput {
                outcome: parse_outcome(outcome)?,
                share: *share,
                points: *points,
                note: note.clone(),
                checklist,
                reason: reason.clone(),
            };
            // Each file's length is checked against the limit before it is read; the decision
            // and its documents are then checked and saved in one transaction.
            let max = store.max_attachment_bytes()?;
            let mut files = Vec::with_capacity(attach.len());
            for file in attach {
                let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "tai-lieu".into());
                store.check_attachment_size(&name, file_len(file)?)?;
                let bytes = read_file_at_most(file, max)?;
                files.push((name, bytes));
            }
            let documents: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            let (r, attached) = store.review_with_documents(s.id, code, &input, &documents)?;
            out.print(&r, || {
                let mut text = String::new();
                for a in &attached {
                    text.push_str(&format!("Đã đính kèm “{}” ({}).\n", a.original_name, a.media_type));
                }
                text.push_str(&format!("Đã lưu {} = {} ({} điểm).\n", r.criterion_code, r.outcome.as_str(), r.points));
                text
            })
        }
        Cmd::Status { site } => status(store, site, out),
        Cmd::Submit { site } => {
            let s = site.resolve(store)?;
            let s = store.submit(s.id)?;
            out.print(&s, || format!("Đã nộp phiếu đánh giá của {}.\n", s.agency_name))
        }
        Cmd::Finalise { site } => {
            let s = site.resolve(store)?;
            let s = store.finalise(s.id)?;
            out.print(&s, || format!("Đã chốt phiếu đánh giá của {}.\n", s.agency_name))
        }
        Cmd::Reopen { site, reason } => {
            let s = site.resolve(store)?;
            let s = store.reopen(s.id, reason)?;
            out.print(&s, || format!("Đã mở lại phiếu đánh giá của {}.\n", s.agency_name))
        }
        Cmd::Log { site, code, csv } => log(store, site, code.as_deref(), *csv, out),
        Cmd::Apply => apply(store),
    }
}

fn status(store: &Store, site: &SiteRef, out: &Output) -> Result<(), Error> {
    let s = site.resolve(store)?;
    let detail = store.site_detail(s.id)?;
    let progress = store
        .campaign_progress(s.campaign_id)?
        .into_iter()
        .find(|p| p.site_id == s.id)
        .ok_or_else(|| Error::NotFound { entity: "site", key: s.id.to_string() })?;
    let info = serde_json::json!({
        "site": s, "status": s.status, "status_by": detail.status_by, "status_at": detail.status_at,
        "progress": progress, "blocking": detail.score.blocking,
        "total": detail.score.total, "max": detail.score.max,
    });
    out.print(&info, || {
        format!(
            "{} — {}\nTrạng thái: {}\nĐã có kết quả: {} · cần xem xét: {} · chưa có: {} (trên {} tiêu chí áp dụng)\nĐiểm: {} / {}\n{}",
            s.agency_name,
            s.url,
            s.status.as_str(),
            progress.done,
            progress.blocked,
            progress.left,
            progress.applicable,
            detail.score.total,
            detail.score.max,
            if detail.score.blocking.is_empty() {
                String::new()
            } else {
                format!("Còn chặn: {}\n", detail.score.blocking.join(", "))
            }
        )
    })
}

fn log(store: &Store, site: &SiteRef, code: Option<&str>, csv: bool, out: &Output) -> Result<(), Error> {
    let s = site.resolve(store)?;
    if csv {
        print!("{}", store.audit_csv(s.id)?);
        return Ok(());
    }
    let log = store.audit_trail(s.id, code)?;
    out.print(&log, || {
        log.iter()
            .map(|e| {
                format!(
                    "{}  {:<28} {:<18} {:<10} {} → {}{}\n",
                    e.at,
                    e.actor,
                    e.entity_id,
                    e.field,
                    e.old_value.as_deref().unwrap_or("∅"),
                    e.new_value.as_deref().unwrap_or("∅"),
                    if e.reason.is_empty() { String::new() } else { format!("  [{}]", e.reason) }
                )
            })
            .collect()
    })
}

/// Applies one decision per line of standard input, acknowledging each once it is saved.
fn apply(store: &mut Store) -> Result<(), Error> {
    #[derive(serde::Deserialize)]
    struct Line {
        site: i64,
        code: String,
        #[serde(flatten)]
        input: ReviewInput,
    }
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| Error::Invalid { field: "stdin", reason: e.to_string(), message_vi: format!("Không đọc được dữ liệu vào: {e}") })?;
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(&line).map_err(|e| Error::Invalid {
            field: "line",
            reason: format!("line {}: {e}", n + 1),
            message_vi: format!("Dòng {} không đúng định dạng: {e}", n + 1),
        })?;
        store.review(l.site, &l.code, &l.input)?;
        // Acknowledge only after the transaction has committed.
        let _ = writeln!(stdout, "ok {}", n + 1);
        let _ = stdout.flush();
    }
    Ok(())
}
