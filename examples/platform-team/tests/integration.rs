//! The platform team's tests: a real policy is read and routed, configs convert to and from the
//! canonical types, and values the schema forbids are caught.

use ocss::derive::{DeriveError, RuleConfig as _};
use ocss::routing::Route;
use ocss::{Policy, RuleCategory, Service};
use ocss_example_platform_team::{Curfew, DailyLimit, plan};

const POLICY: &str = include_str!("../../../tests/fixtures/policies/seed-worked-example.json");

#[test]
fn a_real_policy_is_routed_by_the_adapter() {
    let policy: Policy = serde_json::from_str(POLICY).expect("the seed's worked example is a policy");
    let routes = plan(&policy);
    assert_eq!(routes.len(), policy.rules().len());
    let route = |c: RuleCategory| routes.iter().find(|(r, _)| r.category() == c).map(|(_, route)| *route);
    assert_eq!(route(RuleCategory::WebSafesearch), Some(Route::Native));
    assert_eq!(route(RuleCategory::NotificationCurfew), Some(Route::Service(Service::Notification)));
}

#[test]
fn configs_convert_to_and_from_the_canonical_types() {
    let policy: Policy = serde_json::from_str(POLICY).expect("policy");
    let rule = policy.rules().iter().find(|r| r.category() == RuleCategory::TimeDailyLimit).expect("a daily limit");
    let limit = DailyLimit::from_policy_rule(rule).expect("the team's type reads the canonical config");
    assert_eq!(limit, DailyLimit { daily_minutes: 120 });
    let back = limit.to_policy_rule(true).expect("and writes it back");
    assert_eq!(&back, rule);

    let curfew =
        Curfew { from: "21:00".into(), until: "07:00".into(), timezone: None, device_group: Some("tablets".into()) };
    let canonical = curfew.to_canonical().expect("extensions are left out of the canonical config");
    assert_eq!(
        serde_json::to_value(&canonical).expect("JSON"),
        serde_json::json!({ "start": "21:00", "end": "07:00" })
    );
    let read = Curfew::from_canonical(&canonical).expect("and read back, the extension absent");
    assert_eq!(read.device_group, None);
}

#[test]
fn values_the_schema_forbids_are_caught() {
    assert!(DailyLimit { daily_minutes: 120 }.validate().is_ok());
    for minutes in [1441, 121] {
        let err = DailyLimit { daily_minutes: minutes }.validate().expect_err("outside the schema");
        assert!(matches!(err, DeriveError::Invalid { category: RuleCategory::TimeDailyLimit, .. }), "{err}");
    }
    let bad_time = Curfew { from: "25:00".into(), until: "07:00".into(), timezone: None, device_group: None };
    assert!(bad_time.validate().is_err());
    let policy: Policy = serde_json::from_str(POLICY).expect("policy");
    let other = policy.rules().iter().find(|r| r.category() == RuleCategory::WebSafesearch).expect("rule");
    assert!(matches!(DailyLimit::from_policy_rule(other), Err(DeriveError::WrongCategory { .. })));
}
