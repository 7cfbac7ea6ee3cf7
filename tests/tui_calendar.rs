//! The Calendar screen (`4`) and the Progress zoom (`z`): update tests and snapshots at
//! 80×24 and 40×12 with a fixed today.

mod tui_common;

use tui_common::render;

use std::path::PathBuf;

use chrono::{Days, NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::amend::Change;
use taper::core::demo::demo_plan;
use taper::core::{Amendment, Plan};
use taper::tui::app::{App, Screen, Zoom};
use taper::tui::msg::Msg;
use taper::tui::theme::Theme;
use taper::tui::update::update;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    date(2027, 1, 21)
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

/// The demo, held for three days last week.
fn plan() -> Plan {
    let mut plan = demo_plan(today()).unwrap();
    plan.add_amendment(Amendment {
        reason: Some("hard week".into()),
        ..Amendment::new(today() - Days::new(6), Change::Hold)
    });
    plan.add_amendment(Amendment::new(today() - Days::new(3), Change::Resume));
    plan
}

fn open(plan: Plan, now: NaiveDateTime, width: u16, height: u16) -> App {
    let mut app = App::new(now, Theme::PLAIN, width, height);
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("demo-kratom.toml"),
            result: Ok(plan),
        },
    );
    app
}

fn press(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn four_opens_the_calendar_and_keys_move_by_day_week_and_month() {
    let mut app = open(plan(), now(), 80, 24);
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.screen, Screen::Calendar);
    assert_eq!(app.calendar_day, today());
    press(&mut app, KeyCode::Right);
    assert_eq!(app.calendar_day, date(2027, 1, 22));
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    assert_eq!(app.calendar_day, date(2027, 1, 20));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.calendar_day, date(2027, 1, 27));
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.calendar_day, date(2027, 1, 20));
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.calendar_day, date(2027, 2, 20));
    press(&mut app, KeyCode::Char('['));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.calendar_day, date(2026, 12, 20));
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.calendar_day, today());
    // Enter opens the day on Schedule, that day's row selected.
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Schedule);
    assert_eq!(app.selected_date(), Some(date(2027, 1, 20)));
    // Tab goes round all four screens.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screen, Screen::Calendar);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screen, Screen::Today);
}

#[test]
fn enter_outside_the_plan_says_so_and_stays() {
    let mut app = open(plan(), now(), 80, 24);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('['));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Calendar);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("outside the plan")
    );
}

#[test]
fn z_cycles_the_zoom() {
    let mut app = open(plan(), now(), 80, 24);
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.zoom, Zoom::Whole);
    press(&mut app, KeyCode::Char('z'));
    assert_eq!(app.zoom, Zoom::FourWeeks);
    press(&mut app, KeyCode::Char('z'));
    assert_eq!(app.zoom, Zoom::ThreeMonths);
    press(&mut app, KeyCode::Char('z'));
    assert_eq!(app.zoom, Zoom::Whole);
}

#[test]
fn labels_carry_the_year_when_the_span_crosses_one() {
    // A plan from December into January: the 4-week view around New Year.
    let mut december = demo_plan(date(2027, 12, 20)).unwrap();
    december.doses.clear();
    let mut app = open(
        december,
        date(2027, 12, 30).and_hms_opt(9, 0, 0).unwrap(),
        80,
        24,
    );
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('z'));
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("2027") && screen.contains("2028"),
        "{screen}"
    );
    // A span within one year: no years on the labels.
    let mut app = open(plan(), now(), 80, 24);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('z'));
    let screen = render(&app, 80, 24);
    assert!(!screen.contains(" 2027"), "{screen}");
}

#[test]
fn snapshots() {
    for (width, height) in [(80, 24), (40, 12)] {
        let mut app = open(plan(), now(), width, height);
        press(&mut app, KeyCode::Char('4'));
        insta::assert_snapshot!(
            format!("calendar_{width}x{height}"),
            render(&app, width, height)
        );
        press(&mut app, KeyCode::Char(']'));
        insta::assert_snapshot!(
            format!("calendar_next_month_{width}x{height}"),
            render(&app, width, height)
        );
        press(&mut app, KeyCode::Char('3'));
        for zoom in ["whole", "4_weeks", "3_months"] {
            if zoom != "whole" {
                press(&mut app, KeyCode::Char('z'));
            }
            insta::assert_snapshot!(
                format!("zoom_{zoom}_{width}x{height}"),
                render(&app, width, height)
            );
        }
    }
}

#[test]
fn the_wizard_starts_from_the_configs_day_boundary() {
    let mut app = open(plan(), now(), 80, 24);
    app.day_starts = chrono::NaiveTime::from_hms_opt(4, 0, 0);
    press(&mut app, KeyCode::Char('n'));
    // Tab through the form until the day boundary shows.
    let mut screen = render(&app, 80, 24);
    for _ in 0..20 {
        if screen.contains("Day starts") {
            break;
        }
        press(&mut app, KeyCode::Tab);
        screen = render(&app, 80, 24);
    }
    let line = screen
        .lines()
        .find(|l| l.contains("Day starts"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("04:00"), "{line}");
}

#[test]
fn zoom_keeps_today_in_view_late_in_the_plan() {
    let start_plan = demo_plan(today()).unwrap();
    let late = start_plan.start + Days::new(200);
    let mut app = open(start_plan, late.and_hms_opt(9, 0, 0).unwrap(), 80, 24);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('z'));
    let screen = render(&app, 80, 24);
    // 4 weeks: three weeks before today, six days after.
    let first = (late - Days::new(21)).format("%d %b").to_string();
    let last = (late + Days::new(6)).format("%d %b").to_string();
    assert!(
        screen.contains(&first) && screen.contains(&last),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('z'));
    let screen = render(&app, 80, 24);
    let first = (late - Days::new(68)).format("%d %b").to_string();
    assert!(screen.contains(&first), "{screen}");
}

#[test]
fn page_keys_move_the_calendar_by_a_month() {
    let mut app = open(plan(), now(), 80, 24);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.calendar_day, date(2027, 2, 21));
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.calendar_day, date(2026, 12, 21));
}
