//! The floor for `scripts/bench-startup`: the fastest first frame a ratatui app can show.
//! Draws one frame (a bordered block titled "floor", `READY` on the bottom line), waits
//! for `q`, restores the terminal and exits 0. Kept identical in spirit to the reference
//! floor program our benchmark tool ships with, so ratios compare like with like.

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Block, Paragraph};

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    terminal.draw(|frame| {
        let [body, footer] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(frame.area());
        frame.render_widget(Block::bordered().title("floor"), body);
        frame.render_widget(Paragraph::new("READY"), footer);
    })?;
    let result = loop {
        match event::read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press && k.code == KeyCode::Char('q') => {
                break Ok(());
            }
            Ok(_) => continue,
            Err(e) => break Err(e),
        }
    };
    ratatui::restore();
    result
}
