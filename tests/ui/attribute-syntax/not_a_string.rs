#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = time_daily_limit)]
struct DailyLimit {
    daily_minutes: u16,
}

fn main() {}
