//! Who was there: the people of a trip as the mission says, over the
//! folders the scan found. A scan keys each photo by its participant's
//! folder ([`crate::scan::owners`]); the mission's `[people]` adds delegates
//! who sent no photo and links a folder to the person it really is ("Marc
//! iPhone" is Marc). A link gives the folder's photos to that person before
//! planning, so devices (`contributor | make | model`), credits, filters and
//! curation all see one person; unlinking gives them back, without a rescan.

use std::collections::BTreeSet;

use crate::mission::{Mission, People};
use crate::plan::edits::DEVICE_KEY_SEPARATOR;
use crate::scan::ScanReport;

/// Longest name of a person: a full name with titles fits; more is a paste
/// gone wrong.
pub const MAX_NAME: usize = 100;

/// How many links are followed from a folder to its person: a chain typed by
/// hand in a mission file stops there, and a loop is no one's.
const MAX_HOPS: usize = 16;

/// A person's name as typed: trimmed; refused when blank, longer than
/// [`MAX_NAME`] characters, or holding control characters (a name is one
/// line of a credit). The message says which.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a person needs a name".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("a person's name is at most {MAX_NAME} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err("a person's name is one line of text, without control characters".into());
    }
    Ok(name.to_string())
}

/// The person `key` stands for, links followed (`"Marc iPhone"` →
/// `"Marc"`). A loop or an overlong chain, only possible in a file edited by
/// hand, leaves the key as itself.
pub fn person_of<'a>(people: &'a People, key: &'a str) -> &'a str {
    let mut at = key;
    for _ in 0..MAX_HOPS {
        match people.links.get(at) {
            Some(next) if next != key => at = next,
            Some(_) => return key,
            None => return at,
        }
    }
    key
}

/// Gives the photos and videos of linked folders to their person, and back
/// to their folder those whose link is gone. The folder a photo came from
/// is kept in [`ScanReport::linked_from`], so this can run after every
/// edit on the same scan. Returns whether any file changed hands.
pub fn apply(scan: &mut ScanReport, people: &People) -> bool {
    let mut changed = false;
    let linked = &mut scan.linked_from;
    for p in scan.photos.iter_mut().chain(scan.videos.iter_mut()) {
        let folder = linked.get(&p.path).cloned().unwrap_or_else(|| p.contributor.clone());
        let person = person_of(people, &folder);
        if person != p.contributor {
            p.contributor = person.to_string();
            changed = true;
        }
        if person == folder {
            linked.remove(&p.path);
        } else {
            linked.insert(p.path.clone(), folder);
        }
    }
    changed
}

/// The scan's own person keys: every folder found, linked or not.
pub fn folders(scan: &ScanReport) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = scan.photos.iter().chain(&scan.videos).map(|p| p.contributor.clone()).collect();
    out.extend(scan.linked_from.values().cloned());
    out
}

/// Device keys of `folder` (`"Marc iPhone | Apple | iPhone 12"`) under
/// `person`'s name: a link makes them that person's devices, so the clock
/// verdicts given to the folder's devices go with them unless the person
/// already has one for that device. The folder's own keys stay, for an
/// unlink.
pub fn carry_devices(mission: &mut Mission, folder: &str, person: &str) {
    let prefix = format!("{}{DEVICE_KEY_SEPARATOR}", folder.trim());
    let moved: Vec<(String, crate::plan::DeviceOffset)> = mission
        .edits
        .devices
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix(&prefix).map(|rest| (format!("{}{DEVICE_KEY_SEPARATOR}{rest}", person.trim()), *v))
        })
        .collect();
    for (k, v) in moved {
        mission.edits.devices.entry(k).or_insert(v);
    }
}

/// Edits a mission kept under the names older Recaps gave to sub-folders
/// that are not people (`WhatsApp`, `DCIM` inside Marie's folder): read as
/// their person's, where the person has none of their own. Clock verdicts
/// (`WhatsApp | Apple | iPhone 12` → `Marie | Apple | iPhone 12`) and a
/// display name the user typed. The old keys stay in the file, untouched.
pub fn adopt_folded(mission: &mut Mission, scan: &ScanReport) {
    if scan.folded.is_empty() {
        return;
    }
    let found = folders(scan);
    for (folder, people) in &scan.folded {
        // A name that is still someone's folder elsewhere keeps its edits.
        if found.contains(folder) {
            continue;
        }
        for person in people {
            carry_devices(mission, folder, person);
            if let Some(name) = mission.participants.get(folder).filter(|n| *n != folder).cloned() {
                mission.participants.entry(person.clone()).or_insert(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_short_line() {
        assert_eq!(check_name("  Awa Diop "), Ok("Awa Diop".into()));
        assert!(check_name(" \t").is_err());
        assert!(check_name("Awa\nDiop").is_err());
        assert!(check_name("Awa\u{7}").is_err());
        assert!(check_name(&"é".repeat(MAX_NAME)).is_ok());
        assert!(check_name(&"é".repeat(MAX_NAME + 1)).is_err());
    }

    #[test]
    fn links_are_followed_and_a_hand_made_loop_is_no_ones() {
        let mut people = People::default();
        people.links.insert("Marc iPhone".into(), "Marc".into());
        people.links.insert("Marc vieux".into(), "Marc iPhone".into());
        people.links.insert("A".into(), "B".into());
        people.links.insert("B".into(), "A".into());
        assert_eq!(person_of(&people, "Marc vieux"), "Marc");
        assert_eq!(person_of(&people, "Marc"), "Marc");
        assert_eq!(person_of(&people, "A"), "A");
    }
}
