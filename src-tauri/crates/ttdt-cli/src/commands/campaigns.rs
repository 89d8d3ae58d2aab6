//! `ttdt campaigns`: list and create campaigns.

use clap::Subcommand;
use ttdt_core::domain::NewCampaign;
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
    }
}
