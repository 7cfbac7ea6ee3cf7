//! The run loop: read input → `Msg` → `update` → perform effects → draw.
//! The files are read and written here, the real terminal in `terminal`; `drive` takes
//! any input source and backend, so tests run the same loop on a `TestBackend` with
//! scripted keys.

use std::collections::VecDeque;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;

use super::app::{App, SaveKind};
use super::deferred::Rest;
use super::msg::{Effect, Msg};
use super::switcher::PlanSummary;
use super::update::update;
use super::view::view;
use crate::core::clock::Clock;
use crate::core::fsafe::FileId;
use crate::core::store::{self, Store};
use crate::core::{StoreError, demo};

/// How often the clock is read while no key is pressed.
pub const TICK: Duration = Duration::from_secs(1);

/// One input to the loop.
#[derive(Clone, Debug)]
pub enum Input {
    Event(Event),
    /// Time passed: the loop reads the clock.
    Tick,
}

/// The message that opens the plan chosen by `--plan` (or the default one), once it is
/// resolved to a path (`Store::resolve`).
pub fn open_msg(resolved: Result<PathBuf, StoreError>) -> Msg {
    match resolved {
        Ok(path) => load_msg(path),
        Err(StoreError::NoPlans(_)) => Msg::NoPlans,
        // Several plans and no default: the switcher asks which one.
        Err(StoreError::Ambiguous(_)) => Msg::ChoosePlan,
        Err(e) => Msg::OpenFailed(e.to_string()),
    }
}

pub fn load_msg(path: PathBuf) -> Msg {
    let result = store::load(&path).map_err(|e| e.to_string());
    Msg::Loaded { path, result }
}

/// Perform one effect (not `Quit`), returning the message that reports its result.
pub fn perform(effect: Effect, store: &Store, app: &App) -> Option<Msg> {
    match effect {
        Effect::Save { path, change, kind } => Some(
            match store::modify(&path, |plan| {
                // An entry this change replaces or undoes that is gone from the file (changed
                // by another program meanwhile): apply nothing rather than half of it.
                if change.apply(plan) < change.remove.len() {
                    return Err(StoreError::Invalid(
                        "the day changed in the plan file meanwhile; nothing was saved — look at it again and redo the change".into(),
                    ));
                }
                Ok(())
            }) {
                Ok(((), plan)) => Msg::Saved { change, kind, plan },
                Err(e) => Msg::SaveFailed {
                    message: e.to_string(),
                },
            },
        ),
        Effect::Amend {
            path,
            amendment,
            kind,
        } => Some(
            match store::modify(&path, |plan| {
                match kind {
                    SaveKind::Change => plan.add_amendment(amendment.clone()),
                    SaveKind::Undo => {
                        let index = plan
                            .amendments
                            .iter()
                            .rposition(|a| *a == amendment)
                            .ok_or_else(|| {
                                StoreError::Invalid("that change is no longer in the plan".into())
                            })?;
                        plan.amendments.remove(index);
                    }
                }
                plan.validate()?;
                Ok(())
            }) {
                Ok(((), plan)) => Msg::Amended {
                    amendment,
                    kind,
                    plan,
                },
                Err(e) => Msg::SaveFailed {
                    message: e.to_string(),
                },
            },
        ),
        Effect::CheckIn {
            path,
            checkin,
            before,
            kind,
        } => Some(
            match store::modify(&path, |plan| {
                Ok(crate::core::checkin::apply(plan, &checkin, before.as_ref()))
            }) {
                Ok(((previous, checkin), plan)) => Msg::CheckedIn {
                    checkin,
                    previous,
                    kind,
                    plan,
                },
                Err(e) => Msg::SaveFailed {
                    message: e.to_string(),
                },
            },
        ),
        Effect::ListPlans => Some(Msg::Plans(list_plans(store, app))),
        Effect::SwitchPlan { name } => Some(match store.use_plan(&name) {
            Ok(path) => load_msg(path),
            Err(e) => Msg::SaveFailed {
                message: e.to_string(),
            },
        }),
        Effect::InstallDemo => Some(match demo::install(store, app.today) {
            Ok(path) => load_msg(path),
            Err(e) => Msg::OpenFailed(format!("The demo plan could not be installed: {e}")),
        }),
        Effect::CreatePlan { file_name, plan } => {
            Some(match store.create(&file_name, &plan, false) {
                Ok(path) => load_msg(path),
                Err(e) => Msg::CreateFailed(e.to_string()),
            })
        }
        Effect::Quit => None,
    }
}

/// Every plan of the data dir, read as of the app's clock.
fn list_plans(store: &Store, app: &App) -> Vec<PlanSummary> {
    let default = store.default_name();
    let names = store.names().unwrap_or_default();
    names
        .iter()
        .map(|name| match store::load(&store.path_of(name)) {
            Ok(plan) => {
                let today = plan.day_of(app.now);
                PlanSummary::of(name, &plan, today, default.as_deref() == Some(name))
            }
            Err(e) => PlanSummary::unreadable(name, e.to_string()),
        })
        .collect()
}

/// Feed one message through `update`, performing effects until none are left.
/// Returns `true` when the app asked to quit.
pub fn dispatch(app: &mut App, store: &Store, msg: Msg) -> bool {
    let mut queue = VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        for effect in update(app, msg) {
            if effect == Effect::Quit {
                return true;
            }
            if let Some(reply) = perform(effect, store, app) {
                queue.push_back(reply);
            }
        }
    }
    false
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) => Some(Msg::Key(key)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

/// The open plan's files as they are on disk (the plan file and its year files), if a
/// plan is open: a change by another program changes this.
fn modified(app: &App) -> Option<Vec<Option<FileId>>> {
    let open = app.open_plan()?;
    Some(store::years::version(&open.path, &open.plan.log_years))
}

/// Run the loop until `q` or the end of the input. On each tick the plan file is checked:
/// when another program (say `taper log`) changed it, it is read again.
pub fn drive<B, I>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &Store,
    clock: &Clock,
    inputs: I,
) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    I: IntoIterator<Item = io::Result<Input>>,
{
    drive_with(terminal, app, store, clock, inputs, None)
}

/// `drive`, with the rest of a plan whose first frame was drawn from its recent log.
pub(super) fn drive_with<B, I>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &Store,
    clock: &Clock,
    inputs: I,
    mut rest: Option<Rest>,
) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    I: IntoIterator<Item = io::Result<Input>>,
{
    terminal.draw(|frame| view(app, frame))?;
    let mut seen = modified(app);
    for input in inputs {
        let msg = match input? {
            Input::Tick => {
                // The first quiet moment after the first frame: read the whole plan now.
                if let Some(r) = rest.as_mut() {
                    r.start();
                }
                if let Some(open) = app.open_plan().filter(|_| modified(app) != seen) {
                    let result = store::load(&open.path).map_err(|e| e.to_string());
                    dispatch(app, store, Msg::Reloaded(result));
                }
                Msg::Tick(clock.now())
            }
            Input::Event(event) => {
                let Some(msg) = to_msg(event) else { continue };
                if matches!(msg, Msg::Key(_)) {
                    // A tick logs the time of the key press, not of the last tick.
                    dispatch(app, store, Msg::Tick(clock.now()));
                }
                msg
            }
        };
        if dispatch(app, store, msg) {
            return Ok(());
        }
        // The whole plan is swapped in after the key that came first (a `q` quits at once).
        if rest.as_mut().is_some_and(|r| r.arrive(app, store)) {
            rest = None;
        }
        seen = modified(app);
        terminal.draw(|frame| view(app, frame))?;
    }
    Ok(())
}
