//! Rows of a screen without the layout solver. Every frame splits its area into the tab
//! bar, the body, the status and the footer, and Today splits its body once more: rows of
//! a fixed height and at most one that takes what is left. `Layout` solves that with a
//! constraint solver, which on the first frame of a run is a tenth of the time to draw it.
//! When everything fits, `rows` places the rows itself, exactly where `Layout::vertical`
//! would (the test below compares the two over every small area); when it does not,
//! it asks `Layout`.

use ratatui::layout::{Constraint, Layout, Rect};

/// One row of a split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// This many lines (`Constraint::Length`).
    Fixed(u16),
    /// At least one line, and whatever the fixed rows leave (`Constraint::Min(1)`).
    Rest,
}

impl Row {
    fn constraint(self) -> Constraint {
        match self {
            Row::Fixed(height) => Constraint::Length(height),
            Row::Rest => Constraint::Min(1),
        }
    }
}

/// `area` split into `rows`, top to bottom, as `Layout::vertical` with the same
/// constraints splits it.
pub fn rows<const N: usize>(area: Rect, rows: [Row; N]) -> [Rect; N] {
    let fixed: u32 = rows
        .iter()
        .map(|row| match row {
            Row::Fixed(height) => u32::from(*height),
            Row::Rest => 0,
        })
        .sum();
    let rests = rows.iter().filter(|row| **row == Row::Rest).count();
    // What is left for the row that takes the rest, which needs at least one line.
    let left = u32::from(area.height).checked_sub(fixed + rests as u32);
    let Some(left) = left.filter(|_| rests <= 1) else {
        return Layout::vertical(rows.map(Row::constraint)).areas(area);
    };
    let mut y = area.y;
    rows.map(|row| {
        let height = match row {
            Row::Fixed(height) => height,
            // `left` is at most the area's height, a u16.
            Row::Rest => u16::try_from(left + 1).unwrap_or(u16::MAX),
        };
        let rect = Rect { y, height, ..area };
        y = y.saturating_add(height);
        rect
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `rows` and the solver on the same split, for one to four rows.
    fn both(area: Rect, shape: &[Row]) -> (Vec<Rect>, Vec<Rect>) {
        fn pair<const N: usize>(area: Rect, shape: [Row; N]) -> (Vec<Rect>, Vec<Rect>) {
            let solved = Layout::vertical(shape.map(Row::constraint)).areas::<N>(area);
            (rows(area, shape).to_vec(), solved.to_vec())
        }
        match *shape {
            [a] => pair(area, [a]),
            [a, b] => pair(area, [a, b]),
            [a, b, c] => pair(area, [a, b, c]),
            [a, b, c, d] => pair(area, [a, b, c, d]),
            _ => panic!("one to four rows"),
        }
    }

    fn row() -> impl Strategy<Value = Row> {
        prop_oneof![4 => (0u16..12).prop_map(Row::Fixed), 1 => Just(Row::Rest)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_same_rows_as_the_layout_solver(
            shape in prop::collection::vec(row(), 1..=4),
            x in 0u16..20,
            y in 0u16..20,
            width in 0u16..200,
            height in 0u16..45,
        ) {
            let (got, want) = both(Rect::new(x, y, width, height), &shape);
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn the_frame_and_today_splits_when_everything_fits() {
        let area = Rect::new(0, 0, 80, 24);
        let [top, body, status, footer] = rows(
            area,
            [Row::Fixed(1), Row::Rest, Row::Fixed(2), Row::Fixed(1)],
        );
        assert_eq!((top.y, top.height), (0, 1));
        assert_eq!((body.y, body.height), (1, 20));
        assert_eq!((status.y, status.height), (21, 2));
        assert_eq!((footer.y, footer.height), (23, 1));
        // Fixed rows only: they stack from the top and what is left stays below them.
        let [doses, gap, strip] = rows(area, [Row::Fixed(9), Row::Fixed(1), Row::Fixed(5)]);
        assert_eq!((doses.y, gap.y, strip.y, strip.height), (0, 9, 10, 5));
    }
}
