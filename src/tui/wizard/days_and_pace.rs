//! The wizard's two optional schedule fields: days off (`mon,thu` or `5on2off`, as
//! `--off-days` and `--pattern`) and your own ceiling on a cut (`10` or `10/14`, as
//! `--max-cut` and `--per-days`).

use chrono::Weekday;

use crate::core::Segment;
use crate::core::pattern::{Pattern, parse_weekdays, weekday_name};
use crate::core::plan::limits;

/// Days off: weekdays, or a pattern of days on and off; nothing when empty.
pub(super) fn days_off(text: &str) -> Result<(Vec<Weekday>, Option<Pattern>), String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok((Vec::new(), None));
    }
    if text.to_ascii_lowercase().contains("on") && !text.contains(',') {
        if let Some(pattern) = Pattern::parse(text) {
            return Ok((Vec::new(), Some(pattern)));
        }
        if text.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return Err("a pattern is days on, then days off: e.g. 5on2off".into());
        }
    }
    parse_weekdays(text).map(|days| (days, None))
}

/// The ceiling: `P` (% of the current dose a step) or `P/N` (at most P % every N days);
/// nothing when empty.
pub(super) fn max_cut(text: &str) -> Result<(Option<f64>, Option<u32>), String> {
    let text = text.trim().trim_end_matches('%');
    if text.is_empty() {
        return Ok((None, None));
    }
    let (percent, days) = match text.split_once('/') {
        Some((p, d)) => (p.trim().trim_end_matches('%'), Some(d.trim())),
        None => (text, None),
    };
    let percent: f64 = percent
        .parse()
        .ok()
        .filter(|p| limits::percent_ok(*p))
        .ok_or("a percent above 0 and below 100, e.g. 10 or 10/14")?;
    let days = match days {
        None => None,
        Some(d) => Some(
            d.parse::<u32>()
                .ok()
                .filter(|d| *d >= 1)
                .ok_or("days: a whole number from 1, e.g. 10/14")?,
        ),
    };
    Ok((Some(percent), days))
}

/// The fields' text for a segment (a re-plan starts from the one in force).
pub(super) fn texts(segment: &Segment) -> (String, String) {
    let days = match segment.pattern {
        Some(p) => p.name(),
        None => segment
            .off_days
            .iter()
            .map(|d| weekday_name(*d))
            .collect::<Vec<_>>()
            .join(","),
    };
    let cut = match (segment.max_cut, segment.per_days) {
        (Some(p), Some(d)) => format!("{p}/{d}"),
        (Some(p), None) => format!("{p}"),
        _ => String::new(),
    };
    (days, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_off_and_ceilings_read_as_the_cli_writes_them() {
        assert_eq!(days_off(""), Ok((Vec::new(), None)));
        assert_eq!(
            days_off("mon, thu"),
            Ok((vec![Weekday::Mon, Weekday::Thu], None))
        );
        assert_eq!(
            days_off("5on2off"),
            Ok((Vec::new(), Pattern::parse("5on2off")))
        );
        assert!(days_off("5on").is_err());
        assert!(days_off("funday").is_err());
        assert!(days_off("mon,tue,wed,thu,fri,sat,sun").is_err());
        assert_eq!(max_cut(""), Ok((None, None)));
        assert_eq!(max_cut("10"), Ok((Some(10.0), None)));
        assert_eq!(max_cut("7.5% / 14"), Ok((Some(7.5), Some(14))));
        assert!(max_cut("0").is_err());
        assert!(max_cut("100").is_err());
        assert!(max_cut("10/0").is_err());
        assert!(max_cut("ten").is_err());
        // What a re-plan pre-fills reads back as the segment's.
        let segment = Segment {
            off_days: vec![Weekday::Tue, Weekday::Sat],
            max_cut: Some(10.0),
            per_days: Some(14),
            ..Segment::default()
        };
        let (days, cut) = texts(&segment);
        assert_eq!((days.as_str(), cut.as_str()), ("tue,sat", "10/14"));
        assert_eq!(days_off(&days), Ok((segment.off_days.clone(), None)));
        assert_eq!(max_cut(&cut), Ok((Some(10.0), Some(14))));
    }
}
