//! Progress's lower panel: the check-in series on the dose chart's date axis (`m` picks a
//! measure, all of them, or the products), and the products used.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget};

use crate::core::checkin::{MAX, Measure};
use crate::core::text::printable;
use crate::tui::app::{App, OpenPlan};
use crate::tui::theme::Theme;

/// Whether Progress has a lower panel: the plan has check-ins or products.
pub fn wanted(open: &OpenPlan) -> bool {
    !open.plan.checkins.is_empty() || !open.products().is_empty()
}

/// The rows the panel wants on a tall terminal: the chart 6, the products a row each.
pub fn rows(app: &App, open: &OpenPlan) -> u16 {
    if app.show_products || open.plan.checkins.is_empty() {
        let products = open.products().len().max(1);
        u16::try_from(products + 1).unwrap_or(6).min(6)
    } else {
        6
    }
}

fn style_of(measure: Measure, theme: Theme) -> Style {
    match measure {
        Measure::Withdrawal => theme.above(),
        Measure::Pain => theme.error(),
        Measure::Craving => theme.accent(),
        Measure::Mood => theme.done(),
        Measure::Sleep => theme.planned_line(),
        Measure::Effect => theme.actual_line(),
    }
}

/// The panel: products when asked for (or when there is no check-in), else the chart.
/// The dose chart's axis: its first date, its last x and the width of its y labels, so
/// the two charts line up day for day.
pub struct Axes {
    pub first: NaiveDate,
    pub last_x: f64,
    pub label_width: usize,
}

pub fn render(app: &App, open: &OpenPlan, axes: &Axes, buf: &mut Buffer, area: Rect) {
    if app.show_products || open.plan.checkins.is_empty() {
        products(app, open, buf, area);
    } else {
        chart(app, open, axes, buf, area);
    }
}

fn chart(app: &App, open: &OpenPlan, axes: &Axes, buf: &mut Buffer, area: Rect) {
    let (first, last_x) = (axes.first, axes.last_x);
    // The dose chart's labels are followed by one more column than these.
    let w = axes.label_width.max(2) + 1;
    let theme = app.theme;
    let [title_area, chart_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let measures: Vec<Measure> = match app.chart_measure {
        Some(m) => vec![m],
        None => Measure::ALL.to_vec(),
    };
    let top = f64::from(MAX);
    // Only the points that draw a dot of their own: a ten-year journal draws like a short one.
    let grid = super::thin::Grid {
        x: (0.0, last_x),
        top,
        columns: 2 * u32::from(chart_area.width),
        rows: 4 * u32::from(chart_area.height),
    };
    let series: Vec<(Measure, Vec<(f64, f64)>)> = measures
        .iter()
        .map(|m| {
            let points = open
                .plan
                .checkins
                .iter()
                .filter_map(|c| {
                    let x = (c.date - first).num_days() as f64;
                    let v = c.get(*m)?;
                    (x >= 0.0 && x <= last_x).then_some((x, f64::from(v)))
                })
                .collect::<Vec<_>>();
            (*m, grid.line(&points))
        })
        .collect();
    let mut title = vec![Span::styled("Check-ins ", theme.title())];
    match app.chart_measure {
        Some(m) => title.push(Span::styled(m.name(), style_of(m, theme))),
        None => {
            for (i, m) in Measure::ALL.iter().enumerate() {
                let name = if area.width < 60 {
                    &m.name()[..2]
                } else {
                    m.name()
                };
                if i > 0 {
                    title.push(Span::raw(" "));
                }
                title.push(Span::styled(name.to_string(), style_of(*m, theme)));
            }
        }
    }
    title.push(Span::styled(" · m: next", theme.dim()));
    Paragraph::new(Line::from(title)).render(title_area, buf);
    let datasets: Vec<Dataset> = series
        .iter()
        .map(|(m, points)| {
            Dataset::default()
                .name(m.name())
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(style_of(*m, theme))
                .data(points)
        })
        .collect();
    let chart = Chart::new(datasets)
        .x_axis(Axis::default().bounds([0.0, last_x]).style(theme.dim()))
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(vec![
                    Span::raw(format!("{:>w$}", 0)),
                    Span::raw(format!("{:>w$}", 10)),
                ])
                .style(theme.dim()),
        )
        .legend_position(None);
    chart.render(chart_area, buf);
}

fn products(app: &App, open: &OpenPlan, buf: &mut Buffer, area: Rect) {
    let theme = app.theme;
    let unit = printable(&open.plan.unit).into_owned();
    let list = open.products();
    let mut lines = vec![Line::from(vec![
        Span::styled("Products", theme.title()),
        Span::styled(
            if open.plan.checkins.is_empty() {
                ""
            } else {
                " · m: next"
            },
            theme.dim(),
        ),
    ])];
    if list.is_empty() {
        lines.push(Line::from(Span::styled(
            "No product named yet (a: amount, product)",
            theme.dim(),
        )));
    }
    let wide = area.width >= 60;
    for p in list {
        let effect = p.mean_effect.map_or("—".to_string(), |m| format!("{m:.1}"));
        let text = if wide {
            format!(
                "{:<18} {:>3} days {:>10}  last {}  effect {effect}",
                printable(&p.name).chars().take(18).collect::<String>(),
                p.days_used,
                format!("{} {unit}", p.total),
                p.last_used.format("%d %b"),
            )
        } else {
            format!(
                "{:<12} {:>3}d {:>7} eff {effect}",
                printable(&p.name).chars().take(12).collect::<String>(),
                p.days_used,
                format!("{} {unit}", p.total),
            )
        };
        lines.push(Line::from(text));
    }
    Paragraph::new(lines).render(area, buf);
}
