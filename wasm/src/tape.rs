//! Results as a tape: how a core value becomes a plain JS value without JSON text.
//!
//! A result is written as a list of `u32` ops (the shape: objects, arrays, numbers, booleans,
//! nulls) and one string holding the text of every string value, and `tape.js` on the host
//! builds the objects from the two. The host then never scans text: each string is a slice of the
//! one string the host decoded, and every field name and enum variant name (serde hands them
//! over as `&'static str`) is sent once per module as a *symbol* and reused by index afterwards,
//! so the host makes no new property-name strings either. Measured under Node 20 on a case of
//! 200 entries (docs/BENCHMARKS.md, "WASM under Node"), building from the tape takes a fraction
//! of `JSON.parse` of the same result's JSON text, and writing the tape is cheaper than writing
//! the JSON: no escaping, no number formatting.
//!
//! The values are exactly those `JSON.parse` gives for serde_json's text of the same value (the
//! contract of the TypeScript types): maps are objects whose keys are strings (numbers and
//! booleans as their text), `None` and unit are `null`, enums are externally tagged unless serde
//! says otherwise, non-finite floats are `null`, integers beyond 2^53 round as `JSON.parse`
//! rounds them. `tests/tape.rs` checks this against serde_json for the core's own views.
//!
//! Ops, each one `u32` followed by its operands:
//!
//! | op | operands | value |
//! |---|---|---|
//! | `NULL`, `TRUE`, `FALSE` | | `null`, `true`, `false` |
//! | `UINT` | n | the whole number n (0 to 2^32 - 1) |
//! | `FLOAT` | low, high | the `f64` with these bits |
//! | `STR` | start, length | the text's slice, in UTF-16 code units as JS counts them |
//! | `SYM` | index | symbol `index` |
//! | `ARR` | n | an array of the n values that follow |
//! | `OBJ` | n | an object of the n (key, value) pairs that follow; a key is a `STR` or `SYM` |
//!
//! Symbols new to the host come in a separate list of (index, start, length) triples, read first.

use serde::ser::{self, Serialize};
use std::collections::HashMap;
use std::fmt::{self, Write as _};

/// The op codes; `tape.js` holds the same numbers.
#[derive(Clone, Copy)]
#[repr(u32)]
enum Op {
    Null = 0,
    True = 1,
    False = 2,
    Uint = 3,
    Float = 4,
    Str = 5,
    Sym = 6,
    Arr = 7,
    Obj = 8,
}

/// Why a value could not be written: a map key that JSON could not have either, or a result too
/// large to address with 32 bits.
#[derive(Debug)]
pub struct TapeError(String);

impl fmt::Display for TapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TapeError {}

impl ser::Error for TapeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TapeError(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, TapeError>;

fn too_large() -> TapeError {
    TapeError("result too large".into())
}

/// The symbols the host has been sent, by the address and length of their `&'static str` (the
/// same name compiled twice may get two indexes, which costs one more string on the host).
///
/// Looked up for every field of every result. With std's SipHash map the look-up was a fifth of
/// a large read under Node, and with foldhash still a tenth; most look-ups now hit `recent`, a
/// direct-mapped cache of the last symbol seen in each slot, before the map is asked.
struct Symbols {
    recent: [(usize, usize, u32); RECENT],
    known: HashMap<(usize, usize), u32, foldhash::fast::FixedState>,
}

/// The slots of [`Symbols::recent`]: more than the field names of any one view.
const RECENT: usize = 256;

impl Default for Symbols {
    fn default() -> Self {
        Symbols {
            // Address 0 is no `&'static str`'s, so an empty slot never matches.
            recent: [(0, 0, 0); RECENT],
            known: HashMap::default(),
        }
    }
}

impl Symbols {
    fn slot(key: (usize, usize)) -> usize {
        (key.0 ^ (key.0 >> 8) ^ key.1) % RECENT
    }

    fn get(&mut self, key: (usize, usize)) -> Option<u32> {
        let slot = Self::slot(key);
        if let Some(&(address, len, index)) = self.recent.get(slot) {
            if (address, len) == key {
                return Some(index);
            }
        }
        let index = *self.known.get(&key)?;
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = (key.0, key.1, index);
        }
        Some(index)
    }

    /// Forgets symbols the host was never sent.
    fn forget(&mut self, keys: impl Iterator<Item = (usize, usize)>) {
        for key in keys {
            self.known.remove(&key);
        }
        self.recent = [(0, 0, 0); RECENT];
    }
}

/// One result being written, and the buffers kept between results.
#[derive(Default)]
pub struct Tape {
    symbols: Symbols,
    /// Symbols first used by this result: (index, start, length), sent ahead of the ops.
    defs: Vec<u32>,
    /// Their keys in `symbols.known`, so a failed result can forget them again.
    new_symbols: Vec<(usize, usize)>,
    ops: Vec<u32>,
    text: String,
    /// The length of `text` in UTF-16 code units.
    text_units: u32,
}

/// The written tape of one result, borrowed from the [`Tape`] until the next.
pub struct Written<'a> {
    /// Symbol definitions: (index, start, length) triples.
    pub defs: &'a [u32],
    /// The ops.
    pub ops: &'a [u32],
    /// The text the `STR` ops and symbol definitions slice.
    pub text: &'a str,
}

impl Tape {
    /// Writes `value`, replacing the previous result. On failure the symbols this result
    /// introduced are forgotten, since the host never hears of them.
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<Written<'_>> {
        self.defs.clear();
        self.new_symbols.clear();
        self.ops.clear();
        self.text.clear();
        self.text_units = 0;
        if let Err(e) = value.serialize(&mut *self) {
            self.symbols.forget(self.new_symbols.drain(..));
            return Err(e);
        }
        Ok(Written {
            defs: &self.defs,
            ops: &self.ops,
            text: &self.text,
        })
    }

    /// Drops buffers grown past `max` bytes, so one very large result (an export) is not held
    /// for the life of the module.
    pub fn shrink_past(&mut self, max: usize) {
        if self.text.capacity() > max {
            self.text = String::new();
        }
        if self.ops.capacity().saturating_mul(4) > max {
            self.ops = Vec::new();
        }
    }

    fn op(&mut self, op: Op) {
        self.ops.push(op as u32);
    }

    /// Appends text and returns its (start, length) in UTF-16 code units.
    fn append(&mut self, s: &str) -> Result<(u32, u32)> {
        self.text.push_str(s);
        self.counted(s.len())
    }

    /// Counts the last `bytes` of the text, just appended, into `text_units`; returns their
    /// (start, length) in UTF-16 code units.
    fn counted(&mut self, bytes: usize) -> Result<(u32, u32)> {
        let appended = self
            .text
            .get(self.text.len().saturating_sub(bytes)..)
            .unwrap_or_default();
        let units = if appended.is_ascii() {
            appended.len()
        } else {
            appended.encode_utf16().count()
        };
        let start = self.text_units;
        self.text_units = u32::try_from(units)
            .ok()
            .and_then(|u| start.checked_add(u))
            .ok_or_else(too_large)?;
        Ok((start, self.text_units - start))
    }

    fn str(&mut self, s: &str) -> Result {
        let (start, len) = self.append(s)?;
        self.ops.extend([Op::Str as u32, start, len]);
        Ok(())
    }

    fn sym(&mut self, name: &'static str) -> Result {
        let key = (name.as_ptr() as usize, name.len());
        let index = match self.symbols.get(key) {
            Some(i) => i,
            None => {
                let i = u32::try_from(self.symbols.known.len()).map_err(|_| too_large())?;
                let (start, len) = self.append(name)?;
                self.defs.extend([i, start, len]);
                self.symbols.known.insert(key, i);
                self.new_symbols.push(key);
                i
            }
        };
        self.ops.extend([Op::Sym as u32, index]);
        Ok(())
    }

    fn float(&mut self, v: f64) -> Result {
        if v.is_finite() {
            let bits = v.to_bits();
            // The two halves of the bits, low first: the truncations are the point.
            self.ops
                .extend([Op::Float as u32, bits as u32, (bits >> 32) as u32]);
        } else {
            // serde_json writes NaN and the infinities as null.
            self.op(Op::Null);
        }
        Ok(())
    }

    fn uint(&mut self, v: u64) -> Result {
        match u32::try_from(v) {
            Ok(n) => self.ops.extend([Op::Uint as u32, n]),
            Err(_) => return self.float(v as f64),
        }
        Ok(())
    }

    fn int(&mut self, v: i64) -> Result {
        match u64::try_from(v) {
            Ok(n) => self.uint(n),
            Err(_) => self.float(v as f64),
        }
    }

    fn wide_int(&mut self, v: i128) -> Result {
        match i64::try_from(v) {
            Ok(v) => self.int(v),
            Err(_) => self.float(v as f64),
        }
    }

    fn wide_uint(&mut self, v: u128) -> Result {
        match u64::try_from(v) {
            Ok(v) => self.uint(v),
            Err(_) => self.float(v as f64),
        }
    }

    /// Opens an array or object whose length is patched in by [`Compound::end`].
    fn open(&mut self, op: Op, variant: Option<&'static str>) -> Result<Compound<'_>> {
        if let Some(name) = variant {
            // An externally tagged variant: { "Name": ... }.
            self.ops.extend([Op::Obj as u32, 1]);
            self.sym(name)?;
        }
        let at = self.ops.len() + 1;
        self.ops.extend([op as u32, 0]);
        Ok(Compound {
            tape: self,
            at,
            len: 0,
        })
    }
}

/// An array or object being written.
pub struct Compound<'a> {
    tape: &'a mut Tape,
    /// Where its length goes.
    at: usize,
    len: u32,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.len = self.len.checked_add(1).ok_or_else(too_large)?;
        value.serialize(&mut *self.tape)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.len = self.len.checked_add(1).ok_or_else(too_large)?;
        self.tape.sym(key)?;
        value.serialize(&mut *self.tape)
    }

    fn end(self) -> Result {
        if let Some(slot) = self.tape.ops.get_mut(self.at) {
            *slot = self.len;
        }
        Ok(())
    }
}

/// Serializer methods that each hand their value, widened, to one method of the serializer's own.
macro_rules! forward {
    ($($method:ident($ty:ty) => $to:ident as $wide:ty),* $(,)?) => {$(
        fn $method(self, v: $ty) -> Result {
            self.$to(<$wide>::from(v))
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Tape {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.op(if v { Op::True } else { Op::False });
        Ok(())
    }
    forward!(
        serialize_i8(i8) => int as i64,
        serialize_i16(i16) => int as i64,
        serialize_i32(i32) => int as i64,
        serialize_i64(i64) => int as i64,
        serialize_i128(i128) => wide_int as i128,
        serialize_u8(u8) => uint as u64,
        serialize_u16(u16) => uint as u64,
        serialize_u32(u32) => uint as u64,
        serialize_u64(u64) => uint as u64,
        serialize_u128(u128) => wide_uint as u128,
        serialize_f64(f64) => float as f64,
    );
    fn serialize_f32(self, v: f32) -> Result {
        // serde_json writes an f32 as its shortest decimal (ryu's choice where two are equally
        // short), which the host reads as an f64: the same number only through that decimal
        // (0.1f32 is 0.1, not 0.10000000149011612). No view has an f32; this is for parity.
        let read_back = serde_json::to_string(&v)
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or(f64::NAN);
        self.float(read_back)
    }
    fn serialize_char(self, v: char) -> Result {
        self.str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        // As serde_json: an array of numbers.
        let mut seq = self.open(Op::Arr, None)?;
        for b in v {
            seq.element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result {
        self.op(Op::Null);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.op(Op::Null);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.op(Op::Null);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.sym(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.ops.extend([Op::Obj as u32, 1]);
        self.sym(variant)?;
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.open(Op::Arr, None)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>> {
        self.open(Op::Arr, None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _len: usize) -> Result<Compound<'a>> {
        self.open(Op::Arr, None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        self.open(Op::Arr, Some(variant))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.open(Op::Obj, None)
    }
    fn serialize_struct(self, _: &'static str, _len: usize) -> Result<Compound<'a>> {
        self.open(Op::Obj, None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        self.open(Op::Obj, Some(variant))
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        // Straight into the text (times, ids): no string per value.
        let before = self.text.len();
        write!(self.text, "{value}")
            .map_err(|_| TapeError("a value could not be written".into()))?;
        let (start, len) = self.counted(self.text.len() - before)?;
        self.ops.extend([Op::Str as u32, start, len]);
        Ok(())
    }
}

/// The four element-wise compounds (serde's seq, tuple, tuple struct, tuple variant) and the
/// two field-wise ones (struct, struct variant): each an array or object of [`Compound`].
macro_rules! compound {
    ($($trait:ident :: $method:ident ($($key:ident)?)),* $(,)?) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = TapeError;
            fn $method<T: Serialize + ?Sized>(
                &mut self,
                $($key: &'static str,)?
                value: &T,
            ) -> Result {
                compound!(@add self $($key)? value)
            }
            fn end(self) -> Result {
                Compound::end(self)
            }
        }
    )*};
    (@add $self:ident $key:ident $value:ident) => { $self.field($key, $value) };
    (@add $self:ident $value:ident) => { $self.element($value) };
}

compound!(
    SerializeSeq::serialize_element(),
    SerializeTuple::serialize_element(),
    SerializeTupleStruct::serialize_field(),
    SerializeTupleVariant::serialize_field(),
    SerializeStruct::serialize_field(key),
    SerializeStructVariant::serialize_field(key),
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = TapeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.len = self.len.checked_add(1).ok_or_else(too_large)?;
        key.serialize(MapKey(&mut *self.tape))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.tape)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

/// Writes a map key as JSON has it: a string, numbers and booleans as their text; any other key
/// (or a float that is not finite) is an error, as in serde_json.
struct MapKey<'a>(&'a mut Tape);

fn not_a_key() -> TapeError {
    TapeError("key must be a string".into())
}

/// What a map key cannot be: a compound.
type Refused = ser::Impossible<(), TapeError>;

/// Serializer methods that refuse their value as a map key.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ok:ty),* $(,)?) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ok> {
            Err(not_a_key())
        }
    )*};
}

impl MapKey<'_> {
    fn text(self, v: impl fmt::Display) -> Result {
        ser::Serializer::collect_str(self.0, &v)
    }

    /// A float key as serde_json writes it: the number's JSON text (its shortest decimal), and
    /// only a finite one.
    fn float(self, finite: bool, json: serde_json::Result<String>) -> Result {
        match json {
            Ok(text) if finite => self.0.str(&text),
            _ => Err(TapeError("float key must be finite".into())),
        }
    }
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = Refused;
    type SerializeTuple = Refused;
    type SerializeTupleStruct = Refused;
    type SerializeTupleVariant = Refused;
    type SerializeMap = Refused;
    type SerializeStruct = Refused;
    type SerializeStructVariant = Refused;

    forward!(
        serialize_bool(bool) => text as bool,
        serialize_i8(i8) => text as i8,
        serialize_i16(i16) => text as i16,
        serialize_i32(i32) => text as i32,
        serialize_i64(i64) => text as i64,
        serialize_i128(i128) => text as i128,
        serialize_u8(u8) => text as u8,
        serialize_u16(u16) => text as u16,
        serialize_u32(u32) => text as u32,
        serialize_u64(u64) => text as u64,
        serialize_u128(u128) => text as u128,
    );
    fn serialize_f32(self, v: f32) -> Result {
        self.float(v.is_finite(), serde_json::to_string(&v))
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v.is_finite(), serde_json::to_string(&v))
    }
    fn serialize_char(self, v: char) -> Result {
        self.0.str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.0.str(v)
    }
    refuse!(
        serialize_bytes(&[u8]) -> (),
        serialize_none() -> (),
        serialize_unit() -> (),
        serialize_unit_struct(&'static str) -> (),
        serialize_seq(Option<usize>) -> Refused,
        serialize_tuple(usize) -> Refused,
        serialize_tuple_struct(&'static str, usize) -> Refused,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Refused,
        serialize_map(Option<usize>) -> Refused,
        serialize_struct(&'static str, usize) -> Refused,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Refused,
    );
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result {
        Err(not_a_key())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.0.sym(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(not_a_key())
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        ser::Serializer::collect_str(self.0, value)
    }
}
