//! Checking the fields one by one, and turning them into a plan through `NewPlan::build`,
//! the same code `taper new` uses.

use chrono::NaiveDate;

use super::field::{Field, LengthKind, Values};
use crate::core::amend::Change;
use crate::core::dose::DoseParseError;
use crate::core::error::Key;
use crate::core::forms::Form;
use crate::core::new_plan::{Length, NewPlan, NewPlanError, parse_ladder};
use crate::core::plan::{LATEST_DAY_START, limits};
use crate::core::{Amendment, Curve, Dose, Plan, Schedule, Segment, audit, schedule, store};

/// A plan the form makes, with what the preview draws from it.
#[derive(Clone, Debug)]
pub(super) struct Built {
    pub(super) plan: Plan,
    pub(super) schedule: Schedule,
    pub(super) findings: Vec<audit::Finding>,
    /// When the schedule ends later than asked, why.
    pub(super) end_note: Option<String>,
    /// For a re-plan: the amendment it adds (the plan above has it already).
    pub(super) amendment: Option<Amendment>,
}

/// Why the form does not make a plan yet.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Problem {
    /// Fields with their own problem, in form order.
    Fields(Vec<Field>),
    /// Each field is fine, but together they are not a plan.
    Plan { field: Field, message: String },
}

fn dose(text: &str) -> Result<Dose, String> {
    text.parse::<Dose>().map_err(|e| match e {
        DoseParseError::NotANumber(_) => "not a number".to_string(),
        DoseParseError::Negative(_) => "must be 0 or more".to_string(),
        DoseParseError::TooPrecise(_) => "at most 6 decimal places".to_string(),
        DoseParseError::TooLarge(_) => "too large".to_string(),
    })
}

fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| "use YYYY-MM-DD".to_string())
}

fn time(text: &str) -> Result<chrono::NaiveTime, String> {
    match text.trim() {
        "" => Ok(chrono::NaiveTime::MIN),
        t => chrono::NaiveTime::parse_from_str(t, "%H:%M")
            .ok()
            .filter(|t| *t <= LATEST_DAY_START)
            .ok_or_else(|| "HH:MM, from 00:00 to 12:00".to_string()),
    }
}

fn count(text: &str, what: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| format!("a whole number of {what}"))
}

fn percent(text: &str) -> Result<f64, String> {
    let p: f64 = text
        .trim()
        .parse()
        .map_err(|_| "not a number".to_string())?;
    if limits::percent_ok(p) {
        Ok(p)
    } else {
        Err("above 0 and below 100".to_string())
    }
}

fn needed(text: &str) -> Result<&str, String> {
    let t = text.trim();
    if t.is_empty() {
        Err("needed".to_string())
    } else {
        Ok(t)
    }
}

/// The problem of one field on its own, if any.
pub(super) fn field_error(v: &Values, field: Field) -> Option<String> {
    let text = v.input(field).map_or("", |input| input.text());
    let result: Result<(), String> = match field {
        Field::Name => needed(text).and_then(|t| {
            if t.len() > limits::NAME_LEN {
                Err(format!("at most {} characters", limits::NAME_LEN))
            } else if store::valid_name(t) {
                Ok(())
            } else {
                Err("letters, digits, - and _".to_string())
            }
        }),
        Field::Unit => needed(text)
            .map(drop)
            .map_err(|_| "needed, e.g. mg, g, ml".to_string()),
        Field::StartDose if v.is_ladder() && text.trim().is_empty() => Ok(()),
        Field::StartDose | Field::TargetDose => needed(text).and_then(dose).map(drop),
        Field::StartDate => needed(text)
            .and_then(date)
            .and_then(|d| match v.replan.as_deref() {
                Some(base) if d < base.today => Err(format!("from today on ({})", base.today)),
                _ => Ok(()),
            }),
        Field::LengthValue => match v.length {
            LengthKind::EndDate => needed(text).and_then(date).map(drop),
            LengthKind::Weeks => needed(text).and_then(|t| match count(t, "weeks")? {
                0 => Err("at least 1".to_string()),
                _ => Ok(()),
            }),
            LengthKind::Percent => needed(text).and_then(percent).map(drop),
        },
        Field::Steps => needed(text)
            .map_err(|_| "needed, e.g. 20:14,15:14,10:14".to_string())
            .and_then(parse_ladder)
            .map(drop),
        Field::StepDays => needed(text).and_then(|t| match count(t, "days")? {
            0 => Err("at least 1".to_string()),
            _ => Ok(()),
        }),
        Field::RoundTo if text.trim().is_empty() => Ok(()),
        Field::RoundTo => dose(text).and_then(|d| {
            if d.is_zero() {
                Err("above 0".to_string())
            } else {
                Ok(())
            }
        }),
        Field::DosesPerDay => needed(text).and_then(|t| match count(t, "doses") {
            Ok(n) if limits::DOSES_PER_DAY.contains(&n) => Ok(()),
            _ => Err(format!(
                "{} to {}",
                limits::DOSES_PER_DAY.start(),
                limits::DOSES_PER_DAY.end()
            )),
        }),
        Field::DayStarts => time(text).map(drop),
        Field::Forms => parse_forms(text).map(drop),
        Field::DaysOff => super::days_and_pace::days_off(text).map(drop),
        Field::MaxCut => super::days_and_pace::max_cut(text).map(drop),
        Field::Substance
        | Field::Class
        | Field::LengthKind
        | Field::Method
        | Field::StartFrom
        | Field::Reason => Ok(()),
    };
    result.err()
}

/// The forms field: `NAME:STRENGTH:STEP` separated by commas (empty: no forms).
pub(super) fn parse_forms(text: &str) -> Result<Vec<Form>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Form::parse)
        .collect()
}

/// The visible fields with a problem of their own, in form order.
pub(super) fn fields_with_errors(v: &Values) -> Vec<Field> {
    v.visible()
        .into_iter()
        .filter(|f| field_error(v, *f).is_some())
        .collect()
}

/// The request `taper new` would make from the same answers (each field must be valid).
pub(super) fn request(v: &Values) -> Option<NewPlan> {
    let ladder = v.is_ladder();
    let length = if ladder {
        Length::FromSteps
    } else {
        match v.length {
            LengthKind::EndDate => Length::End(date(v.end_date.text()).ok()?),
            LengthKind::Weeks => Length::Weeks(count(v.weeks.text(), "weeks").ok()?),
            LengthKind::Percent => Length::Percent(percent(v.percent.text()).ok()?),
        }
    };
    let start_dose = match v.start_dose.text().trim() {
        "" if ladder => None,
        text => Some(dose(text).ok()?),
    };
    let round_to = match v.round_to.text().trim() {
        "" => None,
        text => Some(dose(text).ok()?),
    };
    let step_days = match count(v.step_days.text(), "days") {
        Ok(days) => days,
        Err(_) if ladder => 7,
        Err(_) => return None,
    };
    let off = super::days_and_pace::days_off(v.days_off.text()).ok()?;
    let cut = super::days_and_pace::max_cut(v.max_cut.text()).ok()?;
    Some(NewPlan {
        name: v.name.text().trim().to_string(),
        substance: v.substance.text().trim().to_string(),
        class: v.class,
        unit: v.unit.text().trim().to_string(),
        start_dose,
        length,
        method: Some(v.method),
        emax: None,
        ed50: None,
        ladder: if ladder {
            parse_ladder(v.steps.text()).ok()?
        } else {
            Vec::new()
        },
        segment: Segment {
            start: date(v.start_date.text()).ok()?,
            target_dose: dose(v.target_dose.text()).ok()?,
            step_days,
            round_to,
            doses_per_day: count(v.doses_per_day.text(), "doses").ok()?,
            day_starts: time(v.day_starts.text()).ok()?,
            off_days: off.0,
            pattern: off.1,
            max_cut: cut.0,
            per_days: cut.1,
            ..Segment::default()
        },
    })
}

/// The wizard's words for a cross-field problem, and the field to point at.
fn explain(error: &NewPlanError, v: &Values) -> (Field, String) {
    let length_or_steps = if v.is_ladder() {
        Field::Steps
    } else {
        Field::LengthValue
    };
    match error {
        NewPlanError::Plan(e) => {
            let field = match e.field() {
                Key::TargetDose => Field::TargetDose,
                Key::End => length_or_steps,
                Key::StepDays => Field::StepDays,
                Key::DosesPerDay | Key::DoseTimes => Field::DosesPerDay,
                Key::Percent if v.length == LengthKind::Percent && !v.is_ladder() => {
                    Field::LengthValue
                }
                Key::RoundTo => Field::RoundTo,
                Key::Steps => Field::Steps,
                Key::StartDose => Field::StartDose,
                Key::Start => Field::StartDate,
                Key::Name => Field::Name,
                Key::Unit => Field::Unit,
                Key::DayStarts => Field::DayStarts,
                Key::Form => Field::Forms,
                Key::Method | Key::Percent | Key::Emax | Key::Ed50 | Key::Amendment(_) => {
                    Field::Method
                }
                Key::MaxCut => Field::MaxCut,
            };
            (field, e.to_string())
        }
        NewPlanError::NoLength => (
            Field::LengthKind,
            "choose how long the taper runs".to_string(),
        ),
        NewPlanError::PercentWithMethod(m) => (
            Field::Method,
            format!("a percent length goes with the percent method, not {m}"),
        ),
        NewPlanError::NoLadder => (
            Field::Steps,
            "give the ladder steps as DOSE:DAYS, e.g. 20:14,10:14".to_string(),
        ),
        NewPlanError::NoStartDose => (Field::StartDose, "the start dose is needed".to_string()),
        NewPlanError::ZeroWeeks => (Field::LengthValue, "at least 1 week".to_string()),
        NewPlanError::PercentTooSmall(_) => (Field::LengthValue, error.to_string()),
        NewPlanError::LadderWithoutMethod
        | NewPlanError::LadderWithLength
        | NewPlanError::HyperbolicOptions => (Field::Method, error.to_string()),
    }
}

/// Build the plan the form describes, or say what stops it.
pub(super) fn build(v: &Values) -> Result<Built, Problem> {
    let bad = fields_with_errors(v);
    if !bad.is_empty() {
        return Err(Problem::Fields(bad));
    }
    let Some(request) = request(v) else {
        return Err(Problem::Fields(vec![Field::Name]));
    };
    if let Some(base) = v.replan.as_deref() {
        return build_replan(v, base, request);
    }
    let mut plan = request.build().map_err(|e| {
        let (field, message) = explain(&e, v);
        Problem::Plan { field, message }
    })?;
    plan.forms = parse_forms(v.forms.text()).map_err(|message| Problem::Plan {
        field: Field::Forms,
        message,
    })?;
    let schedule = schedule::build(&plan, plan.start).map_err(|e| Problem::Plan {
        field: explain(&e.clone().into(), v).0,
        message: e.to_string(),
    })?;
    let mut findings = audit::audit(&plan, &schedule);
    // Warnings first: the preview has room for a few.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let end_note = audit::end_note(&plan);
    Ok(Built {
        plan,
        schedule,
        findings,
        end_note,
        amendment: None,
    })
}

/// A re-plan: the segment from the form (a hyperbolic curve keeps its parameters), added
/// to the plan as a `replan` amendment from the start date.
fn build_replan(
    v: &Values,
    base: &super::field::ReplanBase,
    mut request: NewPlan,
) -> Result<Built, Problem> {
    let current = &base.current;
    if let (Curve::Hyperbolic { emax, ed50 }, Some(crate::core::Method::Hyperbolic)) =
        (&current.method, request.method)
    {
        request.emax = Some(*emax);
        request.ed50 = Some(*ed50);
    }
    if request.segment.doses_per_day == current.doses_per_day {
        request.segment.dose_times = current.dose_times.clone();
    }
    // The days off and the ceiling are the form's: pre-filled from the segment in force,
    // so they go on unless changed there (as with `taper replan` without the flags).
    let segment = request.build_segment().map_err(|e| {
        let (field, message) = explain(&e, v);
        Problem::Plan { field, message }
    })?;
    let reason = v.reason.text().trim();
    let amendment = Amendment {
        reason: (!reason.is_empty()).then(|| reason.to_string()),
        ..Amendment::new(segment.start, Change::Replan(Box::new(segment)))
    };
    let mut plan = base.plan.clone();
    plan.add_amendment(amendment.clone());
    let schedule = schedule::build(&plan, base.today).map_err(|e| Problem::Plan {
        field: explain(&e.clone().into(), v).0,
        message: e.to_string(),
    })?;
    let findings = audit::audit(&plan, &schedule);
    Ok(Built {
        plan,
        schedule,
        findings,
        end_note: None,
        amendment: Some(amendment),
    })
}
