//! The OCSS toolchain library: load and validate the registry, generate artifacts, answer queries.
//!
//! Data flows one way: [`discover`] (which files) → [`load`] (bytes, spans) → [`schema`] (JSON Schema) → [`model`] (typed data,
//! closed sets from [`vocab`]) → [`check`] (cross-references) → [`emit`] (generated files) and
//! [`query`] (route, compliance, explain, over the `ocss-engine` crate). [`pipeline`] runs the
//! validation stages; [`cli`] only parses arguments and prints.

pub mod check;
pub mod cli;
pub mod diag;
pub mod discover;
pub mod emit;
pub mod fmt;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod query;
pub mod scaffold;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod table;
pub mod vocab;
