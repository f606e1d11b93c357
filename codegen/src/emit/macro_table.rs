//! `macros/src/gen/registry.rs`: the compact table `ocss-macros` checks derives against (each
//! category's config fields with the values their type must hold, platforms with their
//! capabilities). The macro reads no file at expansion time; this table travels with it.

use proc_macro2::TokenStream;
use quote::quote;

use super::EmitError;
use super::rust::{Names, render};
use super::types::{ConfigTypes, Field, Kind, Ty};

/// What the macro must know about one field's type.
fn ty(types: &ConfigTypes, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Bool => quote! { Ty::Bool },
        Ty::Str => quote! { Ty::Str },
        Ty::List(_) => quote! { Ty::List },
        Ty::Named(name) => match types.defs.iter().find(|d| &d.name == name).map(|d| &d.kind) {
            Some(Kind::Int { min, max, .. }) => {
                let (min, max) =
                    (proc_macro2::Literal::i128_unsuffixed(*min), proc_macro2::Literal::i128_unsuffixed(*max));
                quote! { Ty::Int { min: #min, max: #max } }
            }
            Some(Kind::Enum(variants)) => {
                let wires = variants.iter().map(|(_, w)| w);
                quote! { Ty::StrEnum(&[ #( #wires ),* ]) }
            }
            Some(Kind::Str { .. }) => quote! { Ty::Str },
            Some(Kind::List { .. }) => quote! { Ty::List },
            Some(Kind::Map { .. }) => quote! { Ty::Map },
            Some(Kind::Struct { .. }) | None => quote! { Ty::Object },
        },
    }
}

fn field(types: &ConfigTypes, f: &Field) -> TokenStream {
    let (wire, required) = (&f.wire, f.required);
    let t = ty(types, &f.ty);
    let canonical = match &f.ty {
        Ty::Named(n) => n.clone(),
        Ty::Bool => "bool".to_owned(),
        Ty::Str => "String".to_owned(),
        Ty::List(_) => String::new(),
    };
    quote! { Field { wire: #wire, required: #required, ty: #t, canonical: #canonical } }
}

/// The table's Rust source.
pub(super) fn table(names: &Names<'_>) -> Result<String, EmitError> {
    let reg = names.reg;
    let categories =
        reg.rules.categories.iter().zip(&names.configs).zip(&names.categories).map(|((c, types), variant)| {
            let fields: Vec<TokenStream> = match types.defs.first().map(|d| &d.kind) {
                Some(Kind::Struct { fields, .. }) => fields.iter().map(|f| field(types, f)).collect(),
                _ => Vec::new(),
            };
            let (id, variant) = (&c.id, variant.to_string());
            quote! { Category { id: #id, variant: #variant, fields: &[ #( #fields ),* ] } }
        });
    let capabilities = reg.rules.capabilities.iter().zip(&names.capabilities).map(|(k, v)| {
        let (id, variant) = (&k.id, v.to_string());
        quote! { (#id, #variant) }
    });
    let platforms = reg.platforms.iter().map(|p| {
        let (id, caps) = (&p.id, &p.capabilities);
        quote! { Platform { id: #id, capabilities: &[ #( #caps ),* ] } }
    });
    let tokens = quote! {
        use crate::model::{Category, Field, Platform, Ty};

        /// Every category of the registry, in registry order.
        pub(crate) static CATEGORIES: &[Category] = &[ #( #categories ),* ];
        /// Every capability: id and `Capability` variant.
        pub(crate) static CAPABILITIES: &[(&str, &str)] = &[ #( #capabilities ),* ];
        /// Every platform, with the capabilities the registry gives it.
        pub(crate) static PLATFORMS: &[Platform] = &[ #( #platforms ),* ];
    };
    render(tokens)
}
