//! The command line, as clap sees it. Every subcommand is a thin call into `core`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::Dose;

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
  NO_COLOR        draw the interface without colour

Examples:
  taper new kratom --unit g --start-dose 12 --target-dose 0 --start 2027-01-04 --weeks 10 \\
        --round-to 0.25 --doses-per-day 3 --substance kratom --class kratom
  taper today
  taper log 4 --product \"Red Bali\"
  taper show --format csv";

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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a plan file in the data dir and make it the default plan.
    New(NewArgs),
    /// Print the daily schedule, start to end.
    Show {
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
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
    List,
    /// Check a plan file (default: the selected plan); exit 0 when it is fine.
    Check {
        /// Path to a plan file.
        file: Option<PathBuf>,
    },
    /// Print a shell completion script, e.g. `taper completions bash > ~/.local/share/bash-completion/completions/taper`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Equal absolute cuts per step.
    Linear,
    /// Each step cuts P % of the current dose.
    Percent,
    /// Equal steps of receptor occupancy: smaller cuts near the end.
    Hyperbolic,
    /// Explicit steps from --steps.
    Ladder,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ClassArg {
    Opioid,
    Benzodiazepine,
    Antidepressant,
    Kratom,
    Stimulant,
    Other,
}

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
    pub method: Option<MethodArg>,
    /// Days between steps (every method but ladder).
    #[arg(long, default_value_t = 7)]
    pub step_days: u32,
    /// Measurable unit (e.g. 0.25): the start dose is kept, every later target is a multiple of it.
    #[arg(long, value_parser = parse_dose)]
    pub round_to: Option<Dose>,
    /// Doses a day; the daily target is split between them.
    #[arg(long, default_value_t = 1)]
    pub doses_per_day: u32,
    /// What is tapered, in your words.
    #[arg(long, default_value = "")]
    pub substance: String,
    /// Substance class; picks the guideline pace the step check uses.
    #[arg(long, value_enum, default_value_t = ClassArg::Other)]
    pub class: ClassArg,
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
    /// Replace an existing plan of the same name.
    #[arg(long)]
    pub force: bool,
}

fn parse_dose(text: &str) -> Result<Dose, String> {
    text.parse::<Dose>().map_err(|e| e.to_string())
}

fn parse_time(text: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| format!("'{text}' is not a time; write HH:MM, e.g. 04:00"))
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{text}' is not a date; write YYYY-MM-DD, e.g. 2027-01-04"))
}
