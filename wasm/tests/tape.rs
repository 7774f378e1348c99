//! The result tape (`src/tape.rs`) gives the value `JSON.parse` gives for serde_json's text,
//! checked natively: a decoder here does what `tape.js` does, slicing the text in UTF-16 code
//! units as JS does.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use proptest::prelude::*;
use safehub as sh;
use safehub_wasm::tape::Tape;
use serde::de;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A JS value as `JSON.parse` or `tape.js` builds it: numbers are doubles, keys keep their order.
#[derive(Clone, Debug)]
enum Js {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Js>),
    Obj(Vec<(String, Js)>),
}

impl PartialEq for Js {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            // serde_json's own parser (without its `float_roundtrip` feature) can be a unit or
            // two in the last place off the correctly rounded double that JSON.parse gives; no
            // number the tape could get wrong (an f32 widened instead of read from its decimal,
            // say) is that close.
            (Js::Num(a), Js::Num(b)) => {
                let ulps = (a.to_bits() as i64)
                    .wrapping_sub(b.to_bits() as i64)
                    .unsigned_abs();
                a == b || (a.signum() == b.signum() && ulps <= 2)
            }
            (Js::Null, Js::Null) => true,
            (Js::Bool(a), Js::Bool(b)) => a == b,
            (Js::Str(a), Js::Str(b)) => a == b,
            (Js::Arr(a), Js::Arr(b)) => a == b,
            (Js::Obj(a), Js::Obj(b)) => a == b,
            _ => false,
        }
    }
}

impl<'de> Deserialize<'de> for Js {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Js;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Js, E> {
                Ok(Js::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Js, E> {
                Ok(Js::Bool(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Js, E> {
                Ok(Js::Num(v as f64))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Js, E> {
                Ok(Js::Num(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Js, E> {
                Ok(Js::Num(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Js, E> {
                Ok(Js::Str(v.to_owned()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Js, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = a.next_element()? {
                    out.push(v);
                }
                Ok(Js::Arr(out))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Js, A::Error> {
                let mut out: Vec<(String, Js)> = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Js>()? {
                    // A repeated key keeps its first place and takes the last value, as in JS.
                    match out.iter_mut().find(|(have, _)| *have == k) {
                        Some(slot) => slot.1 = v,
                        None => out.push((k, v)),
                    }
                }
                Ok(Js::Obj(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// What JS reads from serde_json's text of `value`.
fn via_json<T: Serialize + ?Sized>(value: &T) -> Js {
    let text = serde_json::to_string(value).unwrap();
    Js::deserialize(&mut serde_json::Deserializer::from_str(&text)).unwrap()
}

/// The host's side of one module: the symbols it has been sent.
#[derive(Default)]
struct Host {
    symbols: Vec<String>,
}

impl Host {
    /// Writes `value` on `tape` and decodes it as `tape.js` does.
    fn read<T: Serialize + ?Sized>(&mut self, tape: &mut Tape, value: &T) -> Js {
        let w = tape.write(value).unwrap();
        let units: Vec<u16> = w.text.encode_utf16().collect();
        let slice = |start: u32, len: u32| {
            String::from_utf16(&units[start as usize..(start + len) as usize]).unwrap()
        };
        for d in w.defs.chunks(3) {
            let i = d[0] as usize;
            if self.symbols.len() <= i {
                self.symbols.resize(i + 1, String::new());
            }
            self.symbols[i] = slice(d[1], d[2]);
        }
        let mut ops = w.ops.iter().copied();
        let v = self.value(&mut ops, &slice);
        assert_eq!(ops.next(), None, "ops left over");
        v
    }

    fn value(
        &self,
        ops: &mut impl Iterator<Item = u32>,
        slice: &impl Fn(u32, u32) -> String,
    ) -> Js {
        let mut next = || ops.next().unwrap();
        match next() {
            0 => Js::Null,
            1 => Js::Bool(true),
            2 => Js::Bool(false),
            3 => Js::Num(f64::from(next())),
            4 => {
                let (low, high) = (u64::from(next()), u64::from(next()));
                Js::Num(f64::from_bits(low | high << 32))
            }
            5 => {
                let start = next();
                Js::Str(slice(start, next()))
            }
            6 => Js::Str(self.symbols[next() as usize].clone()),
            7 => {
                let n = next();
                Js::Arr((0..n).map(|_| self.value(ops, slice)).collect())
            }
            8 => {
                let n = next();
                let mut out: Vec<(String, Js)> = Vec::new();
                for _ in 0..n {
                    let Js::Str(k) = self.value(ops, slice) else {
                        panic!("a key that is not a string")
                    };
                    let v = self.value(ops, slice);
                    match out.iter_mut().find(|(have, _)| *have == k) {
                        Some(slot) => slot.1 = v,
                        None => out.push((k, v)),
                    }
                }
                Js::Obj(out)
            }
            op => panic!("bad op {op}"),
        }
    }
}

fn same<T: Serialize + ?Sized>(host: &mut Host, tape: &mut Tape, value: &T) {
    assert_eq!(host.read(tape, value), via_json(value));
}

#[derive(Serialize)]
struct Unit;

#[derive(Serialize)]
struct Newtype(u8);

#[derive(Serialize)]
struct Pair(i32, String);

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum External {
    Plain,
    Wrapped(String),
    Tuple(u8, bool),
    Fields { a: Option<u8>, b: Vec<Unit> },
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Internal {
    One { x: u32 },
    Two(BTreeMap<String, u8>),
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
enum KeyKind {
    Police,
}

#[derive(Serialize)]
struct Everything {
    unit: (),
    unit_struct: Unit,
    newtype: Newtype,
    pair: Pair,
    tuple: (u8, char, &'static str),
    bytes: serde_bytes_like::Bytes,
    externals: Vec<External>,
    internals: Vec<Internal>,
    small: (u8, u16, u32, i8, i16, i32),
    large: (u64, i64, i64, u128, i128),
    floats: (f32, f64, f64, f64, f32),
    text: (&'static str, String),
    missing: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<String>,
    #[serde(flatten)]
    flattened: BTreeMap<String, u8>,
    int_keys: BTreeMap<i32, bool>,
    bool_keys: BTreeMap<bool, u8>,
    enum_keys: BTreeMap<KeyKind, u8>,
    uuid_keys: BTreeMap<uuid::Uuid, u8>,
    float_keys: FloatKeys,
    times: Vec<chrono::DateTime<chrono::Utc>>,
}

/// A map with float keys, which serde_json writes as the numbers' text (no derive makes one:
/// floats are not `Ord`).
struct FloatKeys(Vec<(f64, f32)>);

impl Serialize for FloatKeys {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        for (wide, narrow) in &self.0 {
            map.serialize_entry(wide, &true)?;
            map.serialize_entry(narrow, &false)?;
        }
        map.end()
    }
}

/// serde's `serialize_bytes`, which no derive reaches on its own.
mod serde_bytes_like {
    pub struct Bytes(pub Vec<u8>);
    impl serde::Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(&self.0)
        }
    }
}

fn everything() -> Everything {
    Everything {
        unit: (),
        unit_struct: Unit,
        newtype: Newtype(7),
        pair: Pair(-3, "p".into()),
        tuple: (1, 'é', "𝄞 clef"),
        bytes: serde_bytes_like::Bytes(vec![0, 255, 7]),
        externals: vec![
            External::Plain,
            External::Wrapped("w".into()),
            External::Tuple(2, false),
            External::Fields {
                a: None,
                b: vec![Unit, Unit],
            },
        ],
        internals: vec![
            Internal::One { x: 9 },
            Internal::Two(BTreeMap::from([("k".into(), 1)])),
        ],
        small: (u8::MAX, u16::MAX, u32::MAX, i8::MIN, i16::MIN, i32::MIN),
        large: (u64::MAX, i64::MIN, -1, u128::MAX, i128::MIN),
        floats: (0.1, 0.1, f64::NAN, f64::NEG_INFINITY, 3.0e38),
        text: ("quotes \" and \\ and \n", "emoji 👩‍👩‍👧 and ünïcode".into()),
        missing: None,
        skipped: None,
        flattened: BTreeMap::from([("extra".into(), 5)]),
        int_keys: BTreeMap::from([(-1, true), (2, false)]),
        bool_keys: BTreeMap::from([(true, 1)]),
        enum_keys: BTreeMap::from([(KeyKind::Police, 3)]),
        uuid_keys: BTreeMap::from([(uuid::Uuid::from_u128(42), 1)]),
        float_keys: FloatKeys(vec![(1.5, 0.1), (1e20, -3855831.2), (-0.0, 1e-40)]),
        times: vec![chrono::DateTime::from_timestamp(1_764_000_000, 123_456_789).unwrap()],
    }
}

#[test]
fn every_shape_of_serde_reads_as_json_does() {
    let (mut host, mut tape) = (Host::default(), Tape::default());
    same(&mut host, &mut tape, &everything());
    // Again, with every symbol already known to the host.
    assert!(!tape.write(&everything()).unwrap().ops.is_empty());
    assert!(tape.write(&everything()).unwrap().defs.is_empty());
    same(&mut host, &mut tape, &everything());
}

#[test]
fn keys_json_cannot_have_are_refused_and_forget_their_symbols() {
    #[derive(Serialize)]
    struct Fresh {
        never_seen_before: BTreeMap<Vec<u8>, u8>,
    }
    let (mut host, mut tape) = (Host::default(), Tape::default());
    let bad = Fresh {
        never_seen_before: BTreeMap::from([(vec![1], 1)]),
    };
    assert!(tape.write(&bad).is_err());
    assert!(serde_json::to_string(&bad).is_err());
    for key in [f64::NAN, f64::INFINITY] {
        let not_finite = FloatKeys(vec![(key, 0.0)]);
        assert!(tape.write(&not_finite).is_err());
        assert!(serde_json::to_string(&not_finite).is_err());
    }
    // The failed result's field name was never sent, so it is sent with the next result.
    #[derive(Serialize)]
    struct Good {
        never_seen_before: u8,
    }
    same(
        &mut host,
        &mut tape,
        &Good {
            never_seen_before: 1,
        },
    );
}

/// Every kind of read the morning meeting makes, on the generated borough, as each partner.
#[test]
fn the_cores_views_read_as_json_does() {
    use safehub_workspace::borough::{self, Borough, Scale};
    use sh::incidents::{TopKind, TopMeasure, TopQuery};
    let (builder, clock) = borough::builder(7);
    let hub = builder.open_in_memory().unwrap();
    let b = Borough::generate(&hub, &clock, 7, Scale::Borough, &mut |_| {}).unwrap();
    let now = b.today;
    let (mut host, mut tape) = (Host::default(), Tape::default());
    for workers in &b.workers {
        let viewer = sh::Viewer::new(workers[0]).because("tape test");
        same(
            &mut host,
            &mut tape,
            &hub.case(&viewer, b.big_case).unwrap(),
        );
        same(&mut host, &mut tape, &hub.cases(&viewer).unwrap());
        let since = now - chrono::Duration::days(7);
        let briefing = hub.briefing(&viewer, since, &sh::BriefingConfig::default());
        same(&mut host, &mut tape, &briefing.unwrap());
        for kind in [TopKind::Callers, TopKind::Locations] {
            let query = TopQuery {
                kind,
                measure: TopMeasure::Count,
                end: now,
                days: 365,
                limit: 50,
            };
            same(&mut host, &mut tape, &hub.top(&viewer, &query).unwrap());
        }
        same(
            &mut host,
            &mut tape,
            &hub.priority_list(&viewer, 50).unwrap(),
        );
        let network = hub.network(&viewer, sh::Subject::Person(b.people[0]), 2);
        same(&mut host, &mut tape, &network.unwrap());
        same(&mut host, &mut tape, &hub.overdue_tasks(&viewer).unwrap());
        same(
            &mut host,
            &mut tape,
            &hub.referrals_received(&viewer).unwrap(),
        );
        same(
            &mut host,
            &mut tape,
            &hub.search_people(&viewer, "an").unwrap(),
        );
    }
}

proptest! {
    #[test]
    fn any_text_numbers_and_keys_read_as_json_does(
        texts in proptest::collection::vec(any::<String>(), 0..8),
        keys in proptest::collection::hash_map(
            prop_oneof![any::<String>(), Just("__proto__".to_owned()), Just(String::new())],
            any::<i64>(),
            0..8,
        ),
        numbers in proptest::collection::vec((any::<u64>(), any::<i64>(), any::<f64>(), any::<f32>()), 0..8),
    ) {
        let (mut host, mut tape) = (Host::default(), Tape::default());
        let value = (&texts, &keys, &numbers);
        prop_assert_eq!(host.read(&mut tape, &value), via_json(&value));
    }
}
