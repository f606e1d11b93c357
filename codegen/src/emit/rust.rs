//! Rust emitter: the `ocss` crate's generated modules, built with `quote!` and printed with
//! prettyplease so the output is the same on every machine whatever rustfmt is installed.
//!
//! Registry text only ever reaches the output through `proc_macro2` literals (`#[doc = "…"]`,
//! string constants), which escape quotes, backslashes, newlines, `*/` and `"#` correctly.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::EmitError;
use super::naming::{screaming, upper_camel};
use super::types::{ConfigTypes, Field, Kind, Ty, TypeDef, config_types};
use crate::model::{Registry, Status};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn field_ident(name: &str, raw: bool) -> Ident {
    if raw { Ident::new_raw(name, Span::call_site()) } else { ident(name) }
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// Unicode controls that reorder text; rustc refuses them in comments
/// (`text_direction_codepoint_in_comment`), so docs spell them as `\u{…}` escapes.
const BIDI_CONTROLS: [char; 9] =
    ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'];

/// `#[doc = " …"]` lines; a leading space per line keeps rustdoc's Markdown readable. prettyplease
/// prints them as `///` comments, so every line break (`\n`, `\r\n` or a bare `\r`, which rustc
/// refuses in a doc comment) starts a new line, and bidi controls become visible escapes. String
/// constants keep the exact text; only docs are normalised.
fn doc(text: &str) -> TokenStream {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines = text.lines().map(|l| {
        let mut line = String::with_capacity(l.len() + 1);
        line.push(' ');
        for c in l.chars() {
            if BIDI_CONTROLS.contains(&c) {
                line.push_str(&c.escape_unicode().to_string());
            } else {
                line.push(c);
            }
        }
        lit(&line)
    });
    quote! { #( #[doc = #lines] )* }
}

fn opt_doc(text: Option<&str>) -> TokenStream {
    text.map(doc).unwrap_or_default()
}

/// Parses tokens and prints them as a file, or reports the tokens that failed (a generator bug).
pub fn render(tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError(format!("generated Rust does not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}

/// Variant name for each id of one vocabulary, refusing collisions.
fn variants<'a>(kind: &str, ids: impl Iterator<Item = &'a str>) -> Result<Vec<Ident>, EmitError> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for id in ids {
        let name = upper_camel(id).map_err(|e| EmitError(format!("{kind} `{id}`: {e}")))?;
        if let Some(other) = seen.insert(name.clone(), id) {
            return Err(EmitError(format!("{kind} ids `{other}` and `{id}` both become the Rust name `{name}`")));
        }
        out.push(ident(&name));
    }
    Ok(out)
}

/// The sorted (id, index) lookup table of a vocabulary.
fn by_id(ids: &[&str]) -> TokenStream {
    let mut pairs: Vec<(&str, usize)> = ids.iter().copied().zip(0..).collect();
    pairs.sort();
    let entries = pairs.iter().map(|(id, i)| {
        let i = Literal::u16_unsuffixed(u16::try_from(*i).unwrap_or(u16::MAX));
        quote! { (#id, #i) }
    });
    quote! { [ #( #entries ),* ] }
}

/// One closed vocabulary (`Domain`, `Capability`, …) as an enum with its id table and trait impls.
fn vocabulary(name: &str, kind: &str, members: &[(&str, &str, &str)]) -> Result<TokenStream, EmitError> {
    let ty = ident(name);
    let ids: Vec<&str> = members.iter().map(|m| m.0).collect();
    let titles = members.iter().map(|m| m.1);
    let vars = variants(kind, ids.iter().copied())?;
    let n = ids.len();
    let docs = members.iter().map(|(_, t, d)| doc(&format!("{t}: {d}")));
    let idx = (0..n).map(Literal::usize_unsuffixed);
    let ids_const = format_ident!("{}_IDS", screaming(name));
    let titles_const = format_ident!("{}_TITLES", screaming(name));
    let by_id_const = format_ident!("{}_BY_ID", screaming(name));
    let table = by_id(&ids);
    let kind_lit = lit(kind);
    let enum_doc = doc(&format!("One of the {n} {kind} ids of the registry."));
    Ok(quote! {
        #enum_doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #ty {
            #( #docs #vars = #idx, )*
        }
        static #ids_const: [&str; #n] = [ #( #ids ),* ];
        static #titles_const: [&str; #n] = [ #( #titles ),* ];
        static #by_id_const: [(&str, u16); #n] = #table;
        impl #ty {
            /// Every value, in registry order.
            pub const ALL: [Self; #n] = [ #( Self::#vars ),* ];
            /// Position in registry order (also the bit index in sets).
            pub const fn index(self) -> usize { self as usize }
            /// The wire id.
            pub fn as_str(self) -> &'static str { #ids_const[self as usize] }
            /// The display title.
            pub fn title(self) -> &'static str { #titles_const[self as usize] }
        }
        impl ::core::str::FromStr for #ty {
            type Err = crate::support::UnknownId;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                crate::support::find_id(#kind_lit, s, &#by_id_const).map(|i| Self::ALL[i])
            }
        }
        impl ::core::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { f.write_str(self.as_str()) }
        }
        impl ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                crate::support::deserialize_id(d)
            }
        }
    })
}

fn set_literal(bits: impl IntoIterator<Item = usize>) -> TokenStream {
    let mut v: u128 = 0;
    for b in bits {
        v |= 1u128 << b;
    }
    let l = Literal::u128_unsuffixed(v);
    quote! { crate::CategorySet::from_bits(#l) }
}

/// `taxonomy.rs`: the vocabularies, per-category metadata and the capability matrix as bitsets.
pub fn taxonomy(reg: &Registry) -> Result<String, EmitError> {
    let r = &reg.rules;
    if r.categories.len() > 128 {
        return Err(EmitError(format!("{} categories do not fit the 128-bit CategorySet", r.categories.len())));
    }
    let cat_index: BTreeMap<&str, usize> = r.categories.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();

    // (id, title, description) of each member, in registry order.
    let domains = vocabulary(
        "Domain",
        "domain",
        &r.domains.iter().map(|d| (&*d.id, &*d.title, &*d.description)).collect::<Vec<_>>(),
    )?;
    let caps = vocabulary(
        "Capability",
        "capability",
        &r.capabilities.iter().map(|d| (&*d.id, &*d.title, &*d.description)).collect::<Vec<_>>(),
    )?;
    let svcs = vocabulary(
        "Service",
        "service",
        &r.services.iter().map(|d| (&*d.id, &*d.title, &*d.description)).collect::<Vec<_>>(),
    )?;
    let cats = vocabulary(
        "RuleCategory",
        "category",
        &r.categories.iter().map(|d| (&*d.id, &*d.title, &*d.description)).collect::<Vec<_>>(),
    )?;

    let dom_vars = variants("domain", r.domains.iter().map(|d| d.id.as_str()))?;
    let cap_vars = variants("capability", r.capabilities.iter().map(|d| d.id.as_str()))?;
    let svc_vars = variants("service", r.services.iter().map(|d| d.id.as_str()))?;
    let dom_of = |id: &str| r.domains.iter().position(|d| d.id == id).map(|i| &dom_vars[i]);
    let n = r.categories.len();
    let mut meta = Vec::new();
    for c in &r.categories {
        let dom = dom_of(&c.domain).ok_or_else(|| EmitError(format!("category `{}` has unknown domain", c.id)))?;
        let cap = match r.capability_index(&c.id) {
            Some(i) => {
                let v = &cap_vars[i];
                quote! { Some(Capability::#v) }
            }
            None => quote! { None },
        };
        let svc = match r.service_index(&c.id) {
            Some(i) => {
                let v = &svc_vars[i];
                quote! { Some(Service::#v) }
            }
            None => quote! { None },
        };
        let status = match c.status {
            Status::Anchored => quote! { crate::Status::Anchored },
            Status::Provisional => quote! { crate::Status::Provisional },
        };
        let (since, step, desc) = (&c.since, &c.manual_step, &c.description);
        meta.push(quote! {
            CategoryMeta { domain: Domain::#dom, since: #since, capability: #cap, service: #svc, status: #status, manual_step: #step, description: #desc }
        });
    }
    let svc_index: Vec<Literal> = r
        .categories
        .iter()
        .map(|c| {
            let i = r.service_index(&c.id);
            Literal::u8_unsuffixed(i.and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX))
        })
        .collect();
    let set_of = |members: &Vec<String>| set_literal(members.iter().filter_map(|m| cat_index.get(m.as_str()).copied()));
    let cap_sets = r.capabilities.iter().map(|k| set_of(&k.categories));
    let svc_sets = r.services.iter().map(|k| set_of(&k.categories));
    let dom_sets = r
        .domains
        .iter()
        .map(|d| set_literal(r.categories.iter().enumerate().filter(|(_, c)| c.domain == d.id).map(|(i, _)| i)));
    let (ncap, nsvc, ndom) = (r.capabilities.len(), r.services.len(), r.domains.len());
    let version = &r.version;
    let tokens = quote! {
        use crate::CategorySet;

        /// The registry version this crate was generated from.
        pub const REGISTRY_VERSION: &str = #version;

        #domains
        #caps
        #svcs
        #cats

        struct CategoryMeta {
            domain: Domain,
            since: &'static str,
            capability: Option<Capability>,
            service: Option<Service>,
            status: crate::Status,
            manual_step: &'static str,
            description: &'static str,
        }

        static CATEGORY_META: [CategoryMeta; #n] = [ #( #meta ),* ];

        /// Per category (by index): its fallback service's index, or `u8::MAX` for none. A compact
        /// copy of `service()` for the routing hot path.
        pub(crate) static CATEGORY_SERVICE_INDEX: [u8; #n] = [ #( #svc_index ),* ];

        impl RuleCategory {
            /// The domain the category belongs to.
            pub fn domain(self) -> Domain { CATEGORY_META[self as usize].domain }
            /// The taxonomy version (`major.minor`) that introduced it.
            pub fn since(self) -> &'static str { CATEGORY_META[self as usize].since }
            /// The capability that enforces it natively, if any.
            pub fn capability(self) -> Option<Capability> { CATEGORY_META[self as usize].capability }
            /// The fallback service responsible for it, if any.
            pub fn service(self) -> Option<Service> { CATEGORY_META[self as usize].service }
            /// Whether an enacted law requires it.
            pub fn status(self) -> crate::Status { CATEGORY_META[self as usize].status }
            /// The instruction shown to a parent on a platform set up by hand, with `{field}` placeholders.
            pub fn manual_step_template(self) -> &'static str { CATEGORY_META[self as usize].manual_step }
            /// What the control does.
            pub fn description(self) -> &'static str { CATEGORY_META[self as usize].description }
        }

        /// Categories each capability covers, indexed by [`Capability::index`].
        pub static CAPABILITY_CATEGORIES: [CategorySet; #ncap] = [ #( #cap_sets ),* ];
        /// Categories each fallback service is responsible for, indexed by [`Service::index`].
        pub static SERVICE_CATEGORIES: [CategorySet; #nsvc] = [ #( #svc_sets ),* ];
        /// Categories of each domain, indexed by [`Domain::index`].
        pub static DOMAIN_CATEGORIES: [CategorySet; #ndom] = [ #( #dom_sets ),* ];

        impl Capability {
            /// The categories this capability covers.
            pub fn categories(self) -> CategorySet { CAPABILITY_CATEGORIES[self as usize] }
        }
        impl Service {
            /// The categories this service is responsible for.
            pub fn categories(self) -> CategorySet { SERVICE_CATEGORIES[self as usize] }
        }
        impl Domain {
            /// The categories in this domain.
            pub fn categories(self) -> CategorySet { DOMAIN_CATEGORIES[self as usize] }
        }
    };
    render(tokens)
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
        Ty::Map(inner) => {
            let i = ty_tokens(inner);
            quote! { ::std::collections::BTreeMap<::std::string::String, #i> }
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

/// A struct's `Deserialize`, written out rather than derived: serde's derive also reads a struct
/// from a sequence of its field values (`[false, 3]`), which the schema's `"type": "object"`
/// rejects. This one reads a map only; unknown, repeated and missing fields are errors, and a
/// present optional field must hold a value (`null` is a wrong type, as in the schema).
fn struct_deserialize(name: &str, fields: &[Field]) -> TokenStream {
    let ty = ident(name);
    let expecting = lit(&format!("a `{name}` object"));
    let wires: Vec<Literal> = fields.iter().map(|f| lit(&f.wire)).collect();
    let slots: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("f{i}")).collect();
    let tys = fields.iter().map(|f| ty_tokens(&f.ty));
    let inits = fields.iter().zip(&slots).zip(&wires).map(|((f, slot), wire)| {
        let fi = field_ident(&f.ident, f.raw);
        if f.required {
            quote! { #fi: #slot.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))? }
        } else {
            quote! { #fi: #slot }
        }
    });
    let n = Literal::usize_unsuffixed(fields.len());
    let unknown = quote! { <A::Error as ::serde::de::Error>::unknown_field(key.as_str(), &FIELDS) };
    let read = if fields.is_empty() {
        // No fields: any key is unknown (a loop over one arm would be a lint error).
        quote! {
            if let Some(key) = map.next_key::<crate::support::Key<'de>>()? { return Err(#unknown); }
        }
    } else {
        quote! {
            #( let mut #slots: ::core::option::Option<#tys> = None; )*
            while let Some(key) = map.next_key::<crate::support::Key<'de>>()? {
                match key.as_str() {
                    #( #wires => crate::support::fill(&mut #slots, &mut map, #wires)?, )*
                    _ => return Err(#unknown),
                }
            }
        }
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                static FIELDS: [&str; #n] = [ #( #wires ),* ];
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = #ty;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<#ty, A::Error> {
                        #read
                        Ok(#ty { #( #inits, )* })
                    }
                }
                d.deserialize_map(V)
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
        Kind::Struct(fields) => {
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
            let de = struct_deserialize(&def.name, fields);
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
            quote! {
                #d
                #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(try_from = "crate::support::Integer", into = #prim)]
                pub struct #name(#p);
                impl #name {
                    /// Checks `v` against the schema.
                    pub fn new(v: #p) -> ::core::result::Result<Self, crate::ConfigError> { Self::try_from(crate::support::Integer(v.into())) }
                    /// The value.
                    pub fn get(self) -> #p { self.0 }
                }
                impl ::core::convert::TryFrom<crate::support::Integer> for #name {
                    type Error = crate::ConfigError;
                    fn try_from(v: crate::support::Integer) -> ::core::result::Result<Self, Self::Error> {
                        let v = crate::support::check_int(v, #lo, #hi, #m, &[ #( #al ),* ])?;
                        #p::try_from(v).map(Self).map_err(|_| crate::ConfigError(format!("{v} does not fit")))
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
                pub struct #name(::std::string::String);
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
                pub struct #name(::std::vec::Vec<#it>);
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
            quote! {
                #stat
                #d
                #[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(try_from = #via, into = #via)]
                pub struct #name(::std::collections::BTreeMap<::std::string::String, #vt>);
                impl #name {
                    /// Checks `map` against the schema.
                    pub fn new(map: ::std::collections::BTreeMap<::std::string::String, #vt>) -> ::core::result::Result<Self, crate::ConfigError> { Self::try_from(map) }
                    /// The entries.
                    pub fn as_map(&self) -> &::std::collections::BTreeMap<::std::string::String, #vt> { &self.0 }
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

/// The config types of every category, in registry order.
pub fn all_config_types(reg: &Registry) -> Result<Vec<ConfigTypes>, EmitError> {
    reg.rules
        .categories
        .iter()
        .map(|c| {
            config_types(&c.id, &c.config_schema)
                .map_err(|e| EmitError(format!("config schema of `{}` at `{}`: {}", c.id, e.pointer, e.message)))
        })
        .collect()
}

/// `configs.rs`: one config type per category and the `RuleConfig` enum that dispatches on category.
pub fn configs(reg: &Registry) -> Result<String, EmitError> {
    let mut all = all_config_types(reg)?;
    for (types, c) in all.iter_mut().zip(&reg.rules.categories) {
        if let Some(root) = types.defs.first_mut() {
            let own = root.doc.take();
            let head = format!("Config of the `{}` rule category ({}).", c.id, c.title);
            root.doc = Some(match own {
                Some(d) => format!("{head}\n\n{d}"),
                None => head,
            });
        }
    }
    let vars = variants("category", reg.rules.categories.iter().map(|c| c.id.as_str()))?;
    let roots: Vec<Ident> = all.iter().map(|t| ident(&t.root)).collect();
    let defs = all.iter().zip(&reg.rules.categories).flat_map(|(t, c)| t.defs.iter().map(|d| type_def(&c.id, d)));
    let docs = reg
        .rules
        .categories
        .iter()
        .map(|c| doc(&format!("Config of [`RuleCategory::{}`].", upper_camel(&c.id).unwrap_or_default())));
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

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// `tables.rs`: laws, platforms, standard packs and age defaults as static data.
pub fn tables(reg: &Registry) -> Result<String, EmitError> {
    let r = &reg.rules;
    let cat_index: BTreeMap<&str, usize> = r.categories.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let cat_vars = variants("category", r.categories.iter().map(|c| c.id.as_str()))?;
    let cap_vars = variants("capability", r.capabilities.iter().map(|c| c.id.as_str()))?;
    let cat_set = |ids: &[String]| set_literal(ids.iter().filter_map(|c| cat_index.get(c.as_str()).copied()));

    let laws = reg.laws.iter().map(|l| {
        let (id, short, full, group, country) = (&l.id, &l.short_name, &l.full_name, &l.jurisdiction_group, &l.country);
        let sub = match &l.subdivision {
            Some(s) => quote! { Some(#s) },
            None => quote! { None },
        };
        let (enact, enforce, url, bill, summary) =
            (&l.enactment_status, &l.enforcement_status, &l.citation.url, &l.citation.bill, &l.summary);
        let under = l.age_threshold.under;
        let effective = l.dates.effective.iter().map(|e| &e.date);
        let set = cat_set(&l.categories);
        quote! {
            Law {
                id: #id, short_name: #short, full_name: #full, jurisdiction_group: #group, country: #country,
                subdivision: #sub, enactment_status: #enact, enforcement_status: #enforce, age_under: #under,
                bill: #bill, url: #url, summary: #summary, effective: &[ #( #effective ),* ], categories: #set,
            }
        }
    });
    let mut aliases: Vec<(&str, &str)> =
        reg.laws.iter().flat_map(|l| l.aliases.iter().map(move |a| (a.as_str(), l.id.as_str()))).collect();
    aliases.sort();
    let alias_entries = aliases.iter().map(|(a, id)| quote! { (#a, #id) });

    let platforms = reg.platforms.iter().map(|p| {
        let (id, name, cat, auth, desc) = (&p.id, &p.name, &p.platform_category, &p.auth_type, &p.description);
        let mode = ident(&upper_camel(&p.enforcement_mode).unwrap_or_default());
        let caps =
            p.capabilities.iter().filter_map(|c| r.capabilities.iter().position(|k| &k.id == c)).map(|i| &cap_vars[i]);
        let mut covered: Vec<usize> = Vec::new();
        for c in &p.capabilities {
            if let Some(k) = r.capabilities.iter().find(|k| &k.id == c) {
                covered.extend(k.categories.iter().filter_map(|m| cat_index.get(m.as_str()).copied()));
            }
        }
        let covers = set_literal(covered);
        quote! {
            Platform {
                id: #id, name: #name, platform_category: #cat, enforcement_mode: crate::EnforcementMode::#mode,
                auth_type: #auth, description: #desc, capabilities: &[ #( Capability::#caps ),* ], covers: #covers,
            }
        }
    });

    let standards = reg.standards.iter().map(|s| {
        let (id, name, publisher, status, desc) = (&s.id, &s.name, &s.publisher, &s.status, &s.description);
        let (lo, hi) = (s.min_age, s.max_age);
        let rules = s.rules.iter().filter_map(|rule| {
            let i = cat_index.get(rule.category.as_str())?;
            let v = &cat_vars[*i];
            let (en, cfg) = (rule.enabled, compact(&Value::Object(rule.config.clone())));
            Some(quote! { (RuleCategory::#v, #en, #cfg) })
        });
        quote! {
            StandardPack { id: #id, name: #name, publisher: #publisher, status: #status, description: #desc, min_age: #lo, max_age: #hi, rules: &[ #( #rules ),* ] }
        }
    });

    let mut bands = Vec::new();
    for (i, c) in r.categories.iter().enumerate() {
        let v = &cat_vars[i];
        for b in &c.defaults {
            let (lo, hi) = (b.min_age, b.max_age);
            let s = |st: &crate::model::Setting| {
                let (en, cfg) = (st.enabled, compact(&Value::Object(st.config.clone())));
                quote! { (#en, #cfg) }
            };
            let (l, rec, st) = (s(&b.light), s(&b.recommended), s(&b.strict));
            bands.push(quote! { DefaultBand { category: RuleCategory::#v, min_age: #lo, max_age: #hi, settings: [#l, #rec, #st] } });
        }
    }
    let (nl, np, ns, nb, na) = (reg.laws.len(), reg.platforms.len(), reg.standards.len(), bands.len(), aliases.len());
    let tokens = quote! {
        use crate::{Capability, RuleCategory};
        use crate::tables::{DefaultBand, Law, Platform, StandardPack};

        /// Every law in the registry, sorted by id.
        pub static LAWS: [Law; #nl] = [ #( #laws ),* ];
        /// Former law ids and the id each now has, sorted by alias.
        pub static LAW_ALIASES: [(&str, &str); #na] = [ #( #alias_entries ),* ];
        /// Every platform, sorted by id.
        pub static PLATFORMS: [Platform; #np] = [ #( #platforms ),* ];
        /// Every community standard pack, sorted by id.
        pub static STANDARDS: [StandardPack; #ns] = [ #( #standards ),* ];
        /// Default settings per category and age band: light, recommended, strict.
        pub static DEFAULT_BANDS: [DefaultBand; #nb] = [ #( #bands ),* ];
    };
    render(tokens)
}
