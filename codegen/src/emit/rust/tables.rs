//! `tables.rs`: laws, platforms, standard packs and age defaults as static data. Category sets are
//! written as the categories they hold, statuses and modes as typed enum values, and every default
//! and pack config as a typed value checked now, at generation time.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::values::{closed, rule_config};
use super::{EmitError, Names, render};
use crate::model::Setting;

/// Distinct (category, setting) pairs of the age defaults and standard packs, each written once.
#[derive(Default)]
struct Settings {
    index: BTreeMap<(usize, String), usize>,
    built: Vec<TokenStream>,
}

impl Settings {
    /// The index of `config` for the category at `category`, building its typed value the first time.
    fn add(
        &mut self,
        names: &Names<'_>,
        category: usize,
        enabled: bool,
        config: &serde_json::Map<String, Value>,
    ) -> Result<usize, EmitError> {
        let config = Value::Object(config.clone());
        let key = (category, format!("{enabled}{}", serde_json::to_string(&config).unwrap_or_default()));
        if let Some(&i) = self.index.get(&key) {
            return Ok(i);
        }
        let value = rule_config(names, category, &config)?;
        self.built.push(quote! { || crate::PolicyRule::new(#enabled, #value) });
        self.index.insert(key, self.built.len() - 1);
        Ok(self.built.len() - 1)
    }
}

fn laws(names: &Names<'_>) -> Result<Vec<TokenStream>, EmitError> {
    names
        .reg
        .laws
        .iter()
        .map(|l| {
            let (id, short, full, country) = (&l.id, &l.short_name, &l.full_name, &l.country);
            let group = closed(l.jurisdiction_group.as_str(), "JurisdictionGroup")?;
            let enact = closed(l.enactment_status.as_str(), "EnactmentStatus")?;
            let enforce = closed(l.enforcement_status.as_str(), "EnforcementStatus")?;
            let sub = match &l.subdivision {
                Some(s) => quote! { Some(#s) },
                None => quote! { None },
            };
            let (url, bill, summary) = (&l.citation.url, &l.citation.bill, &l.summary);
            let under = l.age_threshold.under;
            let effective = l.dates.effective.iter().map(|e| &e.date);
            let set = names.category_set(l.category_ids());
            let enjoined = names.category_set(l.categories.iter().filter(|d| d.enjoined).map(|d| d.id.as_str()));
            // The provision that creates each duty (or why none can be named), in the file's order.
            let duties = l.categories.iter().filter_map(|d| {
                let variant = &names.categories[*names.category_index.get(d.id.as_str())?];
                let cited = d.provision.as_deref().or(d.reason.as_deref()).unwrap_or_default();
                Some(quote! { (RuleCategory::#variant, #cited) })
            });
            let verified = &l.verified;
            Ok(quote! {
                Law {
                    id: #id, short_name: #short, full_name: #full, jurisdiction_group: #group, country: #country,
                    subdivision: #sub, enactment_status: #enact, enforcement_status: #enforce, age_under: #under,
                    bill: #bill, url: #url, summary: #summary, effective: &[ #( #effective ),* ], categories: #set, enjoined: #enjoined,
                    provisions: &[ #( #duties ),* ], verified: #verified,
                }
            })
        })
        .collect()
}

fn platforms(names: &Names<'_>) -> Result<Vec<TokenStream>, EmitError> {
    let r = &names.reg.rules;
    names
        .reg
        .platforms
        .iter()
        .map(|p| {
            let (id, name, desc) = (&p.id, &p.name, &p.description);
            let cat = closed(p.platform_category.as_str(), "PlatformCategory")?;
            let auth = closed(p.auth_type.as_str(), "AuthType")?;
            let mode = closed(p.enforcement_mode.as_str(), "EnforcementMode")?;
            let declared: Vec<usize> =
                p.capabilities.iter().filter_map(|c| r.capabilities.iter().position(|k| &k.id == c)).collect();
            let caps = declared.iter().map(|&i| &names.capabilities[i]);
            let covers = names
                .category_set(declared.iter().flat_map(|&i| r.capabilities[i].categories.iter().map(String::as_str)));
            Ok(quote! {
                Platform {
                    id: #id, name: #name, platform_category: #cat, enforcement_mode: #mode,
                    auth_type: #auth, description: #desc, capabilities: &[ #( Capability::#caps ),* ], covers: #covers,
                }
            })
        })
        .collect()
}

fn standards(names: &Names<'_>, settings: &mut Settings) -> Result<Vec<TokenStream>, EmitError> {
    names
        .reg
        .standards
        .iter()
        .map(|s| {
            let (id, name, publisher, desc) = (&s.id, &s.name, &s.publisher, &s.description);
            let status = closed(s.status.as_str(), "StandardStatus")?;
            let (lo, hi) = (s.min_age, s.max_age);
            let mut rules = Vec::new();
            for rule in &s.rules {
                let i = *names
                    .category_index
                    .get(rule.category.as_str())
                    .ok_or_else(|| EmitError(format!("standard `{}` names unknown category `{}`", s.id, rule.category)))?;
                let setting = settings.add(names, i, rule.enabled, &rule.config)?;
                rules.push(u16::try_from(setting).map_err(|_| EmitError("too many distinct settings".to_owned()))?);
            }
            Ok(quote! {
                StandardPack { id: #id, name: #name, publisher: #publisher, status: #status, description: #desc, min_age: #lo, max_age: #hi, rules: &[ #( #rules ),* ] }
            })
        })
        .collect()
}

fn bands(names: &Names<'_>, settings: &mut Settings) -> Result<Vec<TokenStream>, EmitError> {
    let mut out = Vec::new();
    for (i, c) in names.reg.rules.categories.iter().enumerate() {
        let v = &names.categories[i];
        for b in &c.defaults {
            let (lo, hi) = (b.min_age, b.max_age);
            let mut slots = Vec::new();
            for (_, s) in b.settings() {
                let Setting { enabled, config } = s;
                let k = settings.add(names, i, *enabled, config)?;
                slots.push(u16::try_from(k).map_err(|_| EmitError("too many distinct settings".to_owned()))?);
            }
            out.push(quote! { DefaultBand { category: RuleCategory::#v, min_age: #lo, max_age: #hi, settings: [ #( #slots ),* ] } });
        }
    }
    Ok(out)
}

/// `tables.rs`: laws, platforms, standard packs and age defaults as static data.
pub(super) fn tables(names: &Names<'_>) -> Result<String, EmitError> {
    let reg = names.reg;
    let laws = laws(names)?;
    let mut aliases: Vec<(&str, &str)> =
        reg.laws.iter().flat_map(|l| l.aliases.iter().map(move |a| (a.as_str(), l.id.as_str()))).collect();
    aliases.sort();
    let alias_entries = aliases.iter().map(|(a, id)| quote! { (#a, #id) });
    let platforms = platforms(names)?;
    let mut settings = Settings::default();
    let standards = standards(names, &mut settings)?;
    let bands = bands(names, &mut settings)?;
    let built = &settings.built;
    let (nl, np, ns, nb, na, nset) =
        (reg.laws.len(), reg.platforms.len(), reg.standards.len(), bands.len(), aliases.len(), built.len());
    let tokens = quote! {
        use crate::{Capability, RuleCategory};
        use crate::tables::{DefaultBand, Law, Platform, StandardPack};

        /// Every law in the registry, sorted by id.
        pub static LAWS: [Law; #nl] = [ #( #laws ),* ];
        /// Former law ids and the id each now has, sorted by alias.
        pub static LAW_ALIASES: [(&str, &str); #na] = [ #( #alias_entries ),* ];
        /// Every platform, sorted by id.
        pub static PLATFORMS: [Platform; #np] = [ #( #platforms ),* ];
        /// Every community standard pack, sorted by id (its rules: [`StandardPack::policy_rules`]).
        pub static STANDARDS: [StandardPack; #ns] = [ #( #standards ),* ];
        /// Default settings per category and age band (each rule: [`DefaultBand::rule`]).
        pub static DEFAULT_BANDS: [DefaultBand; #nb] = [ #( #bands ),* ];
        /// Every distinct rule the defaults and packs use, each built as a typed value.
        pub(crate) static SETTINGS: [fn() -> crate::PolicyRule; #nset] = [ #( #built ),* ];
    };
    render(tokens)
}
