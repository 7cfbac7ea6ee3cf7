//! Text from a plan file or the command line is shown as text: control, escape and bidi
//! override characters never reach the terminal raw. Every human-readable output goes
//! through [`printable`]; JSON goes through [`json_safe`].

use std::borrow::Cow;
use std::io::{self, Write};

/// The note shown once where it matters; never repeated as a nag.
pub const SAFETY_NOTE: &str = "taper plans and records; it does not replace a clinician.";
/// After a day well above the days before, or when a break ends.
pub const TOLERANCE_NOTE: &str = "Tolerance drops fast: going back to an old, higher dose after days lower can cause an overdose.";
/// The tolerance note for opioids and kratom, where an overdose can stop breathing.
pub const TOLERANCE_NOTE_OPIOID: &str = "Tolerance drops fast: going back to an old, higher dose after days lower can cause an overdose. Keep naloxone at hand and do not use alone.";

/// The tolerance note for a plan's class: for opioids and kratom it names naloxone and not
/// using alone.
pub fn tolerance_note(class: super::plan::Class) -> &'static str {
    use super::plan::Class;
    match class {
        Class::Opioid | Class::Kratom => TOLERANCE_NOTE_OPIOID,
        Class::Benzodiazepine | Class::Antidepressant | Class::Stimulant | Class::Other => {
            TOLERANCE_NOTE
        }
    }
}
/// Printed once when a break is planned.
pub const BREAK_NOTE: &str = "During a break tolerance falls, so the dose you took before can now hit much harder: restart at the planned resume dose, not more.";

/// The bidirectional embedding, override and isolate controls (U+202A–202E, U+2066–2069),
/// which can make text read in a different order than it is stored.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Replace control characters (ESC, BEL, CR, NUL, C1 controls…) and bidi controls with a
/// visible `�`. Tabs become a space; everything else is kept.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c == '\t' {
                    ' '
                } else if is_unsafe(c) {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// JSON text with every C0, C1 and bidi control written as `\uXXXX` (still valid JSON, and
/// the same values). Line breaks between JSON tokens stay; serde_json already escapes the
/// ones inside strings.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c != '\n' && is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer for human-readable output: each line goes through [`printable`] (line breaks
/// and tabs are kept). `raw` writes bytes as they are, for JSON made safe by [`json_safe`] and for
/// completion scripts.
pub struct Printable<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> Printable<W> {
    pub fn new(inner: W) -> Printable<W> {
        Printable {
            inner,
            line: Vec::new(),
        }
    }

    /// One line, cleaned; tabs written as column separators (`taper list`) stay.
    fn write_line(&mut self) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        for (i, field) in text.split('\t').enumerate() {
            if i > 0 {
                self.inner.write_all(b"\t")?;
            }
            self.inner.write_all(printable(field).as_bytes())?;
        }
        self.line.clear();
        Ok(())
    }

    /// Write bytes unchanged (after what is pending).
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_line()?;
        self.inner.write_all(bytes)
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..i]);
            self.write_line()?;
            self.inner.write_all(b"\n")?;
            rest = &rest[i + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_line()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_pass() {
        assert_eq!(printable("Red Bali"), "Red Bali");
        assert_eq!(printable("a\x1b[2Jb\x07"), "a\u{fffd}[2Jb\u{fffd}");
        assert_eq!(printable("x\u{9b}y\tz\n"), "x\u{fffd}y z\u{fffd}");
        assert_eq!(printable("a\u{202e}b\u{2066}c"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(printable("e\u{301}\u{200d}"), "e\u{301}\u{200d}");
    }

    #[test]
    fn json_escapes_c1_and_bidi_and_stays_json() {
        let value = serde_json::json!({"name": "a\u{9b}b\u{202e}c\u{1b}d\u{7f}"});
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = json_safe(&text);
        assert!(safe.contains(r"a\u009bb\u202ec\u001bd\u007f"), "{safe}");
        assert!(safe.chars().all(|c| c == '\n' || !is_unsafe(c)));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_writer_cleans_every_line_and_keeps_line_breaks() {
        let mut out = Printable::new(Vec::new());
        write!(out, "one \x1b[31mred").unwrap();
        writeln!(out, "\u{202e} end").unwrap();
        write!(out, "tail\x07").unwrap();
        out.flush().unwrap();
        let text = String::from_utf8(out.inner).unwrap();
        assert_eq!(text, "one \u{fffd}[31mred\u{fffd} end\ntail\u{fffd}");
    }
}
