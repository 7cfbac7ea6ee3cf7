//! No data loss, proven on the real binary: `taper log` killed with SIGKILL at random
//! moments, hundreds of logs at once, and the TUI saving while the CLI logs.
#![cfg(unix)]

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use taper::core::clock::Clock;
use taper::core::demo::{DEMO_NAME, demo_plan};
use taper::core::plan_file;
use taper::core::store::Store;
use taper::tui::app::App;
use taper::tui::run::{Input, dispatch, drive, open_msg};
use taper::tui::theme::Theme;

const NOW: &str = "2027-01-21T09:30";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

/// The demo plan (three years of log would be slower; this one has weeks of it).
fn demo_store() -> (tempfile::TempDir, Store, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("data"));
    let path = store
        .create(DEMO_NAME, &demo_plan(today()).unwrap(), false)
        .unwrap();
    (dir, store, path)
}

fn log(store: &Store, note: &str) -> Command {
    log_amount(store, "0.25", note)
}

fn log_amount(store: &Store, amount: &str, note: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_taper"));
    cmd.env("TAPER_DATA_DIR", &store.dir)
        .env("TAPER_NOW", NOW)
        .args(["log", amount, "--note", note])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn notes(path: &Path) -> Vec<String> {
    plan_file::load(path)
        .unwrap_or_else(|e| panic!("the plan no longer parses: {e}"))
        .doses
        .into_iter()
        .filter_map(|d| d.note.as_deref().map(str::to_string))
        .collect()
}

/// A small xorshift: random kill moments without another dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn sigkill_at_random_moments_never_loses_a_completed_log() {
    let (_dir, store, path) = demo_store();
    // How long one log takes, to spread the kills over its whole run.
    let start = Instant::now();
    assert!(log(&store, "calibrate").status().unwrap().success());
    let run = start.elapsed().as_micros() as u64;
    let seed = std::process::id() as u64 * 2_654_435_761 + run;
    let mut rng = Rng(seed | 1);
    let mut done = HashSet::from(["calibrate".to_string()]);
    let (mut killed, mut finished) = (0, 0);
    let kills = 220;
    for i in 0..kills {
        let note = format!("k{i}");
        let mut child: Child = log(&store, &note).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(run * 5 / 4)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            done.insert(note);
            finished += 1;
        } else {
            killed += 1;
        }
        // The plan parses after every kill, and every log that exited 0 is in it.
        let present: HashSet<String> = notes(&path).into_iter().collect();
        let lost: Vec<_> = done.difference(&present).collect();
        assert!(lost.is_empty(), "seed {seed}: lost {lost:?}");
    }
    eprintln!("{kills} SIGKILLs (one log ≈ {run} µs): {killed} killed, {finished} finished");
    assert!(killed >= kills / 4, "too few kills landed: {killed}");
    // The next save removes the temp files the killed saves left.
    assert!(log(&store, "after").status().unwrap().success());
    let temps: Vec<_> = std::fs::read_dir(&store.dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{} temp files left", temps.len());
}

#[test]
fn two_rounds_of_200_parallel_logs_leave_exactly_400_entries() {
    let (_dir, store, path) = demo_store();
    let before = plan_file::load(&path).unwrap().doses.len();
    for round in 0..2 {
        let children: Vec<Child> = (0..200)
            .map(|i| log(&store, &format!("p{round}-{i}")).spawn().unwrap())
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
    }
    let plan = plan_file::load(&path).unwrap();
    assert_eq!(plan.doses.len(), before + 400);
    let unique: HashSet<String> = notes(&path).into_iter().collect();
    assert_eq!(unique.iter().filter(|n| n.starts_with('p')).count(), 400);
}

#[test]
fn the_tui_and_the_cli_at_once_lose_nothing() {
    let (_dir, store, path) = demo_store();
    let before = plan_file::load(&path).unwrap().doses.len();
    let cli_store = store.clone();
    let cli = std::thread::spawn(move || {
        for i in 0..40 {
            // Small doses: they never cover the first planned dose, which stays tickable.
            let mut cmd = log_amount(&cli_store, "0.01", &format!("c{i}"));
            assert!(cmd.status().unwrap().success());
        }
    });
    // The TUI ticks and unticks the first dose 41 times, reading the clock in between
    // (which reloads the file when the CLI changed it).
    let space = || {
        Ok(Input::Event(Event::Key(KeyEvent::new(
            KeyCode::Char(' '),
            KeyModifiers::NONE,
        ))))
    };
    let inputs: Vec<io::Result<Input>> = (0..41).flat_map(|_| [space(), Ok(Input::Tick)]).collect();
    let slow = inputs.into_iter().inspect(|_| {
        std::thread::sleep(Duration::from_millis(3));
    });
    let clock = Clock::starting_at(today().and_hms_opt(9, 30, 0).unwrap());
    let mut app = App::new(clock.now(), Theme::PLAIN, 80, 24);
    assert!(!dispatch(&mut app, &store, open_msg(store.resolve(None))));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    drive(&mut terminal, &mut app, &store, &clock, slow).unwrap();
    cli.join().unwrap();
    let plan = plan_file::load(&path).unwrap();
    let cli_notes = plan
        .doses
        .iter()
        .filter(|d| d.note.as_deref().is_some_and(|n| n.starts_with('c')))
        .count();
    let ticks = plan
        .doses
        .iter()
        .filter(|d| d.slot.is_some() && d.at.date() == today())
        .count();
    assert_eq!(cli_notes, 40, "a CLI log was lost");
    assert_eq!(ticks, 1, "41 presses of space leave one tick");
    assert_eq!(plan.doses.len(), before + 41);
}
