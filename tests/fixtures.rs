//! Every file in tests/fixtures/valid is accepted by `taper check`; every file in
//! tests/fixtures/invalid is refused with exactly the message in its `.expected` file,
//! located as PATH:LINE:COL, and its bytes are untouched.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn check(path: &Path) -> std::process::Output {
    Command::cargo_bin("taper")
        .unwrap()
        .arg("check")
        .arg(path)
        .env("TAPER_DATA_DIR", "/nonexistent")
        .output()
        .unwrap()
}

#[test]
fn valid_fixtures_pass_check() {
    for path in toml_files("valid") {
        let out = check(&path);
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(": ok"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn invalid_fixtures_fail_with_their_expected_message() {
    for path in toml_files("invalid") {
        let before = fs::read(&path).unwrap();
        let expected = fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{} has no .expected file", path.display()));
        let out = check(&path);
        assert!(!out.status.success(), "{} was accepted", path.display());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr,
            format!("{}:{expected}", path.display()),
            "{}",
            path.display()
        );
        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "{} changed",
            path.display()
        );
    }
}

#[test]
fn bundled_demo_plans_pass_check() {
    for name in ["assets/demo-kratom.toml", "assets/demo-opioid.toml"] {
        let out = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join(name));
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
