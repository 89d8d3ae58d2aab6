//! `ttdt`: the workbench without a window, over the same core as the app.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use ttdt_core::domain::{Level, NewCampaign, NewResult, Outcome, ReviewInput, Reviewer, SiteInput};
use ttdt_core::{demo, export, framework, import, storage, Error, Store};

mod scan_report;

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

#[derive(Subcommand)]
enum Command {
    /// Campaigns (chiến dịch đánh giá).
    #[command(subcommand)]
    Campaigns(CampaignCmd),
    /// Sites of a campaign (đơn vị / trang).
    #[command(subcommand)]
    Sites(SiteCmd),
    /// Criteria frameworks (bộ tiêu chí).
    #[command(subcommand)]
    Framework(FrameworkCmd),
    /// The demo campaign and its sample portals.
    #[command(subcommand)]
    Demo(DemoCmd),
    /// Database information.
    #[command(subcommand)]
    Db(DbCmd),
    /// The reviewer working at this installation.
    #[command(subcommand)]
    Reviewer(ReviewerCmd),
    /// A reviewer's decisions, documents and the evaluation's status.
    #[command(subcommand)]
    Review(ReviewCmd),
    /// Results of automated checks or outside tools.
    #[command(subcommand)]
    Results(ResultsCmd),
    /// Official workbooks and data files.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Import a list of sites from XLSX, XLS, ODS or CSV.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Run the automated checks on one address, or on every site of a campaign.
    Scan(ScanArgs),
    /// Measure a page's load in a headless Chromium (median of N loads) and judge HN.01–HN.04.
    Perf(PerfArgs),
}

#[derive(Args)]
struct PerfArgs {
    /// Address of the page to measure.
    url: String,
    /// Loads of the page; the verdicts use the medians.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// desktop (1350×940) or mobile (412×823, scale 1.75).
    #[arg(long, default_value = "desktop")]
    profile: String,
    /// The browser to launch (default: $TTDT_CHROME, then chromium, google-chrome, microsoft-edge…).
    #[arg(long, value_name = "PATH")]
    chrome: Option<PathBuf>,
    /// Throttling preset: mobile-slow4g or desktop-dense4g (default: none, the load as observed).
    #[arg(long)]
    throttling: Option<String>,
    /// Time budget of one load, in milliseconds.
    #[arg(long, default_value_t = 30_000)]
    load_budget_ms: u64,
    /// Accept any certificate (only for a test certificate authority).
    #[arg(long)]
    ignore_certificate_errors: bool,
    /// Write the homepage screenshot (PNG) to this file.
    #[arg(long, value_name = "FILE")]
    screenshot: Option<PathBuf>,
}

#[derive(Args)]
struct ScanArgs {
    /// Address to scan (omit with --campaign).
    url: Option<String>,
    /// The agency's level: ministry | ministry_unit | province | provincial_department | commune.
    #[arg(long)]
    level: Option<String>,
    /// Framework whose check bindings name the criteria (default: each check's own criteria).
    #[arg(long)]
    framework: Option<String>,
    /// Parent portal address, for a component site.
    #[arg(long)]
    parent: Option<String>,
    /// Scan every site of this campaign (id or name) and record the results in the database.
    #[arg(long)]
    campaign: Option<String>,
    /// HOST:PORT:ADDR[,ADDR] — use these addresses for HOST, as curl's --resolve.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// Trust this certificate authority (PEM) as well as the system's.
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<PathBuf>,
    /// Inner pages sampled by kind.
    #[arg(long, default_value_t = 10)]
    sample: usize,
    /// Timeout of one request, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// Time budget of one site, in milliseconds.
    #[arg(long, default_value_t = 60_000)]
    budget_ms: u64,
    /// Sites scanned at the same time (with --campaign).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    #[arg(long)]
    user_agent: Option<String>,
    /// Also measure the homepage's load in a headless Chromium/Chrome/Edge (HN.01–HN.04).
    #[arg(long)]
    browser: bool,
    /// Browser loads per page (with --browser); the verdicts use the medians.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

#[derive(Subcommand)]
enum ExportCmd {
    /// The scorecard ("phiếu đánh giá") of one site.
    Scorecard {
        #[command(flatten)]
        site: SiteRef,
        #[arg(short, long)]
        output: PathBuf,
        /// Issuing body in the header (default: the reviewer's unit).
        #[arg(long)]
        issuer: Option<String>,
        /// Place in the header (default: Hà Nội).
        #[arg(long)]
        place: Option<String>,
    },
    /// The ranking workbook of a campaign.
    Ranking {
        campaign: String,
        #[arg(short, long)]
        output: PathBuf,
        /// Leave evaluations with undecided criteria out of the ranking.
        #[arg(long)]
        exclude_incomplete: bool,
    },
    /// Every result of a campaign as CSV.
    Csv {
        campaign: String,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Scores, ranking and results of a campaign as JSON.
    Json {
        campaign: String,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long)]
        exclude_incomplete: bool,
    },
}

#[derive(Subcommand)]
enum ImportCmd {
    Sites {
        campaign: String,
        file: PathBuf,
        /// Sheet to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Columns, 1-based, e.g. agency=2,level=3,url=5,block=4,parent=6 (default: from the header row).
        #[arg(long)]
        map: Option<String>,
        /// Rows before the data (default 1: a header row).
        #[arg(long, default_value_t = 1)]
        header_rows: usize,
        /// Check every row and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows and leave the bad ones out (default: import nothing if any row is bad).
        #[arg(long)]
        skip_errors: bool,
    },
}

#[derive(Subcommand)]
enum ReviewerCmd {
    Show,
    Set {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        unit: String,
    },
}

#[derive(Args)]
struct SiteRef {
    /// Site id, or its address together with --campaign.
    site: String,
    #[arg(long)]
    campaign: Option<String>,
}

#[derive(Subcommand)]
enum ReviewCmd {
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
        /// Attach a document first (may repeat).
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

#[derive(Subcommand)]
enum ResultsCmd {
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

#[derive(Subcommand)]
enum CampaignCmd {
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

#[derive(Subcommand)]
enum SiteCmd {
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
struct SiteArgs {
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

#[derive(Subcommand)]
enum FrameworkCmd {
    /// List the frameworks installed in this database.
    List,
    /// Show a framework's groups and criteria (an installed framework, or a campaign's copy).
    Show {
        /// Framework id (e.g. TT22-ND224-2026).
        id: Option<String>,
        /// Show this campaign's own copy instead (id or name).
        #[arg(long, conflicts_with = "id")]
        campaign: Option<String>,
    },
    /// Check a framework file without importing it.
    Validate { file: PathBuf },
    /// Import a framework file (all or nothing).
    Import {
        file: PathBuf,
        /// Replace an imported framework with the same id.
        #[arg(long)]
        replace: bool,
    },
    /// Write a framework file: an installed framework, or a campaign's copy.
    Export {
        id: Option<String>,
        #[arg(long, conflicts_with = "id")]
        campaign: Option<String>,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum DemoCmd {
    /// Create the demo campaign ("Chiến dịch mẫu") as the app does on first launch.
    Init {
        #[arg(long, default_value_t = demo::demo_port())]
        port: u16,
    },
    /// Serve the sample portals on loopback until interrupted.
    Serve {
        #[arg(long, default_value_t = demo::demo_port())]
        port: u16,
    },
}

#[derive(Subcommand)]
enum DbCmd {
    /// Path, schema version and durability settings.
    Info,
    /// Largest document a reviewer may attach, in MB (default 50).
    MaxAttachmentMb { mb: Option<u64> },
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
    let db_path = cli.db.clone().unwrap_or_else(storage::default_db_path);
    let out = Output { json: cli.json };
    if let Command::Demo(DemoCmd::Serve { port }) = &cli.command {
        return serve(*port, &out);
    }
    if let Command::Perf(args) = &cli.command {
        return perf(args, &out);
    }
    if let Command::Scan(args) = &cli.command {
        if args.campaign.is_none() {
            return scan_url(args, &out);
        }
    }
    if let Command::Framework(FrameworkCmd::Validate { file }) = &cli.command {
        let fw = ttdt_core::frameworks::parse(&read_framework_file(file)?)?;
        #[derive(Serialize)]
        struct Valid<'a> {
            valid: bool,
            id: &'a str,
            criteria: usize,
            max_points: f64,
        }
        let v = Valid { valid: true, id: &fw.id, criteria: fw.criteria.len(), max_points: fw.max_points() };
        return out.print(&v, || format!("Hợp lệ: {} — {} tiêu chí, {} điểm.\n", fw.id, v.criteria, v.max_points));
    }
    let mut store = Store::open(&db_path)?;
    match &cli.command {
        Command::Campaigns(CampaignCmd::List) => {
            let list = store.list_campaigns()?;
            out.print(&list, || {
                let mut s = format!("{:>4}  {:<32} {:>4}  {:<12} {:>6}\n", "ID", "TÊN", "NĂM", "BỘ TIÊU CHÍ", "SỐ TRANG");
                for c in &list {
                    s += &format!("{:>4}  {:<32} {:>4}  {:<12} {:>6}\n", c.id, c.name, c.year, c.framework_id, c.site_count);
                }
                s
            })
        }
        Command::Campaigns(CampaignCmd::Create { name, year, framework }) => {
            let c = store.create_campaign(&NewCampaign {
                name: name.clone(),
                year: *year,
                framework_id: framework.clone(),
            })?;
            out.print(&c, || format!("Đã tạo chiến dịch #{} “{}” ({}) với {} tiêu chí.\n", c.id, c.name, c.year, c.criterion_count))
        }
        Command::Sites(SiteCmd::List { campaign }) => {
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
        Command::Sites(SiteCmd::Add { campaign, site }) => {
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
        Command::Sites(SiteCmd::Remove { campaign, site }) => {
            let c = store.find_campaign(campaign)?;
            let s = store.find_site(c.id, site)?;
            let removed = store.remove_site(s.id)?;
            out.print(&removed, || format!("Đã xóa trang #{} {}.\n", removed.id, removed.url))
        }
        Command::Framework(FrameworkCmd::Show { id, campaign }) => {
            let (title, groups, criteria) = match (id, campaign) {
                (_, Some(c)) => {
                    let c = store.find_campaign(c)?;
                    let fw = store.campaign_framework(c.id)?;
                    (format!("{} — bản của chiến dịch “{}”", fw.framework_id, c.name), fw.groups, fw.criteria)
                }
                (Some(id), None) => {
                    let d = store.framework_detail(id)?;
                    (format!("{} — {}", d.summary.id, d.summary.name), d.groups, d.criteria)
                }
                (None, None) => return Err(missing_framework_arg()),
            };
            #[derive(Serialize)]
            struct Show<'a> {
                title: &'a str,
                groups: &'a [ttdt_core::domain::CriterionGroup],
                criteria: &'a [ttdt_core::domain::Criterion],
            }
            out.print(&Show { title: &title, groups: &groups, criteria: &criteria }, || {
                let mut s = format!("{title}\n");
                for g in &groups {
                    s += &format!("\n{} {} ({} điểm)\n", g.code, g.name, g.points);
                    for c in criteria.iter().filter(|c| c.group_code == g.code) {
                        let method = match c.method {
                            ttdt_core::domain::Method::Automated => "A",
                            ttdt_core::domain::Method::Hybrid => "H",
                            ttdt_core::domain::Method::Manual => "M",
                        };
                        let basis: Vec<String> = c
                            .legal_basis
                            .iter()
                            .map(|l| if l.article.is_empty() { l.text.clone() } else { format!("{}, {}", l.text, l.article) })
                            .collect();
                        let retired = if c.retired { " [ngừng áp dụng]" } else { "" };
                        s += &format!("  {:<6} {} {:>5}  {}{retired}\n         {}\n", c.code, method, c.points, c.title, basis.join("; "));
                    }
                }
                s
            })
        }
        Command::Framework(FrameworkCmd::Import { file, replace }) => {
            let f = ttdt_core::frameworks::import(&mut store, &read_framework_file(file)?, *replace)?;
            out.print(&f, || format!("Đã nhập {} — {} tiêu chí, {} điểm.\n", f.id, f.criterion_count, f.max_points))
        }
        Command::Framework(FrameworkCmd::Export { id, campaign, output }) => {
            let text = match (id, campaign) {
                (_, Some(c)) => {
                    let c = store.find_campaign(c)?;
                    store.export_campaign_framework(c.id)?
                }
                (Some(id), None) => store.framework_source(id)?,
                (None, None) => return Err(missing_framework_arg()),
            };
            match output {
                Some(path) => {
                    ttdt_core::files::write_atomic(path, text.as_bytes())?;
                    let done = serde_json::json!({ "path": path.display().to_string() });
                    out.print(&done, || format!("Đã ghi {}.\n", path.display()))
                }
                None => {
                    print!("{text}");
                    Ok(())
                }
            }
        }
        Command::Framework(FrameworkCmd::Validate { .. }) => unreachable!("handled before opening the database"),
        Command::Framework(FrameworkCmd::List) => {
            let list = store.list_frameworks()?;
            out.print(&list, || {
                let mut s = String::new();
                for f in &list {
                    s += &format!("{:<18} {:>4}  {:>3} tiêu chí  {:>6} điểm  {}\n", f.id, f.year, f.criterion_count, f.max_points, f.name);
                }
                s
            })
        }
        Command::Demo(DemoCmd::Init { port }) => {
            let base = demo::base_url(*port);
            let (c, created) = demo::init_demo(&mut store, &base)?;
            #[derive(Serialize)]
            struct Init<'a> {
                campaign: &'a ttdt_core::domain::Campaign,
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
        Command::Db(DbCmd::MaxAttachmentMb { mb }) => {
            if let Some(mb) = mb {
                if *mb == 0 || *mb > 2048 {
                    return Err(Error::Invalid {
                        field: "mb",
                        reason: format!("{mb} MB out of 1..=2048"),
                        message_vi: "Giới hạn tệp phải từ 1 đến 2048 MB.".into(),
                    });
                }
                store.set_setting("max_attachment_mb", &mb.to_string())?;
            }
            let current = store
                .setting("max_attachment_mb")?
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(storage::DEFAULT_MAX_ATTACHMENT_MB);
            out.print(&serde_json::json!({ "max_attachment_mb": current }), || format!("Giới hạn tệp đính kèm: {current} MB.\n"))
        }
        Command::Db(DbCmd::Info) => {
            let (journal, sync, fk) = store.durability()?;
            let info = serde_json::json!({
                "path": store.path().display().to_string(),
                "schema_version": store.schema_version()?,
                "journal_mode": journal,
                "synchronous": sync,
                "foreign_keys": fk,
            });
            out.print(&info, || format!("{}\n", serde_json::to_string_pretty(&info).unwrap_or_default()))
        }
        Command::Demo(DemoCmd::Serve { .. }) => unreachable!("handled before opening the database"),
        Command::Perf(_) => unreachable!("handled before opening the database"),
        Command::Reviewer(ReviewerCmd::Show) => {
            let r = store.reviewer()?;
            out.print(&r, || match &r {
                Some(r) => format!("{} {}\n", r.name, if r.unit.is_empty() { String::new() } else { format!("({})", r.unit) }),
                None => "Chưa khai báo người đánh giá.\n".into(),
            })
        }
        Command::Reviewer(ReviewerCmd::Set { name, unit }) => {
            let r = store.set_reviewer(&Reviewer { name: name.clone(), unit: unit.clone() })?;
            out.print(&r, || format!("Người đánh giá: {}\n", r.name))
        }
        Command::Review(cmd) => review(&mut store, cmd, &out),
        Command::Export(cmd) => export(&store, cmd, &out),
        Command::Scan(args) => {
            let campaign = store.find_campaign(args.campaign.as_deref().unwrap_or(""))?;
            let ids: Vec<i64> = store.list_sites(campaign.id)?.iter().map(|s| s.id).collect();
            let config = scan_config(args)?;
            let shared = std::sync::Mutex::new(store);
            let cancel = ttdt_core::collect::CancelToken::default();
            let summary = ttdt_core::scanning::scan_sites(&shared, &ids, config, args.concurrency, &cancel, |p| {
                if !out.json {
                    eprintln!(
                        "[{}/{}] {} — {}{}",
                        p.done,
                        p.total,
                        p.agency_name,
                        p.status_label,
                        p.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
                    );
                }
            })?;
            out.print(&summary, || {
                format!(
                    "Đã kiểm tra {} trang ({} không tải được), ghi {} kết quả.\n",
                    summary.scanned, summary.unreachable, summary.recorded
                )
            })
        }
        Command::Import(ImportCmd::Sites { campaign, file, sheet, map, header_rows, dry_run, skip_errors }) => {
            let c = store.find_campaign(campaign)?;
            let bytes = std::fs::read(file).map_err(|e| Error::Invalid {
                field: "file",
                reason: format!("cannot read {}: {e}", file.display()),
                message_vi: format!("Không đọc được tệp {}: {e}", file.display()),
            })?;
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("tệp");
            let table = import::read_table(&bytes, name, sheet.as_deref())?;
            let columns = match map {
                Some(m) => parse_map(m)?,
                None => import::guess_columns(table.rows.get(header_rows.saturating_sub(1)).map(Vec::as_slice).unwrap_or(&[])),
            };
            let rows = import::map_rows(&table, &columns, *header_rows)?;
            let report = store.import_sites(c.id, &rows, *skip_errors, *dry_run)?;
            let failed = !report.committed && !dry_run;
            out.print(&report, || {
                let mut s = format!("Trang tính “{}”: {} dòng hợp lệ, {} dòng lỗi.\n", table.sheet, report.valid, report.invalid);
                for r in report.rows.iter().filter(|r| !r.errors.is_empty()) {
                    s += &format!("  dòng {}: {}\n", r.line, r.errors.join("; "));
                }
                s += &if report.committed {
                    format!("Đã nhập {} trang.\n", report.added)
                } else if *dry_run {
                    "Chạy thử: chưa ghi gì.\n".to_string()
                } else {
                    "Không nhập gì vì có dòng lỗi. Sửa tệp, hoặc dùng --skip-errors để bỏ qua các dòng lỗi.\n".to_string()
                };
                s
            })?;
            if failed {
                return Err(Error::Invalid {
                    field: "file",
                    reason: format!("{} rows with errors; nothing imported", report.invalid),
                    message_vi: format!("Có {} dòng lỗi; chưa nhập gì.", report.invalid),
                });
            }
            Ok(())
        }
        Command::Results(ResultsCmd::Record { site, code, outcome, share, evidence, note }) => {
            let s = resolve_site(&store, site)?;
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

fn serve(port: u16, out: &Output) -> Result<(), Error> {
    let server = demo::DemoServer::start(port)?;
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

fn review(store: &mut Store, cmd: &ReviewCmd, out: &Output) -> Result<(), Error> {
    match cmd {
        ReviewCmd::Set { site, code, outcome, points, share, note, reason, check, attach } => {
            let s = resolve_site(store, site)?;
            for file in attach {
                let bytes = std::fs::read(file).map_err(|e| Error::Invalid {
                    field: "file",
                    reason: format!("cannot read {}: {e}", file.display()),
                    message_vi: format!("Không đọc được tệp {}: {e}", file.display()),
                })?;
                let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("tai-lieu");
                store.attach(s.id, code, name, &bytes)?;
            }
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
            let r = store.review(s.id, code, &input)?;
            out.print(&r, || format!("Đã lưu {} = {} ({} điểm).\n", r.criterion_code, r.outcome.as_str(), r.points))
        }
        ReviewCmd::Status { site } => {
            let s = resolve_site(store, site)?;
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
        ReviewCmd::Submit { site } => {
            let s = resolve_site(store, site)?;
            let s = store.submit(s.id)?;
            out.print(&s, || format!("Đã nộp phiếu đánh giá của {}.\n", s.agency_name))
        }
        ReviewCmd::Finalise { site } => {
            let s = resolve_site(store, site)?;
            let s = store.finalise(s.id)?;
            out.print(&s, || format!("Đã chốt phiếu đánh giá của {}.\n", s.agency_name))
        }
        ReviewCmd::Reopen { site, reason } => {
            let s = resolve_site(store, site)?;
            let s = store.reopen(s.id, reason)?;
            out.print(&s, || format!("Đã mở lại phiếu đánh giá của {}.\n", s.agency_name))
        }
        ReviewCmd::Log { site, code, csv } => {
            let s = resolve_site(store, site)?;
            if *csv {
                print!("{}", store.audit_csv(s.id)?);
                return Ok(());
            }
            let log = store.audit_trail(s.id, code.as_deref())?;
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
        ReviewCmd::Apply => {
            use std::io::{BufRead, Write};
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
    }
}

fn export(store: &Store, cmd: &ExportCmd, out: &Output) -> Result<(), Error> {
    let write = |path: &std::path::Path, bytes: &[u8]| -> Result<(), Error> {
        ttdt_core::files::write_atomic(path, bytes)?;
        out.print(&serde_json::json!({ "path": path.display().to_string() }), || format!("Đã ghi {}.\n", path.display()))
    };
    match cmd {
        ExportCmd::Scorecard { site, output, issuer, place } => {
            let s = resolve_site(store, site)?;
            let data = store.campaign_scores(s.campaign_id)?;
            let head = store.letterhead(issuer.as_deref(), place.as_deref())?;
            write(output, &export::scorecard_xlsx(&data, s.id, &head, Default::default())?)
        }
        ExportCmd::Ranking { campaign, output, exclude_incomplete } => {
            let c = store.find_campaign(campaign)?;
            let data = store.campaign_scores(c.id)?;
            let opts = export::ExportOptions { exclude_incomplete: *exclude_incomplete, ..Default::default() };
            write(output, &export::ranking_xlsx(&data, &store.letterhead(None, None)?, opts)?)
        }
        ExportCmd::Csv { campaign, output } => {
            let c = store.find_campaign(campaign)?;
            let text = export::results_csv(&store.campaign_scores(c.id)?);
            match output {
                Some(p) => write(p, text.as_bytes()),
                None => {
                    print!("{text}");
                    Ok(())
                }
            }
        }
        ExportCmd::Json { campaign, output, exclude_incomplete } => {
            let c = store.find_campaign(campaign)?;
            let value = export::results_json(&store.campaign_scores(c.id)?, *exclude_incomplete);
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            match output {
                Some(p) => write(p, text.as_bytes()),
                None => {
                    println!("{text}");
                    Ok(())
                }
            }
        }
    }
}

fn parse_map(spec: &str) -> Result<import::ColumnMap, Error> {
    let bad = || Error::Invalid {
        field: "map",
        reason: format!("bad column map {spec:?}"),
        message_vi: format!("Ánh xạ cột “{spec}” không hợp lệ; ví dụ: agency=2,level=3,url=5,block=4,parent=6"),
    };
    let mut m = import::ColumnMap::default();
    for part in spec.split(',') {
        let (k, v) = part.split_once('=').ok_or_else(bad)?;
        let n: u32 = v.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(bad)?;
        let slot = match k.trim() {
            "agency" => &mut m.agency,
            "level" => &mut m.level,
            "url" => &mut m.url,
            "block" => &mut m.block,
            "parent" => &mut m.parent,
            _ => return Err(bad()),
        };
        *slot = Some(n - 1);
    }
    Ok(m)
}

fn resolve_site(store: &Store, r: &SiteRef) -> Result<ttdt_core::domain::Site, Error> {
    match (&r.campaign, r.site.trim().parse::<i64>()) {
        (None, Ok(id)) => store.site(id),
        (Some(c), _) => {
            let c = store.find_campaign(c)?;
            store.find_site(c.id, &r.site)
        }
        (None, Err(_)) => Err(Error::Invalid {
            field: "site",
            reason: "site address without --campaign".into(),
            message_vi: "Hãy nêu mã số trang, hoặc địa chỉ trang kèm --campaign.".into(),
        }),
    }
}

fn parse_outcome(s: &str) -> Result<Outcome, Error> {
    let key = s.trim().to_lowercase();
    let o = Outcome::parse(&key).or(match key.as_str() {
        "dat" | "đạt" => Some(Outcome::Pass),
        "mot-phan" | "một-phần" => Some(Outcome::Partial),
        "khong-dat" | "không-đạt" => Some(Outcome::Fail),
        "khong-ap-dung" | "không-áp-dụng" => Some(Outcome::NotApplicable),
        _ => None,
    });
    o.ok_or_else(|| Error::Invalid {
        field: "outcome",
        reason: format!("unknown outcome {s:?}"),
        message_vi: format!("Kết quả “{s}” không hợp lệ. Chọn: pass (dat), partial (mot-phan), fail (khong-dat), not_applicable (khong-ap-dung)."),
    })
}

fn missing_framework_arg() -> Error {
    Error::Invalid {
        field: "id",
        reason: "neither a framework id nor --campaign given".into(),
        message_vi: "Hãy nêu mã bộ tiêu chí hoặc --campaign.".into(),
    }
}

fn read_framework_file(path: &std::path::Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Invalid {
        field: "file",
        reason: format!("cannot read {}: {e}", path.display()),
        message_vi: format!("Không đọc được tệp {}: {e}", path.display()),
    })?;
    String::from_utf8(bytes).map_err(|_| Error::Framework {
        id: "?".into(),
        reason: format!("tệp {} không phải văn bản UTF-8", path.display()),
    })
}

fn scan_config(args: &ScanArgs) -> Result<ttdt_core::collect::CollectConfig, Error> {
    let mut config = ttdt_core::collect::CollectConfig {
        sample_size: args.sample,
        request_timeout_ms: args.timeout_ms,
        site_budget_ms: args.budget_ms,
        ..Default::default()
    };
    if let Some(ua) = &args.user_agent {
        config.user_agent = ua.clone();
    }
    if args.browser {
        config.browser = Some(ttdt_core::browser::BrowserConfig { runs: args.runs.max(1), ..Default::default() });
    }
    for r in &args.resolve {
        config.add_resolve(r).map_err(|m| Error::invalid("resolve", m.clone(), m))?;
    }
    if let Some(path) = &args.ca_cert {
        let pem = std::fs::read_to_string(path).map_err(|e| {
            Error::invalid("ca_cert", e.to_string(), format!("Không đọc được tệp chứng chỉ {}.", path.display()))
        })?;
        config.extra_ca_pem.push(pem);
    }
    Ok(config)
}

fn scan_url(args: &ScanArgs, out: &Output) -> Result<(), Error> {
    let url = args.url.as_deref().ok_or_else(|| {
        Error::invalid("url", "missing", "Cần địa chỉ trang cần kiểm tra (hoặc --campaign).")
    })?;
    let url = ttdt_core::site_url::normalise(url)?.url;
    let level = parse_level(args.level.as_deref().ok_or_else(|| {
        Error::invalid("level", "missing", "Cần --level: cấp của cơ quan (bo, cuc, tinh, so, xa).")
    })?)?;
    let criteria = match &args.framework {
        Some(id) => Some(
            framework::builtin()
                .into_iter()
                .find(|f| &f.id == id)
                .ok_or_else(|| Error::NotFound { entity: "framework", key: id.clone() })?
                .criteria(),
        ),
        None => None,
    };
    let fetcher = ttdt_core::collect::Fetcher::new(scan_config(args)?)?;
    let rt = ttdt_core::collect::runtime()?;
    let target = ttdt_core::collect::ScanTarget { url, level, parent_url: args.parent.clone() };
    let cancel = ttdt_core::collect::CancelToken::default();
    let snap = rt.block_on(ttdt_core::collect::collect_site(&fetcher, &target, time::OffsetDateTime::now_utc(), &cancel));
    let findings = ttdt_core::checks::judge_all(&snap);
    let bound = ttdt_core::checks::bind(&findings, criteria.as_deref());
    let report = scan_report::report(&snap, &bound);
    out.print(&report, || {
        let mut s = format!("{} — {} ({} ms, {} trang)\n", report.url, report.status_label, report.duration_ms, report.sample.len());
        for c in &report.criteria {
            s += &format!("{:<6} {:<13} {}\n", c.code, c.outcome.as_str(), c.message);
        }
        s
    })
}

fn perf(args: &PerfArgs, out: &Output) -> Result<(), Error> {
    use ttdt_core::browser::{self, BrowserConfig, Profile, Throttling};
    use ttdt_core::snapshot::{LoadMetrics, Snapshot};
    let url = if args.url.contains("://") { args.url.clone() } else { ttdt_core::site_url::normalise(&args.url)?.url };
    let profile = Profile::parse(&args.profile)
        .ok_or_else(|| Error::invalid("profile", format!("unknown profile {:?}", args.profile), "Chọn --profile desktop hoặc mobile."))?;
    let throttling = match &args.throttling {
        Some(name) => Some(Throttling::preset(name).ok_or_else(|| {
            Error::invalid("throttling", format!("unknown preset {name:?}"), "Chọn --throttling mobile-slow4g hoặc desktop-dense4g.")
        })?),
        None => None,
    };
    let runs = args.runs.clamp(1, 20);
    let cfg = BrowserConfig {
        chrome_path: args.chrome.clone(),
        runs,
        profile,
        throttling,
        load_budget_ms: args.load_budget_ms,
        page_budget_ms: args.load_budget_ms * (runs as u64 + 1) + 30_000,
        ignore_certificate_errors: args.ignore_certificate_errors,
        ..BrowserConfig::default()
    };
    let run = browser::measure(&url, &cfg, browser::interrupt_flag());
    if let (Some(path), Some(bytes)) = (&args.screenshot, run.screenshot_png()) {
        ttdt_core::files::write_atomic(path, &bytes)?;
    }
    let mut snap = Snapshot::new(&url, Level::Province, None, time::OffsetDateTime::now_utc(), "");
    snap.duration_ms = run.duration_ms;
    snap.browser = Some(run);
    let ctx = ttdt_core::checks::Context::new(&snap);
    let verdicts: Vec<(&str, ttdt_core::checks::Finding)> = ["performance.fcp", "performance.lcp", "performance.speed_index", "performance.long_task"]
        .iter()
        .filter_map(|id| ttdt_core::checks::check(id))
        .map(|c| (c.criteria[0], ttdt_core::checks::judge(c, &ctx)))
        .collect();
    let Some(run) = &snap.browser else { return Ok(()) };
    #[derive(Serialize)]
    struct Verdict<'a> {
        code: &'a str,
        outcome: Outcome,
        message: &'static str,
        evidence: serde_json::Value,
    }
    #[derive(Serialize)]
    struct PerfReport<'a> {
        run: serde_json::Value,
        verdicts: Vec<Verdict<'a>>,
    }
    // The rendered page and the screenshot are kept in a scan's snapshot; here only their sizes.
    let mut run_json = serde_json::to_value(run).unwrap_or_default();
    run_json["rendered_html"] = serde_json::json!(run.rendered_html.as_ref().map(|h| format!("{} bytes", h.len())));
    run_json["screenshot_png_base64"] = serde_json::json!(run.screenshot_png_base64.as_ref().map(|p| format!("{} bytes (base64)", p.len())));
    let report = PerfReport {
        run: run_json,
        verdicts: verdicts.iter().map(|(code, f)| Verdict { code, outcome: f.outcome, message: f.message(), evidence: f.evidence() }).collect(),
    };
    out.print(&report, || {
        let ms = |v: Option<f64>| v.map(|x| format!("{x:.0} ms")).unwrap_or_else(|| "—".into());
        let line = |m: &LoadMetrics| {
            format!(
                "FCP {}  LCP {}  SI {}  TBT {}  tác vụ dài nhất {}  CLS {}  TTFB {}  {} byte  {} yêu cầu",
                ms(m.fcp_ms),
                ms(m.lcp_ms),
                ms(m.speed_index_ms),
                ms(m.tbt_ms),
                ms(m.longest_task_ms),
                m.cls.map(|c| format!("{c:.3}")).unwrap_or_else(|| "—".into()),
                ms(m.ttfb_ms),
                m.bytes.map(|b| b.to_string()).unwrap_or_else(|| "—".into()),
                m.requests.map(|b| b.to_string()).unwrap_or_else(|| "—".into()),
            )
        };
        let mut s = format!(
            "{} — {}, {} lần tải, {} ({} ms): {}\n",
            run.url,
            run.profile,
            run.runs.len(),
            run.version.as_deref().unwrap_or("không rõ trình duyệt"),
            run.duration_ms,
            run.status.label_vi()
        );
        if let Some(e) = &run.error {
            s += &format!("  lỗi: {e}\n");
        }
        if let Some(m) = &run.median {
            s += &format!("Trung vị: {}\n", line(m));
        }
        for (i, r) in run.runs.iter().enumerate() {
            let at = r.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
            s += &format!("Lần {} {at} ({} ms, {:?}): {}\n", i + 1, r.wall_ms, r.status, line(&r.metrics));
        }
        if let Some(o) = &run.overflow {
            s += &format!("Tràn ngang ở {} px: {} (nội dung rộng {} px)\n", o.viewport_width, if o.overflows { "có" } else { "không" }, o.scroll_width);
        }
        for (code, f) in &verdicts {
            s += &format!("{code:<6} {:<13} {}\n", f.outcome.as_str(), f.message());
        }
        s
    })
}

fn parse_level(s: &str) -> Result<Level, Error> {
    let key = s.trim().to_lowercase();
    let level = Level::parse(&key).or(match key.as_str() {
        "bo" | "bộ" => Some(Level::Ministry),
        "cuc" | "cục" | "don-vi-thuoc-bo" => Some(Level::MinistryUnit),
        "tinh" | "tỉnh" => Some(Level::Province),
        "so" | "sở" => Some(Level::ProvincialDepartment),
        "xa" | "xã" | "phuong" | "phường" => Some(Level::Commune),
        _ => None,
    });
    level.ok_or_else(|| Error::Invalid {
        field: "level",
        reason: format!("unknown level {s:?}"),
        message_vi: format!(
            "Cấp “{s}” không hợp lệ. Chọn một trong: ministry (bo), ministry_unit (cuc), province (tinh), provincial_department (so), commune (xa)."
        ),
    })
}

struct Output {
    json: bool,
}

impl Output {
    fn print<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> Result<(), Error> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
        } else {
            print!("{}", human());
        }
        Ok(())
    }
}
