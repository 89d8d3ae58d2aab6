//! `ttdt sites`: the sites of a campaign.

use clap::{Args, Subcommand};
use ttdt_core::domain::SiteInput;
use ttdt_core::{Error, Store};

use crate::args::parse_level;
use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    /// List the sites of a campaign (id or name).
    List { campaign: String },
    /// Add a site to a campaign.
    Add {
        campaign: String,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Remove a site (id or address) from a campaign.
    Remove { campaign: String, site: String },
}

#[derive(Args)]
pub struct SiteArgs {
    /// Agency name (tên cơ quan, đơn vị).
    #[arg(long)]
    agency: String,
    /// ministry | ministry_unit | province | provincial_department | commune (or bo, cuc, tinh, so, xa).
    #[arg(long)]
    level: String,
    /// Address of the portal or website.
    #[arg(long)]
    url: String,
    /// Ranking block (default: by level).
    #[arg(long, default_value = "")]
    block: String,
    /// Parent portal: id or address of a site in the same campaign.
    #[arg(long)]
    parent: Option<String>,
}

pub fn exec(store: &mut Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::List { campaign } => {
            let c = store.find_campaign(campaign)?;
            let sites = store.list_sites(c.id)?;
            out.print(&sites, || {
                let mut s = String::new();
                for site in &sites {
                    s += &format!("{:>5}  {:<22} {:<44} {}\n", site.id, site.level.label_vi(), site.agency_name, site.url);
                }
                s
            })
        }
        Cmd::Add { campaign, site } => {
            let c = store.find_campaign(campaign)?;
            let level = parse_level(&site.level)?;
            let parent_site_id = match &site.parent {
                Some(p) => Some(store.find_site(c.id, p)?.id),
                None => None,
            };
            let added = store.add_site(
                c.id,
                &SiteInput {
                    agency_name: site.agency.clone(),
                    level,
                    block: site.block.clone(),
                    url: site.url.clone(),
                    parent_site_id,
                },
            )?;
            out.print(&added, || format!("Đã thêm trang #{} {} ({}).\n", added.id, added.url, added.agency_name))
        }
        Cmd::Remove { campaign, site } => {
            let c = store.find_campaign(campaign)?;
            let s = store.find_site(c.id, site)?;
            let removed = store.remove_site(s.id)?;
            out.print(&removed, || format!("Đã xóa trang #{} {}.\n", removed.id, removed.url))
        }
    }
}
