//! `taper import --csv` (line numbers, nothing written on error, duplicates skipped) and
//! `taper status --short` in each state.

mod common;

use std::fs;

use common::{Env, snapshot, w};

fn write(env: &Env, text: &str) -> String {
    let path = env.dir.path().join("in.csv");
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn import_adds_doses_and_skips_duplicates() {
    let env = Env::new();
    env.kratom();
    env.ok(&w("log 4 --at 2027-01-04T08:00"));
    let file = write(
        &env,
        "at,amount,product,note\n2027-01-04T08:00,4,,\n2027-01-04 14:00,4,Red Bali,\"late, after lunch\"\n2027-01-04T14:00,4,,\n",
    );
    let dry = env.ok(&["import", "--csv", &file, "--dry-run"]);
    assert!(dry.contains("would add 1 dose(s)"), "{dry}");
    assert!(dry.contains("2 already in the log"), "{dry}");
    assert_eq!(env.json(&w("today --format json"))["taken"], 0);
    let out = env.ok(&["import", "--csv", &file]);
    assert!(out.contains("added 1 dose(s)"), "{out}");
    assert!(out.contains("2 already in the log"), "{out}");
    let text = fs::read_to_string(env.path("kratom")).unwrap();
    assert!(text.contains("late, after lunch"));
    let again = env.ok(&["import", "--csv", &file]);
    assert!(again.contains("added 0 dose(s)"), "{again}");
}

#[test]
fn import_errors_name_the_line_and_write_nothing() {
    let env = Env::new();
    env.kratom();
    let cases = [
        ("when,amount\n", ":1:"),
        (
            "at,amount\n2027-01-04T08:00,4\n2027-01-04T09:00,lots\n",
            ":3:",
        ),
        ("at,amount\n2027-01-04T08:00,4\nyesterday,4\n", ":3:"),
        ("at,amount\n2027-01-04T08:00,-1\n", ":2:"),
        (
            "at,amount\n2027-01-04T08:00,4\n2027-01-04T09:00,4\n2030-01-01T08:00,4\n",
            ":4:",
        ),
        ("at,amount\n2027-01-04T08:00,4,extra,fields,here\n", ":2:"),
    ];
    for (text, line) in cases {
        let file = write(&env, text);
        let before = snapshot(env.dir.path());
        let out = env.run(&["import", "--csv", &file]);
        assert!(!out.status.success(), "{text:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("in.csv{line}")), "{text:?}: {err}");
        assert_eq!(
            before,
            snapshot(env.dir.path()),
            "{text:?} changed the data dir"
        );
    }
}

#[test]
fn status_short_in_each_state() {
    let env = Env::new();
    // No plan: nothing, exit 0.
    let out = env.run(&w("status --short"));
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    env.kratom();
    env.ok(&w("log 1.5 --at 2027-01-05T08:00"));
    // On plan: the name as `list` shows it, taken/target, the step.
    assert_eq!(
        env.ok(&w("status --short")),
        "kratom 1.5/12 g · step 1/12\n"
    );
    env.ok(&w("hold --from 2027-01-05"));
    assert_eq!(
        env.ok(&w("status --short")),
        "kratom 1.5/12 g · step 1/12 · held\n"
    );
    env.ok(&w("resume --on 2027-01-05"));
    let done = env
        .cmd("2027-06-01T09:00")
        .args(w("status --short"))
        .output()
        .unwrap();
    assert!(done.status.success());
    assert_eq!(
        String::from_utf8(done.stdout).unwrap(),
        "kratom 0/0 g · done\n"
    );
    let long = env.ok(&w("status"));
    assert!(long.starts_with("kratom 1.5/12 g · step 1/12\n"), "{long}");
}
