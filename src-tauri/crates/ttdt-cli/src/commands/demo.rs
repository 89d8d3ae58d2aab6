//! `ttdt demo`: the demo campaign (`init`, in the database) and its sample portals (`serve`,
//! no database).

use clap::Subcommand;
use serde::Serialize;
use ttdt_core::domain::Campaign;
use ttdt_core::{demo, Error, Store};

use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    #[command(flatten)]
    Stored(StoredCmd),
    #[command(flatten)]
    Offline(OfflineCmd),
}

#[derive(Subcommand)]
pub enum StoredCmd {
    /// Create the demo campaign ("Chiến dịch mẫu") as the app does on first launch.
    Init {
        #[arg(long, default_value_t = demo::demo_port())]
        port: u16,
    },
}

#[derive(Subcommand)]
pub enum OfflineCmd {
    /// Serve the sample portals on loopback until interrupted.
    Serve {
        #[arg(long, default_value_t = demo::demo_port())]
        port: u16,
    },
}

pub fn exec(store: &mut Store, cmd: &StoredCmd, out: &Output) -> Result<(), Error> {
    match cmd {
        StoredCmd::Init { port } => {
            let base = demo::base_url(*port);
            let (c, created) = demo::init_demo(store, &base)?;
            #[derive(Serialize)]
            struct Init<'a> {
                campaign: &'a Campaign,
                created: bool,
                base_url: &'a str,
            }
            out.print(&Init { campaign: &c, created, base_url: &base }, || {
                if created {
                    format!("Đã tạo “{}” (#{}) với {} trang mẫu tại {base}.\n", c.name, c.id, c.site_count)
                } else {
                    format!("“{}” (#{}) đã có sẵn.\n", c.name, c.id)
                }
            })
        }
    }
}

/// Serves until the process is interrupted.
pub fn exec_offline(cmd: &OfflineCmd, out: &Output) -> Result<(), Error> {
    match cmd {
        OfflineCmd::Serve { port } => {
            let server = demo::DemoServer::start(*port)?;
            let info = demo::demo_info(&server.base_url());
            out.print(&info, || {
                let mut s = format!("Đang phục vụ các trang mẫu tại {} (Ctrl+C để dừng):\n", info.base_url);
                for p in &info.portals {
                    s += &format!("  {:<40} {}\n", p.agency_name, p.url);
                }
                s
            })?;
            loop {
                std::thread::park();
            }
        }
    }
}
