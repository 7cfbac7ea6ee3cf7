//! Amendments: holds, resumes, re-plans and breaks, and the promise that history is never
//! rewritten (no day before an amendment's date changes, the log is never touched).

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use taper::core::amend::{Amendment, Change};
use taper::core::new_plan::{Length, NewPlan};
use taper::core::render::render;
use taper::core::schedule::{self, Schedule};
use taper::core::{Class, Dose, DoseEntry, Method, Plan, Segment, StepKind, plan_file};

fn d(text: &str) -> Dose {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// 12 → 0 g over 12 weekly steps of 1 g, from Mon 2027-01-04 to 2027-03-29.
fn plan() -> Plan {
    NewPlan {
        name: "t".into(),
        class: Class::Kratom,
        unit: "g".into(),
        start_dose: Some(d("12")),
        length: Length::Weeks(12),
        method: Some(Method::Linear),
        segment: Segment {
            start: date("2027-01-04"),
            ..Segment::default()
        },
        ..NewPlan::default()
    }
    .build()
    .unwrap()
}

fn with(mut plan: Plan, amendments: &[Amendment]) -> Plan {
    for a in amendments {
        plan.add_amendment(a.clone());
    }
    plan
}

fn at(from: &str, change: Change) -> Amendment {
    Amendment::new(date(from), change)
}

fn build(plan: &Plan, today: &str) -> Schedule {
    schedule::build(plan, date(today)).unwrap()
}

fn target(s: &Schedule, on: &str) -> Dose {
    s.day(date(on)).unwrap().target
}

#[test]
fn a_hold_shifts_the_end_by_exactly_the_days_held() {
    let base = build(&plan(), "2027-01-04");
    assert_eq!(base.end, date("2027-03-29"));
    let held = with(
        plan(),
        &[
            at("2027-01-20", Change::Hold),
            at("2027-01-30", Change::Resume),
        ],
    );
    let s = build(&held, "2027-02-10");
    assert_eq!(s.end, date("2027-04-08"), "10 days held");
    // Step 3 (10 g) began on 01-18; held from 01-20 to 01-29; 5 days of it were left.
    for day in ["2027-01-20", "2027-01-25", "2027-01-29"] {
        let t = s.day(date(day)).unwrap();
        assert_eq!((t.target, t.kind), (d("10"), StepKind::Hold), "{day}");
    }
    assert_eq!(target(&s, "2027-02-03"), d("10"));
    assert!(!s.day(date("2027-02-03")).unwrap().is_hold());
    assert_eq!(
        target(&s, "2027-02-04"),
        d("9"),
        "the next step moved by 10 days"
    );
    // The held rung is not a step: the numbers and the count stay.
    assert_eq!(s.step_count(), base.step_count());
    assert_eq!(
        s.day(date("2027-02-04")).unwrap().step,
        base.day(date("2027-01-25")).unwrap().step
    );
}

#[test]
fn an_open_hold_lasts_until_today_and_moves_the_end_each_day() {
    let held = with(plan(), &[at("2027-01-20", Change::Hold)]);
    let a = build(&held, "2027-01-22");
    let b = build(&held, "2027-01-25");
    assert_eq!(b.end - a.end, chrono::Duration::days(3));
    assert!(b.day(date("2027-01-25")).unwrap().is_hold());
    assert!(!b.day(date("2027-01-26")).unwrap().is_hold());
    // Next step: the next change of dose, never the held rung itself.
    let next = b.next_step_after(date("2027-01-25")).unwrap();
    assert!(next.dose < d("10"), "{next:?}");
}

#[test]
fn a_replan_starts_a_new_segment_and_keeps_the_days_before() {
    let base = build(&plan(), "2027-01-04");
    let segment = NewPlan {
        start_dose: Some(d("10")),
        length: Length::Weeks(20),
        method: Some(Method::Percent),
        segment: Segment {
            start: date("2027-02-01"),
            round_to: Some(d("0.25")),
            doses_per_day: 2,
            ..Segment::default()
        },
        ..NewPlan::default()
    }
    .build_segment()
    .unwrap();
    let replanned = with(
        plan(),
        &[at("2027-02-01", Change::Replan(Box::new(segment.clone())))],
    );
    let s = build(&replanned, "2027-02-01");
    for day in base.days().take_while(|t| t.date < date("2027-02-01")) {
        assert_eq!(s.day(day.date), Some(day));
    }
    assert_eq!(target(&s, "2027-02-01"), d("10"));
    // The end is the new segment's (rounding may carry it past the end asked for).
    let rungs = schedule::build_segment(&segment, 1).unwrap();
    assert_eq!(s.end, rungs.last().unwrap().start);
    assert!(s.end >= segment.end);
    assert_eq!(s.day(s.end).unwrap().target, Dose::ZERO);
    // The new segment's doses a day split its days.
    let feb = s.day(date("2027-02-02")).unwrap();
    assert_eq!(s.segment_of(&feb).doses_per_day, 2);
    let jan = s.day(date("2027-01-05")).unwrap();
    assert_eq!(s.segment_of(&jan).doses_per_day, 1);
}

#[test]
fn a_break_targets_zero_then_resumes_and_moves_later_steps() {
    let broke = with(
        plan(),
        &[at(
            "2027-01-20",
            Change::Break {
                days: 4,
                resume_dose: Some(d("8")),
            },
        )],
    );
    let s = build(&broke, "2027-01-04");
    for day in ["2027-01-20", "2027-01-23"] {
        let t = s.day(date(day)).unwrap();
        assert_eq!((t.target, t.kind), (Dose::ZERO, StepKind::Break), "{day}");
    }
    assert_eq!(target(&s, "2027-01-24"), d("8"));
    // 10 g would have run until 01-24; the resume dose is the cap for later steps.
    assert_eq!(target(&s, "2027-01-29"), d("8"));
    assert_eq!(
        target(&s, "2027-02-01"),
        d("8"),
        "9 g step (01-28 + 4) capped at 8"
    );
    assert_eq!(target(&s, "2027-02-08"), d("8"));
    assert_eq!(s.end, date("2027-04-02"));
    // Without a resume dose it goes on at the dose in force before the break.
    let plain = with(
        plan(),
        &[at(
            "2027-01-20",
            Change::Break {
                days: 4,
                resume_dose: None,
            },
        )],
    );
    assert_eq!(target(&build(&plain, "2027-01-04"), "2027-01-24"), d("10"));
}

#[test]
fn amendments_on_the_first_day_the_last_day_and_after_the_end() {
    let first = with(
        plan(),
        &[
            at("2027-01-04", Change::Hold),
            at("2027-01-11", Change::Resume),
        ],
    );
    let s = build(&first, "2027-02-01");
    assert!(s.day(date("2027-01-04")).unwrap().is_hold());
    assert_eq!(target(&s, "2027-01-04"), d("12"));
    assert_eq!(target(&s, "2027-01-18"), d("11"), "step 2 moved a week");
    let last = with(
        plan(),
        &[
            at("2027-03-29", Change::Hold),
            at("2027-04-05", Change::Resume),
        ],
    );
    let s = build(&last, "2027-04-10");
    assert_eq!(target(&s, "2027-03-29"), Dose::ZERO);
    assert_eq!(target(&s, "2027-03-22"), d("1"));
    let after = with(
        plan(),
        &[at(
            "2027-05-01",
            Change::Break {
                days: 3,
                resume_dose: None,
            },
        )],
    );
    let s = build(&after, "2027-05-02");
    assert_eq!(target(&s, "2027-04-30"), Dose::ZERO);
    assert!(s.day(date("2027-05-02")).unwrap().is_break());
}

#[test]
fn two_holds_add_up_and_a_replan_ends_a_hold() {
    let two = with(
        plan(),
        &[
            at("2027-01-10", Change::Hold),
            at("2027-01-13", Change::Resume),
            at("2027-02-10", Change::Hold),
            at("2027-02-15", Change::Resume),
        ],
    );
    assert_eq!(
        build(&two, "2027-03-01").end,
        date("2027-04-06"),
        "3 + 5 days"
    );
    let segment = Segment {
        start: date("2027-01-25"),
        start_dose: d("9"),
        end: date("2027-05-03"),
        ..Segment::default()
    };
    let inside = with(
        plan(),
        &[
            at("2027-01-20", Change::Hold),
            at("2027-01-25", Change::Replan(Box::new(segment))),
        ],
    );
    let s = build(&inside, "2027-03-01");
    assert!(s.day(date("2027-01-24")).unwrap().is_hold());
    let t = s.day(date("2027-01-25")).unwrap();
    assert_eq!((t.target, t.kind), (d("9"), StepKind::Taper));
    assert_eq!(s.end, date("2027-05-03"));
}

#[test]
fn bad_amendments_are_refused() {
    let resume_alone = with(plan(), &[at("2027-01-20", Change::Resume)]);
    assert!(resume_alone.validate().is_err());
    let twice = with(
        plan(),
        &[
            at("2027-01-20", Change::Hold),
            at("2027-01-22", Change::Hold),
        ],
    );
    assert!(twice.validate().is_err());
    let early = with(plan(), &[at("2026-12-20", Change::Hold)]);
    assert!(early.validate().is_err());
    let empty_break = with(
        plan(),
        &[at(
            "2027-01-20",
            Change::Break {
                days: 0,
                resume_dose: None,
            },
        )],
    );
    assert!(empty_break.validate().is_err());
}

fn arb_change(start: NaiveDate) -> impl Strategy<Value = Amendment> {
    (0u64..120, 0u8..5, 1u32..30, 1u32..200, 1i64..14_000).prop_map(
        move |(offset, kind, days, weeks, dose)| {
            let from = start + Days::new(offset);
            let change = match kind {
                0 => Change::Hold,
                4 => Change::Resume,
                1 => Change::Break {
                    days,
                    resume_dose: (dose % 2 == 0).then(|| Dose::from_micros(dose * 1000)),
                },
                _ => Change::Replan(Box::new(Segment {
                    start: from,
                    start_dose: Dose::from_micros(dose * 1000),
                    end: from + Days::new(u64::from(weeks)),
                    round_to: (kind == 3).then(|| d("0.25")),
                    ..Segment::default()
                })),
            };
            Amendment::new(from, change)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Adding any amendment never changes the target of a day before its date, nor the log.
    /// (While a hold is open, the days after today are a projection — "if you resumed
    /// tomorrow" — which a later amendment may replace; up to today nothing changes.)
    #[test]
    fn an_amendment_never_changes_the_past(
        first in arb_change(date("2027-01-04")),
        second in arb_change(date("2027-01-04")),
        today_offset in 0u64..200,
    ) {
        let today = date("2027-01-04") + Days::new(today_offset);
        let mut before = plan();
        before.add_entry(DoseEntry::new(date("2027-01-05").and_hms_opt(8, 0, 0).unwrap(), d("4")));
        before.add_amendment(first.clone());
        prop_assume!(before.validate().is_ok());
        let old = schedule::build(&before, today).unwrap();
        let mut after = before.clone();
        after.add_amendment(second.clone());
        prop_assume!(after.validate().is_ok() && second.from >= first.from);
        let new = schedule::build(&after, today).unwrap();
        let open_hold = first.change == Change::Hold;
        let horizon = if open_hold { second.from.min(today + Days::new(1)) } else { second.from };
        for day in old.days().take_while(|t| t.date < horizon) {
            prop_assert_eq!(new.day(day.date), Some(day));
        }
        prop_assert_eq!(&after.doses, &before.doses);
        // And the file keeps it all.
        let back = plan_file::parse(std::path::Path::new("x.toml"), &render(&after)).unwrap();
        prop_assert_eq!(back, after);
    }
}
