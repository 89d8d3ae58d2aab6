//! TTĐT Workbench model: the domain of portal evaluation campaigns as plain data — levels,
//! outcomes, campaigns, sites, criteria, results — with the errors every layer reports, the
//! framework file format, scoring and ranking.
//!
//! This crate does no I/O: no network, no database (the `sqlite` feature only lets the store
//! convert its errors), no files, no clock reading.

pub mod campaign_scores;
pub mod clock;
pub mod domain;
pub mod error;
pub mod framework;
pub mod import;
pub mod merge;
pub mod queue;
pub mod ranking;
pub mod review;
pub mod scoring;
pub mod site_url;
pub mod text;
pub mod views;

pub use error::{Error, Result};
