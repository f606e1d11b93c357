//! The OCSS toolchain library: load and validate the registry, and (later stages) generate artifacts.
//!
//! Data flows one way: [`load`] (bytes, spans) → [`schema`] (JSON Schema) → [`model`] (typed data)
//! → [`check`] (cross-references) → emitters and queries. [`pipeline`] runs the stages; [`cli`] only
//! parses arguments and prints.

pub mod check;
pub mod cli;
pub mod diag;
pub mod emit;
#[cfg(feature = "engine")]
pub mod engine;
pub mod explain;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod table;
