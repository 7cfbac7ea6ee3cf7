//! The fast path for the log: `[[checkin]]` and `[[dose]]` tables written the way taper
//! writes them are read line by line, without building a TOML tree. A plan file is then the
//! text above its first `[[checkin]]` or `[[dose]]` line (read by the full parser, with
//! every check and error position) plus the log. Anything unusual in the log — a comment
//! after a value, an escape in a string, another table, a check-in after a dose, a key
//! taper does not know, a number TOML would read differently — makes `parse_log` give up,
//! and the whole file goes through the full parser as before, which then reports any error
//! exactly where it is. So this path only ever accepts what the full parser reads the same
//! way (tests compare the two).

use chrono::{NaiveDate, NaiveDateTime};

use super::checkin::{self, CheckIn, Measure};
use super::dose::Dose;
use super::plan::{DoseEntry, Text};

mod values;
use values::{amount, comment_ok, date, datetime, lines, slot, string, trim};

/// The header of a log entry, on a line of its own.
pub const HEADER: &str = "[[dose]]";
/// The header of a check-in, on a line of its own.
pub const CHECKIN: &str = "[[checkin]]";

/// The log read line by line: the check-ins (merged by day, in date order, as
/// `checkin::read` keeps them) and the doses in file order.
#[derive(Debug, Default, PartialEq)]
pub struct Log {
    pub checkins: Vec<CheckIn>,
    pub doses: Vec<DoseEntry>,
}

/// A plan file's text cut where its log starts, with the log read.
pub struct Split<'a> {
    /// Everything above the first `[[checkin]]` or `[[dose]]` line.
    pub above: &'a str,
    /// Where the `[[dose]]` tables start (the text's length when there are none).
    pub doses_at: usize,
    pub log: Log,
}

/// The text cut at its log, when the text above it holds no log key of its own and the
/// log is check-ins, then doses, every line as taper writes it.
pub fn split(text: &str) -> Option<Split<'_>> {
    let start = log_start(text)?;
    let above = &text[..start];
    if mentions_log(above) {
        return None;
    }
    let log = parse_log(&text[start..])?;
    let doses_at = line_at(text, start, HEADER).unwrap_or(text.len());
    Some(Split {
        above,
        doses_at,
        log,
    })
}

/// Where the log starts: the byte offset of the first line that is exactly `[[checkin]]`
/// or `[[dose]]`.
pub fn log_start(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == HEADER || bare == CHECKIN {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The byte offset of the first line from `from` on that is exactly `header`.
pub fn line_at(text: &str, from: usize, header: &str) -> Option<usize> {
    let rest = text.get(from..)?.as_bytes();
    // Where `header` starts a line (found by memchr: the check-ins above the doses of a
    // long plan are many lines), and the line holds nothing else.
    let at_start = rest.starts_with(header.as_bytes()).then_some(0);
    let found = memchr::memmem::find_iter(rest, header.as_bytes())
        .filter(|&i| i > 0 && rest[i - 1] == b'\n');
    at_start.into_iter().chain(found).find_map(|i| {
        let after = &rest[i + header.len()..];
        let end = memchr::memchr(b'\n', after).unwrap_or(after.len());
        after[..end].iter().all(|&b| b == b'\r').then_some(from + i)
    })
}

/// Whether text above the log holds a `dose` or `checkin` key or table of its own — an
/// inline `dose = […]`, a `[[dose]] ` header written another way: then the text is not "the
/// rest of the file" and only the full parser may read it.
pub fn mentions_log(above: &str) -> bool {
    above.lines().any(|line| {
        let bare = line.trim_start().trim_start_matches('[');
        // A quoted key with an escape (`"\u0064ose"`) may be any key: assume the worst.
        if bare.starts_with('"')
            && bare
                .split(['=', ']'])
                .next()
                .is_some_and(|k| k.contains('\\'))
        {
            return true;
        }
        let key = bare.trim_start_matches(['"', '\'']);
        ["dose", "checkin"].iter().any(|name| {
            key.strip_prefix(name)
                .map(|rest| rest.trim_start_matches(['"', '\'']).trim_start())
                .is_some_and(|rest| rest.starts_with(['=', '.', ']']))
        })
    })
}

/// Whether the dose tables of a plan file's text are in time order as taper writes them
/// (`times_in_order` of the text from the first `[[dose]]` line; no doses are in order).
pub fn doses_in_order(text: &str) -> bool {
    match log_start(text).and_then(|start| line_at(text, start, HEADER)) {
        Some(doses_at) => times_in_order(&text[doses_at..]),
        None => true,
    }
}

/// Whether a dose log (text that starts at its first `[[dose]]` line) is in time order as
/// taper writes it, checked in one scan, with nothing parsed: every table is a `[[dose]]`
/// table whose first line is `at = YYYY-MM-DDTHH:MM:SS` (the spelling whose text order is
/// time order), and the times never go back (so no `[[checkin]]` sits among the doses).
/// Reading a long log from its end (`recent`) is only right for such a log.
pub fn times_in_order(log: &str) -> bool {
    const TABLE: &[u8] = b"[[dose]]\nat = ";
    let bytes = log.as_bytes();
    // taper starts no line with a blank: a header written `  [[dose]]` would go unseen.
    if memchr::memmem::find(bytes, b"\n ").is_some()
        || memchr::memmem::find(bytes, b"\n\t").is_some()
    {
        return false;
    }
    let mut last: &[u8] = b"";
    let starts = log
        .starts_with('[')
        .then_some(0)
        .into_iter()
        .chain(memchr::memmem::find_iter(bytes, b"\n[").map(|i| i + 1));
    for start in starts {
        let Some(rest) = bytes[start..].strip_prefix(TABLE) else {
            return false;
        };
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        let at = line.strip_suffix(b"\r").unwrap_or(line);
        if at.len() != 19 || at[10] != b'T' || at < last {
            return false;
        }
        last = at;
    }
    true
}

/// One table being read.
enum Table {
    Dose(Partial),
    CheckIn(PartialCheckIn),
}

/// The check-ins and doses of `log` (text that starts with a `[[checkin]]` or `[[dose]]`
/// line), when every line is one taper writes (or a blank line, or a whole-line comment),
/// no line holds `'''` or `"""` (which could close a string opened above) and no check-in
/// comes after a dose.
pub fn parse_log(log: &str) -> Option<Log> {
    // One allocation of the right size: a ten-year log is 14 000 entries.
    let mut out = Log {
        checkins: Vec::new(),
        doses: Vec::with_capacity(
            memchr::memmem::find_iter(log.as_bytes(), b"\n[[dose]]").count() + 1,
        ),
    };
    // A lone carriage return at the very end is not a line end TOML knows.
    if log.ends_with('\r') {
        return None;
    }
    let mut current: Option<Table> = None;
    // Products repeat from one dose to the next: they share one text.
    let mut last_product: Option<Text> = None;
    for line in lines(log) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = trim(line);
        if trimmed.is_empty() {
            continue;
        }
        // (A line that could end a multi-line string opened above it — `'''` or `"""` — is
        // refused where it could be: in a comment and in a string; keys and the other
        // values are plain words and numbers.)
        if trimmed.starts_with('#') {
            if !comment_ok(trimmed) {
                return None;
            }
            continue;
        }
        if line == HEADER || line == CHECKIN {
            if let Some(done) = current.take() {
                finish(done, &mut out)?;
            }
            current = Some(if line == HEADER {
                Table::Dose(Partial::default())
            } else if out.doses.is_empty() {
                Table::CheckIn(PartialCheckIn::default())
            } else {
                return None;
            });
            continue;
        }
        let equals = memchr::memchr(b'=', line.as_bytes())?;
        // `=` is ASCII: a char boundary.
        let (key, value) = (trim(&line[..equals]), trim(&line[equals + 1..]));
        match current.as_mut()? {
            Table::Dose(entry) => entry.set(key, value, &mut last_product)?,
            Table::CheckIn(checkin) => checkin.set(key, value)?,
        }
    }
    if let Some(done) = current.take() {
        finish(done, &mut out)?;
    }
    Some(out)
}

fn finish(table: Table, out: &mut Log) -> Option<()> {
    match table {
        Table::Dose(entry) => out.doses.push(entry.finish()?),
        Table::CheckIn(c) => {
            let c = c.finish()?;
            // In date order, as taper writes them: added at the end, no search, no copy.
            if out.checkins.last().is_none_or(|last| last.date < c.date) {
                out.checkins.push(c);
            } else {
                checkin::record(&mut out.checkins, &c);
            }
        }
    }
    Some(())
}

#[derive(Default)]
struct PartialCheckIn {
    date: Option<NaiveDate>,
    checkin: CheckIn,
    /// The keys read so far (a key twice is a TOML error: the full parser reports it).
    seen: Vec<&'static str>,
}

impl PartialCheckIn {
    fn set(&mut self, key: &str, value: &str) -> Option<()> {
        if key == "date" {
            if self.date.is_some() {
                return None;
            }
            self.date = Some(date(value)?);
            return Some(());
        }
        let name = if key == "note" {
            self.checkin.note = Some(string(value)?.into());
            "note"
        } else {
            let measure = Measure::ALL.into_iter().find(|m| m.name() == key)?;
            let rating = u8::try_from(slot(value)?).ok()?;
            if rating > checkin::MAX {
                return None;
            }
            self.checkin.set(measure, Some(rating));
            measure.name()
        };
        if self.seen.contains(&name) {
            return None;
        }
        self.seen.push(name);
        Some(())
    }

    fn finish(mut self) -> Option<CheckIn> {
        self.checkin.date = self.date?;
        Some(self.checkin)
    }
}

#[derive(Default)]
struct Partial {
    at: Option<NaiveDateTime>,
    amount: Option<Dose>,
    product: Option<Text>,
    note: Option<Text>,
    slot: Option<u32>,
    warned: Option<bool>,
}

impl Partial {
    fn set(&mut self, key: &str, value: &str, last_product: &mut Option<Text>) -> Option<()> {
        match key {
            "at" if self.at.is_none() => self.at = Some(datetime(value)?),
            "amount" if self.amount.is_none() => self.amount = Some(amount(value)?),
            "product" if self.product.is_none() => {
                let name = string(value)?;
                let shared = match last_product {
                    Some(last) if **last == *name => last.clone(),
                    _ => Text::from(name),
                };
                *last_product = Some(shared.clone());
                self.product = Some(shared);
            }
            "note" if self.note.is_none() => self.note = Some(string(value)?.into()),
            "slot" if self.slot.is_none() => self.slot = Some(slot(value)?),
            "warned" if self.warned.is_none() => {
                self.warned = Some(match value {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                })
            }
            _ => return None,
        }
        Some(())
    }

    fn finish(self) -> Option<DoseEntry> {
        Some(DoseEntry {
            at: self.at?,
            amount: self.amount?,
            product: self.product,
            note: self.note,
            slot: self.slot,
            warned: self.warned.unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests;
