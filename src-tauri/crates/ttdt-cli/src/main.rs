//! `ttdt`: the workbench without a window, over the same core as the app.
//!
//! This file parses the command line and dispatches: commands that need no database run
//! before it is opened; the others run on the open store. Each subcommand lives in
//! `commands/`, with its arguments and its `exec`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ttdt_core::{storage, Error, Store};

mod args;
mod commands;
mod output;
mod scan_report;

use commands::{Command, Route};
use output::Output;

#[derive(Parser)]
#[command(name = "ttdt", version, about = "TTĐT Workbench: đánh giá cổng/trang thông tin điện tử (dòng lệnh)")]
struct Cli {
    /// Database file (default: the app's database in the OS data folder, or $TTDT_DB).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("error")).init();
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            log::warn!("{e}");
            if cli.json {
                let body = serde_json::json!({ "error": { "code": e.code(), "message": e.user_message() } });
                eprintln!("{body}");
            } else {
                eprintln!("Lỗi: {}", e.user_message());
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), Error> {
    let out = Output { json: cli.json };
    match cli.command.route() {
        Route::Offline(cmd) => cmd.exec(&out),
        Route::Stored(cmd) => {
            let db_path = cli.db.clone().unwrap_or_else(storage::default_db_path);
            cmd.exec(Store::open(&db_path)?, &out)
        }
    }
}
