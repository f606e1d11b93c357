//! The checks against the registry table: the category or platform exists, every field is one the
//! category's schema has (or is marked `#[ocss(extension)]`), every field's type can hold every
//! value the schema allows, and every required property is present.

use syn::{Data, DeriveInput, Fields, GenericArgument, Ident, LitStr, PathArguments, Type};

use crate::attr;
use crate::ctxt::Ctxt;
use crate::model::{Category, Field, Ty};
use crate::registry::{CAPABILITIES, CATEGORIES, PLATFORMS};
use crate::suggest::hint;

/// The category named by `#[ocss(category = "…")]`, or an error on the string.
pub(crate) fn category(cx: &mut Ctxt, input: &DeriveInput, lit: Option<&LitStr>) -> Option<&'static Category> {
    let Some(lit) = lit else {
        // A malformed `#[ocss(...)]` is already reported; saying the category is missing too would
        // only repeat it.
        if cx.is_empty() {
            cx.error(&input.ident, "a rule config needs `#[ocss(category = \"…\")]` naming its OCSS category");
        }
        return None;
    };
    let id = lit.value();
    let found = CATEGORIES.iter().find(|c| c.id == id);
    if found.is_none() {
        let near = hint(&id, CATEGORIES.iter().map(|c| c.id));
        cx.error(lit, format!("unknown OCSS category `{id}`{near}"));
    }
    found
}

/// The last path segment of `ty` and its generic type arguments.
fn segment(ty: &Type) -> Option<(String, Vec<&Type>)> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let args = match &last.arguments {
        PathArguments::AngleBracketed(a) => {
            a.args.iter().filter_map(|g| if let GenericArgument::Type(t) = g { Some(t) } else { None }).collect()
        }
        _ => Vec::new(),
    };
    Some((last.ident.to_string(), args))
}

/// Range of a primitive integer type.
fn int_range(name: &str) -> Option<(i128, i128)> {
    Some(match name {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, u64::MAX.into()),
        "u128" => (0, i128::MAX),
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" | "isize" => (i64::MIN.into(), i64::MAX.into()),
        "i128" => (i128::MIN, i128::MAX),
        _ => return None,
    })
}

/// The smallest primitive holding `min..=max`.
fn fitting(min: i128, max: i128) -> &'static str {
    ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "i128"]
        .into_iter()
        .find(|p| int_range(p).is_some_and(|(lo, hi)| lo <= min && max <= hi))
        .unwrap_or("i128")
}

const STRINGS: [&str; 3] = ["String", "str", "Cow"];
const NUMBERS: [&str; 2] = ["f32", "f64"];

/// What kind of value a well-known Rust type holds, for the mismatch check; `None` for types the
/// macro cannot see into (a user's own type).
fn known_kind(name: &str) -> Option<&'static str> {
    if int_range(name).is_some() {
        Some("an integer")
    } else if STRINGS.contains(&name) {
        Some("a string")
    } else if name == "bool" {
        Some("`true` or `false`")
    } else if NUMBERS.contains(&name) {
        Some("a float")
    } else if name == "Vec" {
        Some("a list")
    } else if matches!(name, "BTreeMap" | "HashMap") {
        Some("a map")
    } else {
        None
    }
}

/// Checks that `ty` holds every value of `field` (of `category`); errors are spanned on `ty`.
fn field_type(cx: &mut Ctxt, ty: &Type, field: &Field, category: &Category) {
    let wire = field.wire;
    let Some((name, args)) = segment(ty) else { return };
    if name == "Option" {
        if let Some(inner) = args.first() {
            field_type(cx, inner, field, category);
        }
        return;
    }
    if !field.canonical.is_empty() && name == field.canonical {
        return;
    }
    let want = match field.ty {
        Ty::Bool => "`true` or `false`",
        Ty::Str | Ty::StrEnum(_) => "a string",
        Ty::Int { .. } => "an integer",
        Ty::List => "a list",
        Ty::Map => "a map",
        Ty::Object => "an object",
    };
    // Primitives name themselves; only a generated type is worth pointing at.
    let canonical = match field.canonical {
        "" | "bool" | "String" => String::new(),
        name => format!(" or `ocss::config::{name}`"),
    };
    if let (Ty::Int { min, max }, Some((lo, hi))) = (&field.ty, int_range(&name)) {
        if lo > *min || hi < *max {
            cx.error(
                ty,
                format!(
                    "`{name}` cannot hold every value of `{wire}` ({min}..={max}); use `{}` or wider{canonical}",
                    fitting(*min, *max)
                ),
            );
        }
        return;
    }
    let Some(holds) = known_kind(&name) else { return };
    if holds != want || matches!(field.ty, Ty::Object) {
        let suggestion = match field.ty {
            Ty::Int { min, max } => format!("`{}`", fitting(min, max)),
            Ty::Bool => "`bool`".into(),
            Ty::Str | Ty::StrEnum(_) => "`String`".into(),
            Ty::List => "a `Vec`".into(),
            Ty::Map => "a `BTreeMap<String, _>`".into(),
            Ty::Object => "a struct of your own".into(),
        };
        let values = match field.ty {
            Ty::StrEnum(values) => {
                format!(" (one of {})", values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
            }
            _ => String::new(),
        };
        cx.error(
            ty,
            format!(
                "`{name}` holds {holds}, but `{wire}` of `{}` is {want}{values}; use {suggestion}{canonical}",
                category.id
            ),
        );
    }
}

fn is_option(ty: &Type) -> bool {
    segment(ty).is_some_and(|(name, _)| name == "Option")
}

/// Checks the struct's fields against the category; returns the wire names of extension fields.
pub(crate) fn fields(cx: &mut Ctxt, input: &DeriveInput, category: Option<&'static Category>) -> Vec<String> {
    let Data::Struct(data) = &input.data else {
        cx.error(&input.ident, "`RuleConfig` derives on a struct with named fields, one per config property");
        return Vec::new();
    };
    let Fields::Named(named) = &data.fields else {
        cx.error(&input.ident, "`RuleConfig` derives on a struct with named fields, one per config property");
        return Vec::new();
    };
    let rename_all = attr::rename_all(&input.attrs);
    if let Some((rule, lit)) = &rename_all
        && attr::apply_rename_all(rule, "a_b").is_none()
    {
        cx.error(lit, format!("unknown `rename_all` rule `{rule}`"));
    }
    let mut extensions = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for f in &named.named {
        let Some(ident) = &f.ident else { continue };
        let attrs = attr::field(cx, &f.attrs);
        let raw = ident.to_string();
        let raw = raw.strip_prefix("r#").unwrap_or(&raw).to_owned();
        let wire = attrs
            .rename
            .clone()
            .or_else(|| rename_all.as_ref().and_then(|(rule, _)| attr::apply_rename_all(rule, &raw)))
            .unwrap_or(raw);
        if seen.contains(&wire) {
            cx.error(ident, format!("two fields are called `{wire}` on the wire"));
        }
        seen.push(wire.clone());
        let Some(category) = category else { continue };
        let schema = category.fields.iter().find(|s| s.wire == wire);
        match (schema, attrs.extension) {
            (Some(_), true) => cx.error(
                ident,
                format!(
                    "`{wire}` is a field of the `{}` config, not an extension; remove `#[ocss(extension)]`",
                    category.id
                ),
            ),
            (None, true) => extensions.push(wire),
            (None, false) => {
                let near = crate::suggest::closest(&wire, category.fields.iter().map(|s| s.wire))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                let all: Vec<String> = category.fields.iter().map(|s| format!("`{}`", s.wire)).collect();
                cx.error(
                    ident,
                    format!(
                        "`{wire}` is not a field of the `{}` config{near}; its fields are {}, and a field of your own takes `#[ocss(extension)]`",
                        category.id,
                        if all.is_empty() { "none".into() } else { all.join(", ") }
                    ),
                );
            }
            (Some(schema), false) => {
                if !schema.required && !is_option(&f.ty) {
                    cx.error(&f.ty, format!("`{wire}` is optional in the `{}` config; use `Option<…>` so a config without it still reads", category.id));
                }
                field_type(cx, &f.ty, schema, category);
            }
        }
    }
    if let Some(category) = category {
        for s in category.fields.iter().filter(|s| s.required && !seen.iter().any(|w| w == s.wire)) {
            cx.error(&input.ident, format!("missing field `{}`, which the `{}` config requires", s.wire, category.id));
        }
    }
    extensions
}

/// The platform's capabilities as `Capability` variants, checked: every capability exists, none is
/// given twice, and when the registry knows the platform, the list is the registry's.
pub(crate) fn capabilities(cx: &mut Ctxt, input: &DeriveInput, attrs: &attr::AdapterAttrs) -> Vec<Ident> {
    let Some(platform) = &attrs.platform else {
        cx.error(&input.ident, "a platform adapter needs `#[ocss(platform = \"…\", capabilities(…))]`");
        return Vec::new();
    };
    let id = platform.value();
    let known = PLATFORMS.iter().find(|p| p.id == id);
    if known.is_none() {
        let near = hint(&id, PLATFORMS.iter().map(|p| p.id));
        cx.error(platform, format!("unknown platform `{id}`{near}"));
    }
    let Some((list, tokens)) = &attrs.capabilities else {
        cx.error(&input.ident, "a platform adapter needs `capabilities(…)` listing what it enforces natively");
        return Vec::new();
    };
    let mut variants = Vec::new();
    let mut given: Vec<String> = Vec::new();
    for cap in list {
        let name = cap.to_string();
        if given.contains(&name) {
            cx.error(cap, format!("capability `{name}` is listed twice"));
            continue;
        }
        given.push(name.clone());
        match CAPABILITIES.iter().find(|(c, _)| *c == name) {
            Some((_, variant)) => variants.push(Ident::new(variant, cap.span())),
            None => {
                let near = hint(&name, CAPABILITIES.iter().map(|(c, _)| *c));
                cx.error(cap, format!("unknown capability `{name}`{near}"));
            }
        }
    }
    // Unknown capabilities are reported above; comparing a list with a typo in it would repeat it.
    if let Some(p) = known.filter(|_| variants.len() == given.len()) {
        let missing: Vec<&str> = p.capabilities.iter().copied().filter(|c| !given.iter().any(|g| g == c)).collect();
        let extra: Vec<&str> = given.iter().map(String::as_str).filter(|g| !p.capabilities.contains(g)).collect();
        if !missing.is_empty() || !extra.is_empty() {
            let list = |items: &[&str]| items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ");
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("the registry also gives it {}", list(&missing)));
            }
            if !extra.is_empty() {
                parts.push(format!("the registry does not give it {}", list(&extra)));
            }
            let span_tokens = if tokens.is_empty() { quote::quote!(#platform) } else { tokens.clone() };
            cx.error(
                span_tokens,
                format!("capabilities differ from the registry's platform `{id}`: {}", parts.join("; ")),
            );
        }
    }
    variants
}
