//! Laws, platforms, standard packs and age defaults as static data, with lookups. The data itself is
//! generated (`gen/tables.rs`); the record types and lookups are here.

use ocss_engine::Delivery;

use crate::{
    AuthType, Capability, CategorySet, EnactmentStatus, EnforcementMode, EnforcementStatus, JurisdictionGroup,
    PlatformCategory, PolicyRule, RuleCategory, StandardStatus,
};

#[rustfmt::skip]
#[path = "gen/tables.rs"]
#[allow(deprecated, reason = "the generated tables name every category, deprecated ones too")]
mod data;

pub(crate) use data::SETTINGS;
pub use data::{DEFAULT_BANDS, LAW_ALIASES, LAWS, PLATFORMS, STANDARDS};

/// A law and the categories it requires.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Law {
    /// Id (`us-ca-sb-976`).
    pub id: &'static str,
    /// Short name.
    pub short_name: &'static str,
    /// Full name.
    pub full_name: &'static str,
    /// One of the seven jurisdiction groups.
    pub jurisdiction_group: JurisdictionGroup,
    /// ISO 3166-1 alpha-2, or `EU`.
    pub country: &'static str,
    /// ISO 3166-2, for sub-national laws.
    pub subdivision: Option<&'static str>,
    /// Legislative status.
    pub enactment_status: EnactmentStatus,
    /// Whether it can be enforced today.
    pub enforcement_status: EnforcementStatus,
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
    /// Those of its categories whose duty a court has blocked for now.
    pub enjoined: CategorySet,
    /// Each required category with the provision that creates the duty (`§ 509.052(2)(D)`), or why
    /// none can be named; see [`Law::provision`].
    pub provisions: &'static [(RuleCategory, &'static str)],
    /// The day the law's facts were last checked against their sources (ISO).
    pub verified: &'static str,
}

impl Law {
    /// The provision that creates the duty to enforce `category`, if the law requires it.
    pub fn provision(&self, category: RuleCategory) -> Option<&'static str> {
        self.provisions.iter().find(|(c, _)| *c == category).map(|(_, p)| *p)
    }
}

/// A platform and what it enforces natively.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Platform {
    /// Id (`nextdns`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Kind of platform.
    pub platform_category: PlatformCategory,
    /// How rules reach it.
    pub enforcement_mode: EnforcementMode,
    /// How it authenticates.
    pub auth_type: AuthType,
    /// Description.
    pub description: &'static str,
    /// Capabilities it declares.
    pub capabilities: &'static [Capability],
    /// Categories it enforces natively: the union of its capabilities' categories.
    pub covers: CategorySet,
}

impl EnforcementMode {
    /// How the engine accounts for rules sent to a platform in this mode.
    pub fn delivery(self) -> Delivery {
        match self {
            EnforcementMode::Dns | EnforcementMode::Device | EnforcementMode::ApiWrite => Delivery::Programmed,
            EnforcementMode::ManualAttested => Delivery::Manual,
            EnforcementMode::ComingSoon => Delivery::Unavailable,
        }
    }
}

impl ocss_engine::Platform<{ crate::CATEGORY_WORDS }> for Platform {
    fn id(&self) -> &str {
        self.id
    }
    fn covers(&self) -> ocss_engine::CategoryBits<{ crate::CATEGORY_WORDS }> {
        self.covers.bits()
    }
    fn delivery(&self) -> Delivery {
        self.enforcement_mode.delivery()
    }
}

/// A community standard pack.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StandardPack {
    /// Id (`four-norms`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Organisation behind it.
    pub publisher: &'static str,
    /// Lifecycle status.
    pub status: StandardStatus,
    /// Description.
    pub description: &'static str,
    /// Youngest age it targets.
    pub min_age: u8,
    /// Oldest age it targets.
    pub max_age: u8,
    /// Its rules, as indices into the generated table of typed settings.
    pub(crate) rules: &'static [u16],
}

impl StandardPack {
    /// The pack's rules as typed policy rules, in the pack's order.
    pub fn policy_rules(&self) -> Vec<PolicyRule> {
        self.rules.iter().map(|&i| SETTINGS[usize::from(i)]()).collect()
    }
}

/// Default settings of one category for an age band, per strictness.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DefaultBand {
    /// The category.
    pub category: RuleCategory,
    /// Youngest age in the band.
    pub min_age: u8,
    /// Oldest age in the band.
    pub max_age: u8,
    /// Per strictness (light, recommended, strict), an index into the generated typed settings.
    pub(crate) settings: [u16; 3],
}

impl DefaultBand {
    /// The default rule of this band for `strictness`.
    pub fn rule(&self, strictness: crate::Strictness) -> PolicyRule {
        SETTINGS[usize::from(self.settings[strictness.index()])]()
    }
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
