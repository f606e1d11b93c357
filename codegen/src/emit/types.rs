//! From a category's config JSON Schema to a graph of Rust type definitions: objects become structs,
//! string enums become enums, constrained integers, strings, lists and maps become checked newtypes.
//! The schema subset is fixed by `spec/ocss-rules.schema.json`, so anything else is an error here,
//! never a panic or a silent `serde_json::Value`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::naming::{NameError, field_ident, upper_camel};

/// A Rust type used by a field, list item or map value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `bool`.
    Bool,
    /// An unconstrained `String`.
    Str,
    /// A generated type, by name.
    Named(String),
    /// An unconstrained list.
    List(Box<Ty>),
}

/// A generated type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Doc text (from the schema's `description`).
    pub doc: Option<String>,
    /// Where in the config schema it comes from (JSON pointer).
    pub pointer: String,
    /// What it is.
    pub kind: Kind,
}

/// The shapes a generated type takes.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A struct with `deny_unknown_fields`.
    Struct {
        /// Its fields, in schema order.
        fields: Vec<Field>,
        /// `minProperties`: how many fields must at least be present.
        min_fields: usize,
    },
    /// A string enum: (variant name, wire value).
    Enum(Vec<(String, String)>),
    /// A checked integer newtype over the smallest fitting primitive.
    Int {
        /// `u8`, `i16`, …
        prim: &'static str,
        /// Inclusive bounds.
        min: i128,
        /// Inclusive bounds.
        max: i128,
        /// `multipleOf`, or 1.
        multiple_of: i128,
        /// `enum` values, or empty.
        allowed: Vec<i128>,
    },
    /// A checked string newtype.
    Str {
        /// `pattern`, if any.
        pattern: Option<String>,
        /// `minLength`.
        min: usize,
        /// `maxLength`.
        max: usize,
    },
    /// A checked list newtype.
    List {
        /// Item type.
        item: Ty,
        /// `minItems`.
        min: usize,
        /// `maxItems`.
        max: usize,
        /// `uniqueItems`.
        unique: bool,
    },
    /// A checked map newtype (string keys).
    Map {
        /// Value type.
        value: Ty,
        /// `propertyNames.pattern`.
        key_pattern: Option<String>,
        /// `minProperties`.
        min: usize,
        /// `maxProperties`.
        max: usize,
    },
}

/// A struct field.
#[derive(Clone, Debug)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// Rust identifier.
    pub ident: String,
    /// Whether the identifier is a keyword needing `r#`.
    pub raw: bool,
    /// Its type.
    pub ty: Ty,
    /// Whether the schema requires it.
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
}

/// The types of one category's config: the root struct first.
#[derive(Clone, Debug)]
pub struct ConfigTypes {
    /// Name of the root struct.
    pub root: String,
    /// Every type, root first, then in schema order.
    pub defs: Vec<TypeDef>,
}

/// Why a config schema cannot become Rust types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeError {
    /// JSON pointer inside the config schema.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

struct Builder {
    defs: Vec<TypeDef>,
    /// Name → schema pointer that produced it, to report collisions naming both.
    names: BTreeMap<String, String>,
}

/// Builds the types for category `id`'s config schema.
pub fn config_types(id: &str, schema: &Value) -> Result<ConfigTypes, TypeError> {
    let root = format!("{}Config", upper_camel(id).map_err(|e| name_err("", &e))?);
    let mut b = Builder { defs: Vec::new(), names: BTreeMap::new() };
    let ty = b.node(&root, schema, "")?;
    match ty {
        Ty::Named(n) if n == root => Ok(ConfigTypes { root, defs: b.defs }),
        _ => Err(TypeError { pointer: String::new(), message: "a config schema must be an object".into() }),
    }
}

fn name_err(pointer: &str, e: &NameError) -> TypeError {
    TypeError { pointer: pointer.to_owned(), message: e.to_string() }
}

fn uint(obj: &Map<String, Value>, key: &str) -> Option<usize> {
    obj.get(key).and_then(Value::as_u64).and_then(|v| usize::try_from(v).ok())
}

/// The smallest primitive holding `min..=max`.
fn prim(min: i128, max: i128) -> &'static str {
    let fits = |lo: i128, hi: i128| min >= lo && max <= hi;
    if min >= 0 {
        [("u8", u8::MAX as i128), ("u16", u16::MAX as i128), ("u32", u32::MAX as i128)]
            .into_iter()
            .find(|(_, hi)| max <= *hi)
            .map_or("u64", |(p, _)| p)
    } else if fits(i8::MIN.into(), i8::MAX.into()) {
        "i8"
    } else if fits(i16::MIN.into(), i16::MAX.into()) {
        "i16"
    } else if fits(i32::MIN.into(), i32::MAX.into()) {
        "i32"
    } else {
        "i64"
    }
}

impl Builder {
    fn claim(&mut self, name: &str, pointer: &str) -> Result<(), TypeError> {
        if let Some(other) = self.names.insert(name.to_owned(), pointer.to_owned()) {
            return Err(TypeError {
                pointer: pointer.to_owned(),
                message: format!(
                    "type name `{name}` is produced both by `{other}` and by `{pointer}`; rename one property"
                ),
            });
        }
        Ok(())
    }

    fn push(&mut self, name: &str, pointer: &str, doc: Option<String>, kind: Kind) -> Result<Ty, TypeError> {
        self.claim(name, pointer)?;
        self.defs.push(TypeDef { name: name.to_owned(), doc, pointer: pointer.to_owned(), kind });
        Ok(Ty::Named(name.to_owned()))
    }

    fn node(&mut self, name: &str, schema: &Value, pointer: &str) -> Result<Ty, TypeError> {
        let err = |m: &str| TypeError { pointer: pointer.to_owned(), message: m.to_owned() };
        let obj = schema.as_object().ok_or_else(|| err("a schema must be an object"))?;
        let doc = obj.get("description").and_then(Value::as_str).map(str::to_owned);
        match obj.get("type").and_then(Value::as_str) {
            Some("boolean") => Ok(Ty::Bool),
            Some("integer") => {
                let allowed: Vec<i128> = obj
                    .get("enum")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_i64).map(i128::from).collect())
                    .unwrap_or_default();
                let min = obj
                    .get("minimum")
                    .and_then(Value::as_i64)
                    .map(i128::from)
                    .or_else(|| allowed.iter().min().copied())
                    .unwrap_or(i128::from(i64::MIN));
                let max = obj
                    .get("maximum")
                    .and_then(Value::as_i64)
                    .map(i128::from)
                    .or_else(|| allowed.iter().max().copied())
                    .unwrap_or(i128::from(i64::MAX));
                let multiple_of = obj.get("multipleOf").and_then(Value::as_i64).map_or(1, i128::from);
                self.push(name, pointer, doc, Kind::Int { prim: prim(min, max), min, max, multiple_of, allowed })
            }
            Some("string") => {
                if let Some(values) = obj.get("enum").and_then(Value::as_array) {
                    let mut variants = Vec::new();
                    let mut seen: BTreeMap<String, String> = BTreeMap::new();
                    for v in values {
                        let wire = v.as_str().ok_or_else(|| err("string enum values must be strings"))?;
                        let var = upper_camel(wire).map_err(|e| name_err(pointer, &e))?;
                        if let Some(other) = seen.insert(var.clone(), wire.to_owned()) {
                            return Err(err(&format!(
                                "enum values `{other}` and `{wire}` both become variant `{var}`"
                            )));
                        }
                        variants.push((var, wire.to_owned()));
                    }
                    return self.push(name, pointer, doc, Kind::Enum(variants));
                }
                let pattern = obj.get("pattern").and_then(Value::as_str).map(str::to_owned);
                let (min, max) = (uint(obj, "minLength").unwrap_or(0), uint(obj, "maxLength").unwrap_or(usize::MAX));
                if pattern.is_none() && min == 0 && max == usize::MAX {
                    return Ok(Ty::Str);
                }
                self.push(name, pointer, doc, Kind::Str { pattern, min, max })
            }
            Some("array") => {
                let items = obj.get("items").ok_or_else(|| err("an array schema needs `items`"))?;
                let item = self.node(&format!("{name}Item"), items, &format!("{pointer}/items"))?;
                let (min, max) = (uint(obj, "minItems").unwrap_or(0), uint(obj, "maxItems").unwrap_or(usize::MAX));
                let unique = obj.get("uniqueItems").and_then(Value::as_bool).unwrap_or(false);
                if min == 0 && max == usize::MAX && !unique {
                    return Ok(Ty::List(Box::new(item)));
                }
                self.push(name, pointer, doc, Kind::List { item, min, max, unique })
            }
            Some("object") => match obj.get("additionalProperties") {
                Some(Value::Bool(false)) => self.structure(name, obj, pointer, doc),
                Some(value_schema @ Value::Object(_)) => {
                    let value =
                        self.node(&format!("{name}Value"), value_schema, &format!("{pointer}/additionalProperties"))?;
                    let key_pattern = obj
                        .get("propertyNames")
                        .and_then(|p| p.get("pattern"))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    let (min, max) =
                        (uint(obj, "minProperties").unwrap_or(0), uint(obj, "maxProperties").unwrap_or(usize::MAX));
                    // Always a newtype, even unconstrained: its reader refuses a key given twice.
                    self.push(name, pointer, doc, Kind::Map { value, key_pattern, min, max })
                }
                _ => Err(err("an object schema needs `additionalProperties`: false (a struct) or a schema (a map)")),
            },
            Some(other) => Err(err(&format!("type `{other}` is outside the supported subset"))),
            None => Err(err("a schema needs a `type`")),
        }
    }

    fn structure(
        &mut self,
        name: &str,
        obj: &Map<String, Value>,
        pointer: &str,
        doc: Option<String>,
    ) -> Result<Ty, TypeError> {
        // Claim the struct's own name before its fields, so the root comes first in `defs`.
        self.claim(name, pointer)?;
        let index = self.defs.len();
        self.defs.push(TypeDef {
            name: name.to_owned(),
            doc,
            pointer: pointer.to_owned(),
            kind: Kind::Struct { fields: Vec::new(), min_fields: 0 },
        });
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut idents: BTreeMap<String, String> = BTreeMap::new();
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            // Remove the `Config` suffix for nested names: `ContentRatingConfig.max_ratings` → `ContentRatingMaxRatings`.
            let stem = name.strip_suffix("Config").unwrap_or(name);
            for (wire, schema) in props {
                let child_ptr = format!("{pointer}/properties/{}", crate::load::escape_token(wire));
                let (ident, raw) = field_ident(wire).map_err(|e| name_err(&child_ptr, &e))?;
                if let Some(other) = idents.insert(ident.clone(), wire.clone()) {
                    return Err(TypeError {
                        pointer: child_ptr,
                        message: format!("properties `{other}` and `{wire}` both become field `{ident}`"),
                    });
                }
                let child_name = format!("{stem}{}", upper_camel(wire).map_err(|e| name_err(&child_ptr, &e))?);
                let ty = self.node(&child_name, schema, &child_ptr)?;
                let doc = schema.get("description").and_then(Value::as_str).map(str::to_owned);
                fields.push(Field {
                    wire: wire.clone(),
                    ident,
                    raw,
                    ty,
                    required: required.contains(&wire.as_str()),
                    doc,
                });
            }
        }
        let min_fields = uint(obj, "minProperties").unwrap_or(0);
        self.defs[index].kind = Kind::Struct { fields, min_fields };
        Ok(Ty::Named(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_shapes() {
        let schema = json!({
            "type": "object", "additionalProperties": false, "required": ["schedule"],
            "properties": {
                "schedule": { "type": "array", "minItems": 1, "items": {
                    "type": "object", "additionalProperties": false, "required": ["start"],
                    "properties": {
                        "start": { "type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$" },
                        "days": { "type": "array", "uniqueItems": true, "items": { "type": "string", "enum": ["mon", "tue"] } }
                    }
                }},
                "minutes": { "type": "integer", "minimum": 0, "maximum": 1440 }
            }
        });
        let t = config_types("time_scheduled_hours", &schema).expect("types");
        let names: Vec<&str> = t.defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "TimeScheduledHoursConfig",
                "TimeScheduledHoursMinutes",
                "TimeScheduledHoursScheduleItem",
                "TimeScheduledHoursScheduleItemDaysItem",
                "TimeScheduledHoursScheduleItemDays",
                "TimeScheduledHoursScheduleItemStart",
                "TimeScheduledHoursSchedule",
            ]
        );
        assert!(matches!(t.defs[1].kind, Kind::Int { prim: "u16", .. }));
    }

    #[test]
    fn collisions_are_errors_naming_both() {
        let schema = json!({
            "type": "object", "additionalProperties": false,
            "properties": { "max-ratings": { "type": "boolean" }, "max_ratings": { "type": "boolean" } }
        });
        let e = config_types("content_rating", &schema).expect_err("collision");
        assert!(e.message.contains("`max-ratings` and `max_ratings`"), "{}", e.message);
    }
}
