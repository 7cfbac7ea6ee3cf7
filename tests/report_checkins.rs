//! The report's check-in columns and chart are fed by a per-day lookup (the journal's
//! check-ins once they land): with one, the weekly table gains the four means and the
//! HTML a second chart.

use std::path::Path;

use chrono::NaiveDate;
use taper::core::report::{Report, Scores, html, json, md};
use taper::core::{plan_file, schedule};

#[test]
fn checkins_fill_the_weekly_table_the_json_and_a_second_chart() {
    let text = include_str!("golden/plan.toml");
    let plan = plan_file::parse(Path::new("plan.toml"), text).unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 1, 20).unwrap();
    let sched = schedule::build(&plan, today).unwrap();
    let lookup = |d: NaiveDate| {
        (d <= today).then_some(Scores {
            withdrawal: Some(4.0),
            pain: Some(2.0),
            craving: Some(if d.format("%d").to_string() == "04" {
                8.0
            } else {
                6.0
            }),
            mood: None,
        })
    };
    let mut report = Report::new(&plan, &sched, today, today.and_hms_opt(9, 0, 0).unwrap());
    report.checkins = &lookup;
    let text = md::report(&report);
    assert!(
        text.contains("| Withdrawal | Pain | Craving | Mood |"),
        "{text}"
    );
    // Week 1: craving 8 on the first day, 6 on the six others.
    assert!(
        text.contains("|          4 |    2 |    6.29 |    - |"),
        "{text}"
    );
    let page = html::report(&report).unwrap();
    assert_eq!(page.matches("<svg").count(), 2);
    // The check-in chart's score axis reads 0 to 10 in whole steps of 2.
    let chart = &page[page.rfind("<svg").unwrap()..];
    let labels: Vec<&str> = chart
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next())
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .collect();
    assert_eq!(labels, ["0", "2", "4", "6", "8", "10"], "{chart}");
    let doc = json::document(&report);
    assert_eq!(doc.checkins.len(), 17);
}

#[test]
fn a_report_reads_the_plans_own_checkins() {
    let text = format!(
        "{}\n[[checkin]]\ndate = 2027-01-05\nwithdrawal = 7\npain = 3\n",
        include_str!("golden/plan.toml")
    );
    let plan = plan_file::parse(Path::new("plan.toml"), &text).unwrap();
    let today = NaiveDate::from_ymd_opt(2027, 1, 20).unwrap();
    let sched = schedule::build(&plan, today).unwrap();
    let report = Report::new(&plan, &sched, today, today.and_hms_opt(9, 0, 0).unwrap());
    let doc = json::document(&report);
    assert_eq!(doc.checkins.len(), 1);
    let text = md::report(&report);
    assert!(
        text.contains("| Withdrawal | Pain | Craving | Mood |"),
        "{text}"
    );
    assert!(
        text.contains("|          7 |    3 |       - |    - |"),
        "{text}"
    );
    assert_eq!(html::report(&report).unwrap().matches("<svg").count(), 2);
}
