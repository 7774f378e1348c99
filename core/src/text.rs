//! [`SharedText`]: text the hub writes once and shows many times (an entry's content, an
//! agency's or a practitioner's name), held once and shared by every view that shows it.
//!
//! A 200-entry case view names its authors and their agencies 200 times and shows 200 texts;
//! as `String`s each was a copy, allocated by the read and freed by the caller, which a profile
//! of the read put at about a fifth of it. A `SharedText` is a reference-counted `str`: a view
//! clones a pointer. It reads as a `str` (`Deref`), and it serialises and crosses every boundary
//! exactly as a string does (serde, the UniFFI custom type in `ffi`, `string` in TypeScript), so
//! snapshots, JSON, the foreign records and the journal's frozen bytes are what they were.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// Immutable text shared between the state and the views that show it; a clone is a pointer.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(type = "string"))]
pub struct SharedText(Arc<str>);

impl SharedText {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

// As a `String`'s, so that debug output (and the tests that compare it) does not change.
impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<String> for SharedText {
    fn from(s: String) -> Self {
        SharedText(Arc::from(s))
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> Self {
        SharedText(Arc::from(s))
    }
}

impl From<SharedText> for String {
    fn from(t: SharedText) -> Self {
        String::from(&*t.0)
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedText> for str {
    fn eq(&self, other: &SharedText) -> bool {
        self == &*other.0
    }
}

impl PartialEq<SharedText> for &str {
    fn eq(&self, other: &SharedText) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<SharedText> for String {
    fn eq(&self, other: &SharedText) -> bool {
        **self == *other.0
    }
}

// Written as a plain string (serde's `rc` feature, which would derive these, is off): the
// snapshot's and JSON's bytes are a `String`'s.
impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SharedText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_a_string_in_json_and_postcard() {
        let text = "Visited the victim; neighbours heard shouting.";
        let shared = SharedText::from(text);
        assert_eq!(
            serde_json::to_string(&shared).unwrap(),
            serde_json::to_string(text).unwrap()
        );
        assert_eq!(
            postcard::to_allocvec(&shared).unwrap(),
            postcard::to_allocvec(&text.to_owned()).unwrap()
        );
        let back: SharedText = serde_json::from_str(&serde_json::to_string(text).unwrap()).unwrap();
        assert_eq!(back, text);
        let back: SharedText =
            postcard::from_bytes(&postcard::to_allocvec(&text.to_owned()).unwrap()).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn debug_is_a_strings() {
        assert_eq!(
            format!("{:?}", SharedText::from("a \"b\"")),
            format!("{:?}", "a \"b\"")
        );
    }

    #[test]
    fn a_clone_shares_the_text() {
        let a = SharedText::from("Housing");
        let b = a.clone();
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
    }
}
