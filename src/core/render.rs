//! Plan → TOML text, in the layout the README documents.

use std::fmt::Write as _;

use super::plan::{DoseEntry, Plan};
use super::plan_file::SCHEMA;
use super::plan_table::{write_amendment, write_segment};

fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// The whole file for a plan, with short comments that make it readable by hand.
pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# taper plan file: hand-editable; see the README for every key."
    );
    let _ = writeln!(
        out,
        "# The daily schedule is worked out from [plan] and the [[amendment]] tables;"
    );
    let _ = writeln!(out, "# [[dose]] tables are the log.");
    let _ = writeln!(out, "schema = {SCHEMA}");
    let _ = writeln!(out, "name = {}", quote(&plan.name));
    let _ = writeln!(out, "substance = {}", quote(&plan.substance));
    let _ = writeln!(out, "class = {}", quote(plan.class.name()));
    let _ = writeln!(out, "unit = {}", quote(&plan.unit));
    let _ = writeln!(out, "\n[plan]");
    write_segment(&mut out, &plan.base, true);
    for amendment in &plan.amendments {
        write_amendment(&mut out, amendment);
    }
    out.push_str(&render_doses(&plan.doses));
    out
}

/// The log as `[[dose]]` tables.
pub fn render_doses(doses: &[DoseEntry]) -> String {
    let mut out = String::new();
    for d in doses {
        let _ = writeln!(out, "\n[[dose]]");
        let _ = writeln!(out, "at = {}", d.at.format("%Y-%m-%dT%H:%M:%S"));
        let _ = writeln!(out, "amount = {}", d.amount);
        if let Some(product) = &d.product {
            let _ = writeln!(out, "product = {}", quote(product));
        }
        if let Some(note) = &d.note {
            let _ = writeln!(out, "note = {}", quote(note));
        }
        if let Some(slot) = d.slot {
            let _ = writeln!(out, "slot = {slot}");
        }
    }
    out
}

/// The text to write for `plan` over a file that held `previous`: when only the log
/// changed, everything above the log (comments, order, spacing) is kept as it was.
pub fn render_over(previous_text: &str, previous: &Plan, plan: &Plan) -> String {
    if !previous.same_apart_from_log(plan) {
        return render(plan);
    }
    // A log of plain `[[dose]]` tables (as taper writes it): the text above it is the rest.
    if let Some(start) = super::fastlog::log_start(previous_text)
        && super::fastlog::parse_log(&previous_text[start..]).is_some()
    {
        let mut out = previous_text[..start].trim_end().to_string();
        out.push('\n');
        out.push_str(&render_doses(&plan.doses));
        return out;
    }
    let Ok(mut doc) = previous_text.parse::<toml_edit::DocumentMut>() else {
        return render(plan);
    };
    doc.remove("dose");
    let mut out = doc.to_string();
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out.push_str(&render_doses(&plan.doses));
    out
}
