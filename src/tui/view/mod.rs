//! Pure drawing: `view(&App, &mut Frame)` reads the state and never changes it.

mod calendar;
mod help;
mod journal;
mod journal_chart;
mod overlays;

pub use help::lines as help_lines;
mod progress;
mod rows;
mod schedule;
mod thin;
mod today;
mod today_state;
mod welcome;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, Dialog, DialogPurpose, Document, Mode, Screen};
use super::keymap;
use super::theme::Theme;
use super::wizard;
use crate::core::text::printable;
use crate::core::{Dose, audit};
use rows::Row;

/// From this terminal height on, Progress always shows its check-in / products panel.
pub const TALL_PROGRESS: u16 = 21;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

const TAB_SEPARATOR: &str = "│";

/// Below this width the tabs use their short titles.
const NARROW_TABS: u16 = 60;

fn tab_label(screen: Screen, width: u16) -> String {
    let title = if width < NARROW_TABS {
        screen.short_title()
    } else {
        screen.title()
    };
    format!(" {} {title} ", screen.index() + 1)
}

/// The screen whose tab is drawn at this column of the top row (of a terminal this wide).
pub fn tab_at(column: u16, terminal_width: u16) -> Option<Screen> {
    let mut x = 0u16;
    for screen in Screen::ALL {
        let width = tab_label(screen, terminal_width).chars().count() as u16;
        if column >= x && column < x + width {
            return Some(screen);
        }
        x += width + TAB_SEPARATOR.chars().count() as u16;
    }
    None
}

/// Draw the whole interface.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = app.theme;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, theme);
        return;
    }
    if let Mode::Wizard(wizard) = &app.mode {
        wizard::render(wizard, frame, area, theme);
        return;
    }
    // A long status (a tolerance note, a save error) wraps onto up to three lines.
    let status_chars = app
        .status
        .as_ref()
        .map_or(0, |s| s.text.chars().count() + 3);
    let status_height = status_chars
        .div_ceil(usize::from(area.width.max(1)))
        .clamp(1, 3) as u16;
    let [top, body, status, footer] = rows::rows(
        area,
        [
            Row::Fixed(1),
            Row::Rest,
            Row::Fixed(status_height),
            Row::Fixed(1),
        ],
    );
    tab_bar(app, frame, top);
    let body = body.inner(ratatui::layout::Margin {
        horizontal: 1,
        vertical: 0,
    });
    match (&app.mode, &app.document) {
        (Mode::Help, _) => help::render(app, frame, body),
        (_, Document::Loading) => {}
        (_, Document::NoPlans) => welcome::render(app, frame, body),
        (_, Document::Failed(message)) => welcome::render_failed(message, frame, body, theme),
        (_, Document::Open(open)) => match app.screen {
            Screen::Today => today::render(app, open, frame, body),
            Screen::Schedule => schedule::render(app, open, frame, body),
            Screen::Progress => progress::render(app, open, frame, body),
            Screen::Calendar => calendar::render(app, open, frame, body),
        },
    }
    status_line(app, frame, status);
    footer_line(app, frame, footer);
    match &app.mode {
        Mode::Dialog(dialog) => {
            dialog_box(app, dialog, frame, area);
            if let DialogPurpose::LogAmount { .. } = dialog.purpose {
                journal::dose_fields(app, frame, area);
            }
        }
        Mode::Retime(dialog) => journal::retime(app, dialog, frame, area),
        Mode::ConfirmGap(confirm) => journal::confirm_gap(app, confirm, frame, area),
        Mode::Amend(dialog) => overlays::amend_dialog(app, dialog, frame, area),
        Mode::Switcher(switcher) => overlays::switcher(app, switcher, frame, area),
        Mode::CheckIn(form) => journal::checkin_form(app, form, frame, area),
        Mode::DayDetail => {
            if let Document::Open(open) = &app.document {
                journal::day_detail(app, open, frame, area);
            }
        }
        Mode::Browse | Mode::Help | Mode::Wizard(_) => {}
    }
}

fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = format!("Please enlarge the terminal (at least {MIN_WIDTH}×{MIN_HEIGHT}).");
    let height = if area.width == 0 {
        0
    } else {
        (text.chars().count() as u16)
            .div_ceil(area.width)
            .min(area.height)
    };
    let y = area.y + area.height.saturating_sub(height) / 2;
    let rect = Rect {
        x: area.x,
        y,
        width: area.width,
        height,
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.text())
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

fn tab_bar(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let mut spans = Vec::new();
    let enabled = app.open_plan().is_some();
    for (i, screen) in Screen::ALL.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(TAB_SEPARATOR, theme.dim()));
        }
        let style = if !enabled {
            theme.dim()
        } else if screen == app.screen && !matches!(app.mode, Mode::Help) {
            theme.selected().patch(theme.title())
        } else {
            theme.text()
        };
        spans.push(Span::styled(tab_label(screen, area.width), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if let Some(open) = app.open_plan() {
        let used = Screen::ALL
            .iter()
            .map(|s| tab_label(*s, area.width).chars().count() + 1)
            .sum::<usize>() as u16;
        let name = printable(&open.plan.name).into_owned();
        if area.width > used + 12 {
            let rest = Rect {
                x: area.x + used + 1,
                width: area.width - used - 2,
                ..area
            };
            frame.render_widget(
                Paragraph::new(Span::styled(name, theme.accent())).alignment(Alignment::Right),
                rest,
            );
        }
    }
}

fn status_line(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    if let Some(status) = &app.status {
        let (mark, style) = if status.error {
            ("! ", theme.error())
        } else {
            ("", theme.dim())
        };
        let text = format!(" {mark}{}", printable(&status.text));
        frame.render_widget(
            Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: false }),
            area,
        );
    }
}

fn footer_line(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let mut spans = vec![Span::raw(" ")];
    if app.open_plan().is_some() && matches!(app.mode, Mode::Browse) && area.width >= 60 {
        spans.push(Span::styled("1-4", theme.accent()));
        spans.push(Span::styled(" screens  ", theme.dim()));
    }
    let mut entries: Vec<(&str, String, keymap::Action)> = keymap::footer(&app.contexts())
        .into_iter()
        .filter(|(_, _, action)| *action != keymap::Action::Undo || app.open_plan().is_some())
        .map(|(keys, label, action)| {
            let key = keys.split_whitespace().next().unwrap_or(keys);
            (key, format!(" {label}  "), action)
        })
        .collect();
    // On a narrow terminal, drop whole hints (never help or quit) rather than cut one.
    let width = |entries: &[(&str, String, keymap::Action)]| {
        // A leading space, each key and label, less the last label's two trailing spaces.
        let text: usize = entries
            .iter()
            .map(|(k, l, _)| k.chars().count() + l.chars().count())
            .sum();
        (1 + text).saturating_sub(2)
    };
    let prefix: usize = spans
        .iter()
        .map(|s| s.content.chars().count())
        .sum::<usize>()
        - 1;
    while prefix + width(&entries) > usize::from(area.width) {
        let keep =
            |a: &keymap::Action| matches!(a, keymap::Action::ToggleHelp | keymap::Action::Quit);
        match entries.iter().rposition(|(_, _, a)| !keep(a)) {
            Some(i) => {
                entries.remove(i);
            }
            None => break,
        }
    }
    for (key, label, _) in entries {
        spans.push(Span::styled(key, theme.accent()));
        spans.push(Span::styled(label, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn dialog_box(app: &App, dialog: &Dialog, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let unit = app
        .open_plan()
        .map(|o| printable(&o.plan.unit).into_owned())
        .unwrap_or_default();
    let title = match dialog.purpose {
        DialogPurpose::LogAmount { .. } => {
            format!(" Log an amount now ({}) ", app.now.format("%H:%M"))
        }
        DialogPurpose::DayTotal { date } => {
            format!(" Amount taken on {} ", date.format("%a %d %b"))
        }
    };
    // An unusually large amount waits for y/n, saying what it is compared with.
    let large = dialog.pending.and_then(|amount| {
        let open = app.open_plan()?;
        let date = match dialog.purpose {
            DialogPurpose::LogAmount { .. } => open.plan.day_of(app.now),
            DialogPurpose::DayTotal { date } => date,
        };
        audit::unusually_large(&open.plan, &open.schedule, date, amount)
    });
    let width = 44.min(area.width);
    let height = if large.is_some() { 8 } else { 6 }.min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let hint = match (dialog.purpose, large.is_some()) {
        (_, true) => "y log it as typed · n correct it",
        (DialogPurpose::LogAmount { .. }, false) => "Enter save · Esc cancel",
        (DialogPurpose::DayTotal { .. }, false) => "Enter save (empty clears) · Esc cancel",
    };
    let lines = vec![
        Line::from(vec![
            Span::styled("> ", theme.accent()),
            Span::styled(
                dialog.input.clone(),
                if dialog.prefilled {
                    theme.selected()
                } else {
                    theme.title()
                },
            ),
            Span::styled("▏", theme.title()),
            Span::styled(format!(" {unit}"), theme.text()),
        ]),
        match (&large, &dialog.error) {
            (Some(large), _) => Line::from(Span::styled(
                format!("{} Log it?", large.message(&unit)),
                theme.accent(),
            )),
            (None, Some(e)) => Line::from(Span::styled(format!("! {e}"), theme.error())),
            (None, None) => Line::from(""),
        },
        Line::from(Span::styled(hint, theme.dim())),
    ];
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// How a day's total compares with its target, as a symbol that needs no colour.
pub fn mark(taken: Option<Dose>, target: Dose, theme: Theme) -> (&'static str, Style) {
    match taken {
        None => ("·", theme.dim()),
        Some(t) if t > target => ("▲", theme.above()),
        Some(t) if t < target => ("▼", theme.below()),
        Some(_) => ("✓", theme.done()),
    }
}

/// `taken − target` written neutrally, e.g. `▲ +0.5`, `▼ -1`, `✓ 0`.
pub fn difference(taken: Option<Dose>, target: Dose, theme: Theme) -> Span<'static> {
    let (symbol, style) = mark(taken, target, theme);
    match taken {
        None => Span::styled(symbol, style),
        Some(t) => Span::styled(
            format!("{symbol} {}", Dose::format_signed(t.diff(target))),
            style,
        ),
    }
}

/// The legend of the marks, for the screens that use them.
pub fn mark_legend(theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled("✓", theme.done()),
        Span::styled(" on target  ", theme.dim()),
        Span::styled("▼", theme.below()),
        Span::styled(" below  ", theme.dim()),
        Span::styled("▲", theme.above()),
        Span::styled(" above  ", theme.dim()),
        Span::styled("·", theme.dim()),
        Span::styled(" not logged", theme.dim()),
    ])
}
