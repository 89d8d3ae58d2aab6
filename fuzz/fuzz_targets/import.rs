//! A site list read as XLSX, XLS, ODS or CSV (named by the first byte) and its rows checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // The import refuses a file when the spreadsheet library panics on it (it catches the
        // panic); libFuzzer's panic hook would abort on that caught panic. Rust's default hook
        // only prints it, and a panic that escapes the import still aborts the run as a crash.
        let _ = std::panic::take_hook();
    },
    |data: &[u8]| ttdt_testkit::fuzz::import(data)
);
