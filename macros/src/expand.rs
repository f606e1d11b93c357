//! The generated impls. On errors the impl is still emitted (with a stand-in where a value is
//! unknown), so the user sees the real errors and not a cascade of "trait not implemented".

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::DeriveInput;

use crate::model::Category;

/// `impl ocss::derive::RuleConfig for T`.
pub(crate) fn rule_config(input: &DeriveInput, category: Option<&Category>, extensions: &[String]) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let category = match category {
        Some(c) => {
            let v = Ident::new(c.variant, Span::call_site());
            quote! { ::ocss::RuleCategory::#v }
        }
        // Stand-in for an unknown category; its error is already reported.
        None => quote! { ::ocss::RuleCategory::ALL[0] },
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics ::ocss::derive::RuleConfig for #ident #ty_generics #where_clause {
            const CATEGORY: ::ocss::RuleCategory = #category;
            const EXTENSIONS: &'static [&'static str] = &[ #( #extensions ),* ];
        }
    }
}

/// `impl ocss::derive::PlatformAdapter for T`.
pub(crate) fn platform_adapter(input: &DeriveInput, platform: &str, capabilities: &[Ident]) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::ocss::derive::PlatformAdapter for #ident #ty_generics #where_clause {
            const PLATFORM: &'static str = #platform;
            const CAPABILITIES: &'static [::ocss::Capability] = &[ #( ::ocss::Capability::#capabilities ),* ];
        }
    }
}
