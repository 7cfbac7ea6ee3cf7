//! Temp files left by saves that were killed midway.

use std::fs;
use std::path::Path;

use super::parent;

/// Whether process `pid` is gone.
fn is_dead(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: kill with signal 0 only asks whether the process exists.
        let rc = unsafe { libc::kill(pid, 0) };
        rc != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

/// Remove temp files of `target` (and of its `.bak`) left by processes that died mid-save (`kill -9`, power
/// loss). Call it holding the lock: a live writer holds the lock while its temp file exists.
pub fn remove_stale_temps(target: &Path) -> usize {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(parent(target)) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        // `.NAME.<PID>.<random>.tmp` (`.NAME.bak.…` for the backup), or `.NAME.<PID>.tmp`
        // from older versions.
        let rest = rest.strip_prefix("bak.").unwrap_or(rest);
        let pid = rest.split('.').next().and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        if pid != std::process::id()
            && is_dead(pid)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}
