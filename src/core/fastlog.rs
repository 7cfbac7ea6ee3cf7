//! The fast path for the log: `[[dose]]` tables written the way taper writes them are read
//! line by line, without building a TOML tree. A plan file is then the text above its
//! first `[[dose]]` line (read by the full parser, with every check and error position)
//! plus the log. Anything unusual in the log — a comment after a value, an escape in a
//! string, another table, a key taper does not know, a number TOML would read differently
//! — makes `parse_log` give up, and the whole file goes through the full parser as before,
//! which then reports any error exactly where it is. So this path only ever accepts what
//! the full parser reads the same way (tests compare the two).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::dose::{Dose, MAX_UNITS, SCALE};
use super::plan::DoseEntry;

/// The header of a log entry, on a line of its own.
pub const HEADER: &str = "[[dose]]";

/// Where the log starts: the byte offset of the first line that is exactly `[[dose]]`.
pub fn log_start(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == HEADER {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Whether text above the log (everything before the first `[[dose]]` line) holds a `dose`
/// key or table of its own — an inline `dose = […]`, a `[[dose]] ` header written another
/// way: then the text is not "the rest of the file" and only the full parser may read it.
pub fn mentions_log(above: &str) -> bool {
    above.lines().any(|line| {
        let key = line
            .trim_start()
            .trim_start_matches('[')
            .trim_start_matches(['"', '\'']);
        key.strip_prefix("dose")
            .map(|rest| rest.trim_start_matches(['"', '\'']).trim_start())
            .is_some_and(|rest| rest.starts_with(['=', '.', ']']))
    })
}

/// The entries of `log` (text that starts with a `[[dose]]` line), in file order, when
/// every line is one taper writes (or a blank line, or a whole-line comment).
pub fn parse_log(log: &str) -> Option<Vec<DoseEntry>> {
    // One allocation of the right size: a ten-year log is 14 000 entries.
    let mut entries = Vec::with_capacity(log.matches("\n[[dose]]").count() + 1);
    let mut current: Option<Partial> = None;
    for line in log.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_matches([' ', '\t']);
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with('#') {
            if !comment_ok(trimmed) {
                return None;
            }
            continue;
        }
        if line == HEADER {
            if let Some(done) = current.take() {
                entries.push(done.finish()?);
            }
            current = Some(Partial::default());
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let value = value.trim_matches([' ', '\t']);
        let entry = current.as_mut()?;
        match key.trim_matches([' ', '\t']) {
            "at" if entry.at.is_none() => entry.at = Some(datetime(value)?),
            "amount" if entry.amount.is_none() => entry.amount = Some(amount(value)?),
            "product" if entry.product.is_none() => entry.product = Some(string(value)?),
            "note" if entry.note.is_none() => entry.note = Some(string(value)?),
            "slot" if entry.slot.is_none() => entry.slot = Some(slot(value)?),
            "warned" if entry.warned.is_none() => {
                entry.warned = Some(match value {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                })
            }
            _ => return None,
        }
    }
    if let Some(done) = current.take() {
        entries.push(done.finish()?);
    }
    Some(entries)
}

#[derive(Default)]
struct Partial {
    at: Option<NaiveDateTime>,
    amount: Option<Dose>,
    product: Option<String>,
    note: Option<String>,
    slot: Option<u32>,
    warned: Option<bool>,
}

impl Partial {
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

/// TOML comments may hold any character but control characters other than tab.
fn comment_ok(text: &str) -> bool {
    !text.chars().any(|c| c != '\t' && c.is_control())
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `YYYY-MM-DDTHH:MM:SS`, nothing else (no offset, no fraction, no space for `T`).
fn datetime(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' {
        return None;
    }
    let n = |range: std::ops::Range<usize>| text.get(range).and_then(digits);
    let date = NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(5..7)?, n(8..10)?)?;
    let time = NaiveTime::from_hms_opt(n(11..13)?, n(14..16)?, n(17..19)?)?;
    Some(date.and_time(time))
}

/// A plain TOML integer or decimal (`0`, `12`, `3.25`): no sign, exponent, `_` or leading
/// zero, at most 6 decimals and at most `MAX_UNITS` (the limits the full parser checks).
fn amount(text: &str) -> Option<Dose> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if (whole.len() > 1 && whole.starts_with('0')) || whole.len() > 7 || frac.len() > 6 {
        return None;
    }
    if text.contains('.') && frac.is_empty() {
        return None;
    }
    let whole = i64::from(digits(whole)?);
    let frac = if frac.is_empty() {
        0
    } else {
        i64::from(digits(frac)?) * 10_i64.pow(6 - frac.len() as u32)
    };
    (whole <= MAX_UNITS && (whole < MAX_UNITS || frac == 0))
        .then(|| Dose::from_micros(whole * SCALE + frac))
}

/// `slot = N`: a plain integer.
fn slot(text: &str) -> Option<u32> {
    if text.len() > 1 && text.starts_with('0') {
        return None;
    }
    digits(text)
}

/// A TOML basic string without escapes: `"…"` holding no `"`, `\` or control character.
fn string(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let plain = inner
        .chars()
        .all(|c| c != '"' && c != '\\' && (c == '\t' || !c.is_control()));
    plain.then(|| inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_toml_reads_them_or_not_at_all() {
        assert_eq!(amount("3"), Some(Dose::from_units(3)));
        assert_eq!(amount("0.25"), Some(Dose::from_micros(250_000)));
        assert_eq!(amount("1000000"), Some(Dose::from_units(1_000_000)));
        for odd in [
            "",
            ".5",
            "3.",
            "03",
            "+3",
            "-1",
            "1e3",
            "1_0",
            "0.1234567",
            "1000000.5",
        ] {
            assert_eq!(amount(odd), None, "{odd}");
        }
        assert_eq!(slot("2"), Some(2));
        assert_eq!(slot("02"), None);
        assert_eq!(string("\"Valium 5 mg\"").as_deref(), Some("Valium 5 mg"));
        for odd in ["'x'", "\"a\\\"b\"", "\"\"\"x\"\"\"", "\"x", "\"x\" # c"] {
            assert_eq!(string(odd), None, "{odd}");
        }
        assert!(datetime("2027-01-04T08:30:00").is_some());
        for odd in [
            "2027-01-04 08:30:00",
            "2027-01-04T08:30",
            "2027-02-30T08:30:00",
        ] {
            assert_eq!(datetime(odd), None, "{odd}");
        }
    }

    /// Every fixture, valid or not, and the demo read the same (or fail with the same
    /// error) with and without the fast path.
    #[test]
    fn the_fast_path_reads_every_fixture_as_the_full_parser_does() {
        use crate::core::plan_file::{parse, parse_full};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![root.join("assets/demo-kratom.toml")];
        for dir in ["tests/fixtures/valid", "tests/fixtures/invalid"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                files.push(entry.unwrap().path());
            }
        }
        let mut fast = 0;
        for path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let full = parse_full(path, &text);
            let quick = parse(path, &text).map_err(|e| e.to_string());
            assert_eq!(quick, full.map_err(|e| e.to_string()), "{}", path.display());
            if let Some(start) = log_start(&text) {
                fast += usize::from(parse_log(&text[start..]).is_some());
            }
        }
        assert!(fast > 1, "the fast path was taken {fast} times");
    }

    #[test]
    fn odd_text_in_a_log_reads_back_either_way() {
        use crate::core::{Dose, demo, plan_file, render};
        let mut plan = demo::demo_plan(NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()).unwrap();
        for (i, note) in [
            "a \"quote\"",
            "back\\slash",
            "tab\there",
            "é ✓",
            "# not a comment",
            "x = 1",
            "[[dose]]",
        ]
        .into_iter()
        .enumerate()
        {
            let at = plan.doses[0].at + chrono::Duration::minutes(i as i64);
            plan.add_entry(DoseEntry {
                note: Some(note.into()),
                product: Some(format!("p{i}")),
                ..DoseEntry::new(at, Dose::from_micros(1 + i as i64))
            });
        }
        let text = render::render(&plan);
        let path = std::path::Path::new("x.toml");
        assert_eq!(plan_file::parse(path, &text).unwrap(), plan);
        assert_eq!(plan_file::parse_full(path, &text).unwrap(), plan);
    }

    #[test]
    fn a_dose_key_above_the_log_is_noticed() {
        assert!(!mentions_log(
            "name = \"x\"\ndose_times = [08:00:00]\ndoses_per_day = 2\n"
        ));
        for odd in [
            "dose = []\n",
            "[[dose]] \n",
            "  [[dose]]  # x\n",
            "\"dose\" = []\n",
            "[dose.x]\n",
        ] {
            assert!(mentions_log(odd), "{odd}");
        }
    }

    #[test]
    fn anything_unusual_gives_up() {
        let ok = "[[dose]]\nat = 2027-01-04T08:00:00\namount = 3\n\n# fine\n";
        assert_eq!(parse_log(ok).map(|e| e.len()), Some(1));
        for odd in [
            "[[dose]]\nat = 2027-01-04T08:00:00\n",
            "[[dose]]\nat = 2027-01-04T08:00:00\namount = 3\namount = 3\n",
            "[[dose]]\nat = 2027-01-04T08:00:00\namount = 3 # c\n",
            "[[dose]]\nat = 2027-01-04T08:00:00\namount = 3\n[plan]\n",
            "[[dose]]\nat = 2027-01-04T08:00:00\namount = 3\nwhat = 1\n",
            "amount = 3\n",
        ] {
            assert_eq!(parse_log(odd), None, "{odd}");
        }
    }
}
