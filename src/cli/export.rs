//! `taper export` and `taper import`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use super::args::{Cli, ExportArgs, ExportFormat};
use super::{load_selected, output::write_json};
use crate::core::clock::Clock;
use crate::core::fsafe;
use crate::core::report::{Report, csv as csv_export, html, ics, json, md};
use crate::core::store::{self, Store};
use crate::core::text::Printable;
use crate::core::{Dose, DoseEntry, Plan, StoreError};

/// `taper export`: build the text, then print it or write it atomically (mode 0600).
pub fn export<W: Write>(
    store: &Store,
    cli: &Cli,
    clock: &Clock,
    args: &ExportArgs,
    out: &mut Printable<W>,
) -> Result<()> {
    if args.doses && args.format != ExportFormat::Csv {
        bail!("--doses goes with --format csv");
    }
    if args.reminders && args.format != ExportFormat::Ics {
        bail!("--reminders goes with --format ics");
    }
    let l = load_selected(store, cli, clock)?;
    let mut r = Report::new(&l.plan, &l.schedule, l.today, clock.now());
    if let Some(from) = args.from {
        r.from = from;
    }
    if let Some(to) = args.to {
        r.to = to;
    }
    if r.to < r.from {
        bail!("--to {} is before --from {}", r.to, r.from);
    }
    let plan_id = l
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes: Vec<u8> = match args.format {
        ExportFormat::Csv if args.doses => csv_export::doses(&r)?,
        ExportFormat::Csv => csv_export::days(&r)?,
        ExportFormat::Json => {
            let mut text = Vec::new();
            write_json(&mut text, &json::document(&r))?;
            text
        }
        ExportFormat::Ics => ics::calendar(
            &r,
            &plan_id,
            ics::Options {
                reminders: args.reminders,
            },
        )
        .into_bytes(),
        ExportFormat::Md => md::report(&r).into_bytes(),
        ExportFormat::Html => html::report(&r).map_err(|e| anyhow!(e))?.into_bytes(),
    };
    match &args.output {
        Some(path) => {
            fsafe::write_atomic(path, &bytes)?;
            let mut err = Printable::new(std::io::stderr().lock());
            writeln!(err, "wrote {}", path.display())?;
        }
        // The ics line ends are CRLF by the standard: written as they are.
        None if args.format == ExportFormat::Ics => out.raw(&bytes)?,
        None => out.write_all(&bytes)?,
    }
    Ok(())
}

/// A dose read from the import file, with the line it came from.
struct Row {
    entry: DoseEntry,
}

/// `taper import --csv FILE [--dry-run]`.
pub fn import<W: Write>(
    store: &Store,
    cli: &Cli,
    clock: &Clock,
    file: &Path,
    dry_run: bool,
    out: &mut Printable<W>,
) -> Result<()> {
    let rows = read_rows(file, clock.now())?;
    let path = store.resolve(cli.plan.as_deref())?;
    let (added, skipped) = if dry_run {
        let mut plan = store::load(&path)?;
        merge(&mut plan, &rows)
    } else {
        store::modify(&path, |plan| Ok::<_, StoreError>(merge(plan, &rows)))?.0
    };
    let verb = if dry_run { "would add" } else { "added" };
    writeln!(
        out,
        "{verb} {added} dose(s) from {}; {skipped} already in the log (same time and amount) skipped",
        file.display()
    )?;
    Ok(())
}

/// Add the rows that are not in the log yet: (added, skipped as duplicates).
fn merge(plan: &mut Plan, rows: &[Row]) -> (usize, usize) {
    let mut added = 0;
    for row in rows {
        if !has(&plan.doses, &row.entry) {
            plan.add_entry(row.entry.clone());
            added += 1;
        }
    }
    (added, rows.len() - added)
}

fn has(doses: &[DoseEntry], entry: &DoseEntry) -> bool {
    doses
        .iter()
        .any(|d| d.at == entry.at && d.amount == entry.amount)
}

/// Read and check every row; any error names the file's line (the header is line 1).
fn read_rows(file: &Path, now: chrono::NaiveDateTime) -> Result<Vec<Row>> {
    let bytes = fsafe::read(file)?;
    let name = file.display();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{name}:1: cannot read the header"))?
        .iter()
        .map(str::to_string)
        .collect();
    let expected = ["at", "amount", "product", "note"];
    if header.len() < 2 || header.len() > 4 || header.iter().zip(expected).any(|(h, e)| h != e) {
        bail!(
            "{name}:1: the header is '{}'; write `at,amount`, optionally followed by `product,note`",
            header.join(",")
        );
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow!("{name}:{line}: {e}")
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let at_text = record.get(0).unwrap_or_default();
        let at = crate::core::clock::parse_now(&at_text.replacen(' ', "T", 1))
            .ok()
            .filter(|_| at_text.len() > 10)
            .ok_or_else(|| {
                anyhow!("{name}:{line}: at '{at_text}' is not a time; write YYYY-MM-DDTHH:MM")
            })?;
        if at > now + chrono::Duration::minutes(5) {
            bail!("{name}:{line}: at {at_text} is in the future; import doses already taken");
        }
        let amount_text = record.get(1).unwrap_or_default();
        let amount: Dose = amount_text
            .parse()
            .map_err(|e| anyhow!("{name}:{line}: amount '{amount_text}': {e}"))?;
        if amount.is_zero() || amount.micros() < 0 {
            bail!("{name}:{line}: amount '{amount_text}' must be above 0");
        }
        let text = |i: usize| record.get(i).filter(|t| !t.is_empty()).map(Into::into);
        rows.push(Row {
            entry: DoseEntry {
                product: text(2),
                note: text(3),
                ..DoseEntry::new(at, amount)
            },
        });
    }
    Ok(rows)
}
