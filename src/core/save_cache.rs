//! The file text this process last saved and the plan it reads as, so that the next save
//! of the same file (the TUI ticking dose after dose) need not parse it again: under the
//! lock, `store::modify` still reads the file, and uses the remembered plan only when the
//! bytes are exactly the ones it wrote. Any change by another program, or by hand, makes
//! the bytes differ and the file is parsed as usual.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::fsafe::FileId;
use super::plan::Plan;

struct Saved {
    path: PathBuf,
    bytes: Vec<u8>,
    plan: Plan,
    /// The plan's year files as they were (`store::years::seen`).
    years: Vec<Option<FileId>>,
}

static LAST: Mutex<Option<Saved>> = Mutex::new(None);
static ON: AtomicBool = AtomicBool::new(false);

/// Remember saves from now on (the TUI does; a one-shot command has no next save).
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

/// The plan `bytes` read as, if they are what this process last wrote to `path`, with
/// its year files as they were then (the caller checks they still are). It is taken out
/// (not copied): the save that asks will `put` what it writes.
pub fn take(path: &Path, bytes: &[u8]) -> Option<(Plan, Vec<Option<FileId>>)> {
    let mut last = LAST.lock().ok()?;
    let known = last
        .as_ref()
        .is_some_and(|saved| saved.path == path && saved.bytes == bytes);
    known
        .then(|| last.take())
        .flatten()
        .map(|saved| (saved.plan, saved.years))
}

/// Remember what was written to `path` (and how its year files were left).
pub fn put(path: &Path, bytes: Vec<u8>, plan: &Plan, years: Vec<Option<FileId>>) {
    if !ON.load(Ordering::Relaxed) {
        return;
    }
    if let Ok(mut last) = LAST.lock() {
        *last = Some(Saved {
            path: path.to_path_buf(),
            bytes,
            plan: plan.clone(),
            years,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_bytes_of_the_last_save_are_known() {
        let plan =
            crate::core::demo::demo_plan(chrono::NaiveDate::from_ymd_opt(2027, 1, 21).unwrap())
                .unwrap();
        let path = Path::new("/x/plan.toml");
        put(path, b"text".to_vec(), &plan, Vec::new());
        enable();
        assert_eq!(take(path, b"text"), None, "nothing kept before enable");
        put(path, b"text".to_vec(), &plan, vec![None]);
        assert_eq!(take(path, b"text!"), None);
        assert_eq!(take(Path::new("/x/other.toml"), b"text"), None);
        assert_eq!(take(path, b"text"), Some((plan, vec![None])));
        assert_eq!(take(path, b"text"), None, "taken, not copied");
    }
}
