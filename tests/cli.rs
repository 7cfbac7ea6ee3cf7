//! The command line, run as a user would: a temp data dir and a fixed `TAPER_NOW`.

mod common;

use std::fs;

use common::{Env, snapshot, w};
use serde_json::Value;

#[test]
fn new_writes_a_private_plan_and_refuses_to_overwrite() {
    let env = Env::new();
    let out = env.run(&w(
        "new kratom --unit g --start-dose 12 --target-dose 0 --start 2027-01-04 --weeks 10",
    ));
    assert!(out.status.success());
    let path = env.path("kratom");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        path.display().to_string()
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not replace a clinician"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("start = 2027-01-04"),
        "native date expected:\n{text}"
    );
    assert!(
        text.contains("end = 2027-03-15"),
        "end = start + 7·weeks:\n{text}"
    );
    let again = env.run(&w(
        "new kratom --unit g --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 4",
    ));
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    env.ok(&w(
        "new kratom --unit g --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 4 --force",
    ));
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("start_dose = 10")
    );
    // The replaced plan is kept beside it, private like the plan.
    let backup = env.dir.path().join("kratom.toml.bak");
    assert_eq!(fs::read_to_string(&backup).unwrap(), text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn show_json_has_one_day_per_date_without_float_noise() {
    let env = Env::new();
    env.ok(&w("new h --unit mg --start-dose 20 --target-dose 0 --start 2027-01-04 --weeks 8 --method hyperbolic --emax 90 --ed50 2.5"));
    let json = env.json(&w("show --format json"));
    assert_eq!(json["name"], "h");
    assert_eq!(json["unit"], "mg");
    let days = json["days"].as_array().unwrap();
    assert_eq!(days.len(), 57);
    assert_eq!(days[0]["date"], "2027-01-04");
    assert_eq!(days[56]["date"], "2027-03-01");
    assert!(days[0]["taken"].is_null());
    let mut targets: Vec<String> = days.iter().map(|d| d["target"].to_string()).collect();
    targets.dedup();
    assert_eq!(
        targets,
        [
            "20", "8.75", "5", "3.125", "2", "1.25", "0.714286", "0.3125", "0"
        ]
    );
    let csv = env.ok(&w("show --format csv"));
    assert_eq!(
        csv.lines().next(),
        Some("date,step,target,taken,hold,break,off")
    );
    assert_eq!(
        csv.lines().nth(1),
        Some("2027-01-04,1,20,,false,false,false")
    );
    let table = env.ok(&["show"]);
    assert!(table.contains("2027-01-11      2/9        8.75"), "{table}");
}

#[test]
fn log_then_today_tracks_what_remains() {
    let env = Env::new();
    env.kratom();
    let out = env.ok(&["log", "4", "--product", "Red Bali"]);
    assert!(
        out.contains("logged 4 g at 2027-01-05 09:00 (Red Bali)"),
        "{out}"
    );
    assert!(out.contains("4 of 12 g taken, 8 g remaining"), "{out}");
    env.ok(&w("log 3.25 --at 08:30"));
    let today = env.json(&w("today --format json"));
    assert_eq!(today["date"], "2027-01-05");
    assert_eq!(today["target"], 12);
    assert_eq!(today["taken"], 7.25);
    assert_eq!(today["remaining"], 4.75);
    let doses = today["doses"].as_array().unwrap();
    let sum: f64 = doses.iter().map(|d| d["amount"].as_f64().unwrap()).sum();
    assert_eq!(sum, 12.0);
    assert_eq!(doses[0]["time"], "08:00");
    let taken: Vec<bool> = doses
        .iter()
        .map(|d| d["taken"].as_bool().unwrap())
        .collect();
    // 4 g covers the 08:00 dose; 3.25 g is only part of the 14:00 one, which stays open.
    assert_eq!(taken, [true, false, false]);
    let text = env.ok(&["today"]);
    assert!(
        text.contains("step 1 of 12") && text.contains("remaining 4.75 g"),
        "{text}"
    );
    let file = fs::read_to_string(env.path("kratom")).unwrap();
    assert!(
        file.contains("[[dose]]\nat = 2027-01-05T09:00:00\namount = 4\nproduct = \"Red Bali\""),
        "{file}"
    );
    let show = env.json(&w("show --format json"));
    assert_eq!(show["days"][1]["taken"], 7.25);
}

#[test]
fn log_at_a_past_datetime_and_list() {
    let env = Env::new();
    env.kratom();
    env.ok(&w("log 12 --at 2027-01-04T20:00"));
    let show = env.json(&w("show --format json"));
    assert_eq!(show["days"][0]["taken"], 12);
    let list = env.ok(&["list"]);
    assert!(list.contains("kratom\tkratom\t12 g\tstep 1/12"), "{list}");
}

#[test]
fn bad_input_is_one_line_and_changes_nothing() {
    let env = Env::new();
    env.kratom();
    let before = snapshot(env.dir.path());
    let cases = [
        "log -1",
        "log abc",
        "log 2 --at yesterday",
        "log 2 --at 2027-01-06T09:00",
        "new x --unit g --start-dose -3 --target-dose 0 --start 2027-01-04 --weeks 4",
        "new x --unit g --start-dose ten --target-dose 0 --start 2027-01-04 --weeks 4",
        "new x --unit g --start-dose 5 --target-dose 6 --start 2027-01-04 --weeks 4",
        "new x --unit g --start-dose 5 --target-dose 0 --start 2027-01-04 --end 2026-12-01",
        "new x --unit g --start-dose 5 --target-dose 0 --start 2027-01-04 --weeks 4 --method fast",
        "new bad/name --unit g --start-dose 5 --target-dose 0 --start 2027-01-04 --weeks 4",
        "new x --unit g --start-dose 5 --target-dose 0 --start 2027-01-04",
    ];
    for line in cases {
        let args = w(line);
        let out = env.run(&args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.contains("error") || first.starts_with("taper:"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(snapshot(env.dir.path()), before, "{args:?} changed a file");
    }
}

#[test]
fn a_broken_plan_file_is_reported_and_left_alone() {
    let env = Env::new();
    env.kratom();
    let path = env.path("kratom");
    let broken = fs::read_to_string(&path)
        .unwrap()
        .replace("start_dose = 12", "start_dose = twelve");
    fs::write(&path, &broken).unwrap();
    for args in [&w("log 2")[..], &["today"], &["show"], &["check"]] {
        let out = env.run(args);
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!("{}:13:14: ", path.display())),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("hint:"), "{stderr}");
        assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    }
}

#[test]
fn plan_selection_by_name_path_and_default() {
    let env = Env::new();
    let out = env.run(&["today"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no plan yet"));
    env.kratom();
    env.ok(&w(
        "new other --unit mg --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 4",
    ));
    // The plan made last is the default.
    assert!(env.ok(&["today"]).contains("· other ·"));
    assert!(env.ok(&w("--plan kratom today")).contains("· kratom ·"));
    let path = env.path("kratom");
    assert!(
        env.ok(&["--plan", path.to_str().unwrap(), "today"])
            .contains("· kratom ·")
    );
    let out = env.run(&w("--plan nope today"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kratom, other"));
    // Without a default and with several plans: an error listing them.
    fs::remove_file(env.dir.path().join("default")).unwrap();
    let out = env.run(&["today"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kratom, other"));
}

#[test]
fn percent_and_ladder_from_the_command_line() {
    let env = Env::new();
    env.ok(&w("new op --unit mg --start-dose 60 --target-dose 0 --start 2027-01-04 --percent 10 --step-days 28 --round-to 2.5 --class opioid"));
    let text = fs::read_to_string(env.path("op")).unwrap();
    assert!(
        text.contains("method = \"percent\"") && text.contains("percent = 10.0"),
        "{text}"
    );
    env.ok(&w("new lad --unit mg --target-dose 0 --start 2027-01-04 --method ladder --steps 10:14,7.5:14,5:14"));
    let json = env.json(&w("--plan lad show --format json"));
    assert_eq!(json["days"].as_array().unwrap().len(), 43);
    assert_eq!(json["days"][14]["target"], 7.5);
}

#[test]
fn taper_now_must_be_a_date() {
    let env = Env::new();
    env.kratom();
    let out = env.cmd("soon").arg("today").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("TAPER_NOW"));
    let out = env
        .cmd("2027-01-11")
        .args(["today", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["target"], 11);
}

#[test]
fn control_characters_in_the_file_never_reach_the_terminal() {
    let env = Env::new();
    env.kratom();
    env.ok(&["log", "1", "--product", "evil\x1b[2Jname"]);
    let out = env.ok(&w("log 1"));
    assert!(!out.contains('\x1b'));
    let file = fs::read_to_string(env.path("kratom")).unwrap();
    assert!(file.contains("\\u001B") || file.contains("\\e"), "{file}");
}

#[test]
fn logging_far_above_recent_days_notes_the_tolerance_risk() {
    let env = Env::new();
    env.kratom();
    for day in ["2027-01-04", "2027-01-05", "2027-01-06"] {
        let out = env
            .cmd(&format!("{day}T09:00"))
            .args(["log", "6"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(!String::from_utf8_lossy(&out.stdout).contains("Tolerance"));
    }
    let out = env
        .cmd("2027-01-07T09:00")
        .args(["log", "9"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Tolerance drops fast"), "{stdout}");
}

#[test]
fn completions_are_generated_for_the_shells() {
    let env = Env::new();
    let bash = env.ok(&w("completions bash"));
    assert!(
        bash.contains("taper") && bash.contains("--round-to"),
        "{bash}"
    );
    let fish = env.ok(&w("completions fish"));
    assert!(fish.contains("complete -c taper"));
}

#[test]
fn with_a_later_day_start_a_night_dose_counts_for_the_evening_before() {
    let env = Env::new();
    env.ok(&w(
        "new owl --unit g --start-dose 8 --target-dose 0 --start 2027-01-04 --weeks 8 \
         --doses-per-day 2 --day-starts 04:00",
    ));
    let text = fs::read_to_string(env.path("owl")).unwrap();
    assert!(text.contains("day_starts = 04:00:00"), "{text}");
    let late = env
        .cmd("2027-01-06T01:30")
        .args(["log", "4"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&late.stdout);
    assert!(stdout.contains("2027-01-05: 4 of 8 g taken"), "{stdout}");
    let today = env
        .cmd("2027-01-06T02:00")
        .args(["today", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&today.stdout).unwrap();
    assert_eq!(json["date"], "2027-01-05");
    assert_eq!(json["taken"], 4);
    let show = env.json(&w("show --format json"));
    assert_eq!(show["days"][1]["taken"], 4);
    assert!(show["days"][2]["taken"].is_null());
    let bad = env.run(&w("new x --unit g --start-dose 8 --target-dose 0 --start 2027-01-04 --weeks 8 --day-starts 25:00"));
    assert!(!bad.status.success());
}

/// With no arguments the interface starts without clap's parser (`Cli::bare`); an empty
/// `TAPER_DATA_DIR` still gets clap's error, as with any command.
#[test]
fn an_empty_data_dir_variable_is_an_error_with_or_without_a_command() {
    for args in [&[][..], &["list"][..]] {
        let out = assert_cmd::Command::cargo_bin("taper")
            .unwrap()
            .env("TAPER_DATA_DIR", "")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("'--data-dir <DIR>'"), "{args:?}: {err}");
    }
}
