//! `taxonomy.rs`: the registry's vocabularies (categories, domains, capabilities, services), the
//! spec's closed sets (statuses, modes, strictness, …), per-category metadata, the capability matrix
//! as category sets written out by name, and the routing engine's fallback table.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::{EmitError, Names, doc, ident, lit, render, variants};
use crate::emit::naming::screaming;
use crate::vocab;

/// The sorted (id, index) lookup table of a vocabulary, former ids (aliases) included.
fn by_id(members: &[Member<'_>]) -> (TokenStream, usize) {
    let mut pairs: Vec<(&str, usize)> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        pairs.push((m.id, i));
        pairs.extend(m.aliases.iter().map(|a| (*a, i)));
    }
    pairs.sort();
    let entries = pairs.iter().map(|(id, i)| {
        let i = Literal::u16_unsuffixed(u16::try_from(*i).unwrap_or(u16::MAX));
        quote! { (#id, #i) }
    });
    let n = pairs.len();
    (quote! { [ #( #entries ),* ] }, n)
}

/// One member of a vocabulary: wire id, display title, description, former ids, and the
/// deprecation note when it is on its way out.
struct Member<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    aliases: Vec<&'a str>,
    deprecated: Option<String>,
}

impl<'a> Member<'a> {
    fn plain(id: &'a str, title: &'a str, description: &'a str) -> Self {
        Member { id, title, description, aliases: Vec::new(), deprecated: None }
    }
}

/// One closed vocabulary as an enum with its id table and trait impls (`ALL`, `index`, `as_str`,
/// `title`, `FromStr` naming the closest id on a miss, `Display`, serde as the wire id).
fn vocabulary(name: &str, kind: &str, members: &[Member<'_>], vars: &[Ident]) -> TokenStream {
    let ty = ident(name);
    let ids: Vec<&str> = members.iter().map(|m| m.id).collect();
    let titles = members.iter().map(|m| m.title);
    let n = ids.len();
    let docs = members.iter().map(|m| {
        let text = if m.description.is_empty() {
            doc(&format!("`{}`", m.id))
        } else {
            doc(&format!("{}: {}", m.title, m.description))
        };
        let deprecated = m.deprecated.as_ref().map(|note| quote! { #[deprecated(note = #note)] });
        quote! { #text #deprecated }
    });
    let idx = (0..n).map(Literal::usize_unsuffixed);
    let ids_const = format_ident!("{}_IDS", screaming(name));
    let titles_const = format_ident!("{}_TITLES", screaming(name));
    let by_id_const = format_ident!("{}_BY_ID", screaming(name));
    let (table, n_by_id) = by_id(members);
    let kind_lit = lit(kind);
    let enum_doc = doc(&format!("One of the {n} {kind} ids of the registry."));
    quote! {
        #enum_doc
        ///
        /// New members arrive in minor versions of the spec, so matches need a wildcard arm.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #ty {
            #( #docs #vars = #idx, )*
        }
        pub(crate) static #ids_const: [&str; #n] = [ #( #ids ),* ];
        static #titles_const: [&str; #n] = [ #( #titles ),* ];
        static #by_id_const: [(&str, u16); #n_by_id] = #table;
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
            type Err = crate::UnknownId;
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
    }
}

/// The spec's closed sets (from `spec/*.schema.json` via [`vocab`]), generated like the registry's.
fn spec_vocabularies() -> Result<TokenStream, EmitError> {
    let mut out = TokenStream::new();
    for set in vocab::all() {
        let members: Vec<Member<'_>> = set.ids.iter().map(|id| Member::plain(id, id, "")).collect();
        let kind = screaming(set.name).to_lowercase().replace('_', " ");
        let vars = variants(&kind, set.ids.iter().map(String::as_str))?;
        out.extend(vocabulary(set.name, &kind, &members, &vars));
    }
    Ok(out)
}

/// `taxonomy.rs`: the vocabularies, per-category metadata and the capability matrix.
pub(super) fn taxonomy(names: &Names<'_>) -> Result<String, EmitError> {
    let r = &names.reg.rules;
    let domains: Vec<Member<'_>> = r.domains.iter().map(|d| Member::plain(&d.id, &d.title, &d.description)).collect();
    let caps: Vec<Member<'_>> = r.capabilities.iter().map(|d| Member::plain(&d.id, &d.title, &d.description)).collect();
    let svcs: Vec<Member<'_>> = r.services.iter().map(|d| Member::plain(&d.id, &d.title, &d.description)).collect();
    let cats: Vec<Member<'_>> = r
        .categories
        .iter()
        .map(|c| Member {
            aliases: c.aliases.iter().map(String::as_str).collect(),
            deprecated: c.deprecated.as_ref().map(|d| {
                let next: Vec<String> = d.replaced_by.iter().map(|n| format!("`{n}`")).collect();
                let successor =
                    if next.is_empty() { String::new() } else { format!("; use {} instead", next.join(" or ")) };
                format!("deprecated on {}: {}{successor}", d.date, d.reason)
            }),
            ..Member::plain(&c.id, &c.title, &c.description)
        })
        .collect();
    let domains = vocabulary("Domain", "domain", &domains, &names.domains);
    let caps = vocabulary("Capability", "capability", &caps, &names.capabilities);
    let svcs = vocabulary("Service", "service", &svcs, &names.services);
    let cats = vocabulary("RuleCategory", "category", &cats, &names.categories);
    let spec = spec_vocabularies()?;

    let meta = category_meta(names)?;
    let words = ocss_engine::words_for(r.categories.len());
    let schemas = r.categories.iter().map(|c| serde_json::to_string(&c.config_schema).unwrap_or_default());
    let n = r.categories.len();
    let cap_sets = r.capabilities.iter().map(|k| names.category_set(k.categories.iter().map(String::as_str)));
    let svc_sets = r.services.iter().map(|k| names.category_set(k.categories.iter().map(String::as_str)));
    let duty_set = names.category_set(
        r.categories.iter().filter(|c| c.obligation == crate::model::Obligation::PlatformDuty).map(|c| c.id.as_str()),
    );
    let dom_sets = r
        .domains
        .iter()
        .map(|d| names.category_set(r.categories.iter().filter(|c| c.domain == d.id).map(|c| c.id.as_str())));
    let (ncap, nsvc, ndom) = (r.capabilities.len(), r.services.len(), r.domains.len());
    let version = &r.version;
    let tokens = quote! {
        use crate::CategorySet;

        /// The registry version this crate was generated from.
        pub const REGISTRY_VERSION: &str = #version;

        /// 64-bit words in a category set: the fewest that hold every category, so the taxonomy can
        /// grow without any set overflowing.
        pub const CATEGORY_WORDS: usize = #words;

        #domains
        #caps
        #svcs
        #cats
        #spec

        struct CategoryMeta {
            domain: Domain,
            since: &'static str,
            capability: Option<Capability>,
            service: Option<Service>,
            status: CategoryStatus,
            manual_step: &'static str,
            description: &'static str,
        }

        static CATEGORY_META: [CategoryMeta; #n] = [ #( #meta ),* ];

        /// Each category's config JSON Schema, compact, as the registry states it.
        static CONFIG_SCHEMAS: [&str; #n] = [ #( #schemas ),* ];

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
            pub fn status(self) -> CategoryStatus { CATEGORY_META[self as usize].status }
            /// The instruction shown to a parent on a platform set up by hand, with `{field}` placeholders.
            pub fn manual_step_template(self) -> &'static str { CATEGORY_META[self as usize].manual_step }
            /// What the control does.
            pub fn description(self) -> &'static str { CATEGORY_META[self as usize].description }
            /// The JSON Schema of the category's config, as the registry states it.
            pub fn config_schema(self) -> &'static str { CONFIG_SCHEMAS[self as usize] }
        }

        /// Categories each capability covers, indexed by [`Capability::index`].
        pub const CAPABILITY_CATEGORIES: [CategorySet; #ncap] = [ #( #cap_sets ),* ];
        /// Categories each fallback service is responsible for, indexed by [`Service::index`].
        pub const SERVICE_CATEGORIES: [CategorySet; #nsvc] = [ #( #svc_sets ),* ];
        /// Categories of each domain, indexed by [`Domain::index`].
        pub const DOMAIN_CATEGORIES: [CategorySet; #ndom] = [ #( #dom_sets ),* ];
        /// Categories that are a platform's legal duty rather than a parent's choice (hash matching,
        /// audits, reporting, …): their defaults do not change with strictness.
        pub const PLATFORM_DUTIES: CategorySet = #duty_set;
        /// Where the routing engine sends a rule no connected platform covers, built at compile time.
        pub(crate) static FALLBACK: ::ocss_engine::routing::Fallback<CATEGORY_WORDS> = crate::set::fallback(&SERVICE_CATEGORIES);

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

/// One `CategoryMeta` literal per category, in registry order.
fn category_meta(names: &Names<'_>) -> Result<Vec<TokenStream>, EmitError> {
    let r = &names.reg.rules;
    r.categories
        .iter()
        .map(|c| {
            let dom = r
                .domains
                .iter()
                .position(|d| d.id == c.domain)
                .map(|i| &names.domains[i])
                .ok_or_else(|| EmitError(format!("category `{}` has unknown domain", c.id)))?;
            let cap = match r.capability_index(&c.id) {
                Some(i) => {
                    let v = &names.capabilities[i];
                    quote! { Some(Capability::#v) }
                }
                None => quote! { None },
            };
            let svc = match r.service_index(&c.id) {
                Some(i) => {
                    let v = &names.services[i];
                    quote! { Some(Service::#v) }
                }
                None => quote! { None },
            };
            let status = super::values::closed(&c.status.to_string(), "CategoryStatus")?;
            let (since, step, desc) = (&c.since, &c.manual_step, &c.description);
            Ok(quote! {
                CategoryMeta { domain: Domain::#dom, since: #since, capability: #cap, service: #svc, status: #status, manual_step: #step, description: #desc }
            })
        })
        .collect()
}
