//! Scheduled days off: `off_days = ["mon", "thu"]` (weekdays) or `pattern = "5on2off"` (a
//! cycle counted from the segment's first day). An off-day's target is 0; it is not a step
//! (steps and their numbers are worked out before off-days are laid over them).

use chrono::{Datelike, NaiveDate, Weekday};

/// A cycle of days on, then days off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub on: u32,
    pub off: u32,
}

impl Pattern {
    /// `5on2off`.
    pub fn parse(text: &str) -> Option<Pattern> {
        let t = text.trim().to_ascii_lowercase();
        let (on, rest) = t.split_once("on")?;
        let off = rest.strip_suffix("off")?;
        let pattern = Pattern {
            on: on.trim().parse().ok()?,
            off: off.trim().parse().ok()?,
        };
        (pattern.on >= 1 && pattern.off >= 1 && pattern.on + pattern.off <= 366).then_some(pattern)
    }

    pub fn name(self) -> String {
        format!("{}on{}off", self.on, self.off)
    }

    /// Whether `date` is off in a cycle that starts (with its days on) on `start`.
    pub fn is_off(self, start: NaiveDate, date: NaiveDate) -> bool {
        let days = (date - start).num_days();
        days >= 0 && days.rem_euclid(i64::from(self.on + self.off)) >= i64::from(self.on)
    }
}

/// The three-letter name of a weekday, as the file and `--off-days` write it.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// One weekday: `mon` or `monday` (any case).
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let t = text.trim().to_ascii_lowercase();
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    days.into_iter().find(|d| {
        let full = match d {
            Weekday::Mon => "monday",
            Weekday::Tue => "tuesday",
            Weekday::Wed => "wednesday",
            Weekday::Thu => "thursday",
            Weekday::Fri => "friday",
            Weekday::Sat => "saturday",
            Weekday::Sun => "sunday",
        };
        t.len() >= 3 && full.starts_with(&t)
    })
}

/// `mon,thu`: weekdays, no repeats, in week order; at most six (a week needs a day on).
pub fn parse_weekdays(text: &str) -> Result<Vec<Weekday>, String> {
    let mut days = Vec::new();
    for part in text.split(',').filter(|p| !p.trim().is_empty()) {
        let day = parse_weekday(part)
            .ok_or_else(|| format!("'{}' is not a weekday; write e.g. mon,thu", part.trim()))?;
        if !days.contains(&day) {
            days.push(day);
        }
    }
    if days.len() >= 7 {
        return Err("every day off leaves no day on; leave at least one day".into());
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    Ok(days)
}

/// Whether a date is off for a segment's `off_days` and `pattern`.
pub fn is_off(
    off_days: &[Weekday],
    pattern: Option<Pattern>,
    start: NaiveDate,
    date: NaiveDate,
) -> bool {
    off_days.contains(&date.weekday()) || pattern.is_some_and(|p| p.is_off(start, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_and_weekdays_parse() {
        assert_eq!(Pattern::parse("5on2off"), Some(Pattern { on: 5, off: 2 }));
        assert_eq!(Pattern::parse("5on2off").unwrap().name(), "5on2off");
        for bad in ["", "5on", "0on2off", "5on0off", "on2off", "5off2on"] {
            assert_eq!(Pattern::parse(bad), None, "{bad}");
        }
        assert_eq!(
            parse_weekdays("thu,mon").unwrap(),
            [Weekday::Mon, Weekday::Thu]
        );
        assert_eq!(parse_weekdays("Monday").unwrap(), [Weekday::Mon]);
        assert!(parse_weekdays("mon,funday").is_err());
        assert!(parse_weekdays("mon,tue,wed,thu,fri,sat,sun").is_err());
    }

    #[test]
    fn a_cycle_counts_from_its_start() {
        let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        let p = Pattern { on: 5, off: 2 };
        let offs: Vec<i64> = (0..14)
            .filter(|d| p.is_off(start, start + chrono::Days::new(*d as u64)))
            .collect();
        assert_eq!(offs, [5, 6, 12, 13]);
        assert!(!p.is_off(start, start - chrono::Days::new(1)));
    }
}
