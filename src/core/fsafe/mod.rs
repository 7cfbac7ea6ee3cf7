//! Careful file I/O for the data dir.
//!
//! Reads never hang or balloon: a file is opened without blocking, must be a regular file
//! after following links, and may be at most [`MAX_BYTES`]. Writes go to a temp file with an
//! unpredictable name, created with `O_EXCL|O_NOFOLLOW` and mode 0600, given the replaced
//! file's owner when the writer may, fsynced and renamed into place. Nothing is written in
//! a folder, or over a file, that other users can write, nor over a plan its owner made
//! read-only.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::error::StoreError;

mod lock;
mod temps;
pub use lock::{Lock, lock, lock_note};
pub use temps::remove_stale_temps;

/// The largest file taper reads: a plan with decades of log is a few MiB.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A path as the shell needs it in a suggested command (single-quoted when not plain).
pub fn shell_quote(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+~".contains(c));
    if plain && !text.is_empty() {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Open a file to read without waiting on it (a FIFO) or adopting it (a terminal); the
/// caller checks it is a regular file before reading.
pub fn open_read(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO opens at once instead of waiting for a writer; a terminal is not adopted.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// What a non-regular file is, for an error message.
fn kind_of(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Refuse anything but a regular file of at most [`MAX_BYTES`].
fn check_regular(path: &Path, meta: &Metadata) -> Result<(), StoreError> {
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            what: kind_of(meta),
        });
    }
    if meta.len() > MAX_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
        });
    }
    Ok(())
}

/// Read a whole file: a regular file (after following links) of at most [`MAX_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, StoreError> {
    let file = open_read(path).map_err(|e| StoreError::io(path, e))?;
    let meta = file.metadata().map_err(|e| StoreError::io(path, e))?;
    read_from(path, file, &meta)
}

/// `read` of a file already open (`open_read`) at its start, whose metadata is `meta`
/// (`path` names it in errors).
pub fn read_from(path: &Path, file: File, meta: &Metadata) -> Result<Vec<u8>, StoreError> {
    check_regular(path, meta)?;
    // Sized from the metadata: `Take` would otherwise grow the buffer by doubling.
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_BYTES) as usize + 1);
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// A file as the folder knows it: size, modification and change times, inode. Any write
/// changes the change time, which no program can set back: equal ids mean an unchanged file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    size: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
}

impl FileId {
    /// The id of the file at `path` (links followed), or `None` when there is none.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            Some(FileId {
                size: meta.len(),
                modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
                changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let ns = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i128)
            };
            Some(FileId {
                size: meta.len(),
                modified_ns: ns(meta.modified()),
                changed_ns: 0,
                inode: 0,
            })
        }
    }
}

/// Keep this process out of core files and debuggers of the same user (Linux: not
/// "dumpable"): a crash must not write a plan and its log to a core file the system may keep.
pub fn no_core_dumps() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_DUMPABLE) takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Where a symlinked file really is (the path itself otherwise), so a link into, say, a
/// synced folder stays a link and one file has one lock.
pub fn follow_link(path: &Path) -> Result<PathBuf, StoreError> {
    if path.is_symlink() {
        fs::canonicalize(path).map_err(|e| StoreError::io(path, e))
    } else {
        Ok(path.to_path_buf())
    }
}

/// The folder a file is in (`.` for a bare name).
pub fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

#[cfg(unix)]
fn mode(meta: &Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

/// Refuse to write in a folder that users other than its owner can write.
pub fn check_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        let meta = fs::metadata(dir).map_err(|e| StoreError::io(dir, e))?;
        if mode(&meta) & 0o022 != 0 {
            return Err(StoreError::Unsafe {
                path: dir.to_path_buf(),
                reason: format!(
                    "other users can write in this folder (mode {:04o}), so they could replace \
                     or read your plans; taper writes nothing here until you run: chmod 700 {}",
                    mode(&meta),
                    shell_quote(dir)
                ),
            });
        }
    }
    let _ = dir;
    Ok(())
}

/// Refuse to replace a file other users can write, or one its owner made read-only.
pub fn check_file(path: &Path, meta: &Metadata) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        let m = mode(meta);
        if m & 0o022 != 0 {
            return Err(StoreError::Unsafe {
                path: path.to_path_buf(),
                reason: format!(
                    "other users can write this file (mode {m:04o}); taper does not save over \
                     it until you run: chmod 600 {}",
                    shell_quote(path)
                ),
            });
        }
        if m & 0o200 == 0 {
            return Err(StoreError::Unsafe {
                path: path.to_path_buf(),
                reason: format!(
                    "the file is read-only (mode {m:04o}), so taper leaves it as it is; to \
                     allow changes again run: chmod 600 {}",
                    shell_quote(path)
                ),
            });
        }
    }
    let _ = (path, meta);
    Ok(())
}

/// A new file that no other program can have prepared: `O_CREAT|O_EXCL|O_NOFOLLOW`, 0600.
fn create_new(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// The name prefix of this process's temp files for `target`: `.NAME.<PID>.`.
fn temp_prefix(target: &Path, pid: u32) -> String {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.{pid}.")
}

/// Replace `target` (not a symlink) with `bytes`: temp file, owner of `like`, fsync, rename,
/// fsync of the folder. On failure the temp file is removed and `target` is untouched.
pub fn replace(target: &Path, bytes: &[u8], like: Option<&Metadata>) -> Result<(), StoreError> {
    replace_parts(target, &[bytes], like)
}

/// `replace` with the new contents given in parts (written one after the other).
pub fn replace_parts(
    target: &Path,
    parts: &[&[u8]],
    like: Option<&Metadata>,
) -> Result<(), StoreError> {
    let dir = parent(target);
    let io = |e| StoreError::io(target, e);
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(target, std::process::id()))
        .suffix(".tmp")
        .rand_bytes(10)
        .make_in(dir, create_new)
        .map_err(|e| StoreError::io(dir, e))?;
    for part in parts {
        temp.write_all(part).map_err(io)?;
    }
    #[cfg(unix)]
    if let Some(like) = like {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mine = temp.as_file().metadata().map_err(io)?;
        if (mine.uid(), mine.gid()) != (like.uid(), like.gid()) {
            // Root (or a member of the file's group) keeps the owner; others cannot, and
            // then the file is theirs, still 0600.
            let file = temp.as_file();
            if std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid())).is_err() {
                let _ = std::os::unix::fs::fchown(file, None, Some(like.gid()));
            }
        }
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    let _ = like;
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(target).map_err(|e| io(e.error))?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Keep the current version of `target` as `backup` without copying it: a hard link under
/// this process's temp name, renamed over `backup`. Saves never write a plan file in place
/// (they replace it by rename), so the linked file keeps the old bytes; the folder is
/// synced by the `replace` of `target` that follows. Where a link cannot be made (a file
/// system without them, a name already taken), `bytes` are written as before.
pub fn keep_backup(
    target: &Path,
    backup: &Path,
    bytes: &[u8],
    like: &Metadata,
) -> Result<(), StoreError> {
    let temp = parent(backup).join(format!(
        "{}link.tmp",
        temp_prefix(backup, std::process::id())
    ));
    if fs::hard_link(target, &temp).is_ok() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&temp, fs::Permissions::from_mode(0o600));
        }
        let renamed = fs::rename(&temp, backup).is_ok();
        // When `backup` already was this file (a save killed right after linking), the
        // rename does nothing and leaves the temp name behind.
        let _ = fs::remove_file(&temp);
        if renamed {
            return Ok(());
        }
    }
    replace(backup, bytes, Some(like))
}

/// Write a small file (the default plan's name) atomically, with the rules above.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let path = follow_link(path)?;
    check_dir(parent(&path))?;
    let existing = match fs::metadata(&path) {
        Ok(meta) => {
            check_regular(&path, &meta)?;
            check_file(&path, &meta)?;
            Some(meta)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(StoreError::io(&path, e)),
    };
    replace(&path, bytes, existing.as_ref())
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_kept_out_of_core_files() {
        super::no_core_dumps();
        // SAFETY: a query with no pointers.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }
}
