// `rename_all` is honoured: `dailyMinutes` is not the schema's `daily_minutes`.
#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = "time_daily_limit")]
#[serde(rename_all = "camelCase")]
struct DailyLimit {
    daily_minutes: u16,
}

fn main() {}
