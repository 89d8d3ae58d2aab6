//! A framework file (as lossy UTF-8) parsed and validated.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ttdt_testkit::fuzz::framework(data));
