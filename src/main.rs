//! The `polyphony` program: with no arguments it opens the window on the demo
//! project; with a subcommand it runs the command line. Errors print once, with
//! their causes, and exit non-zero.

use polyphony::cli::{Cli, PartialFailure, run_or_open_window};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse_with_exit_status_help();
    match run_or_open_window(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) if error.downcast_ref::<PartialFailure>().is_some() => {
            eprintln!("error: {error}");
            ExitCode::from(PartialFailure::EXIT_CODE)
        }
        Err(error) => {
            let message = error.to_string();
            eprintln!("error: {message}");
            // Our messages usually quote their cause already; repeat only news.
            for cause in error.chain().skip(1) {
                let cause = cause.to_string();
                if !message.contains(&cause) {
                    eprintln!("  because: {cause}");
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// A reader that stopped reading (`polyphony docs P | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
