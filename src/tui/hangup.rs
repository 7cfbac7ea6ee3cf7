//! The way out when the terminal goes away. Closing a terminal window sends SIGHUP, which
//! `run` catches and acts on between two reads of the keyboard; but once the terminal is
//! gone crossterm never returns from `event::poll`: it reads end-of-file in a loop, at
//! 100 % CPU (crossterm-rs/crossterm#793). This thread ends the program instead, when a
//! caught signal has not ended the loop within a second, or when the terminal no longer
//! answers (a hangup taper was not told about, e.g. under `nohup`). Every change is saved
//! as it is made, a save is atomic, and one under way is waited for: exiting here loses
//! nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How often the terminal is looked at, and how long the loop gets to end by itself.
const CHECK: Duration = Duration::from_millis(500);
const GRACE: Duration = Duration::from_secs(1);

/// Watch `signal` (set by the signal handlers) and the terminal on a thread of its own.
pub fn watch(signal: Arc<AtomicUsize>) {
    let started_on_a_terminal = terminal_answers();
    let _ = std::thread::Builder::new()
        .name("hangup".into())
        .spawn(move || {
            loop {
                std::thread::sleep(CHECK);
                let gone = started_on_a_terminal && !terminal_answers();
                if gone || signal.load(Ordering::SeqCst) != 0 {
                    break;
                }
            }
            std::thread::sleep(GRACE);
            // Still here: the loop is stuck. A save under way ends first, and no other
            // starts; then the terminal is put back if it is there at all.
            let _saves = crate::core::store::finish_saves();
            super::terminal::restore();
            let number = match signal.load(Ordering::SeqCst) {
                0 => HANGUP,
                n => n,
            };
            std::process::exit(128 + i32::try_from(number).unwrap_or(0));
        });
}

#[cfg(unix)]
const HANGUP: usize = signal_hook::consts::SIGHUP as usize;
#[cfg(not(unix))]
const HANGUP: usize = 1;

/// Whether standard input is a terminal that still answers (a hung-up one fails with EIO).
fn terminal_answers() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: `tcgetattr` writes only into the `termios` it is given, which lives here.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            libc::tcgetattr(libc::STDIN_FILENO, &mut t) == 0
        }
    }
    #[cfg(not(unix))]
    true
}
