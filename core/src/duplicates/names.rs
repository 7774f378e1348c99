//! Names as duplicate detection compares them: folded to plain lowercase words (case,
//! punctuation, diacritics and white space ignored), a common nickname read as the name it
//! shortens, a phonetic key of our own per word, and the comparison of two names part by part.
//!
//! Pure functions of the text: no sharing decision is made here, the caller hands in only names
//! the viewer may read.

use super::reasons::NameMatch;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A name split into folded words, each with its phonetic key. The forename is the first word,
/// the surname the last; words between are middle names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameKey {
    /// The folded words, nicknames read as the names they shorten.
    pub words: Vec<String>,
    /// The phonetic key of each word.
    pub codes: Vec<String>,
}

impl NameKey {
    /// The key of `name`: "HUGHES, Margaret" and "Margaret Hughes" have the same words in
    /// another order; "Maggie Hughs" has Margaret's forename and a surname that sounds alike.
    pub fn new(name: &str) -> NameKey {
        let words: Vec<String> = fold(name)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| formal(w).to_string())
            .collect();
        let codes = words.iter().map(|w| phonetic(w)).collect();
        NameKey { words, codes }
    }

    /// The forename and surname (the same word for a one-word name), with their keys.
    pub fn ends(&self) -> Option<(Part<'_>, Part<'_>)> {
        let first = Part {
            word: self.words.first()?,
            code: self.codes.first()?,
        };
        let last = Part {
            word: self.words.last()?,
            code: self.codes.last()?,
        };
        Some((first, last))
    }
}

/// One word of a name with its phonetic key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Part<'a> {
    pub word: &'a str,
    pub code: &'a str,
}

/// How alike two words of a name are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Likeness {
    Different,
    /// One is the other's initial.
    Initial,
    /// They sound alike, or differ by one typing slip.
    Alike,
    /// The same word (after folding and reading nicknames).
    Same,
}

fn likeness(a: Part<'_>, b: Part<'_>) -> Likeness {
    if a.word == b.word {
        Likeness::Same
    } else if (!a.code.is_empty() && a.code == b.code) || one_slip(a.word, b.word) {
        Likeness::Alike
    } else if (a.word.chars().count() == 1 || b.word.chars().count() == 1)
        && a.word.chars().next() == b.word.chars().next()
    {
        Likeness::Initial
    } else {
        Likeness::Different
    }
}

/// How two names match, strongest first. The public reason carries it
/// ([`NameMatch`]); this is the comparison.
pub(crate) fn compare(a: &NameKey, b: &NameKey) -> Option<NameMatch> {
    if a.words.is_empty() || b.words.is_empty() {
        return None;
    }
    if a.words == b.words {
        return Some(NameMatch::Exact);
    }
    let mut sa = a.words.clone();
    let mut sb = b.words.clone();
    sa.sort_unstable();
    sb.sort_unstable();
    if sa == sb {
        return Some(NameMatch::Transposed);
    }
    let ((fa, la), (fb, lb)) = (a.ends()?, b.ends()?);
    if a.words.len() == 1 || b.words.len() == 1 {
        // A single word is compared with either end of the other name.
        let best = likeness(fa, fb)
            .max(likeness(la, lb))
            .max(likeness(fa, lb))
            .max(likeness(la, fb));
        return (best >= Likeness::Alike).then_some(NameMatch::SurnameOnly);
    }
    let straight = (likeness(fa, fb), likeness(la, lb));
    let crossed = (likeness(fa, lb), likeness(la, fb));
    let both = |(f, l): (Likeness, Likeness)| f >= Likeness::Alike && l >= Likeness::Alike;
    if both(straight) {
        Some(NameMatch::Similar)
    } else if both(crossed) {
        Some(NameMatch::Transposed)
    } else if straight.1 >= Likeness::Alike && straight.0 == Likeness::Initial {
        Some(NameMatch::Initial)
    } else if straight.1 >= Likeness::Alike {
        Some(NameMatch::SurnameOnly)
    } else if straight.0 >= Likeness::Alike {
        Some(NameMatch::ForenameOnly)
    } else {
        None
    }
}

/// Lowercase ASCII-folded words separated by single spaces: diacritics dropped ("Núñez" is
/// "nunez"), punctuation read as a break between words ("Hughes-Smith", "HUGHES, Margaret"),
/// apostrophes dropped ("O'Brien" is "obrien").
pub(crate) fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), so a caller folding many names reuses one buffer. An
/// ASCII name (most names in a host's rows) skips the Unicode decomposition, which leaves ASCII
/// as it is.
pub(crate) fn fold_into(name: &str, out: &mut String) {
    out.clear();
    let mut gap = false;
    let mut take = |c: char, out: &mut String| {
        if c == '\'' || c == '\u{2019}' {
            return;
        }
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    };
    if name.is_ascii() {
        name.chars().for_each(|c| take(c, out));
    } else {
        name.nfd()
            .filter(|c| !is_combining_mark(*c))
            .for_each(|c| take(c, out));
    }
}

/// Common English nicknames and the names they shorten (a small table: the usual ones a
/// practitioner types for someone whose formal name another agency holds).
const NICKNAMES: &[(&str, &str)] = &[
    ("abby", "abigail"),
    ("al", "alan"),
    ("alex", "alexander"),
    ("andy", "andrew"),
    ("anne", "ann"),
    ("annie", "ann"),
    ("bella", "isabella"),
    ("ben", "benjamin"),
    ("bert", "albert"),
    ("beth", "elizabeth"),
    ("betty", "elizabeth"),
    ("bill", "william"),
    ("billy", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("cathy", "catherine"),
    ("charlie", "charles"),
    ("chris", "christopher"),
    ("dan", "daniel"),
    ("danny", "daniel"),
    ("dave", "david"),
    ("debbie", "deborah"),
    ("di", "diana"),
    ("dick", "richard"),
    ("ed", "edward"),
    ("eddie", "edward"),
    ("ellie", "eleanor"),
    ("fred", "frederick"),
    ("freddie", "frederick"),
    ("harry", "henry"),
    ("jack", "john"),
    ("jacky", "jacqueline"),
    ("jenny", "jennifer"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("jo", "joanne"),
    ("joe", "joseph"),
    ("johnny", "john"),
    ("kate", "catherine"),
    ("katie", "catherine"),
    ("ken", "kenneth"),
    ("kim", "kimberley"),
    ("liz", "elizabeth"),
    ("lizzie", "elizabeth"),
    ("maggie", "margaret"),
    ("mags", "margaret"),
    ("matt", "matthew"),
    ("meg", "margaret"),
    ("mick", "michael"),
    ("mike", "michael"),
    ("nick", "nicholas"),
    ("pat", "patricia"),
    ("peggy", "margaret"),
    ("pete", "peter"),
    ("phil", "philip"),
    ("rob", "robert"),
    ("ron", "ronald"),
    ("sam", "samuel"),
    ("sandy", "sandra"),
    ("steve", "stephen"),
    ("sue", "susan"),
    ("susie", "susan"),
    ("terry", "terence"),
    ("tom", "thomas"),
    ("tommy", "thomas"),
    ("tony", "anthony"),
    ("vicky", "victoria"),
    ("will", "william"),
];

/// The formal name a nickname shortens, or the word itself.
pub(crate) fn formal(word: &str) -> &str {
    NICKNAMES
        .binary_search_by(|(nick, _)| nick.cmp(&word))
        .ok()
        .and_then(|i| NICKNAMES.get(i))
        .map_or(word, |(_, name)| name)
}

/// A phonetic key of our own, in the manner of Soundex: the first letter (with `c`, `k` and `q`
/// one letter, and `ph` read as `f`), then up to three codes of the consonants that follow, by
/// sound group, vowels and `h`, `w`, `y` dropped and a repeated code written once. Unlike
/// Soundex, a vowel does not separate two consonants of one group, so "Hughes" and "Hughs" (and
/// "Thomson" and "Tomson") share a key. Digits and other scripts' letters are kept as they are.
pub(crate) fn phonetic(word: &str) -> String {
    String::from_utf8_lossy(phonetic_code(word).as_bytes()).into_owned()
}

/// A phonetic key ([`phonetic`]) held in place: at most four characters, as UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Code {
    bytes: [u8; 16],
    len: usize,
}

impl Code {
    /// The key's UTF-8 bytes, the same as [`phonetic`]'s string's.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    fn push(&mut self, c: char) {
        if let Some(room) = self.bytes.get_mut(self.len..) {
            if room.len() >= c.len_utf8() {
                self.len += c.encode_utf8(room).len();
            }
        }
    }
}

/// [`phonetic`] without allocating: the blocking keys of every imported profile are built from
/// these, and a `String` per word had been most of the cost of filing a profile.
pub(crate) fn phonetic_code(word: &str) -> Code {
    let mut chars = word.chars().peekable();
    let mut out = Code {
        bytes: [0; 16],
        len: 0,
    };
    let Some(first) = chars.next() else {
        return out;
    };
    let first = match first {
        'c' | 'q' => 'k',
        'p' if chars.peek() == Some(&'h') => {
            chars.next();
            'f'
        }
        other => other,
    };
    out.push(first);
    let mut written = 1;
    let mut last = group(first);
    for c in chars {
        let g = group(c);
        if g != '0' && g != last {
            out.push(g);
            written += 1;
            if written == 4 {
                break;
            }
        }
        if g != '0' {
            last = g;
        }
    }
    out
}

/// The sound group of a letter; `'0'` for the letters the key drops.
fn group(c: char) -> char {
    match c {
        'b' | 'f' | 'p' | 'v' => '1',
        'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => '2',
        'd' | 't' => '3',
        'l' => '4',
        'm' | 'n' => '5',
        'r' => '6',
        'a' | 'e' | 'i' | 'o' | 'u' | 'h' | 'w' | 'y' => '0',
        other => other,
    }
}

/// Whether two words differ by one typing slip (a letter added, dropped, changed, or two
/// neighbours swapped); only for words of four letters or more, where a slip is not a
/// different short name.
fn one_slip(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().min(b.len()) < 4 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let rest = |s: &[char], from: usize| s.get(from..).map(<[char]>::to_vec).unwrap_or_default();
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            rest(&a, prefix + 1) == rest(&b, prefix + 1)
                || (a.get(prefix) == b.get(prefix + 1)
                    && a.get(prefix + 1) == b.get(prefix)
                    && rest(&a, prefix + 2) == rest(&b, prefix + 2))
        }
        std::cmp::Ordering::Less => rest(&a, prefix) == rest(&b, prefix + 1),
        std::cmp::Ordering::Greater => rest(&a, prefix + 1) == rest(&b, prefix),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_punctuation_diacritics_and_spacing() {
        assert_eq!(fold("  HUGHES,\tMargaret "), "hughes margaret");
        assert_eq!(fold("Óscar Núñez-García"), "oscar nunez garcia");
        assert_eq!(fold("Siobhán O'Brien"), "siobhan obrien");
    }

    #[test]
    fn the_nickname_table_is_sorted_so_it_can_be_searched() {
        assert!(NICKNAMES
            .windows(2)
            .all(|w| matches!(w, [a, b] if a.0 < b.0)));
        assert_eq!(formal("maggie"), "margaret");
        assert_eq!(formal("margaret"), "margaret");
    }

    #[test]
    fn the_phonetic_key_keeps_sound_alike_spellings_together() {
        assert_eq!(phonetic("hughes"), phonetic("hughs"));
        assert_eq!(phonetic("thomson"), phonetic("tomson"));
        assert_eq!(phonetic("catherine"), phonetic("katherine"));
        assert_eq!(phonetic("philip"), phonetic("filip"));
        assert_ne!(phonetic("hughes"), phonetic("hayes-smith"));
        assert_eq!(phonetic(""), "");
    }

    #[test]
    fn one_slip_is_a_letter_added_dropped_changed_or_swapped() {
        assert!(one_slip("hughes", "hughs"));
        assert!(one_slip("hughes", "hugehs"));
        assert!(one_slip("hughes", "hughex"));
        assert!(one_slip("hughs", "hughes"));
        assert!(!one_slip("hughes", "hgusex"));
        assert!(!one_slip("ann", "anne"), "short words are different names");
    }

    #[test]
    fn names_compare_part_by_part() {
        let n = |s: &str| NameKey::new(s);
        let cmp = |a: &str, b: &str| compare(&n(a), &n(b));
        assert_eq!(
            cmp("Margaret Hughes", "margaret  HUGHES"),
            Some(NameMatch::Exact)
        );
        assert_eq!(
            cmp("Margaret Hughes", "HUGHES, Margaret"),
            Some(NameMatch::Transposed)
        );
        assert_eq!(
            cmp("Margaret Hughes", "Maggie Hughs"),
            Some(NameMatch::Similar)
        );
        assert_eq!(
            cmp("Margaret Hughes", "Hughs Maggie"),
            Some(NameMatch::Transposed)
        );
        assert_eq!(cmp("Margaret Hughes", "M Hughes"), Some(NameMatch::Initial));
        assert_eq!(
            cmp("Margaret Hughes", "Susan Hughes"),
            Some(NameMatch::SurnameOnly)
        );
        assert_eq!(
            cmp("Margaret Hughes", "Margaret Jones"),
            Some(NameMatch::ForenameOnly)
        );
        assert_eq!(cmp("Margaret Hughes", "Susan Jones"), None);
        assert_eq!(cmp("Margaret Hughes", "!!"), None);
    }
}
