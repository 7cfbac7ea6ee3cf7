//! `taper new`'s flags, and the request they make.

use chrono::NaiveDate;
use clap::Args;

use super::args::{OffArgs, parse_date, parse_dose, parse_form, parse_time, rating};
use crate::core::new_plan::{Length, NewPlan, parse_ladder};
use crate::core::{Class, Dose, Method, Segment};

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("length").args(["end", "weeks", "percent"])))]
pub struct NewArgs {
    /// Plan name: letters, digits, '-' and '_'. The file is <data-dir>/NAME.toml.
    pub name: String,
    /// Unit of every dose, e.g. mg, g, ml, tablets.
    #[arg(long)]
    pub unit: String,
    /// The daily dose at the start (for a ladder: its first step, if left out; a higher
    /// start dose is held for --step-days before the first step).
    #[arg(long, value_parser = parse_dose, allow_negative_numbers = true)]
    pub start_dose: Option<Dose>,
    /// The daily dose to reach (often 0).
    #[arg(long, value_parser = parse_dose, allow_negative_numbers = true)]
    pub target_dose: Dose,
    /// First day of the taper (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub start: NaiveDate,
    /// First day at the target dose (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Length in weeks: end = start + 7·N days.
    #[arg(long)]
    pub weeks: Option<u32>,
    /// Cut P % of the current dose each step; the end date follows.
    #[arg(long, allow_negative_numbers = true)]
    pub percent: Option<f64>,
    /// How the dose steps down [default: linear; percent with --percent].
    #[arg(long, value_enum)]
    pub method: Option<Method>,
    /// Days between steps (every method but ladder).
    #[arg(long, default_value_t = 7)]
    pub step_days: u32,
    /// Measurable unit (e.g. 0.25): the start dose is kept, every later target is a multiple of it.
    #[arg(long, value_parser = parse_dose)]
    pub round_to: Option<Dose>,
    /// Doses a day; the daily target is split between them.
    #[arg(long, default_value_t = 1)]
    pub doses_per_day: u32,
    /// The plan's own ceiling: at most PERCENT % of the current dose per --per-days days;
    /// replaces the class's paces in the audit (a faster step is a warning).
    #[arg(long, value_name = "PERCENT")]
    pub max_cut: Option<f64>,
    /// Days the --max-cut ceiling is measured over [default: each step].
    #[arg(long, value_name = "N", requires = "max_cut")]
    pub per_days: Option<u32>,
    /// A dosage form the doses are made from, repeatable: e.g. --form tablet:10:0.5
    /// (10 per tablet, halves) --form liquid:1:0.1 (1 per ml, 0.1 ml). Without --round-to,
    /// targets round up to what the forms can make; `today` says how to make each dose.
    #[arg(long = "form", value_name = "NAME:STRENGTH:STEP", value_parser = parse_form)]
    pub forms: Vec<crate::core::forms::Form>,
    /// What is tapered, in your words.
    #[arg(long, default_value = "")]
    pub substance: String,
    /// Substance class; picks the guideline pace the step check uses.
    #[arg(long, value_enum, default_value_t = Class::Other)]
    pub class: Class,
    /// Hyperbolic: occupancy at an infinite dose, in % [default: 90].
    #[arg(long)]
    pub emax: Option<f64>,
    /// Hyperbolic: dose giving half of emax [default: start dose / 8].
    #[arg(long, value_parser = parse_dose)]
    pub ed50: Option<Dose>,
    /// Ladder: DOSE:DAYS,DOSE:DAYS,… each dose held for its days, then the target.
    #[arg(long, value_name = "DOSE:DAYS,…")]
    pub steps: Option<String>,
    /// When a plan day begins, HH:MM (default 00:00): with 04:00 a dose at 01:30 counts
    /// for the day before.
    #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
    pub day_starts: Option<chrono::NaiveTime>,
    #[command(flatten)]
    pub off: OffArgs,
    /// Logging a dose sooner than this many minutes after the one before asks to confirm.
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub min_gap: Option<u32>,
    /// Suggest holding a step when the mean withdrawal of the last 3 check-ins is at or
    /// above this [default: 6].
    #[arg(long, value_name = "N", value_parser = rating)]
    pub hold_threshold: Option<u8>,
    /// Replace an existing plan of the same name (refused when it has logged doses:
    /// use `taper replan`, or `taper archive NAME` first).
    #[arg(long)]
    pub force: bool,
}

impl NewArgs {
    /// The request these flags make; `NewPlan::build` checks it.
    pub fn request(&self) -> Result<NewPlan, String> {
        let length = match (self.end, self.weeks, self.percent) {
            (Some(end), _, _) => Length::End(end),
            (_, Some(weeks), _) => Length::Weeks(weeks),
            (_, _, Some(p)) => Length::Percent(p),
            _ if self.method == Some(Method::Ladder) || self.steps.is_some() => Length::FromSteps,
            _ => return Err("give the length: one of --end DATE, --weeks N or --percent P".into()),
        };
        let ladder = match &self.steps {
            Some(text) => parse_ladder(text).map_err(|e| format!("--steps: {e}"))?,
            None => Vec::new(),
        };
        Ok(NewPlan {
            name: self.name.clone(),
            substance: self.substance.clone(),
            class: self.class,
            unit: self.unit.clone(),
            start_dose: self.start_dose,
            length,
            method: self.method,
            emax: self.emax,
            ed50: self.ed50,
            ladder,
            segment: Segment {
                start: self.start,
                target_dose: self.target_dose,
                step_days: self.step_days,
                round_to: self.round_to,
                doses_per_day: self.doses_per_day,
                day_starts: self.day_starts.unwrap_or_default(),
                max_cut: self.max_cut,
                per_days: self.per_days,
                off_days: self.off.off_days.clone().unwrap_or_default().0,
                pattern: self.off.pattern,
                min_gap_minutes: self.min_gap,
                hold_threshold: self.hold_threshold,
                ..Segment::default()
            },
        })
    }
}
