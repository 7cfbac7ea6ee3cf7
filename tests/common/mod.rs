//! What the CLI tests share: a temp data dir and a fixed `TAPER_NOW`.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn cmd(&self, now: &str) -> Command {
        let mut cmd = Command::cargo_bin("taper").unwrap();
        cmd.env("TAPER_DATA_DIR", self.dir.path())
            .env("TAPER_NOW", now)
            // No config file unless a test writes one here.
            .env("TAPER_CONFIG", self.dir.path().join("config.toml"))
            .env_remove("NO_COLOR");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd("2027-01-05T09:00").args(args).output().unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_at("2027-01-05T09:00", args)
    }

    /// `ok` with the clock at `now`.
    pub fn ok_at(&self, now: &str, args: &[&str]) -> String {
        let out = self.cmd(now).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.toml"))
    }

    pub fn kratom(&self) {
        self.ok(&w("new kratom --unit g --start-dose 12 --target-dose 0 --start 2027-01-04 --weeks 10 --method linear --step-days 7 --round-to 0.25 --doses-per-day 3 --substance kratom"));
    }
}

/// Split a command line on spaces (arguments here never contain one).
pub fn w(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Every file in the data dir with its bytes, to prove a failed command changed nothing.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.clone(), fs::read(p).unwrap()))
        .collect()
}

/// The demo plan with `days` days of four 1 g doses and a check-in every third day, ending
/// the day before 2027-01-21 (900 days: from 2024, its last two years a file well over the
/// size read whole).
pub fn long_plan(days: u64) -> taper::core::Plan {
    use chrono::{Days, NaiveDate};
    use taper::core::checkin::{CheckIn, Measure};
    use taper::core::{Dose, DoseEntry};
    let today = NaiveDate::from_ymd_opt(2027, 1, 21).unwrap();
    let mut plan = taper::core::demo::demo_plan(today).unwrap();
    plan.doses.clear();
    let first = today - Days::new(days);
    for day in 0..days {
        let date = first + Days::new(day);
        for hour in [8, 12, 16, 20] {
            plan.add_entry(DoseEntry {
                product: Some("Maeng Da".into()),
                ..DoseEntry::new(date.and_hms_opt(hour, 0, 0).unwrap(), Dose::from_units(1))
            });
        }
        if day % 3 == 0 {
            let mut c = CheckIn::new(date);
            c.set(Measure::Withdrawal, Some(3));
            plan.checkins.push(c);
        }
    }
    plan.base.start = first;
    plan
}
