//! The journal commands: checkin, journal, products; off-days, the minimum gap and the
//! hold suggestion on the command line.

mod common;

use common::{Env, w};
use std::fs;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn checkin_records_a_day_and_a_second_one_updates_it() {
    let env = Env::new();
    env.kratom();
    let out = env.ok(&w("checkin --withdrawal 6 --pain 3"));
    assert_eq!(out, "check-in 2027-01-05: withdrawal 6 · pain 3\n");
    let out = env.ok(&["checkin", "--pain", "4", "--note", "slept badly"]);
    assert_eq!(
        out,
        "check-in 2027-01-05: withdrawal 6 · pain 4 · note: slept badly\n"
    );
    env.ok(&w(
        "checkin --date 2027-01-04 --effect 8 --mood 5 --sleep 0 --craving 10",
    ));
    let text = fs::read_to_string(env.path("kratom")).unwrap();
    assert!(text.contains(
        "[[checkin]]\ndate = 2027-01-04\ncraving = 10\nmood = 5\nsleep = 0\neffect = 8\n"
    ));
    assert!(text.contains(
        "[[checkin]]\ndate = 2027-01-05\nwithdrawal = 6\npain = 4\nnote = \"slept badly\"\n"
    ));
    assert_eq!(text.matches("[[checkin]]").count(), 2);
    assert!(text.contains("schema = 2"));
    let today = env.json(&w("today --format json"));
    assert_eq!(today["checkin"]["pain"], 4);
    assert_eq!(today["checkin"]["date"], "2027-01-05");
    assert!(
        env.ok(&w("today"))
            .contains("check-in: withdrawal 6 · pain 4 · note: slept badly")
    );
}

#[test]
fn checkin_refuses_nothing_given_out_of_range_and_future_days() {
    let env = Env::new();
    env.kratom();
    let before = common::snapshot(env.dir.path());
    for args in [
        "checkin",
        "checkin --pain 11",
        "checkin --pain -1",
        "checkin --mood 2.5",
        "checkin --date 2027-01-06 --pain 2",
    ] {
        let out = env.run(&w(args));
        assert!(!out.status.success(), "{args}");
        assert!(!stderr(&out).is_empty());
    }
    assert!(stderr(&env.run(&w("checkin --pain 11"))).contains("from 0 to 10"));
    assert!(stderr(&env.run(&w("checkin --date 2027-01-06 --pain 2"))).contains("future"));
    assert_eq!(common::snapshot(env.dir.path()), before, "nothing written");
}

#[test]
fn journal_lists_each_day_with_doses_check_in_and_changes() {
    let env = Env::new();
    env.kratom();
    env.ok(&[
        "log",
        "4",
        "--at",
        "2027-01-04T08:10",
        "--product",
        "Red Bali",
        "--note",
        "ok",
    ]);
    env.ok(&["log", "3", "--at", "08:05", "--product", "Green"]);
    env.ok(&w("checkin --withdrawal 2 --effect 7"));
    env.ok(&["hold", "--from", "2027-01-05", "--reason", "hard week"]);
    let text = env.ok(&w("journal"));
    assert_eq!(
        text,
        "2027-01-04 · target 12 g · taken 4 g\n  08:10  4 g · Red Bali · ok\n\
         2027-01-05 · target 12 g (held) · taken 3 g\n  08:05  3 g · Green\n  \
         check-in: withdrawal 2 · effect 7\n  plan change: hold: hard week\n"
    );
    let json = env.json(&w(
        "journal --from 2027-01-05 --to 2027-01-06 --format json",
    ));
    let days = json.as_array().unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(days[0]["date"], "2027-01-05");
    assert_eq!(days[0]["target"], 12);
    assert_eq!(days[0]["hold"], true);
    assert_eq!(days[0]["off"], false);
    assert_eq!(days[0]["doses"][0]["time"], "2027-01-05T08:05");
    assert_eq!(days[0]["doses"][0]["product"], "Green");
    assert_eq!(days[0]["checkin"]["effect"], 7);
    assert_eq!(days[0]["amendments"][0]["kind"], "hold");
    assert_eq!(days[0]["amendments"][0]["reason"], "hard week");
    assert!(days[1]["checkin"].is_null());
    let out = env.run(&w("journal --from 2027-01-06 --to 2027-01-05"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("before"));
}

#[test]
fn products_lists_each_product_with_its_mean_effect() {
    let env = Env::new();
    env.kratom();
    assert!(env.ok(&w("products")).contains("no products logged yet"));
    assert_eq!(
        env.json(&w("products --format json")),
        serde_json::json!([])
    );
    env.ok(&[
        "log",
        "4",
        "--at",
        "2027-01-04T08:00",
        "--product",
        "Red Bali",
    ]);
    env.ok(&[
        "log",
        "4",
        "--at",
        "2027-01-05T08:00",
        "--product",
        "Red Bali",
    ]);
    env.ok(&["log", "2", "--at", "2027-01-04T14:00", "--product", "Green"]);
    env.ok(&w("checkin --date 2027-01-04 --effect 6"));
    env.ok(&w("checkin --effect 9"));
    assert_eq!(
        env.ok(&w("products")),
        "Red Bali · 2 day(s) · 8 g · last 2027-01-05 08:00 · effect 7.5\n\
         Green · 1 day(s) · 2 g · last 2027-01-04 14:00 · effect 6.0\n"
    );
    let json = env.json(&w("products --format json"));
    assert_eq!(json[0]["name"], "Red Bali");
    assert_eq!(json[0]["days_used"], 2);
    assert_eq!(json[0]["total"], 8);
    assert_eq!(json[0]["last_used"], "2027-01-05T08:00");
    assert_eq!(json[0]["mean_effect"], 7.5);
    assert_eq!(json[1]["mean_effect"], 6.0);
}

#[test]
fn off_days_and_patterns_show_as_off_and_are_not_steps() {
    let env = Env::new();
    env.ok(&w("new p --unit mg --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 10 --off-days tue,sat"));
    let text = fs::read_to_string(env.path("p")).unwrap();
    assert!(text.contains("off_days = [\"tue\", \"sat\"]"), "{text}");
    let show = env.json(&w("show --format json"));
    let days = show["days"].as_array().unwrap();
    assert_eq!(days[1]["date"], "2027-01-05");
    assert_eq!(days[1]["off"], true);
    assert_eq!(days[1]["target"], 0);
    assert_eq!(days[1]["step"], 1);
    assert_eq!(days[0]["off"], false);
    assert_eq!(days[7]["step"], 2, "the off-days made no extra steps");
    let table = env.ok(&w("show"));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("2027-01-05") && l.ends_with("off"))
    );
    let today = env.json(&w("today --format json"));
    assert_eq!(today["off"], true);
    assert_eq!(today["target"], 0);
    let text = env.ok(&w("today"));
    assert!(text.contains("off today (target 0 mg)"), "{text}");
    // A dose on a day off is recorded without judgement.
    let out = env.ok(&["log", "2", "--at", "08:00"]);
    assert!(out.contains("2027-01-05: a day off; 2 mg taken"), "{out}");
    assert!(!env.ok(&w("today")).contains("above"));
    assert!(
        env.ok(&w("journal"))
            .contains("2027-01-05 · off · taken 2 mg\n  08:00  2 mg\n")
    );
    // The tables say so too: `off` in show's and export's CSV and in export's JSON, and a
    // dose on a day off has no difference.
    let csv = env.ok(&w("show --format csv"));
    assert!(
        csv.starts_with("date,step,target,taken,hold,break,off\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\n2027-01-05,1,0,2,false,false,true\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\n2027-01-04,1,10,,false,false,false\n"),
        "{csv}"
    );
    let csv = env.ok(&w("export --format csv --from 2027-01-04 --to 2027-01-06"));
    assert_eq!(
        csv,
        "date,step,target,taken,difference,unit,hold,note,off\n\
         2027-01-04,1,10,,,mg,false,,false\n\
         2027-01-05,1,0,2,,mg,false,,true\n\
         2027-01-06,1,10,,,mg,false,,false\n"
    );
    let export = env.json(&w("export --format json --from 2027-01-05 --to 2027-01-05"));
    let day = &export["schedule"]["days"][0];
    assert_eq!(day["date"], "2027-01-05");
    assert_eq!(day["off"], true);
    assert_eq!(day["taken"], 2);
    assert!(day["difference"].is_null(), "{day}");
    // A re-plan with a pattern.
    env.ok(&w(
        "replan --from 2027-01-11 --dose 9 --weeks 8 --pattern 5on2off",
    ));
    let text = fs::read_to_string(env.path("p")).unwrap();
    assert!(text.contains("pattern = \"5on2off\""), "{text}");
    let show = env.json(&w("show --format json"));
    let day = |date: &str| {
        show["days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == date)
            .unwrap()
            .clone()
    };
    assert_eq!(day("2027-01-16")["off"], true);
    assert_eq!(day("2027-01-17")["off"], true);
    assert_eq!(day("2027-01-18")["off"], false);
    assert_eq!(day("2027-01-12")["off"], false, "Tuesdays no longer off");
    // A re-plan without the flags keeps the days off in force (counted from its day).
    env.ok(&w("replan --from 2027-01-25 --dose 7 --weeks 6"));
    let show = env.json(&w("show --format json"));
    let off: Vec<&str> = show["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["off"] == true && d["date"].as_str().unwrap() >= "2027-01-25")
        .take(2)
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert_eq!(off, ["2027-01-30", "2027-01-31"]);
    for bad in [
        "--off-days funday",
        "--pattern 5on",
        "--off-days mon,tue,wed,thu,fri,sat,sun",
    ] {
        let mut args =
            w("new q --unit mg --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 10");
        args.extend(w(bad));
        assert!(!env.run(&args).status.success(), "{bad}");
    }
}

#[test]
fn a_dose_sooner_than_the_minimum_gap_warns_on_stderr() {
    let env = Env::new();
    env.ok(&w("new p --unit mg --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 10 --min-gap 90"));
    assert!(
        fs::read_to_string(env.path("p"))
            .unwrap()
            .contains("min_gap_minutes = 90")
    );
    let first = env.run(&w("log 2 --at 06:00"));
    assert!(first.status.success());
    assert_eq!(stderr(&first), "");
    let soon = env.run(&w("log 2 --at 07:00"));
    assert!(soon.status.success(), "logged all the same");
    assert!(
        stderr(&soon).contains("60 minute(s) after the one before"),
        "{}",
        stderr(&soon)
    );
    assert!(stderr(&soon).contains("at least 90"));
    let later = env.run(&w("log 2 --at 08:30"));
    assert_eq!(stderr(&later), "");
    assert_eq!(env.json(&w("today --format json"))["taken"], 6);
    assert!(!env.run(&w("new q --unit mg --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 10 --min-gap 0")).status.success());
}

#[test]
fn today_suggests_a_hold_when_withdrawal_is_high_before_a_step_down() {
    let env = Env::new();
    env.kratom();
    // The step down is on 2027-01-11; check in on the 6th, 7th and 8th.
    let on = |day: &str, args: &[&str]| {
        let out = env
            .cmd(&format!("{day}T20:00"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    for day in ["2027-01-06", "2027-01-07", "2027-01-08"] {
        on(day, &w("checkin --withdrawal 7"));
    }
    let json: serde_json::Value =
        serde_json::from_str(&on("2027-01-07", &w("today --format json"))).unwrap();
    assert_eq!(json["suggestion"], "proceed", "4 days before the step");
    assert!(json["reason"].is_string());
    let json: serde_json::Value =
        serde_json::from_str(&on("2027-01-08", &w("today --format json"))).unwrap();
    assert_eq!(json["suggestion"], "hold");
    assert!(json["reason"].as_str().unwrap().contains("7.0"));
    let text = on("2027-01-08", &w("today"));
    assert!(
        text.contains("suggestion: withdrawal has averaged 7.0"),
        "{text}"
    );
    assert!(text.contains("`taper hold`"));
    // A higher threshold set in the file: no suggestion.
    let path = env.path("kratom");
    let file = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        file.replace(
            "doses_per_day = 3\n",
            "doses_per_day = 3\nhold_threshold = 8\n",
        ),
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&on("2027-01-08", &w("today --format json"))).unwrap();
    assert_eq!(json["suggestion"], "proceed");
}

#[test]
fn hold_threshold_is_a_plan_key_from_0_to_10() {
    let env = Env::new();
    env.ok(&w("new p --unit mg --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 10 --hold-threshold 8"));
    let text = fs::read_to_string(env.path("p")).unwrap();
    assert!(text.contains("hold_threshold = 8"), "{text}");
    assert!(!env.run(&w("new q --unit mg --start-dose 10 --target-dose 0 --start 2027-01-04 --weeks 10 --hold-threshold 11")).status.success());
    // In a file: out of range, or in an amendment, it is refused with its line.
    fs::write(
        env.path("p"),
        text.replace("hold_threshold = 8", "hold_threshold = 12"),
    )
    .unwrap();
    let out = env.run(&w("check"));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("hold_threshold = 12 is above 10"),
        "{}",
        stderr(&out)
    );
    let amended = format!(
        "{text}\n[[amendment]]\nkind = \"hold\"\nfrom = 2027-01-05\nmin_gap_minutes = 30\n"
    );
    fs::write(env.path("p"), amended).unwrap();
    let out = env.run(&w("check"));
    assert!(
        stderr(&out).contains("`min_gap_minutes` does not belong in an amendment"),
        "{}",
        stderr(&out)
    );
}
