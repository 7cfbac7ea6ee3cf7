//! No panics: arbitrary bytes and mutated plan files fed to the loader (and, when they load,
//! to the schedule, the day status and the writer), and random key, mouse, resize and clock
//! sequences fed to the TUI's `update` and `view` on terminals from 1×1 to 300×100.
//! 12 000 cases in all (see each `ProptestConfig`); a few seconds on 2 cores.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use taper::core::{Dose, DoseEntry, Plan, day, plan_file, progress, render, schedule};
use taper::tui::app::{App, SaveKind};
use taper::tui::msg::{Effect, Msg};
use taper::tui::theme::Theme;
use taper::tui::update::update;
use taper::tui::view::view;

const BASES: [&str; 5] = [
    include_str!("fixtures/valid/minimal.toml"),
    include_str!("fixtures/valid/hyperbolic.toml"),
    include_str!("fixtures/valid/ladder.toml"),
    include_str!("fixtures/valid/night-owl.toml"),
    include_str!("fixtures/valid/demo-kratom.toml"),
];

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Everything a loaded plan goes through, none of which may panic.
fn exercise(plan: &Plan, text: &str) {
    let rendered = render::render(plan);
    let _ = plan_file::parse(Path::new("x.toml"), &rendered);
    let mut more = plan.clone();
    more.add_entry(DoseEntry::new(
        plan.start.and_hms_opt(8, 0, 0).unwrap_or_default(),
        Dose::from_units(1),
    ));
    let _ = plan_file::parse(Path::new("x.toml"), &render::render_over(text, plan, &more));
    if let Ok(schedule) = schedule::build(plan, plan.end) {
        let _ = progress::records(plan, &schedule);
        for date in [plan.start, plan.end, plan.start - Duration::days(1)] {
            let status = day::status(plan, &schedule, date);
            for slot in &status.slots {
                let _ = day::toggle(
                    plan,
                    &status,
                    slot.planned.slot,
                    date.and_time(plan.day_starts),
                );
            }
        }
    }
}

/// A mutation of a plan file: at a position, delete some bytes and insert others.
fn mutation() -> impl Strategy<Value = (usize, usize, String)> {
    (
        any::<usize>(),
        0usize..12,
        "[-0-9a-z_ .:=\\[\\]{}\"'#\n,+TZ\u{1b}\u{202e}é]{0,10}",
    )
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = plan_file::parse_bytes(Path::new("x.toml"), &bytes);
        let mut prefixed = b"schema = 1\nname = \"x\"\nunit = \"g\"\n[plan]\n".to_vec();
        prefixed.extend_from_slice(&bytes);
        let _ = plan_file::parse_bytes(Path::new("x.toml"), &prefixed);
    }
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn mutated_plan_files_never_panic(base in 0usize..5, edits in proptest::collection::vec(mutation(), 1..4)) {
        let mut bytes = BASES[base].as_bytes().to_vec();
        for (at, delete, insert) in edits {
            let at = at % (bytes.len() + 1);
            let end = (at + delete).min(bytes.len());
            bytes.splice(at..end, insert.bytes());
        }
        if let Ok(plan) = plan_file::parse_bytes(Path::new("x.toml"), &bytes) {
            exercise(&plan, &String::from_utf8_lossy(&bytes));
        }
    }
}

#[derive(Clone, Debug)]
enum Input {
    Key(KeyCode, KeyModifiers),
    Mouse(MouseEventKind, u16, u16),
    Resize(u16, u16),
    Minutes(i64),
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => proptest::sample::select("0123456789.12 3?jkaestudnxq-".chars().collect::<Vec<_>>())
            .prop_map(KeyCode::Char),
        3 => proptest::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Backspace,
            KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::PageUp,
            KeyCode::PageDown, KeyCode::Home, KeyCode::End, KeyCode::Delete, KeyCode::F(1),
        ]),
        1 => any::<char>().prop_map(KeyCode::Char),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    let modifiers = proptest::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    ]);
    let mouse = proptest::sample::select(vec![
        MouseEventKind::ScrollDown,
        MouseEventKind::ScrollUp,
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::Down(MouseButton::Right),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Moved,
    ]);
    prop_oneof![
        8 => (key_code(), modifiers).prop_map(|(k, m)| Input::Key(k, m)),
        2 => (mouse, 0u16..310, 0u16..110).prop_map(|(k, x, y)| Input::Mouse(k, x, y)),
        1 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Input::Resize(w, h)),
        1 => (-1500i64..3000).prop_map(Input::Minutes),
    ]
}

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, 21)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .unwrap_or_default()
}

fn demo() -> Plan {
    plan_file::parse(Path::new("demo.toml"), BASES[4]).unwrap_or_else(|e| panic!("{e}"))
}

/// The effects `update` asks for, answered as the run loop would but without any I/O.
fn answer(app: &App, effect: Effect) -> Option<Msg> {
    match effect {
        Effect::Save { change, kind, .. } => {
            let mut plan = app.open_plan()?.plan.clone();
            change.apply(&mut plan);
            Some(Msg::Saved { change, kind, plan })
        }
        Effect::CreatePlan { plan, .. } => Some(Msg::Loaded {
            path: PathBuf::from("new.toml"),
            result: Ok(*plan),
        }),
        Effect::Amend {
            amendment, kind, ..
        } => {
            let mut plan = app.open_plan()?.plan.clone();
            match kind {
                SaveKind::Change => plan.add_amendment(amendment.clone()),
                SaveKind::Undo => plan.amendments.retain(|a| *a != amendment),
            }
            if plan.validate().is_err() {
                return Some(Msg::SaveFailed {
                    message: "not a plan".into(),
                });
            }
            Some(Msg::Amended {
                amendment,
                kind,
                plan,
            })
        }
        Effect::CheckIn {
            checkin,
            before,
            kind,
            ..
        } => {
            // (Here the file is the app's plan.)
            let mut plan = app.open_plan()?.plan.clone();
            let (previous, checkin) =
                taper::core::checkin::apply(&mut plan, &checkin, before.as_ref());
            Some(Msg::CheckedIn {
                checkin,
                previous,
                kind,
                plan,
            })
        }
        Effect::ListPlans => Some(Msg::Plans(Vec::new())),
        Effect::SwitchPlan { .. } | Effect::InstallDemo => Some(Msg::Loaded {
            path: PathBuf::from("demo.toml"),
            result: Ok(demo()),
        }),
        Effect::Quit => None,
    }
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn random_input_never_panics_update_or_view(
        start in 0u8..4,
        (width, height) in (1u16..=300, 1u16..=100),
        inputs in proptest::collection::vec(input(), 0..14),
    ) {
        let mut clock = now();
        let mut app = App::new(clock, Theme::PLAIN, width, height);
        let first = match start {
            0 => Msg::NoPlans,
            1 => Msg::Loaded { path: "broken.toml".into(), result: Err("x.toml:1:1: bad\u{1b}[2J".into()) },
            2 => Msg::OpenFailed("several plans\u{202e}".into()),
            _ => Msg::Loaded { path: "demo.toml".into(), result: Ok(demo()) },
        };
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap_or_else(|e| panic!("{e}"));
        let mut queue = VecDeque::from([first]);
        let mut inputs = inputs.into_iter();
        loop {
            while let Some(msg) = queue.pop_front() {
                for effect in update(&mut app, msg) {
                    if effect == Effect::Quit {
                        return Ok(());
                    }
                    queue.extend(answer(&app, effect));
                }
            }
            terminal.draw(|frame| view(&app, frame)).unwrap_or_else(|e| panic!("{e}"));
            let Some(input) = inputs.next() else { break };
            queue.push_back(match input {
                Input::Key(code, modifiers) => Msg::Key(KeyEvent::new(code, modifiers)),
                Input::Mouse(kind, column, row) => Msg::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }),
                Input::Resize(w, h) => {
                    terminal.backend_mut().resize(w, h);
                    Msg::Resize(w, h)
                }
                Input::Minutes(m) => {
                    clock += Duration::minutes(m);
                    Msg::Tick(clock)
                }
            });
        }
    }
}
