//! The lock beside each plan file, `.NAME.lock`, and the note saves leave in it.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::super::error::StoreError;
use super::{check_dir, check_regular, parent};

/// An exclusive lock on a file (a `.NAME.lock` file beside it), held until dropped.
pub struct Lock {
    file: File,
}

impl Lock {
    /// What the lock file holds: a note a save left for the next one (`store::stamp`).
    pub fn note(&self) -> Vec<u8> {
        use std::io::{Read as _, Seek as _};
        let mut bytes = Vec::new();
        let mut file = &self.file;
        let read = file
            .seek(std::io::SeekFrom::Start(0))
            .and_then(|_| file.take(4096).read_to_end(&mut bytes));
        if read.is_err() {
            bytes.clear();
        }
        bytes
    }

    /// Replace the note. Best effort: a note that is missing, old or cut short only means
    /// the next save reads the file the long way. (Written over the old one, and the file
    /// cut only when that was longer: most notes are the same length, and cutting a file
    /// costs as much as the rest of the note.)
    pub fn set_note(&self, note: &[u8]) {
        use std::io::{Seek as _, Write as _};
        let mut file = &self.file;
        let _ = file
            .seek(std::io::SeekFrom::Start(0))
            .and_then(|_| file.write_all(note))
            .and_then(|()| file.metadata())
            .and_then(|meta| match meta.len() > note.len() as u64 {
                true => file.set_len(note.len() as u64),
                false => Ok(()),
            });
    }
}

/// Lock `target` (not a symlink). Checks the folder first: the lock's name is predictable,
/// so it is opened without following links, without blocking, and must be a regular file.
pub fn lock(target: &Path) -> Result<Lock, StoreError> {
    check_dir(parent(target))?;
    let path = lock_path(target);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(&path).map_err(|e| StoreError::io(&path, e))?;
    let meta = file.metadata().map_err(|e| StoreError::io(&path, e))?;
    check_regular(&path, &meta)?;
    file.lock().map_err(|e| StoreError::io(&path, e))?;
    Ok(Lock { file })
}

/// The lock file of `target`: `.NAME.lock` beside it.
fn lock_path(target: &Path) -> std::path::PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}.lock"))
}

/// The note in `target`'s lock file, read without taking the lock (nor creating the file);
/// `None` when there is none to read.
pub fn lock_note(target: &Path) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(lock_path(target)).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    // Room for the whole note: read in one call, not in growing steps.
    let mut note = Vec::with_capacity(4096);
    file.take(4096).read_to_end(&mut note).ok()?;
    Some(note)
}
