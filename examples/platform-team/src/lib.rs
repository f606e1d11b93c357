//! A platform team's OCSS integration, written the way a downstream crate would: its own config
//! structs for the categories its platform supports, and its adapter, all derived and so checked
//! against the registry when they compile. If the spec changes a field, this crate stops building.

use ocss::derive::PlatformAdapter as _;
use ocss::routing::Route;
use ocss::{Policy, PolicyRule};
use serde::{Deserialize, Serialize};

/// Daily screen time, as the team's own API spells it.
#[derive(ocss::RuleConfig, Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[ocss(category = "time_daily_limit")]
pub struct DailyLimit {
    /// Minutes per day (the schema allows 0 to 1440 in steps of 5; `u16` holds them all).
    pub daily_minutes: u16,
}

/// A notification curfew with the team's own field names and one field of its own.
#[derive(ocss::RuleConfig, Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[ocss(category = "notification_curfew")]
pub struct Curfew {
    /// When notifications stop, `HH:MM`.
    #[serde(rename = "start")]
    pub from: String,
    /// When they resume, `HH:MM`.
    #[serde(rename = "end")]
    pub until: String,
    /// The schema's optional time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The team's own: which of its devices the curfew applies to. Not part of the spec.
    #[ocss(extension)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_group: Option<String>,
}

/// The team's NextDNS integration, declaring what the registry says NextDNS enforces.
#[derive(ocss::PlatformAdapter)]
#[ocss(platform = "nextdns", capabilities(web_filtering, safe_search, custom_blocklist, custom_allowlist))]
pub struct NextDns;

/// Where each rule of `policy` goes when NextDNS is the family's only platform.
pub fn plan(policy: &Policy) -> Vec<(&PolicyRule, Route)> {
    NextDns::route(policy.rules())
}
