//! TOML ⇄ Plan. Native TOML dates and times; errors located as `PATH:LINE:COL` with a hint.
//!
//! The file has a fixed layout (see README): top-level facts, a `[plan]` table, the dated
//! changes as `[[amendment]]` tables, then the log: `[[checkin]]` tables, then `[[dose]]`
//! tables. When a plan is
//! saved over a file that differs only in its log, the rest of the file — comments
//! included — is kept byte for byte.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use chrono::Datelike;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::dose::Dose;
use super::error::{FileError, Key};
use super::fastlog;
use super::plan::{Class, DoseEntry, Plan};
use super::plan_table::{self, RawTable};

/// The schema version this build writes. Schema 2 added `[[amendment]]` and `[[checkin]]`
/// tables and the `off_days`, `pattern`, `min_gap_minutes` and `hold_threshold` keys.
pub const SCHEMA: i64 = 2;
/// The schema versions this build reads.
pub const READS: std::ops::RangeInclusive<i64> = 1..=SCHEMA;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Spanned<i64>,
    name: Spanned<String>,
    #[serde(default)]
    substance: String,
    class: Option<Spanned<String>>,
    unit: Spanned<String>,
    plan: RawTable,
    #[serde(default)]
    form: Vec<RawForm>,
    #[serde(default)]
    amendment: Vec<RawTable>,
    #[serde(default)]
    checkin: Vec<super::checkin::RawCheckIn>,
    #[serde(default)]
    dose: Vec<RawDose>,
    #[serde(default)]
    log_years: Vec<Spanned<i64>>,
}

/// A `[[form]]` table: a dosage form the doses are made from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    name: Spanned<String>,
    strength: Spanned<Dose>,
    step: Spanned<Dose>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDose {
    at: Spanned<Datetime>,
    amount: Spanned<Dose>,
    product: Option<String>,
    note: Option<String>,
    slot: Option<u32>,
    #[serde(default)]
    warned: bool,
}

mod ctx;
pub(super) use ctx::Ctx;
pub use ctx::line_col;

fn hint_for(message: &str) -> Option<&'static str> {
    if message.contains("invalid date")
        || message.contains("invalid time")
        || message.contains("expected day")
        || message.contains("expected month")
        || message.contains("expected hour")
        || message.contains("expected minute")
        || message.contains("expected second")
    {
        Some("write a real calendar date and time, e.g. 2027-02-28 or 08:30:00")
    } else if message.contains("expected a TOML datetime")
        || message.contains("invalid type: string") && message.contains("datetime")
    {
        Some("dates and times are written without quotes, e.g. start = 2027-01-04")
    } else if message.contains("unknown field") {
        Some("check the spelling of the key; the README lists every key of a plan file")
    } else if message.contains("missing field") {
        Some("see the annotated example in the README for the keys a plan needs")
    } else if message.contains("negative")
        || message.contains("expected a number")
        || message.contains("not a dose")
    {
        Some("doses are plain numbers of the plan's unit, e.g. 3.25")
    } else {
        Some("the file must be valid TOML; see the annotated example in the README")
    }
}

/// Parse a plan file's bytes, which must be UTF-8. `path` is only used in error messages.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Plan, FileError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(path, text),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = line_col(valid, valid.len());
            Err(FileError {
                path: path.to_path_buf(),
                line,
                column,
                message: "this is not UTF-8 text".to_string(),
                hint: Some("save the file as UTF-8 (taper writes plain UTF-8)".to_string()),
                backup: None,
            })
        }
    }
}

/// Parse a plan file's text. `path` is only used in error messages.
///
/// A log written the way taper writes it is read by `fastlog` and only the text above it
/// by the TOML parser; anything else (and every error) goes through `parse_full`.
pub fn parse(path: &Path, text: &str) -> Result<Plan, FileError> {
    let fast = || {
        let split = fastlog::split(text)?;
        let mut plan = parse_above_log(path, split.above)?;
        let mut doses = split.log.doses;
        if !doses.is_sorted_by_key(|d| d.at) {
            crate::core::plan::in_time_order(&mut doses);
        }
        plan.checkins = split.log.checkins;
        plan.doses = doses;
        // An entry of a year kept apart is an error, located by the TOML parser.
        let years = &plan.log_years;
        let apart = !years.is_empty()
            && (plan.doses.iter().any(|d| years.contains(&d.at.year()))
                || plan.checkins.iter().any(|c| years.contains(&c.date.year())));
        (!apart).then_some(plan)
    };
    fast().map_or_else(|| parse_full(path, text), Ok)
}

/// The text above a log (what `fastlog::log_start` finds), parsed by the TOML parser: the
/// plan with an empty log, or `None` when it does not parse or holds log entries of its own.
pub(crate) fn parse_above_log(path: &Path, above: &str) -> Option<Plan> {
    let plan = parse_full(path, above).ok()?;
    (plan.doses.is_empty() && plan.checkins.is_empty()).then_some(plan)
}

/// Parse a whole plan file with the TOML parser.
pub(crate) fn parse_full(path: &Path, text: &str) -> Result<Plan, FileError> {
    let ctx = Ctx { path, text };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        ctx.error(e.span(), message.clone(), hint_for(&message))
    })?;
    let mut spans: HashMap<Key, Range<usize>> = HashMap::new();
    if !READS.contains(raw.schema.get_ref()) {
        return Err(ctx.error(
            Some(raw.schema.span()),
            format!(
                "schema {} is not supported; this taper reads schema {} to {SCHEMA}",
                raw.schema.get_ref(),
                READS.start()
            ),
            Some("a newer taper may have written this file; update taper"),
        ));
    }
    spans.insert(Key::Name, raw.name.span());
    spans.insert(Key::Unit, raw.unit.span());
    let class = match &raw.class {
        None => Class::Other,
        Some(c) => Class::parse(c.get_ref()).ok_or_else(|| {
            ctx.error(
                Some(c.span()),
                format!("unknown class '{}'", c.get_ref()),
                Some("one of: opioid, benzodiazepine, antidepressant, kratom, stimulant, other"),
            )
        })?,
    };
    raw.plan.spans(&mut spans);
    let base = plan_table::plan(&ctx, &raw.plan)?;
    let mut amendments = Vec::with_capacity(raw.amendment.len());
    let mut previous = base.clone();
    for (i, table) in raw.amendment.iter().enumerate() {
        if let Some(at) = table.anchor() {
            spans.insert(Key::Amendment(i + 1), at);
        }
        let amendment = plan_table::amendment(&ctx, table, &previous)?;
        if let crate::core::amend::Change::Replan(seg) = &amendment.change {
            previous = (**seg).clone();
        }
        amendments.push(amendment);
    }
    let mut forms = Vec::with_capacity(raw.form.len());
    for f in &raw.form {
        let form = crate::core::forms::Form {
            name: f.name.get_ref().clone(),
            strength: ctx.dose(&f.strength, "strength")?,
            step: ctx.dose(&f.step, "step")?,
        };
        // Point at the form with the problem.
        form.check().map_err(|message| {
            let e = super::error::PlanError::Form(message);
            ctx.error(Some(f.name.span()), e.to_string(), e.hint())
        })?;
        forms.push(form);
    }
    if let Some(first) = raw.form.first() {
        spans.insert(Key::Form, first.name.span());
    }
    let log_years = read_log_years(&ctx, &raw.log_years)?;
    let checkins = super::checkin::read(&ctx, &raw.checkin)?;
    let mut doses = read_doses(&ctx, &raw.dose)?;
    // An entry of a year kept in a file of its own belongs in that file.
    for c in &raw.checkin {
        let (date, span) = c.date(&ctx)?;
        if log_years.contains(&date.year()) {
            return Err(kept_apart(&ctx, span, date.year()));
        }
    }
    for (d, raw) in doses.iter().zip(&raw.dose) {
        if log_years.contains(&d.at.year()) {
            return Err(kept_apart(&ctx, raw.at.span(), d.at.year()));
        }
    }
    crate::core::plan::in_time_order(&mut doses);
    // Amendments apply in date order (a hand-edited file may list them otherwise).
    amendments.sort_by_key(|a| a.from);
    let plan = Plan {
        name: raw.name.get_ref().clone(),
        substance: raw.substance.clone(),
        class,
        unit: raw.unit.get_ref().clone(),
        base,
        forms,
        amendments,
        checkins,
        doses,
        log_years,
    };
    plan.validate().map_err(|e| {
        let span = spans.get(&e.field()).cloned().or_else(|| raw.plan.anchor());
        ctx.error(span, e.to_string(), e.hint())
    })?;
    Ok(plan)
}

/// The `[[dose]]` tables, in the order written.
pub(super) fn read_doses(ctx: &Ctx, raw: &[RawDose]) -> Result<Vec<DoseEntry>, FileError> {
    let mut doses = Vec::with_capacity(raw.len());
    // Products repeat from one dose to the next: they share one text.
    let mut last_product: Option<super::plan::Text> = None;
    for d in raw {
        let product = d.product.as_deref().map(|name| match &last_product {
            Some(last) if **last == *name => last.clone(),
            _ => super::plan::Text::from(name),
        });
        last_product.clone_from(&product);
        doses.push(DoseEntry {
            at: ctx.datetime(&d.at)?,
            amount: ctx.dose(&d.amount, "amount")?,
            product,
            note: d.note.as_deref().map(Into::into),
            slot: d.slot,
            warned: d.warned,
        });
    }
    Ok(doses)
}

impl RawDose {
    pub(super) fn at_span(&self) -> Range<usize> {
        self.at.span()
    }
}

/// `log_years = [2026, 2027]`: years from 1 to 9999, in order, each once.
fn read_log_years(ctx: &Ctx, raw: &[Spanned<i64>]) -> Result<Vec<i32>, FileError> {
    let mut years: Vec<i32> = Vec::with_capacity(raw.len());
    for y in raw {
        let year = i32::try_from(*y.get_ref())
            .ok()
            .filter(|y| (1..=9999).contains(y) && years.last().is_none_or(|last| last < y))
            .ok_or_else(|| {
                ctx.error(
                    Some(y.span()),
                    format!("log_years: {} is not a year after the one before", y.get_ref()),
                    Some("list the years whose log has a file of its own in order, e.g. log_years = [2026, 2027]"),
                )
            })?;
        years.push(year);
    }
    Ok(years)
}

/// An entry in the plan file of a year whose log is kept in a file of its own.
fn kept_apart(ctx: &Ctx, span: Range<usize>, year: i32) -> FileError {
    let file = ctx
        .path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    ctx.error(
        Some(span),
        format!("this entry is from {year}, whose log is kept in {file}.{year}.toml"),
        Some("move the table into that file (or take the year out of log_years)"),
    )
}

/// Read and parse a plan file (a regular file of at most 64 MiB; see `fsafe::read`).
pub fn load(path: &Path) -> Result<Plan, super::error::StoreError> {
    let bytes = super::fsafe::read(path)?;
    Ok(parse_bytes(path, &bytes)?)
}
