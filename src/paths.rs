//! Paths compared the way the user's file system compares them: the one
//! definition of "inside a photo folder", used for mission files, new
//! missions and export folders alike.

use std::path::{Component, Path, PathBuf};

/// `p` made absolute against the current folder, without touching the disk
/// (a path that cannot be made absolute is returned as given).
pub fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Canonical form of a path that may not exist yet: the longest existing
/// ancestor canonicalized (symlinks and `..` resolved), the rest appended.
pub fn real_path(p: &Path) -> PathBuf {
    let abs = absolute(p);
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(real) = cur.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                cur = parent;
            }
            _ => return abs,
        }
    }
}

/// The first of `sources` that `path` is, or lies inside. Symlinks and `..`
/// are resolved where the paths exist, and names compare without case on
/// Windows and macOS, whose usual file systems ignore it: otherwise
/// `Photos/x` would pass as outside `photos`.
pub fn inside<'a, P: AsRef<Path>>(path: &Path, sources: &'a [P]) -> Option<&'a Path> {
    let target = real_path(path);
    sources.iter().map(AsRef::as_ref).find(|s| is_within(&target, &real_path(s)))
}

fn is_within(child: &Path, parent: &Path) -> bool {
    let c: Vec<Component> = child.components().collect();
    let p: Vec<Component> = parent.components().collect();
    p.len() <= c.len() && p.iter().zip(&c).all(|(a, b)| same_component(a, b))
}

fn same_component(a: &Component, b: &Component) -> bool {
    if cfg!(any(windows, target_os = "macos")) {
        a.as_os_str().to_string_lossy().to_lowercase() == b.as_os_str().to_string_lossy().to_lowercase()
    } else {
        a == b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_and_what_it_holds_are_inside_a_sibling_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let photos = dir.path().join("photos");
        std::fs::create_dir(&photos).expect("photos");
        let sources = [photos.clone()];
        assert_eq!(inside(&photos, &sources), Some(photos.as_path()));
        assert_eq!(inside(&photos.join("new/out"), &sources), Some(photos.as_path()));
        assert_eq!(inside(&photos.join("../photos/x"), &sources), Some(photos.as_path()));
        // A name that only starts like the source is another folder.
        assert_eq!(inside(&dir.path().join("photos-export"), &sources), None);
        assert_eq!(inside(dir.path(), &sources), None);
    }

    #[test]
    fn case_counts_only_where_the_file_system_counts_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let photos = dir.path().join("photos");
        std::fs::create_dir(&photos).expect("photos");
        let other_case = dir.path().join("PHOTOS").join("out");
        let found = inside(&other_case, &[&photos]).is_some();
        assert_eq!(found, cfg!(any(windows, target_os = "macos")), "{}", other_case.display());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_source_leads_inside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let photos = dir.path().join("photos");
        std::fs::create_dir(&photos).expect("photos");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&photos, &link).expect("symlink");
        assert!(inside(&link.join("out"), &[&photos]).is_some());
        // And the other way: a source named through a link.
        assert!(inside(&photos.join("out"), &[&link]).is_some());
    }
}
