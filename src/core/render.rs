//! Plan → TOML text, in the layout the README documents.

use std::fmt::Write as _;

use chrono::NaiveTime;

use super::plan::{DoseEntry, Method, Plan};
use super::plan_file::SCHEMA;

fn quote(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

fn float(value: f64) -> String {
    // Shortest text that reads back to the same float; always with a dot or exponent.
    let text = format!("{value}");
    if text.contains(['.', 'e', 'E']) || text.contains("inf") || text.contains("NaN") {
        text
    } else {
        format!("{text}.0")
    }
}

/// Write `key = value`, padded so the comments line up, then `# comment`.
fn commented(out: &mut String, line: String, comment: &str) {
    let _ = writeln!(out, "{line:<24}# {comment}");
}

fn time(t: NaiveTime) -> String {
    t.format("%H:%M:%S").to_string()
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
        "# The daily schedule is worked out from [plan]; [[dose]] tables are the log."
    );
    let _ = writeln!(out, "schema = {SCHEMA}");
    let _ = writeln!(out, "name = {}", quote(&plan.name));
    let _ = writeln!(out, "substance = {}", quote(&plan.substance));
    let _ = writeln!(out, "class = {}", quote(plan.class.name()));
    let _ = writeln!(out, "unit = {}", quote(&plan.unit));
    out.push_str(&render_plan_table(plan));
    out.push_str(&render_doses(&plan.doses));
    out
}

fn render_plan_table(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n[plan]");
    commented(
        &mut out,
        format!("start = {}", plan.start),
        "first day of the taper",
    );
    if !matches!(plan.method, Method::Ladder { .. }) {
        commented(
            &mut out,
            format!("end = {}", plan.end),
            "first day at the target dose (rounding may need more steps: taper says so)",
        );
    }
    let _ = writeln!(out, "start_dose = {}", plan.start_dose);
    let _ = writeln!(out, "target_dose = {}", plan.target_dose);
    let _ = writeln!(out, "method = {}", quote(plan.method.name()));
    match &plan.method {
        Method::Linear => {}
        Method::Percent { percent } => {
            commented(
                &mut out,
                format!("percent = {}", float(*percent)),
                "cut per step, % of the current dose",
            );
        }
        Method::Hyperbolic { emax, ed50 } => {
            commented(
                &mut out,
                format!("emax = {}", float(*emax)),
                "% occupancy at an infinite dose",
            );
            commented(
                &mut out,
                format!("ed50 = {}", *ed50),
                "dose giving half of emax",
            );
        }
        Method::Ladder { steps } => {
            let rungs: Vec<String> = steps
                .iter()
                .map(|s| format!("  {{ dose = {}, days = {} }},", s.dose, s.days))
                .collect();
            let _ = writeln!(
                out,
                "steps = [               # each dose held for its days, then the target"
            );
            let _ = writeln!(out, "{}\n]", rungs.join("\n"));
        }
    }
    let _ = writeln!(out, "step_days = {}", plan.step_days);
    if let Some(unit) = plan.round_to {
        commented(
            &mut out,
            format!("round_to = {}", unit),
            "every target after the start dose is a multiple of this",
        );
    }
    let _ = writeln!(out, "doses_per_day = {}", plan.doses_per_day);
    if !plan.dose_times.is_empty() {
        let times: Vec<String> = plan.dose_times.iter().map(|t| time(*t)).collect();
        let _ = writeln!(out, "dose_times = [{}]", times.join(", "));
    }
    if plan.day_starts != NaiveTime::MIN {
        commented(
            &mut out,
            format!("day_starts = {}", time(plan.day_starts)),
            "doses before this count for the day before",
        );
    }
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
    let same_apart_from_log = Plan {
        doses: Vec::new(),
        ..previous.clone()
    } == Plan {
        doses: Vec::new(),
        ..plan.clone()
    };
    if !same_apart_from_log {
        return render(plan);
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
