// Every problem of one derive is reported in one go.
#[derive(ocss::RuleConfig, serde::Serialize, serde::Deserialize)]
#[ocss(category = "ai_break_reminder")]
struct BreakReminder {
    interval_minutes: u8,
    include_ai_notice: String,
    colour: String,
}

fn main() {}
