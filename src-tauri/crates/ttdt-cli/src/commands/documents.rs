//! `ttdt documents`: the document assistant on a file, without the database.

use std::path::PathBuf;

use clap::Subcommand;
use ttdt_core::documents::{self, Analysis, Kind};
use ttdt_core::Error;

use crate::args::{file_len, read_file_at_most};
use crate::output::Output;

/// Largest document read (the store's default limit for attachments is 50 MB).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Subcommand)]
pub enum Cmd {
    /// Read a PDF, DOCX or ODT: its pages, header facts and, with --criterion, where each
    /// checklist item is (page and quote).
    Analyse {
        file: PathBuf,
        /// Criterion code whose checklist to look for (e.g. QL.01).
        #[arg(long)]
        criterion: Option<String>,
        /// Shipped framework to take the checklist from (default: the current one).
        #[arg(long, requires = "criterion")]
        framework: Option<String>,
    },
}

pub fn exec(cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::Analyse { file, criterion, framework } => {
            if file_len(file)? > MAX_BYTES {
                return Err(Error::Document {
                    reason: "file too large".into(),
                    message_vi: format!("tệp {} lớn hơn {} MB.", file.display(), MAX_BYTES / 1024 / 1024),
                });
            }
            let bytes = read_file_at_most(file, MAX_BYTES)?;
            let a = documents::analyse_bytes(&bytes, criterion.as_deref(), framework.as_deref())?;
            out.print(&a, || human(&a))
        }
    }
}

fn human(a: &Analysis) -> String {
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let mut s = format!(
        "Loại: {}, {} trang{}\nSố: {}\nNgày: {}\nCơ quan ban hành: {}\nTrích yếu: {}\n",
        match a.kind {
            Kind::Pdf => "PDF",
            Kind::Docx => "DOCX",
            Kind::Odt => "ODT",
            Kind::Image => "ảnh",
        },
        a.pages,
        if a.text_layer { "" } else { " (không có lớp chữ: bản quét hoặc ảnh, không đọc được)" },
        or_dash(&a.meta.number),
        or_dash(&a.meta.date),
        or_dash(&a.meta.issuer),
        or_dash(&a.meta.title),
    );
    for i in &a.items {
        let verdict = match i.found {
            Some(true) => "Có",
            Some(false) => "Không thấy",
            None => "Không xác định được",
        };
        s += &format!("\n- {}: {verdict}", i.label);
        if let (Some(p), Some(q)) = (i.page, &i.quote) {
            s += &format!(" (trang {p}: “{q}”)");
        }
    }
    if !a.items.is_empty() {
        s.push('\n');
    }
    s
}
