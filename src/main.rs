//! `taper`: see the README, or `taper --help`.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

fn main() -> std::process::ExitCode {
    taper::cli::main()
}
