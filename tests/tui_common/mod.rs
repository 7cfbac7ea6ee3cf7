//! What the TUI snapshot and script tests share: drawing the app to text, and typing keys
//! whose saves are applied as the real loop would.
#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::tui::app::App;
use taper::tui::msg::{Effect, Msg};
use taper::tui::update::update;
use taper::tui::view::view;

/// Type `keys`; a save a key asks for is applied to the open plan and reported back.
pub fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Press one key, its saves applied as `keys` does.
pub fn press(app: &mut App, code: KeyCode) {
    let effects = update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    saved(app, effects);
}

/// Apply the saves among `effects` to the open plan (as the run loop's `store::modify`
/// would to the file) and report them back.
pub fn saved(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        let mut plan = app.open_plan().unwrap().plan.clone();
        let msg = match effect {
            Effect::Save { change, kind, .. } => {
                change.apply(&mut plan);
                Msg::Saved { change, kind, plan }
            }
            Effect::CheckIn {
                checkin,
                before,
                kind,
                ..
            } => {
                let (previous, checkin) =
                    taper::core::checkin::apply(&mut plan, &checkin, before.as_ref());
                Msg::CheckedIn {
                    checkin,
                    previous,
                    kind,
                    plan,
                }
            }
            _ => continue,
        };
        update(app, msg);
    }
}

/// The screen as text, one line a row, trailing blanks trimmed.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view(app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
