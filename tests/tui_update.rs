//! `update` tests: each action from keys, mouse and effect results, with no I/O.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use taper::core::demo::demo_plan;
use taper::core::{Change, Dose, DoseEntry, Plan, day, schedule};
use taper::tui::app::{App, DialogPurpose, Document, Mode, SaveKind, Screen, Undoable};
use taper::tui::keymap::{BINDINGS, Context};
use taper::tui::msg::{Effect, Msg};
use taper::tui::theme::Theme;
use taper::tui::update::update;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn path() -> PathBuf {
    PathBuf::from("/data/demo-kratom.toml")
}

fn plan() -> Plan {
    demo_plan(today()).unwrap()
}

fn app() -> App {
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    update(
        &mut app,
        Msg::Loaded {
            path: path(),
            result: Ok(plan()),
        },
    );
    app
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn press(app: &mut App, c: char) -> Vec<Effect> {
    update(app, key(KeyCode::Char(c)))
}

fn saved(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Save { change, kind, .. } = effect {
            let mut plan = app.open_plan().unwrap().plan.clone();
            change.apply(&mut plan);
            update(app, Msg::Saved { change, kind, plan });
        }
    }
}

fn the_save(effects: &[Effect]) -> (&Change, SaveKind) {
    match effects {
        [
            Effect::Save {
                change,
                kind,
                path: p,
            },
        ] => {
            assert_eq!(p, &path());
            (change, *kind)
        }
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn loading_opens_today_with_the_first_open_dose_selected() {
    let app = app();
    assert!(matches!(app.document, Document::Open(_)));
    assert_eq!(app.screen, Screen::Today);
    assert_eq!(app.dose_cursor, 0);
    assert_eq!(app.schedule_cursor, 17);
}

#[test]
fn screens_switch_with_digits_tab_and_back_tab() {
    let mut app = app();
    press(&mut app, '2');
    assert_eq!(app.screen, Screen::Schedule);
    press(&mut app, '3');
    assert_eq!(app.screen, Screen::Progress);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.screen, Screen::Calendar);
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.screen, Screen::Today);
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(app.screen, Screen::Calendar);
    press(&mut app, '4');
    assert_eq!(app.screen, Screen::Calendar);
    press(&mut app, '1');
    assert_eq!(app.screen, Screen::Today);
}

#[test]
fn clicking_the_tab_bar_switches_screens() {
    let mut app = app();
    let click = |column| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row: 0,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut app, click(14));
    assert_eq!(app.screen, Screen::Schedule);
    update(&mut app, click(28));
    assert_eq!(app.screen, Screen::Progress);
    update(&mut app, click(2));
    assert_eq!(app.screen, Screen::Today);
}

#[test]
fn wheel_and_keys_move_the_schedule_cursor() {
    let mut app = app();
    press(&mut app, '2');
    let wheel = |kind| {
        Msg::Mouse(MouseEvent {
            kind,
            column: 5,
            row: 5,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut app, wheel(MouseEventKind::ScrollDown));
    assert_eq!(app.schedule_cursor, 20);
    update(&mut app, wheel(MouseEventKind::ScrollUp));
    press(&mut app, 'k');
    update(&mut app, key(KeyCode::Up));
    assert_eq!(app.schedule_cursor, 15);
    press(&mut app, 't');
    assert_eq!(app.schedule_cursor, 17);
    for _ in 0..500 {
        press(&mut app, 'j');
    }
    assert_eq!(app.schedule_cursor, app.schedule_rows() - 1);
}

#[test]
fn space_ticks_the_selected_dose_and_saving_updates_the_plan() {
    let mut app = app();
    press(&mut app, 'j');
    assert_eq!(app.dose_cursor, 1);
    let effects = update(&mut app, key(KeyCode::Char(' ')));
    let (change, kind) = the_save(&effects);
    assert_eq!(kind, SaveKind::Change);
    assert_eq!(change.add.len(), 1);
    assert_eq!(change.add[0].slot, Some(2));
    assert_eq!(change.add[0].at, now());
    assert_eq!(change.add[0].amount, Dose::from_micros(3_250_000));
    // Not saved yet: the state does not pretend.
    assert_eq!(app.open_plan().unwrap().plan.taken_on(today()), None);
    saved(&mut app, effects);
    assert_eq!(
        app.open_plan().unwrap().plan.taken_on(today()),
        Some(Dose::from_micros(3_250_000))
    );
    assert_eq!(app.undo.len(), 1);
    assert!(app.status.as_ref().unwrap().text.contains("logged 3.25 g"));
    // Enter on the same dose unticks it.
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(the_save(&effects).0.remove.len(), 1);
    saved(&mut app, effects);
    assert_eq!(app.open_plan().unwrap().plan.taken_on(today()), None);
}

#[test]
fn a_failed_save_shows_an_error_and_changes_nothing() {
    let mut app = app();
    let effects = press(&mut app, ' ');
    assert_eq!(effects.len(), 1);
    update(
        &mut app,
        Msg::SaveFailed {
            message: "disk full".into(),
        },
    );
    let status = app.status.clone().unwrap();
    assert!(status.error && status.text.contains("Not saved: disk full"));
    assert!(app.undo.is_empty());
    assert_eq!(app.open_plan().unwrap().plan.taken_on(today()), None);
}

#[test]
fn undo_applies_the_inverse_of_the_last_change() {
    let mut app = app();
    press(&mut app, 'u');
    assert_eq!(app.status.as_ref().unwrap().text, "Nothing to undo");
    let effects = press(&mut app, ' ');
    saved(&mut app, effects);
    let effects = press(&mut app, 'u');
    let (change, kind) = the_save(&effects);
    assert_eq!(kind, SaveKind::Undo);
    let Undoable::Log(logged) = &app.undo[0] else {
        panic!("a dose change is on the undo stack: {:?}", app.undo)
    };
    assert_eq!(change, &logged.inverse());
    saved(&mut app, effects);
    assert!(app.undo.is_empty());
    assert_eq!(app.open_plan().unwrap().plan.taken_on(today()), None);
}

#[test]
fn a_logs_a_typed_amount_for_the_selected_dose() {
    let mut app = app();
    press(&mut app, 'a');
    assert!(
        matches!(&app.mode, Mode::Dialog(d) if d.purpose == DialogPurpose::LogAmount { slot: Some(1) })
    );
    for c in "1x,5".chars() {
        press(&mut app, c);
    }
    let effects = update(&mut app, key(KeyCode::Enter));
    let (change, _) = the_save(&effects);
    assert_eq!(
        change.add,
        vec![DoseEntry {
            slot: Some(1),
            ..DoseEntry::new(now(), Dose::from_micros(1_500_000))
        }]
    );
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn the_amount_dialog_refuses_bad_input_and_closes_with_esc() {
    let mut app = app();
    press(&mut app, 'a');
    for c in "1..2".chars() {
        press(&mut app, c);
    }
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert!(matches!(&app.mode, Mode::Dialog(d) if d.error.is_some()));
    update(&mut app, key(KeyCode::Backspace));
    assert!(matches!(&app.mode, Mode::Dialog(d) if d.input == "1.." && d.error.is_none()));
    update(&mut app, key(KeyCode::Esc));
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn e_edits_the_total_of_a_past_day() {
    let mut app = app();
    press(&mut app, '2');
    press(&mut app, 'k');
    let yesterday = today().pred_opt().unwrap();
    press(&mut app, 'e');
    assert!(
        matches!(&app.mode, Mode::Dialog(d) if d.purpose == DialogPurpose::DayTotal { date: yesterday } && d.input == "10" && d.prefilled)
    );
    // The day's total is suggested; the first digit typed replaces it.
    press(&mut app, '6');
    assert!(matches!(&app.mode, Mode::Dialog(d) if d.input == "6" && !d.prefilled));
    let effects = update(&mut app, key(KeyCode::Enter));
    let expected = day::set_day_total(
        &plan(),
        yesterday,
        Some(Dose::from_units(6)),
        chrono::NaiveTime::from_hms_opt(12, 0, 0),
    );
    assert_eq!(the_save(&effects).0, &expected);
}

#[test]
fn e_does_not_edit_a_future_day_or_a_step_row() {
    let mut app = app();
    press(&mut app, '2');
    press(&mut app, 'j');
    press(&mut app, 'e');
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "That day has not come yet"
    );
    press(&mut app, 's');
    assert!(app.schedule_by_step);
    assert_eq!(app.schedule_cursor, 2);
    press(&mut app, 'e');
    assert!(matches!(app.mode, Mode::Browse));
    press(&mut app, 's');
    assert!(!app.schedule_by_step);
    assert_eq!(app.schedule_cursor, 17);
}

#[test]
fn help_opens_and_closes() {
    let mut app = app();
    press(&mut app, '?');
    assert!(matches!(app.mode, Mode::Help));
    press(&mut app, 'j');
    assert_eq!(app.help_scroll, 1);
    update(&mut app, key(KeyCode::Esc));
    assert!(matches!(app.mode, Mode::Browse));
    press(&mut app, '?');
    press(&mut app, '?');
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn n_opens_the_wizard_and_esc_on_a_fresh_one_cancels() {
    let mut app = app();
    press(&mut app, 'n');
    assert!(matches!(app.mode, Mode::Wizard(_)));
    // Keys go to the wizard: q does not quit.
    update(&mut app, key(KeyCode::Esc));
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn a_failed_create_keeps_the_wizard_open() {
    let mut app = app();
    press(&mut app, 'n');
    update(
        &mut app,
        Msg::CreateFailed("a plan named 'x' exists already".into()),
    );
    assert!(matches!(app.mode, Mode::Wizard(_)));
    update(
        &mut app,
        Msg::Loaded {
            path: path(),
            result: Ok(plan()),
        },
    );
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn first_run_offers_the_wizard_and_the_demo() {
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    update(&mut app, Msg::NoPlans);
    assert_eq!(press(&mut app, 'd'), vec![Effect::InstallDemo]);
    assert!(press(&mut app, '2').is_empty());
    assert_eq!(app.screen, Screen::Today);
    press(&mut app, 'n');
    assert!(matches!(app.mode, Mode::Wizard(_)));
    // With a plan open, d does nothing.
    let mut open = self::app();
    assert!(press(&mut open, 'd').is_empty());
}

#[test]
fn q_quits() {
    let mut app = app();
    assert_eq!(press(&mut app, 'q'), vec![Effect::Quit]);
    let mut app = self::app();
    assert_eq!(
        update(
            &mut app,
            Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
        ),
        vec![Effect::Quit]
    );
}

#[test]
fn a_tick_rolls_the_date_over() {
    let mut app = app();
    let tomorrow = today().succ_opt().unwrap().and_hms_opt(0, 0, 1).unwrap();
    update(&mut app, Msg::Tick(tomorrow));
    assert_eq!(app.today, tomorrow.date());
    let effects = press(&mut app, ' ');
    assert_eq!(the_save(&effects).0.add[0].at, tomorrow);
}

#[test]
fn an_unreadable_plan_is_shown_not_opened() {
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    let message = "/data/x.toml:3:7: expected a number".to_string();
    update(
        &mut app,
        Msg::Loaded {
            path: path(),
            result: Err(message.clone()),
        },
    );
    assert!(matches!(&app.document, Document::Failed(m) if *m == message));
    assert!(press(&mut app, ' ').is_empty());
    assert!(press(&mut app, 'u').is_empty());
}

#[test]
fn every_key_action_appears_in_help() {
    let app = app();
    let help: Vec<String> = taper::tui::view::help_lines(&app)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    for binding in BINDINGS {
        let shown = help
            .iter()
            .any(|l| l.contains(binding.keys) && l.contains(binding.help));
        assert!(
            shown,
            "{:?} ({}) is not in help",
            binding.action, binding.keys
        );
    }
    for context in Context::ALL {
        assert!(help.iter().any(|l| l == context.title()));
    }
    assert!(
        help.iter()
            .any(|l| l.contains(taper::core::text::SAFETY_NOTE))
    );
    assert!(
        help.iter()
            .any(|l| l.contains(taper::core::text::TOLERANCE_NOTE))
    );
}

#[test]
fn the_schedule_of_the_test_plan_is_sane() {
    let plan = plan();
    let schedule = schedule::build(&plan, today()).unwrap();
    assert_eq!(
        schedule.day(today()).unwrap().target,
        Dose::from_micros(10_000_000)
    );
}

#[test]
fn a_file_error_on_the_status_line_is_one_line_with_its_hint() {
    let mut app = app();
    update(
        &mut app,
        Msg::Reloaded(Err(
            "/data/demo-kratom.2026.toml:9:6: this entry is not from 2026\n  hint: move it".into(),
        )),
    );
    let status = app.status.as_ref().unwrap();
    assert!(status.error);
    assert!(
        status
            .text
            .ends_with("demo-kratom.2026.toml:9:6: this entry is not from 2026 · hint: move it"),
        "{}",
        status.text
    );
    assert!(!status.text.contains('\n'));
}
