//! The way out when the terminal goes away. Closing a terminal window sends SIGHUP, which
//! `run` catches and acts on between two reads of the keyboard; but once the terminal is
//! gone crossterm never returns from `event::poll`: it reads end-of-file in a loop, at
//! 100 % CPU (crossterm-rs/crossterm#793). A timer ends the program instead: every half
//! second (SIGALRM) it looks at the caught signals and at the terminal; when a signal came,
//! or the terminal no longer answers (a hangup taper was not told about, e.g. under
//! `nohup`), and the loop has not ended by itself within about a second, it puts the
//! terminal back as far as it still can and exits. Every change is saved as it is made, and
//! a save under way — from waiting for the plan's lock to its last write
//! (`store::saving`) — is waited for: the next look comes half a second later. Exiting
//! here loses nothing. (Only a save stuck for 15 seconds, waiting on a lock another
//! program holds, is given up: the file then holds what it held before it; a save is
//! atomic.)
//!
//! It runs inside a signal handler, so it does only what is safe there: atomic loads,
//! `tcgetattr`, `tcsetattr`, `write` and `_exit`. (A thread did this before; starting it
//! and ending it with the program cost a third of taper's time to quit.) Threads taper
//! starts are spawned with the timer's signal blocked (`spawn_quiet`), so the handler
//! always interrupts the main loop.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// Watch `signal` (set by the signal handlers) and the terminal, from now until the end.
/// Call before raw mode is turned on: the terminal's settings now are what it gets back.
pub fn watch(signal: Arc<AtomicUsize>) {
    #[cfg(unix)]
    unix::watch(signal);
    #[cfg(not(unix))]
    let _ = signal;
}

/// `std::thread::spawn`, with the watch's signal blocked in the new thread from its start.
pub fn spawn_quiet<F>(f: F) -> std::thread::JoinHandle<()>
where
    F: FnOnce() + Send + 'static,
{
    #[cfg(unix)]
    {
        /// Puts the calling thread's mask back however `spawn` ends.
        struct Restore(libc::sigset_t);
        impl Drop for Restore {
            fn drop(&mut self) {
                unix::set_mask(&self.0);
            }
        }
        let _restore = Restore(unix::mask_timer(libc::SIG_BLOCK));
        std::thread::spawn(f)
    }
    #[cfg(not(unix))]
    std::thread::spawn(f)
}

#[cfg(unix)]
mod unix {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, OnceLock};

    /// How often the handler looks, in microseconds.
    const CHECK_US: libc::suseconds_t = 500_000;
    /// After how many looks that found something wrong it acts: the loop had a second.
    const GRACE_CHECKS: usize = 3;
    /// How many more it waits for a save under way: 15 seconds.
    const SAVE_CHECKS: usize = 30;

    /// The terminal's settings before raw mode, and the bytes that leave the alternate
    /// screen, end mouse capture and show the cursor: prepared before the handler runs.
    static COOKED: OnceLock<libc::termios> = OnceLock::new();
    static RESTORE: OnceLock<Vec<u8>> = OnceLock::new();
    /// Looks in a row that found a signal or a terminal gone.
    static LATE: AtomicUsize = AtomicUsize::new(0);

    pub fn watch(signal: Arc<AtomicUsize>) {
        let started_on_a_terminal = terminal_answers();
        if started_on_a_terminal {
            // SAFETY: `tcgetattr` writes only into the `termios` it is given.
            let mut cooked: libc::termios = unsafe { std::mem::zeroed() };
            if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut cooked) } == 0 {
                let _ = COOKED.set(cooked);
            }
        }
        let _ = RESTORE.set(super::super::terminal::screen_back());
        let look = move || {
            let gone = started_on_a_terminal && !terminal_answers();
            let number = signal.load(Ordering::SeqCst);
            if !gone && number == 0 {
                return;
            }
            let late = LATE.fetch_add(1, Ordering::SeqCst) + 1;
            let waited = late >= GRACE_CHECKS + SAVE_CHECKS;
            let saving = crate::core::store::saving();
            if late < GRACE_CHECKS || (saving && !waited) {
                return;
            }

            // SAFETY: `write`, `tcsetattr` and `_exit` are async-signal-safe; the bytes and
            // settings were set before the handler was installed and are never changed, and
            // the message is a constant.
            unsafe {
                if let Some(bytes) = RESTORE.get().filter(|_| super::super::terminal::shown()) {
                    libc::write(libc::STDOUT_FILENO, bytes.as_ptr().cast(), bytes.len());
                }
                if let Some(cooked) = COOKED.get() {
                    libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, cooked);
                }
                // On the main screen, where it stays.
                if saving {
                    libc::write(libc::STDERR_FILENO, GAVE_UP.as_ptr().cast(), GAVE_UP.len());
                }
                let number = if number == 0 { HANGUP } else { number };
                libc::_exit(128 + i32::try_from(number).unwrap_or(0));
            }
        };
        // SAFETY: the closure does only async-signal-safe things (see above).
        if unsafe { signal_hook::low_level::register(libc::SIGALRM, look) }.is_err() {
            return;
        }
        // A blocked signal mask is inherited from whatever started taper: let the timer in.
        mask_timer(libc::SIG_UNBLOCK);
        let every = libc::timeval {
            tv_sec: 0,
            tv_usec: CHECK_US,
        };
        let timer = libc::itimerval {
            it_interval: every,
            it_value: every,
        };
        // SAFETY: `setitimer` reads the `itimerval` it is given; no old value is asked for.
        unsafe {
            libc::setitimer(libc::ITIMER_REAL, &timer, std::ptr::null_mut());
        }
    }

    /// Block or unblock (`how`) the timer's signal in the calling thread; returns the mask
    /// before.
    pub fn mask_timer(how: libc::c_int) -> libc::sigset_t {
        // SAFETY: both sets are initialised (`sigemptyset`, or by `pthread_sigmask`) before
        // they are read.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut previous: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGALRM);
            libc::pthread_sigmask(how, &set, &mut previous);
            previous
        }
    }

    /// Put back a mask `mask_timer` returned.
    pub fn set_mask(mask: &libc::sigset_t) {
        // SAFETY: `mask` is a whole signal set.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, mask, std::ptr::null_mut());
        }
    }

    const HANGUP: usize = libc::SIGHUP as usize;

    /// Said when a save was still under way (waiting for another program's lock) after 15
    /// seconds: the file holds what it held before that save, or all of it.
    const GAVE_UP: &str = "taper: ended while a change waited 15 s to be saved (another program held the plan's lock); check that it is in the log\n";

    /// Whether standard input is a terminal that still answers (a hung-up one fails with
    /// EIO).
    fn terminal_answers() -> bool {
        // SAFETY: `tcgetattr` writes only into the `termios` it is given, which lives here.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            libc::tcgetattr(libc::STDIN_FILENO, &mut t) == 0
        }
    }
}
