//! `ttdt campaigns`: list and create campaigns, and set what their documents carry.

use clap::Subcommand;
use ttdt_core::domain::{CampaignDocument, NewCampaign, Signatory};
use ttdt_core::{framework, Error, Store};

use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    /// List campaigns.
    List,
    /// Create a campaign with a frozen copy of a framework.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        year: i32,
        #[arg(long, default_value = framework::DEFAULT_FRAMEWORK_ID)]
        framework: String,
    },
    /// What the campaign's documents carry: issuing body, place and who signs. Without any
    /// option, prints the current settings; an option left out keeps its value.
    SetDocument {
        campaign: String,
        /// Issuing body (cơ quan ban hành); "" falls back to the reviewer's unit.
        #[arg(long)]
        issuer: Option<String>,
        /// Place of issue (địa danh), e.g. "Hà Nội".
        #[arg(long)]
        place: Option<String>,
        /// Who signs, left to right, as "Chức danh=Họ tên" (the name may be left blank); replaces
        /// the list.
        #[arg(long = "signatory")]
        signatories: Vec<String>,
        /// Removes every signatory (the reviewer then signs alone).
        #[arg(long, conflicts_with = "signatories")]
        no_signatories: bool,
    },
}

/// "Chức danh=Họ tên" as a signatory; the store checks what it holds.
fn parse_signatory(text: &str) -> Signatory {
    let (title, name) = text.split_once('=').unwrap_or((text, ""));
    Signatory { title: title.trim().to_string(), name: name.trim().to_string() }
}

fn describe(doc: &CampaignDocument) -> String {
    let blank = |s: &str| if s.is_empty() { "(chưa đặt)".to_string() } else { s.to_string() };
    let mut s = format!("Cơ quan ban hành: {}\nĐịa danh: {}\nNgười ký:", blank(&doc.issuer), blank(&doc.place));
    if doc.signatories.is_empty() {
        s += " (chưa đặt: người đánh giá ký)\n";
    } else {
        s += "\n";
        for p in &doc.signatories {
            s += &format!("  {} — {}\n", p.title, blank(&p.name));
        }
    }
    s
}

pub fn exec(store: &mut Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::List => {
            let list = store.list_campaigns()?;
            out.print(&list, || {
                let mut s = format!("{:>4}  {:<32} {:>4}  {:<12} {:>6}\n", "ID", "TÊN", "NĂM", "BỘ TIÊU CHÍ", "SỐ TRANG");
                for c in &list {
                    s += &format!("{:>4}  {:<32} {:>4}  {:<12} {:>6}\n", c.id, c.name, c.year, c.framework_id, c.site_count);
                }
                s
            })
        }
        Cmd::Create { name, year, framework } => {
            let c = store.create_campaign(&NewCampaign {
                name: name.clone(),
                year: *year,
                framework_id: framework.clone(),
            })?;
            out.print(&c, || format!("Đã tạo chiến dịch #{} “{}” ({}) với {} tiêu chí.\n", c.id, c.name, c.year, c.criterion_count))
        }
        Cmd::SetDocument { campaign, issuer, place, signatories, no_signatories } => {
            let c = store.find_campaign(campaign)?;
            let mut doc = store.campaign_document(c.id)?;
            let unchanged = issuer.is_none() && place.is_none() && signatories.is_empty() && !no_signatories;
            if !unchanged {
                if let Some(v) = issuer {
                    doc.issuer = v.clone();
                }
                if let Some(v) = place {
                    doc.place = v.clone();
                }
                if *no_signatories {
                    doc.signatories.clear();
                } else if !signatories.is_empty() {
                    doc.signatories = signatories.iter().map(|s| parse_signatory(s)).collect();
                }
                doc = store.set_campaign_document(c.id, &doc)?;
            }
            out.print(&doc, || format!("{}Chiến dịch #{} “{}”:\n{}", if unchanged { "" } else { "Đã lưu. " }, c.id, c.name, describe(&doc)))
        }
    }
}
