#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = "ai_break_reminder")]
struct BreakReminder {
    interval_minutes: u16,
    include_ai_notice: bool,
}

fn main() {}
