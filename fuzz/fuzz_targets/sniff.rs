//! An attached document recognised from its bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ttdt_testkit::fuzz::sniff(data));
