//! zhidu's integration tests, one binary: each module tests one command or one
//! document end to end (`cargo test --test suite <module>` runs one module), and
//! `support` holds what they share.
//!
//! - `ZHIDU_BLESS=1` rewrites the golden files in `tests/golden/` instead of comparing.
//! - `ZHIDU_KEEP_TEST_OUTPUT=1` keeps the temporary project folders (and writes the
//!   documents rendered in memory to kept folders) under `target/tmp/`, printing
//!   each path; otherwise every folder is removed, also when a test fails.

mod check_inputs;
mod cli_habits;
mod cli_output;
mod deliver;
mod explain_cli;
mod exports;
mod fuzz;
#[path = "../../examples/fuzz_readers/harness.rs"]
mod harness;
mod hr_deductions;
mod init;
mod input_cache;
mod lang;
mod lang_cli;
mod limits;
mod manual;
mod manual_pdf;
mod money_fail_closed;
mod preflight;
mod presets;
mod render;
mod render_print;
mod run_batch;
mod run_page;
mod sample_month;
mod samples_inputs;
mod sets_and_runs;
mod slip_new;
mod slip_register;
mod slips_render;
mod support;
mod text_limits;
mod values;
mod xls_biff_strings;
