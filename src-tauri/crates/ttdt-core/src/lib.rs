//! TTĐT Workbench core: the domain of portal evaluation campaigns, the criteria frameworks,
//! local storage and the sample portals.
//!
//! This crate knows nothing of Tauri, windows or dialogs: the desktop shell and the `ttdt`
//! command line are thin layers over it.

pub mod bindings;
pub mod browser;
pub mod checks;
pub mod clock;
pub mod collect;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod files;
pub mod import;
pub mod framework;
pub mod portal_server;
pub mod ranking;
pub mod scan;
pub mod scanning;
pub mod scoring;
pub mod site_url;
pub mod sniff;
pub mod storage;
pub mod text;

pub use error::{Error, Result};
pub use storage::Store;
