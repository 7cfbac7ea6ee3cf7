//! Which version of a plan file taper itself last wrote, noted in the plan's lock file:
//! its size, modification time, inode, a fingerprint of its bytes, and whether its log was
//! in time order. Every save checks the text it writes (it reads back as the plan), so a
//! file that still matches its stamp is one taper has read: `taper log` may then read only
//! its top and its last days (`save::append_recent`), and the interface's first frame and
//! `taper today` only its two ends (`store::load_recent`). A file changed by anything else —
//! an editor, a sync tool, a script — no longer matches, and is read whole as before.

use std::fs::Metadata;
use std::path::Path;

use crate::core::fsafe::Lock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    modified_ns: i128,
    inode: u64,
    fingerprint: u64,
    /// The log's dose tables were in time order (`fastlog::times_in_order`).
    ordered: bool,
}

/// (Version 1 had no `ordered`: such a note is no note, and the next save writes one.)
const TAG: &str = "taper-stamp 2";

impl Stamp {
    /// The stamp of a file with this metadata and these bytes.
    #[cfg(test)]
    pub fn of(meta: &Metadata, bytes: &[u8]) -> Option<Stamp> {
        let mut print = Fingerprint::default();
        print.update(bytes);
        Stamp::with(meta, &print, true)
    }

    /// The stamp of a file with this metadata whose bytes `print` has seen.
    pub fn with(meta: &Metadata, print: &Fingerprint, ordered: bool) -> Option<Stamp> {
        let modified = meta.modified().ok()?;
        let modified_ns = match modified.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).ok()?,
            Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
        };
        Some(Stamp {
            size: meta.len(),
            modified_ns,
            inode: inode(meta),
            fingerprint: print.finish(),
            ordered,
        })
    }

    /// Whether this stamp is of the file with this metadata and these bytes (`print`).
    pub fn is_of(&self, meta: &Metadata, print: &Fingerprint) -> bool {
        Stamp::with(meta, print, self.ordered).as_ref() == Some(self)
    }

    /// Whether a file with this metadata is, by its size, modification time and inode, the
    /// one this stamp is of, with its log in time order: then it can be read from its two
    /// ends without reading it all. (Its bytes are not checked: a file rewritten in place
    /// to the same size with its time set back, or within the same tick of a file system
    /// with coarse times — a second on some network and older file systems, two on FAT —
    /// would pass; so would any file where inodes are not known, as on Windows. Only the
    /// first screen, which the whole plan replaces a moment later, and `taper today` read
    /// it this way, never a save.)
    pub fn vouches_for(&self, meta: &Metadata) -> bool {
        self.ordered
            && Stamp::with(meta, &Fingerprint::default(), true).is_some_and(|s| {
                (s.size, s.modified_ns, s.inode) == (self.size, self.modified_ns, self.inode)
            })
    }

    /// The stamp noted in the lock file, if it holds a whole one.
    pub fn noted(lock: &Lock) -> Option<Stamp> {
        Stamp::parse(lock.note())
    }

    /// The stamp noted in the lock file of the plan file at `real`, read without taking
    /// the lock (a note being written reads as no note, or as the one before).
    pub fn noted_beside(real: &Path) -> Option<Stamp> {
        Stamp::parse(crate::core::fsafe::lock_note(real)?)
    }

    fn parse(note: Vec<u8>) -> Option<Stamp> {
        let note = String::from_utf8(note).ok()?;
        let mut words = note
            .strip_prefix(TAG)?
            .strip_prefix(' ')?
            .strip_suffix('\n')?
            .split(' ');
        let mut next = || words.next();
        let stamp = Stamp {
            size: next()?.parse().ok()?,
            modified_ns: next()?.parse().ok()?,
            inode: next()?.parse().ok()?,
            fingerprint: u64::from_str_radix(next()?, 16).ok()?,
            ordered: match next()? {
                "ordered" => true,
                "unordered" => false,
                _ => return None,
            },
        };
        next().is_none().then_some(stamp)
    }

    /// Note the stamp of the file just written at `path`, whose bytes `print` has seen
    /// (`ordered`: its log was in time order).
    pub fn note_written(lock: &Lock, path: &Path, print: &Fingerprint, ordered: bool) {
        match std::fs::metadata(path)
            .ok()
            .and_then(|m| Stamp::with(&m, print, ordered))
        {
            Some(stamp) => stamp.note(lock),
            None => lock.set_note(b""),
        }
    }

    /// Note this stamp in the lock file (replacing the one before).
    pub fn note(&self, lock: &Lock) {
        let text = format!(
            "{TAG} {} {} {} {:016x} {}\n",
            self.size,
            self.modified_ns,
            self.inode,
            self.fingerprint,
            if self.ordered { "ordered" } else { "unordered" }
        );
        lock.set_note(text.as_bytes());
    }
}

#[cfg(unix)]
fn inode(meta: &Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.ino()
}

#[cfg(not(unix))]
fn inode(_: &Metadata) -> u64 {
    0
}

/// A fast checksum of bytes, sixteen at a time: each block's two words are multiplied into
/// 128 bits and folded (as wyhash does), so a change spreads over all 64 bits and no small
/// edit of the next bytes can cancel it (against accidental change, which is all it has to
/// notice: the size, time and inode must match too). Fed in parts, it gives what it gives
/// for the whole: an append adds to the checksum of the bytes before.
#[derive(Clone, Debug, Default)]
pub struct Fingerprint {
    hash: u64,
    pending: Vec<u8>,
}

const BLOCK: usize = 16;
const K0: u64 = 0xa076_1d64_78bd_642f;
const K1: u64 = 0xe703_7ed1_a0b4_28db;

/// The 128-bit product of `a` and `b`, its halves folded together.
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(bytes);
    u64::from_le_bytes(w)
}

impl Fingerprint {
    pub fn update(&mut self, mut bytes: &[u8]) {
        if !self.pending.is_empty() {
            let take = (BLOCK - self.pending.len()).min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() < BLOCK {
                return;
            }
            let block = std::mem::take(&mut self.pending);
            self.block(&block);
        }
        let mut blocks = bytes.chunks_exact(BLOCK);
        for block in &mut blocks {
            self.block(block);
        }
        self.pending.extend_from_slice(blocks.remainder());
    }

    fn block(&mut self, block: &[u8]) {
        self.hash = fold(word(&block[..8]) ^ self.hash ^ K0, word(&block[8..]) ^ K1);
    }

    pub fn finish(&self) -> u64 {
        let mut last = [0u8; BLOCK];
        last[..self.pending.len()].copy_from_slice(&self.pending);
        let hash = fold(word(&last[..8]) ^ self.hash ^ K0, word(&last[8..]) ^ K1);
        fold(hash ^ K1, self.pending.len() as u64 ^ K0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_noted_and_read_back_and_any_change_shows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, b"abc = 1\n").unwrap();
        let lock = crate::core::fsafe::lock(&path).unwrap();
        assert_eq!(Stamp::noted(&lock), None, "no note yet");
        let meta = std::fs::metadata(&path).unwrap();
        let stamp = Stamp::of(&meta, b"abc = 1\n").unwrap();
        stamp.note(&lock);
        assert_eq!(Stamp::noted(&lock), Some(stamp));
        // One byte changed, the rest the same: another fingerprint.
        assert_ne!(Stamp::of(&meta, b"abd = 1\n"), Some(stamp));
        let print = |parts: &[&[u8]]| {
            let mut f = Fingerprint::default();
            for p in parts {
                f.update(p);
            }
            f.finish()
        };
        assert_ne!(print(&[b"12345678a"]), print(&[b"12345678b"]));
        assert_ne!(print(&[b"ab"]), print(&[b"ba"]));
        // Two edits close together never cancel out (a review found ones that did): every
        // edit of one or two bytes of a stretch of plan text gives another checksum.
        let plan = b"[[dose]]\nat = 2027-01-20T08:00:00\namount = 2\nproduct = \"Maeng Da\"\n";
        let original = print(&[plan]);
        let values: Vec<u8> = (b' '..=b'~').step_by(5).collect();
        for i in 0..plan.len() {
            for j in i + 1..(i + 10).min(plan.len()) {
                for &a in &values {
                    for &b in &values {
                        let mut edited = plan.to_vec();
                        edited[i] = a;
                        edited[j] = b;
                        if edited != plan.to_vec() {
                            assert_ne!(print(&[&edited]), original, "{i} {j} {a} {b}");
                        }
                    }
                }
            }
        }
        // In parts or whole, the same.
        let text = b"the quick brown fox jumps over the lazy dog, twice over";
        for cut in 0..text.len() {
            for cut2 in cut..text.len() {
                assert_eq!(
                    print(&[&text[..cut], &text[cut..cut2], &text[cut2..]]),
                    print(&[text])
                );
            }
        }
        // A note cut short is no note.
        lock.set_note(b"taper-stamp 2 8 12");
        assert_eq!(Stamp::noted(&lock), None);
        // A note of version 1 (no order) is no note either, nor one of a version 20.
        lock.set_note(b"taper-stamp 20 8 12 5 00000000000000ff ordered\n");
        assert_eq!(Stamp::noted(&lock), None);
        lock.set_note(b"taper-stamp 1 8 12 5 00000000000000ff\n");
        assert_eq!(Stamp::noted(&lock), None);
        // A note shorter than the one before replaces all of it.
        let long = Stamp {
            size: 123_456_789,
            modified_ns: 1_795_701_128_318_053_670,
            inode: 10_191_033,
            fingerprint: u64::MAX,
            ordered: true,
        };
        let short = Stamp {
            size: 9,
            modified_ns: 1,
            inode: 2,
            fingerprint: 3,
            ordered: false,
        };
        long.note(&lock);
        assert_eq!(Stamp::noted(&lock), Some(long));
        short.note(&lock);
        assert_eq!(Stamp::noted(&lock), Some(short));
        long.note(&lock);
        assert_eq!(Stamp::noted(&lock), Some(long));
    }
}
