#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = "web_filter_level")]
struct FilterLevel {
    level: bool,
}

fn main() {}
