//! A page's bytes (as lossy UTF-8) read and judged as a homepage by every check.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ttdt_testkit::fuzz::page(data));
