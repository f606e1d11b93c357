#[derive(ocss::PlatformAdapter)]
#[ocss(platform = "nextdns", capabilities(web_filtering, safe_serch, custom_blocklist, custom_allowlist))]
struct NextDns;

fn main() {}
