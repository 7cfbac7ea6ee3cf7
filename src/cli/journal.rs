//! `taper checkin`, `taper journal` and `taper products`.

use std::io::Write;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

use super::args::{CheckinArgs, TextFormat};
use super::output::write_json;
use super::{Cli, load_selected};
use crate::core::checkin::{CheckIn, Measure};
use crate::core::clock::Clock;
use crate::core::journal::{self, JournalDay};
use crate::core::store::{self, Store};
use crate::core::text::printable;
use crate::core::{Dose, StepKind, StoreError};

/// `taper checkin`.
pub fn checkin(
    store: &Store,
    cli: &Cli,
    clock: &Clock,
    args: &CheckinArgs,
    out: &mut impl Write,
) -> Result<()> {
    let path = store.resolve(cli.plan.as_deref())?;
    let now = clock.now();
    let (saved, _) = store::modify(&path, |plan| {
        let today = plan.day_of(now);
        let date = args.date.unwrap_or(today);
        if date > today {
            return Err(StoreError::Invalid(format!(
                "--date {date} is in the future; check in on the day or after it"
            )));
        }
        let mut given = CheckIn::new(date);
        for (m, v) in [
            (Measure::Withdrawal, args.withdrawal),
            (Measure::Pain, args.pain),
            (Measure::Craving, args.craving),
            (Measure::Mood, args.mood),
            (Measure::Sleep, args.sleep),
            (Measure::Effect, args.effect),
        ] {
            given.set(m, v);
        }
        given.note.clone_from(&args.note);
        if given.is_empty() {
            return Err(StoreError::Invalid(
                "give at least one measure, e.g. --withdrawal 4".into(),
            ));
        }
        Ok(plan.record_checkin(&given))
    })?;
    writeln!(out, "check-in {}: {}", saved.date, saved.summary())?;
    Ok(())
}

#[derive(Serialize)]
struct DayJson<'a> {
    date: String,
    target: Option<Dose>,
    off: bool,
    hold: bool,
    #[serde(rename = "break")]
    on_break: bool,
    taken: Dose,
    doses: Vec<DoseJson<'a>>,
    checkin: Option<&'a CheckIn>,
    amendments: Vec<AmendmentJson<'a>>,
}

#[derive(Serialize)]
struct DoseJson<'a> {
    time: String,
    amount: Dose,
    product: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct AmendmentJson<'a> {
    kind: &'static str,
    reason: Option<&'a str>,
    signed_off_by: Option<&'a str>,
}

fn day_json<'a>(day: &JournalDay<'a>) -> DayJson<'a> {
    DayJson {
        date: day.date.to_string(),
        target: day.target,
        off: day.off,
        hold: day.kind == Some(StepKind::Hold),
        on_break: day.kind == Some(StepKind::Break),
        taken: day.taken(),
        doses: day
            .doses
            .iter()
            .map(|d| DoseJson {
                time: d.at.format("%Y-%m-%dT%H:%M").to_string(),
                amount: d.amount,
                product: d.product.as_deref(),
                note: d.note.as_deref(),
            })
            .collect(),
        checkin: day.checkin,
        amendments: day
            .amendments
            .iter()
            .map(|a| AmendmentJson {
                kind: a.change.kind().name(),
                reason: a.reason.as_deref(),
                signed_off_by: a.signed_off_by.as_deref(),
            })
            .collect(),
    }
}

/// `taper journal`.
pub fn journal(
    store: &Store,
    cli: &Cli,
    clock: &Clock,
    range: (Option<NaiveDate>, Option<NaiveDate>),
    format: TextFormat,
    out: &mut impl Write,
) -> Result<()> {
    let l = load_selected(store, cli, clock)?;
    let from = range.0.unwrap_or_else(|| journal::first_day(&l.plan));
    let to = range.1.unwrap_or(l.today);
    if to < from {
        bail!("--to {to} is before --from {from}");
    }
    if (to - from).num_days() > crate::core::segment::MAX_DAYS {
        bail!(
            "ask for at most {} days at once",
            crate::core::segment::MAX_DAYS
        );
    }
    let days = journal::days(&l.plan, &l.schedule, from, to);
    if format == TextFormat::Json {
        let days: Vec<DayJson> = days.iter().map(day_json).collect();
        return write_json(out, &days);
    }
    let unit = printable(&l.plan.unit);
    for day in &days {
        let target = match (day.target, day.kind) {
            (Some(_), Some(_)) if day.off => "off".to_string(),
            (Some(t), Some(StepKind::Hold)) => format!("target {t} {unit} (held)"),
            (Some(_), Some(StepKind::Break)) => "break".to_string(),
            (Some(t), Some(StepKind::Taper) | None) => format!("target {t} {unit}"),
            (None, _) => "before the plan".to_string(),
        };
        writeln!(
            out,
            "{} · {target} · taken {} {unit}",
            day.date,
            day.taken()
        )?;
        for d in &day.doses {
            let product = d
                .product
                .as_deref()
                .map(|p| format!(" · {}", printable(p)))
                .unwrap_or_default();
            let note = d
                .note
                .as_deref()
                .map(|n| format!(" · {}", printable(n)))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}  {} {unit}{product}{note}",
                d.at.format("%H:%M"),
                d.amount
            )?;
        }
        if let Some(c) = day.checkin {
            writeln!(out, "  check-in: {}", printable(&c.summary()))?;
        }
        for a in &day.amendments {
            let reason = a
                .reason
                .as_deref()
                .map(|r| format!(": {}", printable(r)))
                .unwrap_or_default();
            writeln!(out, "  plan change: {}{reason}", a.change.kind().name())?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ProductJson<'a> {
    name: &'a str,
    days_used: u32,
    total: Dose,
    last_used: String,
    mean_effect: Option<f64>,
}

/// `taper products`.
pub fn products(
    store: &Store,
    cli: &Cli,
    clock: &Clock,
    format: TextFormat,
    out: &mut impl Write,
) -> Result<()> {
    let l = load_selected(store, cli, clock)?;
    let products = journal::products(&l.plan);
    if format == TextFormat::Json {
        let list: Vec<ProductJson> = products
            .iter()
            .map(|p| ProductJson {
                name: &p.name,
                days_used: p.days_used,
                total: p.total,
                last_used: p.last_used.format("%Y-%m-%dT%H:%M").to_string(),
                mean_effect: p.mean_effect.map(|m| (m * 10.0).round() / 10.0),
            })
            .collect();
        return write_json(out, &list);
    }
    if products.is_empty() {
        writeln!(
            out,
            "no products logged yet; name one with `taper log AMOUNT --product NAME`"
        )?;
        return Ok(());
    }
    let unit = printable(&l.plan.unit);
    for p in &products {
        let effect = p
            .mean_effect
            .map_or("no effect rating".to_string(), |m| format!("effect {m:.1}"));
        writeln!(
            out,
            "{} · {} day(s) · {} {unit} · last {} · {effect}",
            printable(&p.name),
            p.days_used,
            p.total,
            p.last_used.format("%Y-%m-%d %H:%M"),
        )?;
    }
    Ok(())
}
