//! The core's top-level modules form layers: no module reaches, through any
//! chain of `crate::` references, back to itself. A cycle means two rooms
//! share a word that belongs to neither, and neither can be read alone.
//!
//! Read from the source text with std only: every `src/**/*.rs` but
//! `src/lib.rs` and `src/bin/` is mapped to its top-level module
//! (`src/plan/group.rs` → `plan`), and each `crate::<module>` it names, in a
//! `use` line (groups included) or a path, is an arrow. Comments, strings and
//! `$crate::` in macros are not read; `super::` inside a module folder stays
//! in that module, so it is not an arrow.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where one module names another: file and 1-based line.
type Sites = Vec<(String, usize)>;
/// from → to → where.
type Graph = BTreeMap<String, BTreeMap<String, Sites>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let read = std::fs::read_dir(dir).expect("list a source folder");
    let mut entries: Vec<_> = read.map(|e| e.expect("read a folder entry").path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to, or None for the crate root and
/// the binaries (they sit above every module).
fn module_of(rel: &Path) -> Option<String> {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = parts.next()?;
    if first == "lib.rs" || first == "bin" || first == "main.rs" {
        return None;
    }
    Some(first.strip_suffix(".rs").unwrap_or(&first).to_owned())
}

/// The code of a file with comments, string and char literals blanked out
/// (newlines kept, so line numbers stay right).
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let blank = |out: &mut Vec<u8>, c: u8| out.push(if c == b'\n' { b'\n' } else { b' ' });
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if rest.starts_with(b"/*") {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    out.extend_from_slice(b"  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, b[i]);
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(b, i) {
            // r"…", r#"…"#, br#"…"#: ends at a quote followed by as many #.
            let open = rest.iter().position(|&c| c == b'"').expect("raw_string_start saw the quote") + 1;
            for &c in &b[i..i + open] {
                blank(&mut out, c);
            }
            i += open;
            while i < b.len() {
                if b[i] == b'"' && b[i + 1..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes {
                    out.extend(std::iter::repeat_n(b' ', 1 + hashes));
                    i += 1 + hashes;
                    break;
                }
                blank(&mut out, b[i]);
                i += 1;
            }
        } else if b[i] == b'"' {
            out.push(b' ');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' && i + 1 < b.len() {
                    blank(&mut out, b[i]);
                    i += 1;
                }
                blank(&mut out, b[i]);
                i += 1;
            }
            out.push(b' ');
            i += 1;
        } else if b[i] == b'\'' && !ident_byte(b.get(i.wrapping_sub(1)).copied().unwrap_or(b' ')) {
            // A char literal ('x', '\n', '"', '\u{e9}') or a lifetime ('a).
            let len = char_literal_len(&b[i..]);
            out.extend(std::iter::repeat_n(b' ', len));
            if len == 0 {
                out.push(b'\'');
                i += 1;
            } else {
                i += len;
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The number of `#` of a raw string starting at `i`, if one does.
fn raw_string_start(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && ident_byte(b[i - 1]) {
        return None;
    }
    let mut j = i;
    if b.get(j) == Some(&b'b') {
        j += 1;
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
    (b.get(j + hashes) == Some(&b'"')).then_some(hashes)
}

/// The length in bytes of a char literal at the start of `b`, 0 for a lifetime.
fn char_literal_len(b: &[u8]) -> usize {
    if b.get(1) == Some(&b'\\') {
        // An escape: up to the closing quote (\u{…} included).
        return b.iter().skip(2).position(|&c| c == b'\'').map_or(0, |p| p + 3);
    }
    // One UTF-8 character, then the closing quote.
    let Some(&first) = b.get(1) else { return 0 };
    let width = match first {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    if b.get(1 + width) == Some(&b'\'') {
        width + 2
    } else {
        0
    }
}

/// Every top-level module named after `crate::` in `code`, with its line:
/// `crate::plan::Chapter`, and each head of `crate::{plan::Chapter, mission}`.
fn references(code: &str) -> Vec<(String, usize)> {
    let b = code.as_bytes();
    let line_at = |pos: usize| 1 + b[..pos].iter().filter(|&&c| c == b'\n').count();
    let ident_at = |mut j: usize| {
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let start = j;
        while j < b.len() && ident_byte(b[j]) {
            j += 1;
        }
        (String::from_utf8_lossy(&b[start..j]).into_owned(), start)
    };
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find("crate") {
        let at = from + k;
        from = at + 5;
        let before = if at == 0 { b' ' } else { b[at - 1] };
        if ident_byte(before) || before == b'$' {
            continue;
        }
        let mut j = at + 5;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if !code[j..].starts_with("::") {
            continue;
        }
        j += 2;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b.get(j) == Some(&b'{') {
            // A group: the first name after `{` and after each `,` at depth 1.
            let mut depth = 0;
            let mut expect_head = true;
            while j < b.len() {
                match b[j] {
                    b'{' => {
                        depth += 1;
                        expect_head = depth == 1;
                    }
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    b',' if depth == 1 => expect_head = true,
                    c if depth == 1 && expect_head && ident_byte(c) => {
                        let (name, start) = ident_at(j);
                        found.push((name.clone(), line_at(start)));
                        j = start + name.len();
                        expect_head = false;
                        continue;
                    }
                    _ => {}
                }
                j += 1;
            }
        } else {
            let (name, start) = ident_at(j);
            if !name.is_empty() {
                found.push((name, line_at(start)));
            }
        }
    }
    found
}

/// The module graph of the crate whose `src/` is `src`.
fn graph_of(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<String> =
        files.iter().filter_map(|f| module_of(f.strip_prefix(src).expect("under src"))).collect();
    let mut graph = Graph::new();
    for file in &files {
        let rel = file.strip_prefix(src).expect("under src");
        let Some(from) = module_of(rel) else { continue };
        let text = std::fs::read_to_string(file).expect("read a source file");
        let shown = Path::new("src").join(rel).to_string_lossy().replace('\\', "/");
        let node = graph.entry(from.clone()).or_default();
        for (to, line) in references(&code_only(&text)) {
            // Names that are not modules (`crate::Error`, `crate::Result`)
            // come from lib.rs, the root, which is no layer.
            if to != from && modules.contains(&to) {
                node.entry(to).or_default().push((shown.clone(), line));
            }
        }
    }
    graph
}

/// The strongly connected parts of more than one module (Tarjan), each sorted.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(w: &mut Walk<'g>, v: &'g str) {
        let n = w.index.len();
        w.index.insert(v, n);
        w.low.insert(v, n);
        w.stack.push(v);
        w.on_stack.insert(v);
        for to in w.graph.get(v).into_iter().flat_map(|m| m.keys()) {
            let to = to.as_str();
            if !w.index.contains_key(to) {
                visit(w, to);
                let l = w.low[to].min(w.low[v]);
                w.low.insert(v, l);
            } else if w.on_stack.contains(to) {
                let l = w.index[to].min(w.low[v]);
                w.low.insert(v, l);
            }
        }
        if w.low[v] == w.index[v] {
            let mut part = Vec::new();
            while let Some(m) = w.stack.pop() {
                w.on_stack.remove(m);
                part.push(m.to_owned());
                if m == v {
                    break;
                }
            }
            if part.len() > 1 {
                part.sort();
                w.found.push(part);
            }
        }
    }
    let mut w = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.found
}

/// Each arrow inside a cycle with where it is made, for the failure message.
fn describe(graph: &Graph, part: &[String]) -> String {
    let mut s = format!("cycle between {}:\n", part.join(", "));
    for from in part {
        for (to, sites) in graph.get(from).into_iter().flatten() {
            if part.contains(to) {
                let at: Vec<String> = sites.iter().map(|(f, l)| format!("{f}:{l}")).collect();
                s += &format!("  {from} -> {to}: {}\n", at.join(", "));
            }
        }
    }
    s
}

#[test]
fn the_core_modules_have_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph_of(&src);
    // The walk must see the crate: an empty graph would pass for nothing.
    assert!(graph.len() > 10, "only {} modules found under {}", graph.len(), src.display());
    assert!(graph.values().map(|m| m.len()).sum::<usize>() > 10, "almost no arrows found: the reader is broken");
    let found = cycles(&graph);
    let report: Vec<String> = found.iter().map(|p| describe(&graph, p)).collect();
    assert!(found.is_empty(), "import cycles in src/:\n{}", report.join("\n"));
}

#[test]
fn a_deliberate_cycle_is_detected_with_its_arrows() {
    let dir = std::env::temp_dir().join(format!("recap-layers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("plan")).unwrap();
    let write = |p: &str, t: &str| std::fs::write(dir.join(p), t).unwrap();
    write("lib.rs", "pub mod lang; pub mod mission; pub mod plan; pub mod caption;\nuse crate::plan::X;\n");
    write("lang.rs", "// use crate::caption::Nothing;\npub enum Lang { Fr }\nconst S: &str = \"crate::plan\";\n");
    write("mission.rs", "use crate::{lang::Lang, plan::{self, Edits}};\n");
    write("plan/mod.rs", "pub mod group;\nuse super::group;\n");
    // The arrow back: plan → caption → mission → plan.
    write("plan/group.rs", "fn f<'a>(c: char) -> bool { c == '\"' && crate::caption::ok() }\n");
    write("caption.rs", "fn g() { let _ = crate :: mission::Mission::new(); let _ = '\\u{e9}'; }\n");
    let graph = graph_of(&dir);
    std::fs::remove_dir_all(&dir).unwrap();

    // lang names nothing: a comment and a string are not arrows.
    assert!(graph["lang"].is_empty(), "{:?}", graph["lang"]);
    assert_eq!(graph["mission"].keys().collect::<Vec<_>>(), ["lang", "plan"]);
    assert_eq!(graph["plan"]["caption"], vec![("src/plan/group.rs".to_owned(), 1)]);
    assert!(!graph.contains_key("lib"), "the crate root is no layer");
    let found = cycles(&graph);
    assert_eq!(found, vec![vec!["caption".to_owned(), "mission".to_owned(), "plan".to_owned()]]);
    let message = describe(&graph, &found[0]);
    assert!(message.contains("plan -> caption: src/plan/group.rs:1"), "{message}");
    assert!(message.contains("mission -> plan: src/mission.rs:1"), "{message}");
    assert!(!message.contains("lang"), "{message}");
}
