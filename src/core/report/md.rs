//! `taper export --format md`: the clinician report as Markdown that reads well as plain
//! text (fixed-width tables, a text chart in a code block).

use std::fmt::Write;

use super::Report;
use super::weekly::{self, WeekRow, num};
use crate::core::audit;
use crate::core::day::{self, PlanState};
use crate::core::text::{SAFETY_NOTE, printable};

/// The facts at the top of the report, label and value (also the HTML report's).
pub fn facts(report: &Report) -> Vec<(&'static str, String)> {
    let plan = report.plan;
    let schedule = report.schedule;
    let unit = printable(&plan.unit);
    let substance = if plan.substance.is_empty() {
        "-".to_string()
    } else {
        printable(&plan.substance).into_owned()
    };
    let rounding = plan.round_to.map_or(String::new(), |r| {
        format!(", targets in steps of {r} {unit}")
    });
    let now = match (
        schedule.day(report.today),
        day::state(schedule, report.today),
    ) {
        (None, _) | (_, PlanState::Before) => format!("the plan starts {}", schedule.start),
        (Some(d), PlanState::Held { since }) => {
            format!(
                "held at {} {unit} a day since {since} (step {})",
                d.target, d.step
            )
        }
        (Some(d), PlanState::Break { day, days }) => {
            format!("break, day {day} of {days} ({} {unit} a day)", d.target)
        }
        (Some(d), PlanState::Finished { since }) => {
            format!("at the target, {} {unit} a day, since {since}", d.target)
        }
        (Some(d), PlanState::OnPlan) => format!(
            "step {} of {}: {} {unit} a day",
            d.step,
            schedule.step_count(),
            d.target
        ),
    };
    vec![
        ("Substance", substance),
        ("Class", plan.class.name().to_string()),
        (
            "Method",
            format!(
                "{}, {} {unit} to {} {unit}, a step every {} days{rounding}",
                plan.method.name(),
                plan.start_dose,
                plan.target_dose,
                plan.step_days
            ),
        ),
        (
            "Dates",
            format!(
                "{} to {} ({} steps)",
                schedule.start,
                schedule.end,
                schedule.step_count()
            ),
        ),
        ("Today", format!("{}, {now}", report.today)),
        ("Report covers", format!("{} to {}", report.from, report.to)),
    ]
}

/// The amendments, one line each (with reason and sign-off).
pub fn changes(report: &Report) -> Vec<String> {
    let unit = printable(&report.plan.unit);
    report
        .plan
        .amendments
        .iter()
        .map(|a| printable(&a.describe(&unit)).into_owned())
        .collect()
}

/// The audit's findings as sentences.
pub fn findings(report: &Report) -> Vec<String> {
    audit::audit(report.plan, report.schedule)
        .iter()
        .map(|f| printable(&f.message(report.plan)).into_owned())
        .collect()
}

/// The notes of the logged doses in the range: `YYYY-MM-DD HH:MM  note`.
pub fn notes(report: &Report) -> Vec<(String, String)> {
    report
        .doses()
        .into_iter()
        .filter_map(|e| {
            let note = e.note.as_deref()?;
            Some((
                e.at.format("%Y-%m-%d %H:%M").to_string(),
                printable(note).into_owned(),
            ))
        })
        .collect()
}

/// The weekly table's header and cells (check-in columns only when there are check-ins).
pub fn table(report: &Report, rows: &[WeekRow]) -> (Vec<String>, Vec<Vec<String>>) {
    let unit = printable(&report.plan.unit);
    let with_checkins = weekly::has_checkins(report);
    let mut header: Vec<String> = vec![
        "Week".into(),
        "From".into(),
        format!("Target ({unit}/day)"),
        format!("Mean taken ({unit}/day)"),
        "Days logged".into(),
        "Adherence".into(),
    ];
    if with_checkins {
        header.extend(["Withdrawal", "Pain", "Craving", "Mood"].map(String::from));
    }
    let cells = rows
        .iter()
        .map(|w| {
            let mut row = vec![
                w.number.to_string(),
                w.start.to_string(),
                num(w.target),
                w.taken.map_or("-".into(), num),
                format!("{}/{}", w.logged_days, w.days),
                w.adherence.map_or("-".into(), |a| format!("{a:.0} %")),
            ];
            if with_checkins {
                row.extend(
                    w.checkins
                        .fields()
                        .iter()
                        .map(|(_, v)| v.map_or("-".into(), num)),
                );
            }
            row
        })
        .collect();
    (header, cells)
}

/// The whole report.
pub fn report(report: &Report) -> String {
    let mut out = String::new();
    let _ = write_report(&mut out, report);
    out
}

fn write_report(out: &mut String, report: &Report) -> std::fmt::Result {
    writeln!(out, "# Taper report: {}\n", printable(&report.plan.name))?;
    for (label, value) in facts(report) {
        writeln!(out, "- {label}: {value}")?;
    }
    writeln!(out, "\n## Changes to the plan\n")?;
    list(
        out,
        &changes(report),
        "No changes: the plan runs as first made.",
    )?;
    writeln!(out, "\n## Step check\n")?;
    list(
        out,
        &findings(report),
        "Every step is within the guideline paces for this class.",
    )?;
    let rows = weekly::rows(report);
    writeln!(out, "\n## Weekly summary\n")?;
    if rows.is_empty() {
        writeln!(out, "No week of the report has begun yet.")?;
    } else {
        let (header, cells) = table(report, &rows);
        md_table(out, &header, &cells)?;
        writeln!(
            out,
            "\nAdherence: the share of logged days at or under the day's target."
        )?;
        writeln!(out, "\n## Chart\n")?;
        chart(out, report, &rows)?;
    }
    writeln!(out, "\n## Notes\n")?;
    let notes: Vec<String> = notes(report)
        .into_iter()
        .map(|(at, note)| format!("{at}  {note}"))
        .collect();
    list(out, &notes, "No notes in the log.")?;
    writeln!(
        out,
        "\n---\n\nMade by taper on {}. {SAFETY_NOTE}",
        report.now.format("%Y-%m-%d %H:%M")
    )
}

fn list(out: &mut String, items: &[String], empty: &str) -> std::fmt::Result {
    if items.is_empty() {
        return writeln!(out, "{empty}");
    }
    for item in items {
        writeln!(out, "- {item}")?;
    }
    Ok(())
}

/// A Markdown table padded to fixed widths, so it reads as a table in plain text too.
fn md_table(out: &mut String, header: &[String], cells: &[Vec<String>]) -> std::fmt::Result {
    let width = |i: usize| {
        cells
            .iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].chars().count(), 3])
            .max()
            .unwrap_or(3)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |row: &[String]| {
        let cols: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:>w$}"))
            .collect();
        format!("| {} |", cols.join(" | "))
    };
    writeln!(out, "{}", line(header))?;
    let rule: Vec<String> = widths
        .iter()
        .map(|w| format!("{}:", "-".repeat(w - 1)))
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for row in cells {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// Planned (`#`) and mean taken (`=`) per week, as bars scaled to the largest value.
fn chart(out: &mut String, report: &Report, rows: &[WeekRow]) -> std::fmt::Result {
    const WIDTH: f64 = 40.0;
    let max = rows
        .iter()
        .flat_map(|w| [w.target, w.taken.unwrap_or(0.0)])
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let bar = |value: f64, c: &str| c.repeat((value / max * WIDTH).round() as usize);
    let unit = printable(&report.plan.unit);
    writeln!(out, "```text")?;
    writeln!(out, "week of     # planned, = mean taken ({unit} a day)")?;
    for w in rows {
        writeln!(
            out,
            "{}  {:<40}  {}",
            w.start,
            bar(w.target, "#"),
            num(w.target)
        )?;
        match w.taken {
            Some(t) => writeln!(out, "{:10}  {:<40}  {}", "", bar(t, "="), num(t))?,
            None => writeln!(out, "{:10}  {:<40}  not logged", "", "")?,
        }
    }
    writeln!(out, "```")
}
