//! The engine's view of a loaded registry: category sets, the fallback table and platforms, all by
//! category index in registry order, exactly as the generator writes them into the `ocss` crate.

use ocss_engine::Delivery;
use ocss_engine::routing::Fallback;

use super::UnknownId;
use crate::model::{Law, Platform, Registry};

/// Category sets as the toolchain holds them, for any registry up to [`super::MAX_CATEGORIES`].
pub type CategoryBits = ocss_engine::CategoryBits<{ super::TOOL_WORDS }>;

/// A platform of the registry with the categories its capabilities cover.
#[derive(Clone, Copy, Debug)]
pub struct PlatformView<'r> {
    /// The platform.
    pub platform: &'r Platform,
    /// Categories it enforces natively: the union of its capabilities' categories.
    pub covers: CategoryBits,
}

impl ocss_engine::Platform<{ super::TOOL_WORDS }> for PlatformView<'_> {
    fn id(&self) -> &str {
        &self.platform.id
    }
    fn covers(&self) -> CategoryBits {
        self.covers
    }
    fn delivery(&self) -> Delivery {
        self.platform.enforcement_mode.delivery()
    }
}

/// Everything the engine needs from one registry.
pub struct EngineTables<'r> {
    /// The registry.
    pub registry: &'r Registry,
    /// Per capability (registry order), its categories.
    pub capability_sets: Vec<CategoryBits>,
    /// Per service (registry order), its categories.
    pub service_sets: Vec<CategoryBits>,
    /// Where uncovered categories go.
    pub fallback: Fallback<{ super::TOOL_WORDS }>,
    /// Service ids, by index.
    pub service_ids: Vec<&'r str>,
    /// Every platform, sorted by id.
    pub platforms: Vec<PlatformView<'r>>,
}

impl<'r> EngineTables<'r> {
    /// Builds the tables. The validator guarantees every id resolves and the counts fit the engine
    /// (at most [`super::MAX_CATEGORIES`] categories and 61 services).
    pub fn new(registry: &'r Registry) -> Self {
        let rules = &registry.rules;
        let set = |ids: &[String]| -> CategoryBits { ids.iter().filter_map(|c| rules.category_index(c)).collect() };
        let capability_sets: Vec<CategoryBits> = rules.capabilities.iter().map(|k| set(&k.categories)).collect();
        let service_sets: Vec<CategoryBits> = rules.services.iter().map(|s| set(&s.categories)).collect();
        let platforms = registry
            .platforms
            .iter()
            .map(|p| PlatformView {
                platform: p,
                covers: p
                    .capabilities
                    .iter()
                    .filter_map(|c| rules.capabilities.iter().position(|k| &k.id == c))
                    .fold(CategoryBits::EMPTY, |acc, i| acc.union(capability_sets[i])),
            })
            .collect();
        EngineTables {
            registry,
            fallback: Fallback::new(&service_sets),
            capability_sets,
            service_sets,
            service_ids: rules.services.iter().map(|s| s.id.as_str()).collect(),
            platforms,
        }
    }

    /// The categories `law` requires.
    pub fn law_set(&self, law: &Law) -> CategoryBits {
        law.category_ids().filter_map(|c| self.registry.rules.category_index(c)).collect()
    }

    /// The categories of `law` whose duty a court has blocked.
    pub fn enjoined_set(&self, law: &Law) -> CategoryBits {
        law.categories.iter().filter(|d| d.enjoined).filter_map(|d| self.registry.rules.category_index(&d.id)).collect()
    }

    /// Category ids of `set`, in registry order.
    pub fn ids(&self, set: CategoryBits) -> Vec<&'r str> {
        set.iter().filter_map(|i| self.registry.rules.categories.get(i)).map(|c| c.id.as_str()).collect()
    }

    /// The platform `id`.
    pub fn platform(&self, id: &str) -> Result<&PlatformView<'r>, UnknownId> {
        self.platforms
            .iter()
            .find(|p| p.platform.id == id)
            .ok_or_else(|| UnknownId::new("platform", id, self.platforms.iter().map(|p| p.platform.id.as_str())))
    }

    /// The platforms `ids`, in the order given.
    pub fn family(&self, ids: &[String]) -> Result<Vec<&PlatformView<'r>>, UnknownId> {
        ids.iter().map(|id| self.platform(id)).collect()
    }

    /// The law with this id or former id.
    pub fn law(&self, id: &str) -> Result<&'r Law, UnknownId> {
        let laws = &self.registry.laws;
        laws.iter()
            .find(|l| l.id == id || l.aliases.iter().any(|a| a == id))
            .ok_or_else(|| UnknownId::new("law", id, laws.iter().map(|l| l.id.as_str())))
    }
}
