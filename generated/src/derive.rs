//! What `#[derive(RuleConfig)]` and `#[derive(PlatformAdapter)]` (from `ocss-macros`, re-exported
//! here) implement: a platform team's own config struct tied to its OCSS category, checked against
//! the registry when it compiles, and converted to and from the canonical types at run time.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::routing::Route;
use crate::{Capability, CategorySet, PolicyRule, RuleCategory};

pub use ocss_macros::{PlatformAdapter, RuleConfig};

/// Why a derived config does not fit its category.
#[derive(Debug)]
#[non_exhaustive]
pub enum DeriveError {
    /// The value breaks the category's schema (a range, a pattern, a missing field, …).
    Invalid {
        /// The category.
        category: RuleCategory,
        /// What the canonical reader said.
        reason: String,
    },
    /// A policy rule of another category was given.
    WrongCategory {
        /// The category the type is for.
        expected: RuleCategory,
        /// The rule's.
        found: RuleCategory,
    },
}

impl std::fmt::Display for DeriveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeriveError::Invalid { category, reason } => write!(f, "not a valid `{category}` config: {reason}"),
            DeriveError::WrongCategory { expected, found } => {
                write!(f, "a `{found}` rule is not a `{expected}` config")
            }
        }
    }
}

impl std::error::Error for DeriveError {}

/// A config struct for one category, written by a downstream crate and checked by the derive.
pub trait RuleConfig: Serialize + DeserializeOwned {
    /// The category it configures.
    const CATEGORY: RuleCategory;
    /// Wire names of fields marked `#[ocss(extension)]`: the type's own additions, not in the schema.
    const EXTENSIONS: &'static [&'static str];

    /// The category's config JSON Schema.
    fn json_schema() -> &'static str {
        Self::CATEGORY.config_schema()
    }

    /// The value without its extension fields, as JSON.
    fn spec_value(&self) -> Result<Value, DeriveError> {
        let mut value = serde_json::to_value(self).map_err(|e| self::invalid::<Self>(e.to_string()))?;
        if let Value::Object(map) = &mut value {
            for key in Self::EXTENSIONS {
                map.remove(*key);
            }
        }
        Ok(value)
    }

    /// The canonical typed config: the value checked against every range, pattern and enum of the
    /// category's schema.
    fn to_canonical(&self) -> Result<crate::RuleConfig, DeriveError> {
        let value = self.spec_value()?;
        crate::RuleConfig::deserialize_for(Self::CATEGORY, value).map_err(|e| self::invalid::<Self>(e.to_string()))
    }

    /// Checks the value against the category's schema.
    fn validate(&self) -> Result<(), DeriveError> {
        self.to_canonical().map(|_| ())
    }

    /// A policy rule of this config.
    fn to_policy_rule(&self, enabled: bool) -> Result<PolicyRule, DeriveError> {
        self.to_canonical().map(|c| PolicyRule::new(enabled, c))
    }

    /// This type from a canonical config (extension fields take their defaults, if they have any).
    fn from_canonical(config: &crate::RuleConfig) -> Result<Self, DeriveError> {
        if config.category() != Self::CATEGORY {
            return Err(DeriveError::WrongCategory { expected: Self::CATEGORY, found: config.category() });
        }
        let value = serde_json::to_value(config).map_err(|e| self::invalid::<Self>(e.to_string()))?;
        serde_json::from_value(value).map_err(|e| self::invalid::<Self>(e.to_string()))
    }

    /// This type from a policy rule of its category.
    fn from_policy_rule(rule: &PolicyRule) -> Result<Self, DeriveError> {
        Self::from_canonical(rule.config())
    }
}

fn invalid<T: RuleConfig>(reason: String) -> DeriveError {
    DeriveError::Invalid { category: T::CATEGORY, reason }
}

/// A platform integration, declared with the capabilities it enforces natively.
pub trait PlatformAdapter {
    /// The platform id.
    const PLATFORM: &'static str;
    /// The capabilities it declares (checked against the registry's platform when it has one).
    const CAPABILITIES: &'static [Capability];

    /// The capabilities it declares.
    fn capabilities() -> &'static [Capability] {
        Self::CAPABILITIES
    }

    /// Categories it enforces natively.
    fn covers() -> CategorySet {
        Self::CAPABILITIES.iter().fold(CategorySet::EMPTY, |acc, c| acc.union(c.categories()))
    }

    /// Where each rule goes when this platform is the only one connected, by the reference routing
    /// engine: native, a fallback service, disabled or unroutable.
    fn route(rules: &[PolicyRule]) -> Vec<(&PolicyRule, Route)> {
        let router = crate::routing::Router::covering(Self::covers());
        rules.iter().map(|r| (r, router.route(r))).collect()
    }
}
