//! The whole loop, driven by scripted key events on a `TestBackend`, with the real
//! effect-performing code writing to a temp data dir.

use std::io;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use taper::core::clock::Clock;
use taper::core::demo::{DEMO_NAME, demo_plan};
use taper::core::plan_file;
use taper::core::store::Store;
use taper::core::{Dose, Plan};
use taper::tui::app::App;
use taper::tui::run::{Input, dispatch, drive, open_msg};
use taper::tui::theme::Theme;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 21)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn script(keys: &[KeyCode]) -> Vec<io::Result<Input>> {
    keys.iter()
        .map(|k| {
            Ok(Input::Event(Event::Key(KeyEvent::new(
                *k,
                KeyModifiers::NONE,
            ))))
        })
        .collect()
}

fn chars(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

/// Run the app on `store` with these keys; the screen as text at the end.
fn run(store: &Store, keys: &[KeyCode]) -> (App, String) {
    let clock = Clock::starting_at(now());
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut app = App::new(clock.now(), Theme::PLAIN, 80, 24);
    let quit = dispatch(&mut app, store, open_msg(store.resolve(None)));
    assert!(!quit);
    drive(&mut terminal, &mut app, store, &clock, script(keys)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    (app, text)
}

/// The app opened on a fresh copy of the demo plan in a temp data dir.
struct Session {
    _dir: tempfile::TempDir,
    store: Store,
    clock: Clock,
    terminal: Terminal<TestBackend>,
    app: App,
}

impl Session {
    fn demo() -> Session {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store
            .create(DEMO_NAME, &demo_plan(now().date()).unwrap(), false)
            .unwrap();
        let clock = Clock::starting_at(now());
        let mut app = App::new(clock.now(), Theme::PLAIN, 80, 24);
        dispatch(&mut app, &store, open_msg(store.resolve(None)));
        let terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        Session {
            _dir: dir,
            store,
            clock,
            terminal,
            app,
        }
    }

    fn drive(&mut self, inputs: impl IntoIterator<Item = io::Result<Input>>) {
        drive(
            &mut self.terminal,
            &mut self.app,
            &self.store,
            &self.clock,
            inputs,
        )
        .unwrap();
    }
}

fn saved(store: &Store) -> Plan {
    plan_file::load(&store.path_of(DEMO_NAME)).unwrap()
}

#[test]
fn ticks_amounts_edits_and_undo_reach_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    store
        .create(DEMO_NAME, &demo_plan(now().date()).unwrap(), false)
        .unwrap();
    let yesterday = now().date().pred_opt().unwrap();

    let mut keys = vec![KeyCode::Char(' '), KeyCode::Char('j'), KeyCode::Char('a')];
    keys.extend(chars("0.5"));
    keys.push(KeyCode::Enter);
    // Schedule: yesterday's total becomes 3.
    keys.extend(chars("2ke"));
    keys.extend([KeyCode::Backspace; 6]);
    keys.push(KeyCode::Char('3'));
    keys.push(KeyCode::Enter);
    // Today: tick the third dose, then undo it.
    keys.extend(chars("1jj "));
    keys.extend(chars("u3?"));
    keys.push(KeyCode::Esc);
    keys.push(KeyCode::Char('q'));
    let (app, _) = run(&store, &keys);
    assert!(app.quitting);

    let plan = saved(&store);
    let today: Vec<_> = plan.entries_on(now().date()).into_iter().cloned().collect();
    assert_eq!(today.len(), 2, "{today:?}");
    assert_eq!(today[0].amount, Dose::from_micros(3_500_000));
    assert_eq!(today[0].slot, Some(1));
    assert_eq!(today[1].amount, Dose::from_micros(500_000));
    assert_eq!(today[1].slot, Some(2));
    assert_eq!(plan.taken_on(yesterday), Some(Dose::from_units(3)));
    assert_eq!(plan.entries_on(yesterday).len(), 1);
    let text = std::fs::read_to_string(store.path_of(DEMO_NAME)).unwrap();
    assert!(text.contains("amount = 0.5"), "{text}");
}

#[test]
fn entries_logged_by_another_program_meanwhile_are_kept() {
    let mut session = Session::demo();
    // The CLI logs a dose while the TUI is open.
    taper::core::store::modify(&session.store.path_of(DEMO_NAME), |plan| {
        plan.add_entry(taper::core::DoseEntry::new(
            now() - chrono::Duration::hours(1),
            Dose::from_units(1),
        ));
        Ok(())
    })
    .unwrap();
    session.drive(script(&chars(" q")));
    let plan = saved(&session.store);
    assert_eq!(plan.entries_on(now().date()).len(), 2);
}

#[test]
fn a_dose_logged_elsewhere_shows_up_on_the_next_tick() {
    let mut session = Session::demo();
    let path = session.store.path_of(DEMO_NAME);
    let inputs = std::iter::once_with(|| {
        // `taper log 1` from another terminal, after the app has drawn its first frame.
        std::thread::sleep(std::time::Duration::from_millis(20));
        taper::core::store::modify(&path, |plan| {
            plan.add_entry(taper::core::DoseEntry::new(now(), Dose::from_units(1)));
            Ok(())
        })
        .unwrap();
        Ok(Input::Tick)
    });
    session.drive(inputs);
    let open = session.app.open_plan().unwrap();
    assert_eq!(open.plan.taken_on(now().date()), Some(Dose::from_units(1)));
    assert!(
        session
            .app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("changed on disk")
    );
}

#[test]
fn first_run_installs_the_demo_and_ticks_a_dose() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("data"));
    let (_, screen) = run(&store, &[]);
    assert!(screen.contains("Welcome to taper"), "{screen}");
    assert!(screen.contains(taper::core::text::SAFETY_NOTE));
    let (_, screen) = run(&store, &chars("d q"));
    assert!(screen.contains("[✓]"), "{screen}");
    assert_eq!(saved(&store).entries_on(now().date()).len(), 1);
}

#[test]
fn a_broken_plan_file_is_shown_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let path = store.path_of("broken");
    let text = "schema = 1\nname = \"x\"\nunit = \"g\"\n[plan]\nstart = 2027-01-01\nstart_dose = \"lots\"\n";
    std::fs::write(&path, text).unwrap();
    let (_, screen) = run(&store, &chars(" au2q"));
    assert!(screen.contains("could not be opened"), "{screen}");
    assert!(screen.contains(&format!("{}:", path.display())), "{screen}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_failed_save_is_reported_and_not_shown_as_done() {
    let mut session = Session::demo();
    std::fs::remove_file(session.store.path_of(DEMO_NAME)).unwrap();
    session.drive(script(&chars(" ")));
    let app = &session.app;
    let status = app.status.clone().unwrap();
    assert!(
        status.error && status.text.starts_with("Not saved"),
        "{status:?}"
    );
    assert!(app.undo.is_empty());
    assert_eq!(app.open_plan().unwrap().plan.taken_on(now().date()), None);
}

#[test]
fn the_wizard_creates_a_plan_and_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("data"));
    let mut keys = chars("nmy-taper");
    keys.push(KeyCode::Tab);
    keys.extend(chars("kratom"));
    keys.extend([KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    keys.extend(chars("12"));
    keys.extend([KeyCode::Enter; 20]);
    let (app, screen) = run(&store, &keys);
    let names = store.names().unwrap();
    assert_eq!(names.len(), 1, "{screen}");
    assert!(app.open_plan().is_some(), "{screen}");
    assert!(screen.contains("Step 1 of"), "{screen}");
}

#[test]
fn after_midnight_today_is_the_evening_before_when_the_day_starts_later() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut plan = demo_plan(now().date()).unwrap();
    plan.day_starts = chrono::NaiveTime::from_hms_opt(4, 0, 0).unwrap();
    store.create(DEMO_NAME, &plan, false).unwrap();
    let late = now()
        .date()
        .succ_opt()
        .unwrap()
        .and_hms_opt(1, 30, 0)
        .unwrap();
    let clock = Clock::starting_at(late);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut app = App::new(clock.now(), Theme::PLAIN, 80, 24);
    dispatch(&mut app, &store, open_msg(store.resolve(None)));
    assert_eq!(app.today, now().date());
    drive(&mut terminal, &mut app, &store, &clock, script(&chars(" "))).unwrap();
    let saved = saved(&store);
    let entries = saved.entries_on(now().date());
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].at.date(), late.date());
}

#[test]
fn a_day_far_above_the_days_before_brings_the_tolerance_note() {
    let mut session = Session::demo();
    let mut keys = chars("a10");
    keys.push(KeyCode::Enter);
    session.drive(script(&keys));
    assert!(
        !session
            .app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Tolerance")
    );
    let mut keys = chars("a5");
    keys.push(KeyCode::Enter);
    session.drive(script(&keys));
    let status = &session.app.status.as_ref().unwrap().text;
    assert!(
        status.contains(taper::core::text::TOLERANCE_NOTE),
        "{status}"
    );
    // The note wraps instead of being cut off.
    let screen = session.terminal.backend().buffer().clone();
    let text: String = (0..screen.area.height)
        .flat_map(|y| (0..screen.area.width).map(move |x| (x, y)))
        .map(|(x, y)| screen[(x, y)].symbol().to_string())
        .collect();
    assert!(text.contains("overdose"), "{text}");
}
