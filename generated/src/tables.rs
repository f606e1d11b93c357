//! Laws, platforms, standard packs and age defaults as static data, with lookups. The data itself is
//! generated (`gen/tables.rs`); the record types and lookups are here.

use crate::{Capability, CategorySet, EnforcementMode, RuleCategory};

#[rustfmt::skip]
#[path = "gen/tables.rs"]
mod data;

pub use data::{DEFAULT_BANDS, LAW_ALIASES, LAWS, PLATFORMS, STANDARDS};

/// A law and the categories it requires.
#[derive(Debug, PartialEq, Eq)]
pub struct Law {
    /// Id (`us-ca-sb-976`).
    pub id: &'static str,
    /// Short name.
    pub short_name: &'static str,
    /// Full name.
    pub full_name: &'static str,
    /// One of the seven jurisdiction groups.
    pub jurisdiction_group: &'static str,
    /// ISO 3166-1 alpha-2, or `EU`.
    pub country: &'static str,
    /// ISO 3166-2, for sub-national laws.
    pub subdivision: Option<&'static str>,
    /// Legislative status.
    pub enactment_status: &'static str,
    /// Whether it can be enforced today.
    pub enforcement_status: &'static str,
    /// It protects users younger than this.
    pub age_under: u8,
    /// Bill or act number.
    pub bill: &'static str,
    /// Official text.
    pub url: &'static str,
    /// Summary.
    pub summary: &'static str,
    /// Effective dates (ISO).
    pub effective: &'static [&'static str],
    /// Categories it requires.
    pub categories: CategorySet,
}

/// A platform and what it enforces natively.
#[derive(Debug, PartialEq, Eq)]
pub struct Platform {
    /// Id (`nextdns`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Kind of platform.
    pub platform_category: &'static str,
    /// How rules reach it.
    pub enforcement_mode: EnforcementMode,
    /// How it authenticates.
    pub auth_type: &'static str,
    /// Description.
    pub description: &'static str,
    /// Capabilities it declares.
    pub capabilities: &'static [Capability],
    /// Categories it enforces natively: the union of its capabilities' categories.
    pub covers: CategorySet,
}

/// A community standard pack.
#[derive(Debug, PartialEq, Eq)]
pub struct StandardPack {
    /// Id (`four-norms`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Organisation behind it.
    pub publisher: &'static str,
    /// Lifecycle status.
    pub status: &'static str,
    /// Description.
    pub description: &'static str,
    /// Youngest age it targets.
    pub min_age: u8,
    /// Oldest age it targets.
    pub max_age: u8,
    /// Its rules: category, enabled, config as JSON.
    pub rules: &'static [(RuleCategory, bool, &'static str)],
}

/// Default settings of one category for an age band: light, recommended, strict.
#[derive(Debug, PartialEq, Eq)]
pub struct DefaultBand {
    /// The category.
    pub category: RuleCategory,
    /// Youngest age in the band.
    pub min_age: u8,
    /// Oldest age in the band.
    pub max_age: u8,
    /// (enabled, config JSON) for light, recommended, strict.
    pub settings: [(bool, &'static str); 3],
}

/// The law with this id or former id.
pub fn law(id: &str) -> Option<&'static Law> {
    let id = match LAW_ALIASES.binary_search_by(|(a, _)| (*a).cmp(id)) {
        Ok(i) => LAW_ALIASES[i].1,
        Err(_) => id,
    };
    LAWS.binary_search_by(|l| l.id.cmp(id)).ok().map(|i| &LAWS[i])
}

/// The platform with this id.
pub fn platform(id: &str) -> Option<&'static Platform> {
    PLATFORMS.binary_search_by(|p| p.id.cmp(id)).ok().map(|i| &PLATFORMS[i])
}

/// The standard pack with this id.
pub fn standard(id: &str) -> Option<&'static StandardPack> {
    STANDARDS.binary_search_by(|s| s.id.cmp(id)).ok().map(|i| &STANDARDS[i])
}

impl StandardPack {
    /// The pack's rules as typed policy rules.
    pub fn policy_rules(&self) -> Result<Vec<crate::PolicyRule>, crate::PolicyRuleError> {
        self.rules.iter().map(|(c, enabled, json)| crate::PolicyRule::from_config_json(*c, *enabled, json)).collect()
    }
}
