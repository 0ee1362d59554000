//! How a camera is named to people: "Nikon D5300", not the EXIF pair
//! "NIKON CORPORATION" + "NIKON D5300". Makers write their legal name in
//! `Make` and often repeat the brand in `Model`; the clocks panel and any
//! list of devices show [`label`]. Pure string work over untrusted tags.

/// Longest label returned, in characters: a tag is untrusted text and a
/// label sits in a table cell.
pub const MAX_CHARS: usize = 60;

/// Legal names whose brand is not their first word, or whose brand is
/// written otherwise (lowercase prefix of `Make` → brand).
const BRANDS: &[(&str, &str)] = &[
    ("asahi optical", "Pentax"),
    ("eastman kodak", "Kodak"),
    ("fuji photo film", "Fujifilm"),
    ("fujifilm", "Fujifilm"),
    ("general imaging", "GE"),
    ("hewlett-packard", "HP"),
    ("jk imaging", "Kodak"),
    ("konica minolta", "Konica Minolta"),
    ("leica camera", "Leica"),
    ("seiko epson", "Epson"),
    ("sony", "Sony"),
    ("lg electronics", "LG"),
    ("lge", "LG"),
    ("flir", "FLIR"),
    ("research in motion", "BlackBerry"),
];

/// Words of a legal name that are not the brand ("OLYMPUS IMAGING CORP.").
const LEGAL: &[&str] = &[
    "corporation",
    "corp",
    "co",
    "ltd",
    "inc",
    "ag",
    "ab",
    "as",
    "gmbh",
    "company",
    "imaging",
    "optical",
    "electric",
    "electronics",
    "computer",
    "camera",
    "systems",
    "digital",
];

/// "NIKON CORPORATION" + "NIKON D5300" → "Nikon D5300"; "Canon" + "Canon
/// EOS 80D" → "Canon EOS 80D"; `None` when neither tag says anything.
pub fn label(make: Option<&str>, model: Option<&str>) -> Option<String> {
    let make = clean(make.unwrap_or(""));
    let model = clean(model.unwrap_or(""));
    let brand = brand(&make);
    let model = strip_brand(&model, &brand, &make);
    let text = match (brand.is_empty(), model.is_empty()) {
        (true, true) => return None,
        (false, true) => brand,
        (true, false) => model.to_owned(),
        // "Ixpress 528C - Hasselblad ELD" names its maker already.
        (false, false) if has_word(model, &brand) => model.to_owned(),
        (false, false) => format!("{brand} {model}"),
    };
    Some(text.chars().take(MAX_CHARS).collect::<String>().trim_end().to_owned())
}

/// Control characters and runs of spaces out (tags are NUL-padded).
fn clean(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The brand of a `Make` tag: a known legal name's brand, else its words
/// before the legal ones, capitalised when the maker shouts ("OLYMPUS").
fn brand(make: &str) -> String {
    let lower = make.to_lowercase();
    if let Some((_, b)) = BRANDS.iter().find(|(prefix, _)| lower.starts_with(prefix)) {
        return (*b).to_owned();
    }
    // "techsoft as - P.O.BOX 132, N-3201…": a name, then an address.
    let name = make.split([',', '/']).next().unwrap_or("").split(" - ").next().unwrap_or("");
    let words: Vec<&str> = name.split(' ').collect();
    let legal = |w: &str| LEGAL.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str());
    // Only trailing legal words go: "Digital" alone is a brand.
    let mut end = words.len();
    while end > 1 && legal(words[end - 1]) {
        end -= 1;
    }
    words[..end].iter().map(|w| tame(w.trim_end_matches([',', '.']))).collect::<Vec<_>>().join(" ")
}

/// "NIKON" → "Nikon", "samsung" → "Samsung"; acronyms ("HTC", "DJI") stay.
fn tame(word: &str) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let all_upper = word.chars().all(|c| !c.is_lowercase());
    let all_lower = word.chars().all(|c| !c.is_uppercase());
    if (all_upper && letters > 3) || all_lower {
        let mut cs = word.chars();
        match cs.next() {
            Some(first) => first.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect(),
            None => String::new(),
        }
    } else {
        word.to_owned()
    }
}

/// The model without a leading brand or maker name ("NIKON D5300" → "D5300").
fn strip_brand<'a>(model: &'a str, brand: &str, make: &str) -> &'a str {
    let first_of_make = make.split(' ').next().unwrap_or("");
    for prefix in [make, brand, first_of_make] {
        let Some(rest) = strip_prefix_ci(model, prefix).filter(|_| !prefix.is_empty()) else {
            continue;
        };
        // A word boundary, not a longer word ("Digital" in "DigitalCam").
        if rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()) {
            return rest.trim_start_matches([' ', '-', '_']);
        }
    }
    model
}

/// Whether `word` is one of `text`'s words, whatever the case.
fn has_word(text: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    text.split(|c: char| !c.is_alphanumeric()).any(|w| w.to_lowercase() == word)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.len();
    if s.len() >= n && s.is_char_boundary(n) && s[..n].eq_ignore_ascii_case(prefix) {
        Some(&s[n..])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn makers_are_named_once() {
        let cases = [
            (Some("NIKON CORPORATION"), Some("NIKON D5300"), Some("Nikon D5300")),
            (Some("Canon"), Some("Canon EOS 80D"), Some("Canon EOS 80D")),
            (Some("SONY"), Some("DSC-HX5V"), Some("Sony DSC-HX5V")),
            (Some("OLYMPUS IMAGING CORP."), Some("u760,S760"), Some("Olympus u760,S760")),
            (Some("samsung"), Some("SM-G975F"), Some("Samsung SM-G975F")),
            (Some("Apple"), Some("iPhone 6s"), Some("Apple iPhone 6s")),
            (Some("HTC"), Some("HTC Desire"), Some("HTC Desire")),
            (Some("LGE"), Some("LG-H870"), Some("LG H870")),
            (
                Some("EASTMAN KODAK COMPANY"),
                Some("KODAK DX4900 ZOOM DIGITAL CAMERA"),
                Some("Kodak DX4900 ZOOM DIGITAL CAMERA"),
            ),
            (Some("PENTAX Corporation"), Some("PENTAX K10D"), Some("Pentax K10D")),
            (Some("Digital"), Some("Digital Cam"), Some("Digital Cam")),
            (Some("Hasselblad/Imacon"), Some("Ixpress 528C - Hasselblad ELD"), Some("Ixpress 528C - Hasselblad ELD")),
            (None, Some("GT-I9000"), Some("GT-I9000")),
            (Some("FLIR Systems AB"), Some(""), Some("FLIR")),
            (Some("  "), Some("\0\0"), None),
            (None, None, None),
        ];
        for (make, model, want) in cases {
            assert_eq!(label(make, model).as_deref(), want, "{make:?} {model:?}");
        }
    }

    #[test]
    fn a_long_or_odd_tag_gives_a_short_label_not_a_panic() {
        let long = "É".repeat(500);
        let l = label(Some(&long), Some(&long)).expect("a label");
        assert!(l.chars().count() <= super::MAX_CHARS, "{l}");
        assert_eq!(label(Some("É"), Some("ÉX")).as_deref(), Some("É ÉX"));
    }
}
