//! `PolicyRule`, the wire format of one rule (`{"category": …, "enabled": …, "config": {…}}`), and
//! the age/strictness expansion of the registry defaults.
//!
//! The config is read with its category's type, so a config that belongs to another category, an
//! unknown field or an out-of-range value is an error, never a silent fallback.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::tables::DEFAULT_BANDS;
use crate::{RuleCategory, RuleConfig, Strictness};

/// One rule of a policy.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PolicyRule {
    /// Whether the rule is active.
    pub enabled: bool,
    /// Always `config.category()`, kept beside it because routing reads it for every rule.
    category: RuleCategory,
    config: RuleConfig,
}

/// Why a rule could not be built from JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyRuleError {
    /// The config does not fit its category's schema.
    Config {
        /// The rule's category.
        category: RuleCategory,
        /// What the reader said.
        reason: String,
    },
}

impl fmt::Display for PolicyRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyRuleError::Config { category, reason } => write!(f, "config of `{category}`: {reason}"),
        }
    }
}

impl std::error::Error for PolicyRuleError {}

impl PolicyRule {
    /// A rule; its category is the config's.
    pub fn new(enabled: bool, config: RuleConfig) -> Self {
        PolicyRule { enabled, category: config.category(), config }
    }

    /// Reads `config_json` as the config of `category`.
    pub fn from_config_json(category: RuleCategory, enabled: bool, config_json: &str) -> Result<Self, PolicyRuleError> {
        let mut de = serde_json::Deserializer::from_str(config_json);
        let config = RuleConfig::deserialize_for(category, &mut de)
            .and_then(|c| de.end().map(|()| c))
            .map_err(|e| PolicyRuleError::Config { category, reason: e.to_string() })?;
        Ok(PolicyRule { enabled, category, config })
    }

    /// The rule's category.
    pub fn category(&self) -> RuleCategory {
        self.category
    }

    /// The rule's config.
    pub fn config(&self) -> &RuleConfig {
        &self.config
    }
}

impl Serialize for PolicyRule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PolicyRule", 3)?;
        st.serialize_field("category", &self.category())?;
        st.serialize_field("enabled", &self.enabled)?;
        st.serialize_field("config", &self.config)?;
        st.end()
    }
}

struct ConfigSeed(RuleCategory);

impl<'de> DeserializeSeed<'de> for ConfigSeed {
    type Value = RuleConfig;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RuleConfig, D::Error> {
        RuleConfig::deserialize_for(self.0, d)
    }
}

impl<'de> Deserialize<'de> for PolicyRule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PolicyRule;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a rule object with `category`, `enabled` and `config`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyRule, A::Error> {
                let mut category: Option<RuleCategory> = None;
                let mut enabled: Option<bool> = None;
                let mut config: Option<RuleConfig> = None;
                // A config that arrives before its category is kept as JSON until the category is known.
                let mut early: Option<serde_json::Value> = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "category" if category.is_none() => category = Some(map.next_value()?),
                        "enabled" if enabled.is_none() => enabled = Some(map.next_value()?),
                        "config" if config.is_none() && early.is_none() => match category {
                            Some(c) => config = Some(map.next_value_seed(ConfigSeed(c))?),
                            None => early = Some(map.next_value()?),
                        },
                        k @ ("category" | "enabled" | "config") => return Err(de::Error::duplicate_field(leak(k))),
                        other => return Err(de::Error::unknown_field(other, &["category", "enabled", "config"])),
                    }
                }
                let category = category.ok_or_else(|| de::Error::missing_field("category"))?;
                let enabled = enabled.ok_or_else(|| de::Error::missing_field("enabled"))?;
                let config = match (config, early) {
                    (Some(c), _) => c,
                    (None, Some(v)) => RuleConfig::deserialize_for(category, v).map_err(de::Error::custom)?,
                    (None, None) => return Err(de::Error::missing_field("config")),
                };
                Ok(PolicyRule { enabled, category, config })
            }
        }
        d.deserialize_map(V)
    }
}

/// The three field names as `'static` (serde's duplicate-field error wants one).
fn leak(k: &str) -> &'static str {
    match k {
        "category" => "category",
        "enabled" => "enabled",
        _ => "config",
    }
}

impl ocss_engine::Rule for PolicyRule {
    type Category = RuleCategory;
    fn category(&self) -> RuleCategory {
        self.category
    }
    fn category_index(&self) -> usize {
        self.category.index()
    }
    fn enabled(&self) -> bool {
        self.enabled
    }
}

/// The registry's default rule for every category at `age` (0-17) and `strictness`, in registry
/// order. Ages of 18 and over have no defaults. Every default is a typed value the generator
/// checked against its category's schema, so nothing is parsed, and nothing skipped, here.
pub fn defaults_for(age: u8, strictness: Strictness) -> Vec<PolicyRule> {
    DEFAULT_BANDS.iter().filter(|b| b.min_age <= age && age <= b.max_age).map(|b| b.rule(strictness)).collect()
}

/// A policy: its rules, at most one per category (a second rule for a category would leave it
/// unclear which applies, so it is refused rather than both applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    rules: Vec<PolicyRule>,
}

/// Why a list of rules is not a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// Two rules for one category.
    ConflictingRules {
        /// The category.
        category: RuleCategory,
        /// Position of the first rule.
        first: usize,
        /// Position of the second.
        second: usize,
    },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::ConflictingRules { category, first, second } => {
                write!(f, "rules {first} and {second} are both for `{category}`; one category takes one rule")
            }
        }
    }
}

impl std::error::Error for PolicyError {}

impl Policy {
    /// A policy of `rules`, refusing two rules for one category.
    pub fn new(rules: Vec<PolicyRule>) -> Result<Self, PolicyError> {
        let mut seen: Vec<Option<usize>> = vec![None; RuleCategory::ALL.len()];
        for (i, rule) in rules.iter().enumerate() {
            let slot = &mut seen[rule.category.index()];
            if let Some(first) = *slot {
                return Err(PolicyError::ConflictingRules { category: rule.category, first, second: i });
            }
            *slot = Some(i);
        }
        Ok(Policy { rules })
    }

    /// The rules, in the order given.
    pub fn rules(&self) -> &[PolicyRule] {
        &self.rules
    }
}

/// Reads `{"rules": [...]}` or a bare array of rules.
impl<'de> Deserialize<'de> for Policy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Policy;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a policy: `{\"rules\": [...]}` or an array of rules")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Policy, A::Error> {
                let mut rules = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(rule) = seq.next_element()? {
                    rules.push(rule);
                }
                Policy::new(rules).map_err(de::Error::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Policy, A::Error> {
                let mut rules: Option<Vec<PolicyRule>> = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "rules" if rules.is_none() => rules = Some(map.next_value()?),
                        "rules" => return Err(de::Error::duplicate_field("rules")),
                        other => return Err(de::Error::unknown_field(other, &["rules"])),
                    }
                }
                Policy::new(rules.ok_or_else(|| de::Error::missing_field("rules"))?).map_err(de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}
