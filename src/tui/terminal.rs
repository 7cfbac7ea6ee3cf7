//! The real terminal: opened, read, and put back as it was (also on panic, SIGTERM, SIGHUP
//! and SIGINT). Everything else of the interface runs the same on a test backend
//! (`run::drive`).
//!
//! A frame reaches the terminal in one write (`frame_writer`): the backend writes into a
//! buffer that `Terminal::draw` flushes once. The switch to the alternate screen and mouse
//! capture go out with the first frame, so nothing but reading the plan stands between the
//! start and the first frame.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::app::App;
use super::deferred;
use super::run::{Input, TICK, dispatch, drive_with};
use crate::core::clock::Clock;
use crate::core::config::Config;
use crate::core::store::Store;

/// The terminal as taper draws on it.
type Screen = Terminal<CrosstermBackend<BufWriter<Gate<Stdout>>>>;

/// Whether the first frame went out (with it the switch to the alternate screen and mouse
/// capture, which only then need undoing).
static SHOWN: AtomicBool = AtomicBool::new(false);
/// Whether the terminal was put back (`restore`): nothing of a frame goes out after that.
static RESTORED: AtomicBool = AtomicBool::new(false);

/// Room for a whole frame of a large terminal (the test below draws 300×100 in colour), so
/// that it is written at once; a frame larger still goes out in 64 KiB writes.
const FRAME_BYTES: usize = 64 * 1024;

/// How often the loop looks whether a signal asked it to stop.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// How often the loop looks whether the rest of a plan has arrived, while it is read.
const REST_CHECK: Duration = Duration::from_millis(5);

/// Open the real terminal, run, and restore the terminal (also on panic, SIGTERM, SIGHUP
/// and SIGINT; after a signal the program then exits with status 128 + its number).
pub fn run_terminal(
    store: &Store,
    plan: Option<&str>,
    clock: Clock,
    config: &Config,
) -> anyhow::Result<()> {
    let signal = Arc::new(AtomicUsize::new(0));
    catch_signals(&signal);
    super::hangup::watch(Arc::clone(&signal));
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        // A panic ends taper wherever it happens (as `panic = "abort"` does in release):
        // in a build that unwinds, one on another thread would leave the loop running on a
        // terminal given back, its frames dropped.
        if std::thread::current().name() != Some("main") {
            std::process::exit(101);
        }
    }));
    let mut terminal = match open() {
        Ok(terminal) => terminal,
        Err(e) => {
            restore();
            return Err(e.into());
        }
    };
    let result = (|| {
        let size = terminal.size()?;
        let mut app = App::new(
            clock.now(),
            super::theme::Theme::from_env_and(config.theme),
            size.width,
            size.height,
        );
        app.day_starts = config.day_starts;
        let (open, rest) = deferred::open(store, plan, clock.now());
        if dispatch(&mut app, store, open) {
            return Ok(());
        }
        let waiting = rest.is_some();
        let outcome = drive_with(
            &mut terminal,
            &mut app,
            store,
            &clock,
            terminal_inputs(Arc::clone(&signal), waiting),
            rest,
        );
        // The program ends right after: the plan's memory goes with the process instead of
        // being freed entry by entry before the terminal is given back (a quicker quit).
        // Everything is saved already; nothing else needs to run on the way out.
        std::mem::forget(app);
        outcome
    })();
    // What is still buffered goes out before the terminal is put back. (Dropping the
    // terminal after that writes nothing, but frees its two frames cell by cell: it is
    // left to the end of the process.)
    let _ = terminal.backend_mut().flush();
    restore();
    std::mem::forget(terminal);
    match signal.load(Ordering::SeqCst) {
        0 => result,
        number => std::process::exit(128 + i32::try_from(number).unwrap_or(0)),
    }
}

/// Raw mode now; the alternate screen and mouse capture with the first frame.
fn open() -> io::Result<Screen> {
    enable_raw_mode()?;
    let gate = Gate {
        out: io::stdout(),
        shown: &SHOWN,
        restored: &RESTORED,
    };
    Terminal::new(CrosstermBackend::new(frame_writer(gate)?))
}

/// What frames are written through: a buffer that `Terminal::draw` flushes once a frame
/// (twice when a text field shows the cursor: ratatui moves it after the frame), holding
/// already the switch to the alternate screen and mouse capture for the first.
fn frame_writer<W: Write>(out: W) -> io::Result<BufWriter<W>> {
    let mut out = BufWriter::with_capacity(FRAME_BYTES, out);
    queue!(out, EnterAlternateScreen, EnableMouseCapture)?;
    Ok(out)
}

/// The terminal's output as frames see it: it notes that something went out (`shown`), and
/// once the terminal is put back (`restored`) it drops what it is given. (A panic before the
/// first frame, in a build that unwinds, would otherwise flush the switch to the alternate
/// screen after the panic hook had restored the terminal.)
struct Gate<W> {
    out: W,
    shown: &'static AtomicBool,
    restored: &'static AtomicBool,
}

impl<W: Write> Write for Gate<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.restored.load(Ordering::SeqCst) {
            return Ok(buf.len());
        }
        // Noted first: the hang-up handler may run the moment the write returns.
        self.shown.store(true, Ordering::SeqCst);
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.restored.load(Ordering::SeqCst) {
            true => Ok(()),
            false => self.out.flush(),
        }
    }
}

/// Whether a frame went out (async-signal-safe: one atomic load).
pub(super) fn shown() -> bool {
    SHOWN.load(Ordering::SeqCst)
}

/// Give the terminal back as it was: mouse capture off, the main screen and the cursor in
/// one write (when a frame went out at all), then cooked mode.
pub(super) fn restore() {
    RESTORED.store(true, Ordering::SeqCst);
    if shown() {
        let mut stdout = io::stdout().lock();
        let _ = stdout
            .write_all(&screen_back())
            .and_then(|()| stdout.flush());
    }
    let _ = disable_raw_mode();
}

/// What undoes the first frame's switches: mouse capture off, the main screen, the cursor
/// shown (also written by `hangup`'s handler, which prepares it beforehand).
pub(super) fn screen_back() -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    let _ = queue!(out, DisableMouseCapture, LeaveAlternateScreen, Show);
    out
}

/// Terminal events, with a `Tick` whenever a second passes without one; they end when
/// `signal` is set (SIGTERM, SIGHUP, SIGINT), so the terminal is restored as on `q`.
/// While `waiting`, a `Tick` comes every few milliseconds, so the loop picks up the rest
/// of the plan as soon as it is read.
fn terminal_inputs(
    signal: Arc<AtomicUsize>,
    waiting: bool,
) -> impl Iterator<Item = io::Result<Input>> {
    let mut last_tick = Instant::now();
    let mut fast_ticks = if waiting { 100 } else { 0 };
    std::iter::from_fn(move || {
        loop {
            if signal.load(Ordering::SeqCst) != 0 {
                return None;
            }
            if fast_ticks > 0 {
                fast_ticks -= 1;
                return Some(match event::poll(REST_CHECK) {
                    Ok(true) => event::read().map(Input::Event),
                    Ok(false) => Ok(Input::Tick),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                });
            }
            let wait = TICK.saturating_sub(last_tick.elapsed());
            return Some(match event::poll(wait.min(SIGNAL_CHECK)) {
                Ok(true) => event::read().map(Input::Event),
                Ok(false) if wait > SIGNAL_CHECK => continue,
                Ok(false) => {
                    last_tick = Instant::now();
                    Ok(Input::Tick)
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => Err(e),
            });
        }
    })
}

/// Catch SIGTERM, SIGHUP and SIGINT into `signal` (the signal's number) instead of dying
/// with the terminal still raw and on the alternate screen.
fn catch_signals(signal: &Arc<AtomicUsize>) {
    #[cfg(unix)]
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        if let Ok(number) = usize::try_from(sig) {
            let _ = signal_hook::flag::register_usize(sig, Arc::clone(signal), number);
        }
    }
    let _ = signal;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::demo;
    use crate::tui::msg::Msg;
    use crate::tui::update::update;
    use crate::tui::view::view;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;
    use ratatui::{TerminalOptions, Viewport};

    /// A terminal that counts the writes it gets (in a log the test keeps a handle on).
    #[derive(Clone, Default)]
    struct Counted(std::rc::Rc<std::cell::RefCell<(usize, Vec<u8>)>>);

    impl Write for Counted {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let mut log = self.0.borrow_mut();
            log.0 += 1;
            log.1.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn each_frame_is_one_write_and_the_first_opens_the_screen() {
        let now = chrono::NaiveDate::from_ymd_opt(2027, 1, 21)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        for (width, height) in [(120, 40), (80, 24), (300, 100)] {
            let mut app = App::new(now, super::super::theme::Theme::COLOR, width, height);
            update(
                &mut app,
                Msg::Loaded {
                    path: "demo-kratom.toml".into(),
                    result: Ok(demo::demo_plan(now.date()).unwrap()),
                },
            );
            let counted = Counted::default();
            let backend = CrosstermBackend::new(frame_writer(counted.clone()).unwrap());
            let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
            let mut terminal =
                Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
            for key in [None, Some('j'), Some('2'), Some('3'), Some('?')] {
                if let Some(c) = key {
                    update(
                        &mut app,
                        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
                    );
                }
                let before = counted.0.borrow().0;
                terminal.draw(|frame| view(&app, frame)).unwrap();
                let after = counted.0.borrow().0;
                assert_eq!(after, before + 1, "{width}x{height} after {key:?}");
            }
            let log = counted.0.borrow();
            assert!(
                log.1.starts_with(b"\x1b[?1049h\x1b[?1000h"),
                "alternate screen, mouse"
            );
        }
    }

    #[test]
    fn nothing_of_a_frame_goes_out_once_the_terminal_is_put_back() {
        static SHOWN: AtomicBool = AtomicBool::new(false);
        static RESTORED: AtomicBool = AtomicBool::new(false);
        let counted = Counted::default();
        let gate = |out: Counted| Gate {
            out,
            shown: &SHOWN,
            restored: &RESTORED,
        };
        // A panic before the first frame: the switch to the alternate screen is still in
        // the buffer when the hook puts the terminal back, and the buffer is dropped after.
        let writer = frame_writer(gate(counted.clone())).unwrap();
        RESTORED.store(true, Ordering::SeqCst);
        drop(writer);
        assert_eq!(counted.0.borrow().0, 0, "nothing written");
        assert!(!SHOWN.load(Ordering::SeqCst), "no frame went out");
        // Before that, a frame goes out and is noted.
        RESTORED.store(false, Ordering::SeqCst);
        let mut writer = frame_writer(gate(counted.clone())).unwrap();
        writer.flush().unwrap();
        assert_eq!(counted.0.borrow().0, 1);
        assert!(SHOWN.load(Ordering::SeqCst));
    }
}
