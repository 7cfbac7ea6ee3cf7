//! The command line, as clap sees it. Every subcommand is a thin call into `core`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::pattern::Pattern;
use crate::core::{Dose, Method};

pub use super::new_args::NewArgs;

const ABOUT: &str = "A calm planner for tapering a substance gradually.";
const LONG_ABOUT: &str = "\
A calm planner for tapering a substance gradually: opioids, kratom, benzodiazepines,
antidepressants, caffeine. It builds a taper schedule, keeps each plan and its dose log as a
readable TOML file, and records what you take.

Run `taper` with no command for the full-screen interface.

taper plans and records; it does not replace a clinician. Tolerance drops quickly: going
back to an old, higher dose after days at a lower one can cause an overdose.";

const AFTER_HELP: &str = "\
Environment:
  TAPER_DATA_DIR  where plans live (default: the platform data dir, e.g. ~/.local/share/taper)
  TAPER_NOW       replaces the clock: YYYY-MM-DD (noon that day) or YYYY-MM-DDTHH:MM[:SS]
  TAPER_CONFIG    the config file (default: the platform config dir, e.g.
                  ~/.config/taper/config.toml): data_dir, day_starts, theme
  NO_COLOR        draw the interface without colour

Examples:
  taper new kratom --unit g --start-dose 12 --target-dose 0 --start 2027-01-04 --weeks 10 \\
        --round-to 0.25 --doses-per-day 3 --substance kratom --class kratom
  taper today
  taper log 4 --product \"Red Bali\"
  taper hold --reason \"hard week\"
  taper resume
  taper replan --actual --weeks 12 --reason \"slower\"
  taper show --format csv
  taper export --format html --output report.html
  taper status --short";

#[derive(Debug, Parser)]
#[command(name = "taper", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// Folder that holds the plans.
    #[arg(long, global = true, env = "TAPER_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// A plan name in the data dir, or a path to a .toml plan file [default: the plan made
    /// last with `new`, or the only plan].
    #[arg(long, global = true, value_name = "NAME|PATH")]
    pub plan: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// What `Cli::parse` gives for a command line with no arguments: no command, no
    /// `--plan`, and the data dir from `TAPER_DATA_DIR` when it is set. `None` when that is
    /// set but empty: clap's parse then says why that is an error.
    pub fn bare() -> Option<Cli> {
        let data_dir = match std::env::var_os("TAPER_DATA_DIR") {
            Some(dir) if dir.is_empty() => return None,
            dir => dir.map(PathBuf::from),
        };
        Some(Cli {
            data_dir,
            plan: None,
            command: None,
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a plan file in the data dir and make it the default plan.
    New(NewArgs),
    /// Print the daily schedule, start to end.
    Show {
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// One row per change of dose (from, to, days, daily dose, the doses of a day)
        /// instead of one row per day.
        #[arg(long)]
        steps: bool,
    },
    /// Log a dose (now, unless --at).
    Log {
        /// Amount taken, in the plan's unit (e.g. 4 or 3.25).
        #[arg(value_parser = parse_dose, allow_negative_numbers = true)]
        amount: Dose,
        /// When: HH:MM (today), or YYYY-MM-DDTHH:MM[:SS].
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        /// What was taken (brand, strain, strength).
        #[arg(long)]
        product: Option<String>,
        /// A free note.
        #[arg(long)]
        note: Option<String>,
    },
    /// Today's target, what was taken, what remains, each planned dose.
    Today {
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// One line per plan: name, substance, current target, step.
    List {
        /// Also list archived plans.
        #[arg(long)]
        all: bool,
    },
    /// Check a plan file (default: the selected plan); exit 0 when it is fine.
    Check {
        /// Path to a plan file.
        file: Option<PathBuf>,
    },
    /// Hold the dose in force from a day on (default today), until `taper resume`.
    Hold {
        /// First day held (YYYY-MM-DD) [default: today].
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        #[command(flatten)]
        why: Why,
    },
    /// End a hold: every later step moves later by the days held.
    Resume {
        /// First day no longer held (YYYY-MM-DD) [default: today].
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
        #[command(flatten)]
        why: Why,
    },
    /// Re-plan from a day on (default today): a new start dose, pace or method; the log
    /// and every day before stay as they are.
    #[command(group(clap::ArgGroup::new("from_dose").args(["dose", "actual"]).required(true)))]
    #[command(group(clap::ArgGroup::new("length").args(["end", "weeks", "percent"]).required(true)))]
    Replan(ReplanArgs),
    /// A planned break: target 0 for N days, then the taper goes on, every later step
    /// moved later by N days.
    Break {
        /// First day of the break (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        /// Length of the break in days.
        #[arg(long)]
        days: u32,
        /// Daily dose after the break [default: the dose in force before it].
        #[arg(long, value_parser = parse_dose)]
        resume_dose: Option<Dose>,
        #[command(flatten)]
        why: Why,
    },
    /// Every change made to the plan: date, kind, reason, sign-off.
    History {
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Record how a plan day felt: each measure 0–10 (at least one); a second check-in of
    /// the same day updates the fields given.
    #[command(group(clap::ArgGroup::new("measure").multiple(true).required(true)
        .args(["withdrawal", "pain", "craving", "mood", "sleep", "effect", "note"])))]
    Checkin(CheckinArgs),
    /// Per plan day: the target, the doses (time, amount, product, note), the check-in
    /// and any change to the plan.
    Journal {
        /// First day (YYYY-MM-DD) [default: the plan's start].
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD) [default: today].
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Each product logged: days used, total, last used, mean effect rating.
    Products {
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Make NAME the default plan.
    Use { name: String },
    /// Move a plan to <data-dir>/archive/ (never deleted; `list --all` shows it).
    Archive { name: String },
    /// Rename a plan file (its log and changes go with it).
    Rename { old: String, new: String },
    /// Export the plan, its schedule and its log: a spreadsheet (csv), data (json), a
    /// calendar (ics) or a report for a clinician (md, html).
    Export(ExportArgs),
    /// Add past doses to the plan from a CSV file with the header `at,amount` (optionally
    /// followed by `product,note`).
    Import {
        /// The CSV file.
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
        /// Check the file and say what would be added; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Where the plan stands today; `--short` prints one line for a shell prompt.
    Status {
        /// One line, e.g. `kratom 4/9.75 g · step 3/10`; nothing when there is no plan.
        #[arg(long)]
        short: bool,
    },
    /// Print the man page (roff), e.g. `taper man > ~/.local/share/man/man1/taper.1`.
    Man,
    /// Print a shell completion script, e.g. `taper completions bash > ~/.local/share/bash-completion/completions/taper`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Why a change was made, and who agreed to it.
#[derive(Debug, Args, Clone, Default)]
pub struct Why {
    /// Why (kept in the plan file and shown by `taper history`).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// A clinician who agreed to the change.
    #[arg(long, value_name = "NAME")]
    pub signed_off_by: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The plan day (YYYY-MM-DD) [default: today].
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Withdrawal: 0 none … 10 severe.
    #[arg(long, value_parser = rating)]
    pub withdrawal: Option<u8>,
    /// Pain: 0 none … 10 severe.
    #[arg(long, value_parser = rating)]
    pub pain: Option<u8>,
    /// Craving: 0 none … 10 strong.
    #[arg(long, value_parser = rating)]
    pub craving: Option<u8>,
    /// Mood: 0 low … 10 good.
    #[arg(long, value_parser = rating)]
    pub mood: Option<u8>,
    /// Sleep: 0 poor … 10 good.
    #[arg(long, value_parser = rating)]
    pub sleep: Option<u8>,
    /// How well the usual dose worked: 0 not at all … 10 fully.
    #[arg(long, value_parser = rating)]
    pub effect: Option<u8>,
    /// A free note.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// Scheduled days off, for `new` and `replan`.
#[derive(Debug, Args, Clone, Default)]
pub struct OffArgs {
    /// Weekdays off (target 0), e.g. mon,thu.
    #[arg(long, value_name = "DAYS", value_parser = parse_off_days)]
    pub off_days: Option<OffDays>,
    /// A cycle of days on and off from the first day, e.g. 5on2off.
    #[arg(long, value_name = "NonMoff", value_parser = parse_pattern)]
    pub pattern: Option<Pattern>,
}

/// The weekdays of `--off-days` (a newtype: clap reads a `Vec` as repeated values).
#[derive(Debug, Clone, Default)]
pub struct OffDays(pub Vec<chrono::Weekday>);

#[derive(Debug, Args)]
pub struct ReplanArgs {
    /// First day of the new plan (YYYY-MM-DD) [default: today].
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Daily dose the new plan starts from.
    #[arg(long, value_parser = parse_dose)]
    pub dose: Option<Dose>,
    /// Start from the mean daily total logged over the last 3 logged days (rounded up).
    #[arg(long)]
    pub actual: bool,
    /// First day at the target dose (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Length in weeks from --from.
    #[arg(long)]
    pub weeks: Option<u32>,
    /// Cut P % of the current dose each step (the percent method); the end follows.
    #[arg(long, allow_negative_numbers = true)]
    pub percent: Option<f64>,
    /// How the dose steps down [default: the method in force].
    #[arg(long, value_enum)]
    pub method: Option<Method>,
    /// Days between steps [default: as before].
    #[arg(long)]
    pub step_days: Option<u32>,
    /// Measurable unit [default: as before].
    #[arg(long, value_parser = parse_dose)]
    pub round_to: Option<Dose>,
    /// Doses a day [default: as before].
    #[arg(long)]
    pub doses_per_day: Option<u32>,
    /// The plan's own ceiling: at most PERCENT % of the current dose per --per-days days;
    /// replaces the class's paces in the audit [default: as before].
    #[arg(long, value_name = "PERCENT")]
    pub max_cut: Option<f64>,
    /// Days the --max-cut ceiling is measured over [default: each step].
    #[arg(long, value_name = "N", requires = "max_cut")]
    pub per_days: Option<u32>,
    #[command(flatten)]
    pub off: OffArgs,
    #[command(flatten)]
    pub why: Why,
}

/// `taper export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE (atomically, mode 0600) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// First day to include (YYYY-MM-DD) [default: the plan's start].
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day to include (YYYY-MM-DD) [default: the plan's end].
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// csv: one row per logged dose (`at,amount,unit,product,note`) instead of per day.
    #[arg(long)]
    pub doses: bool,
    /// ics: also a daily event at each planned dose time, with an alarm.
    #[arg(long)]
    pub reminders: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Ics,
    Md,
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Text,
    Json,
}

pub(super) fn rating(text: &str) -> Result<u8, String> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|v| *v <= crate::core::checkin::MAX)
        .ok_or_else(|| format!("'{text}' is not a rating; write a whole number from 0 to 10"))
}

pub(super) fn parse_off_days(text: &str) -> Result<OffDays, String> {
    crate::core::pattern::parse_weekdays(text).map(OffDays)
}

pub(super) fn parse_pattern(text: &str) -> Result<Pattern, String> {
    Pattern::parse(text)
        .ok_or_else(|| format!("'{text}' is not a pattern; write days on and off, e.g. 5on2off"))
}

pub(super) fn parse_dose(text: &str) -> Result<Dose, String> {
    text.parse::<Dose>().map_err(|e| e.to_string())
}

pub(super) fn parse_form(text: &str) -> Result<crate::core::forms::Form, String> {
    crate::core::forms::Form::parse(text)
}

pub(super) fn parse_time(text: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| format!("'{text}' is not a time; write HH:MM, e.g. 04:00"))
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date; write YYYY-MM-DD, e.g. 2027-01-04"))
}
