//! Progress keeps its charts between frames (`open_plan::Drawn`): after any run of key
//! presses, resizes, ticks and passing days, the screen drawn with what was kept is the one
//! a fresh interface draws after the same input.

mod tui_common;

use std::path::PathBuf;

use chrono::{Days, NaiveDate, NaiveDateTime, TimeDelta};
use proptest::prelude::*;
use taper::core::checkin::{CheckIn, Measure};
use taper::core::demo::demo_plan;
use taper::core::{Dose, DoseEntry, Plan};
use taper::tui::app::App;
use taper::tui::msg::Msg;
use taper::tui::theme::Theme;
use taper::tui::update::update;
use tui_common::{keys, render};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

/// The demo plan with check-ins every day so far and products on a few doses.
fn plan() -> Plan {
    let mut plan = demo_plan(today()).unwrap();
    for back in 1..=17u64 {
        let mut c = CheckIn::new(today() - Days::new(back));
        c.set(Measure::Withdrawal, Some((back % 7) as u8));
        c.set(Measure::Sleep, Some(3 + (back % 4) as u8));
        plan.checkins.push(c);
    }
    plan.checkins.sort_by_key(|c| c.date);
    let at = (today() - Days::new(3)).and_hms_opt(20, 0, 0).unwrap();
    plan.add_entry(DoseEntry {
        product: Some("green".into()),
        ..DoseEntry::new(at, Dose::from_units(1))
    });
    plan
}

#[derive(Clone, Debug)]
enum Input {
    Keys(&'static str),
    Resize(u16, u16),
    /// Time passes (hours), maybe into the next day.
    Later(i64),
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        4 => prop::sample::select(vec!["3", "j", "k", "z", "m", "1", " ", "2", "jj"]).prop_map(Input::Keys),
        2 => prop::sample::select(vec![(80, 24), (100, 30), (60, 20), (80, 17), (80, 23), (40, 12), (120, 40)])
            .prop_map(|(w, h)| Input::Resize(w, h)),
        1 => (1i64..30).prop_map(Input::Later),
    ]
}

fn open() -> App {
    let mut app = App::new(now(), Theme::COLOR, 80, 24);
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("demo-kratom.toml"),
            result: Ok(plan()),
        },
    );
    app
}

/// Apply one input; returns the terminal size after it.
fn apply(app: &mut App, clock: &mut NaiveDateTime, input: &Input) {
    match input {
        Input::Keys(k) => keys(app, k),
        Input::Resize(w, h) => {
            update(app, Msg::Resize(*w, *h));
        }
        Input::Later(hours) => {
            *clock += TimeDelta::hours(*hours);
            update(app, Msg::Tick(*clock));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn kept_charts_draw_what_a_fresh_draw_does(inputs in prop::collection::vec(input(), 1..14)) {
        let mut kept = open();
        let mut clock = now();
        keys(&mut kept, "3");
        let _ = render(&kept, kept.width, kept.height);
        for (n, step) in inputs.iter().enumerate() {
            apply(&mut kept, &mut clock, step);
            let shown = render(&kept, kept.width, kept.height);
            // The same input from the start, drawn for the first time.
            let mut fresh = open();
            let mut fresh_clock = now();
            keys(&mut fresh, "3");
            for earlier in &inputs[..=n] {
                apply(&mut fresh, &mut fresh_clock, earlier);
            }
            prop_assert_eq!(&shown, &render(&fresh, fresh.width, fresh.height), "after {:?}", &inputs[..=n]);
        }
    }
}
