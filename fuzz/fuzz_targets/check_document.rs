//! The per-file pass: any bytes, as one file, through the function `clic
//! verify` runs on each file (bytes and encoding, XML, module, schema,
//! business rules).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let check = clic::checks::check_bytes(data.to_vec(), common::context());
    common::assert_consistent(&check);
});
