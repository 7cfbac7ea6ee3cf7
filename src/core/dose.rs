//! `Dose`: a fixed-point amount in millionths of the plan's unit.
//!
//! Every amount the program stores or compares is a whole number of micro-units, so sums,
//! differences and rounding never drift the way `f64` arithmetic does. Floating point is
//! used only inside the curve maths of a method, and each result is turned back into a
//! `Dose` (rounded *up*, so a rounding error never deepens a cut).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Micro-units per unit.
pub const SCALE: i64 = 1_000_000;
/// The largest amount taper accepts (one million units), far above any real dose.
pub const MAX_UNITS: i64 = 1_000_000;

/// An amount of the plan's unit, in millionths.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dose(i64);

/// Why a text is not a dose.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DoseParseError {
    #[error("'{0}' is not a number (write e.g. 4 or 3.25)")]
    NotANumber(String),
    #[error("'{0}' is negative; a dose is zero or more")]
    Negative(String),
    #[error("'{0}' has more than 6 decimal places")]
    TooPrecise(String),
    #[error("'{0}' is too large (at most {MAX_UNITS})")]
    TooLarge(String),
}

impl Dose {
    pub const ZERO: Dose = Dose(0);

    /// From a whole number of micro-units.
    pub const fn from_micros(micros: i64) -> Dose {
        Dose(micros)
    }

    /// From whole units (used by tests and presets).
    pub const fn from_units(units: i64) -> Dose {
        Dose(units * SCALE)
    }

    pub const fn micros(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The nearest dose to a float, or `None` for NaN, infinities, negatives or huge values.
    pub fn from_f64(value: f64) -> Option<Dose> {
        if !value.is_finite() || value < 0.0 || value > MAX_UNITS as f64 {
            return None;
        }
        Some(Dose((value * SCALE as f64).round() as i64))
    }

    /// The smallest dose at or above a float (micro-unit resolution); clamps to 0 below.
    pub fn ceil_f64(value: f64) -> Dose {
        if !value.is_finite() || value <= 0.0 {
            return Dose::ZERO;
        }
        // Shave float noise (8.750000000001) before taking the ceiling.
        let scaled = value * SCALE as f64;
        let nearest = scaled.round();
        let micros = if (scaled - nearest).abs() < 1e-3 {
            nearest
        } else {
            scaled.ceil()
        };
        Dose(micros.min((MAX_UNITS * SCALE) as f64) as i64)
    }

    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// The smallest multiple of `unit` at or above `self` (`self` when `unit` is zero).
    pub fn ceil_to(self, unit: Dose) -> Dose {
        if unit.0 <= 0 {
            return self;
        }
        Dose(self.0.div_euclid(unit.0) * unit.0 + if self.0 % unit.0 == 0 { 0 } else { unit.0 })
    }

    /// The largest multiple of `unit` at or below `self` (`self` when `unit` is zero).
    pub fn floor_to(self, unit: Dose) -> Dose {
        if unit.0 <= 0 {
            return self;
        }
        Dose(self.0.div_euclid(unit.0) * unit.0)
    }

    pub fn is_multiple_of(self, unit: Dose) -> bool {
        unit.0 <= 0 || self.0 % unit.0 == 0
    }

    /// `self - other`, or zero when `other` is larger.
    pub fn saturating_sub(self, other: Dose) -> Dose {
        Dose((self.0 - other.0).max(0))
    }

    /// Signed difference `self - other` in micro-units.
    pub fn diff(self, other: Dose) -> i64 {
        self.0 - other.0
    }

    /// Multiply by a whole number.
    pub fn times(self, n: i64) -> Dose {
        Dose(self.0 * n)
    }

    /// Divide by a whole number, rounding down.
    pub fn div_floor(self, n: i64) -> Dose {
        if n <= 0 { self } else { Dose(self.0 / n) }
    }

    /// Format a signed micro-unit difference the same way as a dose (`-0.25`, `+1`).
    pub fn format_signed(micros: i64) -> String {
        let sign = match micros.cmp(&0) {
            std::cmp::Ordering::Less => "-",
            std::cmp::Ordering::Greater => "+",
            std::cmp::Ordering::Equal => "",
        };
        format!("{sign}{}", Dose(micros.abs()))
    }
}

impl std::str::FromStr for Dose {
    type Err = DoseParseError;

    /// Parses a plain decimal (`4`, `3.25`, `.5`) exactly, with no float in between.
    fn from_str(text: &str) -> Result<Dose, DoseParseError> {
        let s = text.trim();
        let bad = || DoseParseError::NotANumber(text.trim().to_string());
        if let Some(rest) = s.strip_prefix('-') {
            return if rest.parse::<Dose>().is_ok() {
                Err(DoseParseError::Negative(s.to_string()))
            } else {
                Err(bad())
            };
        }
        let s = s.strip_prefix('+').unwrap_or(s);
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if (whole.is_empty() && frac.is_empty())
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        if frac.len() > 6 {
            return Err(DoseParseError::TooPrecise(s.to_string()));
        }
        let whole_value: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .map_err(|_| DoseParseError::TooLarge(s.to_string()))?
        };
        if whole_value > MAX_UNITS {
            return Err(DoseParseError::TooLarge(s.to_string()));
        }
        let frac_value: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<6}").parse().map_err(|_| bad())?
        };
        let micros = whole_value * SCALE + frac_value;
        if micros > MAX_UNITS * SCALE {
            return Err(DoseParseError::TooLarge(s.to_string()));
        }
        Ok(Dose(micros))
    }
}

impl fmt::Display for Dose {
    /// Shortest exact decimal: `12`, `3.25`, `0.3125`, never `3.2499999`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / SCALE as u64;
        let frac = abs % SCALE as u64;
        let text = if frac == 0 {
            format!("{sign}{whole}")
        } else {
            let digits = format!("{frac:06}");
            format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
        };
        f.pad(&text)
    }
}

impl Add for Dose {
    type Output = Dose;
    fn add(self, rhs: Dose) -> Dose {
        Dose(self.0 + rhs.0)
    }
}

impl Sub for Dose {
    type Output = Dose;
    fn sub(self, rhs: Dose) -> Dose {
        Dose(self.0 - rhs.0)
    }
}

impl Sum for Dose {
    fn sum<I: Iterator<Item = Dose>>(iter: I) -> Dose {
        Dose(iter.map(|d| d.0).sum())
    }
}

impl Serialize for Dose {
    /// JSON and TOML see a plain number; the shortest float that reads back to the same
    /// micro-units, so `3.25` stays `3.25`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % SCALE == 0 {
            serializer.serialize_i64(self.0 / SCALE)
        } else {
            serializer.serialize_f64(self.to_f64())
        }
    }
}

/// A float for a message: `1e308`, never 309 digits.
fn short(value: f64) -> String {
    if value.abs() < 1e15 {
        value.to_string()
    } else {
        format!("{value:e}")
    }
}

impl<'de> Deserialize<'de> for Dose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Dose, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Number {
            Int(i64),
            Float(f64),
        }
        let value = match Number::deserialize(deserializer)
            .map_err(|_| serde::de::Error::custom("expected a number, e.g. 4 or 3.25"))?
        {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        };
        if value.is_nan() || value.is_infinite() {
            return Err(serde::de::Error::custom(format!("{value} is not a dose")));
        }
        if value < 0.0 {
            return Err(serde::de::Error::custom(format!(
                "{} is negative; a dose is zero or more",
                short(value)
            )));
        }
        Dose::from_f64(value).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{} is not a dose: a dose is at most {MAX_UNITS}",
                short(value)
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dose {
        s.parse().unwrap()
    }

    #[test]
    fn parses_exact_decimals() {
        assert_eq!(d("3.25").micros(), 3_250_000);
        assert_eq!(d(".5").micros(), 500_000);
        assert_eq!(d("12").micros(), 12_000_000);
        assert_eq!(d(" 0.000001 ").micros(), 1);
    }

    #[test]
    fn rejects_bad_text() {
        assert!(matches!(
            "-1".parse::<Dose>(),
            Err(DoseParseError::Negative(_))
        ));
        assert!(matches!(
            "abc".parse::<Dose>(),
            Err(DoseParseError::NotANumber(_))
        ));
        assert!(matches!(
            "1.2.3".parse::<Dose>(),
            Err(DoseParseError::NotANumber(_))
        ));
        assert!(matches!(
            "".parse::<Dose>(),
            Err(DoseParseError::NotANumber(_))
        ));
        assert!(matches!(
            "NaN".parse::<Dose>(),
            Err(DoseParseError::NotANumber(_))
        ));
        assert!(matches!(
            "0.1234567".parse::<Dose>(),
            Err(DoseParseError::TooPrecise(_))
        ));
        assert!(matches!(
            "99999999".parse::<Dose>(),
            Err(DoseParseError::TooLarge(_))
        ));
    }

    #[test]
    fn displays_without_float_noise() {
        assert_eq!(d("3.25").to_string(), "3.25");
        assert_eq!(d("12.000").to_string(), "12");
        assert_eq!(Dose::ceil_f64(0.3125).to_string(), "0.3125");
        assert_eq!(Dose::ceil_f64(8.750000000001).to_string(), "8.75");
        assert_eq!(Dose::ceil_f64(3.2499999999999).to_string(), "3.25");
        assert_eq!(Dose::format_signed(-250_000), "-0.25");
        assert_eq!(Dose::format_signed(1_000_000), "+1");
    }

    #[test]
    fn rounds_to_units() {
        let q = d("0.25");
        assert_eq!(d("3.1").ceil_to(q), d("3.25"));
        assert_eq!(d("3.25").ceil_to(q), d("3.25"));
        assert_eq!(d("3.1").floor_to(q), d("3"));
        assert!(d("3.5").is_multiple_of(q));
        assert!(!d("3.6").is_multiple_of(q));
    }

    #[test]
    fn serializes_as_plain_numbers() {
        assert_eq!(serde_json::to_string(&d("3.25")).unwrap(), "3.25");
        assert_eq!(serde_json::to_string(&d("4")).unwrap(), "4");
        let back: Dose = serde_json::from_str("0.714286").unwrap();
        assert_eq!(back, d("0.714286"));
    }
}
