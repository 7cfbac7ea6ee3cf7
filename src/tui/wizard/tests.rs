use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::field::Field;
use super::{Wizard, WizardOutcome, render};
use crate::core::new_plan::{Length, NewPlan};
use crate::core::{Class, Dose, schedule};
use crate::core::{Method, Segment};
use crate::tui::theme::Theme;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub(super) fn press(w: &mut Wizard, code: KeyCode) -> WizardOutcome {
    w.handle_key(key(code))
}

fn type_text(w: &mut Wizard, text: &str) {
    for c in text.chars() {
        assert_eq!(press(w, KeyCode::Char(c)), WizardOutcome::Continue);
    }
}

/// Move the focus to `field` with Tab.
pub(super) fn go_to(w: &mut Wizard, field: Field) {
    for _ in 0..2 * Field::ALL.len() {
        if w.focus == field {
            return;
        }
        press(w, KeyCode::Tab);
    }
    panic!("{field:?} is not reachable");
}

pub(super) fn clear_and_type(w: &mut Wizard, field: Field, text: &str) {
    go_to(w, field);
    w.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(w, text);
}

/// The hyperbolic example: 20 mg → 0 over 8 weeks, a step every 7 days.
pub(super) fn hyperbolic() -> Wizard {
    let mut w = Wizard::new(today());
    type_text(&mut w, "oxy-taper");
    clear_and_type(&mut w, Field::Substance, "oxycodone");
    go_to(&mut w, Field::Class);
    press(&mut w, KeyCode::Left); // other → stimulant
    press(&mut w, KeyCode::Left); // → kratom
    press(&mut w, KeyCode::Left); // → antidepressant
    press(&mut w, KeyCode::Left); // → benzodiazepine
    press(&mut w, KeyCode::Left); // → opioid
    clear_and_type(&mut w, Field::StartDose, "20");
    clear_and_type(&mut w, Field::LengthValue, "8");
    go_to(&mut w, Field::Method);
    press(&mut w, KeyCode::Right);
    press(&mut w, KeyCode::Right);
    w
}

fn hyperbolic_request() -> NewPlan {
    NewPlan {
        name: "oxy-taper".into(),
        substance: "oxycodone".into(),
        class: Class::Opioid,
        unit: "mg".into(),
        start_dose: Some(Dose::from_units(20)),
        length: Length::Weeks(8),
        method: Some(Method::Hyperbolic),
        emax: None,
        ed50: None,
        ladder: Vec::new(),
        segment: Segment {
            target_dose: Dose::ZERO,
            start: today(),
            step_days: 7,
            round_to: None,
            doses_per_day: 1,
            ..Segment::default()
        },
    }
}

fn save(w: &mut Wizard) -> WizardOutcome {
    go_to(w, Field::MaxCut);
    press(w, KeyCode::Enter)
}

#[test]
fn typing_edits_the_focused_field() {
    let mut w = Wizard::new(today());
    assert!(!w.is_dirty());
    type_text(&mut w, "kratom2");
    press(&mut w, KeyCode::Backspace);
    assert_eq!(w.values.name.text(), "kratom");
    assert!(w.is_dirty());
    press(&mut w, KeyCode::Left);
    press(&mut w, KeyCode::Char('X'));
    assert_eq!(w.values.name.text(), "kratoXm");
    w.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert_eq!(w.values.name.text(), "");
    assert!(!w.is_dirty());
}

#[test]
fn typing_on_arrival_replaces_a_default_and_cursor_keys_keep_it() {
    let mut w = Wizard::new(today());
    go_to(&mut w, Field::StepDays);
    assert!(w.replaces_on_type());
    type_text(&mut w, "28");
    assert_eq!(w.values.step_days.text(), "28");
    go_to(&mut w, Field::Unit);
    press(&mut w, KeyCode::End);
    assert!(!w.replaces_on_type());
    type_text(&mut w, "/day");
    assert_eq!(w.values.unit.text(), "mg/day");
}

#[test]
fn navigation_follows_the_form_order() {
    let mut w = Wizard::new(today());
    let order = [
        Field::Name,
        Field::Substance,
        Field::Class,
        Field::Unit,
        Field::StartDose,
        Field::TargetDose,
        Field::StartDate,
        Field::LengthKind,
        Field::LengthValue,
        Field::Method,
        Field::StepDays,
        Field::RoundTo,
        Field::Forms,
        Field::DosesPerDay,
        Field::DayStarts,
        Field::DaysOff,
        Field::MaxCut,
    ];
    for (i, field) in order.iter().enumerate() {
        assert_eq!(w.focus, *field);
        press(
            &mut w,
            if i % 2 == 0 {
                KeyCode::Tab
            } else {
                KeyCode::Down
            },
        );
    }
    assert_eq!(w.focus, Field::Name, "wraps around");
    press(&mut w, KeyCode::BackTab);
    assert_eq!(w.focus, Field::MaxCut);
    press(&mut w, KeyCode::Up);
    assert_eq!(w.focus, Field::DaysOff);
    go_to(&mut w, Field::Unit);
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.focus, Field::StartDose, "Enter moves on");
    assert!(!w.is_dirty(), "moving is not a change");
}

#[test]
fn choices_cycle_and_ladder_swaps_fields() {
    let mut w = Wizard::new(today());
    go_to(&mut w, Field::Class);
    press(&mut w, KeyCode::Right);
    assert_eq!(w.values.class, Class::Opioid, "other wraps to opioid");
    press(&mut w, KeyCode::Left);
    assert_eq!(w.values.class, Class::Other);
    assert!(!w.is_dirty());
    go_to(&mut w, Field::Method);
    for expected in [Method::Percent, Method::Hyperbolic, Method::Ladder] {
        press(&mut w, KeyCode::Right);
        assert_eq!(w.values.method, expected);
    }
    let visible = w.values.visible();
    assert!(visible.contains(&Field::Steps));
    assert!(!visible.contains(&Field::LengthKind) && !visible.contains(&Field::StepDays));
    press(&mut w, KeyCode::Tab);
    assert_eq!(w.focus, Field::Steps);
    go_to(&mut w, Field::Class);
    press(&mut w, KeyCode::Char('x'));
    assert_eq!(
        w.values.class,
        Class::Other,
        "typing does not change a choice"
    );
}

#[test]
fn percent_length_picks_the_percent_method() {
    let mut w = Wizard::new(today());
    type_text(&mut w, "p");
    clear_and_type(&mut w, Field::StartDose, "40");
    go_to(&mut w, Field::LengthKind);
    press(&mut w, KeyCode::Right);
    assert_eq!(w.values.method, Method::Percent);
    let WizardOutcome::Create { plan, .. } = save(&mut w) else {
        panic!("percent plan not made")
    };
    let request = NewPlan {
        name: "p".into(),
        substance: String::new(),
        class: Class::Other,
        unit: "mg".into(),
        start_dose: Some(Dose::from_units(40)),
        length: Length::Percent(10.0),
        method: Some(Method::Percent),
        emax: None,
        ed50: None,
        ladder: Vec::new(),
        segment: Segment {
            target_dose: Dose::ZERO,
            start: today(),
            step_days: 7,
            round_to: None,
            doses_per_day: 1,
            ..Segment::default()
        },
    };
    assert_eq!(plan, request.build().unwrap());
}

#[test]
fn esc_cancels_at_once_when_nothing_was_typed() {
    let mut w = Wizard::new(today());
    press(&mut w, KeyCode::Tab);
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::Cancelled);
}

#[test]
fn esc_asks_first_when_something_was_typed() {
    let mut w = Wizard::new(today());
    type_text(&mut w, "a");
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::Continue);
    assert!(w.confirming);
    assert_eq!(press(&mut w, KeyCode::Char('n')), WizardOutcome::Continue);
    assert!(!w.confirming);
    assert_eq!(w.values.name.text(), "a", "n keeps the form as it was");
    press(&mut w, KeyCode::Esc);
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::Continue);
    assert!(!w.confirming, "Esc in the confirm goes back");
    press(&mut w, KeyCode::Esc);
    assert_eq!(press(&mut w, KeyCode::Char('x')), WizardOutcome::Continue);
    assert!(w.confirming, "other keys wait for y or n");
    assert_eq!(press(&mut w, KeyCode::Char('y')), WizardOutcome::Cancelled);
}

#[test]
fn enter_on_the_last_field_creates_the_plan_new_would() {
    let mut w = hyperbolic();
    let outcome = save(&mut w);
    let expected = hyperbolic_request().build().unwrap();
    assert_eq!(
        outcome,
        WizardOutcome::Create {
            file_name: "oxy-taper".into(),
            plan: expected.clone()
        }
    );
    assert_eq!(
        schedule::build(&expected, expected.start)
            .unwrap()
            .step_count(),
        9,
        "the hyperbolic example has 9 steps"
    );
}

#[test]
fn enter_with_problems_does_not_save() {
    let mut w = Wizard::new(today());
    type_text(&mut w, "bad name");
    clear_and_type(&mut w, Field::TargetDose, "abc");
    assert_eq!(save(&mut w), WizardOutcome::Continue);
    assert_eq!(w.focus, Field::Name, "focus goes to the first problem");
    assert!(
        w.notice.as_deref().unwrap().contains("3 fields"),
        "{:?}",
        w.notice
    );
    let built = super::form::build(&w.values);
    assert_eq!(
        w.shown_error(Field::Name, &built).as_deref(),
        Some("letters, digits, - and _")
    );
    assert_eq!(
        w.shown_error(Field::StartDose, &built).as_deref(),
        Some("needed")
    );
    assert_eq!(
        w.shown_error(Field::TargetDose, &built).as_deref(),
        Some("not a number")
    );
}

#[test]
fn cross_field_problems_point_at_a_field() {
    let mut w = Wizard::new(today());
    type_text(&mut w, "up");
    clear_and_type(&mut w, Field::StartDose, "5");
    clear_and_type(&mut w, Field::TargetDose, "10");
    assert_eq!(save(&mut w), WizardOutcome::Continue);
    assert_eq!(w.focus, Field::TargetDose);
    let notice = w.notice.clone().unwrap();
    assert!(notice.contains("above the start dose"), "{notice}");
    type_text(&mut w, "x");
    assert_eq!(w.notice, None, "typing clears the message");
}

#[test]
fn set_error_shows_and_keeps_the_form() {
    let mut w = hyperbolic();
    w.set_error("a plan named oxy-taper exists already".into());
    let text = screen(&w, 80, 24);
    assert!(
        text.contains("! a plan named oxy-taper exists already"),
        "{text}"
    );
}

#[test]
fn ladder_plan_matches_new() {
    let mut w = Wizard::new(today());
    type_text(&mut w, "steps");
    go_to(&mut w, Field::Method);
    press(&mut w, KeyCode::Left);
    assert_eq!(w.values.method, Method::Ladder);
    clear_and_type(&mut w, Field::Steps, "20:14,15:14,10:7");
    let WizardOutcome::Create { plan, .. } = save(&mut w) else {
        panic!("ladder not made")
    };
    let request = NewPlan {
        name: "steps".into(),
        substance: String::new(),
        class: Class::Other,
        unit: "mg".into(),
        start_dose: None,
        length: Length::FromSteps,
        method: Some(Method::Ladder),
        emax: None,
        ed50: None,
        ladder: crate::core::new_plan::parse_ladder("20:14,15:14,10:7").unwrap(),
        segment: Segment {
            target_dose: Dose::ZERO,
            start: today(),
            step_days: 7,
            round_to: None,
            doses_per_day: 1,
            ..Segment::default()
        },
    };
    assert_eq!(plan, request.build().unwrap());
}

pub(super) fn screen(w: &Wizard, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| render(w, frame, frame.area(), Theme::PLAIN))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

fn snapshot(name: &str, text: String) {
    insta::with_settings!({ snapshot_path => "../../../tests/snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn snapshot_wizard_80x24() {
    let mut w = hyperbolic();
    clear_and_type(&mut w, Field::RoundTo, "0.5");
    snapshot("wizard_80x24", screen(&w, 80, 24));
}

#[test]
fn snapshot_wizard_40x12() {
    let mut w = hyperbolic();
    clear_and_type(&mut w, Field::TargetDose, "2x");
    snapshot("wizard_40x12", screen(&w, 40, 12));
}

#[test]
fn snapshot_wizard_confirm_discard_80x24() {
    let mut w = Wizard::new(today());
    type_text(&mut w, "kratom");
    press(&mut w, KeyCode::Esc);
    snapshot("wizard_confirm_80x24", screen(&w, 80, 24));
}

#[test]
fn never_panics_at_any_size() {
    let states = {
        let mut ladder = hyperbolic();
        go_to(&mut ladder, Field::Method);
        press(&mut ladder, KeyCode::Right);
        clear_and_type(&mut ladder, Field::Steps, "20:7,10:7");
        let mut confirm = hyperbolic();
        press(&mut confirm, KeyCode::Esc);
        [Wizard::new(today()), hyperbolic(), ladder, confirm]
    };
    for w in &states {
        for width in (1..=120).step_by(7).chain([1, 2, 39, 40, 79, 80]) {
            for height in (1..=40).step_by(3).chain([1, 2, 12]) {
                let _ = screen(w, width, height);
            }
        }
    }
}

#[test]
fn small_screen_keeps_the_focused_field_and_its_error() {
    let mut w = hyperbolic();
    clear_and_type(&mut w, Field::DosesPerDay, "99");
    let text = screen(&w, 40, 12);
    assert!(text.contains("› Doses a day"), "{text}");
    assert!(text.contains("! 1 to 24"), "{text}");
}
