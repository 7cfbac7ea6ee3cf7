//! Benchmarks of the core: building schedules, reading and writing plan files.
//! Run with `cargo bench`; they print numbers, they assert nothing.

use std::path::Path;

use chrono::{Days, NaiveDate};
use taper::core::new_plan::{Length, NewPlan};
use taper::core::{Class, Dose, DoseEntry, Method, Plan, Segment, plan_file, render, schedule};

fn main() {
    divan::main();
}

fn plan(method: Method, weeks: u32) -> Plan {
    NewPlan {
        name: "bench".into(),
        substance: "x".into(),
        class: Class::Opioid,
        unit: "mg".into(),
        start_dose: Some(Dose::from_units(120)),
        length: Length::Weeks(weeks),
        method: Some(method),
        emax: None,
        ed50: None,
        ladder: Vec::new(),
        segment: Segment {
            target_dose: Dose::ZERO,
            start: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            step_days: 7,
            round_to: Some("0.5".parse().unwrap()),
            doses_per_day: 3,
            ..Segment::default()
        },
    }
    .build()
    .unwrap()
}

/// A plan with a long log: three doses a day for `days` days.
fn logged_plan(days: u64) -> Plan {
    let mut p = plan(Method::Hyperbolic, 520);
    for day in 0..days {
        let date = p.start + Days::new(day);
        for hour in [8, 14, 20] {
            p.add_entry(DoseEntry {
                product: Some("brand".into()),
                ..DoseEntry::new(date.and_hms_opt(hour, 5, 0).unwrap(), Dose::from_units(2))
            });
        }
    }
    p
}

#[divan::bench(args = [Method::Linear, Method::Percent, Method::Hyperbolic])]
fn schedule_ten_years_daily(method: Method) -> usize {
    let p = plan(method, 520);
    let s = schedule::build(divan::black_box(&p), p.start).unwrap();
    s.days().count()
}

#[divan::bench]
fn parse_plan_with_three_years_of_log(bencher: divan::Bencher) {
    let text = render::render(&logged_plan(3 * 365));
    bencher.bench(|| plan_file::parse(Path::new("bench.toml"), divan::black_box(&text)).unwrap());
}

#[divan::bench]
fn render_plan_with_three_years_of_log(bencher: divan::Bencher) {
    let p = logged_plan(3 * 365);
    bencher.bench(|| render::render(divan::black_box(&p)));
}

#[divan::bench]
fn progress_records_three_years(bencher: divan::Bencher) {
    let p = logged_plan(3 * 365);
    let s = schedule::build(&p, p.start).unwrap();
    bencher.bench(|| taper::core::progress::records(divan::black_box(&p), &s).len());
}
