//! The live preview: a chart of the daily target, a compact step table, the step audit's
//! notes, and the safety note.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph};

use super::field::Values;
use super::form::{Built, Problem};
use super::view::{label, wrap};
use crate::core::audit::Severity;
use crate::core::forms;
use crate::core::text::SAFETY_NOTE;
use crate::core::text::printable;
use crate::tui::theme::Theme;

fn headline(built: &Built) -> String {
    let plan = &built.plan;
    // A re-plan shows its own segment (the last one).
    let segment = built.schedule.segments.last().unwrap_or(&plan.base);
    format!(
        "{} steps · {} → {} {} · {}",
        built.schedule.step_count(),
        forms::short(segment.start_dose),
        forms::short(segment.target_dose),
        printable(&plan.unit),
        segment.method.name()
    )
}

/// The preview folded to one line, for small screens.
pub(super) fn summary(built: &Result<Built, Problem>, v: &Values, theme: Theme) -> Line<'static> {
    match built {
        Ok(built) => Line::from(Span::styled(
            format!("Preview: {}", headline(built)),
            theme.dim(),
        )),
        Err(Problem::Plan { .. }) => {
            Line::from(Span::styled("Preview: see the marked field", theme.dim()))
        }
        Err(Problem::Fields(fields)) => {
            let names: Vec<&str> = fields.iter().map(|f| label(v, *f)).collect();
            Line::from(Span::styled(
                format!("Preview: needs {}", names.join(", ")),
                theme.dim(),
            ))
        }
    }
}

fn text_lines(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect()
}

/// Draw the preview pane in `area`.
pub(super) fn render(
    built: &Result<Built, Problem>,
    v: &Values,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let block = Block::bordered()
        .title(" Preview ")
        .border_style(theme.dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let safety = text_lines(SAFETY_NOTE, width, theme.dim());
    let Ok(built) = built else {
        let mut lines = text_lines(
            "The preview appears once the form makes a plan.",
            width,
            theme.text(),
        );
        match built {
            Err(Problem::Plan { message, .. }) => {
                lines.push(Line::default());
                lines.extend(text_lines(&format!("! {message}"), width, theme.error()));
            }
            Err(Problem::Fields(fields)) => {
                let names: Vec<&str> = fields.iter().map(|f| label(v, *f)).collect();
                lines.push(Line::default());
                lines.extend(text_lines(
                    &format!("Still to fill in: {}.", names.join(", ")),
                    width,
                    theme.dim(),
                ));
            }
            Ok(_) => {}
        }
        let gap = usize::from(inner.height).saturating_sub(lines.len() + safety.len());
        lines.extend(std::iter::repeat_n(Line::default(), gap));
        lines.extend(safety);
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let height = usize::from(inner.height);
    let mut notes: Vec<Line<'static>> = Vec::new();
    let findings = &built.findings;
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let summary = (findings.len() > 1).then(|| {
        format!(
            "Audit: {} warning(s), {} caution(s) (marked on Schedule); the steepest first.",
            count(Severity::Warning),
            count(Severity::Caution)
        )
    });
    let messages = built
        .end_note
        .iter()
        .cloned()
        .chain(summary)
        .chain(findings.iter().map(|finding| finding.message(&built.plan)));
    for message in messages {
        notes.extend(text_lines(&message, width, theme.above()));
    }
    let notes_room = height.saturating_sub(1 + safety.len()) / 3;
    if notes.len() > notes_room {
        notes.truncate(notes_room);
        if let Some(last) = notes.last_mut() {
            last.spans.push(Span::styled(" …", theme.above()));
        }
    }
    let rest = height.saturating_sub(1 + safety.len() + notes.len());
    let (chart_h, table_h) = if rest >= 10 {
        let table = (built.schedule.steps.len() + 1).min(rest / 2);
        (rest - table, table)
    } else if rest >= 6 && inner.width >= 24 {
        (rest, 0)
    } else {
        (0, rest)
    };
    let mut y = inner.y;
    let put = |frame: &mut Frame, lines: Vec<Line<'static>>, rows: usize, y: &mut u16| {
        let rows = rows.min(usize::from(inner.bottom().saturating_sub(*y)));
        if rows > 0 {
            let rect = Rect {
                x: inner.x,
                y: *y,
                width: inner.width,
                height: rows as u16,
            };
            frame.render_widget(Paragraph::new(lines), rect);
            *y += rows as u16;
        }
    };
    put(
        frame,
        vec![Line::from(Span::styled(headline(built), theme.title()))],
        1,
        &mut y,
    );
    if chart_h > 0 {
        let rect = Rect {
            x: inner.x,
            y,
            width: inner.width,
            height: chart_h as u16,
        };
        render_chart(built, frame, rect, theme);
        y += chart_h as u16;
    }
    put(frame, table(built, table_h, theme), table_h, &mut y);
    let count = notes.len();
    put(frame, notes, count, &mut y);
    let count = safety.len();
    put(frame, safety, count, &mut y);
}

fn render_chart(built: &Built, frame: &mut Frame, area: Rect, theme: Theme) {
    let schedule = &built.schedule;
    let total = (schedule.end - schedule.start).num_days().max(1) as f64;
    let mut points = Vec::new();
    for (i, step) in schedule.steps.iter().enumerate() {
        let x = (step.start - schedule.start).num_days() as f64;
        let dose = step.dose.to_f64();
        points.push((x, dose));
        let next = schedule
            .steps
            .get(i + 1)
            .map_or(total, |n| (n.start - schedule.start).num_days() as f64);
        points.push((next, dose));
    }
    let top = schedule
        .steps
        .iter()
        .map(|s| s.dose)
        .max()
        .unwrap_or_default();
    let top_value = top.to_f64().max(f64::MIN_POSITIVE);
    let dataset = Dataset::default()
        .marker(Marker::Braille)
        .graph_type(GraphType::Line)
        .style(theme.planned_line())
        .data(&points);
    let unit = printable(&built.plan.unit).into_owned();
    let x_labels = [schedule.start.to_string(), schedule.end.to_string()];
    let chart = Chart::new(vec![dataset])
        .x_axis(
            Axis::default()
                .bounds([0.0, total])
                .labels(x_labels)
                .labels_alignment(Alignment::Right)
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top_value])
                .labels([format!("0 {unit}"), format!("{} {unit}", forms::short(top))])
                .style(theme.dim()),
        );
    frame.render_widget(chart, area);
}

/// The step table in `rows` rows: a header, then the steps, the middle folded to "…".
fn table(built: &Built, rows: usize, theme: Theme) -> Vec<Line<'static>> {
    if rows == 0 {
        return Vec::new();
    }
    let unit = printable(&built.plan.unit).into_owned();
    let mut lines = vec![Line::from(Span::styled(
        "  #  from        daily dose",
        theme.dim(),
    ))];
    let steps = &built.schedule.steps;
    let plan = &built.plan;
    // Doses as they will be measured: with forms, how to make them; without rounding or
    // forms, at most 3 decimals.
    let row = |i: usize| {
        let s = &steps[i];
        let seg = &built.schedule.segments[s.segment.min(built.schedule.segments.len() - 1)];
        let dose = if seg.round_to.is_none() {
            forms::short(s.dose)
        } else {
            s.dose.to_string()
        };
        let make = forms::day_note(seg, s.dose, &plan.forms);
        let make = if make.is_empty() {
            make
        } else {
            format!(" · {make}")
        };
        Line::from(format!("{:>3}  {}  {dose} {unit}{make}", s.number, s.start))
    };
    let room = rows - 1;
    if steps.len() <= room {
        lines.extend((0..steps.len()).map(row));
    } else if room > 0 {
        let head = (room - 1).div_ceil(2);
        let tail = room - 1 - head;
        lines.extend((0..head).map(row));
        lines.push(Line::from(Span::styled("  …", theme.dim())));
        lines.extend((steps.len() - tail..steps.len()).map(row));
    }
    lines
}
