//! A schema validator's message pasted whole into `clic explain`: the
//! portal's or a SIL's Xerces-J (`cvc-…`), libxml2 (`xmllint --schema`) or
//! .NET (`System.Xml.Schema`), mapped to the clic code that says the same
//! thing, with the element (and the expected ones) it names.
//!
//! The texts matched are those tools' own English messages, recorded from
//! real runs on the fixtures (tests/data/messaggi_schema/).

use std::sync::OnceLock;

use regex::Regex;

/// Which validator wrote the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Xerces,
    Libxml2,
    DotNet,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Xerces => "Xerces-J",
            Tool::Libxml2 => "libxml2 (xmllint)",
            Tool::DotNet => ".NET (System.Xml)",
        }
    }
}

/// What the pasted message says, as clic would say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pasted {
    pub tool: Tool,
    /// The clic code for the message.
    pub code: &'static str,
    /// The element the message names (local name, no namespace).
    pub element: Option<String>,
    /// The attribute, for an attribute message.
    pub attribute: Option<String>,
    /// The elements the validator expected instead (local names).
    pub expected: Vec<String>,
    /// The value it refused.
    pub value: Option<String>,
}

/// The message's family: (tool, text that identifies it, clic code).
/// The first match wins, so the specific ones come first.
const FAMILIES: &[(Tool, &str, &str)] = &[
    // Xerces-J: the cvc- identifiers of the XML Schema recommendation.
    (Tool::Xerces, "cvc-complex-type.2.4.b", "CL0101"),
    (Tool::Xerces, "cvc-complex-type.2.4.a", "CL0102"),
    (Tool::Xerces, "cvc-complex-type.2.4.c", "CL0102"),
    (Tool::Xerces, "cvc-complex-type.2.4.d", "CL0102"),
    (Tool::Xerces, "cvc-complex-type.2.4.f", "CL0104"),
    (Tool::Xerces, "cvc-enumeration-valid", "CL0105"),
    (Tool::Xerces, "cvc-pattern-valid", "CL0106"),
    (Tool::Xerces, "cvc-maxLength-valid", "CL0107"),
    (Tool::Xerces, "cvc-minLength-valid", "CL0113"),
    (Tool::Xerces, "cvc-length-valid", "CL0113"),
    (Tool::Xerces, "cvc-datatype-valid", "CL0106"),
    (Tool::Xerces, "cvc-complex-type.3.2.2", "CL0111"),
    (Tool::Xerces, "cvc-type.3.1.1", "CL0111"),
    (Tool::Xerces, "cvc-complex-type.2.3", "CL0112"),
    (Tool::Xerces, "cvc-type.3.1.2", "CL0199"),
    (Tool::Xerces, "cvc-complex-type.2.1", "CL0199"),
    (Tool::Xerces, "cvc-type.3.1.3", "CL0106"),
    (Tool::Xerces, "cvc-elt.1", "CL0040"),
    (
        Tool::Xerces,
        "must be terminated by the matching end-tag",
        "CL0030",
    ),
    (Tool::Xerces, "The end-tag for element type", "CL0030"),
    (
        Tool::Xerces,
        "The entity name must immediately follow the '&'",
        "CL0030",
    ),
    (Tool::Xerces, "Content is not allowed in prolog", "CL0030"),
    (
        Tool::Xerces,
        "XML document structures must start and end",
        "CL0030",
    ),
    (Tool::Xerces, "Invalid byte", "CL0020"),
    // libxml2, as xmllint --schema prints it.
    (Tool::Libxml2, "This element is not expected", "CL0102"),
    (Tool::Libxml2, "Missing child element(s)", "CL0101"),
    (Tool::Libxml2, "[facet 'enumeration']", "CL0105"),
    (Tool::Libxml2, "[facet 'pattern']", "CL0106"),
    (Tool::Libxml2, "[facet 'maxLength']", "CL0107"),
    (Tool::Libxml2, "[facet 'minLength']", "CL0113"),
    (Tool::Libxml2, "[facet 'length']", "CL0113"),
    (Tool::Libxml2, "is not a valid value of the atomic type", "CL0106"),
    (
        Tool::Libxml2,
        "is not a valid value of the local atomic type",
        "CL0106",
    ),
    (Tool::Libxml2, "is not allowed.", "CL0111"),
    (
        Tool::Libxml2,
        "Character content other than whitespace is not allowed",
        "CL0112",
    ),
    (
        Tool::Libxml2,
        "Element content is not allowed, because the type definition is simple",
        "CL0199",
    ),
    (
        Tool::Libxml2,
        "No matching global declaration available for the validation root",
        "CL0040",
    ),
    (Tool::Libxml2, "parser error :", "CL0030"),
    // .NET: System.Xml.Schema's XmlSchemaValidationException messages.
    (Tool::DotNet, "has incomplete content", "CL0101"),
    (Tool::DotNet, "has invalid child element", "CL0102"),
    (Tool::DotNet, "The Enumeration constraint failed", "CL0105"),
    (Tool::DotNet, "The Pattern constraint failed", "CL0106"),
    (
        Tool::DotNet,
        "The actual length is greater than the MaxLength value",
        "CL0107",
    ),
    (
        Tool::DotNet,
        "The actual length is less than the MinLength value",
        "CL0113",
    ),
    (
        Tool::DotNet,
        "The actual length is not equal to the specified length",
        "CL0113",
    ),
    (Tool::DotNet, "attribute is not declared", "CL0111"),
    (Tool::DotNet, "cannot contain text", "CL0112"),
    (Tool::DotNet, "element is not declared", "CL0040"),
    (Tool::DotNet, "is invalid according to its datatype", "CL0106"),
];

struct Patterns {
    /// The element a message is about, in each tool's wording; the first
    /// group that matches is the element.
    element: Regex,
    attribute: Regex,
    expected_xerces: Regex,
    expected_libxml2: Regex,
    expected_dotnet: Regex,
    quoted: Regex,
    value: Regex,
    empty_value: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| Patterns {
        element: Regex::new(concat!(
            r"(?:starting with element '([^']+)'",
            r"|has invalid child element '([^']+)'",
            r"|[Ee]lement '([^']+)'",
            r"|of element '([^']+)'",
            r"|The element '([^']+)'",
            r"|The '([^']+)' element",
            r"|element type \x22([^\x22]+)\x22",
            r"|tag mismatch: (\S+))"
        ))
        .expect("a valid pattern"),
        attribute: Regex::new(r"(?:attribute,? '([^']+)'|The '([^']+)' attribute)").expect("a valid pattern"),
        expected_xerces: Regex::new(r"One of '\{(.*)\}' is expected").expect("a valid pattern"),
        expected_libxml2: Regex::new(r"Expected is (?:one of )?\( (.*) \)").expect("a valid pattern"),
        expected_dotnet: Regex::new(r"List of possible elements expected: (.*?)\.?\s*$")
            .expect("a valid pattern"),
        quoted: Regex::new(r"'([^']+)'(?: in namespace '[^']*')?").expect("a valid pattern"),
        value: Regex::new(r"(?:[Vv]alue '([^']*)'|^'([^']*)' is not a valid|: '([^']*)' is not a valid)")
            .expect("a valid pattern"),
        empty_value: Regex::new(r"(?:Value '' with length|length of '0'|The value '' is invalid)")
            .expect("a valid pattern"),
    })
}

/// A name without its namespace: `{ns}nome`, `{"ns":nome}`, `cand:nome`.
fn local(name: &str) -> String {
    let name = name.trim().trim_matches(|c| c == '{' || c == '}');
    let name = name.rsplit(['}', ':']).next().unwrap_or(name);
    name.trim_matches('"').to_string()
}

/// The message's family and what it names, if it is one of a validator's
/// messages clic knows.
pub fn recognize(text: &str) -> Option<Pasted> {
    let text = text.trim();
    let &(tool, _, code) = FAMILIES.iter().find(|(_, marker, _)| text.contains(marker))?;
    let p = patterns();
    // .NET names the parent first ("The element 'X' ... has invalid child
    // element 'Y'"): the child is the one out of place.
    let element = p
        .element
        .captures_iter(text)
        .filter_map(|c| c.iter().skip(1).flatten().next().map(|m| (m.start(), m.as_str())))
        .min_by_key(|(start, name)| {
            let child = text[..*start].ends_with("has invalid child element '");
            (!child, *start, name.len())
        })
        .map(|(_, name)| local(name));
    let attribute = p
        .attribute
        .captures(text)
        .and_then(|c| c.iter().skip(1).flatten().next().map(|m| m.as_str().to_string()));
    let expected: Vec<String> = if let Some(c) = p.expected_xerces.captures(text) {
        split_names(&c[1], ',')
    } else if let Some(c) = p.expected_libxml2.captures(text) {
        split_names(&c[1], ',')
    } else if let Some(c) = p.expected_dotnet.captures(text) {
        p.quoted.captures_iter(&c[1]).map(|q| local(&q[1])).collect()
    } else {
        Vec::new()
    };
    let value = p
        .value
        .captures(text)
        .and_then(|c| c.iter().skip(1).flatten().next().map(|m| m.as_str().to_string()));
    // A minimum length refused on an empty value is an empty field.
    let code = if code == "CL0113" && p.empty_value.is_match(text) {
        "CL0108"
    } else if code == "CL0106" && value.as_deref().is_some_and(shaped_like_a_date) && text.contains("date") {
        // A date written right that does not exist (30 February).
        "CL0109"
    } else if code == "CL0102" && same_name_other_namespace(text, element.as_deref()) {
        "CL0110"
    } else {
        code
    };
    Some(Pasted {
        tool,
        code,
        element,
        attribute: if code == "CL0111" { attribute } else { None },
        expected,
        value,
    })
}

/// `AAAA-MM-GG`: the shape of an `xs:date`.
fn shaped_like_a_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Whether the element refused is the one expected, in another namespace:
/// `{urn:altro}nome` where `{…/candidatura}nome` was expected.
fn same_name_other_namespace(text: &str, element: Option<&str>) -> bool {
    let Some(element) = element else {
        return false;
    };
    let names: Vec<&str> = text
        .split(['\'', '(', ')', ' ', ','])
        .filter(|w| w.contains('}') && local(w) == element)
        .collect();
    names.iter().any(|a| names.iter().any(|b| a != b))
}

fn split_names(list: &str, separator: char) -> Vec<String> {
    list.split(separator)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(local)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_namespace() {
        assert_eq!(local("{http://servizi.lavoro.gov.it/candidatura}nome"), "nome");
        assert_eq!(
            local("{\"http://servizi.lavoro.gov.it/candidatura\":nome}"),
            "nome"
        );
        assert_eq!(local("cand:nome"), "nome");
        assert_eq!(local("nome"), "nome");
    }

    #[test]
    fn incomplete_content_is_a_missing_element() {
        let found = recognize(
            "The element 'Lavoratore' in namespace 'urn:x' has incomplete content. \
             List of possible elements expected: 'cognome' in namespace 'urn:x'.",
        )
        .unwrap();
        assert_eq!(found.code, "CL0101");
        assert_eq!(found.expected, ["cognome"]);
        let found = recognize(
            "cvc-complex-type.2.4.b: The content of element 'DatiAnagrafici' is not complete. \
             One of '{\"urn:x\":sesso}' is expected.",
        )
        .unwrap();
        assert_eq!(
            (found.code, found.element.as_deref()),
            ("CL0101", Some("DatiAnagrafici"))
        );
        assert_eq!(found.expected, ["sesso"]);
    }

    #[test]
    fn an_ordinary_sentence_is_not_a_validator_message() {
        assert_eq!(recognize("codice fiscale"), None);
        assert_eq!(recognize("soppresso"), None);
    }
}
