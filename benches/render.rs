//! Benchmarks of the interface: one full frame of each screen on a `TestBackend` at
//! 120×40, with the demo plan. Run with `cargo bench --bench render`; nothing is asserted.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::demo::demo_plan;
use taper::tui::app::App;
use taper::tui::msg::Msg;
use taper::tui::theme::Theme;
use taper::tui::update::update;
use taper::tui::view::view;

fn main() {
    divan::main();
}

fn app_on(screen: char) -> App {
    let now = NaiveDate::from_ymd_opt(2027, 1, 21)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap();
    let mut app = App::new(now, Theme::COLOR, 120, 40);
    let plan = demo_plan(now.date()).unwrap();
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("demo-kratom.toml"),
            result: Ok(plan),
        },
    );
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char(screen), KeyModifiers::NONE)),
    );
    app
}

#[divan::bench(args = ['1', '2', '3', '?', 'n'])]
fn frame(bencher: divan::Bencher, screen: char) {
    let app = app_on(screen);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|frame| view(divan::black_box(&app), frame))
            .unwrap();
    });
}
