//! Snapshots of the amount dialog asking to confirm an unusually large amount (80×24 and
//! 40×12).

mod tui_common;

use tui_common::{keys, render};

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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

#[test]
fn confirm_a_large_amount() {
    for (width, height) in [(80, 24), (40, 12)] {
        let mut app = app(width, height);
        // Today's target in the demo is a few grams: 40 is more than 3 × it.
        keys(&mut app, "a40");
        update(
            &mut app,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        );
        insta::assert_snapshot!(
            format!("confirm_large_amount_{width}x{height}"),
            render(&app, width, height)
        );
    }
}
