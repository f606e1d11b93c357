//! The OCSS reference engine: the algorithms every OCSS implementation shares, written once.
//!
//! It holds no registry data and reads no files. Callers hand it their tables: the generated `ocss`
//! crate hands it static tables compiled from the registry; the `ocss` command hands it tables
//! built from the registry folder it just loaded, so a contributor sees the effect of an edit before
//! regenerating anything. Categories and services are known here only by their index in registry
//! order; names and typed wrappers belong to the callers.
//!
//! - [`CategoryBits`]: a set of category indices as one bitset.
//! - [`routing`]: which platform or fallback service enforces each rule of a policy.
//! - [`enforcement`]: what one platform applied, skipped and failed, and a parent's manual steps.
//! - [`compliance`]: which of a law's required categories a family covers natively, by fallback,
//!   or not at all.

pub mod compliance;
pub mod enforcement;
pub mod routing;
mod set;

pub use set::{CategoryBits, Indices, words_for};

/// A rule of a policy, as the engine sees it: its category's index and whether it is on.
pub trait Rule {
    /// The caller's name for a category (a typed enum, or an id).
    type Category: Copy;
    /// The rule's category.
    fn category(&self) -> Self::Category;
    /// Index of the rule's category in registry order.
    fn category_index(&self) -> usize;
    /// Whether the rule is on; disabled rules are skipped, never routed.
    fn enabled(&self) -> bool;
}

/// How rules reach a platform, as far as accounting is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Delivery {
    /// The platform is programmed (DNS, device management, API writes): native rules are applied.
    Programmed,
    /// A parent follows generated steps: native rules become manual steps, never "applied".
    Manual,
    /// The integration is not usable yet: native rules are skipped.
    Unavailable,
}

/// A connected platform, as the engine sees it; `W` is the width of category sets.
pub trait Platform<const W: usize> {
    /// The platform id, reported in enforcement results.
    fn id(&self) -> &str;
    /// Categories it enforces natively.
    fn covers(&self) -> CategoryBits<W>;
    /// How its rules are delivered.
    fn delivery(&self) -> Delivery;
}
