//! Helpers shared by the integration tests. Each test binary takes this module with
//! `mod common;` (a folder, so Cargo does not build it as a test of its own) and uses what it
//! needs of it.
#![allow(dead_code)]

pub mod corpus;
pub mod tmux;
