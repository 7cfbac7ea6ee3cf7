//! Snapshots of the amount dialog asking to confirm an unusually large amount (80×24 and
//! 40×12).

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::demo::demo_plan;
use taper::tui::app::App;
use taper::tui::msg::{Effect, Msg};
use taper::tui::theme::Theme;
use taper::tui::update::update;
use taper::tui::view::view;

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

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let effects = update(
            app,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
        for effect in effects {
            if let Effect::Save { change, kind, .. } = effect {
                let mut plan = app.open_plan().unwrap().plan.clone();
                change.apply(&mut plan);
                update(app, Msg::Saved { change, kind, plan });
            }
        }
    }
}

fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view(app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
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
