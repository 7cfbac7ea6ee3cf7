//! `taper export --format html`: the clinician report as one self-contained printable
//! page: no script, nothing fetched, the charts inline SVG.

use std::fmt::Write;

use super::Report;
use super::{md, svg, weekly};
use crate::core::text::{SAFETY_NOTE, printable};

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;\
padding:0 1rem;color:#222;line-height:1.4}h1{font-size:1.5rem}h2{font-size:1.15rem;\
margin-top:1.6rem;border-bottom:1px solid #ccc}dl{display:grid;grid-template-columns:max-content auto;\
gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}table{border-collapse:collapse}th,td{border:1px solid #ccc;\
padding:.2rem .5rem;text-align:right}figure{margin:0}svg{max-width:100%;height:auto}.key{display:inline-block;\
width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}footer{margin-top:2rem;\
font-size:.9rem;color:#555}@media print{body{margin:0;max-width:none}h2{break-after:avoid}\
figure,table{break-inside:avoid}}";

/// Text for HTML: printable, and `& < > " '` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page.
pub fn report(report: &Report) -> Result<String, String> {
    let mut out = String::new();
    write_page(&mut out, report).map_err(|e| e.to_string())?;
    Ok(out)
}

fn write_page(out: &mut String, report: &Report) -> Result<(), Box<dyn std::error::Error>> {
    let title = format!("Taper report: {}", escape(&report.plan.name));
    let unit = escape(&report.plan.unit);
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>"
    )?;
    writeln!(out, "<dl>")?;
    for (label, value) in md::facts(report) {
        writeln!(out, "<dt>{label}</dt><dd>{}</dd>", escape(&value))?;
    }
    writeln!(out, "</dl>")?;
    writeln!(out, "<h2>Changes to the plan</h2>")?;
    list(
        out,
        &md::changes(report),
        "No changes: the plan runs as first made.",
    )?;
    writeln!(out, "<h2>Step check</h2>")?;
    list(
        out,
        &md::findings(report),
        "Every step is within the guideline paces for this class.",
    )?;
    writeln!(out, "<h2>Weekly summary</h2>")?;
    let rows = weekly::rows(report);
    if rows.is_empty() {
        writeln!(out, "<p>No week of the report has begun yet.</p>")?;
    } else {
        let (header, cells) = md::table(report, &rows);
        writeln!(out, "<table>\n<thead><tr>")?;
        for h in &header {
            write!(out, "<th>{}</th>", escape(h))?;
        }
        writeln!(out, "</tr></thead>\n<tbody>")?;
        for row in &cells {
            write!(out, "<tr>")?;
            for c in row {
                write!(out, "<td>{}</td>", escape(c))?;
            }
            writeln!(out, "</tr>")?;
        }
        writeln!(out, "</tbody>\n</table>")?;
        writeln!(
            out,
            "<p>Adherence: the share of logged days at or under the day's target.</p>"
        )?;
    }
    let [planned, taken] = svg::dose_colours();
    writeln!(out, "<h2>Planned and taken ({unit} a day)</h2>\n<figure>")?;
    out.push_str(&svg::planned_vs_taken(report)?);
    writeln!(
        out,
        "\n<figcaption><span class=\"key\" style=\"background:{planned}\"></span>planned \
         target<span class=\"key\" style=\"background:{taken}\"></span>taken (logged daily \
         total)</figcaption>\n</figure>"
    )?;
    writeln!(out, "<h2>Check-ins (0–10)</h2>")?;
    if weekly::has_checkins(report) {
        writeln!(out, "<figure>")?;
        out.push_str(&svg::checkins(report)?);
        write!(out, "\n<figcaption>")?;
        for (name, colour) in ["withdrawal", "pain", "craving", "mood"]
            .iter()
            .zip(svg::score_colours())
        {
            write!(
                out,
                "<span class=\"key\" style=\"background:{colour}\"></span>{name}"
            )?;
        }
        writeln!(out, "</figcaption>\n</figure>")?;
    } else {
        writeln!(out, "<p>No check-ins recorded in this period.</p>")?;
    }
    writeln!(out, "<h2>Notes</h2>")?;
    let notes: Vec<String> = md::notes(report)
        .into_iter()
        .map(|(at, note)| format!("{at} — {note}"))
        .collect();
    list(out, &notes, "No notes in the log.")?;
    writeln!(
        out,
        "<footer>Made by taper on {}. {SAFETY_NOTE}</footer>\n</body>\n</html>",
        report.now.format("%Y-%m-%d %H:%M")
    )?;
    Ok(())
}

fn list(out: &mut String, items: &[String], empty: &str) -> std::fmt::Result {
    if items.is_empty() {
        return writeln!(out, "<p>{empty}</p>");
    }
    writeln!(out, "<ul>")?;
    for item in items {
        writeln!(out, "<li>{}</li>", escape(item))?;
    }
    writeln!(out, "</ul>")
}
