//! zhidu's integration tests, one binary: each module tests one command or one
//! document end to end (`cargo test --test suite <module>` runs one module).

mod check_inputs;
mod cli_output;
mod explain_cli;
mod hr_deductions;
mod init;
mod manual;
mod manual_pdf;
mod presets;
mod render;
mod run_batch;
mod samples_inputs;
mod slip_new;
mod slips_render;
