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
    /// Remove a site (id or address) from a campaign. It is kept with its results and can be restored.
    Remove {
        campaign: String,
        site: String,
        /// Remove even though the site holds results, decisions or documents.
        #[arg(long)]
        yes: bool,
    },
    /// List the sites removed from a campaign.
    Removed { campaign: String },
    /// Put a removed site back, with its results, decisions and documents (the id `sites removed` lists).
    Restore { campaign: String, id: i64 },
    /// Assign sites (ids or addresses) to an inspector; an empty name takes them back.
    Assign {
        campaign: String,
        #[arg(required = true)]
        sites: Vec<String>,
        /// The inspector's name.
        #[arg(long)]
        inspector: String,
        /// The inspector's unit.
        #[arg(long, default_value = "")]
        unit: String,
    },
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
        Cmd::Remove { campaign, site, yes } => {
            let c = store.find_campaign(campaign)?;
            let s = store.find_site(c.id, site)?;
            let work = store.site_work(s.id)?;
            if !work.is_empty() && !yes {
                return Err(Error::invalid(
                    "site",
                    format!("site {} holds {work:?}; removal needs --yes", s.id),
                    format!(
                        "Trang #{} đã có {} kết quả kiểm tra, {} quyết định của người đánh giá và {} tài liệu. Xóa khỏi chiến dịch thì các kết quả này không còn được tính; trang được lưu lại và có thể khôi phục bằng “ttdt sites restore”. Thêm --yes để xóa.",
                        s.id, work.tool_results, work.decisions, work.attachments
                    ),
                ));
            }
            let removed = store.remove_site(s.id)?;
            out.print(&removed, || format!("Đã xóa trang #{} {} (có thể khôi phục: ttdt sites removed).\n", removed.id, removed.url))
        }
        Cmd::Removed { campaign } => {
            let c = store.find_campaign(campaign)?;
            let list = store.removed_sites(c.id)?;
            out.print(&list, || {
                let mut s = String::new();
                for r in &list {
                    let state = match r.restored_as {
                        Some(id) => format!("đã khôi phục thành trang #{id}"),
                        None => format!("{} kết quả, {} tài liệu", r.results, r.attachments),
                    };
                    s += &format!("{:>5}  {:<44} {:<36} xóa {} bởi {} — {state}\n", r.id, r.agency_name, r.url, r.removed_at, r.removed_by);
                }
                s
            })
        }
        Cmd::Restore { campaign, id } => {
            let c = store.find_campaign(campaign)?;
            if !store.removed_sites(c.id)?.iter().any(|r| r.id == *id) {
                return Err(Error::NotFound { entity: "site", key: format!("đã xóa #{id}") });
            }
            let site = store.restore_site(*id)?;
            out.print(&site, || format!("Đã khôi phục trang #{} {} ({}).\n", site.id, site.url, site.agency_name))
        }
        Cmd::Assign { campaign, sites, inspector, unit } => {
            let c = store.find_campaign(campaign)?;
            let ids = sites.iter().map(|s| store.find_site(c.id, s).map(|s| s.id)).collect::<Result<Vec<_>, _>>()?;
            let n = store.assign_sites(&ids, inspector, unit)?;
            let body = serde_json::json!({ "assigned": n, "inspector": inspector.trim() });
            out.print(&body, || {
                if inspector.trim().is_empty() { format!("Đã bỏ phân công {n} trang.\n") } else { format!("Đã phân công {n} trang cho {}.\n", inspector.trim()) }
            })
        }
    }
}
