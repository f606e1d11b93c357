//! The closed sets of the spec (`"enum"` lists in `spec/*.schema.json`) as Rust enums. The model
//! holds these instead of strings, so checks `match` exhaustively; a test compares each enum's wire
//! ids with its schema's list, so the two cannot drift apart.

use std::fmt;

/// Defines a closed set: the enum, its wire ids, `ALL`, `as_str`, `Display` and serde.
macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident at $schema:literal $pointer:literal { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Every member, in the schema's order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];
            /// The schema file and JSON pointer of the `enum` list this set mirrors.
            pub const SOURCE: (&'static str, &'static str) = ($schema, $pointer);

            /// The wire id.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $wire, )+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_set! {
    /// Whether an enacted law in the registry requires a category.
    CategoryStatus at "ocss-rules.schema.json" "/$defs/category/properties/status/enum" {
        /// At least one enacted law requires it.
        Anchored = "anchored",
        /// Designed ahead of, or without, an enacted law.
        Provisional = "provisional",
    }
}

closed_set! {
    /// Quick-setup strictness: the three settings of every age band.
    Strictness at "ocss-rules.schema.json" "/$defs/strictness/enum" {
        /// Fewer and looser rules.
        Light = "light",
        /// The default.
        Recommended = "recommended",
        /// More and tighter rules.
        Strict = "strict",
    }
}

closed_set! {
    /// The seven jurisdiction groups laws are filed under.
    JurisdictionGroup at "law.schema.json" "/properties/jurisdiction_group/enum" {
        /// A US federal law.
        UsFederal = "us-federal",
        /// A US state law.
        UsState = "us-state",
        /// The European Union or a member state.
        Eu = "eu",
        /// The United Kingdom.
        Uk = "uk",
        /// Asia and the Pacific.
        AsiaPacific = "asia-pacific",
        /// The Americas outside the US.
        Americas = "americas",
        /// The Middle East and Africa.
        MiddleEastAfrica = "middle-east-africa",
    }
}

closed_set! {
    /// Where a law stands in the legislative process.
    EnactmentStatus at "law.schema.json" "/properties/enactment_status/enum" {
        /// Proposed, not yet introduced.
        Proposed = "proposed",
        /// Introduced in a legislature.
        Introduced = "introduced",
        /// Passed one chamber.
        PassedOneChamber = "passed_one_chamber",
        /// Passed, awaiting signature.
        Passed = "passed",
        /// Enacted (signed, adopted).
        Enacted = "enacted",
        /// Vetoed.
        Vetoed = "vetoed",
        /// Died at the end of its session.
        Expired = "expired",
        /// Repealed after enactment.
        Repealed = "repealed",
    }
}

closed_set! {
    /// Whether a law can be enforced today, independent of enactment.
    EnforcementStatus at "law.schema.json" "/properties/enforcement_status/enum" {
        /// Not enacted, so nothing to enforce.
        NotApplicable = "not_applicable",
        /// Enacted, not yet effective.
        NotYetEffective = "not_yet_effective",
        /// In force.
        InForce = "in_force",
        /// Some provisions in force.
        PartiallyInForce = "partially_in_force",
        /// Blocked by a court.
        Enjoined = "enjoined",
        /// Partly blocked by a court.
        PartiallyEnjoined = "partially_enjoined",
        /// Stayed.
        Stayed = "stayed",
        /// Postponed.
        Postponed = "postponed",
    }
}

closed_set! {
    /// What happened to a law after enactment.
    EventKind at "law.schema.json" "/$defs/event/properties/kind/enum" {
        /// A court blocked the law.
        Injunction = "injunction",
        /// A court blocked part of the law.
        PartialInjunction = "partial_injunction",
        /// A court stayed the law.
        Stay = "stay",
        /// An injunction was lifted.
        InjunctionLifted = "injunction_lifted",
        /// A court ruled; its `effect` says what it did to the duties it reaches.
        Ruling = "ruling",
        /// A court order was vacated (e.g. on appeal).
        Vacated = "vacated",
        /// The effective date was postponed.
        Postponed = "postponed",
        /// The law was amended.
        Amended = "amended",
        /// The law was challenged in court.
        Challenged = "challenged",
        /// The law was repealed.
        Repealed = "repealed",
    }
}

closed_set! {
    /// What a court ruling did to the duties it reaches.
    RulingEffect at "law.schema.json" "/$defs/event/properties/effect/enum" {
        /// Left them blocked, or blocked them.
        Blocks = "blocks",
        /// Unblocked them.
        Unblocks = "unblocks",
        /// Changed neither.
        None = "none",
    }
}

closed_set! {
    /// Whether a category is a parent's choice or a platform's legal duty.
    Obligation at "ocss-rules.schema.json" "/$defs/category/properties/obligation/enum" {
        /// A control a parent turns on and tunes.
        ParentalChoice = "parental_choice",
        /// A duty the law puts on the platform whatever the parent chooses.
        PlatformDuty = "platform_duty",
    }
}

impl Default for Obligation {
    /// A category is a parent's choice unless the registry says otherwise.
    fn default() -> Self {
        Obligation::ParentalChoice
    }
}

closed_set! {
    /// Kinds of platform.
    PlatformCategory at "platform.schema.json" "/properties/platform_category/enum" {
        /// A DNS filter.
        Dns = "dns",
        /// An operating system or device management.
        Device = "device",
        /// A streaming service.
        Streaming = "streaming",
        /// A game platform.
        Gaming = "gaming",
        /// A social network.
        Social = "social",
        /// An AI chatbot.
        AiChatbot = "ai_chatbot",
        /// An app store.
        AppStore = "app_store",
        /// A browser.
        Browser = "browser",
        /// A messaging app.
        Messaging = "messaging",
        /// An education platform.
        Education = "education",
    }
}

closed_set! {
    /// How rules reach a platform.
    EnforcementMode at "platform.schema.json" "/properties/enforcement_mode/enum" {
        /// A DNS filter applies them.
        Dns = "dns",
        /// Device management applies them.
        Device = "device",
        /// The platform's API is written to.
        ApiWrite = "api_write",
        /// A parent applies generated steps by hand; never counted as applied.
        ManualAttested = "manual_attested",
        /// Not usable yet.
        ComingSoon = "coming_soon",
    }
}

impl EnforcementMode {
    /// How the engine accounts for rules sent to a platform in this mode.
    pub fn delivery(self) -> ocss_engine::Delivery {
        match self {
            EnforcementMode::Dns | EnforcementMode::Device | EnforcementMode::ApiWrite => {
                ocss_engine::Delivery::Programmed
            }
            EnforcementMode::ManualAttested => ocss_engine::Delivery::Manual,
            EnforcementMode::ComingSoon => ocss_engine::Delivery::Unavailable,
        }
    }
}

closed_set! {
    /// How a platform integration authenticates.
    AuthType at "platform.schema.json" "/properties/auth_type/enum" {
        /// An API key.
        ApiKey = "api_key",
        /// OAuth 2.
        Oauth2 = "oauth2",
        /// A device sync channel.
        DeviceSync = "device_sync",
        /// Set up by hand.
        Manual = "manual",
        /// No authentication.
        None = "none",
    }
}

closed_set! {
    /// Lifecycle of a standard pack.
    StandardStatus at "standard.schema.json" "/properties/status/enum" {
        /// Being written.
        Draft = "draft",
        /// Usable, may change.
        Beta = "beta",
        /// Published.
        Published = "published",
        /// No longer maintained.
        Retired = "retired",
    }
}

/// Every closed set with its wire ids and where the spec lists them, for the drift test and for the
/// generator of the `ocss` crate's vocabularies.
pub fn all() -> Vec<ClosedSet> {
    fn set<T: Copy + fmt::Display>(name: &'static str, all: &[T], source: (&'static str, &'static str)) -> ClosedSet {
        ClosedSet { name, ids: all.iter().map(|v| v.to_string()).collect(), schema: source.0, pointer: source.1 }
    }
    vec![
        set("CategoryStatus", CategoryStatus::ALL, CategoryStatus::SOURCE),
        set("Strictness", Strictness::ALL, Strictness::SOURCE),
        set("JurisdictionGroup", JurisdictionGroup::ALL, JurisdictionGroup::SOURCE),
        set("EnactmentStatus", EnactmentStatus::ALL, EnactmentStatus::SOURCE),
        set("EnforcementStatus", EnforcementStatus::ALL, EnforcementStatus::SOURCE),
        set("EventKind", EventKind::ALL, EventKind::SOURCE),
        set("RulingEffect", RulingEffect::ALL, RulingEffect::SOURCE),
        set("Obligation", Obligation::ALL, Obligation::SOURCE),
        set("PlatformCategory", PlatformCategory::ALL, PlatformCategory::SOURCE),
        set("EnforcementMode", EnforcementMode::ALL, EnforcementMode::SOURCE),
        set("AuthType", AuthType::ALL, AuthType::SOURCE),
        set("StandardStatus", StandardStatus::ALL, StandardStatus::SOURCE),
    ]
}

/// One closed set: its Rust name, wire ids in order, and the `enum` list it mirrors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosedSet {
    /// The Rust enum name.
    pub name: &'static str,
    /// Wire ids in the schema's order.
    pub ids: Vec<String>,
    /// The schema file in `spec/`.
    pub schema: &'static str,
    /// JSON pointer of the `enum` list in it.
    pub pointer: &'static str,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, reason = "a test names what it failed to find")]

    #[test]
    fn every_closed_set_mirrors_its_schema_enum() {
        for set in super::all() {
            let text = crate::schema::FileKind::ALL
                .into_iter()
                .find(|k| k.schema_file() == set.schema)
                .map(crate::schema::FileKind::schema_text)
                .unwrap_or_else(|| panic!("{}: no schema {}", set.name, set.schema));
            let schema: serde_json::Value = serde_json::from_str(text).expect("schema parses");
            let listed = schema.pointer(set.pointer).unwrap_or_else(|| panic!("{}: no {}", set.name, set.pointer));
            let listed: Vec<String> = listed
                .as_array()
                .expect("an enum list")
                .iter()
                .map(|v| v.as_str().expect("string").to_owned())
                .collect();
            assert_eq!(set.ids, listed, "{} drifted from {}#{}", set.name, set.schema, set.pointer);
        }
    }
}
