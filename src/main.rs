//! The `zhidu` command: parse the command line, run the command, print the
//! error chain, and exit with the documented code.

use std::io::IsTerminal;
use std::process::ExitCode;

use zhidu::error::Exit;
use zhidu::output::term::{self, TermText};

/// mimalloc instead of the system allocator: a month's run allocates on several
/// threads at once, and glibc's per-thread arenas kept freed memory out of reach
/// of the other threads (the resident size reached twice the live heap).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match zhidu::cli::parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() {
                // The message repeats the value given, escaped like any other text.
                term::errln(&e.render().to_string().trim_end().to_string());
            } else {
                let _ = e.print();
            }
            return ExitCode::from(zhidu::cli::exit_code(&e) as u8);
        }
    };
    cli.lang().set_current();
    match zhidu::cmd::run(&cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(err) => {
            let mut t = TermText::new(cli.use_color(std::io::stderr().is_terminal()));
            t.paint(&zhidu::msg!("main.error").to_string(), "31")
                .push(&zhidu::msg!("main.error_rest", error = err.to_string()).to_string());
            for cause in err.chain().skip(1) {
                t.push("\n  ")
                    .push(&zhidu::msg!("main.caused_by", cause = cause.to_string()).to_string());
            }
            term::errln(&t);
            ExitCode::from(Exit::of_error(&err) as u8)
        }
    }
}
