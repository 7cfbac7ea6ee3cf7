//! A TUI change that replaces or undoes an entry another program changed meanwhile is not
//! half applied: nothing is written and the person is told.

use chrono::NaiveDate;
use taper::core::store::{self, Store};
use taper::core::{Change, Dose, DoseEntry, demo};
use taper::tui::app::{App, SaveKind};
use taper::tui::msg::{Effect, Msg};
use taper::tui::run::perform;
use taper::tui::theme::Theme;

#[test]
fn a_replaced_entry_that_is_gone_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let today = NaiveDate::from_ymd_opt(2027, 1, 21).unwrap();
    let path = demo::install(&store, today).unwrap();
    let plan = store::load(&path).unwrap();
    let first = plan.doses[0].clone();
    // The TUI thinks the first entry is there; another program changed its amount.
    let edited = std::fs::read_to_string(&path).unwrap().replacen(
        &format!("amount = {}", first.amount),
        "amount = 0.5",
        1,
    );
    std::fs::write(&path, &edited).unwrap();
    let change = Change {
        add: vec![DoseEntry::new(first.at, Dose::from_units(2))],
        remove: vec![first],
    };
    let app = App::new(today.and_hms_opt(9, 30, 0).unwrap(), Theme::PLAIN, 80, 24);
    let reply = perform(
        Effect::Save {
            path: path.clone(),
            change,
            kind: SaveKind::Change,
        },
        &store,
        &app,
    );
    let Some(Msg::SaveFailed { message }) = reply else {
        panic!("saved anyway: {reply:?}");
    };
    assert!(
        message.contains("changed in the plan file meanwhile"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
}
