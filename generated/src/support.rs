//! Hand-written helpers the generated config types call: value checks shared by every constrained
//! type, the integer reader that accepts what JSON Schema calls an integer, the field and string-enum
//! readers that accept exactly the JSON types the schema does, and id parsing.

use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A config value outside what its category's schema allows.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// An integer outside `min..=max`.
    OutOfRange {
        /// The value given.
        value: i128,
        /// The smallest allowed.
        min: i128,
        /// The largest allowed.
        max: i128,
    },
    /// An integer that is not a multiple of `step`.
    NotMultiple {
        /// The value given.
        value: i128,
        /// The step.
        step: i128,
    },
    /// An integer not in the schema's `enum`.
    NotAllowed {
        /// The value given.
        value: i128,
        /// The allowed values.
        allowed: Vec<i128>,
    },
    /// A string whose length (in characters) is outside `min..=max`.
    Length {
        /// Its length.
        length: usize,
        /// Shortest allowed.
        min: usize,
        /// Longest allowed.
        max: usize,
    },
    /// A string that does not match the schema's `pattern`.
    Pattern {
        /// The string given.
        value: String,
        /// The pattern.
        pattern: &'static str,
    },
    /// A list or map whose size is outside `min..=max`.
    Count {
        /// Its size.
        count: usize,
        /// Smallest allowed.
        min: usize,
        /// Largest allowed.
        max: usize,
    },
    /// A list item equal to an earlier one where items must be distinct.
    Repeated {
        /// The item's position.
        index: usize,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::OutOfRange { value, min, max } => write!(f, "{value} is outside {min}..={max}"),
            ConfigError::NotMultiple { value, step } => write!(f, "{value} is not a multiple of {step}"),
            ConfigError::NotAllowed { value, allowed } => write!(f, "{value} is not one of {allowed:?}"),
            ConfigError::Length { length, min, max } => write!(f, "length {length} is outside {min}..={max}"),
            ConfigError::Pattern { value, pattern } => write!(f, "{value:?} does not match {pattern:?}"),
            ConfigError::Count { count, min, max } => write!(f, "{count} items, expected {min}..={max}"),
            ConfigError::Repeated { index } => write!(f, "item {index} repeats an earlier item"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A JSON number that is an integer in the JSON Schema sense: `7` and `7.0` both are, `7.5` is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Integer(pub i128);

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Integer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Integer, E> {
                Ok(Integer(i128::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Integer, E> {
                Ok(Integer(i128::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Integer, E> {
                // Beyond ±2^100 every f64 is integral but out of any config range; clamp keeps it rejected.
                if v.fract() == 0.0 && v.is_finite() {
                    #[allow(clippy::cast_possible_truncation, reason = "clamped to a range i128 holds")]
                    Ok(Integer(v.clamp(-1e30, 1e30) as i128))
                } else {
                    Err(E::invalid_type(serde::de::Unexpected::Float(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// Checks an integer against a schema's `minimum`, `maximum`, `multipleOf` and `enum`.
pub fn check_int(v: Integer, min: i128, max: i128, multiple_of: i128, allowed: &[i128]) -> Result<i128, ConfigError> {
    let v = v.0;
    if v < min || v > max {
        return Err(ConfigError::OutOfRange { value: v, min, max });
    }
    if multiple_of > 1 && v % multiple_of != 0 {
        return Err(ConfigError::NotMultiple { value: v, step: multiple_of });
    }
    if !allowed.is_empty() && !allowed.contains(&v) {
        return Err(ConfigError::NotAllowed { value: v, allowed: allowed.to_vec() });
    }
    Ok(v)
}

/// Checks a string against a schema's `pattern` (unanchored, as JSON Schema means it), `minLength`
/// and `maxLength` (counted in characters).
pub fn check_str(s: &str, pattern: Option<&'static Pattern>, min: usize, max: usize) -> Result<(), ConfigError> {
    let n = s.chars().count();
    if n < min || n > max {
        return Err(ConfigError::Length { length: n, min, max });
    }
    if let Some(p) = pattern
        && !p.is_match(s)
    {
        return Err(ConfigError::Pattern { value: s.to_owned(), pattern: p.source });
    }
    Ok(())
}

/// Checks a count of items or entries against `minItems`/`maxItems` (or the property counts).
pub fn check_count(n: usize, min: usize, max: usize) -> Result<(), ConfigError> {
    if n < min || n > max {
        return Err(ConfigError::Count { count: n, min, max });
    }
    Ok(())
}

/// Checks a list's length and, when asked, that its items are distinct.
pub fn check_list<T: PartialEq>(items: &[T], min: usize, max: usize, unique: bool) -> Result<(), ConfigError> {
    check_count(items.len(), min, max)?;
    if unique {
        for (i, a) in items.iter().enumerate() {
            if items[..i].contains(a) {
                return Err(ConfigError::Repeated { index: i });
            }
        }
    }
    Ok(())
}

/// A `pattern` compiled once, on first use.
pub struct Pattern {
    /// The pattern as the registry wrote it.
    pub source: &'static str,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    /// A pattern not compiled yet.
    pub const fn new(source: &'static str) -> Self {
        Pattern { source, compiled: OnceLock::new() }
    }

    /// Whether `s` contains a match. A pattern that does not compile matches nothing (the registry
    /// validator rejects such patterns before they get here).
    pub fn is_match(&self, s: &str) -> bool {
        self.compiled.get_or_init(|| regex_lite::Regex::new(self.source).ok()).as_ref().is_some_and(|r| r.is_match(s))
    }
}

/// An object key, borrowed from the input when it can be.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied (the input held it escaped, or is not borrowable).
    Owned(String),
}

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(s))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(s.to_owned()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(s))
            }
        }
        d.deserialize_str(V)
    }
}

/// A struct read field by field by [`read_struct`]; the generator implements it for every config
/// struct, so the map-reading loop exists once instead of once per struct.
pub trait ReadStruct: Sized {
    /// What the reader expects, for error messages (`a \`Foo\` object`).
    const EXPECTING: &'static str;
    /// Wire names of the fields, in declaration order.
    const FIELDS: &'static [&'static str];
    /// How many fields must at least be present (the schema's `minProperties`).
    const MIN_FIELDS: usize = 0;
    /// One `Option` per field.
    type Slots;
    /// Every slot empty.
    fn empty() -> Self::Slots;
    /// Reads the value of field `index` (into [`Self::FIELDS`]) from `map` into its slot.
    fn fill<'de, M: MapAccess<'de>>(slots: &mut Self::Slots, index: usize, map: &mut M) -> Result<(), M::Error>;
    /// The struct, or the wire name of the first missing required field.
    fn finish(slots: Self::Slots) -> Result<Self, &'static str>;
}

/// What a struct with a `minProperties` expects when given fewer fields.
struct AtLeast(usize);

impl de::Expected for AtLeast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with at least {} field{}", self.0, if self.0 == 1 { "" } else { "s" })
    }
}

/// Reads a config struct from a map only (never from a sequence of field values, which serde's
/// derive would also take and the schema's `"type": "object"` does not): unknown, repeated and
/// missing fields are errors.
pub fn read_struct<'de, D: Deserializer<'de>, T: ReadStruct>(d: D) -> Result<T, D::Error> {
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: ReadStruct> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut slots = T::empty();
            // A repeated field is an error in `fill`, so this counts distinct fields.
            let mut present = 0;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match T::FIELDS.iter().position(|f| *f == key.as_str()) {
                    Some(i) => T::fill(&mut slots, i, &mut map)?,
                    None => return Err(de::Error::unknown_field(key.as_str(), T::FIELDS)),
                }
                present += 1;
            }
            if present < T::MIN_FIELDS {
                return Err(de::Error::invalid_length(present, &AtLeast(T::MIN_FIELDS)));
            }
            T::finish(slots).map_err(de::Error::missing_field)
        }
    }
    d.deserialize_map(V(std::marker::PhantomData))
}

/// Reads the value of field `name` into its empty `slot`. A repeated field is an error, and so is
/// `null` for an optional field: the schema calls it a wrong type, not "absent".
pub fn fill<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads a string enum: a JSON string equal to one of `wires`, giving the value at the same index.
/// Anything but a string is a wrong type (serde's derive would also take `{"value": null}`).
pub fn deserialize_variant<'de, D: Deserializer<'de>, T: Copy + 'static>(
    d: D,
    wires: &'static [&'static str],
    values: &'static [T],
) -> Result<T, D::Error> {
    struct V<T: 'static> {
        wires: &'static [&'static str],
        values: &'static [T],
    }
    impl<T: Copy + 'static> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("one of ")?;
            for (i, w) in self.wires.iter().enumerate() {
                write!(f, "{}`{w}`", if i == 0 { "" } else { ", " })?;
            }
            Ok(())
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            self.wires
                .iter()
                .position(|w| *w == s)
                .and_then(|i| self.values.get(i).copied())
                .ok_or_else(|| E::unknown_variant(s, self.wires))
        }
    }
    d.deserialize_str(V { wires, values })
}

/// A JSON object read as a map that refuses a key given twice (serde's maps keep the last value
/// silently, losing what the sender wrote).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UniqueMap<T>(pub std::collections::BTreeMap<String, T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for UniqueMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = UniqueMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UniqueMap<T>, A::Error> {
                let mut out = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.contains_key(&key) {
                        return Err(de::Error::custom(format_args!("key `{key}` appears twice")));
                    }
                    let value = map.next_value()?;
                    out.insert(key, value);
                }
                Ok(UniqueMap(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// An id that names nothing in the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownId {
    /// What kind of id (`category`, `domain`, …).
    pub kind: &'static str,
    /// What was given.
    pub input: String,
    /// The closest valid id, when one is close.
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `{}`", self.kind, self.input)?;
        if let Some(s) = self.suggestion {
            write!(f, "; did you mean `{s}`?")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownId {}

/// Looks `input` up in `sorted` (id, index) pairs; on a miss, names the closest id.
pub fn find_id(kind: &'static str, input: &str, sorted: &[(&'static str, u16)]) -> Result<usize, UnknownId> {
    match sorted.binary_search_by(|(id, _)| (*id).cmp(input)) {
        Ok(i) => Ok(usize::from(sorted[i].1)),
        Err(_) => {
            let suggestion = sorted
                .iter()
                .map(|(id, _)| (strsim::jaro_winkler(input, id), *id))
                .filter(|(score, _)| *score >= 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
                .map(|(_, id)| id);
            Err(UnknownId { kind, input: input.to_owned(), suggestion })
        }
    }
}

/// Deserialises an id through its `FromStr`.
pub fn deserialize_id<'de, D: Deserializer<'de>, T: std::str::FromStr<Err = UnknownId>>(d: D) -> Result<T, D::Error> {
    let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    s.parse().map_err(serde::de::Error::custom)
}
