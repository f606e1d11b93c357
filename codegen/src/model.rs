//! The registry model: plain Rust data deserialised once from the loaded documents. Every later stage
//! (semantic checks, emitters, queries) reads this, never the raw JSON again.
//!
//! Items remember the file they came from (`file`) and their index there, so a check can point a
//! diagnostic at the exact value it is about.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::source::FileId;

/// The rule registry file, `registry/ocss-rules.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Relative path of the schema, for editors.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Taxonomy version (semver).
    pub version: String,
    /// Domains, in registry order.
    pub domains: Vec<Domain>,
    /// Capabilities a platform can declare.
    pub capabilities: Vec<Capability>,
    /// Fallback services.
    pub services: Vec<Service>,
    /// The closed vocabulary of rule categories.
    pub categories: Vec<Category>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Option<FileId>,
}

impl Rules {
    /// Index of the capability that covers `category` natively, if any (the validator guarantees
    /// at most one). Every consumer asks here, so "who owns a category" is decided in one place.
    pub fn capability_index(&self, category: &str) -> Option<usize> {
        self.capabilities.iter().position(|k| k.categories.iter().any(|c| c == category))
    }

    /// Index of the fallback service responsible for `category`, if any (at most one).
    pub fn service_index(&self, category: &str) -> Option<usize> {
        self.services.iter().position(|k| k.categories.iter().any(|c| c == category))
    }

    /// Id of the capability that covers `category` natively, if any.
    pub fn capability_of(&self, category: &str) -> Option<&str> {
        self.capability_index(category).map(|i| self.capabilities[i].id.as_str())
    }

    /// Id of the fallback service responsible for `category`, if any.
    pub fn service_of(&self, category: &str) -> Option<&str> {
        self.service_index(category).map(|i| self.services[i].id.as_str())
    }
}

/// A group of categories.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Wire id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// What the domain covers.
    pub description: String,
}

/// A cluster of categories a platform can enforce natively.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    /// Wire id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// What the capability means.
    pub description: String,
    /// Taxonomy version that introduced it.
    pub since: String,
    /// Categories it covers.
    pub categories: Vec<String>,
}

/// A fallback service that enforces categories no connected platform covers.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Wire id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// What the service does.
    pub description: String,
    /// Taxonomy version that introduced it.
    pub since: String,
    /// Categories it is responsible for.
    pub categories: Vec<String>,
}

/// Whether a category is required by an enacted law in the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// At least one enacted law requires it.
    Anchored,
    /// Designed ahead of, or without, an enacted law.
    Provisional,
}

/// Where a category comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// Named by the seed documents.
    Seed,
    /// Named on a public OCSS page.
    PublicPage,
    /// One of the 45 PCSS 1.0 ids.
    #[serde(rename = "pcss_1_0")]
    Pcss10,
    /// Designed by this registry from the laws listed.
    DesignedFromLaws,
    /// Designed by this registry for a platform need that no law states yet.
    DesignedForPlatforms,
}

/// One piece of evidence for a category.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What kind of source.
    pub kind: EvidenceKind,
    /// The page, for `public_page`.
    pub url: Option<String>,
    /// The laws, for `designed_from_laws`.
    pub laws: Option<Vec<String>>,
    /// Free-text note.
    pub note: Option<String>,
}

/// `enabled` plus `config`: one rule setting.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// Whether the rule is on.
    pub enabled: bool,
    /// The rule's config object.
    pub config: Map<String, Value>,
}

/// Defaults for an age band, one per quick-setup strictness.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultBand {
    /// Youngest age in the band.
    pub min_age: u8,
    /// Oldest age in the band.
    pub max_age: u8,
    /// Setting for `light`.
    pub light: Setting,
    /// Setting for `recommended`.
    pub recommended: Setting,
    /// Setting for `strict`.
    pub strict: Setting,
}

/// A rule category of the closed vocabulary.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Wire id.
    pub id: String,
    /// Domain id.
    pub domain: String,
    /// Display title.
    pub title: String,
    /// What the control does.
    pub description: String,
    /// Taxonomy version that introduced it.
    pub since: String,
    /// Anchored or provisional.
    pub status: Status,
    /// Where it comes from.
    pub evidence: Vec<Evidence>,
    /// Why it exists although no law cites it.
    pub uncited_reason: Option<String>,
    /// JSON Schema of its config.
    pub config_schema: Value,
    /// Valid example configs.
    pub examples: Vec<Value>,
    /// Instruction for platforms configured by hand, with `{field}` placeholders.
    pub manual_step: String,
    /// Age/strictness defaults.
    pub defaults: Vec<DefaultBand>,
}

/// A law file, `registry/laws/<id>.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// Relative path of the schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Id (equals the file name).
    pub id: String,
    /// Former ids.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Short name.
    pub short_name: String,
    /// Full name.
    pub full_name: String,
    /// One of the seven jurisdiction groups.
    pub jurisdiction_group: String,
    /// ISO 3166-1 alpha-2 or `EU`.
    pub country: String,
    /// ISO 3166-2, for sub-national laws.
    pub subdivision: Option<String>,
    /// Legislative status.
    pub enactment_status: String,
    /// Whether it can be enforced today.
    pub enforcement_status: String,
    /// Dates.
    pub dates: LawDates,
    /// Age threshold.
    pub age_threshold: AgeThreshold,
    /// Penalty.
    pub penalty: Penalty,
    /// Citation.
    pub citation: Citation,
    /// Summary.
    pub summary: String,
    /// Key provisions.
    pub provisions: Vec<String>,
    /// Categories it requires.
    pub categories: Vec<String>,
    /// Related law ids.
    #[serde(default)]
    pub related: Vec<String>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Option<FileId>,
}

/// Dates of a law.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawDates {
    /// Introduced.
    pub introduced: Option<String>,
    /// Enacted (signed, adopted).
    pub enacted: Option<String>,
    /// Effective dates, possibly several.
    #[serde(default)]
    pub effective: Vec<Effective>,
    /// Court and legislative events.
    #[serde(default)]
    pub events: Vec<LawEvent>,
}

/// One effective date.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effective {
    /// ISO date.
    pub date: String,
    /// Which provisions.
    pub scope: Option<String>,
}

/// An event after enactment.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawEvent {
    /// ISO date.
    pub date: String,
    /// What happened.
    pub kind: String,
    /// Details.
    pub note: String,
}

/// The ages a law protects.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeThreshold {
    /// Users younger than this.
    pub under: u8,
    /// Lower bound, when any.
    pub from: Option<u8>,
    /// Note.
    pub note: Option<String>,
}

/// A law's penalty.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    /// Summary.
    pub summary: String,
    /// Maximum per violation.
    pub max_per_violation: Option<Money>,
    /// Whether individuals can sue.
    pub private_right_of_action: Option<bool>,
}

/// An amount of money.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Whole units.
    pub amount: u64,
    /// ISO 4217.
    pub currency: String,
}

/// Where the law's text is.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Bill or act number.
    pub bill: String,
    /// Codification.
    pub statute: Option<String>,
    /// Official URL.
    pub url: String,
}

/// A platform file, `registry/platforms/<id>.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Relative path of the schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Id (equals the file name).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind of platform.
    pub platform_category: String,
    /// How rules reach it.
    pub enforcement_mode: String,
    /// How it authenticates.
    pub auth_type: String,
    /// Capabilities it declares.
    pub capabilities: Vec<String>,
    /// Description.
    pub description: String,
    /// Website.
    pub website: Option<String>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Option<FileId>,
}

/// A standard pack file, `registry/standards/<id>.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// Relative path of the schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Id (equals the file name).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Organisation behind it.
    pub publisher: String,
    /// Lifecycle status.
    pub status: String,
    /// Description.
    pub description: String,
    /// Youngest age it targets.
    pub min_age: u8,
    /// Oldest age it targets.
    pub max_age: u8,
    /// Its rules.
    pub rules: Vec<StandardRule>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Option<FileId>,
}

/// One rule of a standard pack.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardRule {
    /// Category id.
    pub category: String,
    /// Whether the pack turns it on.
    pub enabled: bool,
    /// Its config.
    pub config: Map<String, Value>,
}

/// What the loader could read, possibly incomplete when files are broken. Checks run on this.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// The rule registry, when it loaded.
    pub rules: Option<Rules>,
    /// Laws that loaded, sorted by file name.
    pub laws: Vec<Law>,
    /// Platforms that loaded, sorted by file name.
    pub platforms: Vec<Platform>,
    /// Standards that loaded, sorted by file name.
    pub standards: Vec<Standard>,
    /// How many files could not be turned into model items. Checks that need the whole registry
    /// (e.g. "no law cites this category") stay silent when this is not zero, to avoid follow-on errors.
    pub unloaded: usize,
}

/// A registry that passed every check: what emitters and queries read.
#[derive(Clone, Debug)]
pub struct Registry {
    /// The rule registry.
    pub rules: Rules,
    /// Laws, sorted by id.
    pub laws: Vec<Law>,
    /// Platforms, sorted by id.
    pub platforms: Vec<Platform>,
    /// Standards, sorted by id.
    pub standards: Vec<Standard>,
}
