//! Shared fixtures for the workspace's integration tests, examples and benches: the outside
//! user's view of safehub, so it uses only the public API.

pub mod fixture;
pub mod generate;
