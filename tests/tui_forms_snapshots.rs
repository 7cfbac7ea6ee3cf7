//! Snapshots of Today and Schedule with dosage forms: how to make each dose (80×24 and
//! 40×12).

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::forms::Form;
use taper::core::{Class, Plan, Segment};
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
