//! The config file, `config.toml` in the platform config dir (e.g.
//! `~/.config/taper/config.toml`; `TAPER_CONFIG` names another file): the default data dir,
//! the default day boundary for new plans, and the colour theme. Every key is optional; a
//! missing file is an empty config. A broken one is a `PATH:LINE:COL` error like a plan
//! file's.
//!
//! ```toml
//! data_dir = "~/Documents/taper"
//! day_starts = "04:00"
//! theme = "light"
//! ```

use std::path::{Path, PathBuf};

use chrono::NaiveTime;
use serde::{Deserialize, Deserializer};

use super::error::{FileError, StoreError};
use super::fsafe;
use super::plan_file::line_col;

/// The environment variable that names the config file (tests, several setups).
pub const ENV: &str = "TAPER_CONFIG";

/// The colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// For a dark terminal background (the default).
    #[default]
    Dark,
    /// For a light terminal background.
    Light,
}

/// The settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Where plans live when neither `--data-dir` nor `TAPER_DATA_DIR` says.
    pub data_dir: Option<PathBuf>,
    /// When a day begins in new plans, unless `--day-starts` says.
    pub day_starts: Option<NaiveTime>,
    pub theme: ThemeName,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    data_dir: Option<String>,
    #[serde(default, deserialize_with = "time")]
    day_starts: Option<NaiveTime>,
    theme: Option<ThemeName>,
}

fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
    let text = String::deserialize(d)?;
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "'{text}' is not a time; write \"HH:MM\", e.g. \"04:00\""
            ))
        })
}

/// The config file's path: `TAPER_CONFIG`, else `<config dir>/taper/config.toml`.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os(ENV) {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::config_dir().map(|d| d.join("taper").join("config.toml")),
    }
}

/// Read the config (an absent file is the default config).
pub fn load() -> Result<Config, StoreError> {
    match path() {
        Some(path) => load_from(&path),
        None => Ok(Config::default()),
    }
}

pub fn load_from(path: &Path) -> Result<Config, StoreError> {
    let bytes = match fsafe::read(path) {
        Ok(bytes) => bytes,
        Err(StoreError::Io { error, .. }) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config::default());
        }
        Err(e) => return Err(e),
    };
    let text = String::from_utf8_lossy(&bytes);
    parse(path, &text).map_err(StoreError::File)
}

/// Parse config text; errors point at the line and column.
pub fn parse(path: &Path, text: &str) -> Result<Config, FileError> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let (line, column) = line_col(text, e.span().map_or(0, |s| s.start));
        FileError {
            path: path.to_path_buf(),
            line,
            column,
            message: e.message().trim().to_string(),
            hint: Some(
                "keys: data_dir = \"PATH\", day_starts = \"HH:MM\", theme = \"dark\" or \"light\""
                    .into(),
            ),
            backup: None,
        }
    })?;
    Ok(Config {
        data_dir: raw.data_dir.map(|d| expand_home(&d)),
        day_starts: raw.day_starts,
        theme: raw.theme.unwrap_or_default(),
    })
}

/// `~/…` is the home dir.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Config, FileError> {
        parse(Path::new("config.toml"), text)
    }

    #[test]
    fn reads_every_key_and_defaults() {
        assert_eq!(p("").unwrap(), Config::default());
        let c =
            p("data_dir = \"/srv/taper\"\nday_starts = \"04:00\"\ntheme = \"light\"\n").unwrap();
        assert_eq!(c.data_dir, Some(PathBuf::from("/srv/taper")));
        assert_eq!(c.day_starts, NaiveTime::from_hms_opt(4, 0, 0));
        assert_eq!(c.theme, ThemeName::Light);
    }

    #[test]
    fn errors_point_at_line_and_column() {
        let e = p("theme = \"light\"\ncolour = 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        let e = p("data_dir = \"/x\"\ntheme = \"sepia\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 9), "{e}");
        assert!(e.to_string().starts_with("config.toml:2:9: "), "{e}");
        let e = p("day_starts = \"25:00\"\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("HH:MM"), "{e}");
        let e = p("theme = \n").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
