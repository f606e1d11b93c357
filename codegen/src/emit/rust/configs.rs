//! `configs.rs`: one config type per category, derived from its JSON Schema (structs, string enums
//! and checked newtypes for ranges, patterns, lists and maps), and the `RuleConfig` enum tagged by
//! category. The types live in the `ocss::config` module; each type's docs show its schema.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::{EmitError, Names, doc, ident, lit, render};
use crate::emit::naming::screaming;
use crate::emit::types::{Field, Kind, Ty, TypeDef};

fn field_ident(name: &str, raw: bool) -> Ident {
    if raw { Ident::new_raw(name, proc_macro2::Span::call_site()) } else { ident(name) }
}

fn opt_doc(text: Option<&str>) -> TokenStream {
    text.map(doc).unwrap_or_default()
}

fn ty_tokens(t: &Ty) -> TokenStream {
    match t {
        Ty::Bool => quote! { bool },
        Ty::Str => quote! { ::std::string::String },
        Ty::Named(n) => {
            let i = ident(n);
            quote! { #i }
        }
        Ty::List(inner) => {
            let i = ty_tokens(inner);
            quote! { ::std::vec::Vec<#i> }
        }
    }
}

fn usize_lit(v: usize) -> TokenStream {
    if v == usize::MAX {
        quote! { usize::MAX }
    } else {
        let l = Literal::usize_unsuffixed(v);
        quote! { #l }
    }
}

fn pattern_tokens(name: &str, pattern: Option<&String>) -> (TokenStream, TokenStream) {
    match pattern {
        Some(p) => {
            let stat = format_ident!("{}_PATTERN", screaming(name));
            let p = lit(p);
            (
                quote! { static #stat: crate::support::Pattern = crate::support::Pattern::new(#p); },
                quote! { Some(&#stat) },
            )
        }
        None => (quote! {}, quote! { None }),
    }
}

/// A struct's `Deserialize`, through the crate's one generic reader (`support::read_struct`) rather
/// than serde's derive: the derive also reads a struct from a sequence of its field values
/// (`[false, 3]`), which the schema's `"type": "object"` rejects. The reader takes a map only;
/// unknown, repeated and missing fields are errors, and a present optional field must hold a value
/// (`null` is a wrong type, as in the schema). Each struct only says how to fill and finish it.
fn struct_deserialize(name: &str, fields: &[Field], min_fields: usize) -> TokenStream {
    let ty = ident(name);
    let expecting = lit(&format!("a `{name}` object"));
    let wires: Vec<Literal> = fields.iter().map(|f| lit(&f.wire)).collect();
    let tys = fields.iter().map(|f| ty_tokens(&f.ty));
    let slots: Vec<Literal> = (0..fields.len()).map(Literal::usize_unsuffixed).collect();
    let nones = fields.iter().map(|_| quote! { None });
    // An empty tuple body would be `()`, which clippy calls an unneeded unit expression.
    let empty = if fields.is_empty() {
        quote! {}
    } else {
        quote! { ( #( #nones, )* ) }
    };
    let inits = fields.iter().zip(&slots).zip(&wires).map(|((f, slot), wire)| {
        let fi = field_ident(&f.ident, f.raw);
        if f.required {
            quote! { #fi: s.#slot.ok_or(#wire)? }
        } else {
            quote! { #fi: s.#slot }
        }
    });
    let finish = if fields.is_empty() {
        quote! { let () = s; Ok(Self {}) }
    } else {
        quote! { Ok(Self { #( #inits, )* }) }
    };
    let fill = if fields.is_empty() {
        // No fields: the reader never calls `fill` (every key is unknown).
        quote! { let _ = (s, i, map); Ok(()) }
    } else if fields.len() == 1 {
        let wire = &wires[0];
        quote! { let _ = i; crate::support::fill(&mut s.0, map, #wire) }
    } else {
        let last = slots.len() - 1;
        let arms = slots.iter().zip(&wires).enumerate().map(|(k, (slot, wire))| {
            let pat = if k == last {
                quote! { _ }
            } else {
                quote! { #slot }
            };
            quote! { #pat => crate::support::fill(&mut s.#slot, map, #wire) }
        });
        quote! { match i { #( #arms, )* } }
    };
    // Only a struct that does nothing when empty states its minimum; the trait's default is 0.
    let min = (min_fields > 0).then(|| {
        let n = Literal::usize_unsuffixed(min_fields);
        quote! { const MIN_FIELDS: usize = #n; }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                crate::support::read_struct(d)
            }
        }
        impl crate::support::ReadStruct for #ty {
            const EXPECTING: &'static str = #expecting;
            const FIELDS: &'static [&'static str] = &[ #( #wires ),* ];
            #min
            type Slots = ( #( ::core::option::Option<#tys>, )* );
            fn empty() -> Self::Slots { #empty }
            fn fill<'de, M: ::serde::de::MapAccess<'de>>(s: &mut Self::Slots, i: usize, map: &mut M) -> ::core::result::Result<(), M::Error> {
                #fill
            }
            fn finish(s: Self::Slots) -> ::core::result::Result<Self, &'static str> {
                #finish
            }
        }
    }
}

fn type_def(category: &str, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let d = match def.doc.as_deref() {
        Some(text) => doc(text),
        None => doc(&format!("The value at `{}` of the `{category}` config schema.", def.pointer)),
    };
    match &def.kind {
        Kind::Struct { fields, min_fields } => {
            let fs = fields.iter().map(|f| {
                let fi = field_ident(&f.ident, f.raw);
                let wire = &f.wire;
                let t = ty_tokens(&f.ty);
                let fd = opt_doc(f.doc.as_deref());
                // The wire name is spelled out only where the Rust name differs from it.
                let rename = (f.raw || f.ident != f.wire).then(|| quote! { rename = #wire, });
                if f.required {
                    let attr = rename.map(|r| quote! { #[serde(#r)] });
                    quote! { #fd #attr pub #fi: #t }
                } else {
                    quote! {
                        #fd
                        #[serde(#rename skip_serializing_if = "Option::is_none")]
                        pub #fi: Option<#t>
                    }
                }
            });
            let de = struct_deserialize(&def.name, fields, *min_fields);
            quote! {
                #d
                #[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize)]
                pub struct #name { #( #fs, )* }
                #de
            }
        }
        Kind::Enum(variants) => {
            let vs = variants.iter().map(|(v, wire)| {
                let v = ident(v);
                let vd = doc(&format!("`{wire}`"));
                quote! { #vd #[serde(rename = #wire)] #v }
            });
            let arms = variants.iter().map(|(v, wire)| {
                let v = ident(v);
                quote! { Self::#v => #wire }
            });
            let n = Literal::usize_unsuffixed(variants.len());
            let wires = variants.iter().map(|(_, wire)| lit(wire));
            let values = variants.iter().map(|(v, _)| {
                let v = ident(v);
                quote! { #name::#v }
            });
            // Read from a string only: serde's derive would also take `{"G": null}` (an externally
            // tagged unit variant), which the schema's `"type": "string"` rejects.
            quote! {
                #d
                #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize)]
                pub enum #name { #( #vs, )* }
                impl #name {
                    /// The value on the wire.
                    pub fn as_str(self) -> &'static str { match self { #( #arms, )* } }
                }
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                        static WIRE: [&str; #n] = [ #( #wires ),* ];
                        static VALUES: [#name; #n] = [ #( #values ),* ];
                        crate::support::deserialize_variant(d, &WIRE, &VALUES)
                    }
                }
            }
        }
        Kind::Int { prim, min, max, multiple_of, allowed } => {
            let p = ident(prim);
            let (lo, hi, m) = (
                Literal::i128_unsuffixed(*min),
                Literal::i128_unsuffixed(*max),
                Literal::i128_unsuffixed(*multiple_of),
            );
            let al = allowed.iter().map(|a| Literal::i128_unsuffixed(*a));
            let (lo_p, hi_p, m_p) = (
                Literal::i128_unsuffixed(*min),
                Literal::i128_unsuffixed(*max),
                Literal::i128_unsuffixed(*multiple_of),
            );
            let range_doc = doc(&if *multiple_of > 1 {
                format!("\nFrom {min} to {max}, in steps of {multiple_of}.")
            } else {
                format!("\nFrom {min} to {max}.")
            });
            quote! {
                #d
                #range_doc
                #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(try_from = "crate::support::Integer", into = #prim)]
                pub struct #name(pub(crate) #p);
                impl #name {
                    /// The smallest value allowed.
                    pub const MIN: #p = #lo_p;
                    /// The largest value allowed.
                    pub const MAX: #p = #hi_p;
                    /// Values are multiples of this (1: any integer in range).
                    pub const STEP: #p = #m_p;
                    /// Checks `v` against the schema.
                    pub fn new(v: #p) -> ::core::result::Result<Self, crate::ConfigError> { Self::try_from(crate::support::Integer(v.into())) }
                    /// The value.
                    pub fn get(self) -> #p { self.0 }
                }
                impl ::core::convert::TryFrom<crate::support::Integer> for #name {
                    type Error = crate::ConfigError;
                    fn try_from(v: crate::support::Integer) -> ::core::result::Result<Self, Self::Error> {
                        let v = crate::support::check_int(v, #lo, #hi, #m, &[ #( #al ),* ])?;
                        #p::try_from(v).map(Self).map_err(|_| crate::ConfigError::OutOfRange { value: v, min: #lo, max: #hi })
                    }
                }
                impl ::core::convert::From<#name> for #p {
                    fn from(v: #name) -> #p { v.0 }
                }
            }
        }
        Kind::Str { pattern, min, max } => {
            let (stat, pat) = pattern_tokens(&def.name, pattern.as_ref());
            let (lo, hi) = (usize_lit(*min), usize_lit(*max));
            quote! {
                #stat
                #d
                #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(try_from = "::std::string::String", into = "::std::string::String")]
                pub struct #name(pub(crate) ::std::string::String);
                impl #name {
                    /// Checks `s` against the schema.
                    pub fn new(s: impl Into<::std::string::String>) -> ::core::result::Result<Self, crate::ConfigError> { Self::try_from(s.into()) }
                    /// The text.
                    pub fn as_str(&self) -> &str { &self.0 }
                }
                impl ::core::convert::TryFrom<::std::string::String> for #name {
                    type Error = crate::ConfigError;
                    fn try_from(s: ::std::string::String) -> ::core::result::Result<Self, Self::Error> {
                        crate::support::check_str(&s, #pat, #lo, #hi)?;
                        Ok(Self(s))
                    }
                }
                impl ::core::convert::From<#name> for ::std::string::String {
                    fn from(v: #name) -> ::std::string::String { v.0 }
                }
            }
        }
        Kind::List { item, min, max, unique } => {
            let it = ty_tokens(item);
            let (lo, hi) = (usize_lit(*min), usize_lit(*max));
            let via = lit(&quote! { ::std::vec::Vec<#it> }.to_string());
            quote! {
                #d
                #[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(try_from = #via, into = #via)]
                pub struct #name(pub(crate) ::std::vec::Vec<#it>);
                impl #name {
                    /// Checks `items` against the schema.
                    pub fn new(items: ::std::vec::Vec<#it>) -> ::core::result::Result<Self, crate::ConfigError> { Self::try_from(items) }
                    /// The items.
                    pub fn as_slice(&self) -> &[#it] { &self.0 }
                }
                impl ::core::convert::TryFrom<::std::vec::Vec<#it>> for #name {
                    type Error = crate::ConfigError;
                    fn try_from(items: ::std::vec::Vec<#it>) -> ::core::result::Result<Self, Self::Error> {
                        crate::support::check_list(&items, #lo, #hi, #unique)?;
                        Ok(Self(items))
                    }
                }
                impl ::core::convert::From<#name> for ::std::vec::Vec<#it> {
                    fn from(v: #name) -> Self { v.0 }
                }
            }
        }
        Kind::Map { value, key_pattern, min, max } => {
            let vt = ty_tokens(value);
            let (stat, pat) = pattern_tokens(&def.name, key_pattern.as_ref());
            let (lo, hi) = (usize_lit(*min), usize_lit(*max));
            let via = lit(&quote! { ::std::collections::BTreeMap<::std::string::String, #vt> }.to_string());
            // Read through `UniqueMap`: a key given twice is an error, not "the last one wins".
            let read = lit(&quote! { crate::support::UniqueMap<#vt> }.to_string());
            quote! {
                #stat
                #d
                #[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(try_from = #read, into = #via)]
                pub struct #name(pub(crate) ::std::collections::BTreeMap<::std::string::String, #vt>);
                impl #name {
                    /// Checks `map` against the schema.
                    pub fn new(map: ::std::collections::BTreeMap<::std::string::String, #vt>) -> ::core::result::Result<Self, crate::ConfigError> { Self::try_from(map) }
                    /// The entries.
                    pub fn as_map(&self) -> &::std::collections::BTreeMap<::std::string::String, #vt> { &self.0 }
                }
                impl ::core::convert::TryFrom<crate::support::UniqueMap<#vt>> for #name {
                    type Error = crate::ConfigError;
                    fn try_from(map: crate::support::UniqueMap<#vt>) -> ::core::result::Result<Self, Self::Error> {
                        Self::try_from(map.0)
                    }
                }
                impl ::core::convert::TryFrom<::std::collections::BTreeMap<::std::string::String, #vt>> for #name {
                    type Error = crate::ConfigError;
                    fn try_from(map: ::std::collections::BTreeMap<::std::string::String, #vt>) -> ::core::result::Result<Self, Self::Error> {
                        crate::support::check_count(map.len(), #lo, #hi)?;
                        for key in map.keys() {
                            crate::support::check_str(key, #pat, 0, usize::MAX)?;
                        }
                        Ok(Self(map))
                    }
                }
                impl ::core::convert::From<#name> for ::std::collections::BTreeMap<::std::string::String, #vt> {
                    fn from(v: #name) -> Self { v.0 }
                }
            }
        }
    }
}

/// `configs.rs`: one config type per category and the `RuleConfig` enum that dispatches on category.
pub(super) fn configs(names: &Names<'_>) -> Result<String, EmitError> {
    let cats = &names.reg.rules.categories;
    let mut all = names.configs.clone();
    for (types, c) in all.iter_mut().zip(cats) {
        if let Some(root) = types.defs.first_mut() {
            root.doc = Some(root_doc(c, root.doc.take()));
        }
    }
    let vars = &names.categories;
    let roots: Vec<Ident> = all.iter().map(|t| ident(&t.root)).collect();
    let defs = all.iter().zip(cats).flat_map(|(t, c)| t.defs.iter().map(|d| type_def(&c.id, d)));
    let docs = vars.iter().map(|v| doc(&format!("Config of [`RuleCategory::{v}`].")));
    let tokens = quote! {
        use crate::RuleCategory;

        #( #defs )*

        /// A rule's config, tagged by its category: the config can never belong to another category.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum RuleConfig {
            #( #docs #vars(#roots), )*
        }

        impl RuleConfig {
            /// The category this config belongs to.
            pub fn category(&self) -> RuleCategory {
                match self { #( Self::#vars(_) => RuleCategory::#vars, )* }
            }

            /// Reads the config of `category` from `d`; anything its schema rejects is an error.
            pub fn deserialize_for<'de, D: ::serde::Deserializer<'de>>(category: RuleCategory, d: D) -> ::core::result::Result<Self, D::Error> {
                match category { #( RuleCategory::#vars => <#roots as ::serde::Deserialize>::deserialize(d).map(Self::#vars), )* }
            }
        }

        impl ::serde::Serialize for RuleConfig {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self { #( Self::#vars(c) => c.serialize(s), )* }
            }
        }
    };
    render(tokens)
}

/// The root config type's docs: what it configures, the schema's own description, an example and
/// the JSON Schema it is derived from (as typify documents its types).
fn root_doc(c: &crate::model::Category, own: Option<String>) -> String {
    let mut text = format!("Config of the `{}` rule category ({}).", c.id, c.title);
    if let Some(own) = own {
        text.push_str("\n\n");
        text.push_str(&own);
    }
    if let Some(example) = c.examples.first() {
        text.push_str(&json_block("Example", &serde_json::to_string(example).unwrap_or_default()));
    }
    text.push_str(&json_block("JSON Schema", &serde_json::to_string_pretty(&c.config_schema).unwrap_or_default()));
    text
}

/// A Markdown section holding `json` in a fenced block. The fence is longer than any run of
/// backticks in the text (CommonMark closes a fence only with one at least as long), so registry
/// text can never close the block and start a Rust code block that rustdoc would compile and run.
fn json_block(title: &str, json: &str) -> String {
    let longest = json.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("\n\n# {title}\n\n{fence}json\n{json}\n{fence}")
}

#[cfg(test)]
mod tests {
    use super::json_block;

    #[test]
    fn registry_text_cannot_close_the_json_fence() {
        let block = json_block("Example", "{\"a\": \"```\\nfn main() {}\\n````\"}");
        let fence = block.lines().find(|l| l.ends_with("json")).expect("an opening fence");
        assert_eq!(fence, "`````json", "the fence is longer than the longest backtick run");
        assert!(block.ends_with("\n`````"));
        assert_eq!(json_block("Example", "{}").lines().last(), Some("```"));
    }
}
