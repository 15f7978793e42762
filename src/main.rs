//! The `zhidu` command: parse the command line, run the command, print the
//! error chain, and exit with the documented code.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use zhidu::cli::{paint, Cli};
use zhidu::error::{Exit, UserError};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(zhidu::cli::exit_code(&e) as u8);
        }
    };
    match zhidu::cmd::run(&cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(err) => {
            let user = err.chain().any(|c| c.downcast_ref::<UserError>().is_some());
            let color = cli.use_color(std::io::stderr().is_terminal());
            eprintln!("{}: {err}", paint("error", "31", color));
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(if user { Exit::BadInput } else { Exit::Internal } as u8)
        }
    }
}
