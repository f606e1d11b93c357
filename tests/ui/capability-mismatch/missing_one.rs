#[derive(ocss::PlatformAdapter)]
#[ocss(platform = "nextdns", capabilities(web_filtering, safe_search, time_limit))]
struct NextDns;

fn main() {}
