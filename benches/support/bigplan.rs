//! A seeded generator of realistic large plans, shared by `examples/bigplan.rs` and the
//! benchmarks (included with `#[path]`, so it is not part of the library).
//!
//! A plan of `years` years ends "today" two thirds into its taper: it started
//! `years × 365` days before `today` and runs on for half as long again. It has four doses a
//! day (ticks with products, now and then a note, a missed dose or an extra manual
//! entry), holds with a resume every few hundred days and a re-plan every two years, as
//! `[[amendment]]` tables. The same seed gives the same plan.
//!
//! HOOK (check-ins): the `journal` branch adds `[[checkin]]` tables; once merged, add
//! them in `check_ins` below (one most days), so the benchmarks measure them too.

#![allow(dead_code)]

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use taper::core::amend::Change;
use taper::core::new_plan::{Length, NewPlan};
use taper::core::{Amendment, Class, Dose, DoseEntry, Method, Plan, Segment, schedule};

/// The fixed "now" of generated plans (also passed as `TAPER_NOW` by the scripts).
pub const TODAY: &str = "2036-06-15";

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap_or_default()
}

/// Noon of `today()`, the instant the benchmarks act at.
pub fn now() -> NaiveDateTime {
    today().and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
}

/// splitmix64: small, seeded, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// true with probability `percent` / 100
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const PRODUCTS: [&str; 3] = [
    "Valium 5 mg",
    "Diazepam Teva 2 mg",
    "Diazepam oral solution",
];
const NOTES: [&str; 6] = [
    "slept badly",
    "took it late, with food",
    "anxious in the afternoon",
    "felt fine",
    "headache; water and a walk helped",
    "split the tablet with a cutter",
];
const REASONS: [&str; 4] = [
    "hard week at work",
    "symptoms too strong; stay here a while",
    "holiday",
    "agreed with my doctor",
];
const TIMES: [(u32, u32); 4] = [(8, 0), (12, 0), (16, 0), (20, 0)];

fn segment(name: &str, start: NaiveDate, dose: Dose, end: NaiveDate, method: Method) -> Segment {
    let request = NewPlan {
        name: name.into(),
        substance: "diazepam".into(),
        class: Class::Benzodiazepine,
        unit: "mg".into(),
        start_dose: Some(dose),
        length: Length::End(end),
        method: Some(method),
        emax: None,
        ed50: None,
        ladder: Vec::new(),
        segment: Segment {
            start,
            target_dose: Dose::ZERO,
            step_days: 14,
            round_to: "0.25".parse().ok(),
            doses_per_day: 4,
            ..Segment::default()
        },
    };
    request
        .build_segment()
        .unwrap_or_else(|e| panic!("bigplan segment: {e}"))
}

/// The plan of `years` years (1..=19), from `seed`.
pub fn generate(years: u32, seed: u64) -> Plan {
    let mut rng = Rng::new(seed ^ u64::from(years).wrapping_mul(0x1234_5678_9ABC));
    let today = today();
    let days = u64::from(years.clamp(1, 19)) * 365;
    let start = today - Days::new(days);
    // Today is two thirds of the way: the taper goes on for half as long again.
    let end = today + Days::new(days / 2);
    let name = format!("big-{years}y");
    let base = segment(&name, start, Dose::from_units(40), end, Method::Linear);
    let mut plan = Plan::new(&name, "diazepam", Class::Benzodiazepine, "mg", base);

    // Amendments: a hold (10–40 days, then a resume) every 150–400 days, and a re-plan
    // every two years from the dose in force then.
    let mut day = 60 + rng.below(120);
    let mut next_replan = 730;
    while day + 60 < days {
        let from = start + Days::new(day);
        if day >= next_replan {
            let current = schedule::build(&plan, today)
                .ok()
                .and_then(|s| s.day(from))
                .map_or(Dose::from_units(10), |d| d.target);
            if current > Dose::from_units(1) {
                let method = if rng.chance(50) {
                    Method::Linear
                } else {
                    Method::Hyperbolic
                };
                let seg = segment(&name, from, current, end, method);
                plan.add_amendment(Amendment {
                    reason: Some(REASONS[3].into()),
                    signed_off_by: rng.chance(50).then(|| "Dr. Okafor".into()),
                    ..Amendment::new(from, Change::Replan(Box::new(seg)))
                });
            }
            next_replan += 730;
        } else {
            let held = 10 + rng.below(30);
            plan.add_amendment(Amendment {
                reason: Some(REASONS[rng.below(3) as usize].into()),
                ..Amendment::new(from, Change::Hold)
            });
            plan.add_amendment(Amendment::new(from + Days::new(held), Change::Resume));
            day += held;
        }
        day += 150 + rng.below(250);
    }

    // The log: every planned dose from the start to yesterday (today: the morning one).
    let schedule = schedule::build(&plan, today).unwrap_or_else(|e| panic!("bigplan: {e}"));
    let mut doses = Vec::new();
    for d in schedule.days().take_while(|d| d.date <= today) {
        let split = schedule::split(schedule.segment_of(&d), d.target);
        for planned in split {
            if d.date == today && planned.slot > 1 {
                break;
            }
            if rng.chance(3) {
                continue; // a missed dose
            }
            let (h, m) = TIMES[(planned.slot as usize - 1) % TIMES.len()];
            let late = rng.below(50);
            let time = NaiveTime::from_hms_opt(h, m + late as u32 % 60, 0).unwrap_or_default();
            let extra = rng.chance(2);
            let amount = if extra {
                planned.amount + Dose::from_micros(250_000)
            } else {
                planned.amount
            };
            doses.push(DoseEntry {
                at: d.date.and_time(time),
                amount,
                product: Some(PRODUCTS[rng.below(PRODUCTS.len() as u64) as usize].into()),
                note: rng
                    .chance(6)
                    .then(|| NOTES[rng.below(NOTES.len() as u64) as usize].into()),
                slot: (!extra).then_some(planned.slot),
                warned: false,
            });
        }
    }
    doses.sort_by_key(|e| e.at);
    plan.doses = doses;
    check_ins(&mut plan, &mut rng);
    plan
}

/// HOOK: check-ins (`[[checkin]]`) once the journal branch is merged.
/// A check-in every two or three days, ratings drifting around the middle.
fn check_ins(plan: &mut Plan, rng: &mut Rng) {
    use taper::core::checkin::{CheckIn, Measure};
    let Some(last) = plan.doses.last().map(|d| d.at.date()) else {
        return;
    };
    let mut date = plan.start;
    while date <= last {
        let mut c = CheckIn::new(date);
        for measure in Measure::ALL {
            if rng.chance(50) {
                c.set(measure, Some(3 + rng.below(5) as u8));
            }
        }
        if rng.chance(10) {
            c.note = Some("slept badly".into());
        }
        if !c.is_empty() {
            plan.checkins.push(c);
        }
        date = date + chrono::Days::new(2 + rng.below(2));
    }
}

/// The plan file's text.
pub fn text(years: u32, seed: u64) -> String {
    taper::core::render::render(&generate(years, seed))
}
