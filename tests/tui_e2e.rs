//! The real binary in a real terminal (tmux): tick a dose, visit every screen and help,
//! quit, and check that the plan file gained a `[[dose]]`.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux could not be run")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "taper"]).stdout)
            .into_owned()
    }

    fn keys(&self, keys: &str) {
        self.cmd(&["send-keys", "-t", "taper", keys]);
    }

    /// Wait (up to 10 s) until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn doses_in(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .matches("[[dose]]")
        .count()
}

#[test]
fn tick_a_dose_in_a_real_terminal() {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "\n\n*** tmux is not installed: the real-terminal test cannot run. Install tmux (apt-get install tmux). ***\n\n"
    );

    let dir = tempfile::tempdir().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2027, 1, 21).unwrap();
    let store = taper::core::store::Store::new(dir.path());
    let path = taper::core::demo::install(&store, today).unwrap();
    let before = doses_in(&path);

    let tmux = Tmux {
        socket: format!("taper-e2e-{}", std::process::id()),
    };
    let command = format!(
        "env TAPER_DATA_DIR='{}' TAPER_NOW=2027-01-21T09:30 TERM=xterm-256color '{}'",
        dir.path().display(),
        env!("CARGO_BIN_EXE_taper")
    );
    let status = Command::new("tmux")
        .args([
            "-L",
            &tmux.socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "taper",
            "-x",
            "100",
            "-y",
            "30",
        ])
        .arg(&command)
        .status()
        .expect("tmux could not be run");
    assert!(status.success(), "tmux new-session failed");

    tmux.wait_for("Step 3 of 27");
    tmux.keys("Space");
    tmux.wait_for("[✓] 08:00");
    tmux.keys("2");
    tmux.wait_for("one row per day");
    tmux.keys("3");
    tmux.wait_for("Adherence");
    tmux.keys("?");
    tmux.wait_for("Everywhere");
    tmux.keys("q");
    let start = Instant::now();
    while tmux.cmd(&["has-session", "-t", "taper"]).status.success() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "taper did not quit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(doses_in(&path), before + 1);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("at = 2027-01-21T09:30"), "{text}");
}
