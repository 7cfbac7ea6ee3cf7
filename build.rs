//! Lays out the code taper runs on every start next to each other in the release binary.
//!
//! The kernel maps a program's code 64 KiB at a time around each page it touches, so code
//! used at start-up but spread over the whole 2 MiB text made almost all of it resident.
//! `src/hot-text.ld` names the functions one start runs (first frame, a tick, each screen,
//! `taper today` and `taper log`; made by `scripts/hot-text` under callgrind), without
//! their hashes, and asks the linker to put them first, in `.text.hot`. A function the list
//! misses only stays where it was; a name no longer in the program matches nothing. See
//! BENCHMARKS.md ("code order by use").
//!
//! Only for release builds on Linux with the GNU toolchain, whose linkers (rust-lld, GNU
//! ld) read `INSERT BEFORE`. gold and mold do not: with one of them named in RUSTFLAGS the
//! script is left out, and `TAPER_PLAIN_LINK=1` leaves it out in any case.

use std::env;

fn main() {
    let script = "src/hot-text.ld";
    println!("cargo:rerun-if-changed={script}");
    println!("cargo:rerun-if-env-changed=TAPER_PLAIN_LINK");
    let var = |name: &str| env::var(name).unwrap_or_default();
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let release = var("PROFILE") == "release";
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let other_linker = ["gold", "mold", "wild"]
        .iter()
        .any(|name| flags.contains(&format!("fuse-ld={name}")));
    let plain = !var("TAPER_PLAIN_LINK").is_empty();
    let present = std::path::Path::new(script).exists();
    if linux_gnu && release && !other_linker && !plain && present {
        // `-T FILE` to the compiler driver (cc, clang) names a linker script; as two
        // arguments, so no character in the path needs escaping.
        let path = format!("{}/{script}", var("CARGO_MANIFEST_DIR"));
        println!("cargo:rustc-link-arg-bin=taper=-T");
        println!("cargo:rustc-link-arg-bin=taper={path}");
    }
}
