//! lede: a terminal explorer for news articles. This library holds everything that can be
//! tested without a terminal; `main.rs` only parses the command line and picks a command.

#![deny(unsafe_code)]

pub mod app;
pub mod bench;
pub mod config;
pub mod contract;
pub mod corpus;
pub mod corrections;
pub mod export;
pub mod extract;
pub mod filter;
pub mod geometry;
pub mod load;
pub mod mem;
pub mod model;
pub mod open;
pub mod output;
pub mod shard;
pub mod snapshot;
pub mod state;
pub mod term;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod wordkey;
