//! `taper`: see the README, or `taper --help`.

fn main() -> std::process::ExitCode {
    taper::cli::main()
}
