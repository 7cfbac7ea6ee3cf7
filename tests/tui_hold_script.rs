//! The whole loop on a `TestBackend` with a temp data dir: hold → days pass → resume, and
//! the end date moves by exactly the days held. Also: several plans and no default open
//! the switcher, and Enter there opens a plan and makes it the default.

use std::io;

use chrono::{Days, NaiveDate, NaiveDateTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use taper::core::amend::Change;
use taper::core::clock::Clock;
use taper::core::demo::{DEMO_NAME, demo_plan};
use taper::core::store::Store;
use taper::core::{plan_file, schedule};
use taper::tui::app::{App, Mode};
use taper::tui::msg::Msg;
use taper::tui::run::{Input, dispatch, drive, open_msg};
use taper::tui::theme::Theme;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 21)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

fn keys(codes: &[KeyCode]) -> Vec<io::Result<Input>> {
    codes
        .iter()
        .map(|k| {
            Ok(Input::Event(Event::Key(KeyEvent::new(
                *k,
                KeyModifiers::NONE,
            ))))
        })
        .collect()
}

fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn hold_days_pass_resume_moves_the_end_by_the_days_held() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    store
        .create(DEMO_NAME, &demo_plan(now().date()).unwrap(), false)
        .unwrap();
    let path = store.path_of(DEMO_NAME);
    let end_before = schedule::build(&plan_file::load(&path).unwrap(), now().date())
        .unwrap()
        .end;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let clock = Clock::starting_at(now());
    let mut app = App::new(clock.now(), Theme::PLAIN, 80, 24);
    dispatch(&mut app, &store, open_msg(store.resolve(None)));

    // Day 0: hold, with a reason.
    let mut script = vec![KeyCode::Char('h')];
    script.extend("hard week".chars().map(KeyCode::Char));
    script.push(KeyCode::Enter);
    drive(&mut terminal, &mut app, &store, &clock, keys(&script)).unwrap();
    let screen = text(&terminal);
    assert!(
        screen.contains("Held since Thu 21 Jan (from today)"),
        "{screen}"
    );
    assert!(
        screen.contains("Next step: waits until you resume (h)"),
        "{screen}"
    );
    let saved = plan_file::load(&path).unwrap();
    assert_eq!(saved.amendments.len(), 1);
    assert_eq!(saved.amendments[0].reason.as_deref(), Some("hard week"));

    // Five days pass: the clock moves on through ticks.
    let held = 5;
    for day in 1..=held {
        dispatch(&mut app, &store, Msg::Tick(now() + Days::new(day)));
    }
    let later = Clock::starting_at(now() + Days::new(held));
    drive(&mut terminal, &mut app, &store, &later, [Ok(Input::Tick)]).unwrap();
    let screen = text(&terminal);
    assert!(
        screen.contains("Held since Thu 21 Jan (5 days)"),
        "{screen}"
    );

    // Resume (no reason) and quit.
    let script = [KeyCode::Char('h'), KeyCode::Enter];
    drive(&mut terminal, &mut app, &store, &later, keys(&script)).unwrap();
    let screen = text(&terminal);
    assert!(screen.contains("Resumed after 5 days held"), "{screen}");
    drive(
        &mut terminal,
        &mut app,
        &store,
        &later,
        keys(&[KeyCode::Char('q')]),
    )
    .unwrap();
    assert!(app.quitting);

    let saved = plan_file::load(&path).unwrap();
    let kinds: Vec<_> = saved
        .amendments
        .iter()
        .map(|a| (a.from, a.change.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (now().date(), Change::Hold),
            (now().date() + Days::new(held), Change::Resume)
        ]
    );
    // Whenever it is read from now on, the end is exactly the days held later.
    for when in [now().date(), now().date() + Days::new(100)] {
        let end_after = schedule::build(&saved, when).unwrap().end;
        assert_eq!(end_after, end_before + Days::new(held));
    }
    assert_eq!(
        app.open_plan().unwrap().schedule.end,
        end_before + Days::new(held)
    );
}

#[test]
fn several_plans_without_a_default_open_the_switcher_and_enter_opens_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let plan = demo_plan(now().date()).unwrap();
    store.create("alpha", &plan, false).unwrap();
    store.create("beta", &plan, false).unwrap();
    std::fs::remove_file(dir.path().join("default")).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let clock = Clock::starting_at(now());
    let mut app = App::new(clock.now(), Theme::PLAIN, 80, 24);
    dispatch(&mut app, &store, open_msg(store.resolve(None)));
    assert!(matches!(app.mode, Mode::Switcher(_)));
    drive(
        &mut terminal,
        &mut app,
        &store,
        &clock,
        keys(&[KeyCode::Char('j'), KeyCode::Enter]),
    )
    .unwrap();
    let open = app.open_plan().expect("a plan is open");
    assert_eq!(open.path, store.path_of("beta"));
    assert_eq!(store.default_name().as_deref(), Some("beta"));
    let screen = text(&terminal);
    assert!(screen.contains("Opened Demo: kratom taper"), "{screen}");
}
