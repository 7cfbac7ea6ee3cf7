//! Snapshots of the living-plan screens at 80×24 and 40×12: the plan switcher, the hold
//! marker on Schedule, Today while held, and the finished state.

mod tui_common;

use tui_common::render;

use std::path::PathBuf;

use chrono::{Days, NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::amend::Change;
use taper::core::demo::demo_plan;
use taper::core::{Amendment, Dose, Plan};
use taper::tui::app::App;
use taper::tui::msg::Msg;
use taper::tui::switcher::PlanSummary;
use taper::tui::theme::Theme;
use taper::tui::update::update;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn open(plan: Plan, width: u16, height: u16) -> App {
    let mut app = App::new(now(), Theme::PLAIN, width, height);
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("demo-kratom.toml"),
            result: Ok(plan),
        },
    );
    app
}

/// The demo plan, held since 3 days ago for a reason.
fn held() -> Plan {
    let mut plan = demo_plan(today()).unwrap();
    plan.add_amendment(Amendment {
        reason: Some("hard week".into()),
        ..Amendment::new(today() - Days::new(3), Change::Hold)
    });
    plan
}

/// A plan whose last step (0) was weeks ago, with a dose logged after it.
fn finished() -> Plan {
    let mut plan = demo_plan(today() - Days::new(300)).unwrap();
    let after_end = today() - Days::new(10);
    plan.add_entry(taper::core::DoseEntry::new(
        after_end.and_hms_opt(20, 0, 0).unwrap(),
        Dose::from_units(1),
    ));
    plan
}

fn key(app: &mut App, c: char) {
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

macro_rules! screens {
    ($($name:ident: $plan:expr, $setup:expr;)*) => {$(
        #[test]
        fn $name() {
            for (width, height) in [(80, 24), (40, 12)] {
                let mut app = open($plan, width, height);
                #[allow(clippy::redundant_closure_call)]
                ($setup)(&mut app);
                insta::assert_snapshot!(
                    format!("{}_{width}x{height}", stringify!($name)),
                    render(&app, width, height)
                );
            }
        }
    )*};
}

screens! {
    switcher: demo_plan(today()).unwrap(), |app: &mut App| {
        let plan = demo_plan(today()).unwrap();
        let mut other = demo_plan(today() - Days::new(300)).unwrap();
        other.substance = "caffeine".into();
        other.unit = "mg".into();
        update(app, Msg::Plans(vec![
            PlanSummary::of("coffee", &other, today(), false),
            PlanSummary::of("demo-kratom", &plan, today(), true),
            PlanSummary::unreadable("broken", "line 3: expected a date".into()),
        ]));
    };
    schedule_hold_marker: held(), |app: &mut App| key(app, '2');
    today_held: held(), |_app: &mut App| {};
    today_finished: finished(), |_app: &mut App| {};
    progress_held: held(), |app: &mut App| key(app, '3');
}

#[test]
fn the_switcher_opens_without_a_plan_too() {
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    let plan = demo_plan(today()).unwrap();
    update(
        &mut app,
        Msg::Plans(vec![
            PlanSummary::of("a", &plan, today(), false),
            PlanSummary::of("b", &plan, today(), false),
        ]),
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("Several plans and no default: which one?"),
        "{screen}"
    );
    assert!(screen.contains("Enter open · q quit"), "{screen}");
}

#[test]
fn after_the_last_step_above_zero_is_the_maintenance_dose() {
    let mut plan = demo_plan(today() - Days::new(300)).unwrap();
    plan.base.target_dose = Dose::from_units(2);
    let app = open(plan, 80, 24);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("The taper is complete (since"), "{screen}");
    assert!(screen.contains("Maintenance dose: 2 g a day"), "{screen}");
    assert!(!screen.contains("Days free"), "{screen}");
}
