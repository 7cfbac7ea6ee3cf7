//! The words and values of a log line as taper writes them, each read only when TOML
//! would read it the same way (else `None`, and the caller gives up).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::core::dose::{Dose, MAX_UNITS, SCALE};

/// TOML comments may hold any character but control characters other than tab.
pub(super) fn comment_ok(text: &str) -> bool {
    !text.chars().any(|c| c != '\t' && c.is_control()) && !closes_a_string(text)
}

/// Whether text holds what would end a multi-line string opened above it.
pub(super) fn closes_a_string(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2(b'\'', b'"', b).is_some() && b.windows(3).any(|w| w == b"'''" || w == br#"""""#)
}

/// The lines of `text` (split at `\n`), found with memchr.
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let now = rest?;
        match memchr::memchr(b'\n', now.as_bytes()) {
            // `\n` is ASCII: both sides are char boundaries.
            Some(i) => {
                rest = Some(&now[i + 1..]);
                Some(&now[..i])
            }
            None => {
                rest = None;
                Some(now)
            }
        }
    })
}

/// Spaces and tabs off both ends (the only blanks TOML has within a line).
pub(super) fn trim(text: &str) -> &str {
    let b = text.as_bytes();
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    let start = b.iter().position(|c| !blank(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !blank(c)).map_or(start, |i| i + 1);
    // Both ends are next to ASCII blanks (or the text's ends): char boundaries.
    text.get(start..end).unwrap_or_default()
}

pub(super) fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `YYYY-MM-DD`, nothing else.
pub(super) fn date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |range: std::ops::Range<usize>| text.get(range).and_then(digits);
    NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(5..7)?, n(8..10)?)
}

/// `YYYY-MM-DDTHH:MM:SS`, nothing else (no offset, no fraction, no space for `T`).
pub(super) fn datetime(text: &str) -> Option<NaiveDateTime> {
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
pub(super) fn amount(text: &str) -> Option<Dose> {
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
pub(super) fn slot(text: &str) -> Option<u32> {
    if text.len() > 1 && text.starts_with('0') {
        return None;
    }
    digits(text)
}

/// A TOML basic string without escapes: `"…"` holding no `"`, `\` or control character.
pub(super) fn string(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let plain = if inner.is_ascii() {
        inner
            .bytes()
            .all(|c| c != b'"' && c != b'\\' && (c == b'\t' || !c.is_ascii_control()))
    } else {
        inner
            .chars()
            .all(|c| c != '"' && c != '\\' && (c == '\t' || !c.is_control()))
    };
    (plain && !closes_a_string(inner)).then_some(inner)
}
