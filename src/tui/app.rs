//! The state of the interface: plain data, changed only by `update`.

use chrono::{NaiveDate, NaiveDateTime};

use super::amend::AmendDialog;
use super::checkin::CheckInForm;
use super::dose_fields::DoseFields;
use super::keymap::Context;
pub use super::open_plan::OpenPlan;
use super::retime::{GapConfirm, RetimeDialog};
use super::switcher::Switcher;
use super::theme::Theme;
use super::wizard::Wizard;
use crate::core::{Amendment, Change, DayStatus};

/// The screens of an open plan, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Today,
    Schedule,
    Progress,
    Calendar,
}

impl Screen {
    pub const ALL: [Screen; 4] = [
        Screen::Today,
        Screen::Schedule,
        Screen::Progress,
        Screen::Calendar,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Today => "Today",
            Screen::Schedule => "Schedule",
            Screen::Progress => "Progress",
            Screen::Calendar => "Calendar",
        }
    }

    /// The title on a narrow terminal.
    pub fn short_title(self) -> &'static str {
        match self {
            Screen::Today => "Today",
            Screen::Schedule => "Sched",
            Screen::Progress => "Prog",
            Screen::Calendar => "Cal",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Screen::Today => 0,
            Screen::Schedule => 1,
            Screen::Progress => 2,
            Screen::Calendar => 3,
        }
    }

    pub fn from_index(index: usize) -> Screen {
        Screen::ALL
            .get(index % Screen::ALL.len())
            .copied()
            .unwrap_or_default()
    }
}

/// How much of the plan the Progress chart shows (`z` cycles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Zoom {
    /// The whole plan.
    #[default]
    Whole,
    /// Four weeks around today.
    FourWeeks,
    /// Three months around today.
    ThreeMonths,
}

impl Zoom {
    /// The next zoom: whole plan → 4 weeks → 3 months → whole plan.
    pub fn next(self) -> Zoom {
        match self {
            Zoom::Whole => Zoom::FourWeeks,
            Zoom::FourWeeks => Zoom::ThreeMonths,
            Zoom::ThreeMonths => Zoom::Whole,
        }
    }

    /// Days shown (`None`: all).
    pub fn days(self) -> Option<usize> {
        match self {
            Zoom::Whole => None,
            Zoom::FourWeeks => Some(28),
            Zoom::ThreeMonths => Some(91),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Zoom::Whole => "the whole plan",
            Zoom::FourWeeks => "4 weeks",
            Zoom::ThreeMonths => "3 months",
        }
    }
}

/// What the data dir gave us.
#[derive(Clone, Debug)]
pub enum Document {
    /// Nothing loaded yet.
    Loading,
    /// No plan in the data dir: the first-run screen.
    NoPlans,
    /// The plan could not be read (shown as `PATH:LINE:COL: message`); nothing is written.
    Failed(String),
    Open(Box<OpenPlan>),
}

/// The small input dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialog {
    pub purpose: DialogPurpose,
    pub input: String,
    pub error: Option<String>,
    /// The input holds a suggested value: the first digit typed replaces it (whatever
    /// keys came before).
    pub prefilled: bool,
    /// An unusually large amount waiting for y/n before it is saved.
    pub pending: Option<crate::core::Dose>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    /// Log an amount now (ticking the given planned dose, if open).
    LogAmount { slot: Option<u32> },
    /// Set the total taken on a past day.
    DayTotal { date: NaiveDate },
}

/// What owns the keys right now.
#[derive(Clone, Debug, Default)]
pub enum Mode {
    #[default]
    Browse,
    Help,
    Dialog(Dialog),
    /// The hold / resume / break dialog.
    Amend(AmendDialog),
    /// The plan switcher.
    Switcher(Switcher),
    /// The check-in form (`c` on Today).
    CheckIn(CheckInForm),
    /// The detail of the selected Schedule day (Enter on Schedule).
    DayDetail,
    /// The time of a tick (`t` on Today).
    Retime(RetimeDialog),
    /// A dose sooner than the minimum gap: log it anyway?
    ConfirmGap(GapConfirm),
    Wizard(Box<Wizard>),
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Why a save was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveKind {
    Change,
    Undo,
}

/// A change saved in this session that `u` can take back.
#[derive(Clone, Debug, PartialEq)]
pub enum Undoable {
    /// Doses logged or removed.
    Log(Change),
    /// An amendment added (hold, resume, re-plan, break): undo removes it again.
    Amendment(Amendment),
    /// A day's check-in saved over `previous` (`None`: there was none): undo puts that back.
    CheckIn {
        previous: Option<crate::core::CheckIn>,
        saved: crate::core::CheckIn,
    },
}

/// The whole state.
#[derive(Clone, Debug)]
pub struct App {
    pub now: NaiveDateTime,
    pub today: NaiveDate,
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    pub screen: Screen,
    pub mode: Mode,
    pub document: Document,
    /// Selected planned dose on Today (index into the day's slots).
    pub dose_cursor: usize,
    /// Selected row on Schedule.
    pub schedule_cursor: usize,
    pub schedule_by_step: bool,
    /// Selected week on Progress.
    pub week_cursor: usize,
    /// The check-in measure Progress charts (`None`: all of them).
    pub chart_measure: Option<crate::core::Measure>,
    /// Progress's lower panel shows the products instead of the check-in chart.
    pub show_products: bool,
    /// On a short terminal Progress shows its lower panel only once `m` asked for it.
    pub chart_panel: bool,
    /// The amount dialog's optional time, product and note (`a` on Today).
    pub dose_fields: DoseFields,
    /// The span the Progress chart shows.
    pub zoom: Zoom,
    /// Selected day on Calendar.
    pub calendar_day: NaiveDate,
    /// When a day begins in new plans (the config's `day_starts`), for the wizard.
    pub day_starts: Option<chrono::NaiveTime>,
    pub help_scroll: usize,
    /// Changes saved in this session, newest last; `u` undoes the last one.
    pub undo: Vec<Undoable>,
    pub status: Option<Status>,
    pub quitting: bool,
}

impl App {
    pub fn new(now: NaiveDateTime, theme: Theme, width: u16, height: u16) -> App {
        App {
            now,
            today: now.date(),
            theme,
            width,
            height,
            screen: Screen::Today,
            mode: Mode::Browse,
            document: Document::Loading,
            dose_cursor: 0,
            schedule_cursor: 0,
            schedule_by_step: false,
            week_cursor: 0,
            chart_measure: None,
            show_products: false,
            chart_panel: false,
            dose_fields: DoseFields::default(),
            zoom: Zoom::Whole,
            calendar_day: now.date(),
            day_starts: None,
            help_scroll: 0,
            undo: Vec::new(),
            status: None,
            quitting: false,
        }
    }

    /// The binding contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match (&self.mode, &self.document) {
            (Mode::Wizard(_), _) => vec![Context::Wizard],
            (Mode::Dialog(d), _) if d.pending.is_some() => vec![Context::ConfirmAmount],
            (Mode::Dialog(_), _) => vec![Context::Dialog],
            (Mode::Amend(_), _) => vec![Context::AmendDialog],
            (Mode::Switcher(_), _) => vec![Context::Switcher],
            (Mode::CheckIn(_), _) => vec![Context::CheckIn],
            (Mode::DayDetail, _) => vec![Context::DayDetail, Context::Global],
            (Mode::Retime(_) | Mode::ConfirmGap(_), _) => vec![Context::Dialog],
            (Mode::Help, _) => vec![Context::Help, Context::Global],
            (_, Document::NoPlans) => vec![Context::FirstRun, Context::Global],
            (_, Document::Open(_)) => {
                let screen = match self.screen {
                    Screen::Today => Context::Today,
                    Screen::Schedule => Context::Schedule,
                    Screen::Progress => Context::Progress,
                    Screen::Calendar => Context::Calendar,
                };
                vec![screen, Context::Global]
            }
            _ => vec![Context::Global],
        }
    }

    /// Set the clock; today is the open plan's day (see `Plan::day_starts`).
    pub fn set_clock(&mut self, now: NaiveDateTime) {
        self.now = now;
        self.today = self
            .open_plan()
            .map_or(now.date(), |open| open.plan.day_of(now));
    }

    pub fn open_plan(&self) -> Option<&OpenPlan> {
        match &self.document {
            Document::Open(open) => Some(open),
            _ => None,
        }
    }

    /// Today's status, when a plan is open.
    pub fn today_status(&self) -> Option<DayStatus> {
        self.open_plan().map(|open| open.status(self.today))
    }

    /// Number of rows of the Schedule table in its current shape.
    pub fn schedule_rows(&self) -> usize {
        match self.open_plan() {
            Some(open) if self.schedule_by_step => open.schedule.steps.len(),
            Some(open) => open.schedule.day_count(),
            None => 0,
        }
    }

    /// The Schedule row of today (clamped into the plan).
    pub fn today_row(&self) -> usize {
        let Some(open) = self.open_plan() else {
            return 0;
        };
        if self.schedule_by_step {
            open.schedule
                .step_on(self.today)
                .map_or(0, |s| s.number.saturating_sub(1) as usize)
        } else {
            let days = (self.today - open.schedule.start).num_days().max(0) as usize;
            days.min(open.schedule.day_count().saturating_sub(1))
        }
    }

    /// The date of the selected Schedule row (day rows only).
    pub fn selected_date(&self) -> Option<NaiveDate> {
        let open = self.open_plan()?;
        if self.schedule_by_step {
            return None;
        }
        open.schedule
            .days()
            .nth(self.schedule_cursor)
            .map(|d| d.date)
    }

    pub fn set_status(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    /// An error on the status line: a message of several lines (a file's mistake and its
    /// hint) on one.
    pub fn set_error(&mut self, text: impl Into<String>) {
        let mut one = String::new();
        for line in text.into().lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !one.is_empty() {
                one.push_str(" · ");
            }
            one.push_str(line);
        }
        self.status = Some(Status {
            text: one,
            error: true,
        });
    }
}
