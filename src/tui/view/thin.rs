//! Fewer points for the same picture: a chart of ten years of days has thousands of points
//! but only as many dots as its area, and drawing costs per point.

/// A line through `points` (in order of x) drawn the same with fewer of them: a point
/// between two of the same height lies on the line between them.
pub fn corners(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let last = points.len().saturating_sub(1);
    points
        .iter()
        .enumerate()
        .filter(|(i, p)| *i == 0 || *i == last || points[i - 1].1 != p.1 || points[i + 1].1 != p.1)
        .map(|(_, p)| *p)
        .collect()
}

/// The chart's dots: a plotted point lands on one of `columns` × `rows` (braille has 2 × 4
/// dots a cell; the axes only make the real grid coarser).
pub struct Grid {
    pub x: (f64, f64),
    pub top: f64,
    pub columns: u32,
    pub rows: u32,
}

impl Grid {
    fn cell(&self, (x, y): (f64, f64)) -> (u32, u32) {
        let along = |v: f64, lo: f64, hi: f64, n: u32| {
            let f = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
            (f.clamp(0.0, 1.0) * f64::from(n)) as u32
        };
        (
            along(x, self.x.0, self.x.1, self.columns),
            along(y, 0.0, self.top, self.rows),
        )
    }

    /// The points (in order of x) with at most one per dot: the first of each.
    pub fn thin(&self, points: &[(f64, f64)]) -> Vec<(f64, f64)> {
        if points.len() <= self.columns as usize {
            return points.to_vec();
        }
        let mut out = Vec::new();
        let mut column = u32::MAX;
        let mut seen: Vec<u32> = Vec::new();
        for &p in points {
            let (c, r) = self.cell(p);
            if c != column {
                column = c;
                seen.clear();
            }
            if !seen.contains(&r) {
                seen.push(r);
                out.push(p);
            }
        }
        out
    }

    /// A line through `points` (in order of x) with, per column of dots, only its first,
    /// lowest, highest and last point (M4): the segments drawn cover the same dots.
    pub fn line(&self, points: &[(f64, f64)]) -> Vec<(f64, f64)> {
        if points.len() <= 4 * self.columns as usize {
            return points.to_vec();
        }
        let mut out = Vec::new();
        let mut start = 0;
        while start < points.len() {
            let column = self.cell(points[start]).0;
            let end = start
                + points[start..]
                    .iter()
                    .position(|p| self.cell(*p).0 != column)
                    .unwrap_or(points.len() - start);
            let run = &points[start..end];
            let lowest = (0..run.len()).min_by(|a, b| run[*a].1.total_cmp(&run[*b].1));
            let highest = (0..run.len()).max_by(|a, b| run[*a].1.total_cmp(&run[*b].1));
            let mut keep: Vec<usize> = [Some(0), lowest, highest, Some(run.len() - 1)]
                .into_iter()
                .flatten()
                .collect();
            keep.sort_unstable();
            keep.dedup();
            out.extend(keep.into_iter().map(|i| run[i]));
            start = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_one_point_per_dot_and_every_dot() {
        let grid = Grid {
            x: (0.0, 3650.0),
            top: 10.0,
            columns: 200,
            rows: 80,
        };
        let points: Vec<(f64, f64)> = (0..3650)
            .map(|i| (f64::from(i), f64::from(i % 7) + 1.0))
            .collect();
        let thin = grid.thin(&points);
        assert!(thin.len() < points.len() / 2, "{}", thin.len());
        let cells = |ps: &[(f64, f64)]| {
            ps.iter()
                .map(|p| grid.cell(*p))
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(cells(&thin), cells(&points), "every dot is still drawn");
        // Few points are kept as they are.
        assert_eq!(grid.thin(&points[..150]), points[..150].to_vec());
    }

    #[test]
    fn a_step_line_keeps_its_corners() {
        let line: Vec<(f64, f64)> = (0..10)
            .map(|i| (f64::from(i), if i < 4 { 5.0 } else { 3.0 }))
            .collect();
        assert_eq!(
            corners(&line),
            [(0.0, 5.0), (3.0, 5.0), (4.0, 3.0), (9.0, 3.0)]
        );
        assert_eq!(corners(&line[..1]), line[..1].to_vec());
        assert!(corners(&[]).is_empty());
    }

    #[test]
    fn a_line_keeps_each_column_first_lowest_highest_and_last() {
        let grid = Grid {
            x: (0.0, 100.0),
            top: 10.0,
            columns: 10,
            rows: 40,
        };
        let points: Vec<(f64, f64)> = (0..100)
            .map(|i| (f64::from(i), f64::from((i * 7) % 11)))
            .collect();
        let line = grid.line(&points);
        assert!(line.len() <= 4 * 10 && line.len() < points.len());
        for column in 0..10 {
            let all: Vec<_> = points
                .iter()
                .filter(|p| grid.cell(**p).0 == column)
                .collect();
            let kept: Vec<_> = line.iter().filter(|p| grid.cell(**p).0 == column).collect();
            assert_eq!(kept.first(), all.first());
            assert_eq!(kept.last(), all.last());
            let range = |ps: &[&(f64, f64)]| {
                let ys = ps.iter().map(|p| p.1);
                (
                    ys.clone().fold(f64::MAX, f64::min),
                    ys.fold(f64::MIN, f64::max),
                )
            };
            assert_eq!(range(&kept), range(&all), "column {column}");
        }
        assert!(line.windows(2).all(|w| w[0].0 < w[1].0), "in order of x");
        assert_eq!(grid.line(&points[..30]), points[..30].to_vec());
    }
}
