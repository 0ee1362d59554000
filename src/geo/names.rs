//! Place names in the reader's language: "Londres" in a French album,
//! "London" in an English one. GeoNames' `name` stays the key everywhere
//! (chapter ids, the gazetteer); these are only the words shown.

use super::{airport, Place};
use crate::lang::{Lang, Localized};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Built by `scripts/gazetteer/names.py` (Natural Earth, public domain, joined
/// to the gazetteer through GeoNames ids; CLDR for countries); format in
/// `data/README.md`.
static EMBEDDED_TSV: &str = include_str!("../../data/names.tsv");

/// Longest name a row may hold, in characters: a name is a label, not a text.
const MAX_NAME_CHARS: usize = 100;

/// A names row that cannot be trusted (only reachable with data other than the embedded one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("names line {line}: {reason}")]
pub struct NamesError {
    pub line: usize,
    pub reason: &'static str,
}

/// A name pair where an empty side means "the key's own name".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Pair {
    fr: Box<str>,
    en: Box<str>,
}

/// A city's key: (country, admin1, GeoNames name), as the gazetteer holds it.
type CityKey = (Box<str>, Box<str>, Box<str>);

/// The parsed names file.
#[derive(Debug, Default)]
pub struct Names {
    /// (country, admin1, GeoNames name) → names.
    cities: HashMap<CityKey, Pair>,
    /// ISO 3166-1 alpha-2 → names (both always set).
    countries: HashMap<Box<str>, Pair>,
    /// (country, GeoNames name or English name) → French name, for airports
    /// whose source lists their city without its admin1.
    city_fr: HashMap<(Box<str>, Box<str>), Box<str>>,
}

fn sound(field: &str) -> bool {
    field.chars().count() <= MAX_NAME_CHARS && !field.chars().any(char::is_control) && field.trim() == field
}

impl Names {
    /// The embedded names, parsed on first call.
    pub fn embedded() -> &'static Names {
        static N: OnceLock<Names> = OnceLock::new();
        N.get_or_init(|| Names::parse_tsv(EMBEDDED_TSV).expect("embedded names.tsv parses"))
    }

    /// Parse `kind country admin1 name fr en` lines (`#` lines skipped); any
    /// row that is not exactly that is refused with its line number.
    pub fn parse_tsv(text: &str) -> Result<Names, NamesError> {
        let mut names = Names::default();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |reason| NamesError { line: i + 1, reason };
            let f: Vec<&str> = line.splitn(7, '\t').collect();
            let [kind, country, admin1, name, fr, en] = f[..] else {
                return Err(err("expected 6 tab-separated fields"));
            };
            if !(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())) {
                return Err(err("country is not an ISO 3166-1 alpha-2 code"));
            }
            if ![admin1, name, fr, en].into_iter().all(sound) {
                return Err(err("a name is too long, padded or holds control characters"));
            }
            let pair = Pair { fr: fr.into(), en: en.into() };
            match kind {
                "city" => {
                    if name.is_empty() || (fr.is_empty() && en.is_empty()) {
                        return Err(err("a city row needs its name and a French or English one"));
                    }
                    if !fr.is_empty() {
                        names.city_fr.entry((country.into(), name.into())).or_insert_with(|| fr.into());
                        if !en.is_empty() {
                            names.city_fr.entry((country.into(), en.into())).or_insert_with(|| fr.into());
                        }
                    }
                    if names.cities.insert((country.into(), admin1.into(), name.into()), pair).is_some() {
                        return Err(err("the same city twice"));
                    }
                }
                "country" => {
                    if !admin1.is_empty() || !name.is_empty() || fr.is_empty() || en.is_empty() {
                        return Err(err("a country row holds its code, a French and an English name"));
                    }
                    if names.countries.insert(country.into(), pair).is_some() {
                        return Err(err("the same country twice"));
                    }
                }
                _ => return Err(err("unknown kind (city or country)")),
            }
        }
        Ok(names)
    }

    /// How many cities have a name of their own in French or English.
    pub fn city_count(&self) -> usize {
        self.cities.len()
    }

    /// The city's name in `lang`, or `None` when it is GeoNames' own.
    fn city(&self, p: &Place, lang: Lang) -> Option<&str> {
        let pair = self.cities.get(&(p.country.as_str().into(), p.admin1.as_str().into(), p.name.as_str().into()))?;
        let s = match lang {
            Lang::Fr => &pair.fr,
            Lang::En => &pair.en,
        };
        (!s.is_empty()).then_some(&**s)
    }

    /// An airport place ("London Heathrow (LHR)") in French: the city part
    /// takes its French name ("Londres-Heathrow (LHR)"); an airport named
    /// otherwise keeps its name. English keeps the source's name.
    fn airport_fr(&self, p: &Place) -> Option<String> {
        if p.population != 0 || !p.admin1.is_empty() {
            return None;
        }
        let iata = p.name.strip_suffix(')')?.rsplit_once(" (")?.1;
        let a = airport(iata).filter(|a| a.country == p.country && a.display_name() == p.name)?;
        let rest = a.name.strip_prefix(a.city.as_str())?;
        let fr = self.city_fr.get(&(a.country.as_str().into(), a.city.as_str().into()))?;
        // "London Heathrow" → "Londres-Heathrow": French joins a city to its airport with a hyphen.
        let rest = match rest.strip_prefix(' ') {
            Some(r) if !r.is_empty() => format!("-{r}"),
            _ if rest.is_empty() || rest.starts_with('-') => rest.to_owned(),
            _ => return None, // "Parisville" is not "Paris" + something
        };
        Some(format!("{fr}{rest} ({iata})"))
    }

    /// The place's name in `lang`: a city's exonym ("Londres"), an airport
    /// with its city's exonym, otherwise GeoNames' name.
    pub fn place_name<'a>(&self, p: &'a Place, lang: Lang) -> std::borrow::Cow<'a, str> {
        if let Some(s) = self.city(p, lang) {
            return std::borrow::Cow::Owned(s.to_owned());
        }
        match lang {
            Lang::Fr => self.airport_fr(p).map_or(std::borrow::Cow::Borrowed(p.name.as_str()), std::borrow::Cow::Owned),
            Lang::En => std::borrow::Cow::Borrowed(p.name.as_str()),
        }
    }

    /// The country's name in `lang` ("Royaume-Uni" / "United Kingdom").
    pub fn country_name(&self, code: &str, lang: Lang) -> Option<&str> {
        let pair = self.countries.get(code)?;
        Some(match lang {
            Lang::Fr => &pair.fr,
            Lang::En => &pair.en,
        })
    }
}

impl Place {
    /// This place's name in `lang` ("Londres" for GeoNames' "London" in French).
    ///
    /// ```
    /// use recap::lang::Lang;
    /// let london = recap::geo::principal_city(51.5072, -0.1276).unwrap();
    /// assert_eq!((london.name_in(Lang::Fr).as_ref(), london.name_in(Lang::En).as_ref()), ("Londres", "London"));
    /// ```
    pub fn name_in(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        Names::embedded().place_name(self, lang)
    }

    /// Both names at once, for a plan that serves either album.
    pub fn names(&self) -> Localized {
        Localized::new(self.name_in(Lang::Fr), self.name_in(Lang::En))
    }
}

/// A country's name in `lang` from its ISO 3166-1 alpha-2 code ("GB" →
/// "Royaume-Uni" / "United Kingdom"); `None` for an unknown code.
pub fn country_name(code: &str, lang: Lang) -> Option<&'static str> {
    Names::embedded().country_name(code, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(country: &str, admin1: &str, name: &str) -> Place {
        Place {
            name: name.into(),
            country: country.into(),
            admin1: admin1.into(),
            population: 10_000,
            lat: 0.0,
            lon: 0.0,
        }
    }

    #[test]
    fn hostile_rows_are_refused_with_their_line() {
        let bad = [
            ("city\tGB\tENG\tLondon\tLondres\n", "5 fields"),
            ("city\tGB\tENG\tLondon\tLondres\tLondon\textra\n", "7 fields"),
            ("town\tGB\tENG\tLondon\tLondres\t\n", "unknown kind"),
            ("city\tgb\tENG\tLondon\tLondres\t\n", "lower-case country"),
            ("city\tGBR\tENG\tLondon\tLondres\t\n", "alpha-3 country"),
            ("city\tGB\tENG\t\tLondres\t\n", "no key name"),
            ("city\tGB\tENG\tLondon\t\t\n", "no name at all"),
            ("city\tGB\tENG\tLondon\tLon\u{7}dres\t\n", "a bell"),
            ("city\tGB\tENG\tLondon\t Londres\t\n", "padding"),
            ("country\tGB\t\t\tRoyaume-Uni\t\n", "country without English"),
            ("country\tGB\tENG\t\tRoyaume-Uni\tUnited Kingdom\n", "country with admin1"),
            ("city\tGB\tENG\tLondon\tLondres\t\ncity\tGB\tENG\tLondon\tLondinium\t\n", "duplicate"),
        ];
        for (text, what) in bad {
            let e = Names::parse_tsv(&format!("#kind\tcountry\tadmin1\tname\tfr\ten\n{text}"));
            assert!(e.as_ref().is_err_and(|e| e.line >= 2), "{what}: {e:?}");
        }
        let long = format!("city\tGB\tENG\tLondon\t{}\t\n", "L".repeat(MAX_NAME_CHARS + 1));
        assert_eq!(Names::parse_tsv(&long).unwrap_err().line, 1);
        let ok = Names::parse_tsv("city\tGB\tENG\tLondon\tLondres\t\ncountry\tGB\t\t\tRoyaume-Uni\tUnited Kingdom\n")
            .expect("good rows parse");
        assert_eq!(ok.place_name(&place("GB", "ENG", "London"), Lang::Fr), "Londres");
        assert_eq!(ok.place_name(&place("GB", "ENG", "London"), Lang::En), "London");
        assert_eq!(ok.place_name(&place("CA", "08", "London"), Lang::Fr), "London", "London, Ontario keeps its name");
    }

    #[test]
    fn embedded_names_parse_and_cover_the_big_exonyms() {
        let n = Names::embedded();
        assert!(n.city_count() > 1000, "{}", n.city_count());
        assert_eq!(n.place_name(&place("ES", "51", "Sevilla"), Lang::En), "Seville");
        assert_eq!(country_name("DE", Lang::Fr), Some("Allemagne"));
        assert_eq!(country_name("ZZ", Lang::Fr), None);
    }
}
