//! Saves that touch only the end of the log: a tick adds an entry after the last one, an
//! undo takes the last one off. Then the file's text is kept as it is and only the new
//! `[[dose]]` tables are appended (or the last ones cut off), with no new rendering of the
//! rest. Everything else goes through `render::render_over`.
//!
//! Why the result reads back as the plan without parsing the whole file again: the old
//! text reads as `previous` — it was just parsed into it under the lock, or (for
//! `store::append_recent`) it is the text taper last wrote and checked, and `previous` its
//! top and last days — and it ends with a `[[dose]]` line followed only by lines of a
//! dose as taper writes them (plain `key = value`, none that could close a string). So that
//! line is a real table header — not text inside a string, which would never close — and
//! `dose` is an array of tables; a `[[dose]]` table added at the end of the file is one
//! more element of it. Entries are sorted by time on reading (stable), and the added ones
//! are at or after the last entry, in order. The appended text itself is read back and
//! compared. A removal cuts off text that is exactly the canonical text of the removed
//! entries, found at the very end of the file. Only the end of the file is looked at.

use super::fastlog;
use super::plan::Plan;
use super::render::render_doses;

/// An edit at the end of a file's text.
#[derive(Debug, PartialEq, Eq)]
pub enum Edit {
    /// This text goes after the old one.
    Append(String),
    /// The old text is cut to this length.
    Cut(usize),
}

/// The new file text when `plan` differs from `previous` only by entries added after (or
/// removed from) the end of the log; `None` otherwise.
pub fn log_edit(previous_text: &str, previous: &Plan, plan: &Plan) -> Option<String> {
    Some(match edit(previous_text, previous, plan)? {
        Edit::Append(more) => previous_text.to_string() + &more,
        Edit::Cut(len) => previous_text[..len].to_string(),
    })
}

/// `log_edit` as the edit to make (a save can then write the old bytes and the new ones
/// without putting them together first).
pub fn edit(previous_text: &str, previous: &Plan, plan: &Plan) -> Option<Edit> {
    // Check-ins are part of the log too, but above the `[[dose]]` tables: a change to them
    // is not an edit at the end of the file.
    if !previous.same_apart_from_doses(plan) {
        return None;
    }
    let header = format!("{}\n", fastlog::HEADER);
    let last_table = match previous_text.rfind(&format!("\n{header}")) {
        Some(i) => i + 1,
        None if previous_text.starts_with(&header) => 0,
        None => return None,
    };
    let tail = fastlog::parse_log(&previous_text[last_table..])?;
    if tail.doses.len() != 1 || !tail.checkins.is_empty() {
        return None;
    }
    let (old, new) = (&previous.doses, &plan.doses);
    if new.len() > old.len() && new.starts_with(old) {
        let added = &new[old.len()..];
        let fragment = render_doses(added);
        if fastlog::parse_log(fragment.trim_start())
            .map(|l| l.doses)
            .as_deref()
            != Some(added)
        {
            return None;
        }
        let more = if previous_text.ends_with('\n') {
            fragment
        } else {
            format!("\n{fragment}")
        };
        return Some(Edit::Append(more));
    }
    if new.len() < old.len() && old.starts_with(new) {
        let fragment = render_doses(&old[new.len()..]);
        let cut = previous_text.len().checked_sub(fragment.len())?;
        // What stays must end a line cleanly (a lone `\r` left by a CRLF line is not TOML).
        let rest = &previous_text[..cut];
        if !previous_text.ends_with(&fragment) || !rest.ends_with('\n') {
            return None;
        }
        if rest.ends_with("\r\n") {
            return None;
        }
        return Some(Edit::Cut(cut));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::DoseEntry;
    use crate::core::{Dose, demo, plan_file, render};
    use std::path::Path;

    fn demo() -> (Plan, String) {
        let plan = demo::demo_plan(chrono::NaiveDate::from_ymd_opt(2027, 1, 21).unwrap()).unwrap();
        let text = render::render(&plan).replace("\n[plan]\n", "\n# mine\n[plan]\n");
        (plan, text)
    }

    #[test]
    fn an_appended_or_removed_last_entry_reads_back_as_the_plan() {
        let (before, text) = demo();
        let mut plan = before.clone();
        let at = chrono::NaiveDate::from_ymd_opt(2027, 1, 21)
            .unwrap()
            .and_hms_opt(8, 1, 0)
            .unwrap();
        plan.add_entry(DoseEntry {
            product: Some("Maeng Da \u{e9} 1 g".into()),
            note: Some("late".into()),
            slot: Some(1),
            ..DoseEntry::new(at, Dose::from_micros(3_250_000))
        });
        let added = log_edit(&text, &before, &plan).unwrap();
        assert!(added.starts_with(&text) && added.contains("# mine\n[plan]"));
        assert_eq!(plan_file::parse(Path::new("x.toml"), &added).unwrap(), plan);
        let removed = log_edit(&added, &plan, &before).unwrap();
        assert_eq!(removed, text);
    }

    #[test]
    fn other_changes_take_the_full_path() {
        let (before, text) = demo();
        let mut earlier = before.clone();
        let first = before.doses[0].at - chrono::Duration::hours(1);
        earlier.add_entry(DoseEntry::new(first, Dose::from_units(1)));
        assert_eq!(log_edit(&text, &before, &earlier), None);
        let mut renamed = before.clone();
        renamed.name = "other".into();
        assert_eq!(log_edit(&text, &before, &renamed), None);
        let mut odd = before.clone();
        let last = before.doses.last().unwrap().at;
        odd.add_entry(DoseEntry {
            note: Some("a \"quoted\" note".into()),
            ..DoseEntry::new(last, Dose::from_units(1))
        });
        assert_eq!(log_edit(&text, &before, &odd), None);
        // Removing an entry that is not the last text of the file.
        let edited = format!("{text}# a trailing comment\n");
        let mut fewer = before.clone();
        fewer.doses.pop();
        assert_eq!(log_edit(&edited, &before, &fewer), None);
    }

    #[test]
    fn an_undo_never_leaves_a_lone_carriage_return() {
        let (plan, text) = demo();
        let mut more = plan.clone();
        let last = plan.doses.last().unwrap().at + chrono::Duration::minutes(5);
        more.add_entry(DoseEntry::new(last, Dose::from_units(3)));
        let added = log_edit(&text, &plan, &more).unwrap();
        // The line before the appended table ends in CRLF, with no blank line between.
        let crlf = added.replacen("\n\n[[dose]]\nat = ", "\r\n[[dose]]\nat = ", 1);
        let before_last = crlf.rfind("\n[[dose]]").unwrap();
        let crlf = format!("{}\r{}", &crlf[..before_last], &crlf[before_last..]);
        let parsed = plan_file::parse(Path::new("x.toml"), &crlf).unwrap();
        assert_eq!(
            log_edit(&crlf, &parsed, &plan),
            None,
            "the full path is taken"
        );
    }

    #[test]
    fn only_the_end_of_the_file_decides() {
        let (plan, text) = demo();
        let mut more = plan.clone();
        let last = plan.doses.last().unwrap().at + chrono::Duration::minutes(5);
        more.add_entry(DoseEntry::new(last, Dose::from_units(3)));
        // A header written another way above the last table: the end is still a plain
        // table, so the entry is appended, and the file reads back as the plan.
        let odd = text.replacen("\n[[dose]]\n", "\n[[dose]] \n", 1);
        let parsed = plan_file::parse(Path::new("x.toml"), &odd).unwrap();
        assert_eq!(parsed, plan);
        let added = log_edit(&odd, &parsed, &more).unwrap();
        assert_eq!(plan_file::parse(Path::new("x.toml"), &added).unwrap(), more);
        // The last table written another way, or something after it: the full path.
        let cut = odd.rfind("\n[[dose]]\n").unwrap();
        let odd_end = format!("{}\n[[dose]] {}", &odd[..cut], &odd[cut + 9..]);
        let parsed = plan_file::parse(Path::new("x.toml"), &odd_end).unwrap();
        assert_eq!(parsed, plan);
        assert_eq!(log_edit(&odd_end, &parsed, &more), None);
        for after in [
            "[plan.x]\n",
            "[[checkin]]\ndate = 2027-01-21\n",
            "x = \"\"\"\n",
        ] {
            let odd_end = format!("{odd}{after}");
            if let Ok(parsed) = plan_file::parse(Path::new("x.toml"), &odd_end) {
                assert_eq!(log_edit(&odd_end, &parsed, &more), None, "{after}");
            }
        }
        // And a change anywhere in the log is written whole, reading back the same.
        let mut fewer = plan.clone();
        fewer.doses.remove(0);
        let new = render::render_over(&odd, &parsed, &fewer);
        assert_eq!(plan_file::parse(Path::new("x.toml"), &new).unwrap(), fewer);
    }
}
