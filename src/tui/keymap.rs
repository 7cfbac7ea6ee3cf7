//! The one binding table: every key, the action it triggers, where it applies, its help
//! text and whether the footer shows it. Keys, footer and help are all generated from it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Global,
    FirstRun,
    Today,
    Schedule,
    Progress,
    Calendar,
    Help,
    Wizard,
    Dialog,
    /// The amount dialog asking to confirm an unusually large amount.
    ConfirmAmount,
    /// The hold / resume / break dialog.
    AmendDialog,
    /// The plan switcher (`p`).
    Switcher,
    /// The check-in form (`c`).
    CheckIn,
    /// The detail of a Schedule day.
    DayDetail,
}

impl Context {
    /// Contexts in the order help lists them.
    pub const ALL: [Context; 14] = [
        Context::Global,
        Context::FirstRun,
        Context::Today,
        Context::Schedule,
        Context::Progress,
        Context::Calendar,
        Context::Help,
        Context::Switcher,
        Context::Wizard,
        Context::Dialog,
        Context::ConfirmAmount,
        Context::AmendDialog,
        Context::CheckIn,
        Context::DayDetail,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::FirstRun => "First run",
            Context::Today => "Today",
            Context::Schedule => "Schedule",
            Context::Progress => "Progress",
            Context::Calendar => "Calendar",
            Context::Help => "Help",
            Context::Wizard => "New plan (wizard)",
            Context::Dialog => "Amount dialog",
            Context::ConfirmAmount => "Amount dialog, a large amount",
            Context::AmendDialog => "Hold / break dialog",
            Context::Switcher => "Plans (switcher)",
            Context::CheckIn => "Check-in form",
            Context::DayDetail => "Day detail (Schedule)",
        }
    }
}

/// What a person asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    ShowToday,
    ShowSchedule,
    ShowProgress,
    ShowCalendar,
    NextScreen,
    PreviousScreen,
    ToggleHelp,
    NewPlan,
    OpenDemo,
    Up,
    Down,
    PageUp,
    PageDown,
    ToggleDose,
    LogAmount,
    Undo,
    JumpToToday,
    ToggleStepRows,
    EditDay,
    Confirm,
    Cancel,
    DeleteChar,
    /// Hold from today, or resume when a hold is open.
    HoldOrResume,
    /// Re-plan from today through the wizard.
    Replan,
    /// Plan a break from the substance.
    Break,
    /// Open the plan switcher.
    SwitchPlan,
    /// Next field of a dialog.
    NextField,
    /// Open the check-in form for today.
    CheckIn,
    /// Move the selected tick to another time.
    Retime,
    /// Show the detail of the selected Schedule day.
    DayDetail,
    /// Chart the next check-in measure on Progress (or all of them).
    NextMeasure,
    /// Progress: cycle the chart's span (4 weeks, 3 months, the whole plan).
    Zoom,
    /// Calendar: the day before / after.
    Left,
    Right,
    /// Calendar: the month before / after.
    PreviousMonth,
    NextMonth,
    /// Calendar: open the selected day on Schedule.
    OpenDay,
    /// A key handled by the form it is typed into (wizard fields, the amount dialog);
    /// listed for the help screen.
    FormKey,
}

/// A key and the modifiers it must carry (Shift is ignored for characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyMatch {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(code: KeyCode) -> KeyMatch {
    KeyMatch {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> KeyMatch {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> KeyMatch {
    KeyMatch {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub context: Context,
    /// How help and the footer write the keys.
    pub keys: &'static str,
    pub matches: &'static [KeyMatch],
    pub action: Action,
    pub help: &'static str,
    /// Short footer label, when the footer shows this binding.
    pub footer: Option<&'static str>,
}

const fn bind(
    context: Context,
    keys: &'static str,
    matches: &'static [KeyMatch],
    action: Action,
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        matches,
        action,
        help,
        footer,
    }
}

use Action as A;
use Context as C;
use KeyCode as K;

/// THE table.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(C::Global, "1", &[ch('1')], A::ShowToday, "Today: today's doses", None),
    bind(C::Global, "2", &[ch('2')], A::ShowSchedule, "Schedule: every day of the plan", None),
    bind(C::Global, "3", &[ch('3')], A::ShowProgress, "Progress: planned vs taken", None),
    bind(C::Global, "4", &[ch('4')], A::ShowCalendar, "Calendar: a month at a time", None),
    bind(C::Global, "Tab", &[key(K::Tab)], A::NextScreen, "next screen (or click the tab bar)", None),
    bind(C::Global, "Shift-Tab", &[key(K::BackTab)], A::PreviousScreen, "previous screen", None),
    bind(C::Global, "j ↓", &[ch('j'), key(K::Down)], A::Down, "move down (mouse wheel too)", None),
    bind(C::Global, "k ↑", &[ch('k'), key(K::Up)], A::Up, "move up (mouse wheel too)", None),
    bind(C::Global, "PgDn", &[key(K::PageDown)], A::PageDown, "move down a page", None),
    bind(C::Global, "PgUp", &[key(K::PageUp)], A::PageUp, "move up a page", None),
    bind(C::Global, "u", &[ch('u')], A::Undo, "undo the last change", Some("undo")),
    bind(C::Global, "n", &[ch('n')], A::NewPlan, "new plan (wizard)", None),
    bind(C::Global, "r", &[ch('r')], A::Replan, "re-plan from today (wizard, keeps the log)", None),
    bind(C::Global, "p", &[ch('p')], A::SwitchPlan, "plans: switch to another plan", Some("plans")),
    bind(C::Global, "?", &[ch('?')], A::ToggleHelp, "help: every key", Some("help")),
    bind(C::Global, "q Ctrl-c", &[ch('q'), ctrl('c')], A::Quit, "quit (every change is already saved)", Some("quit")),
    bind(C::FirstRun, "n", &[ch('n')], A::NewPlan, "create a plan with the wizard", Some("new plan")),
    bind(C::FirstRun, "d", &[ch('d')], A::OpenDemo, "open the demo plan", Some("demo")),
    bind(C::Today, "space Enter", &[ch(' '), key(K::Enter)], A::ToggleDose, "tick / untick the selected dose", Some("tick")),
    bind(C::Today, "a", &[ch('a')], A::LogAmount, "log a different amount now", Some("amount")),
    bind(C::Today, "h", &[ch('h')], A::HoldOrResume, "hold at today's dose / resume the taper (asks for a reason)", Some("hold/resume")),
    bind(C::Today, "b", &[ch('b')], A::Break, "plan a break from the substance (days, resume dose)", None),
    bind(C::Today, "t", &[ch('t')], A::Retime, "change the time of the selected tick", None),
    bind(C::Today, "c", &[ch('c')], A::CheckIn, "check in: rate withdrawal, pain, craving, mood, sleep, effect; a note", None),
    bind(C::Schedule, "Enter", &[key(K::Enter)], A::DayDetail, "the selected day: doses, notes, check-in (✎ marks a note)", None),
    bind(C::Schedule, "t", &[ch('t')], A::JumpToToday, "jump to today", Some("today")),
    bind(C::Schedule, "s", &[ch('s')], A::ToggleStepRows, "one row per day / per step", Some("days/steps")),
    bind(C::Schedule, "e", &[ch('e')], A::EditDay, "enter the amount taken on a past day", Some("edit day")),
    bind(C::Progress, "j k", &[], A::Down, "move through the weekly summary", None),
    bind(C::Progress, "m", &[ch('m')], A::NextMeasure, "check-in chart: next measure, then all of them", None),
    bind(C::Progress, "z", &[ch('z')], A::Zoom, "zoom the chart: 4 weeks, 3 months, whole plan", Some("zoom")),
    bind(C::Calendar, "←", &[key(K::Left)], A::Left, "the day before", None),
    bind(C::Calendar, "→", &[key(K::Right)], A::Right, "the day after", None),
    bind(C::Calendar, "↑ ↓", &[], A::Down, "a week before / after", None),
    bind(C::Calendar, "[", &[ch('[')], A::PreviousMonth, "the month before", Some("month")),
    bind(C::Calendar, "]", &[ch(']')], A::NextMonth, "the month after", None),
    bind(C::Calendar, "t", &[ch('t')], A::JumpToToday, "back to today", Some("today")),
    bind(C::Calendar, "Enter", &[key(K::Enter)], A::OpenDay, "open the day on Schedule", Some("open day")),
    bind(C::Help, "Esc ?", &[key(K::Esc), ch('?')], A::ToggleHelp, "close help", Some("close")),
    bind(C::Switcher, "j ↓", &[ch('j'), key(K::Down)], A::Down, "next plan", None),
    bind(C::Switcher, "k ↑", &[ch('k'), key(K::Up)], A::Up, "previous plan", None),
    bind(C::Switcher, "Enter", &[key(K::Enter)], A::Confirm, "open it (and make it the default)", Some("open")),
    bind(C::Switcher, "Esc p", &[key(K::Esc), ch('p')], A::Cancel, "close the list", Some("close")),
    bind(C::Switcher, "q", &[ch('q'), ctrl('c')], A::Quit, "quit", Some("quit")),
    bind(C::Wizard, "Tab ↓", &[], A::FormKey, "next field", None),
    bind(C::Wizard, "Shift-Tab ↑", &[], A::FormKey, "previous field", None),
    bind(C::Wizard, "← →", &[], A::FormKey, "change a choice", None),
    bind(C::Wizard, "Enter", &[], A::FormKey, "next field (saves the plan on the last)", None),
    bind(C::Wizard, "Esc", &[], A::FormKey, "cancel (asks first if anything was typed)", None),
    bind(C::Dialog, "0-9 .", &[], A::FormKey, "type the amount", None),
    bind(C::Dialog, "Enter", &[key(K::Enter)], A::Confirm, "save the amount (empty: clear the day)", Some("save")),
    bind(C::Dialog, "Esc", &[key(K::Esc)], A::Cancel, "close without saving", Some("cancel")),
    bind(C::Dialog, "Backspace", &[key(K::Backspace)], A::DeleteChar, "delete a character", None),
    bind(C::ConfirmAmount, "y", &[ch('y'), ch('Y')], A::Confirm, "yes: log the amount as typed", Some("log it")),
    bind(C::ConfirmAmount, "n Esc", &[ch('n'), ch('N'), key(K::Esc)], A::Cancel, "no: back to the amount to correct it", Some("correct it")),
    bind(C::Dialog, "Tab ↓ ↑", &[], A::FormKey, "logging a dose: time (empty: now), product, note", None),
    bind(C::Dialog, "← →", &[], A::FormKey, "on the product: the products used before", None),
    bind(C::Dialog, "y n", &[], A::FormKey, "a dose sooner than the plan's minimum gap: log it or not", None),
    bind(C::CheckIn, "↑ ↓ Tab", &[], A::FormKey, "next / previous measure, then the note", None),
    bind(C::CheckIn, "← → 0-9", &[], A::FormKey, "set the rating (0 to 10; 1 then 0 is 10)", None),
    bind(C::CheckIn, "Backspace", &[], A::FormKey, "clear the rating (on the note: delete a character)", None),
    bind(C::CheckIn, "Enter", &[], A::FormKey, "save the day's check-in", None),
    bind(C::CheckIn, "Esc", &[], A::FormKey, "close without saving", None),
    bind(C::DayDetail, "Esc Enter", &[key(K::Esc), key(K::Enter)], A::Cancel, "close the day", Some("close")),
    bind(C::DayDetail, "j k ↑ ↓", &[], A::Down, "the next / previous day", None),
    bind(C::AmendDialog, "text", &[], A::FormKey, "type the reason (optional), days, dose", None),
    bind(C::AmendDialog, "Tab ↓ ↑", &[key(K::Tab), key(K::Down), key(K::Up), key(K::BackTab)], A::NextField, "next field", Some("next field")),
    bind(C::AmendDialog, "Enter", &[key(K::Enter)], A::Confirm, "save it as an amendment to the plan", Some("save")),
    bind(C::AmendDialog, "Esc", &[key(K::Esc)], A::Cancel, "close without saving", Some("cancel")),
    bind(C::AmendDialog, "Backspace", &[key(K::Backspace)], A::DeleteChar, "delete a character", None),
];

fn matches(m: &KeyMatch, event: &KeyEvent) -> bool {
    let mods = event.modifiers - KeyModifiers::SHIFT;
    let wanted = m.modifiers - KeyModifiers::SHIFT;
    m.code == event.code && (mods == wanted || (matches!(m.code, K::BackTab) && mods.is_empty()))
}

/// The action of a key in the given contexts, tried in order.
pub fn action_for(contexts: &[Context], event: &KeyEvent) -> Option<Action> {
    contexts.iter().find_map(|context| {
        BINDINGS
            .iter()
            .filter(|b| b.context == *context)
            .find(|b| b.matches.iter().any(|m| matches(m, event)))
            .map(|b| b.action)
    })
}

/// The bindings of a context.
pub fn bindings_of(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context)
}

/// `(keys, label)` pairs the footer shows for these contexts.
pub fn footer(contexts: &[Context]) -> Vec<(&'static str, &'static str, Action)> {
    let mut seen: Vec<Action> = Vec::new();
    let mut out = Vec::new();
    for context in contexts {
        for b in bindings_of(*context) {
            if let Some(label) = b.footer
                && !seen.contains(&b.action)
            {
                seen.push(b.action);
                out.push((b.keys, label, b.action));
            }
        }
    }
    out
}
