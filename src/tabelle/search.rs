//! Word search, as a helpdesk types it: words in any order, case, accents,
//! apostrophes (’ and ') and hyphens ignored, each word a prefix of a word
//! of the name («reggio emilia» finds Reggio nell'Emilia, «s dona piave»
//! San Donà di Piave). `clic tabelle` and `clic explain` both use it.

/// A text cut into folded words: lowercase base letters and digits, split
/// at anything else (spaces, apostrophes, hyphens, dots, slashes).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        match fold_char(c) {
            Some(folded) => word.push(folded),
            None if !word.is_empty() => out.push(std::mem::take(&mut word)),
            None => {}
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A letter without its accent, lowercase; a digit as is; `None` for a
/// separator. A letter outside the Latin ones keeps its own lowercase form.
fn fold_char(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    if let Some(base) = crate::codice_fiscale::lettera_base(c) {
        return Some(char::from(base).to_ascii_lowercase());
    }
    if c.is_alphabetic() {
        return c.to_lowercase().next();
    }
    None
}

/// How well a name matches a query; the lower, the better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The name is the query (or the query is the code).
    Exact,
    /// Every word of the query starts a word of the name.
    Prefixes,
    /// Every word of the query is inside the name, not at a word's start.
    Partial,
}

impl Rank {
    pub fn key(self) -> &'static str {
        match self {
            Rank::Exact => "exact",
            Rank::Prefixes => "prefixes",
            Rank::Partial => "partial",
        }
    }
}

/// A query, folded once and compared with many names.
#[derive(Debug, Clone)]
pub struct Query {
    words: Vec<String>,
    joined: String,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let words = words(text);
        let joined = words.concat();
        Query { words, joined }
    }

    /// Several arguments of the command line, as one query.
    pub fn from_args(args: &[String]) -> Query {
        Query::new(&args.join(" "))
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The folded words, for a caller that looks a code up itself.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// How `name` matches, if it does.
    pub fn rank(&self, name: &str) -> Option<Rank> {
        if self.is_empty() {
            return None;
        }
        let name_words = words(name);
        self.rank_words(&name_words)
    }

    /// [`Query::rank`] of a name already cut by [`words`].
    pub fn rank_words(&self, name_words: &[String]) -> Option<Rank> {
        if self.is_empty() {
            return None;
        }
        let joined = name_words.concat();
        if joined == self.joined {
            return Some(Rank::Exact);
        }
        if self
            .words
            .iter()
            .all(|q| name_words.iter().any(|w| w.starts_with(q.as_str())))
        {
            return Some(Rank::Prefixes);
        }
        if self.words.iter().all(|q| joined.contains(q.as_str())) {
            return Some(Rank::Partial);
        }
        None
    }

    /// Whether every word of the query starts a word of `text` (for long
    /// texts, where a word found in the middle of another is noise).
    pub fn prefixes_in(&self, text_words: &[String]) -> bool {
        !self.is_empty()
            && self
                .words
                .iter()
                .all(|q| text_words.iter().any(|w| w.starts_with(q.as_str())))
    }

    /// Whether the query, as one word, is `code` ignoring case and
    /// punctuation (`h223`, `62.01.00`, `620100`).
    pub fn is_code(&self, code: &str) -> bool {
        !self.is_empty() && words(code).concat() == self.joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_apostrophes_and_hyphens_are_ignored() {
        assert_eq!(words("Reggio nell’Emilia"), ["reggio", "nell", "emilia"]);
        assert_eq!(words("San Donà di Piave"), ["san", "dona", "di", "piave"]);
        assert_eq!(
            words("Doberdò del Lago-Doberdob"),
            ["doberdo", "del", "lago", "doberdob"]
        );
        assert_eq!(words("FORLÌ"), ["forli"]);
        let curly = Query::new("Reggio nell’Emilia");
        let straight = Query::new("reggio NELL'EMILIA");
        assert_eq!(curly.rank("Reggio nell'Emilia"), Some(Rank::Exact));
        assert_eq!(straight.rank("Reggio Nell’Emilia"), Some(Rank::Exact));
        assert_eq!(Query::new("forli").rank("Forlì"), Some(Rank::Exact));
        assert_eq!(
            Query::new("sant agata").rank("Sant'Agata Bolognese"),
            Some(Rank::Prefixes)
        );
    }

    #[test]
    fn each_word_is_a_prefix_in_any_order() {
        let reggio = Query::new("Reggio Emilia");
        assert_eq!(reggio.rank("Reggio nell'Emilia"), Some(Rank::Prefixes));
        assert_eq!(
            Query::new("emilia reggio").rank("Reggio nell'Emilia"),
            Some(Rank::Prefixes)
        );
        assert_eq!(
            Query::new("s dona piave").rank("San Donà di Piave"),
            Some(Rank::Prefixes)
        );
        assert_eq!(reggio.rank("Reggio di Calabria"), None, "every word must match");
        assert_eq!(
            Query::new("emilia").rank("Reggio nell'Emilia"),
            Some(Rank::Prefixes)
        );
    }

    #[test]
    fn a_word_inside_another_ranks_after_prefixes() {
        let q = Query::new("reggio");
        assert_eq!(q.rank("Reggio di Calabria"), Some(Rank::Prefixes));
        assert_eq!(q.rank("Bareggio"), Some(Rank::Partial));
        assert_eq!(q.rank("Reggio"), Some(Rank::Exact));
        assert!(Rank::Exact < Rank::Prefixes && Rank::Prefixes < Rank::Partial);
        assert_eq!(q.rank("Roma"), None);
    }

    #[test]
    fn codes_match_ignoring_case_and_dots() {
        assert!(Query::new("h223").is_code("H223"));
        assert!(Query::new("62.01.00").is_code("62.01.00"));
        assert!(!Query::new("h22").is_code("H223"));
        assert!(Query::new("").rank("Roma").is_none());
    }
}
