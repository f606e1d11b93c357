//! Attribute parsing: `#[ocss(...)]` on the container and on fields, and the serde attributes that
//! change a field's name on the wire (`rename`, `rename_all`). Every problem is recorded in the
//! [`Ctxt`], spanned on the offending tokens; parsing goes on after one.

use syn::ext::IdentExt as _;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Ident, LitStr};

use crate::ctxt::Ctxt;

/// `#[ocss(...)]` of a `RuleConfig` container.
#[derive(Default)]
pub(crate) struct ConfigAttrs {
    /// `category = "…"`.
    pub category: Option<LitStr>,
}

/// `#[ocss(...)]` of a `PlatformAdapter` container.
#[derive(Default)]
pub(crate) struct AdapterAttrs {
    /// `platform = "…"`.
    pub platform: Option<LitStr>,
    /// `capabilities(a, b, …)`, with the list's tokens for errors about the whole list.
    pub capabilities: Option<(Vec<Ident>, proc_macro2::TokenStream)>,
}

/// `#[ocss(...)]` and serde naming of one field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    /// `#[ocss(extension)]`: the type's own addition, outside the schema.
    pub extension: bool,
    /// `#[serde(rename = "…")]` (or its `deserialize` name).
    pub rename: Option<String>,
}

fn ocss_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("ocss"))
}

fn duplicate(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, name: &str) {
    cx.error(&meta.path, format!("duplicate `{name}` in `#[ocss(...)]`"));
}

/// Runs `item` on each item of every `#[ocss(...)]`; a parse error is recorded and the next
/// attribute is still read.
fn each_ocss_item(
    cx: &mut Ctxt,
    attrs: &[Attribute],
    mut item: impl FnMut(&mut Ctxt, ParseNestedMeta<'_>) -> syn::Result<()>,
) {
    for attr in ocss_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| item(cx, meta));
        if let Err(e) = result {
            cx.push(e);
        }
    }
}

/// Steps over a serde item this crate does not read (`key = value` or `key(…)`); serde checks it.
fn skip_item(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: proc_macro2::TokenStream = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

/// Fills `slot` with the first `value` given; a second one is reported and the first kept.
fn set_once<T>(cx: &mut Ctxt, meta: &ParseNestedMeta<'_>, slot: &mut Option<T>, name: &str, value: T) {
    if slot.is_some() {
        duplicate(cx, meta, name);
    } else {
        *slot = Some(value);
    }
}

/// Parses the `RuleConfig` container attributes.
pub(crate) fn config(cx: &mut Ctxt, attrs: &[Attribute]) -> ConfigAttrs {
    let mut out = ConfigAttrs::default();
    each_ocss_item(cx, attrs, |cx, meta| {
        if meta.path.is_ident("category") {
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, &mut out.category, "category", value);
            Ok(())
        } else {
            Err(meta.error("unknown `ocss` attribute; a rule config takes `category = \"…\"`"))
        }
    });
    out
}

/// Parses the `PlatformAdapter` container attributes.
pub(crate) fn adapter(cx: &mut Ctxt, attrs: &[Attribute]) -> AdapterAttrs {
    let mut out = AdapterAttrs::default();
    each_ocss_item(cx, attrs, |cx, meta| {
        if meta.path.is_ident("platform") {
            let value: LitStr = meta.value()?.parse()?;
            set_once(cx, &meta, &mut out.platform, "platform", value);
            Ok(())
        } else if meta.path.is_ident("capabilities") {
            let content;
            syn::parenthesized!(content in meta.input);
            let tokens: proc_macro2::TokenStream = content.fork().parse()?;
            let list = content.parse_terminated(Ident::parse_any, syn::Token![,])?.into_iter().collect();
            set_once(cx, &meta, &mut out.capabilities, "capabilities", (list, tokens));
            Ok(())
        } else {
            Err(meta
                .error("unknown `ocss` attribute; a platform adapter takes `platform = \"…\"` and `capabilities(…)`"))
        }
    });
    out
}

/// Parses a field's `#[ocss(extension)]` and `#[serde(rename …)]`.
pub(crate) fn field(cx: &mut Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    each_ocss_item(cx, attrs, |cx, meta| {
        if meta.path.is_ident("extension") {
            if out.extension {
                duplicate(cx, &meta, "extension");
            }
            out.extension = true;
            Ok(())
        } else {
            Err(meta.error("unknown `ocss` field attribute; a field takes `extension`"))
        }
    });
    out.rename = serde_name(attrs, "rename");
    out
}

/// A container's `#[serde(rename_all = "…")]`.
pub(crate) fn rename_all(attrs: &[Attribute]) -> Option<(String, LitStr)> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                if let Ok(v) = meta.value().and_then(|v| v.parse::<LitStr>()) {
                    found = Some((v.value(), v));
                } else {
                    rename_pair(&meta, &mut |rule, lit| found = Some((rule, lit)))?;
                }
                Ok(())
            } else {
                skip_item(&meta)
            }
        });
    }
    found
}

/// `rename(deserialize = "…")` (the name the derive reads): hands it to `set`.
fn rename_pair(meta: &ParseNestedMeta<'_>, set: &mut dyn FnMut(String, LitStr)) -> syn::Result<()> {
    meta.parse_nested_meta(|inner| {
        let value: LitStr = inner.value()?.parse()?;
        if inner.path.is_ident("deserialize") {
            set(value.value(), value);
        }
        Ok(())
    })
}

/// A field's serde `key = "…"` (or its `deserialize` form); serde validates the rest itself.
fn serde_name(attrs: &[Attribute], key: &str) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(key) {
                if meta.input.peek(syn::Token![=]) {
                    found = Some(meta.value()?.parse::<LitStr>()?.value());
                } else {
                    rename_pair(&meta, &mut |name, _| found = Some(name))?;
                }
                Ok(())
            } else {
                skip_item(&meta)
            }
        });
    }
    found
}

/// The wire name serde gives the field `ident` under `rename_all = rule` (serde's rules).
pub(crate) fn apply_rename_all(rule: &str, ident: &str) -> Option<String> {
    let words: Vec<&str> = ident.split('_').filter(|w| !w.is_empty()).collect();
    let capital = |w: &str| {
        let mut c = w.chars();
        c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
    };
    Some(match rule {
        "lowercase" | "snake_case" => ident.to_lowercase(),
        "UPPERCASE" | "SCREAMING_SNAKE_CASE" => ident.to_uppercase(),
        "PascalCase" => words.iter().map(|w| capital(w)).collect(),
        "camelCase" => {
            words.iter().enumerate().map(|(i, w)| if i == 0 { (*w).to_owned() } else { capital(w) }).collect()
        }
        "kebab-case" => ident.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => ident.replace('_', "-").to_uppercase(),
        _ => return None,
    })
}
