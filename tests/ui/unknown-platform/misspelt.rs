#[derive(ocss::PlatformAdapter)]
#[ocss(platform = "nextdsn", capabilities(web_filtering))]
struct NextDns;

fn main() {}
