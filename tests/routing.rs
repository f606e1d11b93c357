//! The reference routing engine, enforcement accounting and compliance graph: the seeds' worked
//! example, property tests (every rule in exactly one bucket, order independence, policy = rules one
//! by one) and CLI snapshots for a handful of families.

use ocss::compliance::{Verdict, family_compliance, laws_covered_by, service_covered};
use ocss::enforcement::{JobStatus, RoutedTo, enforce};
use ocss::routing::{Route, Router, categories, route, route_family};
use ocss::tables::{PLATFORMS, Platform, platform};
use ocss::{Capability, PolicyRule, RuleCategory, Strictness, defaults_for};
use ocss_workspace_tests::ocss as run_ocss;
use proptest::prelude::*;

fn p(id: &str) -> &'static Platform {
    platform(id).unwrap_or_else(|| panic!("platform {id}"))
}

/// One enabled rule per category, from the registry's strict defaults at age 10.
fn full_policy() -> Vec<PolicyRule> {
    let mut rules = defaults_for(10, Strictness::Strict);
    for r in &mut rules {
        r.enabled = true;
    }
    assert_eq!(rules.len(), 117, "the full policy has one rule per OCSS v4 category");
    assert_eq!(rules.len(), RuleCategory::ALL.len());
    rules
}

fn rule(json: &str) -> PolicyRule {
    serde_json::from_str(json).expect("valid rule")
}

#[test]
fn the_seed_worked_example_routes_as_the_article_says() {
    let rules = vec![
        rule(r#"{"category":"web_safesearch","enabled":true,"config":{}}"#),
        rule(r#"{"category":"time_daily_limit","enabled":true,"config":{"daily_minutes":120}}"#),
        rule(r#"{"category":"algo_feed_control","enabled":true,"config":{"mode":"chronological"}}"#),
        rule(r#"{"category":"notification_curfew","enabled":true,"config":{"start":"21:00","end":"07:00"}}"#),
    ];
    let family = [p("nextdns"), p("apple"), p("youtube")];
    let r = route_family(&family, &rules);
    let native: Vec<(&str, Vec<RuleCategory>)> = r.platforms.iter().map(|(p, rs)| (p.id, categories(rs))).collect();
    assert_eq!(
        native,
        [
            ("nextdns", vec![RuleCategory::WebSafesearch]),
            ("apple", vec![RuleCategory::TimeDailyLimit]),
            ("youtube", vec![RuleCategory::AlgoFeedControl]),
        ]
    );
    assert_eq!(r.services.len(), 1);
    assert_eq!(r.services[0].0, ocss::Service::Notification);
    assert_eq!(categories(&r.services[0].1), [RuleCategory::NotificationCurfew]);
    assert!(r.disabled.is_empty() && r.unroutable.is_empty());
}

#[test]
fn manual_attested_platforms_give_steps_not_applied_rules() {
    let rules = vec![rule(r#"{"category":"algo_feed_control","enabled":true,"config":{"mode":"chronological"}}"#)];
    let yt = p("youtube");
    assert_eq!(yt.enforcement_mode, ocss::EnforcementMode::ManualAttested);
    let result = enforce(yt, &rules, |_| false);
    assert_eq!(result.rules_applied, 0);
    assert_eq!(result.status, JobStatus::Partial);
    assert_eq!(result.manual_steps, ["Set the feed to chronological order."]);
    assert_eq!(result.details[0].routed_to, RoutedTo::Parent("youtube"));
}

#[test]
fn accounting_counts_every_rule_once() {
    let rules = full_policy();
    for platform in PLATFORMS.iter() {
        let r = enforce(platform, &rules, |rule| rule.category() == RuleCategory::WebSafesearch);
        assert_eq!(r.details.len(), rules.len());
        assert_eq!(
            r.rules_applied + r.rules_skipped + r.rules_failed + r.manual_steps.len(),
            rules.len(),
            "{}",
            platform.id
        );
        if platform.enforcement_mode == ocss::EnforcementMode::ManualAttested {
            assert_eq!(r.rules_applied, 0, "{}", platform.id);
        }
        if platform.covers.contains(RuleCategory::WebSafesearch)
            && platform.enforcement_mode != ocss::EnforcementMode::ManualAttested
        {
            assert_eq!(r.rules_failed, 1, "{}", platform.id);
            assert_ne!(r.status, JobStatus::Completed, "{}", platform.id);
        }
    }
}

#[test]
fn fallback_rules_go_to_their_service_once_per_family() {
    let rules = full_policy();
    let family: Vec<&'static Platform> =
        ["nextdns", "apple", "youtube", "netflix", "xbox"].into_iter().map(p).collect();
    let r = route_family(&family, &rules);
    let mut seen = std::collections::HashSet::new();
    for (_, rs) in &r.services {
        for rule in rs {
            assert!(seen.insert(rule.category()), "{} sent to services twice", rule.category());
        }
    }
}

#[test]
fn compliance_graph_queries() {
    let none = family_compliance(&[]);
    assert!(none.iter().all(|c| c.native.is_empty()));
    let services = service_covered();
    for c in &none {
        // A duty a court has blocked is set apart: neither a fallback nor a gap.
        let enforceable = c.law.categories.difference(c.law.enjoined);
        assert_eq!(c.fallback, enforceable.intersection(services));
        assert_eq!(c.enjoined, c.law.enjoined);
        assert!(c.gaps.intersection(c.enjoined).is_empty() && c.fallback.intersection(c.enjoined).is_empty());
    }
    assert!(none.iter().any(|c| !c.enjoined.is_empty()), "the registry records enjoined duties");
    let all_caps: Vec<Capability> = Capability::ALL.to_vec();
    let expected = ocss::tables::LAWS
        .iter()
        .filter(|l| l.categories.difference(l.enjoined).iter().all(|c| c.capability().is_some()))
        .count();
    assert_eq!(laws_covered_by(&all_caps).len(), expected);
    assert!(expected > 0 && expected < ocss::tables::LAWS.len());
    let fam = [p("nextdns"), p("apple")];
    let report = family_compliance(&fam);
    assert!(report.iter().any(|c| c.verdict() == Verdict::Gaps));
}

/// The crate carries what an audit cites: each duty's provision, the day the law was verified, and
/// which categories are a platform's legal duty.
#[test]
fn laws_carry_their_provisions_and_duties_their_obligation() {
    let scope = ocss::tables::LAWS.iter().find(|l| l.id == "us-tx-hb-18-2023").expect("TX SCOPE Act");
    let ads = scope.provision(RuleCategory::TargetedAdBlock).expect("targeted advertising is a duty");
    assert!(ads.contains("509.052(2)(D)"), "{ads}");
    assert!(scope.enjoined.contains(RuleCategory::TargetedAdBlock), "SEAT v. Paxton blocked it");
    assert_eq!(scope.provision(RuleCategory::CsamHashMatching), None, "not a duty of this law");
    for law in &ocss::tables::LAWS {
        assert_eq!(law.provisions.len(), law.categories.len(), "{}: one provision per duty", law.id);
        assert!(law.provisions.iter().all(|(c, p)| law.categories.contains(*c) && !p.is_empty()), "{}", law.id);
        assert_eq!(law.verified.len(), 10, "{}: a day", law.id);
    }
    assert!(ocss::PLATFORM_DUTIES.contains(RuleCategory::CsamHashMatching));
    assert!(!ocss::PLATFORM_DUTIES.contains(RuleCategory::TimeDailyLimit));
}

fn arb_policy() -> impl Strategy<Value = Vec<PolicyRule>> {
    let pool = full_policy();
    proptest::collection::vec((0..pool.len(), any::<bool>()), 0..60).prop_map(move |picks| {
        picks
            .into_iter()
            .map(|(i, on)| {
                let mut r = pool[i].clone();
                r.enabled = on;
                r
            })
            .collect()
    })
}

fn arb_family() -> impl Strategy<Value = Vec<&'static Platform>> {
    proptest::sample::subsequence(PLATFORMS.iter().collect::<Vec<_>>(), 0..5)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_rule_lands_in_exactly_one_bucket(rules in arb_policy(), family in arb_family()) {
        let r = route_family(&family, &rules);
        let native: usize = rules.iter().filter(|x| x.enabled && family.iter().any(|p| p.covers.contains(x.category()))).count();
        let in_services: usize = r.services.iter().map(|(_, v)| v.len()).sum();
        prop_assert_eq!(native + in_services + r.disabled.len() + r.unroutable.len(), rules.len());
        for rule in &rules {
            let on_platforms = r.platforms.iter().filter(|(_, v)| v.iter().any(|x| std::ptr::eq(*x, rule))).count();
            let buckets = usize::from(on_platforms > 0)
                + r.services.iter().filter(|(_, v)| v.iter().any(|x| std::ptr::eq(*x, rule))).count()
                + usize::from(r.disabled.iter().any(|x| std::ptr::eq(*x, rule)))
                + usize::from(r.unroutable.iter().any(|x| std::ptr::eq(*x, rule)));
            prop_assert_eq!(buckets, 1, "{} in {} buckets", rule.category(), buckets);
        }
    }

    #[test]
    fn routing_a_policy_equals_routing_its_rules_one_by_one(rules in arb_policy(), i in 0..PLATFORMS.len()) {
        let platform = &PLATFORMS[i];
        let whole = route(platform, &rules);
        prop_assert_eq!(whole.len(), rules.len());
        let router = Router::new([platform]);
        for rule in &rules {
            let alone = route(platform, std::slice::from_ref(rule));
            let expected = router.route(rule);
            let got = if !alone.native().is_empty() { Route::Native }
                else if let Some((s, _)) = alone.services().next() { Route::Service(s) }
                else if !alone.disabled().is_empty() { Route::Disabled }
                else { Route::Unroutable };
            prop_assert_eq!(got, expected);
            let in_whole = match expected {
                Route::Native => whole.native().iter().any(|x| std::ptr::eq(*x, rule)),
                Route::Service(s) => whole.service(s).iter().any(|x| std::ptr::eq(*x, rule)),
                Route::Disabled => whole.disabled().iter().any(|x| std::ptr::eq(*x, rule)),
                Route::Unroutable => whole.unroutable().iter().any(|x| std::ptr::eq(*x, rule)),
            };
            prop_assert!(in_whole);
        }
    }

    #[test]
    fn results_do_not_depend_on_input_order(rules in arb_policy(), family in arb_family(), seed in any::<u64>()) {
        let mut shuffled = rules.clone();
        // A deterministic shuffle driven by the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let a = route_family(&family, &rules);
        let b = route_family(&family, &shuffled);
        let view = |r: &ocss::routing::FamilyRouting<'_>| (
            r.platforms.iter().map(|(p, v)| (p.id, categories(v))).collect::<Vec<_>>(),
            r.services.iter().map(|(s, v)| (*s, categories(v))).collect::<Vec<_>>(),
            categories(&r.disabled),
            categories(&r.unroutable),
        );
        prop_assert_eq!(view(&a), view(&b));
    }
}

#[test]
fn cli_snapshots_for_families() {
    let policy = "tests/fixtures/policies/seed-worked-example.json";
    for (name, args) in [
        (
            "route-worked-example",
            vec!["route", "--platform", "nextdns", "--platform", "apple", "--platform", "youtube", "--policy", policy],
        ),
        (
            "route-worked-example-json",
            vec![
                "route",
                "--platform",
                "nextdns",
                "--platform",
                "apple",
                "--platform",
                "youtube",
                "--policy",
                policy,
                "--format",
                "json",
            ],
        ),
        ("route-netflix-only", vec!["route", "--platform", "netflix", "--policy", policy]),
        ("compliance-dns-and-apple", vec!["compliance", "--platform", "nextdns", "--platform", "apple"]),
        (
            "compliance-kosa-detail",
            vec![
                "compliance",
                "--platform",
                "nextdns",
                "--platform",
                "apple",
                "--platform",
                "youtube",
                "--law",
                "kosa",
            ],
        ),
        (
            "compliance-ca-sb-976-md",
            vec![
                "compliance",
                "--platform",
                "android",
                "--platform",
                "tiktok",
                "--law",
                "us-ca-sb-976",
                "--format",
                "md",
            ],
        ),
        (
            "compliance-kosa-detail-json",
            vec!["compliance", "--platform", "nextdns", "--platform", "youtube", "--law", "kosa", "--format", "json"],
        ),
        ("explain-time-daily-limit", vec!["explain", "time_daily_limit"]),
        ("explain-nextdns", vec!["explain", "nextdns"]),
    ] {
        let run = run_ocss(&args);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        if !name.ends_with("json") && !name.ends_with("md") {
            // Tables fit 80 columns; only an id longer than the last column may run past, alone.
            let fits =
                |l: &str| l.chars().count() <= 80 || !l.rsplit_once("  ").map_or(l, |(_, last)| last).contains(' ');
            assert!(run.stdout.lines().all(fits), "{name} is wider than 80 columns");
        }
        insta::assert_snapshot!(name, run.stdout);
    }
    let bad = run_ocss(&["route", "--platform", "nextdsn", "--policy", policy]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("did you mean `nextdns`"), "{}", bad.stderr);
}

/// The matrix emitter (per category and platform: native, fallback or none) and the engine that
/// the CLI runs over the loaded registry must say the same for every platform and category.
#[test]
fn the_matrix_and_the_engine_agree_on_every_platform() {
    use ocss_codegen::emit::matrix::{Cell, Matrix};
    use ocss_codegen::query::EngineTables;
    use ocss_codegen::query::policy::PolicyRule as LoadedRule;
    use ocss_engine::routing::{Route, Router};

    let outcome = ocss_codegen::pipeline::validate(std::path::Path::new("registry")).expect("no I/O error");
    let reg = outcome.registry.expect("the registry is valid");
    let tables = EngineTables::new(&reg);
    let matrix = Matrix::new(&reg);
    let rules: Vec<LoadedRule<'_>> = reg
        .rules
        .categories
        .iter()
        .enumerate()
        .map(|(index, c)| LoadedRule { category: &c.id, index, enabled: true, config: serde_json::json!({}) })
        .collect();
    assert_eq!(tables.platforms.len(), reg.platforms.len());
    for view in &tables.platforms {
        let router = Router::for_platforms(&tables.fallback, [view]);
        for rule in &rules {
            let expected = match matrix.cell(rule.category, view.platform) {
                Cell::Native => Route::Native,
                Cell::Fallback => Route::Service(tables.fallback.service_of(rule.index).expect("a service")),
                Cell::None => Route::Unroutable,
            };
            assert_eq!(router.route(rule), expected, "{} on {}", rule.category, view.platform.id);
        }
    }
}
