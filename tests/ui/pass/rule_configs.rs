// Structs a platform team would write: exact fields, wider integers, renames, Options and
// extensions all pass the registry check.
use ocss::derive::RuleConfig as _;

#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = "time_daily_limit")]
struct DailyLimit {
    daily_minutes: u16,
}

#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = "ai_break_reminder")]
#[serde(rename_all = "camelCase")]
struct BreakReminder {
    #[serde(rename = "interval_minutes")]
    every: u32,
    #[serde(rename = "include_ai_notice")]
    notice: Option<bool>,
    #[ocss(extension)]
    vendor_tag: Option<String>,
}

#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = "web_filter_level")]
struct FilterLevel {
    level: ocss::config::WebFilterLevelLevel,
}

fn main() {
    assert_eq!(DailyLimit::CATEGORY, ocss::RuleCategory::TimeDailyLimit);
    assert_eq!(BreakReminder::EXTENSIONS, ["vendorTag"]);
    assert!(DailyLimit { daily_minutes: 120 }.validate().is_ok());
    let _ = FilterLevel::CATEGORY;
}
