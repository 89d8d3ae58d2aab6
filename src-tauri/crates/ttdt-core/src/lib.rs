//! TTĐT Workbench application layer: what the desktop shell and the `ttdt` command line call.
//! It runs campaign scans (collect → checks → store), writes exports to files, reads site lists
//! for import, keeps the framework bindings to the checks, and serves the demo.
//!
//! The layers below are crates of their own, re-exported here under their old module names so
//! that the shell and the CLI name one crate:
//! `ttdt_model` (domain, errors, framework format, scoring) → `ttdt_snapshot` (what a scan
//! collects) → `ttdt_checks` (pure) and `ttdt_collect` (network); `ttdt_store` (SQLite) and
//! `ttdt_export` (workbooks) read the model. This crate knows nothing of Tauri.

pub mod bindings;
pub mod bundle;
pub mod demo;
pub mod documents;
pub mod exports;
pub mod frameworks;
pub mod import;
pub mod perf;
pub mod report;
pub mod scanning;

pub use ttdt_checks as checks;
pub use ttdt_collect as collect;
pub use ttdt_collect::browser;
pub use ttdt_export as export;
pub use ttdt_model::{campaign_scores, clock, domain, error, framework, queue, ranking, scoring, site_url, text, views};
pub use ttdt_snapshot as snapshot;
pub use ttdt_store as storage;
pub use ttdt_store::{files, sniff};

pub use error::{Error, Result};
pub use storage::Store;
