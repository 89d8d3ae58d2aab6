//! `ttdt reviewer`: who is reviewing at this installation (named in the audit trail).

use clap::Subcommand;
use ttdt_core::domain::Reviewer;
use ttdt_core::{Error, Store};

use crate::output::Output;

#[derive(Subcommand)]
pub enum Cmd {
    Show,
    Set {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        unit: String,
    },
}

pub fn exec(store: &mut Store, cmd: &Cmd, out: &Output) -> Result<(), Error> {
    match cmd {
        Cmd::Show => {
            let r = store.reviewer()?;
            out.print(&r, || match &r {
                Some(r) => format!("{} {}\n", r.name, if r.unit.is_empty() { String::new() } else { format!("({})", r.unit) }),
                None => "Chưa khai báo người đánh giá.\n".into(),
            })
        }
        Cmd::Set { name, unit } => {
            let r = store.set_reviewer(&Reviewer { name: name.clone(), unit: unit.clone() })?;
            out.print(&r, || format!("Người đánh giá: {}\n", r.name))
        }
    }
}
