//! Lays out the code taper runs on every start next to each other in the release binary.
//!
//! The kernel maps a program's code 64 KiB at a time around each page it touches, so code
//! used at start-up but spread over the whole 2 MiB text made almost all of it resident.
//! `src/hot-text.ld` names the functions taper runs when used (a start and its first frame
//! first, then the everyday keys, then `taper today`, `log` and `status`; made by
//! `scripts/hot-text` under callgrind), without their hashes, and asks the linker to put
//! them first, in `.text.hot`. A function the list misses only stays where it was; a name
//! no longer in the program matches nothing. See BENCHMARKS.md ("Round 5: code order by
//! use").
//!
//! Only for release builds on Linux with the GNU toolchain, whose usual linkers (rust-lld,
//! GNU ld) read `INSERT BEFORE`. gold, mold and wild do not: when the flags, the configured
//! linker or `mold -run` name one of them the script is left out, and `TAPER_PLAIN_LINK=1`
//! leaves it out in any case.

use std::env;
use std::path::Path;

const SCRIPT: &str = "src/hot-text.ld";

fn main() {
    println!("cargo:rerun-if-env-changed=TAPER_PLAIN_LINK");
    for name in ["RUSTC_LINKER", "MOLD_PATH", "LD_PRELOAD"] {
        println!("cargo:rerun-if-env-changed={name}");
    }
    // A file named here that does not exist would make every build dirty.
    let present = Path::new(SCRIPT).exists();
    println!(
        "cargo:rerun-if-changed={}",
        if present { SCRIPT } else { "build.rs" }
    );
    let var = |name: &str| env::var(name).unwrap_or_default();
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let release = var("PROFILE") == "release";
    let plain = !matches!(var("TAPER_PLAIN_LINK").as_str(), "" | "0");
    if linux_gnu && release && present && !plain && !other_linker(&var) {
        // `-T FILE` to the compiler driver (cc, clang) names a linker script; as two
        // arguments, so no character in the path needs escaping.
        let path = format!("{}/{SCRIPT}", var("CARGO_MANIFEST_DIR"));
        println!("cargo:rustc-link-arg-bin=taper=-T");
        println!("cargo:rustc-link-arg-bin=taper={path}");
    }
}

/// Whether the link will use a linker that cannot read the script: named in a flag that
/// picks the linker (`-fuse-ld=`, `--ld-path=`, `-C linker=`), as the configured linker
/// (`RUSTC_LINKER`), or put in place by `mold -run` (`MOLD_PATH`, its `LD_PRELOAD`).
fn other_linker(var: &dyn Fn(&str) -> String) -> bool {
    let named = |text: &str| ["gold", "mold", "wild"].iter().any(|n| text.contains(n));
    let picks_linker = |flag: &str| {
        ["fuse-ld", "ld-path", "linker="]
            .iter()
            .any(|key| flag.contains(key))
    };
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    flags
        .split('\x1f')
        .any(|flag| picks_linker(flag) && named(flag))
        || named(&var("RUSTC_LINKER"))
        || !var("MOLD_PATH").is_empty()
        || var("LD_PRELOAD").contains("mold")
}
