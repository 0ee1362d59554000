//! Which photo a mission's edit is about, wherever the trip folder went.
//!
//! In the mission file a photo is named by its source and its path inside
//! it, `/`-separated, as `"<source index>:<relative path>"` (`"1:IMG_0042.JPG"`
//! for the second source): a trip folder moved to another drive, a renamed
//! parent or the same trip opened on Windows and on Linux name it alike. The
//! index, not the folder's name, tells two sources' `IMG_0001.JPG` apart,
//! since it survives the user renaming the folder (through
//! [`relocate`]). Each key also gets a content fingerprint in
//! `Mission::fingerprints` (size and a hash of the first 64 KiB), which
//! re-attaches an edit to a renamed or moved file and to a source whose
//! index changed.
//!
//! In memory, between loading and saving, keys are the photos' current
//! absolute paths ([`crate::caption::photo_key`]): [`resolve`] turns a
//! loaded mission into that form against a scan, so planning, curation,
//! selection and export look photos up by path as before, and [`portable`]
//! turns it back before a save. Missions written before this keyed photos by
//! absolute path: those keys still match (and become portable on the next
//! save).

use crate::caption::photo_key;
use crate::mission::Mission;
use crate::model::PhotoMeta;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// How much of a file its fingerprint reads: the EXIF block and the start
/// of the image data, enough to tell apart two photos of the same size.
pub const FINGERPRINT_BYTES: u64 = 64 * 1024;

/// `"<size>:<16 hex digits of blake3 over the first 64 KiB>"`.
pub fn fingerprint(path: &Path) -> std::io::Result<String> {
    let file = crate::guard::open_regular(path).map_err(|e| std::io::Error::other(e.to_string()))?;
    let size = file.metadata()?.len();
    let mut head = Vec::with_capacity(FINGERPRINT_BYTES.min(size) as usize);
    file.take(FINGERPRINT_BYTES).read_to_end(&mut head)?;
    let hash = blake3::hash(&head).to_hex();
    Ok(format!("{size}:{}", &hash[..16]))
}

fn fingerprint_size(fp: &str) -> Option<u64> {
    fp.split_once(':')?.0.parse().ok()
}

/// The mission's source folders, in the mission's order (their index is
/// part of every key), as real paths; `None` for a folder that is missing.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    roots: Vec<Option<PathBuf>>,
}

impl Sources {
    /// The mission's sources, or `scanned` when it lists none (folders given
    /// on the command line without a mission).
    pub fn of(mission: &Mission, mission_path: Option<&Path>, scanned: &[PathBuf]) -> Sources {
        let listed = if mission.sources.is_empty() {
            scanned.to_vec()
        } else {
            mission.resolved_sources(crate::mission::path_or_default(mission_path))
        };
        Sources { roots: listed.iter().map(|r| std::fs::canonicalize(r).ok().filter(|p| p.is_dir())).collect() }
    }

    /// The portable key of the photo at `path` (absolute, as scanned), when
    /// it lies under a source; under nested sources, the deepest one.
    pub fn key(&self, path: &Path) -> Option<String> {
        let (i, rel) = self
            .roots
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, path.strip_prefix(r.as_ref()?).ok()?)))
            .min_by_key(|(_, rel)| rel.components().count())?;
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(s) => parts.push(s.to_str()?),
                _ => return None,
            }
        }
        (!parts.is_empty()).then(|| format!("{i}:{}", parts.join("/")))
    }

    /// Where a portable key points now; `None` for other keys, for a source
    /// that is missing, and for relative paths that would leave the source.
    pub fn path(&self, key: &str) -> Option<PathBuf> {
        let (i, rel) = parse(key)?;
        let mut out = self.roots.get(i)?.clone()?;
        for part in rel.split('/') {
            if part.is_empty() || part == "." || part == ".." || part.contains('\\') {
                return None;
            }
            out.push(part);
        }
        Some(out)
    }
}

/// `"3:a/b.jpg"` → (3, "a/b.jpg"). An absolute path never parses: a Unix one
/// starts with `/`, a Windows one with a drive letter or `\\`.
fn parse(key: &str) -> Option<(usize, &str)> {
    let (index, rel) = key.split_once(':')?;
    if index.is_empty() || index.len() > 4 || !index.bytes().all(|b| b.is_ascii_digit()) || rel.is_empty() {
        return None;
    }
    Some((index.parse().ok()?, rel))
}

/// Whether `key` is in the portable form.
pub fn is_portable(key: &str) -> bool {
    parse(key).is_some()
}

/// Every photo key a mission holds, once.
pub fn keys(m: &Mission) -> Vec<String> {
    let mut out: Vec<String> = m.captions.keys().chain(m.picks.keys()).cloned().collect();
    out.extend(m.edits.chapters.split.iter().cloned());
    out.extend(m.edits.chapters.moves.keys().cloned());
    out.extend(m.story.photo_keys().cloned());
    out.sort();
    out.dedup();
    out
}

/// `m` with every photo key passed through `f`. When two keys become one
/// (an old absolute key and a new one for the same photo), the first in the
/// file's order wins.
fn rekey(m: &Mission, mut f: impl FnMut(&str) -> String) -> Mission {
    fn map_keys<V: Clone>(from: &BTreeMap<String, V>, f: &mut impl FnMut(&str) -> String) -> BTreeMap<String, V> {
        let mut out = BTreeMap::new();
        for (k, v) in from {
            out.entry(f(k)).or_insert_with(|| v.clone());
        }
        out
    }
    let mut out = m.clone();
    out.captions = map_keys(&m.captions, &mut f);
    out.picks = map_keys(&m.picks, &mut f);
    out.fingerprints = map_keys(&m.fingerprints, &mut f);
    out.edits.chapters.moves = map_keys(&m.edits.chapters.moves, &mut f);
    let mut seen = HashSet::new();
    out.edits.chapters.split = m.edits.chapters.split.iter().map(|k| f(k)).filter(|k| seen.insert(k.clone())).collect();
    out.story.cover = m.story.cover.as_deref().map(&mut f);
    for day in out.story.days.values_mut() {
        if let Some(photos) = &mut day.photos {
            // The user's order is the story's: a key that became another already listed goes, the rest stay put.
            let mut seen = HashSet::new();
            *photos = photos.iter().map(|k| f(k)).filter(|k| seen.insert(k.clone())).collect();
        }
    }
    out
}

/// `m` with portable keys turned into absolute paths under the sources as
/// they are now, without looking at any file: what `recap edit` needs to
/// change a key it names by path.
pub fn absolute(m: &Mission, sources: &Sources) -> Mission {
    rekey(m, |k| sources.path(k).map(|p| photo_key(&p)).unwrap_or_else(|| k.to_string()))
}

/// `m` ready for its file: absolute keys under a source become portable,
/// each key gets a fingerprint (read from the file when it has none yet),
/// and fingerprints of keys no longer used are dropped. Keys of photos
/// outside every source (a missing one) are kept as they are, so nothing
/// the user did is lost.
pub fn portable(m: &Mission, sources: &Sources) -> Mission {
    let mut known: HashMap<String, String> = HashMap::new();
    for (k, fp) in &m.fingerprints {
        known.insert(k.clone(), fp.clone());
    }
    let mut out = rekey(m, |k| {
        let new = sources.key(Path::new(k)).unwrap_or_else(|| k.to_string());
        if new != k {
            if let Some(fp) = known.get(k).cloned() {
                known.entry(new.clone()).or_insert(fp);
            }
        }
        new
    });
    let mut fingerprints = BTreeMap::new();
    for k in keys(&out) {
        let fp = known.get(&k).cloned().or_else(|| {
            let path = sources.path(&k).or_else(|| Path::new(&k).is_absolute().then(|| PathBuf::from(&k)))?;
            fingerprint(&path).ok()
        });
        if let Some(fp) = fp {
            fingerprints.insert(k, fp);
        }
    }
    out.fingerprints = fingerprints;
    out
}

/// What [`resolve`] found.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Keys that match no scanned photo (kept in the mission as they are).
    pub orphans: Vec<String>,
    /// Keys re-attached through their fingerprint (old key → photo path).
    pub reattached: Vec<(String, String)>,
}

/// `m` with every key the scan can account for turned into the scanned
/// photo's path: portable keys under the sources as they are now, old
/// absolute keys as they are (or through their real path), and what still
/// matches nothing through its fingerprint, when exactly one unclaimed
/// photo of that size has it (only files of a matching size are read).
/// Idempotent: a resolved mission resolves to itself.
pub fn resolve(m: &Mission, sources: &Sources, photos: &[PhotoMeta]) -> (Mission, Resolution) {
    let abs = absolute(m, sources);
    let present: HashSet<String> = photos.iter().map(|p| photo_key(&p.path)).collect();
    let mut map: HashMap<String, String> = HashMap::new();
    let mut unmatched = Vec::new();
    for k in keys(&abs) {
        if present.contains(&k) {
            continue;
        }
        // A source reached through a symbolic link scans under another
        // spelling than the one `recap edit` wrote.
        let real = Path::new(&k)
            .is_absolute()
            .then(|| std::fs::canonicalize(&k).ok())
            .flatten()
            .map(|p| photo_key(&p))
            .filter(|p| present.contains(p));
        match real {
            Some(p) => {
                map.insert(k, p);
            }
            None => unmatched.push(k),
        }
    }
    let mut res = Resolution::default();
    let wanted: HashSet<u64> =
        unmatched.iter().filter_map(|k| abs.fingerprints.get(k)).filter_map(|fp| fingerprint_size(fp)).collect();
    // A photo already keyed under its new name may take its old key's
    // edits too (a pick made after a rename, a caption from before); two
    // old keys never take one photo.
    let mut claimed: HashSet<String> = HashSet::new();
    let mut by_fp: HashMap<String, Vec<String>> = HashMap::new();
    if !wanted.is_empty() {
        for p in photos {
            let key = photo_key(&p.path);
            if wanted.contains(&p.file_size) {
                if let Ok(fp) = fingerprint(&p.path) {
                    by_fp.entry(fp).or_default().push(key);
                }
            }
        }
    }
    for k in unmatched {
        let found = abs.fingerprints.get(&k).and_then(|fp| by_fp.get(fp)).and_then(|c| match c.as_slice() {
            [one] if !claimed.contains(one) => Some(one.clone()),
            _ => None,
        });
        match found {
            Some(p) => {
                claimed.insert(p.clone());
                res.reattached.push((k.clone(), p.clone()));
                map.insert(k, p);
            }
            None => res.orphans.push(k),
        }
    }
    let out = if map.is_empty() { abs } else { rekey(&abs, |k| map.get(k).cloned().unwrap_or_else(|| k.to_string())) };
    (out, res)
}

/// The sources of `m` whose folder is missing: (index, folder as resolved).
pub fn missing_sources(m: &Mission, mission_path: &Path) -> Vec<(usize, PathBuf)> {
    m.resolved_sources(mission_path).into_iter().enumerate().filter(|(_, p)| !p.is_dir()).collect()
}

/// A clear refusal for missing sources: which folders, and how to fix it.
pub fn missing_sources_message(missing: &[(usize, PathBuf)], mission_path: &Path) -> String {
    let list: Vec<String> = missing.iter().map(|(_, p)| p.display().to_string()).collect();
    let first = &list[0];
    format!(
        "the mission's photo folder{} {} {} missing. If it moved, point the mission at its new place: \
         recap edit --mission {} relocate \"{first}\" NEW_FOLDER",
        if list.len() > 1 { "s" } else { "" },
        list.join(", "),
        if list.len() > 1 { "are" } else { "is" },
        mission_path.display(),
    )
}

/// Picked photos (of a resolved mission) that the scan did not find:
/// their keys, sorted. An album must not silently lose them.
pub fn missing_picks(m: &Mission, photos: &[PhotoMeta]) -> Vec<String> {
    let present: HashSet<String> = photos.iter().map(|p| photo_key(&p.path)).collect();
    m.picks.iter().filter(|(k, p)| p.is_pick() && !present.contains(*k)).map(|(k, _)| k.clone()).collect()
}

/// The refusal for [`missing_picks`].
pub fn missing_picks_message(missing: &[String]) -> String {
    const SHOWN: usize = 20;
    let mut lines: Vec<String> = missing.iter().take(SHOWN).map(|k| format!("  {k}")).collect();
    if missing.len() > SHOWN {
        lines.push(format!("  … and {} more", missing.len() - SHOWN));
    }
    format!(
        "{} picked photo{} cannot be found (moved, renamed or deleted); nothing was written:\n{}\n\
         If a photo folder moved, run `recap edit --mission FILE relocate OLD NEW`; \
         or un-pick them with `recap edit --mission FILE pick --clear PHOTO...`.",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        lines.join("\n")
    )
}

/// Points source `old` of `m` at `new` (an existing folder), keeping every
/// edit: keys of photos under the old folder (portable, or absolute from an
/// older mission) follow it. `old` is compared as written in the mission or
/// as resolved against `mission_path`, since the folder is usually gone.
///
/// A trip folder usually moves whole: every other missing source that sat
/// beside `old` and now exists at the same place beside `new` follows too,
/// so the user points at one participant's folder, not at each of 27.
/// Returns a line saying what changed.
pub fn relocate(m: &mut Mission, mission_path: &Path, old: &Path, new: &Path) -> Result<String, String> {
    let before = m.resolved_sources(mission_path);
    let missing: Vec<PathBuf> = before.iter().filter(|p| !p.is_dir()).cloned().collect();
    let (index, mut said) = match relocate_one(m, mission_path, old, new) {
        Ok(done) => done,
        // Already followed an earlier relocation of a folder beside it:
        // asking again (a script relocating each folder) is not an error.
        Err(e) => {
            let real = std::fs::canonicalize(new).ok();
            if real.is_some() && before.iter().any(|s| std::fs::canonicalize(s).ok() == real) {
                return Ok(format!("photo folder {} is already in place", new.display()));
            }
            return Err(e);
        }
    };
    let (Some(old_parent), Some(new_parent)) =
        (before[index].parent(), m.sources[index].parent().map(Path::to_path_buf))
    else {
        return Ok(said);
    };
    let mut followed = 0;
    for gone in missing.iter().filter(|p| **p != before[index]) {
        let Ok(rest) = gone.strip_prefix(old_parent) else { continue };
        let there = new_parent.join(rest);
        if there.is_dir() && relocate_one(m, mission_path, gone, &there).is_ok() {
            followed += 1;
        }
    }
    if followed > 0 {
        said.push_str(&format!(
            "; {followed} other missing folder{} beside it followed",
            if followed == 1 { "" } else { "s" }
        ));
    }
    Ok(said)
}

fn relocate_one(m: &mut Mission, mission_path: &Path, old: &Path, new: &Path) -> Result<(usize, String), String> {
    let new = std::fs::canonicalize(new)
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| format!("{}: no such folder", new.display()))?;
    let resolved = m.resolved_sources(mission_path);
    let base = mission_path.parent().unwrap_or(Path::new(""));
    let old_abs = crate::mission::absolute(&base.join(old));
    let same = |a: &Path, b: &Path| a == b || a.components().eq(b.components());
    let index = (0..m.sources.len())
        .find(|&i| same(&m.sources[i], old) || same(&resolved[i], &old_abs))
        .or_else(|| {
            let real = std::fs::canonicalize(old).ok()?;
            resolved.iter().position(|r| std::fs::canonicalize(r).ok().as_deref() == Some(real.as_path()))
        })
        .ok_or_else(|| {
            let listed: Vec<String> = resolved.iter().map(|p| format!("  {}", p.display())).collect();
            format!("{} is not one of the mission's photo folders:\n{}", old.display(), listed.join("\n"))
        })?;
    if resolved.iter().enumerate().any(|(i, r)| i != index && std::fs::canonicalize(r).ok().as_deref() == Some(&new)) {
        return Err(format!("{} is already one of the mission's photo folders", new.display()));
    }
    // Old absolute keys under the old folder become portable under this
    // source, so they follow it.
    let old_root = resolved[index].clone();
    let relocated = rekey(m, |k| {
        let p = Path::new(k);
        if !p.is_absolute() {
            return k.to_string();
        }
        let rel = p.strip_prefix(&old_root).or_else(|_| p.strip_prefix(&old_abs));
        match rel.ok().and_then(|r| r.components().map(|c| c.as_os_str().to_str()).collect::<Option<Vec<_>>>()) {
            Some(parts) if !parts.is_empty() => format!("{index}:{}", parts.join("/")),
            _ => k.to_string(),
        }
    });
    let follow = keys(&relocated).iter().filter(|k| parse(k).is_some_and(|(i, _)| i == index)).count();
    *m = relocated;
    let before = m.sources[index].display().to_string();
    m.sources[index] = new.clone();
    let said = format!(
        "photo folder {before} → {} ({follow} photo edit{} follow it)",
        new.display(),
        if follow == 1 { "" } else { "s" }
    );
    Ok((index, said))
}

/// [`Mission::update`] for a change that names photos by path (as the
/// command line and [`crate::edit`] do): under the file's lock, the keys are
/// made absolute for `change` and portable again for the file.
pub fn update<R, E: From<crate::mission::MissionError>>(
    path: &Path,
    change: impl FnOnce(&mut Mission) -> Result<R, E>,
) -> Result<(R, Mission), E> {
    Mission::update(path, |m| {
        let sources = Sources::of(m, Some(path), &[]);
        let mut abs = absolute(m, &sources);
        let answer = change(&mut abs)?;
        // Sources again: `change` may have moved one (a relocation).
        *m = portable(&abs, &Sources::of(&abs, Some(path), &[]));
        Ok(answer)
    })
}

/// The mission at `path` with its portable keys turned into the photos'
/// absolute paths under its sources as they are now: how a tool reads what
/// the user decided about a photo it knows by path.
pub fn load_absolute(path: &Path) -> Result<Mission, crate::mission::MissionError> {
    let m = Mission::load(path)?;
    Ok(absolute(&m, &Sources::of(&m, Some(path), &[])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_index_colon_relative_keys_are_portable() {
        for k in ["0:IMG_0001.JPG", "12:Chloé/IMG 1.jpg"] {
            assert!(is_portable(k), "{k}");
        }
        for k in ["/photos/a.jpg", "C:\\photos\\a.jpg", "C:/photos/a.jpg", "\\\\nas\\a.jpg", "0:", ":a.jpg", "99999:a"]
        {
            assert!(!is_portable(k), "{k}");
        }
    }

    #[test]
    fn portable_keys_never_leave_their_source() {
        let dir = tempfile::tempdir().expect("dir");
        let root = std::fs::canonicalize(dir.path()).expect("real");
        let sources = Sources { roots: vec![Some(root.clone()), None] };
        assert_eq!(sources.path("0:a/b.jpg"), Some(root.join("a").join("b.jpg")));
        for k in ["0:../etc/passwd", "0:a/../../x", "0:a//b", "0:a\\..\\x", "1:a.jpg", "2:a.jpg"] {
            assert_eq!(sources.path(k), None, "{k}");
        }
        assert_eq!(sources.key(&root.join("a").join("b.jpg")).as_deref(), Some("0:a/b.jpg"));
        assert_eq!(sources.key(&root), None);
    }
}
