//! Opening a long plan: the first frame (Today) from the text above the log and the last
//! days of the log (`core::recent`), the whole plan read on a thread at the first quiet
//! moment after it (`Rest::start`) and swapped in as soon as it is there. Saves never
//! depend on it: `store::modify` reads the file again under the lock. Plans that are small,
//! finished (Today then counts free days over the whole log) or not in taper's own layout
//! are read whole, as before.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use chrono::{Days, NaiveDateTime};

use super::app::App;
use super::msg::Msg;
use super::open_plan::OpenPlan;
use super::run::{dispatch, load_msg, open_msg};
use crate::core::Plan;
use crate::core::fsafe::FileId;
use crate::core::store::{self, Store};

/// Days of log the first frame reads: Today shows the last 14.
pub const RECENT_DAYS: u64 = 21;

/// The whole plan, on its way (read on a thread once `start` is called: at the first quiet
/// moment after the first frame, so that neither the frame nor a `q` pressed at once shares
/// the processor with it).
pub struct Rest {
    path: PathBuf,
    receiver: Option<Receiver<Result<Plan, String>>>,
    /// The plan's files when it was opened (`years::version`): if a save (or another
    /// program) changed them since, the plan in the app is newer than what the thread read.
    opened: Vec<Option<FileId>>,
    /// The years kept apart when it was opened (what `opened` covers).
    years: Vec<i32>,
}

/// The message that opens the plan, and the rest of it when only its recent log was read.
pub fn open(store: &Store, plan: Option<&str>, now: NaiveDateTime) -> (Msg, Option<Rest>) {
    let path = match store.resolve(plan) {
        Ok(path) => path,
        Err(e) => return (open_msg(Err(e)), None),
    };
    if let Some(since) = now.date().checked_sub_days(Days::new(RECENT_DAYS))
        && let Ok(Some(partial)) = store::load_recent(&path, since)
        && let Ok(open) = OpenPlan::new(path.clone(), partial, now)
        && open.plan.day_of(now) < open.schedule.end
    {
        let opened = store::years::version(&path, &open.plan.log_years);
        let years = open.plan.log_years.clone();
        let msg = Msg::Opened(Box::new(open));
        return (
            msg,
            Some(Rest {
                path,
                receiver: None,
                opened,
                years,
            }),
        );
    }
    (load_msg(path), None)
}

impl Rest {
    /// Start reading the whole plan (once).
    pub fn start(&mut self) {
        if self.receiver.is_some() {
            return;
        }
        let (sender, receiver) = mpsc::channel();
        let full = self.path.clone();
        super::hangup::spawn_quiet(move || {
            let _ = sender.send(store::load(&full).map_err(|e| e.to_string()));
        });
        self.receiver = Some(receiver);
    }

    /// Swap the whole plan in if it has arrived (`true` when the wait is over; `false`
    /// before `start`).
    pub fn arrive(&mut self, app: &mut App, store: &Store) -> bool {
        let Some(receiver) = &self.receiver else {
            return false;
        };
        let result = match receiver.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => return true,
        };
        let now = store::years::version(&self.path, &self.years);
        if now != self.opened {
            // Saved or changed since: read it again (after a save of this app, whose plan
            // is the one it wrote, this changes nothing).
            let fresh = store::load(&self.path).map_err(|e| e.to_string());
            dispatch(app, store, Msg::Reloaded(fresh));
            return true;
        }
        match result {
            Ok(plan) => {
                // The same plan, now whole: no "changed on disk" message.
                let status = app.status.clone();
                dispatch(app, store, Msg::Reloaded(Ok(plan)));
                app.status = status;
            }
            Err(message) => {
                dispatch(
                    app,
                    store,
                    Msg::Loaded {
                        path: self.path.clone(),
                        result: Err(message),
                    },
                );
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{Dose, DoseEntry, render};
    use crate::tui::app::Document;
    use crate::tui::theme::Theme;

    #[test]
    fn a_long_plan_opens_from_its_recent_log_then_whole() {
        let now = chrono::NaiveDate::from_ymd_opt(2027, 1, 21)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut plan = crate::core::test_plans::long_plan(now.date());
        for day in 0..400 {
            for hour in [8, 12, 16, 20] {
                let at = (plan.start + Days::new(day))
                    .and_hms_opt(hour, 0, 0)
                    .unwrap();
                plan.add_entry(DoseEntry {
                    product: Some("brand".into()),
                    ..DoseEntry::new(at, Dose::from_units(1))
                });
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        std::fs::write(store.path_of("long"), render::render(&plan)).unwrap();

        let (msg, rest) = open(&store, None, now);
        let mut rest = rest.expect("read in two parts");
        let Msg::Opened(first) = &msg else {
            panic!("{msg:?}")
        };
        assert_eq!(first.plan.doses.len(), 4 * RECENT_DAYS as usize);
        let mut app = App::new(now, Theme::PLAIN, 80, 24);
        dispatch(&mut app, &store, msg);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        rest.start();
        while !rest.arrive(&mut app, &store) {
            assert!(std::time::Instant::now() < deadline);
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let Document::Open(open) = &app.document else {
            panic!("not open")
        };
        assert_eq!(open.plan, plan);
        assert_eq!(app.status, None, "no 'changed on disk' message");
    }
}
