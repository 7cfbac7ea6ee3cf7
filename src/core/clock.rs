//! The clock: the real one, or `TAPER_NOW` for demos, tests and scripts.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Parse `TAPER_NOW`: `YYYY-MM-DD` (taken as 12:00 that day) or `YYYY-MM-DDTHH:MM[:SS]`.
pub fn parse_now(text: &str) -> Result<NaiveDateTime, String> {
    let t = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(at);
        }
    }
    Err(format!(
        "'{t}' is not a date or date-time; write 2027-01-04 or 2027-01-04T08:30"
    ))
}

/// A clock that starts at a fixed instant (from `TAPER_NOW`) and then runs with real time,
/// or the local wall clock.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    fixed: Option<(NaiveDateTime, std::time::Instant)>,
}

impl Clock {
    /// The real clock, unless `TAPER_NOW` is set (an invalid value is an error).
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var("TAPER_NOW") {
            Ok(value) if !value.trim().is_empty() => {
                let at = parse_now(&value).map_err(|e| format!("TAPER_NOW: {e}"))?;
                Ok(Clock::starting_at(at))
            }
            _ => Ok(Clock { fixed: None }),
        }
    }

    pub fn starting_at(at: NaiveDateTime) -> Clock {
        Clock {
            fixed: Some((at, std::time::Instant::now())),
        }
    }

    /// Now, to the second.
    pub fn now(&self) -> NaiveDateTime {
        let now = match self.fixed {
            Some((at, since)) => {
                at + chrono::Duration::from_std(since.elapsed()).unwrap_or_default()
            }
            None => chrono::Local::now().naive_local(),
        };
        now.with_nanosecond0()
    }
}

trait TruncateNanos {
    fn with_nanosecond0(self) -> Self;
}

impl TruncateNanos for NaiveDateTime {
    fn with_nanosecond0(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_datetimes() {
        assert_eq!(
            parse_now("2027-01-04").unwrap().to_string(),
            "2027-01-04 12:00:00"
        );
        assert_eq!(
            parse_now("2027-01-04T08:30").unwrap().to_string(),
            "2027-01-04 08:30:00"
        );
        assert_eq!(
            parse_now("2027-01-04T08:30:15").unwrap().to_string(),
            "2027-01-04 08:30:15"
        );
        assert!(parse_now("tomorrow").is_err());
    }

    #[test]
    fn fixed_clock_starts_at_the_given_time() {
        let at = parse_now("2027-01-04T08:30").unwrap();
        let now = Clock::starting_at(at).now();
        assert!(now >= at && now - at < chrono::Duration::seconds(5));
    }
}
