//! The wizard's preview shows the audit live, and says when the end moves later.

use ratatui::crossterm::event::KeyCode;

use super::field::Field;
use super::tests::{clear_and_type, go_to, hyperbolic, press, screen};

#[test]
fn the_preview_says_when_the_end_moves_later_and_shows_the_findings() {
    let mut w = hyperbolic();
    go_to(&mut w, Field::Method);
    press(&mut w, KeyCode::Left);
    press(&mut w, KeyCode::Left); // back to linear: 20 → 0 mg in 8 weekly cuts of 2.5
    clear_and_type(&mut w, Field::RoundTo, "0.5");
    let text = screen(&w, 100, 40).replace('\n', " ");
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // A plan to 0 ends with one unit (0.5 mg) before 0: one step more than 8 weeks.
    assert!(
        text.contains("The end moves later, to 2027-03-08 (asked for:"),
        "{text}"
    );
    assert!(text.contains("9 2027-03-01 0.5 mg"), "{text}");
    assert!(text.contains("Audit:"), "{text}");
    assert!(text.contains("% of the current dose"), "{text}");
    // Without rounding the end stays.
    clear_and_type(&mut w, Field::RoundTo, "");
    let text = screen(&w, 100, 40);
    assert!(!text.contains("The end moves later"), "{text}");
}
