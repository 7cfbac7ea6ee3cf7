//! `taper`: see the README, or `taper --help`. With no command it opens the full-screen
//! interface; with one, the command line runs it.

use std::process::ExitCode;

use clap::Parser;
use taper::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() {
        return cli::main(cli);
    }
    let result = cli::setup(&cli)
        .and_then(|(store, clock)| taper::tui::run(&store, cli.plan.as_deref(), clock));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            cli::report(&error);
            ExitCode::FAILURE
        }
    }
}
