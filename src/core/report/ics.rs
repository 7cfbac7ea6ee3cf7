//! `taper export --format ics`: an iCalendar (RFC 5545) file, written by the `icalendar`
//! crate (CRLF line ends, lines folded at 75 octets, text escaped).
//!
//! Text from the plan file goes through `text::printable` (no control characters).
//!
//! Every component gets its UID and DTSTAMP from here: the crate would otherwise put in a
//! random UUID and the real clock. UIDs are `<what>-<date>[-<time>]-<plan>@taper`, so
//! exporting the same plan again updates the same events instead of adding new ones.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use icalendar::{
    Alarm, Calendar, CalendarDateTime, Component, DatePerhapsTime, Event, EventLike, Property,
    Trigger,
};

use super::Report;
use super::steps::{self, StepRow};
use crate::core::schedule::StepKind;
use crate::core::text::printable;

/// Options of the calendar export.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// A daily event at each planned dose time, with a display alarm at that time.
    pub reminders: bool,
}

/// The calendar as text. `plan_id` (the plan's file name) makes the UIDs unique per plan.
pub fn calendar(report: &Report, plan_id: &str, options: Options) -> String {
    let plan = report.plan;
    let stamp = utc(report.now);
    let unit = printable(&plan.unit);
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//taper//taper export//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.name(&format!("taper: {}", printable(&plan.name)));
    let uid = |what: &str, tail: &str| format!("{what}-{tail}-{plan_id}@taper");
    let rows = steps::rows(report.schedule);
    let count = report.schedule.step_count();
    // A step after a hold's end keeps the dose: no change of dose, no event.
    let changes = rows
        .iter()
        .enumerate()
        .filter(|(i, r)| r.kind != StepKind::Taper || *i == 0 || rows[i - 1].dose != r.dose);
    for (_, row) in changes.filter(|(_, r)| report.contains(r.from)) {
        let day = row.from.format("%Y%m%d").to_string();
        let (summary, last) = match row.kind {
            StepKind::Taper => (
                format!("Step {} of {count}: {} {unit} a day", row.number, row.dose),
                row.from,
            ),
            StepKind::Hold => (
                format!("Hold at {} {unit} a day", row.dose),
                row.to.unwrap_or(row.from),
            ),
            StepKind::Break => (
                format!("Break: {} {unit} a day", row.dose),
                row.to.unwrap_or(row.from),
            ),
        };
        let mut event = Event::new();
        event
            .uid(&uid(super::json::kind_name(row.kind), &day))
            .timestamp(stamp)
            .summary(&summary)
            .description(&description(report, row))
            .starts(DatePerhapsTime::Date(row.from))
            .ends(DatePerhapsTime::Date(next_day(last)));
        cal.push(event.done());
    }
    if options.reminders {
        for row in &rows {
            reminders(&mut cal, report, row, stamp, &uid);
        }
    }
    cal.done().to_string()
}

/// The days of a row within the range, and a recurring event at each dose time.
fn reminders(
    cal: &mut Calendar,
    report: &Report,
    row: &StepRow,
    stamp: DateTime<Utc>,
    uid: &dyn Fn(&str, &str) -> String,
) {
    let unit = printable(&report.plan.unit);
    // The last step goes on from the end: remind until the end of the range.
    let first = row.from.max(report.from);
    let last = row.to.unwrap_or(report.to).min(report.to);
    if last < first {
        return;
    }
    let days = (last - first).num_days() + 1;
    for dose in row.doses.iter().filter(|d| !d.amount.is_zero()) {
        let at = first.and_time(dose.time);
        let summary = format!("Dose {}: {} {unit}", dose.slot, dose.amount);
        let mut event = Event::new();
        event
            .uid(&uid(
                "dose",
                &format!("{}-{}", first.format("%Y%m%d"), dose.time.format("%H%M")),
            ))
            .timestamp(stamp)
            .summary(&summary)
            .starts(CalendarDateTime::Floating(at))
            .ends(CalendarDateTime::Floating(at + Duration::minutes(15)))
            .add_property("RRULE", format!("FREQ=DAILY;COUNT={days}"));
        let mut alarm = Alarm::display(&summary, Trigger::before_start(Duration::zero()));
        // The crate gives every component a DTSTAMP and a UID, random unless set.
        alarm
            .uid(&uid(
                "alarm",
                &format!("{}-{}", first.format("%Y%m%d"), dose.time.format("%H%M")),
            ))
            .timestamp(stamp);
        event.alarm(alarm.done());
        cal.push(event.done());
    }
}

/// What an all-day event says beyond its summary: the doses of a day, and for a hold or
/// break the reason and sign-off.
fn description(report: &Report, row: &StepRow) -> String {
    let unit = printable(&report.plan.unit);
    let mut lines = Vec::new();
    if !row.doses.is_empty() {
        lines.push(format!("Doses: {} ({unit})", row.split_text()));
    }
    if row.kind != StepKind::Taper
        && let Some(a) = steps::amendment_of(report.plan, row)
    {
        if let Some(reason) = &a.reason {
            lines.push(format!("Reason: {}", printable(reason)));
        }
        if let Some(who) = &a.signed_off_by {
            lines.push(format!("Signed off by {}", printable(who)));
        }
    }
    lines.push(crate::core::text::SAFETY_NOTE.to_string());
    lines.join("\n")
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1)).unwrap_or(date)
}

/// A local time as UTC (the local zone's offset at that time; UTC when ambiguous).
fn utc(local: NaiveDateTime) -> DateTime<Utc> {
    use chrono::TimeZone;
    let local = local.date().and_time(trim_seconds(local.time()));
    match chrono::Local.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => Utc.from_utc_datetime(&local),
    }
}

/// DTSTAMP to the minute: two exports in the same minute are byte-identical.
fn trim_seconds(t: NaiveTime) -> NaiveTime {
    NaiveTime::from_hms_opt(chrono::Timelike::hour(&t), chrono::Timelike::minute(&t), 0)
        .unwrap_or(t)
}
