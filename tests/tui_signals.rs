//! SIGTERM, SIGHUP and SIGINT sent to the TUI leave the terminal as it was: cooked mode
//! (icanon, echo), main screen, mouse reporting off. Runs the real binary in tmux, and
//! reads its state in /proc (Linux).
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn tmux(socket: &str, args: &[&str]) -> Output {
    Command::new("tmux")
        .args(["-L", socket])
        .args(args)
        .output()
        .expect("tmux could not be run (apt-get install tmux)")
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The demo plan open in taper in tmux session `t` on `socket`, started from the pane's
/// shell, which runs `after` once taper has ended; returned once the first frame is on
/// screen, with the temp dir (taper's working dir) and taper's pid.
fn start_on_the_demo(socket: &str, after: &str) -> (tempfile::TempDir, String) {
    start_on_the_demo_with(socket, after, "")
}

/// `start_on_the_demo`, taper started by `launcher` (a command that runs the program and
/// arguments that follow it; run in the temp dir).
fn start_on_the_demo_with(
    socket: &str,
    after: &str,
    launcher: &str,
) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 21).unwrap();
    let store = taper::core::store::Store::new(dir.path().join("data"));
    taper::core::demo::install(&store, today).unwrap();
    // The inner shell becomes taper (exec); the outer one runs `after`.
    let script = format!(
        "cd '{d}'; sh -c 'echo $$ > pid; exec env TAPER_DATA_DIR=data \
         TAPER_NOW=2027-01-21T09:30 TERM=xterm-256color {launcher}{bin}'; {after}",
        d = dir.path().display(),
        bin = env!("CARGO_BIN_EXE_taper"),
    );
    let out = tmux(
        socket,
        &[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "100",
            "-y",
            "30",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    tmux(socket, &["send-keys", "-t", "t", &script, "Enter"]);
    let screen = || {
        String::from_utf8_lossy(&tmux(socket, &["capture-pane", "-p", "-t", "t"]).stdout)
            .into_owned()
    };
    wait_until("the TUI's first frame", || {
        screen().contains("Step 3 of 27")
    });
    let pid = read(&dir.path().join("pid")).trim().to_string();
    (dir, pid)
}

fn signal_restores_the_terminal(signal: &str, code: i32) {
    let socket = format!("taper-sig-{signal}-{}", std::process::id());
    let (dir, pid) = start_on_the_demo(
        &socket,
        "echo $? > status; stty -a > stty; touch done; sleep 30",
    );
    let d = dir.path();
    assert!(
        Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap()
            .success()
    );
    wait_until("taper to exit", || d.join("done").exists());
    let flags = String::from_utf8_lossy(
        &tmux(
            &socket,
            &[
                "display",
                "-p",
                "-t",
                "t",
                "#{alternate_on} #{mouse_any_flag}",
            ],
        )
        .stdout,
    )
    .trim()
    .to_string();
    let _ = tmux(&socket, &["kill-server"]);
    let stty = read(&d.join("stty"));
    assert_eq!(read(&d.join("status")).trim(), code.to_string(), "{signal}");
    assert!(
        stty.contains(" icanon") && stty.contains(" echo "),
        "{signal}: terminal left raw: {stty}"
    );
    assert_eq!(flags, "0 0", "{signal}: alternate screen / mouse still on");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM", 143);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP", 129);
}

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT", 130);
}

/// Whether a process is gone (or a zombie no one has reaped yet).
fn exited(pid: &str) -> bool {
    let stat = read(&Path::new("/proc").join(pid).join("stat"));
    stat.is_empty()
        || stat
            .rsplit(')')
            .next()
            .is_some_and(|s| s.trim_start().starts_with('Z'))
}

/// A closed terminal window ends taper: crossterm would read end-of-file forever at 100 %
/// CPU (crossterm-rs/crossterm#793), so a watchdog (`tui::hangup`) ends the program.
#[test]
fn a_closed_terminal_ends_taper() {
    let socket = format!("taper-gone-{}", std::process::id());
    let (_dir, pid) = start_on_the_demo(&socket, "sleep 30");
    assert!(!exited(&pid));
    // The window closes: the pseudo-terminal goes away under taper.
    let _ = tmux(&socket, &["kill-server"]);
    wait_until("taper to exit after its terminal closed", || exited(&pid));
}

/// The same when taper is started with the timer's signal blocked (a signal mask is
/// inherited across exec): the watch unblocks it. Needs python3 to block it.
#[test]
fn a_closed_terminal_ends_taper_started_with_sigalrm_blocked() {
    let found = Command::new("python3").arg("--version").output();
    if !found.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 is needed to start taper with SIGALRM blocked");
        return;
    }
    // (Inside the single quotes of `start_on_the_demo_with`'s `sh -c`.)
    let launcher = "python3 -c \"import os, signal, sys; \
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM]); \
        os.execv(sys.argv[1], sys.argv[1:])\" ";
    let socket = format!("taper-gone-blocked-{}", std::process::id());
    let (_dir, pid) = start_on_the_demo_with(&socket, "sleep 30", launcher);
    let status = read(&Path::new("/proc").join(&pid).join("status"));
    let blocked = status
        .lines()
        .find_map(|l| l.strip_prefix("SigBlk:"))
        .map(|mask| u64::from_str_radix(mask.trim(), 16).unwrap())
        .unwrap();
    assert_eq!(
        blocked & (1 << (14 - 1)),
        0,
        "SIGALRM (14) let in: {blocked:x}"
    );
    let _ = tmux(&socket, &["kill-server"]);
    wait_until("taper to exit after its terminal closed", || exited(&pid));
}

/// The window closes while a tick's save waits for the plan's lock (another program holds
/// it): taper waits for the save, past the second it gives the loop, and ends once the
/// dose is saved.
#[test]
fn a_save_waiting_for_the_lock_is_finished_before_taper_ends() {
    let socket = format!("taper-sig-saving-{}", std::process::id());
    let (dir, pid) = start_on_the_demo(&socket, "echo $? > status; touch done; sleep 30");
    let d = dir.path();
    let plan = d.join("data").join("demo-kratom.toml");
    let doses = || read(&plan).matches("[[dose]]").count();
    let before = doses();
    let held = taper::core::fsafe::lock(&plan).unwrap();
    tmux(&socket, &["send-keys", "-t", "t", " "]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );
    // Well past the second after which a taper not saving would have been ended.
    std::thread::sleep(Duration::from_millis(2500));
    assert!(!exited(&pid), "taper ended while its save waited");
    drop(held);
    wait_until("taper to exit once saved", || d.join("done").exists());
    let _ = tmux(&socket, &["kill-server"]);
    assert_eq!(doses(), before + 1, "the tick was saved");
    assert_eq!(read(&d.join("status")).trim(), "129");
}
