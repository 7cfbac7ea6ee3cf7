//! The journal in the TUI: the check-in form (`c`), Today's check-in and hold suggestion,
//! the Schedule day detail (Enter), and Progress's check-in chart and products panel
//! (`m`). Update tests, and snapshots at 80×24 and 40×12.

mod tui_common;

use tui_common::render;

use std::path::PathBuf;

use chrono::{Days, NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::checkin::{CheckIn, Measure};
use taper::core::demo::demo_plan;
use taper::core::{DoseEntry, Plan};
use taper::tui::app::{App, Document, Mode, SaveKind};
use taper::tui::msg::{Effect, Msg};
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

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn key(app: &mut App, c: char) -> Vec<Effect> {
    press(app, KeyCode::Char(c))
}

/// The demo plan with two weeks of check-ins, two products and a note.
fn journal_plan() -> Plan {
    let mut plan = demo_plan(today()).unwrap();
    for back in 1..=14u64 {
        let date = today() - Days::new(back);
        let mut c = CheckIn::new(date);
        let k = (back % 5) as u8;
        c.set(Measure::Withdrawal, Some(2 + k));
        c.set(Measure::Pain, Some(3 + (back % 3) as u8));
        c.set(Measure::Craving, Some(4));
        c.set(Measure::Mood, Some(6));
        c.set(Measure::Sleep, Some(5 + k.min(3)));
        c.set(Measure::Effect, Some(7));
        plan.record_checkin(&c);
    }
    plan.checkins[12].note = Some("restless evening".into());
    for back in [2u64, 4, 6] {
        let day = today() - Days::new(back);
        plan.add_entry(DoseEntry {
            product: Some("Green Malay".into()),
            note: Some("with food".into()),
            ..DoseEntry::new(day.and_hms_opt(21, 0, 0).unwrap(), "0.5".parse().unwrap())
        });
    }
    plan
}

/// Progress with its lower panel (a short terminal shows it after the first `m`).
fn progress_panel(app: &mut App) {
    key(app, '3');
    if app.height < 21 {
        key(app, 'm');
    }
}

/// The Schedule cursor on the day before today.
fn yesterday_detail(app: &mut App) {
    key(app, '2');
    key(app, 'k');
    press(app, KeyCode::Enter);
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
    checkin_form: journal_plan(), |app: &mut App| {
        key(app, 'c');
        key(app, '7');
        press(app, KeyCode::Down);
        key(app, '1');
        key(app, '0');
        press(app, KeyCode::Down);
        press(app, KeyCode::Right);
    };
    today_with_checkin: {
        let mut plan = journal_plan();
        let mut c = CheckIn::new(today());
        c.set(Measure::Withdrawal, Some(6));
        c.note = Some("ok".into());
        plan.record_checkin(&c);
        plan
    }, |_app: &mut App| {};
    day_detail: journal_plan(), yesterday_detail;
    today_off: {
        let mut plan = demo_plan(today()).unwrap();
        plan.off_days = vec![chrono::Weekday::Thu];
        plan
    }, |_app: &mut App| {};
    schedule_off: {
        let mut plan = demo_plan(today()).unwrap();
        plan.off_days = vec![chrono::Weekday::Thu];
        plan
    }, |app: &mut App| { key(app, '2'); };
    checkin_chart: journal_plan(), progress_panel;
    checkin_chart_pain: journal_plan(), |app: &mut App| {
        progress_panel(app);
        key(app, 'm');
        key(app, 'm');
    };
    products_panel: journal_plan(), |app: &mut App| {
        progress_panel(app);
        for _ in 0..7 { key(app, 'm'); }
    };
}

#[test]
fn the_form_sets_ratings_by_digits_and_arrows_and_saves_the_day() {
    let mut app = open(journal_plan(), 80, 24);
    key(&mut app, 'c');
    assert!(matches!(app.mode, Mode::CheckIn(_)));
    key(&mut app, '1');
    key(&mut app, '0'); // withdrawal 10
    press(&mut app, KeyCode::Down);
    key(&mut app, '4');
    press(&mut app, KeyCode::Left); // pain 3
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right); // craving 0 (from unset)
    press(&mut app, KeyCode::Right); // craving 1
    key(&mut app, 'j');
    key(&mut app, '5');
    press(&mut app, KeyCode::Backspace); // mood cleared
    for _ in 0..5 {
        press(&mut app, KeyCode::Down);
    }
    for c in "a note j".chars() {
        key(&mut app, c);
    }
    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::CheckIn { path, checkin, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(path, &PathBuf::from("demo-kratom.toml"));
    assert_eq!(checkin.date, today());
    assert_eq!(checkin.withdrawal, Some(10));
    assert_eq!(checkin.pain, Some(3));
    assert_eq!(checkin.craving, Some(1));
    assert_eq!(checkin.mood, None);
    assert_eq!(checkin.note.as_deref(), Some("a note j"));
    assert!(matches!(app.mode, Mode::Browse));
    // The saved plan comes back: Today shows the check-in.
    let mut plan = journal_plan();
    plan.record_checkin(checkin);
    update(
        &mut app,
        Msg::CheckedIn {
            checkin: checkin.clone(),
            previous: None,
            kind: SaveKind::Change,
            plan,
        },
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("Check-in: withdrawal 10 · pain 3 · craving 1"),
        "{screen}"
    );
    assert!(screen.contains("Saved check-in"), "{screen}");
    // Opening the form again starts from the day's check-in.
    key(&mut app, 'c');
    let Mode::CheckIn(form) = &app.mode else {
        panic!()
    };
    assert_eq!(form.values[0], Some(10));
    key(&mut app, 'q'); // not a quit inside the form
    assert!(!app.quitting);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn an_empty_form_is_not_saved() {
    let mut app = open(demo_plan(today()).unwrap(), 80, 24);
    key(&mut app, 'c');
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Mode::CheckIn(form) = &app.mode else {
        panic!()
    };
    assert!(form.error.as_deref().unwrap().contains("at least one"));
    // `c` is Today's key only.
    press(&mut app, KeyCode::Esc);
    key(&mut app, '2');
    key(&mut app, 'c');
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn high_withdrawal_before_a_step_suggests_a_hold_and_h_fills_the_reason() {
    // The demo's next step is 4 days after today: look from the day after.
    let mut plan = demo_plan(today()).unwrap();
    for back in 0..3u64 {
        let mut c = CheckIn::new(today() - Days::new(back));
        c.set(Measure::Withdrawal, Some(7));
        plan.record_checkin(&c);
    }
    let mut app = open(plan, 80, 24);
    assert!(!render(&app, 80, 24).contains("holds it"), "4 days before");
    update(&mut app, Msg::Tick(now() + chrono::Duration::days(1)));
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("Withdrawal 7.0 before the step on Mon 25 Jan: h holds it (your choice)"),
        "{screen}"
    );
    insta::assert_snapshot!("today_hold_suggestion_80x24", screen);
    key(&mut app, 'h');
    let Mode::Amend(dialog) = &app.mode else {
        panic!()
    };
    assert_eq!(
        dialog.fields[0].input,
        "withdrawal high (mean 7.0) before the step"
    );
}

#[test]
fn the_day_detail_follows_the_cursor_and_closes() {
    let mut app = open(journal_plan(), 80, 24);
    yesterday_detail(&mut app);
    assert!(matches!(app.mode, Mode::DayDetail));
    let screen = render(&app, 80, 24);
    assert!(screen.contains(" Wed 20 Jan 2027 "), "{screen}");
    assert!(screen.contains("Check-in: withdrawal 3"), "{screen}");
    key(&mut app, 'k');
    let screen = render(&app, 80, 24);
    assert!(screen.contains(" Tue 19 Jan 2027 "), "{screen}");
    assert!(screen.contains("✎ with food"), "{screen}");
    assert!(screen.contains("j k: another day · Esc close"), "{screen}");
    assert!(matches!(app.mode, Mode::DayDetail));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
    // The note mark on Schedule.
    let screen = render(&app, 80, 24);
    assert!(screen.contains("✎"), "{screen}");
}

#[test]
fn a_short_terminal_shows_the_panel_once_m_asks_for_it() {
    let mut app = open(journal_plan(), 40, 12);
    key(&mut app, '3');
    assert!(!render(&app, 40, 12).contains("Check-ins"));
    key(&mut app, 'm');
    assert_eq!(app.chart_measure, None, "the first m shows all measures");
    assert!(render(&app, 40, 12).contains("Check-ins wi pa cr mo sl ef"));
}

#[test]
fn m_cycles_the_measures_then_the_products() {
    let mut app = open(journal_plan(), 80, 24);
    key(&mut app, '3');
    assert_eq!((app.chart_measure, app.show_products), (None, false));
    key(&mut app, 'm');
    assert_eq!(app.chart_measure, Some(Measure::Withdrawal));
    for _ in 0..5 {
        key(&mut app, 'm');
    }
    assert_eq!(app.chart_measure, Some(Measure::Effect));
    key(&mut app, 'm');
    assert!(app.show_products);
    key(&mut app, 'm');
    assert_eq!((app.chart_measure, app.show_products), (None, false));
}

/// Answer the effects as the run loop would, without files.
fn feed(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Save { change, kind, .. } = effect {
            let mut plan = app.open_plan().unwrap().plan.clone();
            change.apply(&mut plan);
            update(app, Msg::Saved { change, kind, plan });
        }
    }
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, c);
    }
}

fn the_change(effects: &[Effect]) -> taper::core::Change {
    match effects {
        [Effect::Save { change, .. }] => change.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_amount_dialog_takes_a_time_a_product_used_before_and_a_note() {
    let mut app = open(demo_plan(today()).unwrap(), 80, 24);
    key(&mut app, 'a');
    typed(&mut app, "2");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "10:30");
    assert!(press(&mut app, KeyCode::Enter).is_empty(), "a time to come");
    let Mode::Dialog(dialog) = &app.mode else {
        panic!()
    };
    assert!(
        dialog
            .error
            .as_deref()
            .unwrap()
            .contains("has not come yet")
    );
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "07:45");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right); // the product used last
    assert_eq!(app.dose_fields.product, "Green Malay");
    press(&mut app, KeyCode::Right);
    assert_eq!(app.dose_fields.product, "Red Bali");
    press(&mut app, KeyCode::Tab);
    typed(&mut app, "late, 2 g");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Product Red Bali"), "{screen}");
    insta::assert_snapshot!("amount_dialog_fields_80x24", screen);
    let change = the_change(&press(&mut app, KeyCode::Enter));
    let entry = &change.add[0];
    assert_eq!(entry.at, today().and_hms_opt(7, 45, 0).unwrap());
    assert_eq!(entry.amount, "2".parse().unwrap());
    assert_eq!(entry.product.as_deref(), Some("Red Bali"));
    assert_eq!(entry.note.as_deref(), Some("late, 2 g"));
    // Left alone, the fields log now, with no product or note.
    key(&mut app, 'a');
    typed(&mut app, "1.5");
    let change = the_change(&press(&mut app, KeyCode::Enter));
    assert_eq!(change.add[0].at, now());
    assert_eq!(
        (change.add[0].product.clone(), change.add[0].note.clone()),
        (None, None)
    );
}

#[test]
fn t_moves_a_tick_to_another_time() {
    let mut app = open(demo_plan(today()).unwrap(), 80, 24);
    key(&mut app, 't');
    assert!(matches!(app.mode, Mode::Browse), "nothing ticked yet");
    let effects = key(&mut app, ' ');
    feed(&mut app, effects);
    key(&mut app, 'k');
    key(&mut app, 't');
    let Mode::Retime(dialog) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert_eq!(dialog.input, "09:30");
    insta::assert_snapshot!("retime_80x24", render(&app, 80, 24));
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "08:05");
    let change = the_change(&press(&mut app, KeyCode::Enter));
    assert_eq!(change.remove[0].at, now());
    assert_eq!(change.add[0].at, today().and_hms_opt(8, 5, 0).unwrap());
    assert_eq!(change.add[0].slot, Some(1));
    feed(
        &mut app,
        vec![Effect::Save {
            path: PathBuf::from("demo-kratom.toml"),
            change,
            kind: taper::tui::app::SaveKind::Change,
        }],
    );
    let screen = render(&app, 80, 24);
    assert!(screen.contains("taken at 08:05"), "{screen}");
}

#[test]
fn a_dose_sooner_than_the_minimum_gap_asks_first() {
    let mut plan = demo_plan(today()).unwrap();
    plan.min_gap_minutes = Some(120);
    plan.add_entry(DoseEntry::new(
        today().and_hms_opt(8, 30, 0).unwrap(),
        "1".parse().unwrap(),
    ));
    let mut app = open(plan, 80, 24);
    key(&mut app, 'a');
    typed(&mut app, "1");
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    let Mode::ConfirmGap(confirm) = &app.mode else {
        panic!("{:?}", app.mode)
    };
    assert!(
        confirm.text.contains("60 min after the one before"),
        "{}",
        confirm.text
    );
    insta::assert_snapshot!("confirm_gap_80x24", render(&app, 80, 24));
    assert!(key(&mut app, 'n').is_empty());
    assert!(matches!(app.mode, Mode::Browse));
    // A tick asks too; y logs it.
    key(&mut app, 'j');
    assert!(key(&mut app, ' ').is_empty());
    assert!(matches!(app.mode, Mode::ConfirmGap(_)));
    let change = the_change(&key(&mut app, 'y'));
    assert_eq!(change.add[0].at, now());
}

#[test]
fn u_takes_back_a_check_in_one_save_at_a_time() {
    let mut app = open(journal_plan(), 80, 24);
    let today_checkin = |app: &App| app.open_plan().unwrap().plan.checkin_on(today()).cloned();
    assert_eq!(today_checkin(&app), None);
    // Withdrawal 4, saved; then pain 6 in a second check-in of the same day.
    tui_common::keys(&mut app, "c4");
    tui_common::press(&mut app, KeyCode::Enter);
    tui_common::keys(&mut app, "cj6");
    tui_common::press(&mut app, KeyCode::Enter);
    let both = today_checkin(&app).unwrap();
    assert_eq!((both.withdrawal, both.pain), (Some(4), Some(6)));
    // A tick after them: `u` takes back the newest change first.
    tui_common::keys(&mut app, "1 ");
    let logged = app.open_plan().unwrap().plan.doses.len();
    tui_common::keys(&mut app, "u");
    assert_eq!(app.open_plan().unwrap().plan.doses.len(), logged - 1);
    // Then the pain, and only the pain.
    tui_common::keys(&mut app, "u");
    let first = today_checkin(&app).unwrap();
    assert_eq!((first.withdrawal, first.pain), (Some(4), None));
    assert!(
        render(&app, 80, 24).contains("Undone: the check-in of 2027-01-21"),
        "{}",
        render(&app, 80, 24)
    );
    // Then the first check-in: the day has none again.
    tui_common::keys(&mut app, "u");
    assert_eq!(today_checkin(&app), None);
    tui_common::keys(&mut app, "u");
    assert!(render(&app, 80, 24).contains("Nothing to undo"));
    // A field set meanwhile by another program stays: undo puts back only what the
    // check-in changed.
    tui_common::keys(&mut app, "c4");
    tui_common::press(&mut app, KeyCode::Enter);
    let Document::Open(open) = &mut app.document else {
        panic!()
    };
    let mut plan = open.plan.clone();
    let mut other = plan.checkin_on(today()).cloned().unwrap();
    other.set(Measure::Sleep, Some(8));
    taper::core::checkin::replace(&mut plan.checkins, &other);
    update(&mut app, Msg::Reloaded(Ok(plan)));
    tui_common::keys(&mut app, "u");
    let left = today_checkin(&app).unwrap();
    assert_eq!((left.withdrawal, left.sleep), (None, Some(8)));
}
