//! Who a file belongs to: the participant whose folder holds it.
//!
//! A folder the user adds means one of two things: the folder holding
//! every participant's folder (`Japon 2019/Marie/…`, `Japon 2019/Kenji/…`),
//! or one participant's own folder (`Marie/`, whatever is inside it). Inside
//! a participant's folder the sub-folders are what phones, cameras and
//! messaging apps make (`DCIM/100APPLE`, `WhatsApp Images`, `Camera Roll`),
//! dates and days (`2019-04-03`, `Jour 2`), never other people. [`owners`]
//! is the one rule; the scan calls it on what it walked.

use std::collections::{BTreeMap, BTreeSet};

/// Who each file belongs to ([`owners`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    /// One person key per file, in the order the files were given.
    pub of: Vec<String>,
    /// Sub-folder name → the people whose folder holds it, for each
    /// first-level sub-folder that is not a person of its own (`WhatsApp`
    /// → `Marie`). Recap before this rule named such folders as people;
    /// missions it wrote keep their edits under those names
    /// (see `crate::people::adopt_folded`).
    pub folded: BTreeMap<String, BTreeSet<String>>,
}

/// Whose each file is. `roots` are the folders the user added (paths as
/// strings, `/` or `\` separated); `files` are `(root index, path relative
/// to that root)`.
///
/// The rule, per root:
/// - a first-level sub-folder is *named like a device, an app, a date or a
///   day* ([`is_generic_folder`]) or *carries the root's own name*
///   (`Marc/Marc iPhone`): it is not a person;
/// - the root is **one person's folder** when none of its first-level
///   sub-folders holding files is a person, or when it is one of several
///   roots, its own name is not a date or a day, and it holds a single
///   sub-folder that could be a person (`Marie/Kyoto`): the user added the
///   participants one by one. Then every file under it is that person's,
///   keyed by the root's name;
/// - otherwise the root **holds everyone's folders**: a sub-folder that is
///   a person is theirs with everything under it, keyed by its name (as
///   Recap always did, so older missions keep their keys); files loose in
///   the root and device, app, date or day sub-folders are the root's name's.
///
/// Doubts go the way a user can undo: two people wrongly made one cannot be
/// told apart again, while a sub-folder wrongly made a person is one
/// `person link` away from its owner. So a root holding two or more
/// folders named like people always holds people, whatever else is true.
pub fn owners(roots: &[&str], files: &[(usize, &str)]) -> Owners {
    let names: Vec<&str> = roots.iter().map(|r| last_component(r)).collect();
    // Per root: its first-level sub-folders holding files.
    let mut subs: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); roots.len()];
    for &(r, rel) in files {
        if let (Some(set), Some(first)) = (subs.get_mut(r), first_folder(rel)) {
            set.insert(first);
        }
    }
    let is_person = |r: usize, sub: &str| !is_generic_folder(sub) && !carries_name(sub, names[r]);
    let whole: Vec<bool> = (0..roots.len())
        .map(|r| {
            let people = subs[r].iter().filter(|s| is_person(r, s)).count();
            people == 0 || (roots.len() > 1 && people == 1 && !is_generic_folder(names[r]))
        })
        .collect();
    let mut out = Owners::default();
    for &(r, rel) in files {
        let root_name = names.get(r).copied().unwrap_or_default();
        let owner = match first_folder(rel) {
            Some(sub) if !whole.get(r).copied().unwrap_or(true) && is_person(r, sub) => sub,
            Some(sub) => {
                out.folded.entry(sub.to_string()).or_default().insert(root_name.to_string());
                root_name
            }
            None => root_name,
        };
        out.of.push(owner.to_string());
    }
    out
}

fn is_separator(c: char) -> bool {
    c == '/' || c == '\\'
}

/// The folder's own name: `C:\Voyages\Marie\` → `Marie`.
fn last_component(path: &str) -> &str {
    path.trim_end_matches(is_separator).rsplit(is_separator).next().unwrap_or_default()
}

/// The first folder of a relative path, `None` for a file directly in the root.
fn first_folder(rel: &str) -> Option<&str> {
    let mut parts = rel.split(is_separator).filter(|p| !p.is_empty() && *p != ".");
    let first = parts.next()?;
    parts.next().map(|_| first)
}

/// Words for what phones, cameras, apps and people's sorting make: a folder
/// named only with these (and numbers) holds no one in particular.
const GENERIC_WORDS: &[&str] = &[
    // Phones, cameras and their makers.
    "dcim",
    "camera",
    "cameras",
    "caméra",
    "cámara",
    "appareil",
    "roll",
    "pellicule",
    "iphone",
    "ipad",
    "android",
    "apple",
    "samsung",
    "galaxy",
    "pixel",
    "google",
    "huawei",
    "xiaomi",
    "oppo",
    "oneplus",
    "motorola",
    "nokia",
    "gopro",
    "dji",
    "drone",
    "canon",
    "nikon",
    "sony",
    "fuji",
    "fujifilm",
    "olympus",
    "panasonic",
    "lumix",
    "leica",
    "ricoh",
    "phone",
    "téléphone",
    "telephone",
    "cell",
    "mobile",
    "cellulaire",
    // Apps and services.
    "whatsapp",
    "telegram",
    "signal",
    "messenger",
    "instagram",
    "snapchat",
    "facebook",
    "wechat",
    "viber",
    "line",
    "icloud",
    "stream",
    "dropbox",
    "onedrive",
    "drive",
    "airdrop",
    "bluetooth",
    "uploads",
    "upload",
    "shared",
    // What is in it.
    "photos",
    "photo",
    "pictures",
    "picture",
    "images",
    "image",
    "img",
    "videos",
    "video",
    "vidéos",
    "vidéo",
    "movies",
    "media",
    "médias",
    "screenshots",
    "screenshot",
    "captures",
    "capture",
    "écran",
    "ecran",
    "raw",
    "jpeg",
    "jpg",
    "heic",
    "png",
    "burst",
    "bursts",
    "panorama",
    "panoramas",
    "portrait",
    "live",
    // Sorting.
    "download",
    "downloads",
    "téléchargements",
    "export",
    "exports",
    "exported",
    "edited",
    "originals",
    "original",
    "selection",
    "sélection",
    "best",
    "favorites",
    "favourites",
    "favoris",
    "album",
    "albums",
    "misc",
    "divers",
    "autres",
    "other",
    "others",
    "new",
    "folder",
    "nouveau",
    "dossier",
    "untitled",
    "sans",
    "titre",
    "sent",
    "received",
    "envoyés",
    "reçus",
    "private",
    "recent",
    "récents",
    "all",
    "tout",
    "tous",
    "my",
    "mes",
    "mon",
    "ma",
    "de",
    "du",
    "des",
    "d",
    "the",
    "of",
    "and",
    "et",
    "la",
    "le",
    "les",
    "l",
    "à",
    // Days and months.
    "day",
    "days",
    "jour",
    "jours",
    "journée",
    "día",
    "dia",
    "tag",
    "giorno",
    "dag",
    "morning",
    "afternoon",
    "evening",
    "night",
    "matin",
    "après",
    "midi",
    "soir",
    "soirée",
    "nuit",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// First words that make a folder a day or a date whatever follows:
/// `Jour 2 - Kyoto`, `Day 3`.
const DAY_WORDS: &[&str] = &["day", "jour", "journée", "día", "dia", "tag", "giorno", "dag", "j", "d"];

/// Whether a folder's name says what made it or when, not who: a camera's
/// DCF folder (`100APPLE`, `101_FUJI`), a name made only of device, app and
/// sorting words, numbers and months (`WhatsApp Images`, `Camera Roll`,
/// `iPhone 12`, `Juin 2019`), or one that starts with a date, a number or a
/// day (`2019-04-03 Kyoto`, `Jour 2 - Nara`, `J2`).
pub fn is_generic_folder(name: &str) -> bool {
    let name = name.trim();
    if is_dcf(name) {
        return true;
    }
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let Some(first) = words.first() else { return true };
    let digits = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    if digits(first) {
        return true;
    }
    // "j2", "day3", "jour2".
    let letters: String = first.chars().take_while(|c| c.is_alphabetic()).collect();
    let rest = &first[letters.len()..];
    if DAY_WORDS.contains(&letters.as_str())
        && (!rest.is_empty() && digits(rest) || words.get(1).is_some_and(|w| digits(w)))
    {
        return true;
    }
    words.iter().all(|w| digits(w) || GENERIC_WORDS.contains(w))
}

/// A DCF folder: three digits (100–999) then five upper-case letters,
/// digits or underscores.
fn is_dcf(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 8
        && (b'1'..=b'9').contains(&b[0])
        && b[1..3].iter().all(u8::is_ascii_digit)
        && b[3..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
}

/// `Marc iPhone` under `Marc`: the root's name as whole words of the folder's.
fn carries_name(sub: &str, root: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
    };
    let (sub, root) = (words(sub), words(root));
    !root.is_empty() && sub.len() >= root.len() && sub.windows(root.len()).any(|w| w == root.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_folders_are_devices_apps_dates_and_days() {
        for n in [
            "DCIM",
            "100APPLE",
            "101_FUJI",
            "WhatsApp",
            "WhatsApp Images",
            "Camera Roll",
            "Pellicule",
            "iPhone 12",
            "2019-04-03",
            "2019-04-03 Kyoto",
            "20190403",
            "Jour 2",
            "Jour 2 - Nara",
            "J2",
            "Day 3",
            "Día 4",
            "Juin 2019",
            "Captures d'écran",
            "",
        ] {
            assert!(is_generic_folder(n), "{n:?} is generic");
        }
        for n in ["Marie", "Kenji Watanabe", "Zoé", "iPhone de Marie", "Photos de Kofi", "Kyoto", "Dana", "Jordan"] {
            assert!(!is_generic_folder(n), "{n:?} could be a person");
        }
    }

    #[test]
    fn a_folder_carrying_the_roots_name_is_the_roots() {
        assert!(carries_name("Marc iPhone", "Marc"));
        assert!(carries_name("Photos de Ngozi Okafor", "Ngozi Okafor"));
        assert!(carries_name("Marc", "Marc"));
        assert!(!carries_name("Marcelle", "Marc"));
    }
}
