//! Drawing the wizard: the form, and where the preview goes at each size.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::Wizard;
use super::field::{Field, LengthKind, Values};
use super::form::{self, Built, Problem};
use super::preview;
use crate::core::text::printable;
use crate::tui::theme::Theme;

/// Columns before a field's value: marker, space, label, space.
const LABEL: usize = 12;
const VALUE_X: usize = LABEL + 3;

/// The label of a field as the form shows it.
pub(super) fn label(v: &Values, field: Field) -> &'static str {
    match field {
        Field::Name => "Name",
        Field::Substance => "Substance",
        Field::Class => "Class",
        Field::Unit => "Unit",
        Field::StartDose => "Start dose",
        Field::TargetDose => "Target dose",
        Field::StartDate => "Start date",
        Field::LengthKind => "Length",
        Field::LengthValue => match v.length {
            LengthKind::EndDate => "End date",
            LengthKind::Weeks => "Weeks",
            LengthKind::Percent => "Cut % a step",
        },
        Field::Method => "Method",
        Field::Steps => "Ladder steps",
        Field::StepDays => "Step days",
        Field::RoundTo => "Round to",
        Field::Forms => "Forms",
        Field::DosesPerDay => "Doses a day",
        Field::DayStarts => "Day starts",
        Field::DaysOff => "Days off",
        Field::MaxCut => "Max cut %",
        Field::StartFrom => "Start from",
        Field::Reason => "Reason",
    }
}

/// Greedy word wrap to `width` columns (long words are cut).
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One line of the form: which field it belongs to, and where the cursor sits on it.
struct Row {
    field: Option<Field>,
    line: Line<'static>,
    cursor: Option<u16>,
}

/// What a text field shows in `width` columns, scrolled so the cursor stays visible,
/// and the cursor's column in it.
fn window(text: &str, cursor: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let width = width.max(1);
    let start = (cursor + 1).saturating_sub(width);
    let mut shown: String = chars.iter().skip(start).take(width).collect();
    if start > 0 {
        shown = std::iter::once('…').chain(shown.chars().skip(1)).collect();
    }
    (shown, cursor - start)
}

fn field_rows(w: &Wizard, built: &Result<Built, Problem>, width: usize, theme: Theme) -> Vec<Row> {
    let v = &w.values;
    let mut rows = Vec::new();
    for field in v.visible() {
        let focused = field == w.focus;
        let marker = if focused { "›" } else { " " };
        let label_style = if focused { theme.title() } else { theme.text() };
        let mut spans = vec![
            Span::styled(format!("{marker} "), theme.accent()),
            Span::styled(format!("{:<LABEL$} ", label(v, field)), label_style),
        ];
        let room = width.saturating_sub(VALUE_X);
        let mut cursor = None;
        if let Some(choice) = v.choice(field) {
            let style = if focused {
                theme.selected()
            } else {
                theme.text()
            };
            spans.push(Span::styled(format!("◂ {choice} ▸"), style));
        } else if let Some(input) = v.input(field) {
            let text = printable(input.text()).into_owned();
            let suffix = match field {
                Field::StartDose | Field::TargetDose | Field::RoundTo => {
                    format!(" {}", printable(v.unit.text().trim()))
                }
                Field::StepDays => " days".to_string(),
                _ => String::new(),
            };
            let suffix_len = suffix.chars().count();
            let (shown, at) = window(
                &text,
                input.cursor(),
                room.saturating_sub(suffix_len).max(1),
            );
            let empty = text.is_empty();
            let style = if focused && w.replaces_on_type() {
                theme.selected()
            } else {
                theme.text()
            };
            spans.push(Span::styled(shown, style));
            if empty {
                let hint = match field {
                    Field::RoundTo => "none",
                    Field::Forms => "none (e.g. tablet:10:0.5)",
                    Field::DaysOff => "none (mon,thu / 5on2off)",
                    Field::MaxCut => "by class (e.g. 10/14)",
                    Field::Reason => "optional",
                    Field::Steps => "DOSE:DAYS,… e.g. 20:14,10:14",
                    Field::StartDose if v.is_ladder() => "first ladder step",
                    _ => "",
                };
                spans.push(Span::styled(hint, theme.dim()));
            } else if !suffix.trim().is_empty() {
                spans.push(Span::styled(suffix, theme.dim()));
            }
            cursor = focused.then_some((VALUE_X + at) as u16);
        }
        rows.push(Row {
            field: Some(field),
            line: Line::from(spans),
            cursor,
        });
        if let Some(error) = w.shown_error(field, built) {
            for (i, part) in wrap(&error, width.saturating_sub(4))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 { "  ! " } else { "    " };
                let line = Line::from(vec![
                    Span::styled(lead, theme.error()),
                    Span::styled(part, theme.error()),
                ]);
                rows.push(Row {
                    field: Some(field),
                    line,
                    cursor: None,
                });
            }
        }
    }
    rows
}

fn hint(w: &Wizard) -> &'static str {
    if w.confirming {
        "y discard · n keep editing"
    } else if w.is_last() && w.is_replan() {
        "Enter save the re-plan · Esc cancel"
    } else if w.is_last() {
        "Enter create the plan · Esc cancel"
    } else if w.focus.is_choice() {
        "←→ change · Tab/↓ next · Esc cancel"
    } else {
        "Tab/↓ next · ↑ back · Esc cancel"
    }
}

fn line_at(frame: &mut Frame, area: Rect, y: u16, line: Line<'static>) {
    if y >= area.y && y < area.bottom() {
        frame.render_widget(
            Paragraph::new(line),
            Rect {
                x: area.x,
                y,
                width: area.width,
                height: 1,
            },
        );
    }
}

/// The number of rows the whole form would take, unscrolled.
fn form_height(w: &Wizard, built: &Result<Built, Problem>, width: usize, theme: Theme) -> u16 {
    let notice = w
        .notice
        .as_deref()
        .map_or(0, |n| wrap(n, width.saturating_sub(2)).len().min(3));
    (2 + notice + field_rows(w, built, width, theme).len()) as u16
}

fn render_form(
    w: &Wizard,
    built: &Result<Built, Problem>,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let width = usize::from(area.width);
    let mut y = area.y;
    let title = match (w.confirming, w.values.replan.as_deref()) {
        (true, _) => Line::from(Span::styled("Discard this plan? y / n", theme.selected())),
        (false, Some(base)) => Line::from(vec![
            Span::styled("Re-plan ", theme.title()),
            Span::styled(printable(&base.plan.name).into_owned(), theme.accent()),
        ]),
        (false, None) => Line::from(Span::styled("New plan", theme.title())),
    };
    line_at(frame, area, y, title);
    y += 1;
    if let Some(notice) = &w.notice {
        for (i, part) in wrap(&printable(notice), width.saturating_sub(2))
            .into_iter()
            .take(3)
            .enumerate()
        {
            let lead = if i == 0 { "! " } else { "  " };
            line_at(
                frame,
                area,
                y,
                Line::from(Span::styled(format!("{lead}{part}"), theme.error())),
            );
            y += 1;
        }
    }
    let mut bottom = area.bottom();
    if area.height >= 8 && bottom > y + 1 {
        bottom -= 1;
        line_at(
            frame,
            area,
            bottom,
            Line::from(Span::styled(hint(w), theme.dim())),
        );
    }
    let height = usize::from(bottom.saturating_sub(y));
    let rows = field_rows(w, built, width, theme);
    let first = rows
        .iter()
        .position(|r| r.field == Some(w.focus))
        .unwrap_or(0);
    let last = rows
        .iter()
        .rposition(|r| r.field == Some(w.focus))
        .unwrap_or(0);
    let mut offset = 0;
    if height > 0 && last >= offset + height {
        offset = last + 1 - height;
    }
    offset = offset.min(first);
    for (i, row) in rows.into_iter().skip(offset).take(height).enumerate() {
        let row_y = y + i as u16;
        if let Some(x) = row.cursor.filter(|_| !w.confirming)
            && x < area.width
        {
            frame.set_cursor_position((area.x + x, row_y));
        }
        line_at(frame, area, row_y, row.line);
    }
}

/// Draw the wizard in `area`: form and preview side by side from 80 columns, stacked below
/// that, and the preview folded to one line when there is no room.
pub fn render(wizard: &Wizard, frame: &mut Frame, area: Rect, theme: Theme) {
    let area = area.intersection(frame.area());
    if area.width == 0 || area.height == 0 {
        return;
    }
    frame.render_widget(Clear, area);
    let built = form::build(&wizard.values);
    if area.width >= 80 {
        let form_width = (area.width / 2).min(48);
        let form_area = Rect {
            width: form_width,
            ..area
        };
        let preview_area = Rect {
            x: area.x + form_width + 1,
            width: area.width - form_width - 1,
            ..area
        };
        render_form(wizard, &built, frame, form_area, theme);
        preview::render(&built, &wizard.values, frame, preview_area, theme);
        return;
    }
    let needed = form_height(wizard, &built, usize::from(area.width), theme);
    if area.height >= needed + 12 {
        let form_area = Rect {
            height: needed,
            ..area
        };
        let preview_area = Rect {
            y: area.y + needed,
            height: area.height - needed,
            ..area
        };
        render_form(wizard, &built, frame, form_area, theme);
        preview::render(&built, &wizard.values, frame, preview_area, theme);
    } else if area.height >= 4 {
        let form_area = Rect {
            height: area.height - 1,
            ..area
        };
        render_form(wizard, &built, frame, form_area, theme);
        let y = area.bottom() - 1;
        line_at(
            frame,
            area,
            y,
            preview::summary(&built, &wizard.values, theme),
        );
    } else {
        render_form(wizard, &built, frame, area, theme);
    }
}
