//! The registry model: plain Rust data deserialised once from the loaded documents. Every later stage
//! (semantic checks, emitters, queries) reads this, never the raw JSON again.
//!
//! Every closed set of the spec is an enum here ([`crate::vocab`]), so checks `match` instead of
//! comparing strings. Items remember the file they came from (`file`), so a check can point a
//! diagnostic at the exact value it is about. [`Model::insert`] is the only way in: a document the
//! model cannot hold is reported at its position, never dropped.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diag::{Code, Diagnostic};
use crate::load::{Document, escape_token};
use crate::schema::FileKind;
use crate::source::FileId;
pub use crate::vocab::{
    AuthType, CategoryStatus, EnactmentStatus, EnforcementMode, EnforcementStatus, EventKind, JurisdictionGroup,
    Obligation, PlatformCategory, RulingEffect, StandardStatus, Strictness,
};

/// The rule registry file, `registry/ocss-rules.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Relative path of the schema, for editors.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Taxonomy version (semver).
    pub version: String,
    /// The day this version was released, `YYYY-MM-DD`.
    pub released: Option<String>,
    /// The day the law registry was last reviewed; statuses are checked against it.
    pub reviewed: Option<String>,
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

    /// Index of the category `id` in registry order.
    pub fn category_index(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id == id)
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

/// One piece of evidence for a category, by kind (the schema's `kind` tag).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Evidence {
    /// Named by the seed documents.
    Seed {
        /// Free-text note.
        note: Option<String>,
    },
    /// Named on a public OCSS page.
    PublicPage {
        /// The page.
        url: String,
        /// Free-text note.
        note: Option<String>,
    },
    /// One of the 45 PCSS 1.0 ids.
    #[serde(rename = "pcss_1_0")]
    Pcss10 {
        /// Free-text note.
        note: Option<String>,
    },
    /// Designed by this registry from the laws listed.
    DesignedFromLaws {
        /// The laws.
        laws: Vec<String>,
        /// Free-text note.
        note: Option<String>,
    },
    /// Designed by this registry for a platform need that no law states yet.
    DesignedForPlatforms {
        /// Why.
        note: String,
    },
}

/// `enabled` plus `config`: one rule setting.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// Whether the rule is on.
    pub enabled: bool,
    /// The rule's config object.
    pub config: Map<String, Value>,
}

/// Defaults for an age band, one setting per quick-setup [`Strictness`].
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "BandFile")]
pub struct DefaultBand {
    /// Youngest age in the band.
    pub min_age: u8,
    /// Oldest age in the band.
    pub max_age: u8,
    settings: [Setting; 3],
}

impl DefaultBand {
    /// The setting for `strictness`.
    pub fn setting(&self, strictness: Strictness) -> &Setting {
        &self.settings[strictness as usize]
    }

    /// Every strictness with its setting, loosest first.
    pub fn settings(&self) -> impl Iterator<Item = (Strictness, &Setting)> {
        Strictness::ALL.iter().copied().zip(&self.settings)
    }
}

/// A band as the file spells it: one member per strictness.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandFile {
    min_age: u8,
    max_age: u8,
    light: Setting,
    recommended: Setting,
    strict: Setting,
}

impl From<BandFile> for DefaultBand {
    fn from(b: BandFile) -> Self {
        // The order of `Strictness::ALL`; `vocab`'s drift test keeps it the schema's order.
        DefaultBand { min_age: b.min_age, max_age: b.max_age, settings: [b.light, b.recommended, b.strict] }
    }
}

/// A rule category of the closed vocabulary.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Wire id.
    pub id: String,
    /// Former ids that still resolve to it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Domain id.
    pub domain: String,
    /// Display title.
    pub title: String,
    /// What the control does.
    pub description: String,
    /// Taxonomy version that introduced it.
    pub since: String,
    /// Set when the category is on its way out.
    pub deprecated: Option<Deprecation>,
    /// A parent's choice, or a platform's legal duty.
    #[serde(default)]
    pub obligation: Obligation,
    /// Anchored or provisional.
    pub status: CategoryStatus,
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

/// A category's deprecation.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// The day it was announced, `YYYY-MM-DD`.
    pub date: String,
    /// The categories that take its place.
    pub replaced_by: Vec<String>,
    /// Why.
    pub reason: String,
}

/// Months a deprecated id stays before it may be removed (the spec's rule).
pub const DEPRECATION_MONTHS: u32 = 18;
/// Days of RFC notice between announcing a deprecation and releasing it (the spec's rule).
pub const RFC_NOTICE_DAYS: i64 = 30;

/// Days since 1970-01-01 of the calendar day `y-m-d` (Howard Hinnant's civil-from-days inverse).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The day `n` days after 1970-01-01, `YYYY-MM-DD`.
fn day(n: i64) -> String {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The first day a deprecation announced on `date` (`YYYY-MM-DD`) may ship, after the RFC notice.
pub fn notice_ends(date: &str) -> Option<String> {
    let mut parts = date.split('-').map(str::parse::<i64>);
    let (y, m, d) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    Some(day(days(y, m, d) + RFC_NOTICE_DAYS))
}

/// The first day a category deprecated on `date` (`YYYY-MM-DD`) may be removed, same format.
pub fn sunset(date: &str) -> Option<String> {
    let mut parts = date.split('-').map(str::parse::<u32>);
    let (y, m, d) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    let months = y * 12 + (m - 1) + DEPRECATION_MONTHS;
    Some(format!("{:04}-{:02}-{d:02}", months / 12, months % 12 + 1))
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
    pub jurisdiction_group: JurisdictionGroup,
    /// ISO 3166-1 alpha-2 or `EU`.
    pub country: String,
    /// ISO 3166-2, for sub-national laws.
    pub subdivision: Option<String>,
    /// Legislative status.
    pub enactment_status: EnactmentStatus,
    /// Whether it can be enforced today.
    pub enforcement_status: EnforcementStatus,
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
    /// The duties it creates: each category it requires, with the provision.
    pub categories: Vec<Duty>,
    /// Related law ids.
    #[serde(default)]
    pub related: Vec<String>,
    /// The day its facts were last checked against their sources (empty in registries from before
    /// the field existed; the schema requires it).
    #[serde(default)]
    pub verified: String,
    /// Where the facts the official page does not show were found.
    #[serde(default)]
    pub sources: Vec<FactSource>,
    /// The file it was read from.
    #[serde(skip)]
    pub file: Option<FileId>,
}

impl Law {
    /// Ids of the categories it requires, in file order.
    pub fn category_ids(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|d| d.id.as_str())
    }

    /// The duty for `category`, if the law requires it.
    pub fn duty(&self, category: &str) -> Option<&Duty> {
        self.categories.iter().find(|d| d.id == category)
    }
}

/// One duty of a law: a category it requires and the provision that requires it. Registries from
/// before provision-level citations listed bare category ids; those still read (for `ocss diff`
/// against an old revision), though today's schema refuses them in a registry being validated.
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
#[serde(from = "DutyFile")]
pub struct Duty {
    /// The category.
    pub id: String,
    /// Section, article or standard, as an audit cites it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provision: Option<String>,
    /// Why no provision can be named (only without `provision`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Marked as blocked by a court event today.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub enjoined: bool,
    /// JSON Schema over the config: what the law demands of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requires: Option<Map<String, Value>>,
}

/// A duty as a file spells it: an object, or (before provisions were cited) a bare category id.
#[derive(Deserialize)]
#[serde(untagged)]
enum DutyFile {
    Id(String),
    Full(DutyFields),
}

/// The members of a duty object.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DutyFields {
    id: String,
    provision: Option<String>,
    reason: Option<String>,
    #[serde(default)]
    enjoined: bool,
    requires: Option<Map<String, Value>>,
}

impl From<DutyFile> for Duty {
    fn from(d: DutyFile) -> Self {
        match d {
            DutyFile::Id(id) => Duty { id, provision: None, reason: None, enjoined: false, requires: None },
            DutyFile::Full(DutyFields { id, provision, reason, enjoined, requires }) => {
                Duty { id, provision, reason, enjoined, requires }
            }
        }
    }
}

/// Where one fact of a law file was found.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactSource {
    /// JSON pointer of the fact.
    pub pointer: String,
    /// The page.
    pub url: String,
    /// What it shows.
    pub note: Option<String>,
}

/// Dates of a law.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawDates {
    /// Introduced.
    pub introduced: Option<String>,
    /// Last day of the session a pending bill is in.
    pub session_ends: Option<String>,
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
    pub kind: EventKind,
    /// Details.
    pub note: String,
    /// The court, for court events.
    pub court: Option<String>,
    /// The case, for court events.
    pub case: Option<String>,
    /// What a ruling did to the duties it reaches.
    pub effect: Option<RulingEffect>,
    /// Categories whose duties it blocks or unblocks.
    #[serde(default)]
    pub reaches: Vec<String>,
    /// Sections it reaches.
    #[serde(default)]
    pub provisions: Vec<String>,
    /// The order, docket or reporting.
    pub source: Option<String>,
}

impl LawEvent {
    /// What the event does to the duties it reaches.
    pub fn effect(&self) -> RulingEffect {
        match self.kind {
            EventKind::Injunction | EventKind::PartialInjunction | EventKind::Stay => RulingEffect::Blocks,
            EventKind::InjunctionLifted | EventKind::Vacated => RulingEffect::Unblocks,
            EventKind::Ruling => self.effect.unwrap_or(RulingEffect::None),
            EventKind::Postponed | EventKind::Amended | EventKind::Challenged | EventKind::Repealed => {
                RulingEffect::None
            }
        }
    }
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
    pub platform_category: PlatformCategory,
    /// How rules reach it.
    pub enforcement_mode: EnforcementMode,
    /// How it authenticates.
    pub auth_type: AuthType,
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
    pub status: StandardStatus,
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
#[derive(Clone, Debug, PartialEq, Deserialize)]
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
    /// Laws that loaded, in file-name order.
    pub laws: Vec<Law>,
    /// Platforms that loaded, in file-name order.
    pub platforms: Vec<Platform>,
    /// Standards that loaded, in file-name order.
    pub standards: Vec<Standard>,
    /// How many files could not be turned into model items (each with a diagnostic saying why).
    /// Checks that need the whole registry (e.g. "no law cites this category") stay silent when
    /// this is not zero, to avoid follow-on errors.
    pub unloaded: usize,
}

impl Model {
    /// Counts a file that did not load (its diagnostics are already reported).
    pub fn skip(&mut self) {
        self.unloaded += 1;
    }

    /// Deserialises `doc` as a file of `kind` and adds it. A document the model cannot hold is
    /// counted as unloaded and reported at the value that does not fit, so the model never holds
    /// fewer entries than the files that loaded without a diagnostic.
    pub fn insert(&mut self, kind: FileKind, doc: &Document) -> Result<(), Diagnostic> {
        let result = match kind {
            FileKind::Rules => read::<Rules>(doc).map(|mut r| {
                r.file = Some(doc.file);
                self.rules = Some(r);
            }),
            FileKind::Law => read::<Law>(doc).map(|mut l| {
                l.file = Some(doc.file);
                self.laws.push(l);
            }),
            FileKind::Platform => read::<Platform>(doc).map(|mut p| {
                p.file = Some(doc.file);
                self.platforms.push(p);
            }),
            FileKind::Standard => read::<Standard>(doc).map(|mut s| {
                s.file = Some(doc.file);
                self.standards.push(s);
            }),
        };
        if result.is_err() {
            self.unloaded += 1;
        }
        result
    }

    /// The registry, when every file loaded and the rule registry is among them; laws, platforms and
    /// standards sorted by id.
    pub fn into_registry(self) -> Option<Registry> {
        if self.unloaded > 0 {
            return None;
        }
        let rules = self.rules?;
        let (mut laws, mut platforms, mut standards) = (self.laws, self.platforms, self.standards);
        laws.sort_by(|a, b| a.id.cmp(&b.id));
        platforms.sort_by(|a, b| a.id.cmp(&b.id));
        standards.sort_by(|a, b| a.id.cmp(&b.id));
        Some(Registry { rules, laws, platforms, standards })
    }
}

/// Deserialises `doc`, or says where and why it does not fit the model. The schema layer accepts
/// everything the model needs, so this fires only when the two disagree (e.g. an age of 300 where
/// the schema allows any integer); it still must never lose the file silently.
fn read<T: serde::de::DeserializeOwned>(doc: &Document) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize(&doc.value).map_err(|e| {
        let mut pointer = String::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                serde_path_to_error::Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&escape_token(key));
                }
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        Diagnostic::new(Code::ModelMismatch, format!("the toolchain cannot read this value: {}", e.inner()))
            .at(doc.file, doc.span(&pointer))
            .help("the schema allows a value the toolchain's model cannot hold; report it with this file so the schema and the model are brought back in line")
    })
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

#[cfg(test)]
mod tests {
    #[test]
    fn windows_count_calendar_days_and_months() {
        assert_eq!(super::notice_ends("2026-11-20").as_deref(), Some("2026-12-20"));
        assert_eq!(super::notice_ends("2024-02-15").as_deref(), Some("2024-03-16"), "2024 is a leap year");
        assert_eq!(super::notice_ends("2026-12-15").as_deref(), Some("2027-01-14"));
        assert_eq!(super::sunset("2026-01-15").as_deref(), Some("2027-07-15"));
        assert_eq!(super::sunset("2026-07-31").as_deref(), Some("2028-01-31"));
    }
}
