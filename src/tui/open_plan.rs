//! The open plan and what is derived from it for drawing, computed once per plan.

use std::cell::{OnceCell, RefCell};
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::app::{App, Document, Mode, Screen, Zoom};
use super::cursor::first_open_slot;
use super::theme::Theme;
use crate::core::journal::{self, ProductUse};
use crate::core::progress::{self, DayRecord};
use crate::core::schedule::{self, Schedule};
use crate::core::text::printable;
use crate::core::{DayStatus, Measure, Plan, day};

/// The open plan: the saved plan and its derived schedule. A changed plan is a new
/// `OpenPlan` (`OpenPlan::new`), never an edit of these fields: what is derived from them
/// is computed once, when first drawn.
#[derive(Clone, Debug)]
pub struct OpenPlan {
    pub path: PathBuf,
    pub plan: Plan,
    pub schedule: Schedule,
    /// Planned against taken for every day (Progress), built on first use.
    records: OnceCell<Vec<DayRecord>>,
    /// The products named in the log (Progress's lower panel), built on first use.
    products: OnceCell<Vec<ProductUse>>,
    /// Progress's charts as last drawn.
    pub progress_charts: Drawn<ChartsKey>,
}

impl OpenPlan {
    /// Open a plan as of `now` (which matters while a hold is open: see `schedule::build`).
    pub fn new(path: PathBuf, plan: Plan, now: NaiveDateTime) -> Result<OpenPlan, String> {
        let schedule = schedule::build(&plan, plan.day_of(now))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(OpenPlan {
            path,
            plan,
            schedule,
            records: OnceCell::new(),
            products: OnceCell::new(),
            progress_charts: Drawn::default(),
        })
    }

    /// Every day's planned and taken dose (`progress::records`), built once per plan.
    pub fn records(&self) -> &[DayRecord] {
        self.records
            .get_or_init(|| progress::records(&self.plan, &self.schedule))
    }

    /// The products named in the log (`journal::products`), built once per plan.
    pub fn products(&self) -> &[ProductUse] {
        self.products.get_or_init(|| journal::products(&self.plan))
    }

    pub fn status(&self, date: NaiveDate) -> DayStatus {
        day::status(&self.plan, &self.schedule, date)
    }
}

/// Show a plan just opened (on Today, cursors reset), or why it could not be.
pub fn show(app: &mut App, opened: Result<OpenPlan, String>) {
    match opened {
        Ok(open) => {
            let name = printable(&open.plan.name).into_owned();
            app.document = Document::Open(Box::new(open));
            app.set_clock(app.now);
            app.undo.clear();
            app.screen = Screen::Today;
            app.dose_cursor = first_open_slot(app);
            app.schedule_cursor = app.today_row();
            app.week_cursor = 0;
            app.calendar_day = app.today;
            if matches!(app.mode, Mode::Wizard(_) | Mode::Switcher(_)) {
                app.mode = Mode::Browse;
                app.set_status(format!("Opened {name}"));
            }
        }
        Err(message) => {
            app.document = Document::Failed(message);
            app.mode = Mode::Browse;
        }
    }
}

/// Everything Progress's charts (the dose chart, its legend and the lower panel) are drawn
/// from besides the open plan itself: equal keys draw the same cells. (`area` is the whole
/// screen's: the charts' share of it depends on its height.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartsKey {
    pub area: Rect,
    pub today: NaiveDate,
    pub zoom: Zoom,
    pub theme: Theme,
    pub chart_panel: bool,
    pub chart_measure: Option<Measure>,
    pub show_products: bool,
}

impl ChartsKey {
    pub fn of(app: &App, area: Rect) -> ChartsKey {
        ChartsKey {
            area,
            today: app.today,
            zoom: app.zoom,
            theme: app.theme,
            chart_panel: app.chart_panel,
            chart_measure: app.chart_measure,
            show_products: app.show_products,
        }
    }
}

/// Cells drawn from the open plan, kept with it while what they were drawn from (`K`) stays
/// the same: a chart of years of days is drawn once, not on every key press. (A changed
/// plan is a new `OpenPlan`, with nothing kept.)
#[derive(Clone, Debug)]
pub struct Drawn<K> {
    cells: RefCell<Option<(K, Buffer)>>,
}

impl<K> Default for Drawn<K> {
    fn default() -> Self {
        Drawn {
            cells: RefCell::new(None),
        }
    }
}

impl<K: PartialEq> Drawn<K> {
    /// Put into `buf` the cells of `area` that `draw` draws from `key`: the ones kept when
    /// the key is the last one drawn, else those `draw` draws now (which are then kept).
    pub fn draw(&self, key: K, area: Rect, buf: &mut Buffer, draw: impl FnOnce(&mut Buffer)) {
        let area = area.intersection(buf.area);
        if let Some((kept, cells)) = &*self.cells.borrow()
            && *kept == key
            && cells.area == area
        {
            for pos in area.positions() {
                buf[pos] = cells[pos].clone();
            }
            return;
        }
        draw(buf);
        let mut cells = Buffer::empty(area);
        for pos in area.positions() {
            cells[pos] = buf[pos].clone();
        }
        *self.cells.borrow_mut() = Some((key, cells));
    }
}
