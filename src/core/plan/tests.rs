use super::*;

#[test]
fn default_times_spread_over_the_day() {
    let fmt = |n| {
        default_dose_times(n)
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(fmt(1), ["08:00"]);
    assert_eq!(fmt(3), ["08:00", "14:00", "20:00"]);
    assert_eq!(fmt(4), ["08:00", "12:00", "16:00", "20:00"]);
}

#[test]
fn a_late_dose_counts_for_the_day_before_when_the_day_starts_later() {
    let text = include_str!("../../../tests/fixtures/valid/minimal.toml");
    let mut plan = crate::core::plan_file::parse(std::path::Path::new("m.toml"), text).unwrap();
    let day = plan.start;
    let night = (day + chrono::Days::new(1)).and_hms_opt(1, 30, 0).unwrap();
    plan.add_entry(DoseEntry::new(night, crate::core::Dose::from_units(2)));
    assert_eq!(plan.day_of(night), day + chrono::Days::new(1));
    assert_eq!(plan.taken_on(day), None);
    plan.day_starts = NaiveTime::from_hms_opt(4, 0, 0).unwrap();
    assert_eq!(plan.day_of(night), day);
    assert_eq!(plan.taken_on(day), Some(crate::core::Dose::from_units(2)));
    assert_eq!(
        plan.instant_on(day, NaiveTime::from_hms_opt(1, 30, 0).unwrap()),
        night
    );
    let morning = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
    assert_eq!(plan.instant_on(day, morning), day.and_time(morning));
}

#[test]
fn class_and_method_names_round_trip() {
    for class in Class::ALL {
        assert_eq!(Class::parse(class.name()), Some(class));
    }
    assert_eq!(Class::parse("nope"), None);
    for method in Method::ALL {
        assert_eq!(Method::parse(method.name()), Some(method));
        // clap shows the same names.
        let value = clap::ValueEnum::to_possible_value(&method).unwrap();
        assert_eq!(value.get_name(), method.name());
    }
}
