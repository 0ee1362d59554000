//! Recap's core: everything the command line and the desktop app share.
//!
//! The front ends (`src/bin/recap.rs`, `src-tauri/`) only parse input, call
//! into this crate and present results. See ARCHITECTURE.md for the map.

pub mod agenda;
pub mod album;
pub mod atomic;
pub mod camera;
pub mod caption;
pub mod catalog;
pub mod curate;
pub mod demo;
pub mod edit;
pub mod error;
pub mod export;
pub mod geo;
pub mod guard;
pub mod identity;
pub mod lang;
pub mod mission;
pub mod model;
pub mod paths;
pub mod people;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod recent;
pub mod render;
pub mod scan;
pub mod session;
pub mod story;
pub mod synth;

pub use catalog::Catalog;
pub use error::{Error, Result};
pub use model::{Format, Gps, MediaKind, PhotoMeta, Skipped};
pub use progress::{Cancel, Progress};
pub use scan::{scan, ScanOptions, ScanReport};
