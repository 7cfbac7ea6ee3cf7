//! Snapshots of Today and Schedule with dosage forms: how to make each dose (80×24 and
//! 40×12).

mod tui_common;

use tui_common::{keys, render};

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use taper::core::forms::Form;
use taper::core::{Class, Plan, Segment};
use taper::tui::app::App;
use taper::tui::msg::Msg;
use taper::tui::theme::Theme;
use taper::tui::update::update;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 21)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn app(width: u16, height: u16) -> App {
    let mut app = App::new(now(), Theme::PLAIN, width, height);
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let mut plan = Plan::new(
        "oxycodone",
        "oxycodone",
        Class::Opioid,
        "mg",
        Segment {
            start,
            start_dose: "21.2".parse().unwrap(),
            end: start + chrono::Days::new(70),
            doses_per_day: 2,
            max_cut: Some(10.0),
            per_days: Some(7),
            ..Segment::default()
        },
    );
    plan.forms = vec![
        Form::parse("tablet:10:0.5").unwrap(),
        Form::parse("liquid:1:0.1").unwrap(),
    ];
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("oxycodone.toml"),
            result: Ok(plan),
        },
    );
    app
}

#[test]
fn today_and_schedule_with_forms() {
    for (width, height) in [(80, 24), (40, 12)] {
        let mut app = app(width, height);
        insta::assert_snapshot!(
            format!("forms_today_{width}x{height}"),
            render(&app, width, height)
        );
        keys(&mut app, "2s");
        insta::assert_snapshot!(
            format!("forms_schedule_steps_{width}x{height}"),
            render(&app, width, height)
        );
    }
}
