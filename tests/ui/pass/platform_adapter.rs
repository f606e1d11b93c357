// A platform adapter declaring exactly the registry's capabilities for its platform.
use ocss::derive::PlatformAdapter as _;

#[derive(ocss::PlatformAdapter)]
#[ocss(platform = "nextdns", capabilities(web_filtering, safe_search, custom_blocklist, custom_allowlist))]
struct NextDns;

fn main() {
    assert_eq!(NextDns::PLATFORM, "nextdns");
    assert_eq!(NextDns::capabilities().len(), 4);
}
