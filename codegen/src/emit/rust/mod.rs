//! Rust emitter: the `ocss` crate's generated modules, one file per artifact, built with `quote!`
//! and printed with prettyplease so the output is the same on every machine whatever rustfmt is
//! installed. Every module reads one precomputed [`Names`], so an id has one Rust name everywhere.
//!
//! Registry text only ever reaches the output through `proc_macro2` literals (`#[doc = "…"]`,
//! string constants), which escape quotes, backslashes, newlines, `*/` and `"#` correctly.

mod configs;
mod tables;
mod taxonomy;
mod values;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::EmitError;
use super::naming::upper_camel;
use super::types::{ConfigTypes, config_types};
use crate::model::Registry;

use configs::configs;
use tables::tables;
use taxonomy::taxonomy;

pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

pub(super) fn lit(s: &str) -> Literal {
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
pub(super) fn doc(text: &str) -> TokenStream {
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

/// Parses tokens and prints them as a file, or reports the tokens that failed (a generator bug).
pub fn render(tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| EmitError(format!("generated Rust does not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}

/// Variant name for each id of one vocabulary, refusing collisions.
pub(super) fn variants<'a>(kind: &str, ids: impl Iterator<Item = &'a str>) -> Result<Vec<Ident>, EmitError> {
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

/// The Rust names of every registry id and every category's config types, computed once per run so
/// each generated module names a thing the same way.
pub(crate) struct Names<'r> {
    pub reg: &'r Registry,
    /// `RuleCategory` variants, in registry order.
    pub categories: Vec<Ident>,
    /// `Domain` variants, in registry order.
    pub domains: Vec<Ident>,
    /// `Capability` variants, in registry order.
    pub capabilities: Vec<Ident>,
    /// `Service` variants, in registry order.
    pub services: Vec<Ident>,
    /// Category id → index in registry order.
    pub category_index: BTreeMap<&'r str, usize>,
    /// Each category's config types, in registry order.
    pub configs: Vec<ConfigTypes>,
}

impl<'r> Names<'r> {
    /// Names for `reg`; fails on ids that collide as Rust names or configs the generator cannot type.
    pub fn new(reg: &'r Registry) -> Result<Self, EmitError> {
        let r = &reg.rules;
        if r.categories.len() > crate::query::MAX_CATEGORIES {
            return Err(EmitError(format!(
                "{} categories are more than the toolchain's {}",
                r.categories.len(),
                crate::query::MAX_CATEGORIES
            )));
        }
        if r.services.len() > ocss_engine::routing::MAX_SERVICES {
            return Err(EmitError(format!(
                "{} fallback services are more than the routing engine's {}",
                r.services.len(),
                ocss_engine::routing::MAX_SERVICES
            )));
        }
        let configs = r
            .categories
            .iter()
            .map(|c| {
                config_types(&c.id, &c.config_schema)
                    .map_err(|e| EmitError(format!("config schema of `{}` at `{}`: {}", c.id, e.pointer, e.message)))
            })
            .collect::<Result<_, _>>()?;
        Ok(Names {
            reg,
            categories: variants("category", r.categories.iter().map(|c| c.id.as_str()))?,
            domains: variants("domain", r.domains.iter().map(|d| d.id.as_str()))?,
            capabilities: variants("capability", r.capabilities.iter().map(|c| c.id.as_str()))?,
            services: variants("service", r.services.iter().map(|s| s.id.as_str()))?,
            category_index: r.categories.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect(),
            configs,
        })
    }

    /// `CategorySet::of(&[RuleCategory::A, …])` for the category ids `ids` (unknown ids are left
    /// out; the validator has refused them already).
    pub fn category_set<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> TokenStream {
        let mut indices: Vec<usize> = ids.into_iter().filter_map(|id| self.category_index.get(id).copied()).collect();
        indices.sort_unstable();
        indices.dedup();
        let members = indices.iter().map(|&i| &self.categories[i]);
        quote! { crate::CategorySet::of(&[ #( RuleCategory::#members ),* ]) }
    }
}

/// Every generated Rust module, as (path, body): the `ocss` crate's three and the macro table.
pub fn modules(reg: &Registry) -> Result<Vec<(&'static str, String)>, EmitError> {
    let names = Names::new(reg)?;
    Ok(vec![
        ("generated/src/gen/taxonomy.rs", taxonomy(&names)?),
        ("generated/src/gen/configs.rs", configs(&names)?),
        ("generated/src/gen/tables.rs", tables(&names)?),
        ("macros/src/gen/registry.rs", super::macro_table::table(&names)?),
    ])
}
