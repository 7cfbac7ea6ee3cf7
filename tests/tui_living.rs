//! `update` tests of the living-plan keys: `h` hold / resume, `b` break, `r` re-plan,
//! `p` the plan switcher, and undo of an amendment. No I/O: effects are checked, and
//! their results fed back as the run loop would.

use std::path::PathBuf;

use chrono::{Days, NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use taper::core::amend::Change;
use taper::core::demo::demo_plan;
use taper::core::{Amendment, Dose, Plan, schedule};
use taper::tui::app::{App, Mode, SaveKind, Undoable};
use taper::tui::msg::{Effect, Msg};
use taper::tui::switcher::PlanSummary;
use taper::tui::theme::Theme;
use taper::tui::update::update;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn app_with(plan: Plan) -> App {
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    update(
        &mut app,
        Msg::Loaded {
            path: PathBuf::from("/data/demo-kratom.toml"),
            result: Ok(plan),
        },
    );
    app
}

fn app() -> App {
    app_with(demo_plan(today()).unwrap())
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        assert!(key(app, KeyCode::Char(c)).is_empty());
    }
}

/// The amendment of the one `Effect::Amend`.
fn the_amend(effects: &[Effect]) -> (Amendment, SaveKind) {
    match effects {
        [
            Effect::Amend {
                amendment, kind, ..
            },
        ] => (amendment.clone(), *kind),
        other => panic!("expected one Amend effect, got {other:?}"),
    }
}

/// Feed an `Effect::Amend` back as the run loop would.
fn amended(app: &mut App, effects: Vec<Effect>) {
    let (amendment, kind) = the_amend(&effects);
    let mut plan = app.open_plan().unwrap().plan.clone();
    match kind {
        SaveKind::Change => plan.add_amendment(amendment.clone()),
        SaveKind::Undo => {
            let i = plan
                .amendments
                .iter()
                .rposition(|a| *a == amendment)
                .unwrap();
            plan.amendments.remove(i);
        }
    }
    update(
        app,
        Msg::Amended {
            amendment,
            kind,
            plan,
        },
    );
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn h_asks_for_a_reason_then_holds_from_today() {
    let mut app = app();
    assert!(key(&mut app, KeyCode::Char('h')).is_empty());
    assert!(matches!(app.mode, Mode::Amend(_)));
    typed(&mut app, "hard week");
    let effects = key(&mut app, KeyCode::Enter);
    let (amendment, kind) = the_amend(&effects);
    assert_eq!(kind, SaveKind::Change);
    assert_eq!(amendment.from, today());
    assert_eq!(amendment.change, Change::Hold);
    assert_eq!(amendment.reason.as_deref(), Some("hard week"));
    assert!(matches!(app.mode, Mode::Browse));
    amended(&mut app, effects);
    assert!(
        status(&app).starts_with("Held from Thu 21 Jan at 10 g"),
        "{}",
        status(&app)
    );
    assert!(
        app.open_plan()
            .unwrap()
            .schedule
            .day(today())
            .unwrap()
            .is_hold()
    );
    assert_eq!(app.undo.len(), 1);
}

#[test]
fn esc_closes_the_reason_dialog_without_saving() {
    let mut app = app();
    key(&mut app, KeyCode::Char('h'));
    typed(&mut app, "x");
    assert!(key(&mut app, KeyCode::Esc).is_empty());
    assert!(matches!(app.mode, Mode::Browse));
    assert!(app.open_plan().unwrap().plan.amendments.is_empty());
}

#[test]
fn an_empty_reason_is_none_and_h_is_only_on_today() {
    let mut app = app();
    key(&mut app, KeyCode::Char('2'));
    assert!(key(&mut app, KeyCode::Char('h')).is_empty());
    assert!(matches!(app.mode, Mode::Browse));
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('h'));
    let (amendment, _) = the_amend(&key(&mut app, KeyCode::Enter));
    assert_eq!(amendment.reason, None);
}

#[test]
fn h_resumes_an_open_hold_and_undo_removes_the_resume() {
    let mut plan = demo_plan(today()).unwrap();
    let since = today() - Days::new(4);
    plan.add_amendment(Amendment::new(since, Change::Hold));
    let mut app = app_with(plan);
    let end_while_held = app.open_plan().unwrap().schedule.end;
    key(&mut app, KeyCode::Char('h'));
    let Mode::Amend(dialog) = &app.mode else {
        panic!("the dialog is up")
    };
    assert_eq!(dialog.title(), " Resume on Thu 21 Jan ");
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(the_amend(&effects).0.change, Change::Resume);
    amended(&mut app, effects);
    assert!(
        status(&app).starts_with("Resumed after 4 days held"),
        "{}",
        status(&app)
    );
    // Resumed today: the end is where the open hold had it (it ran until tomorrow).
    let end = app.open_plan().unwrap().schedule.end;
    assert_eq!(end + Days::new(1), end_while_held);

    let effects = key(&mut app, KeyCode::Char('u'));
    let (amendment, kind) = the_amend(&effects);
    assert_eq!(
        (amendment.change.clone(), kind),
        (Change::Resume, SaveKind::Undo)
    );
    amended(&mut app, effects);
    assert!(app.undo.is_empty());
    assert!(
        status(&app).starts_with("Undone: resume on 2027-01-21"),
        "{}",
        status(&app)
    );
    assert_eq!(app.open_plan().unwrap().plan.amendments.len(), 1);
}

#[test]
fn h_on_the_day_a_hold_began_takes_it_back() {
    let mut plan = demo_plan(today()).unwrap();
    plan.add_amendment(Amendment::new(today(), Change::Hold));
    let mut app = app_with(plan);
    let (amendment, kind) = the_amend(&key(&mut app, KeyCode::Char('h')));
    assert_eq!((amendment.change, kind), (Change::Hold, SaveKind::Undo));
}

#[test]
fn b_plans_a_break_with_days_and_a_resume_dose() {
    let mut app = app();
    key(&mut app, KeyCode::Char('b'));
    assert!(matches!(app.mode, Mode::Amend(_)));
    // Days are needed.
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    let Mode::Amend(dialog) = &app.mode else {
        panic!("the dialog stays up")
    };
    assert!(dialog.error.as_deref().unwrap().starts_with("days"));
    typed(&mut app, "3x");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "5");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "trip");
    let effects = key(&mut app, KeyCode::Enter);
    let (amendment, _) = the_amend(&effects);
    assert_eq!(
        amendment.change,
        Change::Break {
            days: 3,
            resume_dose: Some(Dose::from_units(5))
        }
    );
    assert_eq!(amendment.reason.as_deref(), Some("trip"));
    amended(&mut app, effects);
    let text = status(&app);
    assert!(
        text.starts_with("Break from Thu 21 Jan for 3 days; back on Sun 24 Jan at 5 g"),
        "{text}"
    );
    assert!(text.contains(taper::core::text::BREAK_NOTE));
    let open = app.open_plan().unwrap();
    assert!(open.schedule.day(today()).unwrap().is_break());
    assert_eq!(open.schedule.day(today()).unwrap().target, Dose::ZERO);
}

#[test]
fn r_replans_from_today_through_the_wizard() {
    let mut app = app();
    let before = app.open_plan().unwrap().clone();
    let target = before.schedule.day(today()).unwrap().target;
    key(&mut app, KeyCode::Char('r'));
    let Mode::Wizard(wizard) = &app.mode else {
        panic!("the wizard is up")
    };
    assert!(wizard.is_replan());
    // Enter walks the form; on the last field it saves.
    let mut effects = Vec::new();
    for _ in 0..20 {
        effects = key(&mut app, KeyCode::Enter);
        if !effects.is_empty() {
            break;
        }
    }
    let (amendment, kind) = the_amend(&effects);
    assert_eq!(kind, SaveKind::Change);
    assert_eq!(amendment.from, today());
    let Change::Replan(segment) = &amendment.change else {
        panic!("a replan: {amendment:?}")
    };
    assert_eq!(segment.start, today());
    assert_eq!(segment.start_dose, target);
    assert_eq!(segment.target_dose, before.plan.target_dose);
    amended(&mut app, effects);
    assert!(matches!(app.mode, Mode::Browse));
    let open = app.open_plan().unwrap();
    assert_eq!(open.path, before.path, "the same file, not a new plan");
    assert_eq!(open.plan.doses, before.plan.doses, "the log is kept");
    // Nothing before today changed.
    for day in before.schedule.days().take_while(|d| d.date < today()) {
        assert_eq!(open.schedule.day(day.date), Some(day));
    }
    assert!(
        status(&app).starts_with("Re-planned from Thu 21 Jan"),
        "{}",
        status(&app)
    );
}

#[test]
fn r_can_start_from_the_recent_actual() {
    let mut app = app();
    let plan = app.open_plan().unwrap().plan.clone();
    let recent = taper::core::amend::recent_actual(&plan, today(), plan.round_to).unwrap();
    key(&mut app, KeyCode::Char('r'));
    // The first field is the choice of start dose.
    key(&mut app, KeyCode::Right);
    let mut effects = Vec::new();
    for _ in 0..20 {
        effects = key(&mut app, KeyCode::Enter);
        if !effects.is_empty() {
            break;
        }
    }
    let (amendment, _) = the_amend(&effects);
    let Change::Replan(segment) = amendment.change else {
        panic!("a replan")
    };
    assert_eq!(segment.start_dose, recent);
}

#[test]
fn p_lists_the_plans_and_enter_switches() {
    let mut app = app();
    assert_eq!(key(&mut app, KeyCode::Char('p')), vec![Effect::ListPlans]);
    let plan = demo_plan(today()).unwrap();
    let plans = vec![
        PlanSummary::of("demo-kratom", &plan, today(), true),
        PlanSummary::of("other", &plan, today(), false),
    ];
    update(&mut app, Msg::Plans(plans));
    let Mode::Switcher(switcher) = &app.mode else {
        panic!("the switcher is up")
    };
    assert_eq!(switcher.cursor, 0, "on the open plan");
    assert_eq!(switcher.plans[0].target, Some(Dose::from_units(10)));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        vec![Effect::SwitchPlan {
            name: "other".into()
        }]
    );
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn several_plans_and_no_default_open_the_switcher() {
    let mut app = App::new(now(), Theme::PLAIN, 80, 24);
    assert_eq!(update(&mut app, Msg::ChoosePlan), vec![Effect::ListPlans]);
    let plan = demo_plan(today()).unwrap();
    update(
        &mut app,
        Msg::Plans(vec![
            PlanSummary::of("a", &plan, today(), false),
            PlanSummary::of("b", &plan, today(), false),
        ]),
    );
    assert!(matches!(app.mode, Mode::Switcher(_)));
    // Nothing to go back to: Esc keeps the list up.
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Switcher(_)));
}

#[test]
fn a_new_day_moves_an_open_hold_on() {
    let mut plan = demo_plan(today()).unwrap();
    plan.add_amendment(Amendment::new(today(), Change::Hold));
    let mut app = app_with(plan.clone());
    let end = app.open_plan().unwrap().schedule.end;
    update(&mut app, Msg::Tick(now() + Days::new(2)));
    assert_eq!(app.open_plan().unwrap().schedule.end, end + Days::new(2));
    assert_eq!(
        app.open_plan().unwrap().schedule,
        schedule::build(&plan, today() + Days::new(2)).unwrap()
    );
    assert!(matches!(app.undo.first(), None | Some(Undoable::Log(_))));
}

#[test]
fn r_keeps_the_days_off_and_the_ceiling_in_force_and_can_change_them() {
    let mut plan = demo_plan(today()).unwrap();
    plan.base.off_days = vec![chrono::Weekday::Sat];
    plan.base.max_cut = Some(8.0);
    plan.base.per_days = Some(14);
    let replan = |app: &mut App, days_off: Option<&str>| {
        key(app, KeyCode::Char('r'));
        let mut effects = Vec::new();
        for _ in 0..30 {
            if let (Some(text), Mode::Wizard(w)) = (days_off, &app.mode)
                && w.focus_label() == "Days off"
            {
                update(
                    app,
                    Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
                );
                typed(app, text);
            }
            effects = key(app, KeyCode::Enter);
            if !effects.is_empty() {
                break;
            }
        }
        let (amendment, _) = the_amend(&effects);
        let Change::Replan(segment) = amendment.change else {
            panic!("a replan")
        };
        segment
    };
    let mut app = app_with(plan.clone());
    let kept = replan(&mut app, None);
    assert_eq!(kept.off_days, [chrono::Weekday::Sat]);
    assert_eq!((kept.max_cut, kept.per_days), (Some(8.0), Some(14)));
    let mut app = app_with(plan);
    let changed = replan(&mut app, Some("5on2off"));
    assert!(changed.off_days.is_empty());
    assert_eq!(
        changed.pattern.map(|p| p.name()).as_deref(),
        Some("5on2off")
    );
    assert_eq!((changed.max_cut, changed.per_days), (Some(8.0), Some(14)));
}
