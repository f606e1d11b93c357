#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
struct DailyLimit {
    daily_minutes: u16,
}

fn main() {}
