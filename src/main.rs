//! `taper`: see the README, or `taper --help`. With no command it opens the full-screen
//! interface; with one, the command line runs it.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::process::ExitCode;

use clap::Parser;
use taper::cli::{self, Cli};

fn main() -> ExitCode {
    taper::core::fsafe::no_core_dumps();
    // No arguments at all: the interface, without building the command line's parser
    // (clap's code and help texts are never paged in, and the first frame comes sooner).
    let bare = (std::env::args_os().len() == 1).then(Cli::bare).flatten();
    let cli = match bare.map_or_else(Cli::try_parse, Ok) {
        Ok(cli) => cli,
        Err(e) => return cli::usage(&e),
    };
    if cli.command.is_some() {
        return cli::main(cli);
    }
    let result = cli::setup(&cli).and_then(|(store, clock, config)| {
        taper::tui::run(&store, cli.plan.as_deref(), clock, &config)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            cli::report(&error);
            ExitCode::FAILURE
        }
    }
}
