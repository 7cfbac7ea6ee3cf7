//! Progress: planned against taken over the whole plan, and a weekly summary.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Cell, Chart, Dataset, GraphType, Paragraph, Row, Table, Widget};

use super::thin::{Grid, corners};
use crate::core::StepKind;
use crate::core::progress::{self, Summary};
use crate::core::text::printable;
use crate::tui::app::{App, OpenPlan, Zoom};
use crate::tui::open_plan::ChartsKey;

fn adherence(summary: &Summary, wide: bool) -> String {
    match summary.adherence_percent() {
        Some(p) if !wide => format!(
            "{}/{} days in target ({p:.0}%)",
            summary.days_within, summary.days_logged
        ),
        Some(p) => format!(
            "{} of {} logged days within target ({p:.0}%)",
            summary.days_within, summary.days_logged
        ),
        None => "no day logged yet".to_string(),
    }
}

pub fn render(app: &App, open: &OpenPlan, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let plan = &open.plan;
    let unit = printable(&plan.unit).into_owned();
    let records = open.records();
    let summary = progress::summarize(records, app.today);
    let (by_target, _) = progress::reduction(plan, &open.schedule, records, app.today);

    let zoom = match app.zoom {
        Zoom::Whole => String::new(),
        zoom => format!(" · {}", zoom.name()),
    };
    let mut head = format!("Down {by_target:.0}% from {} {unit}", plan.start_dose);
    let mut days = format!(" · day {} of {}", summary.days_on_plan, records.len());
    // Shorter when the zoom would not fit beside it.
    if (head.chars().count() + days.chars().count() + zoom.chars().count())
        > usize::from(area.width)
    {
        head = format!("Down {by_target:.0}%");
        days = format!(" · day {}/{}", summary.days_on_plan, records.len());
    }
    let stats = vec![
        Line::from(vec![
            Span::styled(head, theme.title()),
            Span::raw(days),
            Span::styled(zoom, theme.dim()),
        ]),
        Line::from(format!(
            "Adherence: {}",
            adherence(&summary, area.width >= 60)
        )),
    ];
    let table_height = if area.height >= 18 { 6 } else { 0 };
    // Check-ins or products: a lower panel on the same date axis.
    let panel_height = match (super::journal_chart::wanted(open), area.height) {
        (false, _) => 0,
        (true, h) if h >= 18 => super::journal_chart::rows(app, open),
        (true, h) if h >= 9 && app.chart_panel => 3,
        (true, _) => 0,
    };
    let [stats_area, chart_area, legend_area, panel_area, table_area] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(panel_height),
        Constraint::Length(table_height),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(stats), stats_area);
    // The charts change with the plan, the day, the zoom and the size, not with the week
    // moved to: drawn once and kept (`Drawn`), so a key press costs the same at ten years.
    let areas = Charts {
        chart: chart_area,
        legend: legend_area,
        panel: panel_area,
    };
    let region = chart_area.union(legend_area).union(panel_area);
    open.progress_charts.draw(
        ChartsKey::of(app, area),
        region,
        frame.buffer_mut(),
        |buf| {
            charts(app, open, &areas, buf);
        },
    );

    if table_height > 0 {
        let visible = usize::from(table_height.saturating_sub(1));
        let first = app.week_cursor.saturating_sub(visible.saturating_sub(1));
        let weeks = progress::week_count(&open.schedule, app.today);
        let rows: Vec<Row> = (first..weeks.min(first + visible))
            .filter_map(|i| Some((i, progress::week_at(records, i, app.today)?)))
            .map(|(i, week)| {
                let s = &week.summary;
                let row = Row::new(vec![
                    Cell::from(format!(" {}", week.number)),
                    Cell::from(week.start.format("%d %b").to_string()),
                    Cell::from(format!("{} {unit}", s.planned_total)),
                    Cell::from(format!("{} {unit}", s.taken_total)),
                    Cell::from(format!("{}/{}", s.days_logged, s.days_on_plan)),
                    Cell::from(format!("{}/{}", s.days_within, s.days_logged)),
                ]);
                if i == app.week_cursor {
                    row.style(theme.selected())
                } else {
                    row
                }
            })
            .collect();
        let widths = [
            Constraint::Length(5),
            Constraint::Length(7),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Min(0),
        ];
        let header = Row::new(vec![
            " Week",
            "From",
            "Planned",
            "Taken",
            "Logged",
            "Within target",
        ])
        .style(theme.title());
        frame.render_widget(
            Table::new(rows, widths).header(header).column_spacing(1),
            table_area,
        );
    }
}

/// Where Progress's charts go: the dose chart, its legend, the lower panel (maybe empty).
struct Charts {
    chart: Rect,
    legend: Rect,
    panel: Rect,
}

/// The dose chart, its legend and the lower panel.
fn charts(app: &App, open: &OpenPlan, areas: &Charts, buf: &mut Buffer) {
    let theme = app.theme;
    let plan = &open.plan;
    let unit = printable(&plan.unit).into_owned();
    let records = open.records();

    let (lo, hi) = window(app, records);
    let in_view = |i: &usize| *i >= lo && *i <= hi;
    let planned: Vec<(f64, f64)> = records
        .iter()
        .enumerate()
        .filter(|(i, _)| in_view(i))
        .map(|(i, r)| (i as f64, r.target.to_f64()))
        .collect();
    let taken: Vec<(f64, f64)> = records
        .iter()
        .enumerate()
        .filter(|(i, _)| in_view(i))
        .filter_map(|(i, r)| r.taken.map(|t| (i as f64, t.to_f64())))
        .collect();
    // Held and break days as marks along the bottom of the chart.
    let band = |kind: StepKind| -> Vec<(f64, f64)> {
        records
            .iter()
            .enumerate()
            .filter(|(i, r)| r.kind == kind && in_view(i))
            .map(|(i, _)| (i as f64, 0.0))
            .collect()
    };
    let (first_x, last_x) = (lo as f64, (hi.max(lo + 1)) as f64);
    let top = planned
        .iter()
        .chain(&taken)
        .map(|p| p.1)
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.1;
    // No more points than the chart has dots: years of days draw as fast as weeks.
    let grid = Grid {
        x: (first_x, last_x),
        top,
        columns: 2 * u32::from(areas.chart.width),
        rows: 4 * u32::from(areas.chart.height),
    };
    let planned = corners(&planned);
    let taken = grid.thin(&taken);
    // Held and break days are few and each must show: drawn as they are.
    let held = band(StepKind::Hold);
    let breaks = band(StepKind::Break);
    // The year is on every label whenever the span crosses one.
    let crosses = records.get(lo).map(|r| r.date.year()) != records.get(hi).map(|r| r.date.year());
    let format = if crosses { "%d %b %Y" } else { "%d %b" };
    let date_label = |i: usize| {
        records
            .get(i)
            .map(|r| r.date.format(format).to_string())
            .unwrap_or_default()
    };
    let x_labels = vec![
        Span::raw(date_label(lo)),
        Span::raw(date_label(lo + (hi - lo) / 2)),
        Span::raw(date_label(hi)),
    ];
    let y_labels = vec![
        Span::raw("0"),
        Span::raw(format!("{:.1}", top / 2.0)),
        Span::raw(format!("{top:.1}")),
    ];
    let mut datasets = vec![
        Dataset::default()
            .name("planned")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.planned_line())
            .data(&planned),
        Dataset::default()
            .name("taken")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(theme.actual_line())
            .data(&taken),
    ];
    if !held.is_empty() {
        datasets.push(
            Dataset::default()
                .name("held")
                .marker(Marker::Bar)
                .graph_type(GraphType::Scatter)
                .style(theme.accent())
                .data(&held),
        );
    }
    if !breaks.is_empty() {
        datasets.push(
            Dataset::default()
                .name("break")
                .marker(Marker::Block)
                .graph_type(GraphType::Scatter)
                .style(theme.accent())
                .data(&breaks),
        );
    }
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([first_x, last_x])
                .labels(x_labels)
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .title(Span::styled(unit.clone(), theme.dim()))
                .bounds([0.0, top])
                .labels(y_labels)
                .style(theme.dim()),
        )
        .legend_position(None);
    chart.render(areas.chart, buf);
    let short = (!held.is_empty() || !breaks.is_empty()) && areas.legend.width < 60;
    let mut legend = vec![
        Span::styled("⣀⣀ planned", theme.planned_line()),
        Span::raw(if short { "  " } else { " target   " }),
        Span::styled(
            if areas.legend.width >= 44 && !short {
                "• taken (logged days)"
            } else {
                "• taken"
            },
            theme.actual_line(),
        ),
    ];
    if !held.is_empty() {
        legend.push(Span::styled("  ▄ held", theme.accent()));
    }
    if !breaks.is_empty() {
        legend.push(Span::styled("  █ break", theme.accent()));
    }
    let legend = Line::from(legend);
    Paragraph::new(legend).render(areas.legend, buf);
    if areas.panel.height > 0
        && let Some(first) = records.first()
    {
        let axes = super::journal_chart::Axes {
            first: first.date,
            last_x,
            label_width: format!("{top:.1}").chars().count(),
        };
        super::journal_chart::render(app, open, &axes, buf, areas.panel);
    }
}

/// The first and last record shown: the whole plan, or the zoom's days with today in view
/// (three quarters of the way along, so the days before it show).
fn window(app: &App, records: &[progress::DayRecord]) -> (usize, usize) {
    let n = records.len().max(1);
    let Some(len) = app.zoom.days().filter(|l| *l < n) else {
        return (0, n - 1);
    };
    let today = records
        .iter()
        .position(|r| r.date >= app.today)
        .unwrap_or(n - 1);
    let lo = today.saturating_sub(len * 3 / 4).min(n - len);
    (lo, lo + len - 1)
}
