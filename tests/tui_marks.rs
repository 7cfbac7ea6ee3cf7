//! The Schedule screen marks the steps the audit flags (`!` caution, `!!` warning), and
//! Today shows an empty planned dose as "—".

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::plan_file;
use taper::tui::app::App;
use taper::tui::msg::Msg;
use taper::tui::theme::Theme;
use taper::tui::update::update;
use taper::tui::view::view;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 12)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

/// 15 → 0 mg with tablets of 5 in 4 doses, class other: 15 (8 days), 5 (a 67 % cut: a
/// caution), 0.
const PLAN: &str = r#"schema = 1
name = "marks"
unit = "mg"

[plan]
start = 2027-01-04
end = 2027-01-12
start_dose = 15
target_dose = 0
round_to = 5
doses_per_day = 4
"#;

fn screen(keys: &str) -> String {
    let plan = plan_file::parse(std::path::Path::new("marks.toml"), PLAN).unwrap();
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("marks.toml"),
            result: Ok(plan),
        },
    );
    for c in keys.chars() {
        update(
            &mut app,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| view(&app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..24)
        .map(|y| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn flagged_steps_are_marked_on_schedule() {
    let steps = screen("2s");
    assert!(steps.contains("! caution !! warning"), "{steps}");
    let row = steps
        .lines()
        .find(|l| l.contains("2027-01-12"))
        .unwrap_or_default();
    assert!(
        row.contains("5 mg") && row.trim_end().ends_with('!'),
        "{steps}"
    );
    let first = steps
        .lines()
        .find(|l| l.contains("2027-01-04"))
        .unwrap_or_default();
    assert!(!first.contains('!'), "{steps}");
    // One row per day: the day a flagged step begins carries the mark by its number.
    let days = screen("2");
    assert!(days.lines().any(|l| l.contains("2027-01-12 2!")), "{days}");
}

#[test]
fn today_shows_empty_doses_as_a_dash() {
    let today = screen("1");
    assert!(today.contains("08:00       5 mg"), "{today}");
    assert_eq!(today.matches("—").count(), 3, "{today}");
    assert!(!today.contains("No dose is planned today"), "{today}");
}
