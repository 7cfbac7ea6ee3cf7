//! Typed errors of the core.

use std::path::PathBuf;

use super::dose::Dose;

/// A plan whose numbers do not make a taper. `field` names the key in the plan file.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("the target dose {target} is above the start dose {start}; a taper goes down")]
    TargetAboveStart { start: Dose, target: Dose },
    #[error("the end date {end} is not after the start date {start}")]
    EndNotAfterStart {
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
    },
    #[error("the plan runs {days} days; taper plans are limited to {max} days")]
    TooLong { days: i64, max: i64 },
    #[error("step days must be at least 1")]
    StepDays,
    #[error("doses per day must be from 1 to 24, not {0}")]
    DosesPerDay(u32),
    #[error("{count} dose times are listed for {per_day} doses a day")]
    DoseTimes { count: usize, per_day: u32 },
    #[error("the percent cut must be above 0 and below 100, not {0}")]
    Percent(f64),
    #[error("emax must be above 0 and at most 100 (% occupancy), not {0}")]
    Emax(f64),
    #[error("ed50 must be above 0")]
    Ed50,
    #[error("round-to must be above 0")]
    RoundTo,
    #[error("{0}")]
    Form(String),
    #[error("{}", max_cut_message(*max_cut, *per_days))]
    MaxCut {
        max_cut: Option<f64>,
        per_days: Option<u32>,
    },
    #[error("day_starts is {0}; a plan day may start at 12:00 at the latest")]
    DayStarts(chrono::NaiveTime),
    #[error("a ladder needs at least one step, written DOSE:DAYS")]
    LadderEmpty,
    #[error("ladder step {index} lasts 0 days; each step lasts at least 1 day")]
    LadderDays { index: usize },
    #[error("ladder step {index} ({dose}) is above the step before it; a taper never goes up")]
    LadderRises { index: usize, dose: Dose },
    #[error("ladder step {index} ({dose}) is below the target dose {target}")]
    LadderBelowTarget {
        index: usize,
        dose: Dose,
        target: Dose,
    },
    #[error("the first ladder step ({first}) is not the start dose ({start})")]
    LadderStart { first: Dose, start: Dose },
    #[error("the end date {given} does not match the ladder, which ends on {derived}")]
    LadderEnd {
        given: chrono::NaiveDate,
        derived: chrono::NaiveDate,
    },
    #[error("the plan name is empty")]
    EmptyName,
    #[error("the unit is empty (write e.g. mg, g, ml or tablets)")]
    EmptyUnit,
    #[error("amendment {index} is dated {from}, before the plan starts on {start}")]
    AmendmentBeforeStart {
        index: usize,
        from: chrono::NaiveDate,
        start: chrono::NaiveDate,
    },
    #[error("amendment {index}: a resume on {from} with no hold to end")]
    ResumeWithoutHold {
        index: usize,
        from: chrono::NaiveDate,
    },
    #[error("amendment {index}: the plan is already held since {since}")]
    AlreadyHeld {
        index: usize,
        since: chrono::NaiveDate,
    },
    #[error("amendment {index}: a break lasts at least 1 day")]
    BreakDays { index: usize },
    #[error("amendment {index} (replan from {from}): {problem}")]
    Replan {
        index: usize,
        from: chrono::NaiveDate,
        problem: Box<PlanError>,
    },
}

/// A key of the plan file, named so an error can point at its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Name,
    Unit,
    Start,
    End,
    StartDose,
    TargetDose,
    Method,
    StepDays,
    RoundTo,
    MaxCut,
    Form,
    DosesPerDay,
    DoseTimes,
    DayStarts,
    Percent,
    Emax,
    Ed50,
    Steps,
    /// The n-th `[[amendment]]` table (1-based).
    Amendment(usize),
}

impl Key {
    /// The key as written in the file.
    pub fn name(self) -> &'static str {
        match self {
            Key::Name => "name",
            Key::Unit => "unit",
            Key::Start => "start",
            Key::End => "end",
            Key::StartDose => "start_dose",
            Key::TargetDose => "target_dose",
            Key::Method => "method",
            Key::StepDays => "step_days",
            Key::RoundTo => "round_to",
            Key::MaxCut => "max_cut",
            Key::Form => "form",
            Key::DosesPerDay => "doses_per_day",
            Key::DoseTimes => "dose_times",
            Key::DayStarts => "day_starts",
            Key::Percent => "percent",
            Key::Emax => "emax",
            Key::Ed50 => "ed50",
            Key::Steps => "steps",
            Key::Amendment(_) => "amendment",
        }
    }
}

impl PlanError {
    /// A short suggestion shown under the error.
    pub fn hint(&self) -> Option<&'static str> {
        // Every variant has one; Option keeps room for errors that need none.
        Some(match self {
            PlanError::TargetAboveStart { .. } => "set target_dose at or below start_dose",
            PlanError::EndNotAfterStart { .. } => {
                "end is the first day at the target dose; it comes after start"
            }
            PlanError::TooLong { .. } => "split a very long taper into several plans",
            PlanError::DoseTimes { .. } => {
                "list one time per dose, or remove dose_times to use the defaults"
            }
            PlanError::LadderEnd { .. } => "remove `end`: a ladder's steps set its length",
            PlanError::LadderStart { .. } => "make the first ladder step's dose equal start_dose",
            PlanError::LadderRises { .. } | PlanError::LadderBelowTarget { .. } => {
                "ladder steps go down from start_dose towards target_dose"
            }
            PlanError::Percent(_) => "a gentle pace is about 10 (percent per step)",
            PlanError::StepDays => "step_days = 7 steps down once a week",
            PlanError::DosesPerDay(_) => "write how many doses a day, e.g. doses_per_day = 3",
            PlanError::Emax(_) => "emax is a percentage; 90 is the usual value",
            PlanError::Ed50 => "remove ed50 to use the default (start dose ÷ 8)",
            PlanError::RoundTo => "remove round_to, or write the measurable unit, e.g. 0.25",
            PlanError::Form(_) => {
                "e.g. [[form]] name = \"tablet\", strength = 10, step = 0.5 (a halved 10 mg tablet)"
            }
            PlanError::MaxCut { .. } => {
                "e.g. max_cut = 10 with per_days = 14: at most 10 % every 2 weeks"
            }
            PlanError::DayStarts(_) => {
                "e.g. day_starts = 04:00:00 counts a dose at 01:30 for the day before"
            }
            PlanError::LadderEmpty => {
                "e.g. steps = [{ dose = 10, days = 14 }, { dose = 5, days = 14 }]"
            }
            PlanError::LadderDays { .. } => "give each ladder step days = 1 or more",
            PlanError::EmptyName => "write a name, e.g. name = \"kratom\"",
            PlanError::EmptyUnit => "write a unit, e.g. unit = \"mg\"",
            PlanError::AmendmentBeforeStart { .. } => {
                "an amendment changes the plan from its date on; date it on or after start"
            }
            PlanError::ResumeWithoutHold { .. } => {
                "a resume ends a hold: add kind = \"hold\" before it, or remove it"
            }
            PlanError::AlreadyHeld { .. } => "add a resume between two holds",
            PlanError::BreakDays { .. } => "write the length of the break, e.g. days = 7",
            PlanError::Replan { .. } => {
                "a replan takes the keys of [plan] (start_dose, end, method, …) from its date"
            }
        })
    }

    /// The plan-file key this error is about, to point at its line.
    pub fn field(&self) -> Key {
        match self {
            PlanError::TargetAboveStart { .. } => Key::TargetDose,
            PlanError::EndNotAfterStart { .. } | PlanError::TooLong { .. } => Key::End,
            PlanError::LadderEnd { .. } => Key::End,
            PlanError::StepDays => Key::StepDays,
            PlanError::DosesPerDay(_) => Key::DosesPerDay,
            PlanError::DoseTimes { .. } => Key::DoseTimes,
            PlanError::Percent(_) => Key::Percent,
            PlanError::Emax(_) => Key::Emax,
            PlanError::Ed50 => Key::Ed50,
            PlanError::RoundTo => Key::RoundTo,
            PlanError::MaxCut { .. } => Key::MaxCut,
            PlanError::Form(_) => Key::Form,
            PlanError::DayStarts(_) => Key::DayStarts,
            PlanError::LadderEmpty
            | PlanError::LadderDays { .. }
            | PlanError::LadderRises { .. }
            | PlanError::LadderBelowTarget { .. } => Key::Steps,
            PlanError::LadderStart { .. } => Key::StartDose,
            PlanError::EmptyName => Key::Name,
            PlanError::EmptyUnit => Key::Unit,
            PlanError::AmendmentBeforeStart { index, .. }
            | PlanError::ResumeWithoutHold { index, .. }
            | PlanError::AlreadyHeld { index, .. }
            | PlanError::BreakDays { index }
            | PlanError::Replan { index, .. } => Key::Amendment(*index),
        }
    }
}

/// A plan file that cannot be used, located as `PATH:LINE:COL`.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}:{column}: {message}{}{}", path.display(), hint.as_ref().map(|h| format!("\n  hint: {h}")).unwrap_or_default(), restore_hint(path, backup.as_deref()))]
pub struct FileError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The last good version (`NAME.toml.bak`), when there is one.
    pub backup: Option<PathBuf>,
}

fn restore_hint(path: &std::path::Path, backup: Option<&std::path::Path>) -> String {
    use super::fsafe::shell_quote;
    backup.map_or(String::new(), |b| {
        format!(
            "\n  backup: the version before the last save is {}; to go back to it (losing \
             changes made to the file since), run: cp {} {}",
            b.display(),
            shell_quote(b),
            shell_quote(path)
        )
    })
}

/// Anything the store can fail at.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    File(#[from] FileError),
    // Not a `source`: the message already holds it, and would be printed twice.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: this is {what}, not a plan file; a plan is a regular .toml file", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{}: the file is {size} bytes; a plan file is at most 64 MiB — is it the right file?", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: {reason}", path.display())]
    Unsafe { path: PathBuf, reason: String },
    #[error("{0}")]
    Plan(#[from] PlanError),
    #[error("no plan named '{name}' in {}{}", dir.display(), list_hint(.available))]
    NoSuchPlan {
        name: String,
        dir: PathBuf,
        available: Vec<String>,
    },
    #[error("no plan yet in {}; create one with `taper new NAME …` or open the TUI with `taper`", .0.display())]
    NoPlans(PathBuf),
    #[error("several plans and no default; pick one with --plan NAME: {}", .0.join(", "))]
    Ambiguous(Vec<String>),
    #[error("a plan named '{0}' exists already; pass --force to replace it")]
    Exists(String),
    #[error("{}", has_log(name, *doses))]
    HasLog { name: String, doses: Option<usize> },
    #[error(
        "'{0}' is not a usable plan name: use letters, digits, '-' and '_' (at most 64 characters)"
    )]
    BadName(String),
    #[error("{0}")]
    Invalid(String),
}

fn has_log(name: &str, doses: Option<usize>) -> String {
    let what = match doses {
        Some(n) => format!("'{name}' has {n} logged dose(s)"),
        None => format!("'{name}' cannot be read"),
    };
    format!(
        "{what}; it is not replaced. To change the plan and keep its log use `taper replan`; to start afresh, first `taper archive {name}` (it keeps the file in the archive folder)"
    )
}

fn list_hint(available: &[String]) -> String {
    if available.is_empty() {
        String::new()
    } else {
        format!(" (plans: {})", available.join(", "))
    }
}

impl StoreError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.into(),
            error: source,
        }
    }
}

fn max_cut_message(max_cut: Option<f64>, per_days: Option<u32>) -> String {
    match max_cut {
        None => "per_days needs max_cut (the ceiling, % of the current dose)".to_string(),
        Some(p) if per_days == Some(0) => {
            format!("per_days must be at least 1 (max_cut = {p})")
        }
        Some(p) => format!("max_cut must be above 0 and at most 100 (percent), not {p}"),
    }
}
