//! The archive reader: any bytes as an in-memory `.zip` (what `clic verify`
//! does with stdin or a pipe), default limits; every entry it yields is
//! read and checked as `verify` would.

#![no_main]

use libfuzzer_sys::fuzz_target;

use clic::input::Input;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let ctx = common::context();
    let input = Input::from_bytes("fuzz.zip", data.to_vec(), &ctx.limits);
    for diagnostic in &input.diagnostics {
        common::assert_reportable(diagnostic);
    }
    for entry in &input.entries {
        match input.read(entry, &ctx.limits) {
            Ok(bytes) => {
                assert!(bytes.len() as u64 <= ctx.limits.max_entry_bytes);
                common::assert_consistent(&clic::checks::check_bytes(bytes, ctx));
            }
            Err(diagnostics) => {
                // An entry not read is KO (the engine counts a file with no
                // error as OK), for a reason the report can show.
                assert!(diagnostics.iter().any(clic::diagnostic::Diagnostic::is_error));
                for diagnostic in &diagnostics {
                    common::assert_reportable(diagnostic);
                }
            }
        }
    }
});
