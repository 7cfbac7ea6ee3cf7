//! The report's charts as inline SVG, drawn with `plotters` (its SVG backend only). No
//! text from the plan file goes into a chart: captions and legends live in the HTML.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

use super::Report;
use super::checkins::Scores;
use crate::core::dose::{Dose, SCALE};

const SIZE: (u32, u32) = (760, 300);
/// The score axis, in tenths (0–10 and a little room above).
const SCORE_TOP: i32 = 105;
const PLANNED: RGBColor = RGBColor(40, 90, 160);
const TAKEN: RGBColor = RGBColor(200, 110, 30);
const SCORE_COLOURS: [RGBColor; 4] = [
    RGBColor(160, 40, 40),
    RGBColor(120, 60, 150),
    RGBColor(200, 110, 30),
    RGBColor(40, 130, 80),
];

/// Date labels: day and month, with the year whenever the range crosses one.
fn label(dates: &[NaiveDate], index: i32) -> String {
    let crosses = dates.first().map(|d| d.year()) != dates.last().map(|d| d.year());
    let Some(date) = usize::try_from(index).ok().and_then(|i| dates.get(i)) else {
        return String::new();
    };
    if crosses {
        date.format("%d %b %Y").to_string()
    } else {
        date.format("%d %b").to_string()
    }
}

/// Planned daily target (a step line) against the logged daily total (points).
pub fn planned_vs_taken(report: &Report) -> Result<String, String> {
    let records = report.records();
    let dates: Vec<NaiveDate> = records.iter().map(|r| r.date).collect();
    let n = i32::try_from(records.len()).unwrap_or(i32::MAX).max(1);
    // The dose axis counts micro-units (`Dose::micros`): plotters' key points for a float
    // axis call `powf` and `log`, which alone would link libm into taper.
    let max = records
        .iter()
        .flat_map(|r| [r.target, r.taken.unwrap_or(Dose::ZERO)])
        .max()
        .unwrap_or(Dose::ZERO)
        .micros()
        .max(SCALE);
    let max = max + max / 10;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(45)
            .build_cartesian_2d(0..n, 0..max)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(7)
            .x_label_formatter(&|i| label(&dates, *i))
            .y_label_formatter(&|micros| Dose::from_micros(*micros).to_string())
            .label_style(("sans-serif", 13))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| e.to_string())?;
        let steps = records.iter().enumerate().flat_map(|(i, r)| {
            let i = i as i32;
            [(i, r.target.micros()), (i + 1, r.target.micros())]
        });
        chart
            .draw_series(LineSeries::new(steps, PLANNED.stroke_width(2)))
            .map_err(|e| e.to_string())?;
        let taken = records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.taken.map(|t| (i as i32, t.micros())));
        chart
            .draw_series(taken.map(|p| Circle::new(p, 3, TAKEN.filled())))
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// Each check-in score (0–10) over the days that have one.
pub fn checkins(report: &Report) -> Result<String, String> {
    let dates: Vec<NaiveDate> = report
        .from
        .iter_days()
        .take_while(|d| *d <= report.to)
        .collect();
    let scores: Vec<(i32, Scores)> = dates
        .iter()
        .enumerate()
        .filter_map(|(i, d)| report.checkins.on(*d).map(|s| (i as i32, s)))
        .collect();
    let n = i32::try_from(dates.len()).unwrap_or(i32::MAX).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(45)
            .build_cartesian_2d(0..n, 0..SCORE_TOP)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(7)
            .x_label_formatter(&|i| label(&dates, *i))
            .y_label_formatter(&|tenths| score_label(*tenths))
            .label_style(("sans-serif", 13))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| e.to_string())?;
        for (field, colour) in SCORE_COLOURS.iter().enumerate() {
            let points = scores
                .iter()
                .filter_map(|(i, s)| s.fields()[field].1.map(|v| (*i, tenths(v))));
            chart
                .draw_series(LineSeries::new(points, colour.stroke_width(2)))
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// A score (0–10) in whole tenths, for the score axis.
fn tenths(score: f64) -> i32 {
    (score.clamp(0.0, 10.0) * 10.0).round() as i32
}

/// A score axis label from tenths: `4`, `2.5`.
fn score_label(tenths: i32) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

/// The colours of the check-in lines, as CSS, for the HTML legend.
pub fn score_colours() -> [String; 4] {
    SCORE_COLOURS.map(|c| format!("rgb({},{},{})", c.0, c.1, c.2))
}

/// The planned and taken colours, as CSS.
pub fn dose_colours() -> [String; 2] {
    [PLANNED, TAKEN].map(|c| format!("rgb({},{},{})", c.0, c.1, c.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_labels_are_exact() {
        assert_eq!(score_label(0), "0");
        assert_eq!(score_label(20), "2");
        assert_eq!(score_label(25), "2.5");
        assert_eq!(score_label(100), "10");
        assert_eq!(tenths(7.25), 73);
        assert_eq!(tenths(12.0), 100);
    }
}
