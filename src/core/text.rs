//! Text from a plan file is shown as text: control and escape characters never reach
//! the terminal raw.

use std::borrow::Cow;

/// The note shown once where it matters; never repeated as a nag.
pub const SAFETY_NOTE: &str = "taper plans and records; it does not replace a clinician.";
/// After a day well above the days before, or when a break ends.
pub const TOLERANCE_NOTE: &str = "Tolerance drops fast: going back to an old, higher dose after days lower can cause an overdose.";
/// Printed once when a break is planned.
pub const BREAK_NOTE: &str = "During a break tolerance falls, so the dose you took before can now hit much harder: restart at the planned resume dose, not more.";

/// Replace control characters (ESC, BEL, CR, NUL, C1 controls…) with a visible `�`.
/// Tabs become a space; everything else is kept.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c == '\t' {
                    ' '
                } else if c.is_control() {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_pass() {
        assert_eq!(printable("Red Bali"), "Red Bali");
        assert_eq!(printable("a\x1b[2Jb\x07"), "a\u{fffd}[2Jb\u{fffd}");
        assert_eq!(printable("x\u{9b}y\tz\n"), "x\u{fffd}y z\u{fffd}");
    }
}
