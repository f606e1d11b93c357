#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = "time_daily_limit")]
struct DailyLimit {
    #[ocss(extension)]
    note: Option<String>,
}

fn main() {}
