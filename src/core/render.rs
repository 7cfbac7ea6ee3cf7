//! Plan → TOML text, in the layout the README documents.

use std::fmt::Write as _;

use super::plan::{DoseEntry, Plan};
use super::plan_file::SCHEMA;
use super::plan_write::{write_amendment, write_segment};

fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// Above `log_years` in a plan file.
const LOG_YEARS_NOTE: &str = "# The check-ins and doses of these years are kept beside this file, one file a year\n\
     # (NAME.YYYY.toml): taper reads them with it.";

fn years_value(years: &[i32]) -> toml_edit::Value {
    toml_edit::Value::Array(years.iter().map(|y| i64::from(*y)).collect())
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
    if !plan.log_years.is_empty() {
        let _ = writeln!(out, "{LOG_YEARS_NOTE}");
        let _ = writeln!(out, "log_years = {}", years_value(&plan.log_years));
    }
    let _ = writeln!(out, "\n[plan]");
    write_segment(&mut out, &plan.base, true);
    for form in &plan.forms {
        let _ = writeln!(
            out,
            "\n[[form]]                # a dosage form the doses are made from"
        );
        let _ = writeln!(out, "name = {}", quote(&form.name));
        let _ = writeln!(
            out,
            "strength = {:<13}# plan units per piece (or per ml)",
            form.strength.to_string()
        );
        let _ = writeln!(
            out,
            "step = {:<17}# smallest measurable amount: 0.5 = a half, 0.1 = 0.1 ml",
            form.step.to_string()
        );
    }
    for amendment in &plan.amendments {
        write_amendment(&mut out, amendment);
    }
    out.push_str(&render_log(plan));
    out
}

/// The log: the `[[checkin]]` tables, then the `[[dose]]` tables.
pub fn render_log(plan: &Plan) -> String {
    let mut out = super::checkin::render(&plan.checkins);
    out.push_str(&render_doses(&plan.doses));
    out
}

/// The doses as `[[dose]]` tables.
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
        if d.warned {
            let _ = writeln!(out, "warned = true");
        }
    }
    out
}

/// The text to write for `plan` over a file that held `previous`: when only the log
/// changed, everything above the log (comments, order, spacing) is kept as it was.
///
/// When only `log_years` changed besides (a year's log moved to a file of its own), that
/// key is set in the kept text.
pub fn render_over(previous_text: &str, previous: &Plan, plan: &Plan) -> String {
    if !previous.same_facts(plan) {
        return render(plan);
    }
    let moved = previous.log_years != plan.log_years;
    // A log as taper writes it (check-ins, then doses): the text above the doses — the
    // check-ins included — is the rest, when the check-ins did not change.
    if !moved
        && previous.checkins == plan.checkins
        && let Some(split) = super::fastlog::split(previous_text)
        && split.log.checkins == plan.checkins
    {
        let mut out = previous_text[..split.doses_at].trim_end().to_string();
        out.push('\n');
        out.push_str(&render_doses(&plan.doses));
        return out;
    }
    let Ok(mut doc) = previous_text.parse::<toml_edit::DocumentMut>() else {
        return render(plan);
    };
    doc.remove("checkin");
    doc.remove("dose");
    if moved {
        if plan.log_years.is_empty() {
            doc.remove("log_years");
        } else if let Some(item) = doc.get_mut("log_years") {
            *item = toml_edit::Item::Value(years_value(&plan.log_years));
        } else {
            let mut key = toml_edit::Key::new("log_years");
            key.leaf_decor_mut()
                .set_prefix(format!("{LOG_YEARS_NOTE}\n"));
            doc.insert_formatted(&key, toml_edit::Item::Value(years_value(&plan.log_years)));
        }
    }
    let mut out = doc.to_string();
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out.push_str(&render_log(plan));
    out
}
