//! Changing a plan from the command line: hold, resume, replan, break, history, and the
//! plan commands (use, archive, rename, list --all, new --force with a log).

mod common;

use std::fs;

use common::{Env, snapshot, w};

/// Run at a given time of day.
fn at(env: &Env, now: &str, args: &[&str]) -> std::process::Output {
    env.cmd(now).args(args).output().unwrap()
}

fn ok_at(env: &Env, now: &str, args: &[&str]) -> String {
    let out = at(env, now, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_at(env: &Env, now: &str, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok_at(env, now, args)).unwrap()
}

fn end_of(show: &serde_json::Value) -> String {
    show["days"].as_array().unwrap().last().unwrap()["date"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn hold_then_resume_moves_the_end_and_today_says_held() {
    let env = Env::new();
    env.kratom();
    let before = end_of(&json_at(&env, "2027-01-20T09:00", &w("show --format json")));
    // 12 → 0 g in 10 weeks, rounded to 0.25: one more week for the last 0.25 g.
    assert_eq!(before, "2027-03-22");
    let out = ok_at(
        &env,
        "2027-01-20T09:00",
        &["hold", "--reason", "hard week", "--signed-off-by", "Dr Lee"],
    );
    assert!(out.contains("held from 2027-01-20"), "{out}");
    let today = ok_at(&env, "2027-01-23T09:00", &["today"]);
    assert!(today.contains("held since 2027-01-20 (4 days)"), "{today}");
    let json = json_at(&env, "2027-01-23T09:00", &w("today --format json"));
    assert_eq!(json["status"], "held");
    ok_at(&env, "2027-01-27T09:00", &["resume"]);
    let show = json_at(&env, "2027-01-27T09:00", &w("show --format json"));
    assert_eq!(end_of(&show), "2027-03-29", "7 days held");
    let days = show["days"].as_array().unwrap();
    let held: Vec<&str> = days
        .iter()
        .filter(|d| d["hold"] == true)
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(held.first(), Some(&"2027-01-20"));
    assert_eq!(held.last(), Some(&"2027-01-26"));
    assert!(days.iter().all(|d| d["break"] == false));
    let csv = ok_at(&env, "2027-01-27T09:00", &w("show --format csv"));
    assert!(
        csv.starts_with("date,step,target,taken,hold,break,off\n"),
        "{csv}"
    );
    assert!(csv.contains("2027-01-20,3,9.75,,true,false"), "{csv}");
    let history = json_at(&env, "2027-01-27T09:00", &w("history --format json"));
    assert_eq!(history[0]["kind"], "hold");
    assert_eq!(history[0]["date"], "2027-01-20");
    assert_eq!(history[0]["reason"], "hard week");
    assert_eq!(history[0]["signed_off_by"], "Dr Lee");
    assert_eq!(history[1]["kind"], "resume");
    let text = fs::read_to_string(env.path("kratom")).unwrap();
    assert!(text.contains("[[amendment]]\nkind = \"hold\""), "{text}");
}

#[test]
fn refusals_change_nothing() {
    let env = Env::new();
    env.kratom();
    let before = snapshot(env.dir.path());
    for args in [
        w("resume"),
        w("hold --from 2026-01-01"),
        w("replan --actual --weeks 8"),
        w("replan --dose 5"),
        w("break --from 2027-01-10 --days 0"),
    ] {
        let out = at(&env, "2027-01-20T09:00", &args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert_eq!(snapshot(env.dir.path()), before, "{args:?} changed a file");
    }
    ok_at(&env, "2027-01-20T09:00", &["hold"]);
    let held = snapshot(env.dir.path());
    assert!(
        !at(&env, "2027-01-21T09:00", &["hold"]).status.success(),
        "a second hold"
    );
    assert_eq!(snapshot(env.dir.path()), held);
}

#[test]
fn replan_from_the_actual_intake_keeps_the_past_and_the_log() {
    let env = Env::new();
    env.kratom();
    for (day, amount) in [("28", "8"), ("29", "8.5"), ("30", "8.25")] {
        ok_at(
            &env,
            "2027-02-01T09:00",
            &["log", amount, "--at", &format!("2027-01-{day}T09:00")],
        );
    }
    let old = json_at(&env, "2027-02-01T09:00", &w("show --format json"));
    let out = ok_at(
        &env,
        "2027-02-01T09:00",
        &w("replan --actual --weeks 12 --method percent --reason slower"),
    );
    // Mean of 8, 8.5 and 8.25 is 8.25, already on the 0.25 grid.
    assert!(
        out.contains("re-planned from 2027-02-01: 8.25 → 0 g"),
        "{out}"
    );
    let new = json_at(&env, "2027-02-01T09:00", &w("show --format json"));
    let (old_days, new_days) = (
        old["days"].as_array().unwrap(),
        new["days"].as_array().unwrap(),
    );
    for (a, b) in old_days
        .iter()
        .zip(new_days)
        .take_while(|(a, _)| a["date"].as_str() < Some("2027-02-01"))
    {
        assert_eq!(a, b);
    }
    let first = new_days.iter().find(|d| d["date"] == "2027-02-01").unwrap();
    assert_eq!(first["target"], 8.25);
    // 12 weeks from 2027-02-01, and a week more for the last unit.
    assert_eq!(end_of(&new), "2027-05-03");
    let history = ok_at(&env, "2027-02-01T09:00", &["history"]);
    assert!(
        history.contains("re-plan from 2027-02-01") && history.contains("slower"),
        "{history}"
    );
    let text = fs::read_to_string(env.path("kratom")).unwrap();
    assert_eq!(text.matches("\n[[dose]]\n").count(), 3, "the log is kept");
    // Going back up is allowed, with the tolerance warning.
    let up = ok_at(&env, "2027-02-01T09:00", &w("replan --dose 12 --weeks 10"));
    assert!(up.contains("Tolerance drops fast"), "{up}");
}

#[test]
fn break_warns_once_and_resumes_later() {
    let env = Env::new();
    env.kratom();
    let out = ok_at(
        &env,
        "2027-01-20T09:00",
        &w("break --from 2027-01-25 --days 7 --resume-dose 8"),
    );
    assert_eq!(out.matches("tolerance falls").count(), 1, "{out}");
    let show = json_at(&env, "2027-01-20T09:00", &w("show --format json"));
    let days = show["days"].as_array().unwrap();
    let on = |date: &str| days.iter().find(|d| d["date"] == date).unwrap().clone();
    assert_eq!(on("2027-01-25")["break"], true);
    assert_eq!(on("2027-01-25")["target"], 0);
    assert_eq!(on("2027-02-01")["break"], false);
    assert_eq!(on("2027-02-01")["target"], 8);
    assert_eq!(end_of(&show), "2027-03-29", "7 days later");
    let today = json_at(&env, "2027-01-26T09:00", &w("today --format json"));
    assert_eq!(today["status"], "break");
}

#[test]
fn today_status_before_on_plan_and_finished() {
    let env = Env::new();
    env.kratom();
    let status = |now: &str| json_at(&env, now, &w("today --format json"))["status"].clone();
    assert_eq!(status("2027-01-01T09:00"), "before");
    assert_eq!(status("2027-01-05T09:00"), "on_plan");
    assert_eq!(status("2027-03-21T09:00"), "on_plan");
    assert_eq!(status("2027-03-27T09:00"), "finished");
    let text = ok_at(&env, "2027-03-27T09:00", &["today"]);
    assert!(
        text.contains("the taper is complete (on 2027-03-22)"),
        "{text}"
    );
    assert!(text.contains("6 day(s) without a dose so far"), "{text}");
}

#[test]
fn new_force_never_loses_a_log() {
    let env = Env::new();
    env.kratom();
    env.ok(&w("log 4 --at 2027-01-05T08:00"));
    let before = snapshot(env.dir.path());
    let out = env.run(&w(
        "new kratom --unit g --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 8 --force",
    ));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("replan") && err.contains("archive"), "{err}");
    assert_eq!(snapshot(env.dir.path()), before);
}

#[test]
fn use_archive_rename_and_list() {
    let env = Env::new();
    env.kratom();
    env.ok(&w("new oxy --unit mg --start-dose 30 --target-dose 0 --start 2027-01-04 --weeks 20 --class opioid"));
    env.ok(&w("new codeine --unit mg --start-dose 60 --target-dose 0 --start 2027-01-04 --weeks 20 --class opioid"));
    let out = env.run(&["list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 active plans are opioid: codeine, oxy"),
        "{err}"
    );
    assert!(env.ok(&w("use oxy")).contains("oxy is now the default"));
    assert!(env.ok(&["list"]).contains("* oxy"));
    env.ok(&w("archive codeine"));
    assert!(!env.path("codeine").exists());
    assert!(env.dir.path().join("archive/codeine.toml").exists());
    let list = env.ok(&["list"]);
    assert!(!list.contains("codeine"), "{list}");
    let all = env.ok(&w("list --all"));
    assert!(
        all.contains("archived:") && all.contains("codeine"),
        "{all}"
    );
    let out = env.run(&["list"]);
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
    env.ok(&w("rename oxy oxycodone"));
    assert!(env.path("oxycodone").exists() && !env.path("oxy").exists());
    assert!(
        env.ok(&["list"]).contains("* oxycodone"),
        "the default follows"
    );
    assert!(!env.run(&w("rename kratom oxycodone")).status.success());
    assert!(!env.run(&w("use nope")).status.success());
}
