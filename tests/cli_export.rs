//! `taper export`, `import`, `status`, `man`, `show --steps`: golden files of a fixed
//! plan under TAPER_NOW (regenerate with UPDATE_GOLDEN=1 and read the diff), the
//! calendar through a real iCalendar parser, the csv through the csv crate, the html
//! through an HTML parser.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Env, w};

const NOW: &str = "2027-01-28T09:00";

fn golden_plan() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/plan.toml")
}

/// Run taper on the golden plan (read only) and return stdout.
fn export(env: &Env, args: &[&str]) -> String {
    let plan = golden_plan();
    let out = env
        .cmd(NOW)
        .env("TZ", "UTC")
        .arg("--plan")
        .arg(&plan)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).unwrap();
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs from tests/golden/{name}; run with UPDATE_GOLDEN=1 and read the diff"
    );
}

#[test]
fn golden_exports() {
    let env = Env::new();
    golden("days.csv", &export(&env, &w("export --format csv")));
    golden(
        "doses.csv",
        &export(&env, &w("export --format csv --doses --from 2027-01-18")),
    );
    golden("export.json", &export(&env, &w("export --format json")));
    golden(
        "export.ics",
        &export(&env, &w("export --format ics --reminders")),
    );
    golden("report.md", &export(&env, &w("export --format md")));
    golden("report.html", &export(&env, &w("export --format html")));
    golden("steps.txt", &export(&env, &w("show --steps")));
}

#[test]
fn csv_reads_back_with_the_csv_crate() {
    let env = Env::new();
    let text = export(
        &env,
        &w("export --format csv --from 2027-01-04 --to 2027-01-31"),
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "date",
            "step",
            "target",
            "taken",
            "difference",
            "unit",
            "hold",
            "note",
            "off"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 28, "one row per day of the range");
    assert_eq!(&rows[0][0], "2027-01-04");
    assert_eq!(&rows[1][7], "slept badly, took it early");
    let held: Vec<&str> = rows
        .iter()
        .filter(|r| &r[6] == "true")
        .map(|r| r.get(0).unwrap())
        .collect();
    assert_eq!(held.first(), Some(&"2027-01-25"));
    assert_eq!(held.len(), 7);
    let text = export(&env, &w("export --format csv --doses"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["at", "amount", "unit", "product", "note"]
    );
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(
        first.iter().collect::<Vec<_>>(),
        ["2027-01-04T08:20:00", "4", "g", "Red Bali", ""]
    );
}

#[test]
fn json_has_every_part() {
    let env = Env::new();
    let v: serde_json::Value =
        serde_json::from_str(&export(&env, &w("export --format json"))).unwrap();
    for key in [
        "plan",
        "schedule",
        "log",
        "checkins",
        "amendments",
        "audit",
        "range",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["checkins"].as_array().unwrap().len(), 0);
    assert_eq!(v["amendments"][0]["kind"], "hold");
    assert_eq!(v["amendments"][0]["signed_off_by"], "Dr Okafor");
    assert_eq!(v["log"].as_array().unwrap().len(), 47);
    assert_eq!(v["schedule"]["steps"][0]["dose"], 12);
    assert!(!v["audit"].as_array().unwrap().is_empty());
}

#[test]
fn ics_parses_with_a_real_parser_and_follows_rfc5545() {
    let env = Env::new();
    let text = export(&env, &w("export --format ics --reminders"));
    // CRLF everywhere, no line longer than 75 octets.
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let reader = ical::IcalParser::new(text.as_bytes());
    let calendars: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    for e in events {
        assert!(prop(e, "UID").is_some_and(|u| u.ends_with("@taper")));
        assert_eq!(prop(e, "DTSTAMP").as_deref(), Some("20270128T090000Z"));
    }
    let summaries: Vec<String> = events.iter().filter_map(|e| prop(e, "SUMMARY")).collect();
    assert!(summaries.contains(&"Step 2 of 17: 9.75 g a day".to_string()));
    assert!(summaries.contains(&"Hold at 6.25 g a day".to_string()));
    // The day a hold ends keeps the dose: no event that day.
    assert!(
        !events
            .iter()
            .any(|e| prop(e, "DTSTART").as_deref() == Some("20270201"))
    );
    let hold = events
        .iter()
        .find(|e| prop(e, "SUMMARY").as_deref() == Some("Hold at 6.25 g a day"))
        .unwrap();
    assert_eq!(prop(hold, "DTSTART").as_deref(), Some("20270125"));
    assert_eq!(prop(hold, "DTEND").as_deref(), Some("20270201"));
    assert!(
        prop(hold, "DESCRIPTION")
            .unwrap()
            .contains("hard week at work")
    );
    let reminders: Vec<_> = events
        .iter()
        .filter(|e| prop(e, "RRULE").is_some())
        .collect();
    assert!(!reminders.is_empty());
    assert!(reminders.iter().all(|e| e.alarms.len() == 1));
    let uids: std::collections::BTreeSet<_> =
        events.iter().filter_map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    // The same export twice is the same bytes (deterministic UIDs and stamp).
    assert_eq!(text, export(&env, &w("export --format ics --reminders")));
}

#[test]
fn html_is_one_page_without_script_with_one_svg_per_chart() {
    let env = Env::new();
    let text = export(&env, &w("export --format html"));
    let dom = tl::parse(&text, tl::ParserOptions::default()).unwrap();
    let parser = dom.parser();
    let count = |tag: &str| dom.query_selector(tag).map_or(0, |q| q.count());
    assert_eq!(count("script"), 0);
    assert_eq!(count("link"), 0);
    assert_eq!(count("img"), 0);
    assert_eq!(
        count("svg"),
        1,
        "planned against taken; no check-ins yet, so no second chart"
    );
    assert_eq!(count("table"), 1);
    let title = dom.query_selector("title").unwrap().next().unwrap();
    assert_eq!(
        title.get(parser).unwrap().inner_text(parser),
        "Taper report: Golden: kratom taper"
    );
    assert!(
        !text.contains("http://")
            || text
                .matches("http://")
                .all(|_| text.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    );
    assert!(text.contains("it does not replace a clinician"));
    assert!(text.contains("hard week at work"));
}

#[test]
fn output_writes_a_0600_file_and_nothing_to_stdout() {
    let env = Env::new();
    let target = env.dir.path().join("out.md");
    let out = export(
        &env,
        &[
            "export",
            "--format",
            "md",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out, "");
    let text = fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("# Taper report: Golden: kratom taper"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn man_page_is_roff_from_clap() {
    let env = Env::new();
    let page = env.ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH taper"),
        "{}",
        &page[..200]
    );
    assert!(page.contains("export"));
    assert!(page.contains("status"));
}

#[test]
fn ics_folds_long_non_ascii_text_on_character_boundaries_and_escapes_it() {
    let env = Env::new();
    let text = fs::read_to_string(golden_plan()).unwrap().replace(
        "reason = \"hard week at work\"",
        "reason = \"Umzug; Kündigung, Übergabe — schwere Woche, viel Stress und wenig Schlaf; Ärztin informiert\\u001b[31m\"",
    );
    let path = env.dir.path().join("plan.toml");
    fs::write(&path, text).unwrap();
    let out = env
        .cmd(NOW)
        .env("TZ", "UTC")
        .args([
            "--plan",
            path.to_str().unwrap(),
            "export",
            "--format",
            "ics",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ics = String::from_utf8(out.stdout).expect("folding keeps UTF-8 whole");
    assert!(!ics.contains('\u{1b}'), "control characters are replaced");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let description = calendar
        .events
        .iter()
        .flat_map(|e| &e.properties)
        .filter(|p| p.name == "DESCRIPTION")
        .filter_map(|p| p.value.clone())
        .find(|v| v.contains("Umzug"))
        .unwrap();
    // Unfolded, the escaped text is whole again.
    assert!(
        description.contains(r"Umzug\; Kündigung\, Übergabe — schwere Woche\, viel Stress"),
        "{description}"
    );
}
