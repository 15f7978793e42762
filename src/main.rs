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

/// mimalloc's options, set by [`tune_allocator`] as the program is loaded.
///
/// - `arena_eager_commit` 0 (default 2: eager on Linux): mimalloc returns freed
///   segments of its arenas to the system only from an arena it did not commit
///   up front, so with the default none went back and a month's run kept every
///   segment it had touched (10,000 staff: about 45 MB more at the peak).
/// - `purge_delay` 1 ms (default 10): free pages go back sooner; in a run's
///   phases (read, evaluate, lay out) that frees the memory of the phase before
///   while the next one grows. 0 (at once) cost twice the time.
///
/// They must be set before mimalloc reserves its first arena, which happens on
/// the first allocation, before `main` (set in `main`, the first had no effect);
/// so from a load-time constructor. `MIMALLOC_ARENA_EAGER_COMMIT` and
/// `MIMALLOC_PURGE_DELAY` no longer change them.
#[cfg(target_os = "linux")]
const ALLOCATOR_OPTIONS: [(libmimalloc_sys::mi_option_t, std::os::raw::c_long); 2] = [
    (4, 0),  // mi_option_arena_eager_commit
    (15, 1), // mi_option_purge_delay
];

/// Run by the loader before any allocation (`.init_array`, ELF systems).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // a load-time constructor is declared through an unsafe attribute
#[used]
#[link_section = ".init_array"]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

/// Set [`ALLOCATOR_OPTIONS`]; allocates nothing.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // mimalloc's C API
extern "C" fn tune_allocator() {
    for (option, value) in ALLOCATOR_OPTIONS {
        // SAFETY: mi_option_set stores a value in mimalloc's option table; it
        // may be called at any time, before mimalloc is initialised too.
        unsafe { libmimalloc_sys::mi_option_set(option, value) };
    }
}

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
