//! The amount dialog against typos: a pre-filled value is replaced by the first digit
//! whatever key came before it, and an unusually large amount asks to confirm (y/n).

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::demo::demo_plan;
use taper::core::{Dose, Plan};
use taper::tui::app::SaveKind;
use taper::tui::app::{App, Mode};
use taper::tui::msg::{Effect, Msg};
use taper::tui::theme::Theme;
use taper::tui::update::update;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn plan() -> Plan {
    demo_plan(today()).unwrap()
}

fn app() -> App {
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("/data/demo-kratom.toml"),
            result: Ok(plan()),
        },
    );
    app
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        effects.extend(update(app, key(KeyCode::Char(c))));
    }
    effects
}

fn input(app: &App) -> String {
    match &app.mode {
        Mode::Dialog(d) => d.input.clone(),
        other => panic!("no dialog: {other:?}"),
    }
}

#[test]
fn a_stray_key_before_the_first_digit_does_not_append_to_the_prefilled_value() {
    // Schedule, yesterday (10 g logged): `e` pre-fills 10; a stray j, then 4, is 4, not 104.
    let mut app = app();
    typed(&mut app, "2k");
    typed(&mut app, "e");
    assert_eq!(input(&app), "10");
    typed(&mut app, "j");
    assert_eq!(input(&app), "10");
    typed(&mut app, "4");
    assert_eq!(input(&app), "4");
    typed(&mut app, "5");
    assert_eq!(input(&app), "45");
}

#[test]
fn a_suggests_the_selected_dose_and_the_first_digit_replaces_it() {
    let mut app = app();
    typed(&mut app, "a");
    let planned = input(&app);
    assert!(!planned.is_empty());
    typed(&mut app, "k3");
    assert_eq!(input(&app), "3");
    // Backspace on a suggestion clears it.
    update(&mut app, key(KeyCode::Esc));
    typed(&mut app, "a");
    update(&mut app, key(KeyCode::Backspace));
    assert_eq!(input(&app), "");
}

fn saved(effects: &[Effect]) -> Option<&taper::core::Change> {
    effects.iter().find_map(|e| match e {
        Effect::Save { change, kind, .. } => {
            assert_eq!(*kind, SaveKind::Change);
            Some(change)
        }
        _ => None,
    })
}

#[test]
fn an_amount_over_three_times_the_target_asks_first() {
    let mut app = app();
    let target = app
        .open_plan()
        .unwrap()
        .schedule
        .day(today())
        .unwrap()
        .target;
    typed(&mut app, "a");
    let big = target.times(3) + Dose::from_micros(10_000);
    typed(&mut app, &big.to_string());
    // Enter does not save: it asks.
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert!(matches!(&app.mode, Mode::Dialog(d) if d.pending == Some(big)));
    // Other keys wait; n goes back to the amount to correct it.
    assert!(typed(&mut app, "4").is_empty());
    typed(&mut app, "n");
    assert!(
        matches!(&app.mode, Mode::Dialog(d) if d.pending.is_none() && d.input == big.to_string())
    );
    // Corrected: a usual amount saves at once, not marked.
    for _ in 0..big.to_string().len() {
        update(&mut app, key(KeyCode::Backspace));
    }
    typed(&mut app, "1");
    let effects = update(&mut app, key(KeyCode::Enter));
    let change = saved(&effects).expect("saved at once");
    assert_eq!(change.add[0].amount, Dose::from_units(1));
    assert!(!change.add[0].warned);
    assert!(matches!(app.mode, Mode::Browse));
    // Asked again, y logs it as typed, marked `warned`.
    typed(&mut app, "a");
    typed(&mut app, &big.to_string());
    update(&mut app, key(KeyCode::Enter));
    let effects = typed(&mut app, "y");
    let change = saved(&effects).expect("saved after y");
    assert_eq!(change.add[0].amount, big);
    assert!(change.add[0].warned);
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn three_times_the_target_itself_saves_without_asking() {
    let mut app = app();
    let target = app
        .open_plan()
        .unwrap()
        .schedule
        .day(today())
        .unwrap()
        .target;
    typed(&mut app, "a");
    typed(&mut app, &target.times(3).to_string());
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(saved(&effects).is_some());
}
