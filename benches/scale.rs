//! How cost grows with the size of a plan: 1, 2, 5 and 10 years of a realistic log
//! (4 doses a day, holds, re-plans; see `support/bigplan.rs`). Run with
//! `cargo bench --bench scale`; it prints numbers and asserts nothing. BENCHMARKS.md
//! records a run.

#[path = "support/bigplan.rs"]
mod bigplan;

use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::store::{self, Store};
use taper::core::{Dose, DoseEntry, Plan, plan_file, progress, render, schedule};
use taper::tui::app::App;
use taper::tui::msg::Msg;
use taper::tui::run::dispatch;
use taper::tui::theme::Theme;
use taper::tui::update::update;
use taper::tui::view::view;

const YEARS: [u32; 4] = [1, 2, 5, 10];
const SEED: u64 = 12;

fn main() {
    divan::main();
}

fn plan(years: u32) -> Plan {
    bigplan::generate(years, SEED)
}

fn key(c: char) -> Msg {
    let code = if c == ' ' {
        KeyCode::Char(' ')
    } else {
        KeyCode::Char(c)
    };
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn app_with(years: u32, screen: char) -> App {
    let mut app = App::new(bigplan::now(), Theme::COLOR, 120, 40);
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("big.toml"),
            result: Ok(plan(years)),
        },
    );
    update(&mut app, key(screen));
    app
}

/// A data dir holding the plan of `years` years as its only plan, as taper keeps it (the
/// years before last in files of their own: `store::years`).
/// `TAPER_BENCH_DIR` puts it elsewhere (e.g. /dev/shm, to leave the disk's fsync out).
fn store_with(years: u32) -> (tempfile::TempDir, Store, PathBuf) {
    let dir = match std::env::var_os("TAPER_BENCH_DIR") {
        Some(base) => tempfile::tempdir_in(base).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    let store = Store::new(dir.path());
    let path = store.create("big", &plan(years), false).unwrap();
    (dir, store, path)
}

/// The first save of a plan written as one file (by an older taper): it moves the years
/// before last to files of their own, once.
#[divan::bench(args = YEARS, sample_count = 10, sample_size = 1)]
fn first_save_of_one_file(bencher: divan::Bencher, years: u32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let text = bigplan::text(years, SEED);
    let entry = DoseEntry::new(bigplan::now(), Dose::from_units(2));
    bencher
        .with_inputs(|| {
            for old in store::years::files_beside(&path) {
                std::fs::remove_file(old).unwrap();
            }
            std::fs::write(&path, &text).unwrap();
        })
        .bench_local_values(|()| {
            store::modify(&path, |plan| {
                plan.add_entry(entry.clone());
                Ok(())
            })
            .unwrap()
        });
}

#[divan::bench(args = YEARS)]
fn schedule_build(bencher: divan::Bencher, years: u32) {
    let p = plan(years);
    let today = bigplan::today();
    bencher.bench(|| schedule::build(divan::black_box(&p), today).unwrap());
}

#[divan::bench(args = YEARS)]
fn load(bencher: divan::Bencher, years: u32) {
    let (_dir, _store, path) = store_with(years);
    bencher.bench(|| store::load(divan::black_box(&path)).unwrap());
}

#[divan::bench(args = YEARS)]
fn render_file(bencher: divan::Bencher, years: u32) {
    let p = plan(years);
    bencher.bench(|| render::render(divan::black_box(&p)));
}

/// One dose appended through `store::modify` (lock, read, change, .bak, atomic write).
#[divan::bench(args = YEARS, sample_count = 30, sample_size = 1)]
fn save_one_dose(bencher: divan::Bencher, years: u32) {
    let (_dir, _store, path) = store_with(years);
    let text = std::fs::read(&path).unwrap();
    let entry = DoseEntry {
        product: Some("Valium 5 mg".into()),
        ..DoseEntry::new(bigplan::now(), Dose::from_units(2))
    };
    bencher
        .with_inputs(|| std::fs::write(&path, &text).unwrap())
        .bench_local_values(|()| {
            store::modify(Path::new(&path), |plan| {
                plan.add_entry(entry.clone());
                Ok(())
            })
            .unwrap()
        });
}

fn key_then_draw(bencher: divan::Bencher, years: u32, on: char, press: char) {
    let app = app_with(years, on);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    // The screen as it is before the key: drawn once (what a screen keeps from its first
    // frame, e.g. Progress's day records, is kept as the running interface keeps it).
    terminal.draw(|frame| view(&app, frame)).unwrap();
    bencher
        .with_inputs(|| app.clone())
        .bench_local_values(|mut app| {
            update(&mut app, key(press));
            terminal.draw(|frame| view(&app, frame)).unwrap();
            app
        });
}

/// Schedule → Today, then draw.
#[divan::bench(args = YEARS)]
fn switch_to_today(bencher: divan::Bencher, years: u32) {
    key_then_draw(bencher, years, '2', '1');
}

/// Today → Schedule, then draw.
#[divan::bench(args = YEARS)]
fn switch_to_schedule(bencher: divan::Bencher, years: u32) {
    key_then_draw(bencher, years, '1', '2');
}

/// Today → Progress, then draw.
#[divan::bench(args = YEARS)]
fn switch_to_progress(bencher: divan::Bencher, years: u32) {
    key_then_draw(bencher, years, '1', '3');
}

/// `j` on Today (next planned dose), then draw.
#[divan::bench(args = YEARS)]
fn j_on_today(bencher: divan::Bencher, years: u32) {
    key_then_draw(bencher, years, '1', 'j');
}

/// `j` on Schedule (next day), then draw.
#[divan::bench(args = YEARS)]
fn j_on_schedule(bencher: divan::Bencher, years: u32) {
    key_then_draw(bencher, years, '2', 'j');
}

/// `k` on Progress (previous week), then draw.
#[divan::bench(args = YEARS)]
fn k_on_progress(bencher: divan::Bencher, years: u32) {
    key_then_draw(bencher, years, '3', 'k');
}

/// Space on Today through the real loop's `dispatch`: update → save (store::modify) →
/// update → draw. Ticks and un-ticks alternately, so the file keeps its size.
#[divan::bench(args = YEARS, sample_count = 40, sample_size = 1)]
fn tick_saved_redrawn(bencher: divan::Bencher, years: u32) {
    // As `taper::tui::run` does.
    taper::core::save_cache::enable();
    let (_dir, store, path) = store_with(years);
    let mut app = App::new(bigplan::now(), Theme::COLOR, 120, 40);
    dispatch(
        &mut app,
        &store,
        Msg::Loaded {
            path: path.clone(),
            result: store::load(&path).map_err(|e| e.to_string()),
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        dispatch(&mut app, &store, key(' '));
        terminal.draw(|frame| view(&app, frame)).unwrap();
    });
}

/// What the Progress screen computes: records, summary, reduction and weeks.
#[divan::bench(args = YEARS)]
fn progress_statistics(bencher: divan::Bencher, years: u32) {
    let p = plan(years);
    let s = schedule::build(&p, bigplan::today()).unwrap();
    let today = bigplan::today();
    bencher.bench(|| {
        let records = progress::records(divan::black_box(&p), &s);
        let summary = progress::summarize(&records, today);
        let reduction = progress::reduction(&p, &s, &records, today);
        let weeks = progress::weeks(&records, today);
        (summary, reduction.0, weeks.len())
    });
}

/// Parse alone (what every load and every save pays before this fixes).
#[divan::bench(args = YEARS)]
fn parse(bencher: divan::Bencher, years: u32) {
    let text = bigplan::text(years, SEED);
    bencher.bench(|| plan_file::parse(Path::new("big.toml"), divan::black_box(&text)).unwrap());
}
