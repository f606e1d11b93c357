//! The registry content itself: the closed vocabulary's size and shape, the ids and config examples
//! the seed documents make normative, and the invalid neighbours they imply.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use ocss_codegen::model::Registry;
use ocss_codegen::pipeline;
use ocss_codegen::schema::compile_config_schema;
use serde_json::{Value, json};

fn registry() -> Registry {
    let outcome = pipeline::validate(Path::new("registry")).expect("registry folder readable");
    assert!(outcome.diagnostics.is_empty(), "registry has {} problems", outcome.diagnostics.len());
    outcome.registry.expect("valid registry")
}

fn accepts(reg: &Registry, category: &str, config: &Value) -> bool {
    let c = reg.rules.categories.iter().find(|c| c.id == category).unwrap_or_else(|| panic!("missing {category}"));
    compile_config_schema(&c.config_schema).expect("config schema compiles").is_valid(config)
}

/// The 45 PCSS v1 ids (../shared/reference/phosra/categories.json) stay unchanged.
const PCSS_V1: [&str; 45] = [
    "content_rating",
    "content_block_title",
    "content_allow_title",
    "content_allowlist_mode",
    "content_descriptor_block",
    "time_daily_limit",
    "time_scheduled_hours",
    "time_per_app_limit",
    "time_downtime",
    "purchase_approval",
    "purchase_spending_cap",
    "purchase_block_iap",
    "social_contacts",
    "social_chat_control",
    "social_multiplayer",
    "web_safesearch",
    "web_category_block",
    "web_custom_allowlist",
    "web_custom_blocklist",
    "web_filter_level",
    "privacy_location",
    "privacy_profile_visibility",
    "privacy_data_sharing",
    "privacy_account_creation",
    "monitoring_activity",
    "monitoring_alerts",
    "algo_feed_control",
    "addictive_design_control",
    "notification_curfew",
    "usage_timer_notification",
    "targeted_ad_block",
    "dm_restriction",
    "age_gate",
    "data_deletion_request",
    "geolocation_opt_in",
    "csam_reporting",
    "library_filter_compliance",
    "ai_minor_interaction",
    "social_media_min_age",
    "image_rights_minor",
    "parental_consent_gate",
    "parental_event_notification",
    "screen_time_report",
    "commercial_data_ban",
    "algorithmic_audit",
];

/// The v4 ids the seed documents name.
const SEED_V4: [&str; 23] = [
    "violence_threshold",
    "firearm_content_block",
    "sexual_content_threshold",
    "phone_free_school_hours",
    "stranger_dm_block",
    "stranger_outreach_friction",
    "data_minimization_enforce",
    "third_party_tracker_block",
    "infinite_scroll_block",
    "autoplay_disable",
    "app_store_age_attestation",
    "os_age_signal_ingest",
    "age_signal_broadcast",
    "parental_attestation_cert",
    "ai_chatbot_tier_gate",
    "ai_no_simulated_companionship",
    "ai_chatbot_age_assertion",
    "student_privacy_school_mode",
    "age_appropriate_profile_mode",
    "ncii_takedown",
    "adult_site_av_required",
    "app_install_block",
    "cipa_filter_attestation",
];

#[test]
fn counts() {
    let reg = registry();
    assert_eq!(reg.rules.version, "4.0.0");
    assert_eq!(reg.rules.categories.len(), 117);
    assert_eq!(reg.rules.domains.len(), 15);
    assert!(reg.laws.len() >= 80, "{} laws", reg.laws.len());
    assert!(reg.platforms.len() >= 22, "{} platforms", reg.platforms.len());
    assert!(reg.standards.len() >= 4, "{} standards", reg.standards.len());
}

#[test]
fn domain_sizes_stated_by_the_seeds() {
    let reg = registry();
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &reg.rules.categories {
        *sizes.entry(c.domain.as_str()).or_default() += 1;
    }
    let titles: Vec<&str> = reg.rules.domains.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Content",
            "Time",
            "Purchase",
            "Social",
            "Web",
            "Privacy",
            "Monitoring",
            "Algorithmic Safety",
            "Notifications",
            "Advertising / Data",
            "Age Assurance",
            "AI Safety",
            "Compliance",
            "Legislation-driven",
            "Integration surface"
        ]
    );
    for (domain, size) in [
        ("content", 15),
        ("time", 5),
        ("purchase", 3),
        ("social", 5),
        ("web", 5),
        ("notifications", 2),
        ("age_assurance", 4),
        ("ai_safety", 15),
    ] {
        assert_eq!(sizes.get(domain), Some(&size), "domain {domain}");
    }
}

#[test]
fn pcss_and_seed_ids_are_present_with_the_right_since() {
    let reg = registry();
    let by_id: BTreeMap<&str, &str> = reg.rules.categories.iter().map(|c| (c.id.as_str(), c.since.as_str())).collect();
    for id in PCSS_V1 {
        assert_eq!(by_id.get(id), Some(&"1.0"), "PCSS v1 id {id}");
    }
    for id in SEED_V4 {
        assert_eq!(by_id.get(id), Some(&"4.0"), "seed v4 id {id}");
    }
    let pcss: HashSet<&str> = PCSS_V1.into_iter().collect();
    for c in &reg.rules.categories {
        assert_eq!(c.since == "1.0", pcss.contains(c.id.as_str()), "since of {}", c.id);
    }
}

#[test]
fn seed_config_examples_are_valid() {
    let reg = registry();
    for (category, config) in [
        ("content_rating", json!({"max_ratings": {"mpaa": "PG-13", "tv": "TV-Y7", "esrb": "E", "pegi": "12"}})),
        ("content_rating", json!({"max_ratings": {"mpaa": "PG-13", "tv": "TV-Y7", "esrb": "E"}})),
        // The systems of the registry's other jurisdictions, and TV-Y7-FV.
        (
            "content_rating",
            json!({"max_ratings": {"bbfc": "12A", "fsk": "12", "usk": "12", "acb": "M", "cero": "B",
                                   "classind": "12", "iarc": "12+", "apple_app_store": "13+", "tv": "TV-Y7-FV"}}),
        ),
        ("time_daily_limit", json!({"daily_minutes": 120})),
        ("time_scheduled_hours", json!({"schedule": [{"days": ["mon", "tue"], "start": "07:00", "end": "21:00"}]})),
        ("time_downtime", json!({"start_hour": 22, "end_hour": 7})),
        ("web_filter_level", json!({"level": "strict"})),
        ("web_category_block", json!({"categories": ["adult", "gambling"]})),
        ("web_safesearch", json!({})),
    ] {
        assert!(accepts(&reg, category, &config), "{category} should accept {config}");
    }
}

#[test]
fn seed_invalid_neighbours_are_rejected() {
    let reg = registry();
    for (category, config) in [
        ("time_downtime", json!({"start_hour": 24, "end_hour": 7})),
        ("time_downtime", json!({"start_hour": -1, "end_hour": 7})),
        ("time_daily_limit", json!({"daily_minutes": "120"})),
        ("time_daily_limit", json!({"daily_minutes": 120, "bonus": 5})),
        ("time_daily_limit", json!({})),
        ("time_scheduled_hours", json!({"schedule": [{"days": ["mon"], "start": "07:00", "end": "24:00"}]})),
        ("time_scheduled_hours", json!({"schedule": [{"days": ["monday"], "start": "07:00", "end": "21:00"}]})),
        ("content_rating", json!({"max_ratings": {"mpaa": "PG-14"}})),
        ("content_rating", json!({"max_ratings": {"tvpg": "TV-Y7"}})),
        // An empty ceiling does nothing, so it is refused.
        ("content_rating", json!({"max_ratings": {}})),
        ("content_rating", json!({"max_ratings": {"bbfc": "12+"}})),
        ("web_filter_level", json!({"level": "extreme"})),
        ("web_category_block", json!({"categories": ["adult", "gamblin"]})),
        ("web_safesearch", json!({"enabled": true})),
    ] {
        assert!(!accepts(&reg, category, &config), "{category} should reject {config}");
    }
}

#[test]
fn every_category_is_cited_or_says_why_not() {
    let reg = registry();
    let cited: HashSet<&str> = reg.laws.iter().flat_map(|l| l.category_ids()).collect();
    for c in &reg.rules.categories {
        assert_ne!(cited.contains(c.id.as_str()), c.uncited_reason.is_some(), "{}", c.id);
    }
}
