//! Whole-screen snapshots on a `TestBackend` at 80×24 and 40×12, with a fixed today.

mod tui_common;

use tui_common::{keys, render};

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use taper::core::demo::demo_plan;
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
    let plan = demo_plan(now().date()).unwrap();
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("demo-kratom.toml"),
            result: Ok(plan),
        },
    );
    app
}

macro_rules! screens {
    ($($name:ident: $setup:expr;)*) => {$(
        #[test]
        fn $name() {
            for (width, height) in [(80, 24), (40, 12)] {
                let mut app = app(width, height);
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
    today: |_: &mut App| {};
    today_ticked: |app: &mut App| keys(app, " j");
    today_amount_dialog: |app: &mut App| keys(app, "a2.5");
    schedule: |app: &mut App| keys(app, "2");
    schedule_steps: |app: &mut App| keys(app, "2s");
    progress: |app: &mut App| keys(app, "3");
    help: |app: &mut App| keys(app, "?");
    welcome: |app: &mut App| { update(app, Msg::NoPlans); };
    failed: |app: &mut App| {
        let message = "/home/me/.local/share/taper/kratom.toml:12:14: expected a number\n  hint: write amount = 2.5".to_string();
        update(app, Msg::Loaded { path: PathBuf::from("kratom.toml"), result: Err(message) });
    };
}

#[test]
fn tiny_terminals_show_a_note_and_never_panic() {
    for (width, height) in [
        (1, 1),
        (2, 1),
        (0, 0),
        (39, 12),
        (40, 11),
        (10, 3),
        (200, 60),
    ] {
        for screen in ["", "2", "3", "?", "a", "n"] {
            let mut app = app(width, height);
            keys(&mut app, screen);
            let text = render(&app, width, height);
            if width >= 10 && height >= 3 && (width < 40 || height < 12) {
                assert!(text.contains("enlarge"), "{width}x{height}: {text}");
            }
        }
    }
    insta::assert_snapshot!("too_small_30x8", render(&app(30, 8), 30, 8));
}

#[test]
fn control_characters_from_the_plan_never_reach_the_screen() {
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    let mut plan = demo_plan(now().date()).unwrap();
    plan.name = "Evil\x1b[2J\x07 plan".to_string();
    plan.unit = "g\x1b]0;x\x07".to_string();
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("evil.toml"),
            result: Ok(plan),
        },
    );
    for screen in ["1", "2", "3", "?"] {
        keys(&mut app, screen);
        let text = render(&app, 80, 24);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        assert!(text.contains('\u{fffd}') || screen == "?");
    }
}
