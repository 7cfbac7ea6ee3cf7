//! The wizard's forms field and its preview: doses as they will be measured.

use ratatui::crossterm::event::KeyCode;

use super::field::Field;
use super::tests::{clear_and_type, go_to, press, screen};
use super::{Wizard, WizardOutcome};
use crate::core::forms::Form;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
}

fn plan_with(start: &str, forms: &str) -> Wizard {
    let mut w = Wizard::new(today());
    clear_and_type(&mut w, Field::Name, "oxy");
    clear_and_type(&mut w, Field::StartDose, start);
    clear_and_type(&mut w, Field::LengthValue, "10");
    clear_and_type(&mut w, Field::DosesPerDay, "2");
    clear_and_type(&mut w, Field::Forms, forms);
    w
}

#[test]
fn forms_typed_in_the_wizard_are_in_the_plan_and_the_preview() {
    let mut w = plan_with("21.2", "tablet:10:0.5, liquid:1:0.1");
    let text = screen(&w, 140, 40);
    assert!(text.contains("10.6: 1 × tablet + 0.6 × liquid"), "{text}");
    go_to(&mut w, Field::MaxCut);
    let WizardOutcome::Create { plan, .. } = press(&mut w, KeyCode::Enter) else {
        panic!("plan with forms not made")
    };
    assert_eq!(
        plan.forms,
        [
            Form::parse("tablet:10:0.5").unwrap(),
            Form::parse("liquid:1:0.1").unwrap()
        ]
    );
}

#[test]
fn a_bad_form_marks_the_field() {
    let w = plan_with("20", "tablet:10");
    assert!(super::form::fields_with_errors(&w.values).contains(&Field::Forms));
}

#[test]
fn without_rounding_or_forms_the_preview_shows_at_most_three_decimals() {
    // 47 → 0 in 10 weeks, 2 doses a day: 4.7 a step, but with 11 steps…; use 7 weeks:
    // 47/7 a step leaves levels like 40.285715, which the preview shows as 40.286.
    let mut w = plan_with("47", "");
    clear_and_type(&mut w, Field::LengthValue, "7");
    let text = screen(&w, 140, 40);
    assert!(text.contains("40.286 mg"), "{text}");
    assert!(!text.contains("40.285715"), "{text}");
}

#[test]
fn days_off_and_a_ceiling_typed_in_the_wizard_are_in_the_plan() {
    let mut w = super::tests::hyperbolic();
    clear_and_type(&mut w, Field::DaysOff, "funday");
    clear_and_type(&mut w, Field::MaxCut, "0");
    let built = super::form::build(&w.values);
    assert!(w.shown_error(Field::DaysOff, &built).is_some());
    assert!(w.shown_error(Field::MaxCut, &built).is_some());
    clear_and_type(&mut w, Field::DaysOff, "sat,tue");
    clear_and_type(&mut w, Field::MaxCut, "10/14");
    go_to(&mut w, Field::MaxCut);
    let WizardOutcome::Create { plan, .. } = press(&mut w, KeyCode::Enter) else {
        panic!("plan not made")
    };
    assert_eq!(plan.off_days, [chrono::Weekday::Tue, chrono::Weekday::Sat]);
    assert_eq!((plan.max_cut, plan.per_days), (Some(10.0), Some(14)));
    // A pattern instead of weekdays.
    let mut w = super::tests::hyperbolic();
    clear_and_type(&mut w, Field::DaysOff, "5on2off");
    go_to(&mut w, Field::MaxCut);
    let WizardOutcome::Create { plan, .. } = press(&mut w, KeyCode::Enter) else {
        panic!("plan not made")
    };
    assert_eq!(plan.pattern.map(|p| p.name()).as_deref(), Some("5on2off"));
    assert!(plan.off_days.is_empty());
}
