//! Printing a command's result: JSON with `--json`, else text for people.

use std::path::Path;

use serde::Serialize;
use ttdt_core::Error;

pub struct Output {
    pub json: bool,
}

impl Output {
    /// Prints `value` as pretty JSON with `--json`, else the text `human` builds.
    pub fn print<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> Result<(), Error> {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
        } else {
            print!("{}", human());
        }
        Ok(())
    }

    /// Writes a file atomically and says where.
    pub fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<(), Error> {
        ttdt_core::files::write_atomic(path, bytes)?;
        self.print(&serde_json::json!({ "path": path.display().to_string() }), || format!("Đã ghi {}.\n", path.display()))
    }

    /// Writes text to a file when one is given, else prints it as is (`ending` after it).
    pub fn write_or_print(&self, path: Option<&Path>, text: &str, ending: &str) -> Result<(), Error> {
        match path {
            Some(p) => self.write_file(p, text.as_bytes()),
            None => {
                print!("{text}{ending}");
                Ok(())
            }
        }
    }
}
