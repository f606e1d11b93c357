//! Routing benchmarks: the generated engine against a straightforward baseline that follows the
//! seed article's algorithm (loop over the adapter's capabilities, compare category strings per
//! rule), on a full 117-rule policy; and a compliance query over every law for a 5-platform family.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ocss::compliance::family_compliance;
use ocss::routing::route;
use ocss::tables::{Platform, platform};
use ocss::{PolicyRule, RuleCategory, Strictness, defaults_for};

fn policy() -> Vec<PolicyRule> {
    let mut rules = defaults_for(10, Strictness::Strict);
    for r in &mut rules {
        r.enabled = true;
    }
    assert_eq!(rules.len(), RuleCategory::ALL.len());
    rules
}

/// The seed's `RouteRules`: for each rule, scan the adapter's capabilities, and for each capability
/// its category names, comparing strings; otherwise look the category up in a service map.
struct Baseline {
    capabilities: Vec<(String, Vec<String>)>,
    category_to_service: HashMap<String, String>,
}

impl Baseline {
    fn new(p: &Platform) -> Self {
        let capabilities = p
            .capabilities
            .iter()
            .map(|c| (c.as_str().to_owned(), c.categories().iter().map(|x| x.as_str().to_owned()).collect()))
            .collect();
        let category_to_service = RuleCategory::ALL
            .iter()
            .filter_map(|c| c.service().map(|s| (c.as_str().to_owned(), s.as_str().to_owned())))
            .collect();
        Baseline { capabilities, category_to_service }
    }

    fn route<'a>(&self, rules: &'a [PolicyRule]) -> (Vec<&'a PolicyRule>, HashMap<String, Vec<&'a PolicyRule>>) {
        let mut native = Vec::new();
        let mut services: HashMap<String, Vec<&PolicyRule>> = HashMap::new();
        for rule in rules {
            if !rule.enabled {
                continue;
            }
            let category = rule.category().as_str().to_owned();
            let supported = self.capabilities.iter().any(|(_, cats)| cats.contains(&category));
            if supported {
                native.push(rule);
            } else if let Some(svc) = self.category_to_service.get(&category) {
                services.entry(svc.clone()).or_default().push(rule);
            }
        }
        (native, services)
    }
}

fn bench(c: &mut Criterion) {
    let rules = policy();
    let apple = platform("apple").expect("apple");
    let baseline = Baseline::new(apple);
    assert_eq!(baseline.route(&rules).0.len(), route(apple, &rules).native().len());
    let mut g = c.benchmark_group("route_117_rules");
    g.bench_function("engine", |b| b.iter(|| black_box(route(black_box(apple), black_box(&rules)))));
    g.bench_function("seed_baseline", |b| b.iter(|| black_box(baseline.route(black_box(&rules)))));
    g.finish();
    let family: Vec<&'static Platform> = ["nextdns", "apple", "youtube", "netflix", "xbox"]
        .into_iter()
        .map(|id| platform(id).expect("platform"))
        .collect();
    c.bench_function("compliance_all_laws_5_platforms", |b| {
        b.iter(|| black_box(family_compliance(black_box(&family))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
