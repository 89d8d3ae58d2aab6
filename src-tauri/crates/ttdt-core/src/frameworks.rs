//! Framework files checked against this build's automated checks: the model reads the format,
//! the checks crate knows which check ids exist, and this layer knows both.

use ttdt_model::error::Result;
use ttdt_model::framework::{self, Framework};
use ttdt_model::views::FrameworkSummary;
use ttdt_store::Store;

/// Parses and validates a framework file; its criteria may bind only checks this build has.
pub fn parse(text: &str) -> Result<Framework> {
    framework::parse(text, &ttdt_checks::is_known)
}

/// Imports a framework file into the store (see `Store::import_framework`).
pub fn import(store: &mut Store, text: &str, replace: bool) -> Result<FrameworkSummary> {
    store.import_framework(text, replace, &ttdt_checks::is_known)
}
