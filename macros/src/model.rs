//! The shapes of the generated registry table (`gen/registry.rs`).

/// A category and the top-level fields of its config.
pub(crate) struct Category {
    /// Wire id.
    pub id: &'static str,
    /// `RuleCategory` variant.
    pub variant: &'static str,
    /// Its fields.
    pub fields: &'static [Field],
}

/// A config field.
pub(crate) struct Field {
    /// Name on the wire.
    pub wire: &'static str,
    /// Whether the schema requires it.
    pub required: bool,
    /// What its values are.
    pub ty: Ty,
    /// Its canonical type (in `ocss::config`, or a primitive); empty when it has none of its own.
    pub canonical: &'static str,
}

/// What values a field takes, as far as a Rust type must hold them.
pub(crate) enum Ty {
    /// `true` or `false`.
    Bool,
    /// A string (perhaps with a pattern or length limits).
    Str,
    /// One of these strings.
    StrEnum(&'static [&'static str]),
    /// An integer in `min..=max`.
    Int {
        /// Smallest.
        min: i128,
        /// Largest.
        max: i128,
    },
    /// A list.
    List,
    /// A map with string keys.
    Map,
    /// An object of its own.
    Object,
}

/// A platform and its capabilities in the registry.
pub(crate) struct Platform {
    /// Id.
    pub id: &'static str,
    /// Capability ids.
    pub capabilities: &'static [&'static str],
}
